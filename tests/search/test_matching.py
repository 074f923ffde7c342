"""What a search finds: English stems, Chinese words, and the index kept in step."""

from __future__ import annotations

from forum.moderation import actions as moderation
from tests.helpers import make_reply
from tests.search.support import approved, found, found_ids, make_world


def test_english_search_finds_other_forms_of_a_word(client):
    w = make_world()
    post = approved(w.thread, w.alice, "We discussed the integration of biosafety "
                                       "into national planning.", w.moderator)
    assert found_ids(client, "integrating") == [post.id]
    assert found_ids(client, "Integrated PLANS") == [post.id]


def test_accents_are_folded(client):
    w = make_world(language="fr")
    post = approved(w.thread, w.alice, "La stratégie régionale est adoptée.", w.moderator)
    assert found_ids(client, "strategie regionale") == [post.id]


def test_chinese_words_are_found_inside_a_sentence(client):
    w = make_world(language="zh")
    post = approved(w.thread, w.alice, "我们国家加强了生物安全能力建设。", w.moderator)
    approved(w.thread, w.bob, "这是关于其他问题的意见。", w.moderator)
    assert found_ids(client, "生物安全") == [post.id]
    assert found_ids(client, "能力建设") == [post.id]
    assert "<mark>" in found(client, "生物安全")["items"][0]["snippet"]


def test_thread_titles_are_searched(client):
    w = make_world()
    post = approved(w.thread, w.alice, "Nothing else in common.", w.moderator)
    assert post.id in found_ids(client, "capacity")


def test_a_pending_post_is_found_only_once_approved(client):
    w = make_world()
    post = make_reply(w.thread, w.alice, "Socioeconomic considerations matter.")
    assert found_ids(client, "socioeconomic") == []
    moderation.approve_post(post, acting_user=w.moderator, version=post.version)
    assert found_ids(client, "socioeconomic") == [post.id]


def test_edit_then_approve_indexes_the_edited_text(client):
    w = make_world()
    post = make_reply(w.thread, w.alice, "Original wording about liability.")
    moderation.edit_and_approve(post, acting_user=w.moderator, version=post.version,
                                body="Corrected wording about redress.")
    assert found_ids(client, "redress") == [post.id]
    assert found_ids(client, "liability") == []


def test_hidden_posts_leave_the_results_and_restored_ones_return(client):
    w = make_world()
    post = approved(w.thread, w.alice, "Detection methods for transgenes.", w.moderator)
    moderation.hide_post(post, acting_user=w.moderator, reason="off topic")
    assert found_ids(client, "transgenes") == []
    assert found(client, "transgenes")["total"] == 0
    moderation.restore_post(post, acting_user=w.moderator)
    assert found_ids(client, "transgenes") == [post.id]


def test_a_moderators_own_post_is_found_at_once(client):
    w = make_world()
    post = make_reply(w.thread, w.moderator, "Summary of the guidance on risk assessment.")
    assert found_ids(client, "guidance") == [post.id]


def test_renaming_a_thread_reindexes_its_posts(client):
    w = make_world()
    post = approved(w.thread, w.alice, "Some words.", w.moderator)
    moderation.edit_thread(w.thread, acting_user=w.moderator, title="Public awareness",
                           questions=[])
    assert post.id in found_ids(client, "awareness")  # (its subject keeps the old title)


def test_every_word_must_occur(client):
    w = make_world()
    both = approved(w.thread, w.alice, "Risk assessment and risk management.", w.moderator)
    approved(w.thread, w.bob, "Risk communication only.", w.moderator)
    assert found_ids(client, "risk management") == [both.id]
