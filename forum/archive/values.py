"""Values no archive may carry, wherever they sit (free-form objects included): checked
before the schema, so every later stage and both databases see only storable data.

JSON itself allows all of these; Python reads them; the databases or the code behind them
do not: a lone surrogate cannot be encoded as UTF-8, PostgreSQL cannot store NUL in text,
integers beyond 64 bits overflow every integer column, NaN and Infinity are not JSON for
PostgreSQL, and a deeply nested value exhausts the recursion of every consumer.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64
SHOWN_DEPTH = 12  # a path printed for "nested too deeply" stops here
INT64 = (-(2**63), 2**63 - 1)
# NUL, the other C0 controls but tab and line ends (no XML document, hence no Word file,
# can hold them), lone surrogates, and the two non-characters XML refuses.
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Unreadable:
    """A JSON token Python would read but an archive may not hold (kept to name its path)."""

    def __init__(self, why: str) -> None:
        self.why = why


def path_name(parts) -> str:
    """`posts[3].body` from ("posts", 3, "body"); `archive` for the document itself."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "archive"


def _int(text: str) -> int | Unreadable:
    # Python's own limit (4,300 digits) would raise without a path; 20 digits pass int64.
    if len(text.lstrip("-")) > 19:
        return Unreadable("integer out of range (beyond 64 bits)")
    return int(text)


def _constant(name: str) -> Unreadable:
    return Unreadable(f"{name} is not a number an archive may hold")


def loads(text: str) -> Any:
    """`json.loads` that keeps what it cannot accept as markers (see `first_problem`)."""
    return json.loads(text, parse_int=_int, parse_constant=_constant)


def _text_problem(text: str) -> str | None:
    found = _BAD_TEXT.search(text)
    if found is None:
        return None
    code = f"\\u{ord(found.group()):04x}"
    if found.group() == "\x00":
        return f"contains a NUL character ({code}), which the database cannot store"
    if "\ud800" <= found.group() <= "\udfff":
        return f"contains a lone surrogate ({code}), which is not text"
    return f"contains a control character ({code}) that documents cannot hold"


def first_problem(data: Any) -> tuple[tuple, str] | None:
    """The path and reason of the first unacceptable value, in document order; or None."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return too_deep(path)
        if isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                return path, problem
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not INT64[0] <= value <= INT64[1]:
                return path, "integer out of range (beyond 64 bits)"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return path, "must be a finite number"
        elif isinstance(value, Unreadable):
            return path, value.why
        elif isinstance(value, dict):
            children = []
            for key, child in value.items():
                problem = _text_problem(key) if isinstance(key, str) else "keys must be text"
                if problem:
                    return path, f"a field name {problem}"
                children.append((child, (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(value, list | tuple):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(value))))
        else:
            return path, f"{type(value).__name__} is not a JSON value"
    return None


def too_deep(path: tuple) -> tuple[tuple, str]:
    """The error for nesting beyond MAX_DEPTH, named by the first levels of its path."""
    return path[:SHOWN_DEPTH], f"nested more than {MAX_DEPTH} levels deep (at or below here)"


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def too_deep_at(text: str, limit: int = MAX_DEPTH) -> tuple | None:
    """The path at which `text` nests deeper than `limit` (read without recursion), used
    when the JSON reader itself gave up; None if it never does."""
    stack: list[list] = []  # per open container: [kind, index or key, expecting a key]
    for match in _TOKEN.finditer(text):
        token = match.group()
        top = stack[-1] if stack else None
        if token in "[{":
            if len(stack) >= limit:
                return tuple(entry[1] for entry in stack[:SHOWN_DEPTH])
            stack.append(["[", 0, False] if token == "[" else ["{", None, True])
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            if top and top[0] == "[":
                top[1] += 1
            elif top:
                top[2] = True
        elif token == ":":
            if top:
                top[2] = False
        elif top and top[0] == "{" and top[2]:
            try:
                top[1] = json.loads(token)
            except ValueError:
                top[1] = "?"
    return None
