"""Checks of the digest parts of an archive: the forum's digest settings, the Secretariat's
draft changes, the published versions (their reports are read as the digest code reads
them) and the review rounds."""

from __future__ import annotations

from forum.archive.fields import ArchiveError, canonical_time, ref
from forum.archive.reports import read_report
from synthesis.settings import SettingsError, parse_settings


def check_settings(data: dict) -> None:
    """The forum's digest settings must parse as the settings page would save them."""
    settings = data["forum"]["digest"]
    try:
        parsed = parse_settings(settings)
    except SettingsError as error:
        field = f"forum.digest.{error.field}" if error.field else "forum.digest"
        raise ArchiveError(field, str(error).split(": ", 1)[-1]) from None
    except (TypeError, ValueError, OverflowError) as error:
        raise ArchiveError("forum.digest", f"cannot be read as digest settings ({error})") from None
    topics = {t["key"] for t in data["topics"]}
    for i, section in enumerate(parsed.outline):
        unknown = sorted(set(section.topics) - topics)
        if unknown:
            where = f"outline[{i}]" if i < len(settings.get("outline") or []) else "conclusions"
            raise ArchiveError(f"forum.digest.{where}.topics",
                               f"this forum has no topic {unknown[0]!r}")


def check_digests(data: dict) -> None:
    """Defaults, canonical times and references of the optional `digests` object."""
    digests = data.setdefault("digests", {})
    digests.setdefault("overrides", [])
    digests.setdefault("versions", [])
    people = {p["key"] for p in data["people"]}
    keys: set[str] = set()
    for i, item in enumerate(digests["overrides"]):
        base = f"digests.overrides[{i}]"
        for name, default in (("sources", []), ("basis", ""), ("text", None),
                              ("deleted", False), ("position", None), ("updated_at", None),
                              ("updated_by", None)):
            item.setdefault(name, default)
        if item["key"] in keys:
            raise ArchiveError(f"{base}.key", f"duplicate key {item['key']!r}")
        keys.add(item["key"])
        ref(item["updated_by"], people, f"{base}.updated_by", "person")
        if item["updated_at"] is not None:
            item["updated_at"] = canonical_time(item["updated_at"], f"{base}.updated_at")
    numbers: set[int] = set()
    for i, item in enumerate(digests["versions"]):
        base = f"digests.versions[{i}]"
        item.setdefault("published_by", None)
        item.setdefault("report", None)
        if item["number"] in numbers:
            raise ArchiveError(f"{base}.number", f"duplicate version {item['number']}")
        numbers.add(item["number"])
        ref(item["published_by"], people, f"{base}.published_by", "person")
        item["published_at"] = canonical_time(item["published_at"], f"{base}.published_at")
        if item["report"] is not None:
            read_report(item["report"], f"{base}.report")
    # No default for `reviews`: archives written before review rounds keep their fingerprint.
    for i, review in enumerate(digests.get("reviews", ())):
        _review(review, people, f"digests.reviews[{i}]")


def _review(review: dict, people: set[str], base: str) -> None:
    for name in ("opened_by", "ends_at", "closed_at", "closed_by"):
        review.setdefault(name, None)
    review.setdefault("comments", [])
    for name in ("opened_at", "ends_at", "closed_at"):
        if review[name] is not None:
            review[name] = canonical_time(review[name], f"{base}.{name}")
    for name in ("opened_by", "closed_by"):
        ref(review[name], people, f"{base}.{name}", "person")
    for j, comment in enumerate(review["comments"]):
        path = f"{base}.comments[{j}]"
        for name, default in (("key", None), ("sources", []), ("paragraph", None),
                              ("author", None), ("addressed_at", None), ("addressed_by", None)):
            comment.setdefault(name, default)
        for name in ("created_at", "addressed_at"):
            if comment[name] is not None:
                comment[name] = canonical_time(comment[name], f"{path}.{name}")
        for name in ("author", "addressed_by"):
            ref(comment[name], people, f"{path}.{name}", "person")
