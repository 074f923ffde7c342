"""Two-factor sign-in pages: set up, manage, and the second step of signing in."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from forum.auth.sessions import end_session, start_session
from forum.extensions import db, limiter
from forum.mfa import actions, pending
from forum.mfa.forms import BackupCodesForm, CodeForm, DisableForm, EnrolForm, StartForm
from forum.urls import safe_next
from forum.web import attempt

bp = Blueprint("mfa", __name__, url_prefix="/mfa")

# What a signed-in user who must still enrol may reach: these pages and signing out.
ENROLMENT_ENDPOINTS = {"mfa.manage", "mfa.start", "mfa.enrol", "auth.logout", "static"}


@bp.before_app_request
def enforce_enrolment():
    """Staff without two-factor sign-in are sent to set it up before anything else works.
    (current_user is already loaded with the session: this adds no query.) The bearer-token
    API is outside this rule, and so are the feeds (the same for everyone, whoever asks) and
    the health checks and metrics (no session)."""
    if request.endpoint in ENROLMENT_ENDPOINTS or request.blueprint in ("api", "feeds", "ops"):
        return None
    if current_user.is_authenticated and actions.must_enrol(current_user):
        return redirect(url_for("mfa.manage"))
    return None


def _code_limit() -> str:
    return current_app.config["MFA_LIMIT"]


def _account_key() -> str:
    """Wrong codes count per account, whichever page or address they come from."""
    user_id = current_user.id if current_user.is_authenticated else pending.pending_user_id()
    return f"mfa:{user_id}"


def _failed(response) -> bool:
    return response.status_code == 400


throttled = limiter.shared_limit(_code_limit, scope="mfa-code", key_func=_account_key,
                                 methods=["POST"], deduct_when=_failed)


def _qr_svg(uri: str) -> Markup:
    """The otpauth:// URI as an inline SVG QR code (segno writes the same bytes for the
    same URI; its title is escaped by segno)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, svgclass="qr", lineclass=None,
                                                title="QR code of the setup key")
    label = escape("QR code to scan with your authenticator app; the same key is shown "
                   "as text below")
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


def _render_manage(status: int = 200, **forms):
    user = current_user
    context = {"required": actions.mfa_required(user), "enabled": actions.has_mfa(user)}
    if context["enabled"]:
        context["remaining"] = actions.remaining_backup_codes(user)
    elif user.totp_secret:
        uri = actions.provisioning_uri(user, user.totp_secret)
        context.update(secret=user.totp_secret, uri=uri, qr=_qr_svg(uri))
    return render_template(
        "mfa/manage.html",
        start_form=forms.get("start_form") or StartForm(prefix="start"),
        enrol_form=forms.get("enrol_form") or EnrolForm(prefix="on"),
        codes_form=forms.get("codes_form") or BackupCodesForm(prefix="bc"),
        disable_form=forms.get("disable_form") or DisableForm(prefix="off"),
        backup_codes=forms.get("backup_codes"),
        **context,
    ), status


@bp.route("", methods=["GET"])
@login_required
def manage():
    return _render_manage()


@bp.route("/start", methods=["POST"])
@login_required
def start():
    form = StartForm(prefix="start")
    if form.validate_on_submit():
        attempt(None, actions.start_enrolment, current_user)
        return redirect(url_for("mfa.manage"))
    return _render_manage(400, start_form=form)


@bp.route("/enrol", methods=["POST"])
@login_required
@throttled
def enrol():
    form = EnrolForm(prefix="on")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        enrolled = attempt(form, actions.enrol, user, code=form.code.data,
                           password=form.password.data, field="code")
        if not enrolled:
            return _render_manage(enrolled.status, enrol_form=form)
        codes = enrolled.value
        # The session that set it up never passed a second factor: replace it.
        end_session(user)
        start_session(user)
        db.session.commit()
        flash(_("Two-factor sign-in is on. Keep your backup codes somewhere safe."))
        return _render_manage(backup_codes=codes)
    return _render_manage(400, enrol_form=form)


@bp.route("/backup-codes", methods=["POST"])
@login_required
def regenerate():
    form = BackupCodesForm(prefix="bc")
    if form.validate_on_submit():
        made = attempt(form, actions.regenerate_backup_codes, current_user,
                       password=form.password.data, field="password")
        if not made:
            return _render_manage(made.status, codes_form=form)
        codes = made.value
        flash(_("New backup codes: the old ones no longer work."))
        return _render_manage(backup_codes=codes)
    return _render_manage(400, codes_form=form)


@bp.route("/disable", methods=["POST"])
@login_required
def disable():
    form = DisableForm(prefix="off")
    if form.validate_on_submit():
        disabled = attempt(form, actions.disable, current_user, password=form.password.data,
                           field="password")
        if not disabled:
            return _render_manage(disabled.status, disable_form=form)
        flash(_("Two-factor sign-in is off."))
        return redirect(url_for("mfa.manage"))
    return _render_manage(400, disable_form=form)


@bp.route("/verify", methods=["GET", "POST"])
@throttled
def verify():
    """The second step of signing in: a code from the app, or a backup code."""
    if current_user.is_authenticated:
        return redirect(url_for("forums.index"))
    user = pending.pending_user()
    if user is None:
        pending.clear()
        flash(_("Please sign in again: the sign-in was not finished in time."))
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        verified = attempt(form, actions.verify, user, form.code.data, field="code")
        if verified:
            target = safe_next(pending.next_url(), url_for("forums.index"))
            start_session(user)  # clears the half-signed-in state, issues a new id
            db.session.commit()
            if verified.value == "backup_code":
                left = actions.remaining_backup_codes(user)
                flash(ngettext("You signed in with a backup code; %(num)d remains unused.",
                               "You signed in with a backup code; %(num)d remain unused.", left))
            return redirect(target)
    return render_template("mfa/verify.html", form=form), 400 if request.method == "POST" else 200
