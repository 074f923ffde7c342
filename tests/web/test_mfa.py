"""Two-factor sign-in: enrolment (forced for moderators and the Secretariat), the second
step of signing in, code reuse, clock drift, throttling, backup codes, disabling, the
Secretariat's reset and the audit trail."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from forum.admin import actions as admin
from forum.extensions import db, limiter
from forum.mfa import actions as mfa
from forum.models import AuditEntry, BackupCode, UserSession
from forum.models.users import hash_token
from tests.helpers import (
    PASSWORD,
    STAFF_TOTP_SECRET,
    enrol_mfa,
    login,
    make_forum,
    make_user,
    totp_code,
)
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    reload,
    set_clock,
    visible,
)

START = datetime(2026, 12, 3, 9, 0, 10)  # 10 s into a 30-second step


def password_step(client, user, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"email": user.email, "password": password}, **kwargs)


def audit_actions(user) -> list[str]:
    return db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == user.id)
                              .where(AuditEntry.action.like("mfa.%"))
                              .order_by(AuditEntry.id)).all()


def live_sessions(user) -> int:
    return db.session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)))


@pytest.fixture
def clock(app):
    return set_clock(app, START)


# Forced enrolment -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["moderator", "secretariat"])
def test_staff_without_two_factor_must_enrol_before_anything_else(app, client, clock, role):
    user = make_user(role)
    forum = make_forum(moderators=[user] if role == "moderator" else [])
    response = password_step(client, user)
    assert response.location == "/mfa"
    for path in ("/", "/account", f"/forums/{forum.slug}", f"/moderation/{forum.slug}",
                 "/admin/", "/admin/audit", "/mfa/verify", "/no-such-page"):
        got = client.get(path)
        assert got.status_code == 302 and got.location == "/mfa", path
    assert client.post("/account/tokens", data={"tk-name": "x"}).location == "/mfa"
    assert "must use two-factor sign-in" in visible(client.get("/mfa"))

    assert client.post("/mfa/start").status_code == 302
    setup = client.get("/mfa")
    html = page(setup)
    secret = reload(user).totp_secret
    assert secret and secret in html
    assert re.search(r'<svg role="img" aria-label="QR code[^"]*"', html)
    assert "otpauth://totp/" in html and f"secret={secret}" in html
    before = client.get_cookie("session").value

    done = client.post("/mfa/enrol", data={"on-code": totp_code(secret),
                                            "on-password": PASSWORD})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([A-Z2-7-]{19})</code></li>", page(done))
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert client.get("/account").status_code == 200
    # The session that enrolled never gave a second factor: it was replaced.
    thief = app.test_client()
    thief.set_cookie("session", before)
    assert thief.get("/account").status_code == 302
    # The key is never shown again.
    assert secret not in page(client.get("/mfa"))
    assert secret not in page(client.get("/account"))


def test_a_participant_promoted_to_moderator_must_enrol_at_the_next_sign_in(app, client):
    participant = make_user()
    login(client, participant)
    assert client.get("/account").status_code == 200
    forum = make_forum()
    secretariat = db.session.scalar(select(type(participant)).filter_by(role="secretariat"))
    admin.assign_moderator(forum, participant, acting_user=secretariat)
    client.post("/logout")
    assert password_step(client, participant).location == "/mfa"
    assert client.get(f"/moderation/{forum.slug}").location == "/mfa"


def test_enrolment_needs_the_password_and_a_current_code(app, client, clock):
    user = make_user("moderator")
    password_step(client, user)
    client.post("/mfa/start")
    secret = reload(user).totp_secret
    wrong_password = client.post("/mfa/enrol", data={"on-code": totp_code(secret),
                                                      "on-password": "not my password"})
    assert wrong_password.status_code == 400
    assert "The password is not correct." in visible(wrong_password)
    old = totp_code(secret, mfa.time_step() - 2)
    wrong_code = client.post("/mfa/enrol", data={"on-code": old, "on-password": PASSWORD})
    assert wrong_code.status_code == 400
    assert "That code is not correct." in visible(wrong_code)
    assert not mfa.has_mfa(reload(user))
    assert client.get("/").location == "/mfa"


# Two steps ------------------------------------------------------------------------------------

def test_signing_in_with_two_factor_takes_a_password_then_a_code(app, client, clock):
    user = make_user("moderator", name="Careful Moderator")
    enrol_mfa(user)
    clock.advance(seconds=30)
    response = password_step(client, user, query_string={"next": "/account"})
    assert response.location == "/mfa/verify"
    assert live_sessions(user) == 0
    assert "Two-factor sign-in" in visible(client.get("/mfa/verify"))
    done = client.post("/mfa/verify", data={"code": totp_code()})
    assert done.status_code == 302 and done.location == "/account"
    assert live_sessions(user) == 1
    assert "Careful Moderator" in visible(client.get("/account"))


def test_the_half_signed_in_state_reaches_no_page(app, client, clock):
    user = make_user("secretariat", country=None)
    forum = make_forum()
    enrol_mfa(user)
    clock.advance(seconds=30)
    password_step(client, user)
    for path in ("/account", "/mfa", "/admin/", "/admin/audit", f"/moderation/{forum.slug}",
                 f"/digest/{forum.slug}"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert response.status_code != 302 or "/login" in response.location, path
    assert client.post("/account/tokens", data={"tk-name": "x"}).location.startswith("/login")
    assert client.post("/admin/forums", data={"slug": "x"}).status_code in (302, 403, 404, 405)
    assert "Sign out" not in visible(client.get("/"))
    assert live_sessions(user) == 0
    # The state expires after a few minutes: a right code then no longer signs in.
    clock.advance(minutes=app.config["MFA_PENDING_MINUTES"], seconds=1)
    late = client.post("/mfa/verify", data={"code": totp_code()})
    assert late.status_code == 302 and late.location == "/login"
    assert live_sessions(user) == 0


def test_a_wrong_code_is_refused_and_names_the_field(app, client, clock):
    user = make_user("moderator")
    enrol_mfa(user)
    password_step(client, user)
    response = client.post("/mfa/verify", data={"code": "000000" if totp_code() != "000000"
                                                  else "111111"})
    assert response.status_code == 400
    assert "That code is not correct." in visible(response)
    assert 'id="code-error"' in page(response)
    assert client.post("/mfa/verify", data={"code": ""}).status_code == 400
    assert client.post("/mfa/verify", data={"code": "x" * 500}).status_code == 400
    assert live_sessions(user) == 0


def test_a_code_cannot_be_used_twice(app, client, clock):
    user = make_user("moderator")
    enrol_mfa(user)
    clock.advance(seconds=30)
    code = totp_code()
    password_step(client, user)
    assert client.post("/mfa/verify", data={"code": code}).status_code == 302
    client.post("/logout")
    clock.advance(seconds=5)  # still inside the same 30-second window
    password_step(client, user)
    again = client.post("/mfa/verify", data={"code": code})
    assert again.status_code == 400
    assert "already been used" in visible(again)
    assert reload(user).totp_last_step == mfa.time_step()


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True),
                                                  (1, True), (2, False)])
def test_codes_one_step_early_or_late_are_accepted(app, client, clock, offset, accepted):
    user = make_user("moderator")
    enrol_mfa(user)
    clock.advance(minutes=5)
    password_step(client, user)
    response = client.post("/mfa/verify",
                           data={"code": totp_code(step=mfa.time_step() + offset)})
    assert response.status_code == (302 if accepted else 400)


# Throttling -----------------------------------------------------------------------------------

@pytest.fixture
def rate_limits(app):
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True)
    yield
    limiter.reset()


def test_more_than_five_wrong_codes_in_five_minutes_are_throttled(app, client, rate_limits):
    user = make_user("moderator")
    other = make_user("moderator")
    enrol_mfa(user)
    enrol_mfa(other)
    wrong = "000000" if totp_code() != "000000" else "111111"
    for n in range(5):
        password_step(client, user, environ_base={"REMOTE_ADDR": f"10.0.1.{n}"})
        response = client.post("/mfa/verify", data={"code": wrong},
                               environ_base={"REMOTE_ADDR": f"10.0.1.{n}"})
        assert response.status_code == 400
    # The sixth try is refused even with the right code, from a fresh address (per account).
    fresh = app.test_client()
    password_step(fresh, user, environ_base={"REMOTE_ADDR": "10.0.2.1"})
    throttled = fresh.post("/mfa/verify", data={"code": totp_code()},
                           environ_base={"REMOTE_ADDR": "10.0.2.1"})
    assert throttled.status_code == 429
    assert live_sessions(user) == 0
    # Another account is not affected.
    third = app.test_client()
    password_step(third, other)
    assert third.post("/mfa/verify", data={"code": totp_code(step=mfa.time_step() + 1)}
                      ).status_code == 302


def test_right_codes_do_not_count_towards_the_throttle(app, client, rate_limits, clock):
    user = make_user("moderator")
    enrol_mfa(user)
    for _ in range(7):
        clock.advance(seconds=30)
        password_step(client, user)
        assert client.post("/mfa/verify", data={"code": totp_code()}).status_code == 302
        client.post("/logout")


# Backup codes ---------------------------------------------------------------------------------

def test_a_backup_code_signs_in_once(app, client, clock):
    user = make_user("moderator")
    codes = enrol_mfa(user)
    password_step(client, user)
    response = client.post("/mfa/verify", data={"code": codes[3].lower().replace("-", " ")})
    assert response.status_code == 302
    assert "9 remain unused" in visible(client.get("/account"))
    assert audit_actions(user) == ["mfa.enrol", "mfa.backup_code_used"]
    client.post("/logout")
    password_step(client, user)
    again = client.post("/mfa/verify", data={"code": codes[3]})
    assert again.status_code == 400
    assert client.post("/mfa/verify", data={"code": codes[4]}).status_code == 302


def test_backup_codes_are_ten_random_codes_stored_only_as_hashes(app):
    user = make_user("secretariat", country=None)
    codes = enrol_mfa(user)
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        raw = code.replace("-", "")
        assert re.fullmatch(r"[A-Z2-7]{16}", raw)  # 16 base32 characters: 80 bits
    stored = db.session.scalars(select(BackupCode.code_hash)
                                .where(BackupCode.user_id == user.id)).all()
    assert sorted(stored) == sorted(hash_token(c.replace("-", "")) for c in codes)
    everything = " ".join(str(v) for v in stored)
    assert not any(c.replace("-", "") in everything or c in everything for c in codes)


def test_new_backup_codes_need_the_password_and_replace_the_old_ones(app, client, clock):
    user = make_user("moderator")
    old = enrol_mfa(user)
    login(client, user)
    refused = client.post("/mfa/backup-codes", data={"bc-password": "wrong password"})
    assert refused.status_code == 400
    assert "The password is not correct." in visible(refused)
    response = client.post("/mfa/backup-codes", data={"bc-password": PASSWORD})
    assert response.status_code == 200
    new = re.findall(r"<li><code>([A-Z2-7-]{19})</code></li>", page(response))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/logout")
    password_step(client, user)
    assert client.post("/mfa/verify", data={"code": old[0]}).status_code == 400
    assert client.post("/mfa/verify", data={"code": new[0]}).status_code == 302
    assert audit_actions(user) == ["mfa.enrol", "mfa.backup_codes_regenerated",
                                   "mfa.backup_code_used"]


# Participants, disabling, recovery ------------------------------------------------------------

def test_participants_may_opt_in_and_then_sign_in_with_a_code(app, client, clock):
    user = make_user()
    login(client, user)
    assert "optional for participants" in visible(client.get("/mfa"))
    client.post("/mfa/start")
    secret = reload(user).totp_secret
    assert client.post("/mfa/enrol", data={"on-code": totp_code(secret),
                                           "on-password": PASSWORD}).status_code == 200
    client.post("/logout")
    clock.advance(seconds=30)
    assert password_step(client, user).location == "/mfa/verify"
    assert client.post("/mfa/verify", data={"code": totp_code(secret)}).status_code == 302


def test_disabling_needs_the_password(app, client, clock):
    user = make_user()
    enrol_mfa(user)
    login(client, user)
    refused = client.post("/mfa/disable", data={"off-password": "wrong password"})
    assert refused.status_code == 400
    assert mfa.has_mfa(reload(user))
    assert client.post("/mfa/disable", data={"off-password": PASSWORD}).status_code == 302
    user = reload(user)
    assert not mfa.has_mfa(user) and user.totp_secret is None
    assert db.session.scalar(select(func.count(BackupCode.id))) == 0
    assert audit_actions(user) == ["mfa.enrol", "mfa.disable"]
    client.post("/logout")
    assert password_step(client, user).location == "/"


@pytest.mark.parametrize("role", ["moderator", "secretariat"])
def test_staff_cannot_disable_two_factor(app, client, role):
    user = make_user(role)
    login(client, user)
    assert "must keep two-factor sign-in on" in visible(client.get("/mfa"))
    response = client.post("/mfa/disable", data={"off-password": PASSWORD})
    assert response.status_code == 403
    assert mfa.has_mfa(reload(user))
    with pytest.raises(mfa.AccountError) as refused:
        mfa.disable(reload(user), password=PASSWORD)
    assert refused.value.status == 403


def test_the_secretariat_resets_a_lost_device_from_the_command_line(app, client):
    user = make_user("moderator")
    login(client, user)
    result = app.test_cli_runner().invoke(args=["users", "reset-mfa", user.email.upper()])
    assert result.exit_code == 0, result.output
    assert "two-factor sign-in removed" in result.output
    assert client.get("/account").location.startswith("/login")  # the session ended
    assert live_sessions(user) == 0
    assert not mfa.has_mfa(reload(user))
    assert "mfa.reset" in audit_actions(user)
    assert password_step(client, user).location == "/mfa"  # set it up again
    unknown = app.test_cli_runner().invoke(args=["users", "reset-mfa", "nobody@example.org"])
    assert unknown.exit_code != 0 and "no user with email" in unknown.output


def test_every_two_factor_change_is_audited(app, client, clock):
    user = make_user()
    codes = enrol_mfa(user)
    mfa.regenerate_backup_codes(user, password=PASSWORD)
    with pytest.raises(mfa.AccountError):
        mfa.verify(user, codes[0])  # replaced codes stop working
    new = mfa.regenerate_backup_codes(user, password=PASSWORD)
    assert mfa.verify(user, new[0]) == "backup_code"
    mfa.disable(user, password=PASSWORD)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("mfa.%"))
                                 .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == [
        "mfa.enrol", "mfa.backup_codes_regenerated", "mfa.backup_codes_regenerated",
        "mfa.backup_code_used", "mfa.disable"]
    assert all(e.actor_id == user.id and e.target_id == user.id for e in entries)
    assert entries[3].detail == {"remaining": 9}
    assert STAFF_TOTP_SECRET not in str([e.detail for e in entries])


def test_the_demo_seed_prints_a_two_factor_key_for_staff(app):
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    rows = re.findall(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)(?:\s+two-factor key: (\S+))?$",
                      result.output, re.M)
    keys = {role: key for role, _email, _password, key in rows}
    assert set(keys) == {"secretariat", "moderator", "participant"}
    assert keys["participant"] == ""
    for role in ("secretariat", "moderator"):
        assert re.fullmatch(r"[A-Z2-7]{32}", keys[role])
    _role, email, password, key = next(r for r in rows if r[0] == "moderator")
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": password}
                       ).location == "/mfa/verify"
    code = totp_code(key, mfa.time_step() + 1)  # the seed's enrolment used the current step
    assert client.post("/mfa/verify", data={"code": code}).status_code == 302


def test_signed_in_users_skip_the_second_step_page(app, client):
    user = make_user("moderator")
    login(client, user)
    assert client.get("/mfa/verify").location == "/"


def test_the_half_signed_in_state_gets_what_an_anonymous_visitor_gets_everywhere(app, clock):
    from tests.web.test_security import get_routes, rich_world, route_values, url_of

    world = rich_world(app)
    secretariat = world["secretariat"]
    enrol_mfa(secretariat)
    clock.advance(seconds=30)
    anonymous, half = app.test_client(), app.test_client()
    assert password_step(half, secretariat).location == "/mfa/verify"
    adapter = app.url_map.bind("forum.test")
    compared = 0
    for rule in get_routes(app):
        if rule.endpoint in ("mfa.verify", "static") or rule.rule.startswith("/api/"):
            continue
        url = url_of(adapter, rule, route_values(world, rule.endpoint))
        seen = [(r.status_code, r.location) for r in (anonymous.get(url), half.get(url))]
        assert seen[0] == seen[1], (url, seen)
        compared += 1
    assert compared >= 25
    assert live_sessions(secretariat) == 0
    # ... and the state still leads to the second step.
    assert half.post("/mfa/verify", data={"code": totp_code()}).status_code == 302
