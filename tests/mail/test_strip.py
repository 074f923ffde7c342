"""Stripping an emailed reply down to what its author wrote: one made-up example per rule
(forum/mail/inbound/strip.py), and prose that looks like a rule but is not one."""

from __future__ import annotations

import pytest

from forum.mail.inbound.strip import REPLY_MARKER, strip_reply


def test_plain_text_is_kept_as_written():
    text = "We label every shipment.\n\nThe form has two parts:\n- origin\n- use\n"
    assert strip_reply(text) == text.rstrip("\n")


def test_quoted_lines_are_dropped_and_inline_answers_kept():
    text = ("> Which documents go with a shipment?\n"
            "The bill of lading and our own form.\n"
            ">> older quote\n"
            "> And who checks them?\n"
            "Customs, at the border.\n")
    assert strip_reply(text) == ("The bill of lading and our own form.\n"
                                 "Customs, at the border.")


def test_the_attribution_line_and_its_quote_go():
    text = ("Thanks, I agree with the moderator.\n\n"
            "On Thu, 3 Dec 2026 at 10:15, BCH Forum <forum@example.org> wrote:\n"
            "> Please share your experience.\n"
            ">\n"
            "> Stop watching: http://forum.test/x\n")
    assert strip_reply(text) == "Thanks, I agree with the moderator."


def test_an_attribution_wrapped_over_two_lines_goes_too():
    text = ("Short answer: yes.\n\n"
            "On Thu, Dec 3, 2026 at 10:15 AM BCH Forum <reply+abc@\n"
            "reply.example.org> wrote:\n\n"
            "> Please share.\n")
    assert strip_reply(text) == "Short answer: yes."


@pytest.mark.parametrize("attribution", [
    "Le jeu. 3 déc. 2026 à 10:15, BCH Forum <forum@example.org> a écrit :",
    "El jue, 3 dic 2026 a las 10:15, BCH Forum (<forum@example.org>) escribió:",
    "Am 03.12.2026 um 10:15 schrieb BCH Forum <forum@example.org>:",
    "Em qui., 3 de dez. de 2026 às 10:15, BCH Forum escreveu:",
    "3 дек. 2026 г., в 10:15, BCH Forum <forum@example.org> написал(а):",
    "BCH Forum <forum@example.org> 于2026年12月3日周四 10:15写道：",
    "في الخميس، 3 ديسمبر 2026 10:15 ص، كتب BCH Forum:",
])
def test_attribution_lines_in_other_languages(attribution):
    text = f"Notre réponse.\n\n{attribution}\n> Please share.\n"
    assert strip_reply(text) == "Notre réponse."


def test_prose_ending_in_wrote_is_kept_when_no_quote_follows():
    text = ("In 2014 the Secretariat wrote:\n"
            "\"Parties are invited to share experiences\", and we did.\n")
    assert strip_reply(text) == text.strip()


def test_outlook_original_message_separator():
    text = ("See our guidance attached.\n\n"
            "-----Original Message-----\n"
            "From: BCH Forum\nSent: Thursday, December 3, 2026 10:15 AM\n"
            "Subject: RE: Labelling\n\nPlease share.\n")
    assert strip_reply(text) == "See our guidance attached."


def test_outlook_header_block_without_separator():
    text = ("Our ministry uses form B.\n\n"
            "________________________________\n"
            "From: BCH Forum <forum@example.org>\n"
            "Sent: 03 December 2026 10:15\n"
            "To: Ana <ana@example.org>\n"
            "Subject: [#12] RE: Labelling\n\n"
            "Please share.\n")
    assert strip_reply(text) == "Our ministry uses form B."


def test_a_header_block_in_another_language():
    text = ("Oui.\n\nDe : BCH Forum <forum@example.org>\n"
            "Envoyé : jeudi 3 décembre 2026 10:15\nÀ : Ana\nObjet : Labelling\n\n"
            "Please share.\n")
    assert strip_reply(text) == "Oui."


def test_a_line_starting_with_from_in_prose_is_kept():
    text = "From: our point of view, labels help.\nThey are cheap.\n"
    assert strip_reply(text) == text.strip()


def test_the_reply_marker_cuts_even_when_not_quoted():
    text = f"Agreed.\n\n{REPLY_MARKER}\nReply to this email...\nThe post's text\n"
    assert strip_reply(text) == "Agreed."


@pytest.mark.parametrize("delimiter", ["-- ", "--"])
def test_the_signature_goes(delimiter):
    text = f"We agree.\n{delimiter}\nDr. Ana Example\nMinistry of Environment\n+1 555 0100\n"
    assert strip_reply(text) == "We agree."


@pytest.mark.parametrize("device", ["Sent from my iPhone", "Get Outlook for Android",
                                    "Envoyé de mon iPad", "Sent from Mail for Windows"])
def test_sent_from_device_lines_at_the_end_go(device):
    assert strip_reply(f"Yes, see annex II.\n\n{device}\n") == "Yes, see annex II."


def test_a_sent_from_line_in_the_middle_stays():
    text = "Sent from my office: the draft is ready.\nPlease read it.\n"
    assert strip_reply(text) == text.strip()


def test_markdown_rules_inside_the_text_stay():
    text = "First part.\n\n---\n\nSecond part.\n"
    assert strip_reply(text) == "First part.\n\n---\n\nSecond part."


def test_only_quotes_and_a_signature_leave_nothing():
    text = ("\n\nOn Thu, 3 Dec 2026 at 10:15, BCH Forum wrote:\n> Please share.\n"
            "-- \nAna\n")
    assert strip_reply(text) == ""
    assert strip_reply("> just a quote\n>\n") == ""
    assert strip_reply("") == ""


def test_windows_and_old_mac_line_endings():
    assert strip_reply("Yes.\r\n> quote\r\n") == "Yes."
    assert strip_reply("Yes.\r-- \rAna\r") == "Yes."


def test_an_answer_written_below_the_quote_is_kept():
    text = ("On Thu, 3 Dec 2026 at 10:15, BCH Forum <forum@example.org> wrote:\n"
            f"> {REPLY_MARKER}\n"
            "> Which channels reach people best?\n"
            "> -- \n"
            "> Stop watching: http://forum.test/x\n\n"
            "Radio, in local languages.\n\n"
            "-- \nAna\n")
    assert strip_reply(text) == "Radio, in local languages."


def test_a_quoted_marker_does_not_cut_what_follows_it():
    text = f"> {REPLY_MARKER}\n> the post\nMy answer.\n"
    assert strip_reply(text) == "My answer."
