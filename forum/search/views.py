"""GET /search (the page) and GET /api/v1/search: the same criteria, the same results."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forum.api import bp as api_bp
from forum.api import schemas
from forum.api.errors import ApiError
from forum.api.inputs import query
from forum.clock import iso
from forum.extensions import limiter
from forum.search.criteria import read_criteria
from forum.search.queries import Hit, search_posts

bp = Blueprint("search", __name__)


def _limit() -> str:
    return current_app.config["SEARCH_LIMIT"]


def _signed_in() -> bool:
    """Signed-in readers (page or API token) are counted by their posting limits instead;
    the search limit is per address, for anonymous readers."""
    return bool(current_user.is_authenticated)


@bp.get("/search")
@limiter.limit(_limit, exempt_when=_signed_in)
def page():
    criteria = read_criteria(request.args)
    results = search_posts(criteria) if criteria.q else None
    return render_template("search/results.html", criteria=criteria, results=results)


def _hit(hit: Hit) -> dict:
    return {"post_id": hit.post_id, "number": hit.number, "kind": hit.kind,
            "created_at": iso(hit.created_at), "thread": {"id": hit.thread_id,
                                                           "title": hit.thread_title},
            "forum": {"slug": hit.forum_slug, "title": hit.forum_title},
            "author": {"id": hit.author_id, "name": hit.author_name, "country": hit.country,
                       "affiliation": hit.affiliation},
            "snippet": hit.snippet}


def _token_holder() -> bool:
    """A request with a valid API token (read by the API blueprint before the view)."""
    return g.get("api_user") is not None


@api_bp.get("/search")
@limiter.limit(_limit, exempt_when=_token_holder)
def api_search():
    if "q" not in request.args:
        raise ApiError(400, "bad_request", _l("'q' is required: the words to search for."), "q")
    query(schemas.SEARCH)
    criteria = read_criteria(request.args, need_query=True)
    results = search_posts(criteria)
    return jsonify({"items": [_hit(h) for h in results.hits], "page": criteria.page,
                    "per_page": criteria.per_page, "total": results.total,
                    "total_capped": results.capped})
