"""Cleaning a real archive needs (synthesis/stages/clean.py, tidy.py, chatter.py): one test per
rule, on messages made up for these tests. What is kept stays linked to its post."""

from __future__ import annotations

from synthesis import build_report
from synthesis.stages import tidy
from synthesis.stages.chatter import substance
from synthesis.stages.number import all_lines
from synthesis.stages.segment import segment, source_posts
from synthesis.types import DigestSettings
from tests.unit.digest.factories import make_forum, make_post


def sentences(*bodies: str, names: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """(post id, sentence) for posts by people with no country (a mailing list)."""
    posts = [make_post(n, None, b, affiliation="organization", organization="",
                       name=names[n - 1] if names else f"Writer {n}")
             for n, b in enumerate(bodies, start=1)]
    return [(s.post_id, s.text) for s in segment(source_posts(posts), "en", "name")]


def texts(*bodies: str, **kw) -> list[str]:
    return [t for _, t in sentences(*bodies, **kw)]


def test_quoted_lines_are_not_the_author_s_words():
    out = texts("> The cache should be shared between the two workers of the pool.\n"
                "Sharing it would need a lock around every write to the index.")
    assert out == ["Sharing it would need a lock around every write to the index."]


def test_an_on_date_someone_wrote_line_goes_even_when_wrapped():
    out = texts("On Tue, 4 Mar 2003 at 10:12, Tomas Varga\n<tv@mail.example> wrote:\n"
                "The validator rejects the empty element on the third line.")
    assert out == ["The validator rejects the empty element on the third line."]


def test_a_forwarded_message_below_the_reply_is_left_out():
    out = texts("The grammar needs one more rule for nested lists in tables.\n\n"
                "-----Original Message-----\n"
                "The grammar handles nested lists already in every case we tried.")
    assert out == ["The grammar needs one more rule for nested lists in tables."]


def test_mail_headers_of_a_quoted_message_go():
    out = texts("From: Rosa Diaz [mailto:rd@mail.example]\nSent: Friday, March 7, 2003 9:14 AM\n"
                "To: parser list\nSubject: RE: nested lists\n\n"
                "The second pass of the parser can drop the empty nodes safely.")
    assert out == ["The second pass of the parser can drop the empty nodes safely."]


def test_text_an_earlier_message_said_is_credited_to_that_message():
    first = "The registry should refuse names that differ only in case from another."
    out = sentences(first, "Agreed, and the check is cheap.\n\n" + first)
    assert out == [(1, first), (2, "Agreed, and the check is cheap.")]


def test_the_signature_delimiter_ends_the_message():
    out = texts("The fixture files load in under a second on the old laptop.\n-- \n"
                "Ivo Petrov, Senior Engineer\nUpside Labs\nhttps://upside.example")
    assert out == ["The fixture files load in under a second on the old laptop."]


def test_a_signature_block_without_delimiter_goes():
    out = texts("The release notes should list every renamed option with its new name.\n"
                "Marta Kowal\nTechnical Writer\nDepartment of Documentation, Harbour Institute.\n"
                "12 Quay Street, Northport\nTel: +44 20 7946 0000\nFax: +44 20 7946 0001\n"
                "marta@harbour.example")
    assert out == ["The release notes should list every renamed option with its new name."]


def test_a_sign_off_and_the_name_after_it_go():
    out = texts("The migration script must run before the new index is built.\n"
                "Best regards,\nLena")
    assert out == ["The migration script must run before the new index is built."]


def test_a_greeting_line_goes_and_the_sentence_after_it_stays():
    out = texts("Hi Lena,\nthe index is rebuilt every night from the full export.",
                names=("Omar Haddad",))
    assert out == ["The index is rebuilt every night from the full export."]
    named = texts("Lena,\nThe index is rebuilt every night from the full export.",
                  "The export takes about an hour on the current server.",
                  names=("Omar Haddad", "Lena Berg"))
    assert named[0] == "The index is rebuilt every night from the full export."


def test_a_reference_list_goes():
    out = texts("Two drafts disagree on how a missing language tag is read [1].\n\n"
                "References:\n[1] http://specs.example/draft-7\n[2] Mill, J. Tags. 2001.")
    assert out == ["Two drafts disagree on how a missing language tag is read."]


def test_citation_markers_inside_a_sentence_go():
    assert tidy.sentence("Ranking by support works better on long threads [3] than "
                          "on short ones (Okoro et al., 2019).") == \
        "Ranking by support works better on long threads than on short ones."


def test_urls_go_and_a_sentence_that_only_pointed_at_one_goes_too():
    assert tidy.sentence("The test suite (https://tests.example/suite) covers every "
                          "element of the schema.") == \
        "The test suite covers every element of the schema."
    assert tidy.sentence("The minutes of the call are at http://lists.example/m/42.") is None
    assert texts("The minutes are online.\n<http://lists.example/m/42>\n\n"
                 "The chair closed the open items on the schema.") == \
        ["The chair closed the open items on the schema."]


def test_e_mail_addresses_go():
    assert tidy.sentence("Comments on the draft go to the editor <ed@specs.example> "
                          "before the end of May.") == \
        "Comments on the draft go to the editor before the end of May."


def test_code_lines_go_and_the_prose_around_them_stays():
    out = texts("The loop never ends when the list is empty:\n"
                "while (node != null) { node = node.next; }\n\n"
                "A guard before the loop fixes it for every caller.")
    assert out == ["A guard before the loop fixes it for every caller."]


def test_transcript_fillers_go():
    assert tidy.sentence("The clinics, uh, need two more nurses, um, before the winter.") == \
        "The clinics need two more nurses before the winter."
    assert tidy.sentence("Uh, the ferry timetable changes in April.") == \
        "The ferry timetable changes in April."
    # Words that only contain a filler stay.
    assert tidy.sentence("The hum of the old engine drowns the umpire.") == \
        "The hum of the old engine drowns the umpire."


def test_spoken_asides_go():
    assert tidy.sentence("The ferry, you know, stops running in the winter months.") == \
        "The ferry stops running in the winter months."
    assert tidy.sentence("I mean, the ferry stops running in the winter months.") == \
        "The ferry stops running in the winter months."


def test_repeated_words_and_false_starts_are_one_word():
    assert tidy.sentence("The the ferry stops in in the winter.") == \
        "The ferry stops in the winter."
    assert tidy.sentence("We— we need a second ferry for the islands.") == \
        "We need a second ferry for the islands."
    # A doubled word that is one word stays ("gong-gong"), and "that that" is grammar.
    assert tidy.sentence("The crier beats a gong-gong to say that that road is shut.") == \
        "The crier beats a gong-gong to say that that road is shut."


def test_a_sentence_broken_off_is_left_out():
    assert tidy.sentence("Now, the trouble with the new timetable is the—.") is None


def test_vocatives_go():
    assert tidy.sentence("Mr. Chair, the ferry stops running in the winter months.") == \
        "The ferry stops running in the winter months."
    assert tidy.sentence("The ferry stops running in the winter months, Madam Chair.") == \
        "The ferry stops running in the winter months."
    assert tidy.sentence("Lena, the index is rebuilt every night.", ("Lena",)) == \
        "The index is rebuilt every night."


def test_chair_chatter_is_not_substance():
    for said in ("Next, we have the member for the coast.",
                 "We'll now go to Ms. Farrow for five minutes.",
                 "Now we will proceed to questions from the members.",
                 "Our next question goes to the member for the valley.",
                 "The member for the lakes has the floor.",
                 "Dana has a question about the ferry budget.",
                 "I have some quick questions for the minister.",
                 "Any thoughts on the timetable would be very welcome.",
                 "We will move on then to item 4 and the ferry inquiry.",
                 "Okay then, the next item is item 5, the ferry letters.",
                 "I call for nominations for a chair for today's sitting."):
        assert substance(said, "en") is None, said
    assert substance("We will continue to work with the islands on the ferry budget.",
                     "en") is not None


def test_a_related_note_lead_in_goes():
    assert substance("On a related note, the ferry budget doubled in two years.", "en") == \
        "the ferry budget doubled in two years."


def test_the_cleaned_text_keeps_its_post():
    posts = [make_post(n, None, body, affiliation="organization", organization="",
                       name=name) for n, (name, body) in enumerate([
                           ("Lena Berg", "Hi all,\nThe export should run after midnight, when "
                            "the load is lowest.\n-- \nLena Berg\nlena@berg.example"),
                           ("Omar Haddad", "> The export should run after midnight.\n"
                            "A midnight run clashes with the backup job on the nightly server.\n"
                            "Cheers,\nOmar"),
                       ], start=1)]
    report = build_report(make_forum(), posts, DigestSettings.from_dict({"attribution": "name"}))
    content = [x for x in all_lines(report) if x.kind == "content"]
    by_text = {x.text: x.sources for x in content}
    assert any("after midnight, when the load is lowest" in t and s == (1,)
               for t, s in by_text.items()), by_text
    assert any("clashes with the backup job" in t and s == (2,) for t, s in by_text.items())
    printed = " ".join(by_text)
    for noise in ("lena@berg.example", "Cheers", "Hi all", "> "):
        assert noise not in printed


def test_legal_footers_go():
    assert tidy.sentence("This message and any attachments are confidential and intended "
                          "solely for the named recipient.") is None
    assert tidy.sentence("Nothing here may be passed on by anyone other than the "
                          "addressee.") is None
    # A sentence about some other message's confidentiality is content.
    assert tidy.sentence("The message format stays confidential to the panel until June.") \
        == "The message format stays confidential to the panel until June."
    out = texts("The kiln log is attached for the second firing.\nDISCLAIMER: the views "
                "expressed are the sender's own and may not be those of the guild.")
    assert out == ["The kiln log is attached for the second firing."]


def test_a_sentence_running_into_a_removed_line_is_not_printed_cut():
    out = texts("It worked on the first try. The patch we apply is at\n"
                "https://patches.example/kiln-17\nThe second kiln still needs a new door.")
    assert out == ["It worked on the first try.", "The second kiln still needs a new door."]


def test_command_lines_and_build_logs_go():
    out = texts("The build stops on the first object file every time.\n"
                "cc -g -O2 -Wall -I../../kiln/include -c kilnctl.c -o kilnctl.o\n"
                "kilnctl.c: No such file or directory\n\n"
                "The source tree lacks the generated header on this machine.")
    assert "cc -g" not in " ".join(out)
    assert out[0] == "The build stops on the first object file every time."
    assert out[-1] == "The source tree lacks the generated header on this machine."


def test_a_listed_question_keeps_its_own_mark():
    out = texts("The open question for the group was:\n\n"
                "1. Are glazes with lead allowed in the community kiln?\n")
    assert not any(t.endswith("?.") for t in out), out


def test_a_bare_wrote_line_without_colon_goes():
    out = texts("Good point about the glaze.\nkilns@lists.example wrote\n"
                "Certain glazes crack when the kiln cools too fast.")
    assert "wrote" not in " ".join(out)
    assert out[-1] == "Certain glazes crack when the kiln cools too fast."


def test_someone_addressed_by_first_name_is_not_part_of_the_sentence():
    assert tidy.sentence("Priya, I checked the second kiln and the door holds.") == \
        "I checked the second kiln and the door holds."
    # Opening words with a comma are no names, nor is anything before "it".
    assert tidy.sentence("However, I checked the second kiln.") == \
        "However, I checked the second kiln."
    assert tidy.sentence("Abroad, it shows that the guild takes kilns seriously.") == \
        "Abroad, it shows that the guild takes kilns seriously."


def test_a_wrapped_list_item_continues_on_the_next_line():
    out = texts("Planned for this revision:\n"
                "- Move to the new firing table, allowing glaze codes as an\n"
                "alternative to the old colour names\n"
                "- Fix the temperature units in the second annex\n")
    assert len(out) == 1 and "an alternative to the old colour names" in out[0], out


def test_initials_marking_an_inline_reply_go():
    assert tidy.sentence("[JK:] The usual way is a transparent image with alt text.") == \
        "The usual way is a transparent image with alt text."


def test_a_contracted_courtesy_is_chatter_too():
    assert substance("I'd be interested to hear what others think of this glaze.", "en") is None


def test_a_chinese_last_line_is_never_taken_for_a_signature():
    out = texts("各位同事：\n我国已经建立了国家生物安全委员会。\n委员会每年向议会报告工作进展")
    assert any("委员会每年向议会报告工作进展" in t for t in out), out


def test_an_answer_s_interjection_goes_and_its_statement_stays():
    assert substance("No, but the ferry has missed three crossings since March.", "en") == \
        "but the ferry has missed three crossings since March."
    assert substance("No new ferry licences were issued in the second quarter.", "en") == \
        "No new ferry licences were issued in the second quarter."


def test_header_fields_run_into_one_line_go():
    assert tidy.sentence("Rosa Diaz on 07/03/2003 09:14 AM cc: Subject: RE: the kiln "
                         "schedule is attached.") is None
    assert tidy.sentence("The reply to: the second point is in the annex.") == \
        "The reply to: the second point is in the annex."
