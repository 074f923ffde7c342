"""Reading and checking forum archives. Every problem is reported with the path of the
field at fault, e.g. `posts[17].created_at: not an ISO 8601 time`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from forum.clock import iso, parse_iso
from forum.countries import is_known

FORMAT = "forum-archive"
VERSION = 1
TIME_FIELDS = {
    "forum": ("opens_at", "closes_at", "extended_to"),
    "topics": ("opens_at", "closes_at", "extended_to"),
    "accreditations": ("created_at",),
    "threads": ("created_at",),
    "posts": ("created_at", "updated_at", "approved_at", "moderated_at"),
    "audit": ("at",),
}


class ArchiveError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@cache
def schema() -> dict:
    return json.loads(resources.files("forum.archive").joinpath("schema.json").read_text())


def parse_text(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ArchiveError(
            "archive", f"not valid JSON ({error.msg} at line {error.lineno}, column "
                       f"{error.colno}); is the file complete?") from None


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "archive"


def _schema_error(error) -> ArchiveError:
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return ArchiveError(_path([*path, missing]), "required field is missing")
    if error.validator == "additionalProperties":
        return ArchiveError(_path(path), f"unknown field ({error.message})")
    if error.validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return ArchiveError(_path(path), f"must be of type {wanted}")
    if error.validator in ("enum", "const"):
        allowed = error.validator_value
        allowed = ", ".join(map(str, allowed)) if isinstance(allowed, list) else allowed
        return ArchiveError(_path(path), f"must be one of: {allowed}")
    return ArchiveError(_path(path), error.message)


def _check_structure(data: Any) -> None:
    if not isinstance(data, dict):
        raise ArchiveError("archive", "must be a JSON object")
    if data.get("format") != FORMAT:
        raise ArchiveError("format", f"must be \"{FORMAT}\"")
    version = data.get("version")
    if version != VERSION:
        raise ArchiveError("version", f"unsupported archive version {version!r} (this forum "
                                      f"reads version {VERSION})")
    errors = sorted(Draft202012Validator(schema()).iter_errors(data),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise _schema_error(errors[0])


def _times(data: dict) -> None:
    """Parse every time, rewriting it in the canonical form (UTC, Z)."""
    for section, fields in TIME_FIELDS.items():
        items = [data[section]] if section == "forum" else data.get(section, [])
        for index, item in enumerate(items):
            for field in fields:
                value = item.get(field)
                if value is None:
                    continue
                path = f"{section}.{field}" if section == "forum" else f"{section}[{index}].{field}"
                try:
                    item[field] = iso(parse_iso(value))
                except (TypeError, ValueError):
                    raise ArchiveError(path, "not an ISO 8601 time") from None


def _unique_keys(items: list[dict], section: str) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item["key"] in seen:
            raise ArchiveError(f"{section}[{index}].key", f"duplicate key {item['key']!r}")
        seen.add(item["key"])
    return seen


def _ref(value: str | None, known: set[str], path: str, what: str, optional: bool = True):
    if value is None and optional:
        return
    if value not in known:
        raise ArchiveError(path, f"unknown {what} {value!r}")


def _defaults(data: dict) -> None:
    forum = data["forum"]
    forum.setdefault("objective", "")
    forum.setdefault("language", "en")
    forum.setdefault("extended_to", None)
    forum.setdefault("posting", "registered")
    forum.setdefault("participants_may_open_threads", False)
    forum.setdefault("reconstruction_note", "")
    forum.setdefault("digest", {})
    for topic in data["topics"]:
        for field in ("opens_at", "closes_at", "extended_to"):
            topic.setdefault(field, None)
        topic.setdefault("description", "")
    for person in data["people"]:
        person.setdefault("title", "")
        person.setdefault("country", None)
        person.setdefault("organization", "")
        person.setdefault("affiliation", "party" if person["country"] else "organization")
        person.setdefault("role", "participant")
        person.setdefault("email", None)
    data.setdefault("moderators", [])
    data.setdefault("accreditations", [])
    data.setdefault("audit", [])
    for item in data["accreditations"]:
        item.setdefault("created_at", None)
    for thread in data["threads"]:
        thread.setdefault("topic", None)
        thread.setdefault("questions", [])
        thread.setdefault("locked", False)
        thread.setdefault("created_at", None)
    titles = {t["key"]: t["title"] for t in data["threads"]}
    for index, post in enumerate(data["posts"]):
        post.setdefault("key", f"post-{index + 1}")
        post.setdefault("kind", "reply")
        post.setdefault("state", "approved")
        post.setdefault("posted_by", None)
        title = titles.get(post["thread"], "")
        post.setdefault("subject", title if post["kind"] == "opening" else f"RE: {title}")
        post.setdefault("version", 1)
        post.setdefault("number", None)
        post.setdefault("updated_at", post["created_at"])
        approved = post["state"] in ("approved", "hidden")
        post.setdefault("approved_at", post["created_at"] if approved else None)
        post.setdefault("approved_by", None)
        post.setdefault("moderated_at", None)
        post.setdefault("moderated_by", None)
        post.setdefault("reason", "")
        post.setdefault("tags", [])
        post.setdefault("revisions", [])
        for revision in post["revisions"]:
            revision.setdefault("edited_at", None)
            revision.setdefault("edited_by", None)
    for entry in data["audit"]:
        entry.setdefault("actor", None)
        entry.setdefault("target_type", "forum")
        entry.setdefault("target", None)
        entry.setdefault("reason", "")
        entry.setdefault("detail", {})


def _semantics(data: dict) -> None:
    topics = _unique_keys(data["topics"], "topics")
    people = _unique_keys(data["people"], "people")
    threads = _unique_keys(data["threads"], "threads")
    _unique_keys(data["posts"], "posts")
    for i, person in enumerate(data["people"]):
        if person["country"] and not is_known(person["country"]):
            raise ArchiveError(f"people[{i}].country",
                               f"unknown country code {person['country']!r}")
    for i, key in enumerate(data["moderators"]):
        _ref(key, people, f"moderators[{i}]", "person", optional=False)
    for i, item in enumerate(data["accreditations"]):
        _ref(item["person"], people, f"accreditations[{i}].person", "person", optional=False)
    for i, thread in enumerate(data["threads"]):
        _ref(thread["topic"], topics, f"threads[{i}].topic", "topic")
        _ref(thread["author"], people, f"threads[{i}].author", "person", optional=False)
    numbers: dict[int, int] = {}
    for i, post in enumerate(data["posts"]):
        base = f"posts[{i}]"
        _ref(post["thread"], threads, f"{base}.thread", "thread", optional=False)
        _ref(post["author"], people, f"{base}.author", "person", optional=False)
        for field in ("posted_by", "approved_by", "moderated_by"):
            _ref(post[field], people, f"{base}.{field}", "person")
        for j, revision in enumerate(post["revisions"]):
            _ref(revision["edited_by"], people, f"{base}.revisions[{j}].edited_by", "person")
        number = post["number"]
        if number is not None:
            if post["state"] not in ("approved", "hidden"):
                raise ArchiveError(f"{base}.number", "only approved (or hidden) posts have a "
                                                     "public number")
            if number in numbers:
                raise ArchiveError(f"{base}.number", f"number {number} is also used by "
                                                     f"posts[{numbers[number]}]")
            numbers[number] = i
    for i, entry in enumerate(data["audit"]):
        _ref(entry["actor"], people, f"audit[{i}].actor", "person")
    window = data["forum"]
    if parse_iso(window["closes_at"]) <= parse_iso(window["opens_at"]):
        raise ArchiveError("forum.closes_at", "must come after forum.opens_at")


def _digests(data: dict) -> None:
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
        _ref(item["updated_by"], people, f"{base}.updated_by", "person")
        if item["updated_at"] is not None:
            item["updated_at"] = _time(item["updated_at"], f"{base}.updated_at")
    numbers: set[int] = set()
    for i, item in enumerate(digests["versions"]):
        base = f"digests.versions[{i}]"
        item.setdefault("published_by", None)
        item.setdefault("report", None)
        if item["number"] in numbers:
            raise ArchiveError(f"{base}.number", f"duplicate version {item['number']}")
        numbers.add(item["number"])
        _ref(item["published_by"], people, f"{base}.published_by", "person")
        item["published_at"] = _time(item["published_at"], f"{base}.published_at")
    # No default for `reviews`: archives written before review rounds keep their fingerprint.
    for i, review in enumerate(digests.get("reviews", ())):
        _review(review, people, f"digests.reviews[{i}]")


def _review(review: dict, people: set[str], base: str) -> None:
    for name in ("opened_by", "ends_at", "closed_at", "closed_by"):
        review.setdefault(name, None)
    review.setdefault("comments", [])
    for name in ("opened_at", "ends_at", "closed_at"):
        if review[name] is not None:
            review[name] = _time(review[name], f"{base}.{name}")
    for name in ("opened_by", "closed_by"):
        _ref(review[name], people, f"{base}.{name}", "person")
    for j, comment in enumerate(review["comments"]):
        path = f"{base}.comments[{j}]"
        for name, default in (("key", None), ("sources", []), ("paragraph", None),
                              ("author", None), ("addressed_at", None), ("addressed_by", None)):
            comment.setdefault(name, default)
        for name in ("created_at", "addressed_at"):
            if comment[name] is not None:
                comment[name] = _time(comment[name], f"{path}.{name}")
        for name in ("author", "addressed_by"):
            _ref(comment[name], people, f"{path}.{name}", "person")


def _time(value: Any, path: str) -> str:
    try:
        return iso(parse_iso(value))
    except (TypeError, ValueError):
        raise ArchiveError(path, "not an ISO 8601 time") from None


def validate(data: Any) -> dict:
    """Check an archive and return it with every optional field filled in."""
    _check_structure(data)
    data = json.loads(json.dumps(data))  # a private copy we may normalise
    _times(data)
    _defaults(data)
    _semantics(data)
    _digests(data)
    return data
