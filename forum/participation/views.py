"""The participation dashboard: the page, each chart as an SVG image and each table as CSV."""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from forum.participation import charts
from forum.participation.access import dashboard_forum, require_moderation_figures
from forum.participation.csvout import to_csv
from forum.participation.queries import dashboard
from forum.participation.tables import tables
from forum.permissions import can_see_moderation_figures

bp = Blueprint("participation", __name__)

# A picture opened on its own is a document: nothing in it may run or load.
_SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _load(slug: str):  # noqa: ANN202
    forum = dashboard_forum(current_user, slug)
    staff = can_see_moderation_figures(current_user, forum)
    data = dashboard(forum, staff=staff)
    return forum, data, tables(data)


@bp.route("/forums/<slug>/participation")
def page(slug: str):
    forum, data, found = _load(slug)
    return render_template("participation/dashboard.html", forum=forum, data=data,
                           tables=found, heights=charts.heights(data))


@lru_cache(maxsize=16)
def _gzipped(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    etag = hashlib.sha256(body).hexdigest()
    if len(body) > 20_000 and "gzip" in request.headers.get("Accept-Encoding", ""):
        # The world map's shapes are ~780 kB of SVG, ~270 kB compressed. mtime=0 keeps
        # the compressed bytes the same too.
        body, etag = _gzipped(body), etag + "-gzip"
    response = Response(body, mimetype=mimetype)
    if etag.endswith("-gzip"):
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(etag)
    return response.make_conditional(request)


@bp.route("/forums/<slug>/participation/<name>.svg")
def picture(slug: str, name: str):
    forum, data, found = _load(slug)
    table = found.get(name)
    if table is None or not table.chart:
        abort(404)
    response = _download(charts.render(name, data, table), "image/svg+xml",
                         f"{forum.slug}-{name}.svg")
    response.headers["Content-Security-Policy"] = _SVG_POLICY
    return response


@bp.route("/forums/<slug>/participation/<name>.csv")
def table_csv(slug: str, name: str):
    forum, data, found = _load(slug)
    if name == "moderation":
        require_moderation_figures(current_user, forum)
    table = found.get(name) or abort(404)
    body = to_csv(table).encode("utf-8")
    response = _download(body, "text/csv", f"{forum.slug}-{name}.csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{forum.slug}-{name}.csv"')
    return response
