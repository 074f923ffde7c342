"""What every check of an archive shares: the error naming a path, times, references."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from forum.archive.values import path_name
from forum.clock import iso, parse_iso

# Times outside these bounds are refused: dates near year 1 or 9999 overflow once moved to
# UTC or extended by a few days, and years before 1000 do not print as four digits.
EARLIEST = datetime(1900, 1, 1)
LATEST = datetime(9000, 1, 1)


class ArchiveError(ValueError):
    """A bad archive: `path` names the field at fault (`posts[17].created_at`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def parse_time(value: Any, path: str) -> datetime:
    """A time of the archive as naive UTC, or an ArchiveError naming `path`."""
    try:
        moment = parse_iso(value)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-01:00 is past year 9999 in UTC
        moment = None
    except (TypeError, ValueError):
        raise ArchiveError(path, "not an ISO 8601 time") from None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise ArchiveError(path, f"must lie between {EARLIEST.year} and {LATEST.year - 1}")
    return moment


def canonical_time(value: Any, path: str) -> str:
    """The same time written canonically (UTC, Z)."""
    return iso(parse_time(value, path))


def ref(value: str | None, known: set[str], path: str, what: str, optional: bool = True):
    """Refuse a reference to a key the archive does not define."""
    if value is None and optional:
        return
    if value not in known:
        raise ArchiveError(path, f"unknown {what} {value!r}")


def schema_error(error, base: str = "") -> ArchiveError:
    """A jsonschema error as an ArchiveError naming the path (below `base`, if given)."""
    parts = list(error.absolute_path)
    if error.validator == "required":
        parts.append(error.message.split("'")[1])
        message = "required field is missing"
    elif error.validator == "additionalProperties":
        message = f"unknown field ({error.message})"
    elif error.validator == "type":
        wanted = error.validator_value
        message = f"must be of type {' or '.join(wanted) if isinstance(wanted, list) else wanted}"
    elif error.validator in ("enum", "const"):
        allowed = error.validator_value
        message = f"must be one of: {', '.join(map(str, allowed))}" if isinstance(
            allowed, list) else f"must be {allowed!r}"
    elif error.validator in ("minimum", "maximum"):
        message = f"must be between {error.schema.get('minimum')} and {error.schema.get('maximum')}"
    elif error.validator in ("minLength", "maxLength"):
        message = f"must be {error.validator_value} characters or " + (
            "more" if error.validator == "minLength" else "fewer")
    elif error.validator == "anyOf":
        message = "must be " + " or ".join(
            s.get("type", "a value") for s in error.validator_value)
    else:
        message = error.message if len(error.message) < 200 else error.message[:200] + "…"
    name = path_name(parts)
    if base:
        name = base + ("" if name == "archive" else name if name.startswith("[") else f".{name}")
    return ArchiveError(name, message)
