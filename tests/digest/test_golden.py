"""The seed forums' Markdown digests, frozen as golden files.

Any change to the pipeline that changes what the Secretariat reads shows up here as a diff to
review. After a deliberate change, rewrite the files and read the diff before committing:

    FORUM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/digest/test_golden.py

On PostgreSQL the same files must come out byte for byte (CONTRACTS: determinism).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from forum.archive.export import forum_for_export
from forum.archive.seed import load_seed
from forum.digest.generate import render, report_for

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("slug", ["cbforum2014", "ppforum2014"])
def test_seed_digest_matches_its_golden_file(app, db_name, slug):
    load_seed()
    text = render(report_for(forum_for_export(slug)), "md")
    golden = GOLDEN / f"{slug}.md"
    if os.environ.get("FORUM_UPDATE_GOLDEN") and db_name == "sqlite":
        golden.write_text(text, encoding="utf-8", newline="\n")
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{slug}.md", "generated", n=1))
        pytest.fail(f"{slug} digest differs from its golden file ({db_name}):\n{diff[:4000]}")
