"""Accounts as a participant meets them: registering, confirming the address, signing in,
password reset and change, email change, API tokens."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from forum.auth.actions import find_user_by_email
from forum.extensions import db
from forum.models import ApiToken, User, UserSession
from tests.helpers import PASSWORD, login, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    body_of,
    fast_password_hashing,
    input_value,
    link_after,
    page,
    reload,
    selected_option,
    visible,
)

NEW_PASSWORD = "a brand new passphrase"


def registration(**changes) -> dict:
    data = {
        "title": "Mr.", "name": "Ramatha Letchumanan", "email": "ramatha@example.org",
        "organization": "Ministry of Natural Resources & Environment",
        "affiliation": "party", "country": "MY", "password": PASSWORD, "confirm": PASSWORD,
        "consent": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def user_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)))


# Registering -------------------------------------------------------------------------------

def test_registration_needs_consent_and_keeps_what_was_typed_except_passwords(app, client):
    response = client.post("/register", data=registration(consent=None))
    html = page(response)
    assert response.status_code == 400  # the form again, not a redirect
    assert "You must accept this to take part." in html
    assert input_value(html, "name") == "Ramatha Letchumanan"
    assert input_value(html, "email") == "ramatha@example.org"
    assert input_value(html, "organization") == "Ministry of Natural Resources & Environment"
    assert selected_option(html, "title") == "Mr."
    assert selected_option(html, "country") == "MY"
    assert input_value(html, "password") == ""
    assert input_value(html, "confirm") == ""
    assert PASSWORD not in html
    assert user_count() == 0


def test_registration_errors_are_shown_per_field(app, client):
    response = client.post("/register", data=registration(
        confirm="something else entirely", country="", email="not-an-email"))
    text = visible(response)
    assert "The passwords differ." in text
    assert "Choose the country you represent." in text
    assert "Invalid email address." in text
    assert user_count() == 0


def test_registration_with_a_taken_address_does_not_say_so(app, client):
    make_user(email="ramatha@example.org")
    response = client.post("/register", data=registration())
    assert response.status_code == 302  # as for a new address (the owner is emailed)
    assert "already exists" not in visible(client.get(response.location))
    assert user_count() == 1


def test_confirmation_email_link_shows_a_button_and_only_a_post_confirms_once(app, client,
                                                                              smtp):
    response = client.post("/register", data=registration())
    assert response.status_code == 302
    assert "sent you an email" in visible(client.get(response.location))
    user = find_user_by_email("ramatha@example.org")
    assert user.confirmed_at is None and user.consented_at is not None
    assert user.role == "participant" and user.country == "MY"

    [message] = smtp.wait_for(1)
    assert message["To"] == "ramatha@example.org"
    assert message["Subject"] == "Confirm your email address"
    assert "Dear Mr. Ramatha Letchumanan" in body_of(message)
    link = link_after(message, "online forums:")
    assert link.startswith("/confirm/")

    # Opening the link (or a mail scanner fetching it) confirms nothing: it shows a button.
    shown = client.get(link)
    assert shown.status_code == 200
    assert "Confirm your email address" in visible(shown)
    assert 'type="submit"' in page(shown) and 'method="post"' in page(shown)
    assert reload(user).confirmed_at is None

    confirmed = client.post(link, data={"submit": "Confirm"})
    assert confirmed.status_code == 302
    assert "Your email address is confirmed" in visible(client.get(confirmed.location))
    assert reload(user).confirmed_at is not None

    # The link works once.
    again = client.post(link, data={"submit": "Confirm"})
    assert again.status_code == 400
    assert "This link is not valid" in visible(again)
    assert client.get(link).status_code == 400


def test_a_forged_confirmation_link_is_refused(app, client):
    response = client.get("/confirm/not-a-real-token")
    assert response.status_code == 400
    assert "This link is not valid" in visible(response)


# Signing in ------------------------------------------------------------------------------

def test_sign_in_and_out(app, client):
    user = make_user(name="Ana Pereira")
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert "Ana Pereira" in visible(home) and "Sign out" in visible(home)
    out = client.post("/logout")
    assert out.status_code == 302
    after = client.get(out.location)
    assert "You have signed out." in visible(after)
    assert "Sign in" in visible(after) and "Ana Pereira" not in visible(after)


def test_wrong_password_is_refused_with_one_message_for_both_fields(app, client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 400
    assert "The email or the password is not correct." in visible(response)
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "The email or the password is not correct." in visible(unknown)
    assert input_value(page(response), "email") == user.email
    assert input_value(page(response), "password") == ""
    assert client.get("/account").status_code == 302  # still signed out


def test_unconfirmed_account_signs_in_but_may_not_post(app, client):
    forum, moderator, participant, thread = setup_forum()
    user = make_user(confirmed=False)
    response = login(client, user)
    assert "Please confirm your email address" in visible(client.get(response.location))
    html = visible(client.get(f"/threads/{thread.id}"))
    assert "Confirm your email address before posting." in html
    refused = client.post(f"/threads/{thread.id}/reply",
                          data={"body": "Hello", "submission_key": "u1"})
    assert refused.status_code == 403
    assert "Confirm your email address before posting." in visible(refused)


def test_account_page_needs_sign_in(app, client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.location


# Password reset -----------------------------------------------------------------------------

def test_password_reset_by_email_works_once_and_ends_old_sessions(app, client, smtp):
    user = make_user()
    elsewhere = app.test_client()  # the same person signed in on another computer
    login(elsewhere, user)
    assert elsewhere.get("/account").status_code == 200

    response = client.post("/reset", data={"email": user.email})
    assert response.status_code == 302
    assert "If an account uses that address" in visible(client.get(response.location))
    [message] = smtp.wait_for(1)
    assert message["To"] == user.email and message["Subject"] == "Reset your password"
    link = link_after(message, "choose a new password here:")

    form = client.get(link)
    assert form.status_code == 200 and "Choose a new password" in visible(form)
    assert reload(user).password_hash == user.password_hash  # a GET changes nothing

    too_short = client.post(link, data={"password": "short", "confirm": "short"})
    assert "Use at least 10 characters." in visible(too_short)

    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Your password has been changed" in visible(client.get(done.location))

    again = client.post(link, data={"password": "yet another password",
                                    "confirm": "yet another password"})
    assert again.status_code == 400 and "This link is not valid" in visible(again)

    # The other computer's session has ended.
    assert elsewhere.get("/account").status_code == 302
    # Old password no longer works, the new one does.
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 400
    login(client, user, NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(app, client,
                                                                              smtp):
    response = client.post("/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert "If an account uses that address" in visible(client.get(response.location))
    assert smtp.wait_for(1, timeout=0.3) == []


def test_reset_links_are_built_from_the_public_url_not_the_host_header(app, client, smtp):
    user = make_user()
    client.post("/reset", data={"email": user.email},
                headers={"Host": "evil.example"})
    [message] = smtp.wait_for(1)
    assert "evil.example" not in body_of(message)
    assert "http://forum.test/reset/" in body_of(message)


# Changing password and email ------------------------------------------------------------------

def test_change_password_keeps_this_session_and_ends_the_others(app, client):
    user = make_user()
    login(client, user)
    elsewhere = app.test_client()
    login(elsewhere, user)

    wrong = client.post("/account/password", data={
        "pw-current_password": "not my password", "pw-password": NEW_PASSWORD,
        "pw-confirm": NEW_PASSWORD})
    assert wrong.status_code == 400
    assert "The current password is not correct." in visible(wrong)
    assert 'value="not my password"' not in page(wrong)

    mismatch = client.post("/account/password", data={
        "pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD,
        "pw-confirm": "something different"})
    assert mismatch.status_code == 400 and "The passwords differ." in visible(mismatch)

    done = client.post("/account/password", data={
        "pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD,
        "pw-confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Your password has been changed" in visible(client.get(done.location))
    assert client.get("/account").status_code == 200  # still signed in here
    assert elsewhere.get("/account").status_code == 302  # signed out there
    client.post("/logout")
    login(client, user, NEW_PASSWORD)


def test_change_email_sends_a_confirmation_to_the_new_address(app, client, smtp):
    user = make_user(email="old@example.org")
    make_user(email="taken@example.org")
    login(client, user)

    wrong = client.post("/account/email", data={"em-email": "new@example.org",
                                                "em-password": "not my password"})
    assert wrong.status_code == 400 and "The password is not correct." in visible(wrong)
    assert input_value(page(wrong), "em-email") == "new@example.org"

    taken = client.post("/account/email", data={"em-email": "taken@example.org",
                                                "em-password": PASSWORD})
    assert taken.status_code == 400
    assert "An account with this email address already exists." in visible(taken)

    response = client.post("/account/email", data={"em-email": "New@Example.org",
                                                   "em-password": PASSWORD})
    assert response.status_code == 302
    assert "We have sent a confirmation link" in visible(client.get(response.location))
    [message] = smtp.wait_for(1)
    assert message["To"] == "new@example.org"
    assert message["Subject"] == "Confirm your new email address"
    link = link_after(message, "new address for the forum:")
    assert reload(user).email == "old@example.org"

    shown = client.get(link)
    assert "change your address to new@example.org" in visible(shown)
    assert reload(user).email == "old@example.org"

    done = client.post(link, data={"submit": "Confirm"})
    assert done.status_code == 302
    assert reload(user).email == "new@example.org"
    assert client.post(link, data={"submit": "Confirm"}).status_code == 400  # works once
    client.post("/logout")
    login(client, reload(user))


# API tokens --------------------------------------------------------------------------------

def test_api_token_is_shown_once_works_and_can_be_revoked(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    created = client.post("/account/tokens", data={"tk-name": "my laptop"})
    assert created.status_code == 200
    html = page(created)
    assert "shown below once" in visible(created)
    token = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    assert token.startswith("fbt_")
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == moderator.id))
    assert row.name == "my laptop" and token not in (row.token_hash or "")

    api = app.test_client()
    queue = f"/api/v1/forums/{forum.slug}/queue"
    assert api.get(queue, headers={"Authorization": f"Bearer {token}"}).status_code == 200

    account = client.get("/account")
    assert "my laptop" in visible(account) and token not in page(account)  # shown once

    # Someone else cannot revoke it.
    other = app.test_client()
    login(other, participant)
    assert other.post(f"/account/tokens/{row.id}/revoke").status_code == 404

    revoked = client.post(f"/account/tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    assert "The token has been revoked." in visible(client.get(revoked.location))
    assert reload(row).revoked_at is not None
    assert api.get(queue, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "my laptop" not in visible(client.get("/account"))


def test_sign_in_rotates_the_session(app, client):
    user = make_user()
    login(client, user)
    first = client.get_cookie("session").value
    client.post("/logout")
    login(client, user)
    second = client.get_cookie("session").value
    assert first != second
    db.session.expire_all()
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                                  .order_by(UserSession.id)).all()
    assert len(sessions) == 2
    assert sessions[0].revoked_at is not None and sessions[1].revoked_at is None
