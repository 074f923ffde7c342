"""The API for people: `/api/v1/` answers with links, `/api/v1/docs` renders the OpenAPI
document with Swagger UI (docs/decisions.md, "API reference page").

Swagger UI's files come from the `flask-swagger-ui` package (we use its copy of Swagger
UI's `dist` folder, not its blueprint, whose page has an inline script) and are served
from our own origin (no CDN); the page starts it with static/api-docs.js, so the site's CSP
(`script-src 'self'`, no inline script) holds on this page too (docs/security.md).
"""

from __future__ import annotations

from importlib.resources import files

from flask import Blueprint, abort, jsonify, render_template, send_from_directory, url_for
from markupsafe import Markup

from forum.api import bp
from forum.headers import shared

SWAGGER_UI = str(files("flask_swagger_ui") / "dist")
# The only files of Swagger UI the page uses (and its licence).
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "VERSION"})
ASSET_MAX_AGE = 24 * 3600

pages = Blueprint("api_reference", __name__)


@bp.get("/")
def index():
    """Where to go from the API's root: its documents and its public collections."""
    return jsonify({
        "name": "BCH-style forum API",
        "version": "v1",
        "links": {
            "openapi": url_for("api.openapi_json"),
            "docs": url_for("api_reference.docs"),
            "forums": url_for("api.list_forums"),
            "search": url_for("api.api_search"),
        },
    })


@pages.get("/api/v1/docs")
def docs():
    from forum.api.openapi import document
    from forum.markdown import render_markdown

    return render_template("api/docs.html", openapi_url=url_for("api.openapi_json"),
                           description=Markup(render_markdown(document()["info"]["description"])))


@pages.get("/vendor/swagger-ui/<filename>")
@shared
def asset(filename: str):
    if filename not in ASSETS:
        abort(404)
    return send_from_directory(SWAGGER_UI, filename, max_age=ASSET_MAX_AGE)
