"""Account actions: each takes the acting user explicitly and owns its commit."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from forum.auth.sessions import revoke_all_sessions
from forum.auth.tokens import make_token
from forum.clock import now
from forum.extensions import db
from forum.mail import one_line, public_url_for, queue_mail
from forum.models import ApiToken, User
from forum.models.users import hash_token
from forum.refusals import Refused

# Spent on unknown emails too, so sign-in time does not reveal which addresses exist.
_DUMMY_HASH = generate_password_hash("not-a-password")


class AccountError(Refused):
    """An account change the rules refuse; `field` names the input at fault."""

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message, status=status, field=field)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


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
    """Create an account (the caller commits). Raises AccountError if the email is taken."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email address already exists.", "email")
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


def register_user(**fields: str) -> User:
    """Self-registration: a participant account, confirmed by an emailed link."""
    user = create_user(role="participant", confirmed=False, consented=True, **fields)
    send_confirmation(user)
    db.session.commit()
    return user


def send_confirmation(user: User) -> None:
    """Queue the confirmation link (the caller commits)."""
    link = public_url_for("auth.confirm", token=make_token(user, "confirm"))
    queue_mail(
        user.email,
        "Confirm your email address",
        f"Dear {one_line(user.display_name)},\n\nPlease confirm your email address to take part in "
        f"the online forums:\n\n{link}\n\nThe link works once and expires in seven days.\n",
    )


def confirm_email(user: User) -> None:
    if user.confirmed_at is None:
        user.confirmed_at = now()
        db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user if user.is_active else None


def request_password_reset(email: str) -> None:
    """Email a reset link if the address is known; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = public_url_for("auth.reset", token=make_token(user, "reset"))
    queue_mail(
        user.email,
        "Reset your password",
        f"Dear {one_line(user.display_name)},\n\nSomeone asked to reset the password of your forum "
        f"account. If it was you, choose a new password here:\n\n{link}\n\n"
        "The link works once and expires in two hours. If it was not you, ignore this email.\n",
    )
    db.session.commit()


def set_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    revoke_all_sessions(user)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash or "", current):
        raise AccountError("The current password is not correct.", "current_password")
    set_password(user, new)


def request_email_change(user: User, new_email: str, password: str) -> None:
    new_email = normalize_email(new_email)
    if not check_password_hash(user.password_hash or "", password):
        raise AccountError("The password is not correct.", "password")
    if find_user_by_email(new_email) is not None:
        raise AccountError("An account with this email address already exists.", "email")
    link = public_url_for("auth.change_email", token=make_token(user, "email", new=new_email))
    queue_mail(
        new_email,
        "Confirm your new email address",
        f"Dear {one_line(user.display_name)},\n\nConfirm that this is your new address for "
        f"the forum:\n\n{link}\n",
    )
    db.session.commit()


def change_email(user: User, new_email: str) -> None:
    if find_user_by_email(new_email) is not None:
        raise AccountError("An account with this email address already exists.", "email")
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
