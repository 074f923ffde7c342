"""The devset bench's own helpers (bench/devscore.py, bench/devreport.py) on made-up text."""

import ast
from pathlib import Path

import pytest

from bench import devscore
from bench.devreport import BEGIN, END, write_section

ROOT = Path(__file__).resolve().parents[2]


def test_cut_keeps_whole_sentences_and_truncates_the_last_to_the_word_count():
    sentences = ["Alpha beta gamma.", "Delta epsilon zeta eta.", "Theta iota."]
    assert devscore.cut(sentences, 5) == ["Alpha beta gamma.", "Delta epsilon"]
    assert devscore.cut(sentences, 3) == ["Alpha beta gamma."]
    assert devscore.word_count(devscore.cut(sentences, 100)) == 9
    assert devscore.cut(sentences, 0) == []


def test_cut_skips_empty_sentences():
    assert devscore.cut(["", "One two.", "  "], 10) == ["One two."]


def test_lead_takes_the_first_sentence_of_each_post_in_order_within_the_budget():
    posts = [["Post one opens.", "Post one goes on."], [], ["Post three opens here.", "More."]]
    assert devscore.lead(posts, 100) == ["Post one opens.", "Post three opens here."]
    assert devscore.lead(posts, 4) == ["Post one opens.", "Post"]


def test_keypoint_coverage_counts_key_points_matched_above_the_threshold():
    pytest.importorskip("rouge_score")
    sentences = ["Bicycle lanes make commuting safer for riders.",
                 "The weather was pleasant on Tuesday."]
    key_points = ["Bicycle lanes make commuting safer", "Taxes on fuel should rise"]
    assert devscore.keypoint_coverage(sentences, key_points) == 0.5
    assert devscore.keypoint_coverage([], key_points) == 0.0
    assert devscore.keypoint_coverage(sentences, key_points, threshold=1.01) == 0.0


def test_rouge_is_perfect_for_the_reference_itself_and_zero_for_unrelated_text():
    pytest.importorskip("rouge_score")
    reference = ["Gardeners planted tomatoes in spring.", "The harvest was large."]
    assert devscore.rouge(reference, reference) == pytest.approx(
        {"rouge1": 1.0, "rouge2": 1.0, "rougeLsum": 1.0})
    assert devscore.rouge(["Quantum kettles whistle."], reference)["rouge1"] == 0.0


def test_lexrank_prefers_the_sentence_most_like_the_others_and_prints_in_document_order():
    pytest.importorskip("sklearn")
    sentences = ["Solar panels cut the village's power bills.",
                 "A goat wandered into the meeting hall.",
                 "Power bills fell after solar panels were installed.",
                 "Solar panels and lower power bills pleased the village."]
    chosen = devscore.lexrank(sentences, 9)
    assert "goat" not in " ".join(chosen)
    assert devscore.word_count(chosen) <= 9


def test_centroid_mmr_passes_over_a_near_duplicate_for_a_new_sentence():
    pytest.importorskip("sklearn")
    sentences = ["Rainwater tanks help farms in dry months.",
                 "Rainwater tanks help farms in dry months!",
                 "Drip irrigation saves water on farms.",
                 "Farms in dry months need water."]
    chosen = devscore.centroid_mmr(sentences, 13)
    assert chosen == ["Rainwater tanks help farms in dry months.",
                      "Farms in dry months need water."]


def test_a_selection_is_cut_in_pick_order_and_printed_in_document_order():
    sentences = ["First in the text.", "Second in the text.", "Third in the text here."]
    assert devscore._in_order(sentences, [2, 0], 6) == ["First", "Third in the text here."]


def test_write_section_replaces_only_the_text_between_the_markers(tmp_path):
    doc = tmp_path / "bench.md"
    doc.write_text(f"# Title\n\nHand-written notes.\n\n{BEGIN}\nold table\n{END}\n\nMore notes.\n")
    write_section(doc, "new table")
    text = doc.read_text()
    assert "old table" not in text and "new table" in text
    assert text.startswith("# Title\n\nHand-written notes.") and text.endswith("More notes.\n")


def test_the_product_never_imports_the_bench_libraries():
    banned = {"sumy", "rouge_score", "sklearn", "nltk"}
    offenders = []
    for path in (ROOT / "forum").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] in banned]
    assert offenders == []
