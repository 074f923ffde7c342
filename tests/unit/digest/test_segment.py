from synthesis.stages.chatter import substance
from synthesis.stages.segment import blocks, segment_post, source_posts, split_sentences

from .factories import make_post


def texts(body: str, country: str | None = "KE", name: str = "Grace Wanjiru") -> list[str]:
    return [s.text for s in segment_post(make_post(1, country, body, name=name), "en")]


def test_greetings_thanks_introductions_and_questions_are_dropped():
    body = """Dear colleagues, good morning from Nairobi.

My name is Grace Wanjiru and I work with the National Biosafety Authority.
Thank you, Ms. Qwathekana, for opening this topic.

We have included biosafety in the revised NBSAP. Could you tell us how you did it?

I will come back later with more details.

Grace Wanjiru"""
    assert texts(body) == ["We have included biosafety in the revised NBSAP."]


def test_agreement_keeps_only_its_substance():
    assert substance("I agree with Mr. Chan that coordination is the key obstacle.", "en") == \
        "coordination is the key obstacle."
    assert substance("I agree with Ms. Dubois: low awareness is at the root of it all.", "en") \
        == "low awareness is at the root of it all."
    assert substance("I agree with Mr. Okello.", "en") is None
    assert substance("I also agree with Ms. Wanjiru on joint research.", "en") is None


def test_other_participants_and_second_person_are_chatter():
    assert substance("Dr. Mokoena, your point about funding is very relevant.", "en") is None
    assert substance("Our experience matches what Mr. Letchumanan describes.", "en") is None
    assert substance("I think you are right about the budget process.", "en") is None


def test_hedges_and_asides_are_removed():
    assert substance("I think the law was the turning point for the budget.", "en") == \
        "the law was the turning point for the budget."
    assert substance("Investing in officials is, I believe, one of the best choices.", "en") == \
        "Investing in officials is one of the best choices."
    assert substance("In our experience, training must be repeated every year.", "en") == \
        "training must be repeated every year."


def test_quotes_are_kept_and_never_split():
    assert split_sentences('He said "we did it. Then we stopped." and left. Next one here.',
                           "en") == ['He said "we did it. Then we stopped." and left.',
                                     "Next one here."]


def test_abbreviations_do_not_end_sentences():
    assert split_sentences("Mr. Lewis opened it, e.g. on day one. It went well.", "en") == [
        "Mr. Lewis opened it, e.g. on day one.", "It went well."]


def test_chinese_sentences_split_on_chinese_stops():
    assert split_sentences("我国已纳入。我们还在努力！是否足够？还有；其他", "zh") == [
        "我国已纳入。", "我们还在努力！", "是否足够？", "还有；", "其他"]


def test_chinese_chatter_is_dropped():
    post = make_post(1, "CN", "各位同事，大家好。我是王明，来自环境部。"
                              "我国已将生物安全纳入国家战略。谢谢！你们怎么看？", name="王明")
    assert [s.text for s in segment_post(post, "zh")] == ["我国已将生物安全纳入国家战略。"]


def test_markdown_is_plain_text_and_block_quotes_of_others_are_left_out():
    body = "> Someone else wrote this long quoted sentence here.\n\n" \
           "Our **new** law is [online](https://example.org) since 2013 for everyone."
    assert texts(body) == ["Our new law is online since 2013 for everyone."]


def test_a_list_of_fragments_joins_the_sentence_that_announces_it():
    body = "The draft NBSAP covers in particular:\n\n- risk assessment;\n- detection of LMOs;\n" \
           "- monitoring and inspection."
    assert texts(body) == ["The draft NBSAP covers in particular: risk assessment; detection of "
                           "LMOs; monitoring and inspection."]
    assert blocks("1. One full sentence here.\n2. Another one.")[0] == (
        "list", ["One full sentence here.", "Another one."])


def test_a_paragraph_about_the_country_is_national_as_a_whole():
    sentences = segment_post(make_post(1, "KE", "We have a law on biosafety since 2009. The "
                                               "draft regulations cover field trials in detail."
                                               "\n\nPublic awareness matters a great deal for "
                                               "every regulator."), "en")
    assert [s.national for s in sentences] == [True, True, False]


def test_organizations_are_never_national():
    sentences = segment_post(make_post(1, None, "We have trained many people in projects."), "en")
    assert sentences and not sentences[0].national


def test_only_replies_are_sources_and_moderators_are_left_out():
    posts = [make_post(3, "KE", "x", kind="summary"), make_post(2, "KE", "y", name="Mod"),
             make_post(1, "KE", "z")]
    assert [p.id for p in source_posts(posts, moderator_names=["Mod"])] == [1]
    assert [p.id for p in source_posts(posts, moderator_names=["Mod"],
                                       include_moderators=True)] == [1, 2]
