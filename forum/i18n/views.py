"""The language switcher: every page's header links here; choosing is a POST form (a GET
never writes)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import refresh
from flask_login import current_user

from forum.auth import actions
from forum.i18n import SESSION_KEY, check_language
from forum.urls import safe_next
from forum.web import attempt

bp = Blueprint("i18n", __name__)


@bp.route("/language", methods=["GET", "POST"])
def choose():
    """Remember the reader's language: on the account when signed in, else in the session."""
    if request.method == "GET":
        back = safe_next(request.args.get("next"), url_for("forums.index"))
        return render_template("i18n/choose.html", next=back)
    language = request.form.get("language", "")
    if current_user.is_authenticated:
        done = attempt(None, actions.set_language, current_user, language)
    else:
        done = attempt(None, check_language, language)
        if done:
            session[SESSION_KEY] = language
    if done:
        refresh()
    return redirect(safe_next(request.form.get("next"), url_for("forums.index")))
