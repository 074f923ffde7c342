"""Two-factor sign-in: the rules for enrolling, proving the second factor, backup codes,
disabling and resetting. Each action takes the user explicitly and owns its commit."""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash

from forum import audit
from forum.auth.actions import AccountError
from forum.auth.sessions import revoke_all_sessions
from forum.clock import now
from forum.extensions import db
from forum.models import BackupCode, User
from forum.models.users import hash_token

ROLES_REQUIRING_MFA = ("moderator", "secretariat")
ISSUER = "BCH forums"
BACKUP_CODE_COUNT = 10
BACKUP_CODE_BYTES = 10  # 80 bits each: guessing one is hopeless, so a fast hash is enough
STEP_SECONDS = 30  # the TOTP default every authenticator app uses
DRIFT_STEPS = 1  # a code from the step before or after is accepted (clocks drift)
_SECRET = re.compile(r"^[A-Z2-7]{32}$")
_TOTP_CODE = re.compile(r"^\d{6}$")
_BACKUP_CODE = re.compile(r"^[A-Z2-7]{16}$")


def mfa_required(user: User) -> bool:
    """Moderators and the Secretariat must sign in with a second factor."""
    return user.role in ROLES_REQUIRING_MFA


def has_mfa(user: User) -> bool:
    """The user has confirmed a TOTP secret."""
    return user.mfa_enabled_at is not None and bool(user.totp_secret)


def must_enrol(user: User) -> bool:
    """A signed-in user who may do nothing else until they set up two-factor sign-in."""
    return mfa_required(user) and not has_mfa(user)


def new_secret() -> str:
    """A fresh 160-bit TOTP secret in base32 (what authenticator apps expect)."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (as text or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email or user.key, issuer_name=ISSUER)


def time_step(moment: datetime | None = None) -> int:
    """The TOTP time step of `moment` (naive UTC, from the app's clock)."""
    return int((moment or now()).replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def _normalize(code: str | None) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (within the drift) whose code is `code` and which is later than the
    last accepted one, or None."""
    totp = pyotp.TOTP(secret)
    current = time_step()
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _check_password(user: User, password: str | None) -> None:
    if not check_password_hash(user.password_hash or "", password or ""):
        raise AccountError(_l("The password is not correct."), "password")


def _new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with fresh ones; return them (only hashes are kept)."""
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    codes = []
    moment = now()
    for _ in range(BACKUP_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(BACKUP_CODE_BYTES)).decode()
        db.session.add(BackupCode(user_id=user.id, code_hash=hash_token(raw), created_at=moment))
        codes.append("-".join(raw[i:i + 4] for i in range(0, len(raw), 4)))
    return codes


def start_enrolment(user: User, *, secret: str | None = None) -> str:
    """Give the user a new secret to add to their app (kept on the server, not yet in
    force until `enrol` confirms it); `secret` lets tests and the demo choose it."""
    if has_mfa(user):
        raise AccountError(_l("Two-factor sign-in is already on."), "code", status=409)
    secret = secret or new_secret()
    if not _SECRET.match(secret):
        raise AccountError(_l("A TOTP secret is 32 base32 characters."), "secret")
    user.totp_secret = secret
    user.totp_last_step = None
    db.session.commit()
    return secret


def enrol(user: User, *, code: str, password: str) -> list[str]:
    """Turn two-factor sign-in on once a current code and the password prove the secret
    from `start_enrolment`; return the backup codes (shown once). Other sessions end."""
    if has_mfa(user):
        raise AccountError(_l("Two-factor sign-in is already on."), "code", status=409)
    if not user.totp_secret:
        raise AccountError(_l("Start the setup first."), "code", status=409)
    _check_password(user, password)
    code = _normalize(code)
    if not _TOTP_CODE.match(code):
        raise AccountError(_l("Enter the 6-digit code your app shows."), "code")
    step = _matching_step(user.totp_secret, code, None)
    if step is None:
        raise AccountError(_l("That code is not correct. Check your device's clock and try the "
                           "new code."), "code")
    user.totp_last_step = step
    user.mfa_enabled_at = now()
    codes = _new_backup_codes(user)
    # A session opened before enrolment never passed a second factor.
    revoke_all_sessions(user)
    audit.record(user, "mfa.enrol", user)
    db.session.commit()
    return codes


def verify(user: User, code: str) -> str:
    """Accept the second factor: a TOTP code not used before, or an unused backup code.
    Returns "totp" or "backup_code"; raises AccountError (field `code`) otherwise."""
    if not has_mfa(user):
        raise AccountError(_l("Two-factor sign-in is not on for this account."), "code")
    code = _normalize(code)
    if _TOTP_CODE.match(code):
        step = _matching_step(user.totp_secret, code, user.totp_last_step)
        if step is None:
            if _matching_step(user.totp_secret, code, None) is not None:
                raise AccountError(_l("That code has already been used. Wait for the next code "
                                   "from your app."), "code")
            raise AccountError(_l("That code is not correct."), "code")
        # Conditional, so two requests racing with one code cannot both pass.
        claimed = db.session.execute(
            update(User).where(User.id == user.id,
                               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
            .values(totp_last_step=step)
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            raise AccountError(_l("That code has already been used. Wait for the next code "
                               "from your app."), "code")
        db.session.commit()
        return "totp"
    if _BACKUP_CODE.match(code):
        used = db.session.execute(
            update(BackupCode).where(BackupCode.user_id == user.id,
                                     BackupCode.code_hash == hash_token(code),
                                     BackupCode.used_at.is_(None))
            .values(used_at=now())
        ).rowcount
        if used == 1:
            audit.record(user, "mfa.backup_code_used", user, remaining=remaining_backup_codes(user))
            db.session.commit()
            return "backup_code"
        db.session.rollback()
    raise AccountError(_l("That code is not correct."), "code")


def remaining_backup_codes(user: User) -> int:
    """How many of the user's backup codes are still unused."""
    return db.session.scalar(
        select(func.count(BackupCode.id)).where(BackupCode.user_id == user.id,
                                                BackupCode.used_at.is_(None))
    ) or 0


def regenerate_backup_codes(user: User, *, password: str) -> list[str]:
    """New backup codes (the old ones stop working); needs the password."""
    if not has_mfa(user):
        raise AccountError(_l("Turn two-factor sign-in on first."), "password", status=409)
    _check_password(user, password)
    codes = _new_backup_codes(user)
    audit.record(user, "mfa.backup_codes_regenerated", user)
    db.session.commit()
    return codes


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    user.mfa_enabled_at = None
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))


def disable(user: User, *, password: str) -> None:
    """Turn two-factor sign-in off; needs the password, refused to roles that require it."""
    if mfa_required(user):
        raise AccountError(_l("Moderators and the Secretariat must keep two-factor sign-in on."),
                           "password", status=403)
    if not has_mfa(user):
        raise AccountError(_l("Two-factor sign-in is already off."), "password", status=409)
    _check_password(user, password)
    _clear(user)
    audit.record(user, "mfa.disable", user)
    db.session.commit()


def reset(user: User, *, acting_user: User | None = None, reason: str = "") -> None:
    """Recovery by the Secretariat (a lost device and no backup codes): two-factor sign-in
    is removed and every session ends; staff enrol again at their next sign-in."""
    _clear(user)
    user.session_id = None
    revoke_all_sessions(user)
    audit.record(acting_user, "mfa.reset", user, reason=reason)
    db.session.commit()
