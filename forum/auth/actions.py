"""Account actions: each takes the acting user explicitly and owns its commit."""

from __future__ import annotations

import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from forum import ratelimit
from forum.auth.sessions import revoke_all_sessions
from forum.auth.tokens import make_token
from forum.clock import now
from forum.extensions import db
from forum.i18n import check_language
from forum.i18n.speaking import speaking
from forum.mail import one_line, public_url_for, queue_mail
from forum.models import ApiToken, User
from forum.models.users import AFFILIATIONS, ROLES, hash_token
from forum.refusals import Refused

MIN_PASSWORD, MAX_PASSWORD = 10, 200

# Spent on unknown emails too, so sign-in time does not reveal which addresses exist.
_DUMMY_HASH = generate_password_hash("not-a-password")


class AccountError(Refused):
    """An account change the rules refuse; `field` names the input at fault."""

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message, status=status, field=field)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def valid_email(email: str) -> str:
    """The address, normalized, if it is one the forms accept; AccountError otherwise."""
    email = normalize_email(email)
    try:
        # The same check as the forms' Email() validator (email-validator, no DNS lookup).
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_l("Invalid email address."), "email", status=422) from None
    if len(email) > 254:
        raise AccountError(_l("The email address is too long."), "email", status=422)
    return email


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    role: str = "participant",
    title: str = "",
    country: str | None = None,
    organization: str = "",
    affiliation: str = "party",
    confirmed: bool = False,
    consented: bool = True,
) -> User:
    """Create an account (the caller commits). Raises AccountError if the email is not a
    valid address or is taken."""
    email = valid_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."), "email")
    if role not in ROLES:
        raise AccountError(_l("The role is one of %(value)s.", value=', '.join(ROLES)), "role", 422)
    if affiliation is not None and affiliation not in AFFILIATIONS:
        raise AccountError(_l("The affiliation is one of %(values)s.",
                               values=", ".join(AFFILIATIONS)),
                           "affiliation", 422)
    if not name.strip():
        raise AccountError(_l("Give a name."), "name", 422)
    for field, value, limit, message in (
            ("name", name.strip(), 120, _l("The name is limited to %(n)s characters.", n=120)),
            ("title", title or "", 20, _l("The title is limited to %(n)s characters.", n=20)),
            ("organization", (organization or "").strip(), 200,
             _l("The organization is limited to %(n)s characters.", n=200))):
        if len(value) > limit:  # the columns' lengths: PostgreSQL would refuse the row
            raise AccountError(message, field, 422)
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise AccountError(_l("The country is a two-letter code (ISO 3166, or EU)."), "country",
                           422)
    check_password(password)
    moment = now()
    user = User(
        email=email,
        name=name.strip(),
        title=title,
        country=(country or None) and country.upper(),
        organization=organization.strip(),
        affiliation=affiliation,
        role=role,
        password_hash=generate_password_hash(password),
        confirmed_at=moment if confirmed else None,
        consented_at=moment if consented else None,
        created_at=moment,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_user(**fields: str) -> User | None:
    """Self-registration: a participant account, confirmed by an emailed link.

    An address that already has an account gets an email telling its owner, and the caller
    gets None: the page answers exactly as for a new address, so registration cannot be
    used to learn who has an account.
    """
    existing = find_user_by_email(fields.get("email", ""))
    if existing is not None:
        # Spend the time a new account's password hash takes, so timing tells nothing either.
        generate_password_hash(fields.get("password") or "")
        _tell_owner_of_registration_attempt(existing)
        db.session.commit()
        return None
    user = create_user(role="participant", confirmed=False, consented=True, **fields)
    send_confirmation(user)
    db.session.commit()
    return user


def _tell_owner_of_registration_attempt(user: User) -> None:
    with speaking(user):
        queue_mail(
            user.email,
            _("Someone tried to register with your address"),
            _("Dear %(name)s,\n\nsomeone tried to register with your address on the forum, "
              "which already has an account. If it was you, sign in, or reset your password if "
              "you have forgotten it:\n\n%(link)s\n\nIf it was not you, you need not do "
              "anything: no account was created or changed.\n", name=user.display_name,
              link=public_url_for("auth.reset_request")),
        )


def send_confirmation(user: User) -> None:
    """Queue the confirmation link (the caller commits)."""
    link = public_url_for("auth.confirm", token=make_token(user, "confirm"))
    with speaking(user):
        queue_mail(
            user.email,
            _("Confirm your email address"),
            _("Dear %(name)s,\n\nPlease confirm your email address to take part in the online "
              "forums:\n\n%(link)s\n\nThe link works once and expires in seven days.\n",
              name=one_line(user.display_name), link=link),
        )


def confirm_email(user: User) -> None:
    if user.confirmed_at is None:
        user.confirmed_at = now()
        db.session.commit()


def authenticate(email: str, password: str, *, address: str | None = None,
                 known_device: bool = False) -> User | None:
    """The user these credentials sign in, or None. From a request (`address` given) the
    attempt is counted first, and past the sign-in limits it is refused (429) without the
    password being checked (forum/ratelimit)."""
    if address is not None and not ratelimit.hit_sign_in(email, address,
                                                         known_device=known_device):
        raise AccountError(_l("Too many attempts. Please wait a while and try again."),
                           "email", status=429)
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if address is not None:
        ratelimit.forget_sign_in_attempts(email, address)
    return user if user.is_active else None


def request_password_reset(email: str) -> None:
    """Email a reset link if the address is known; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = public_url_for("auth.reset", token=make_token(user, "reset"))
    with speaking(user):
        queue_mail(
            user.email,
            _("Reset your password"),
            _("Dear %(name)s,\n\nSomeone asked to reset the password of your forum account. If "
              "it was you, choose a new password here:\n\n%(link)s\n\nThe link works once and "
              "expires in two hours. If it was not you, ignore this email.\n",
              name=one_line(user.display_name), link=link),
        )
    db.session.commit()


def check_password(password: str) -> None:
    """Long enough to resist guessing, short enough to hash cheaply; no composition rules
    (docs/security.md). Every way to set a password (forms, CLI, reset) passes here."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(_l("Use a password of at least %(n)s characters.", n=MIN_PASSWORD),
                           "password", 422)
    if len(password) > MAX_PASSWORD:
        raise AccountError(_l("Use a password of at most %(n)s characters.", n=MAX_PASSWORD),
                           "password", 422)


def set_password(user: User, password: str) -> None:
    """Set a new password; every other session and every API token of the user ends (a
    token made by whoever knew the old password must not outlive it)."""
    check_password(password)
    user.password_hash = generate_password_hash(password)
    revoke_all_sessions(user)
    revoke_all_api_tokens(user)
    db.session.commit()


def revoke_all_api_tokens(user: User) -> None:
    """Revoke every live API token of `user` (the caller commits)."""
    db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now()).execution_options(synchronize_session=False)
    )


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash or "", current):
        raise AccountError(_l("The current password is not correct."), "current_password")
    set_password(user, new)


def request_email_change(user: User, new_email: str, password: str) -> None:
    new_email = normalize_email(new_email)
    if not check_password_hash(user.password_hash or "", password):
        raise AccountError(_l("The password is not correct."), "password")
    if find_user_by_email(new_email) is not None:
        raise AccountError(_l("An account with this email address already exists."), "email")
    link = public_url_for("auth.change_email", token=make_token(user, "email", new=new_email))
    with speaking(user):
        queue_mail(
            new_email,
            _("Confirm your new email address"),
            _("Dear %(name)s,\n\nConfirm that this is your new address for the forum:\n\n"
              "%(link)s\n", name=one_line(user.display_name), link=link),
        )
    db.session.commit()


def change_email(user: User, new_email: str) -> None:
    if find_user_by_email(new_email) is not None:
        raise AccountError(_l("An account with this email address already exists."), "email")
    user.email = normalize_email(new_email)
    user.confirmed_at = user.confirmed_at or now()
    db.session.commit()


def create_api_token(user: User, name: str = "") -> str:
    """Create a personal API token and return it; only its hash is stored."""
    token = "fbt_" + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=hash_token(token),
                 created_at=now())
    )
    db.session.commit()
    return token


def revoke_api_token(user: User, token_id: int) -> bool:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = now()
    db.session.commit()
    return True


def set_language(user: User, language: str | None) -> None:
    """Set the interface language `user` reads in; empty or None goes back to the browser's."""
    user.language = check_language(language) if language else None
    db.session.commit()
