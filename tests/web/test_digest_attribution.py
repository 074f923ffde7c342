"""The attribution setting on the settings page: typed in the YAML, validated with its path,
saved, shown back as typed, used by the draft, and carried by archives (docs/digest.md,
"Attribution")."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from forum.archive.export import export_forum, forum_for_export
from forum.archive.validate import ArchiveError, validate
from forum.extensions import db
from forum.models import Thread
from forum.moderation import actions as moderation
from tests.helpers import make_reply
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    reload,
    snapshot,
    textarea,
    visible,
)
from tests.web.test_digest_settings import form_values, small_forum


def test_attribution_round_trips_through_the_settings_page_and_reaches_the_draft(app):
    forum, moderator, participant, staff = small_forum(app)
    thread = db.session.scalars(select(Thread).where(Thread.forum_id == forum.id)).first()
    moderation.approve_post(make_reply(thread, participant, "I have visited every district "
                                       "office to train the new biosafety inspectors."),
                            acting_user=moderator, version=1)
    url = f"/digest/{forum.slug}/settings"
    draft = visible(staff.get(f"/digest/{forum.slug}"))
    assert "Malaysia" in draft and participant.name not in draft  # the default: country
    values = form_values(page(staff.get(url)))
    assert "attribution" not in values["outline"]
    response = staff.post(url, data={**values, "outline": values["outline"]
                                     + "attribution: name\n"})
    assert response.status_code == 302
    assert reload(forum).digest_settings["attribution"] == "name"
    assert "attribution: name\n" in textarea(page(staff.get(url)), "outline")
    draft = visible(staff.get(f"/digest/{forum.slug}"))
    assert f"{participant.name} has visited every district office" in draft
    assert f"{participant.name} said: “In our country the ministry consulted farmers" in draft
    values = form_values(page(staff.get(url)))
    response = staff.post(url, data={**values, "outline": values["outline"].replace(
        "attribution: name", "attribution: role")})
    assert response.status_code == 302
    draft = visible(staff.get(f"/digest/{forum.slug}"))
    assert participant.name not in draft
    assert "One participant said: “In our country the ministry" in draft
    assert "The participant has visited every district office" in draft


def test_a_bad_attribution_is_refused_with_its_path_and_nothing_is_saved(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    typed = values["outline"] + "attribution: everyone\n"
    before = snapshot()
    response = staff.post(url, data={**values, "outline": typed})
    assert response.status_code == 400
    assert "attribution: must be one of country, name, role" in visible(response)
    assert textarea(page(response), "outline") == typed
    assert snapshot() == before


def test_an_archive_carries_the_attribution_and_refuses_a_bad_one(app):
    forum, *_ = small_forum(app)
    row = db.session.get(type(forum), forum.id)
    row.digest_settings = {"attribution": "role"}
    db.session.commit()
    archive = export_forum(forum_for_export(forum.slug))
    assert archive["forum"]["digest"]["attribution"] == "role"
    validate(copy.deepcopy(archive))
    archive["forum"]["digest"]["attribution"] = "everyone"
    with pytest.raises(ArchiveError, match=r"forum\.digest\.attribution"):
        validate(archive)
