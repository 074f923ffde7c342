"""Reading and checking forum archives. Every problem is reported with the path of the
field at fault, e.g. `posts[17].created_at: not an ISO 8601 time`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from forum.archive.check_digests import check_digests, check_settings
from forum.archive.fields import ArchiveError, canonical_time, parse_time, ref, schema_error
from forum.archive.values import MAX_DEPTH, first_problem, loads, path_name, too_deep_at
from forum.countries import is_known

__all__ = ["FORMAT", "VERSION", "ArchiveError", "parse_text", "schema", "validate"]

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


@cache
def schema() -> dict:
    return json.loads(resources.files("forum.archive").joinpath("schema.json").read_text())


def parse_text(text: str) -> Any:
    """Read an archive's JSON; any failure is an ArchiveError (a path where one exists)."""
    try:
        return loads(text)
    except RecursionError:
        raise ArchiveError(path_name(too_deep_at(text) or ()),
                           f"nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as error:
        raise ArchiveError(
            "archive", f"not valid JSON ({error.msg} at line {error.lineno}, column "
                       f"{error.colno}); is the file complete?") from None
    except ValueError as error:
        raise ArchiveError("archive", f"not valid JSON ({error})") from None


def _check_structure(data: Any) -> None:
    if not isinstance(data, dict):
        raise ArchiveError("archive", "must be a JSON object")
    if data.get("format") != FORMAT:
        raise ArchiveError("format", f"must be \"{FORMAT}\"")
    version = data.get("version")
    if version != VERSION:
        raise ArchiveError("version", f"unsupported archive version {version!r} (this forum "
                                      f"reads version {VERSION})")
    if _fast_validator().is_valid(data):
        return
    # The Rust validator only says yes or no quickly; the reference one names the field.
    errors = sorted(Draft202012Validator(schema()).iter_errors(data),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise schema_error(errors[0])


@cache
def _fast_validator():
    # A 50,000-post archive takes ~30 s in jsonschema and well under 1 s in jsonschema-rs.
    return jsonschema_rs.validator_for(schema())


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
                item[field] = canonical_time(value, path)
    for index, post in enumerate(data["posts"]):
        for j, revision in enumerate(post.get("revisions", ())):
            if revision.get("edited_at") is not None:
                revision["edited_at"] = canonical_time(
                    revision["edited_at"], f"posts[{index}].revisions[{j}].edited_at")


def _unique_keys(items: list[dict], section: str) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item["key"] in seen:
            raise ArchiveError(f"{section}[{index}].key", f"duplicate key {item['key']!r}")
        seen.add(item["key"])
    return seen


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
        post.setdefault("reply_to", None)  # archives written before replies named it
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
    emails: dict[str, int] = {}
    for i, person in enumerate(data["people"]):
        if person["country"] and not is_known(person["country"]):
            raise ArchiveError(f"people[{i}].country",
                               f"unknown country code {person['country']!r}")
        email = (person["email"] or "").strip().lower()
        if email and email in emails:
            raise ArchiveError(f"people[{i}].email", f"also the address of people[{emails[email]}]")
        emails[email] = i
    for i, key in enumerate(data["moderators"]):
        ref(key, people, f"moderators[{i}]", "person", optional=False)
    for i, item in enumerate(data["accreditations"]):
        ref(item["person"], people, f"accreditations[{i}].person", "person", optional=False)
    for i, thread in enumerate(data["threads"]):
        ref(thread["topic"], topics, f"threads[{i}].topic", "topic")
        ref(thread["author"], people, f"threads[{i}].author", "person", optional=False)
    numbers: dict[int, int] = {}
    post_threads = {p["key"]: p["thread"] for p in data["posts"]}
    for i, post in enumerate(data["posts"]):
        base = f"posts[{i}]"
        answered = post["reply_to"]
        if answered is not None and (post_threads.get(answered) != post["thread"]
                                     or answered == post["key"]):
            raise ArchiveError(f"{base}.reply_to", "not the key of another post of the same "
                                                   "thread")
        ref(post["thread"], threads, f"{base}.thread", "thread", optional=False)
        ref(post["author"], people, f"{base}.author", "person", optional=False)
        for field in ("posted_by", "approved_by", "moderated_by"):
            ref(post[field], people, f"{base}.{field}", "person")
        for j, revision in enumerate(post["revisions"]):
            ref(revision["edited_by"], people, f"{base}.revisions[{j}].edited_by", "person")
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
        ref(entry["actor"], people, f"audit[{i}].actor", "person")
    window = data["forum"]
    if parse_time(window["closes_at"], "forum.closes_at") <= parse_time(window["opens_at"],
                                                                          "forum.opens_at"):
        raise ArchiveError("forum.closes_at", "must come after forum.opens_at")


def validate(data: Any) -> dict:
    """Check an archive and return it with every optional field filled in."""
    problem = first_problem(data)
    if problem is not None:
        raise ArchiveError(path_name(problem[0]), problem[1])
    _check_structure(data)
    data = json.loads(json.dumps(data))  # a private copy we may normalise
    _times(data)
    _defaults(data)
    _semantics(data)
    check_settings(data)
    check_digests(data)
    return data
