"""Every malformed archive is refused by `forum import` with one line naming the field, and
nothing is imported: a valid archive mutated at many paths, on every database."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from forum.archive.load import import_archive
from forum.archive.validate import ArchiveError
from forum.extensions import db
from forum.models import Forum, User
from tests.archive.rich import rich_archive

DEEP = "\x01deep"  # replaced in the written text by JSON nested 100,000 levels deep
NAN = "\x01nan"  # replaced by a bare NaN
HUGE = "\x01huge"  # replaced by an integer of 5,000 digits
DELETE = object()
NESTED = "[" * 100_000 + "]" * 100_000
OVERFLOW = "9999-12-31T23:59:59-01:00"


class First:
    """The index of the first item of a list whose `field` is not empty."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __repr__(self) -> str:
        return f"First({self.field!r})"


REPORT = ("digests", "versions", 0, "report")
REVISED = ("posts", First("revisions"))
COMMENT = ("digests", "reviews", 0, "comments", 0)

# (path, value, what the error path adds after the mutated path)
MUTATIONS: list[tuple[tuple, Any, str]] = [
    # integers beyond 64 bits, and beyond 32 bits where the column is 32-bit
    (("posts", 0, "number"), 2**64, ""),
    (("posts", 0, "number"), 2**31, ""),
    (("posts", 0, "number"), HUGE, ""),
    (("posts", 0, "version"), 2**31, ""),
    (("posts", 0, "version"), 2**70, ""),
    ((*REVISED, "revisions", 0, "version"), 2**40, ""),
    (("digests", "versions", 0, "number"), 2**31, ""),
    (("digests", "overrides", 0, "position"), 2**40, ""),
    (("digests", "overrides", 0, "sources"), [2**70], "[0]"),
    ((*COMMENT, "paragraph"), 2**40, ""),
    ((*COMMENT, "sources"), [2**64], "[0]"),
    (("audit", 0, "detail"), {"n": 2**64}, ".n"),
    (("forum", "digest"), {"word_budget": 2**70}, ".word_budget"),
    (("version",), 2**70, ""),
    ((*REPORT, "post_numbers"), [[2**64, 1]], "[0][0]"),
    # strings PostgreSQL cannot store, or UTF-8 cannot encode
    (("forum", "title"), "\ud800", ""),
    (("forum", "objective"), "a\x00b", ""),
    (("people", 0, "name"), "\udfff x", ""),
    (("people", 0, "key"), "k\x00", ""),
    (("threads", 0, "questions"), ["ok", "\ud800"], "[1]"),
    (("posts", 0, "body"), "\x00", ""),
    (("posts", 0, "tags"), ["\ud800"], "[0]"),
    (("audit", 0, "detail"), {"\ud800": 1}, ""),
    (("audit", 0, "reason"), "\x00", ""),
    (("digests", "versions", 0, "markdown"), "\x00", ""),
    ((*REPORT, "title"), "\ud800", ""),
    ((*COMMENT, "body"), "\x00", ""),
    (("forum", "digest"), {"mandate": "\x00"}, ".mandate"),
    # lengths beyond the column
    (("posts", 0, "subject"), "x" * 321, ""),
    (("audit", 0, "target_type"), "x" * 31, ""),
    (("audit", 0, "action"), "x" * 61, ""),
    (("people", 0, "email"), "a" * 255, ""),
    (("people", 1, "email"), lambda a: a["people"][0]["email"].upper(), ""),
    # times: overflow when moved to UTC, year 0, five-digit years, impossible days
    (("forum", "closes_at"), OVERFLOW, ""),
    (("posts", 0, "created_at"), "0000-01-01T00:00:00Z", ""),
    (("posts", 0, "approved_at"), "+10000-01-01T00:00:00Z", ""),
    (("audit", 0, "at"), "0001-01-01T00:00:00+01:00", ""),
    (("accreditations", 0, "created_at"), OVERFLOW, ""),
    (("digests", "versions", 0, "published_at"), OVERFLOW, ""),
    (("digests", "reviews", 0, "opened_at"), "0000-01-01T00:00:00Z", ""),
    (("digests", "overrides", 0, "updated_at"), "+10000-01-01T00:00:00Z", ""),
    (("threads", 0, "created_at"), "2013-02-30T00:00:00Z", ""),
    (("topics", 0, "opens_at"), 20130101, ""),
    ((*REVISED, "revisions", 0, "edited_at"), OVERFLOW, ""),
    ((*COMMENT, "created_at"), "9999-12-31T24:00:00Z", ""),
    # nesting and numbers JSON should not carry
    (("audit", 0, "detail"), {"x": DEEP}, ".x"),
    ((*REPORT, "sections"), DEEP, ""),
    (("forum", "digest"), {"header": DEEP}, ".header"),
    (("audit", 0, "detail"), {"x": NAN}, ".x"),
    (("audit", 0, "detail"), {"x": float("inf")}, ".x"),
    # wrong types everywhere
    (("people", 0), "ana", ""),
    (("posts",), {}, ""),
    (("topics", 0, "title"), None, ""),
    (("threads", 0, "locked"), "yes", ""),
    (("moderators",), [5], "[0]"),
    (("posts", 0, "number"), "7", ""),
    (("posts", 0, "number"), 1.5, ""),
    (("posts", 0, "version"), True, ""),
    (("posts", 0, "revisions"), [{"version": 1}], "[0].body"),
    (("forum", "reconstruction_note"), ["x"], ""),
    (("forum", "digest"), {"word_budget": "many"}, ".word_budget"),
    (("forum", "digest"), {"colour": "red"}, ".colour"),
    (("audit", 0, "detail"), "text", ""),
    (("digests", "overrides", 0, "text"), 5, ""),
    (("digests", "versions", 0, "html"), 5, ""),
    # the published version's report: what the digest code needs to read it
    (REPORT, [], ""),
    ((*REPORT, "sections"), 5, ""),
    ((*REPORT, "language"), DELETE, ""),
    ((*REPORT, "introduction", 0, "lines", 0, "text"), 5, ""),
    ((*REPORT, "introduction", 0, "lines", 0, "sources"), ["6117"], "[0]"),
    ((*REPORT, "introduction", 0, "lines", 0), {"sources": []}, ".text"),
    ((*REPORT, "footnotes"), [{"number": "1", "text": "x"}], "[0].number"),
    ((*REPORT, "header"), {"date": 5}, ".date"),
    ((*REPORT, "post_numbers"), [[1, 2, 3]], "[0]"),
    ((*REPORT, "draft"), "no", ""),
]


def _resolve(archive: dict, path: tuple) -> tuple:
    out: list = []
    node: Any = archive
    for part in path:
        if isinstance(part, First):
            part = next(i for i, item in enumerate(node) if item.get(part.field))
        out.append(part)
        node = node[part] if len(out) < len(path) else node
    return tuple(out)


def _set(archive: dict, path: tuple, value: Any) -> None:
    node: Any = archive
    for part in path[:-1]:
        node = node[part]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value(archive) if callable(value) else value


def _name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _text(archive: dict) -> str:
    text = json.dumps(archive)  # lone surrogates and NUL are written as \u escapes
    for marker, raw in ((DEEP, NESTED), (NAN, "NaN"), (HUGE, "9" * 5000)):
        text = text.replace(json.dumps(marker), raw)
    return text


def _nothing_imported() -> bool:
    db.session.rollback()
    return (db.session.scalar(select(func.count(Forum.id))),
            db.session.scalar(select(func.count(User.id)))) == (0, 0)


@pytest.mark.parametrize(("path", "value", "suffix"), MUTATIONS,
                         ids=[f"{_name(tuple(map(str, p)))}={str(v)[:20]!r}"
                              for p, v, _ in MUTATIONS])
def test_a_malformed_archive_is_one_line_naming_the_field(app, tmp_path, path, value,
                                                          suffix):
    archive = rich_archive()
    path = _resolve(archive, path)
    _set(archive, path, value)
    file = tmp_path / "bad.json"
    file.write_text(_text(archive), "utf-8")
    result = app.test_cli_runner().invoke(args=["import", "--trust-roles", str(file)])
    assert result.exit_code not in (0, None)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert _name(path) + suffix in lines[0], lines[0]
    assert "nothing was imported" in lines[0]
    assert isinstance(result.exception, SystemExit), result.exception
    assert _nothing_imported()


DOCUMENTS = [
    ("nested", NESTED),
    ("nested-object", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ("not-an-object", "[]"),
    ("surrogate-key", '{"\\ud800": 1}'),
    ("huge-number", '{"format": "forum-archive", "version": ' + "9" * 5000 + "}"),
    ("not-utf8", b"\xff\xfe{}"),
    ("empty", ""),
]


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_a_malformed_document_is_one_line(app, tmp_path, name, text):
    file = tmp_path / f"{name}.json"
    file.write_bytes(text if isinstance(text, bytes) else text.encode())
    result = app.test_cli_runner().invoke(args=["import", str(file)])
    assert result.exit_code not in (0, None)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and file.name in lines[0], result.stderr[-2000:]
    assert _nothing_imported()


def test_a_malformed_report_is_refused_in_python_too(app):
    archive = rich_archive()
    archive["digests"]["versions"][0]["report"]["sections"] = [{"key": "s"}]
    with pytest.raises(ArchiveError, match=r"^digests\.versions\[0\]\.report\.sections\[0\]"):
        import_archive(archive)
    assert _nothing_imported()
