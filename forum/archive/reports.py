"""Published digest versions in an archive: the report is checked against what the digest
code reads, and every printed form of a version is made here, never taken from the file.

The report's schema is derived from the digest's own dataclasses (synthesis/types.py),
so the check and the reader cannot drift apart; the report is then actually read
(`report_from_dict`) and printed (Markdown, HTML, Word) at import time, and any failure
becomes an error naming the path, instead of a 500 on the first download.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from forum.archive.fields import ArchiveError, schema_error
from forum.markdown import sanitize_html
from synthesis.render.html import PRINT_CSS, render_html
from synthesis.render.markdown import render_markdown
from synthesis.render.word import render_docx
from synthesis.serial import report_from_dict
from synthesis.types import Report

_SCALARS = {str: "string", int: "integer", bool: "boolean", float: "number",
            type(None): "null"}


def _schema_of(kind: Any) -> dict:
    if kind in _SCALARS:
        return {"type": _SCALARS[kind]}
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = dataclasses.fields(kind)
        return {"type": "object",
                "properties": {f.name: _schema_of(hints[f.name]) for f in fields},
                "required": [f.name for f in fields if f.default is dataclasses.MISSING
                             and f.default_factory is dataclasses.MISSING]}
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return {"anyOf": [_schema_of(arg) for arg in args]}
    if typing.get_origin(kind) is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_of(args[0])}
        return {"type": "array", "prefixItems": [_schema_of(arg) for arg in args],
                "minItems": len(args), "maxItems": len(args)}
    raise TypeError(f"no JSON schema for {kind!r}")  # a new field type in types.py


@cache
def report_schema() -> dict:
    """The JSON Schema of `report_to_dict(Report)` (unknown keys allowed, as the reader
    ignores them)."""
    return _schema_of(Report)


@cache
def _fast_validator():
    return jsonschema_rs.validator_for(report_schema())


def read_report(data: Any, path: str) -> Report:
    """Check `data` against the report schema and read it, or raise naming `path`."""
    if _fast_validator().is_valid(data):
        errors = []
    else:
        errors = sorted(Draft202012Validator(report_schema()).iter_errors(data),
                        key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise schema_error(errors[0], path)
    try:
        return report_from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ArchiveError(path, f"cannot be read as a digest report ({error!r})") from None


def print_version(item: dict, path: str, post_url: str) -> tuple[str, str]:
    """(markdown, html) of a published version: printed from its report, or, for a version
    without one, the archive's Markdown kept as text and its HTML sanitized as posts are."""
    if item["report"] is None:
        return item["markdown"], _sanitized_document(item["html"])
    report = read_report(item["report"], f"{path}.report")
    try:
        markdown = render_markdown(report)
        html = render_html(report, post_url, standalone=True)
        render_docx(report, post_url)  # what the Word download will need, checked now
    except Exception as error:  # noqa: BLE001 - any failure here would be a 500 later
        raise ArchiveError(f"{path}.report", "cannot be printed as a digest "
                                             f"({type(error).__name__}: {error})") from None
    return markdown, html


def _sanitized_document(html: str) -> str:
    start, end = html.find("<article"), html.rfind("</article>")
    if start >= 0 and end > start:
        html = html[html.find(">", start) + 1:end]
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<style>\n{PRINT_CSS}</style>\n</head>\n<body>\n"
            f'<article class="digest">{sanitize_html(html)}</article></body>\n</html>\n')
