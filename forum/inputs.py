"""Input parsing shared by every surface: integers that fit the columns, and text that a
database can store (valid UTF-8, no NUL, no lone surrogates).

These are parsing rules, not business rules: a value that breaks them cannot even be looked
up (PostgreSQL `integer` holds 32 bits, `text` cannot hold NUL), so it is refused with a 400
naming the field before any view or action sees it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from flask_babel import gettext
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# Ids, numbers and versions are 32-bit integer columns on PostgreSQL.
MAX_INT = 2**31 - 1
MAX_PAGE = MAX_INT
_DIGITS = re.compile(r"[0-9]{1,10}")
_SURROGATES = re.compile("[\ud800-\udfff]")


class BadInput(BadRequest):
    """A value that cannot be parsed (400); `field` names it (the API puts it in its body)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"'{field}': {message}")
        self.field = field


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that never hands a view a number past a 32-bit column, so such a number is
    a 404 like any id without a row, and never reaches the database (nor `int()` on a
    5,000-digit string). More than ten digits match no route; a ten-digit number past the
    column becomes 0, which names no row either. (Refusing it in `to_python` instead would
    make werkzeug answer a POST with 405, from the GET rule of the same path.)"""

    regex = r"[0-9]{1,10}"  # not \d, which also matches other scripts' digits ("１")

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_INT else 0


def parse_int(name: str, text: str | None, *, minimum: int = 1, maximum: int = MAX_INT) -> int:
    """The whole number `text` in [minimum, maximum], or BadInput naming `name`."""
    if text is None or not _DIGITS.fullmatch(text) or not minimum <= int(text) <= maximum:
        raise BadInput(name, f"give a whole number from {minimum} to {maximum}.")
    return int(text)


def query_int(name: str, default: int | None, *, minimum: int = 1,
              maximum: int = MAX_INT) -> int | None:
    """The integer query parameter `name` (once at most), or `default` when absent."""
    values = request.args.getlist(name)
    if not values:
        return default
    if len(values) > 1:
        raise BadInput(name, "give it once.")
    return parse_int(name, values[0], minimum=minimum, maximum=maximum)


def text_problem(value: str) -> str | None:
    """Why a decoded string cannot be stored, or None."""
    if "\x00" in value:
        return "must not contain NUL characters."
    if _SURROGATES.search(value):
        return "must be valid Unicode (it holds a lone surrogate)."
    return None


def _decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _check_pairs(raw: bytes) -> None:
    """Check an application/x-www-form-urlencoded string (a query or a form body)."""
    for pair in raw.split(b"&"):
        key, _, value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(key.replace(b"+", b" "))
        name = _decode(name_bytes)
        shown = name if name is not None else name_bytes.decode("utf-8", "replace")
        text = _decode(unquote_to_bytes(value.replace(b"+", b" ")))
        if name is None or text is None:
            raise BadInput(shown, "must be valid UTF-8.")
        problem = text_problem(name) or text_problem(text)
        if problem:
            raise BadInput(shown, problem)


def _check_path() -> None:
    raw = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")
    text = _decode(raw)
    # Test clients and some servers hand over invalid UTF-8 already replaced by U+FFFD,
    # which no slug, token or id contains either.
    problem = ("must be valid UTF-8." if text is None or "\ufffd" in text
               else text_problem(text))
    if problem:
        bad = [k for k, v in (request.view_args or {}).items()
               if isinstance(v, str) and ("\ufffd" in v or text_problem(v))]
        raise BadInput(bad[0] if bad else "path", problem)


def check_request() -> None:
    """Refuse a request whose path, query or form holds what no column can store."""
    _check_path()
    _check_pairs(request.query_string)
    # The raw body is only there before anything parsed the form (hence register() puts
    # this check first); after that, the parsed values are checked instead.
    parsed = "form" in request.__dict__
    if request.mimetype == "application/x-www-form-urlencoded" and not parsed:
        _check_pairs(request.get_data(cache=True))
    elif request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, value in request.form.items(multi=True):
            problem = text_problem(name) or text_problem(value)
            if problem:
                raise BadInput(name, problem)


def register(app: Flask) -> None:
    """Bounded `<int:...>` for every route, and the request check before every view."""
    app.url_map.converters["int"] = BoundedIntConverter
    # First of all before-request functions: CSRF protection and the rate limiter read the
    # form, which would consume the raw body this check reads.
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)


class InRange:
    """A form validator for a whole number between `low` and `high`. Unlike WTForms'
    NumberRange it sets no field flags, so a hidden input is not rendered with min/max
    attributes (which HTML allows only on visible number inputs)."""

    def __init__(self, low: int = 1, high: int = MAX_INT) -> None:
        self.low, self.high = low, high

    def __call__(self, form, field) -> None:  # noqa: ANN001 (WTForms' validator protocol)
        from wtforms.validators import StopValidation

        if field.data is None or not self.low <= field.data <= self.high:
            raise StopValidation(gettext("Expected a whole number from %(low)s to %(high)s.",
                                          low=self.low, high=self.high))
