"""Registration, sign-in, confirmation, password reset and the account page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required
from sqlalchemy import select

from forum import ratelimit
from forum.auth import actions
from forum.auth.forms import (
    ButtonForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    ResetForm,
    ResetRequestForm,
    TokenForm,
)
from forum.auth.sessions import end_session, start_session
from forum.auth.tokens import read_token
from forum.extensions import db, limiter
from forum.mfa import pending
from forum.mfa.actions import has_mfa, must_enrol
from forum.models import ApiToken, Notification, Watch
from forum.urls import safe_next
from forum.web import attempt

bp = Blueprint("auth", __name__)


def _form_status() -> int:
    """A page shown again after a submission failed says so (400), as every other form does."""
    return 400 if request.method == "POST" else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT"], methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit() and attempt(
            form, actions.register_user, field="email",
            email=form.email.data, name=form.name.data, password=form.password.data,
            title=form.title.data, country=form.country.data or None,
            organization=form.organization.data, affiliation=form.affiliation.data):
        flash(_("Thank you. We have sent you an email with a link to confirm your address."))
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form), _form_status()


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    found = read_token(token, "confirm")
    if found is None:
        return render_template("auth/link_invalid.html"), 400
    form = ConfirmForm()
    # A GET never writes: the emailed link shows a button that POSTs.
    if form.validate_on_submit():
        actions.confirm_email(found[0])
        flash(_("Your email address is confirmed. You can now sign in and take part."))
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm.html", form=form, user=found[0]), _form_status()


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        # The address is the socket's peer (or the hop PROXY_HOPS trusts): never a
        # client-sent X-Forwarded-For. A refusal (too many attempts) comes back on the form
        # with what was typed, the password aside.
        checked = attempt(form, actions.authenticate, email, form.password.data,
                          address=request.remote_addr or "",
                          known_device=ratelimit.is_known_device(email), field="email")
        if not checked:
            return render_template("auth/login.html", form=form), checked.status
        user = checked.value
        if user is None:
            form.password.errors.append("The email or the password is not correct.")
        else:
            # Moderators and the Secretariat land on their desk: what waits for them.
            home = url_for("moderation.desk") if user.role in ("moderator", "secretariat") \
                else url_for("forums.index")
            target = safe_next(request.args.get("next"), home)
            if has_mfa(user):
                # Not signed in yet: the session is created after the second factor.
                pending.begin(user, target)
                # The password was right: this browser is the owner's (docs/security.md).
                return ratelimit.remember_device(redirect(url_for("mfa.verify")), email)
            start_session(user)
            db.session.commit()
            if user.confirmed_at is None:
                flash(_("Please confirm your email address: we sent you a link."))
            response = redirect(url_for("mfa.manage") if must_enrol(user) else target)
            return ratelimit.remember_device(response, email)
    return render_template("auth/login.html", form=form), _form_status()


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_session(current_user)
        db.session.commit()
    flash(_("You have signed out."))
    return redirect(url_for("forums.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT"], methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        actions.request_password_reset(form.email.data)
        flash(_("If an account uses that address, we have sent it a link to reset the password."))
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), _form_status()


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    found = read_token(token, "reset")
    if found is None:
        return render_template("auth/link_invalid.html"), 400
    form = ResetForm()
    if form.validate_on_submit():
        actions.set_password(found[0], form.password.data)
        flash(_("Your password has been changed, your other sessions were signed out and "
              "your API tokens were revoked. Please sign in."))
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), _form_status()


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def change_email(token: str):
    found = read_token(token, "email")
    if found is None:
        return render_template("auth/link_invalid.html"), 400
    user, payload = found
    form = ConfirmForm()
    if form.validate_on_submit():
        if attempt(None, actions.change_email, user, payload["new"]):
            flash(_("Your email address has been changed."))
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm.html", form=form, user=user, new_email=payload["new"])


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _render_account()


def _render_account(**forms):
    uid = current_user.id
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == uid, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ).all()
    notices = db.session.scalars(
        select(Notification).where(Notification.user_id == uid)
        .order_by(Notification.id.desc()).limit(20)
    ).all()
    watches = db.session.scalars(select(Watch).where(Watch.user_id == uid)).all()
    return render_template(
        "auth/account.html",
        password_form=forms.get("password_form") or ChangePasswordForm(prefix="pw"),
        email_form=forms.get("email_form") or ChangeEmailForm(prefix="em"),
        token_form=forms.get("token_form") or TokenForm(prefix="tk"),
        language_form=forms.get("language_form")
        or LanguageForm(prefix="lg", language=current_user.language or ""),
        button=ButtonForm(),
        tokens=tokens,
        new_token=forms.get("new_token"),
        notices=notices,
        watches=watches,
    )


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit() and attempt(
            form, actions.change_password, current_user, form.current_password.data,
            form.password.data, field="current_password"):
        flash(_("Your password has been changed; your other sessions were signed out and "
              "your API tokens were revoked."))
        return redirect(url_for("auth.account"))
    return _render_account(password_form=form), 400


@bp.route("/account/email", methods=["POST"])
@login_required
def request_email_change():
    form = ChangeEmailForm(prefix="em")
    if form.validate_on_submit() and attempt(
            form, actions.request_email_change, current_user, form.email.data,
            form.password.data, field="email"):
        flash(_("We have sent a confirmation link to the new address."))
        return redirect(url_for("auth.account"))
    return _render_account(email_form=form), 400


@bp.route("/account/language", methods=["POST"])
@login_required
def change_language():
    form = LanguageForm(prefix="lg")
    if form.validate_on_submit() and attempt(
            form, actions.set_language, current_user, form.language.data or None,
            field="language"):
        refresh()  # the confirmation is already in the new language
        flash(_("Your interface language has been saved."))
        return redirect(url_for("auth.account"))
    return _render_account(language_form=form), 400


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm(prefix="tk")
    if not form.validate_on_submit():
        return _render_account(token_form=form), 400
    token = actions.create_api_token(current_user, form.name.data or "")
    flash(_("Your new API token is shown below once; copy it now."))
    return _render_account(new_token=token)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not actions.revoke_api_token(current_user, token_id):
        abort(404)
    flash(_("The token has been revoked."))
    return redirect(url_for("auth.account"))
