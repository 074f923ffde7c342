"""Reading an API request against its schema (forum/api/schemas.py): the JSON body (422
naming the failing property), query parameters (400) and headers (422).

The validator is JSON Schema 2020-12 with two deliberate narrowings, both stated in the
OpenAPI document's description: an "integer" is a JSON number written without a fraction
(1, not 1.0 or true), and a "date-time" is an RFC 3339 instant between years 1 and 9999.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match

from forum.api.errors import ApiError, validation
from forum.clock import parse_iso
from forum.inputs import text_problem

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})")
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_NAMES = {"string": "a string", "integer": "an integer", "array": "a list",
          "object": "an object", "null": "null", "boolean": "true or false",
          "number": "a number"}


def parse_time(value: str) -> Any:
    """An RFC 3339 date-time as naive UTC (ValueError if it is not one we can hold)."""
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("not an RFC 3339 date-time")
    return parse_iso(value.upper())


_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _is_time(value: object) -> bool:
    return not isinstance(value, str) or parse_time(value) is not None


@_FORMATS.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or "@" in value


def _strict_integer(checker, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer))


def _validator(schema: dict):
    return _Validator(schema, format_checker=_FORMATS)


def _field(error: ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    instance = error.instance if isinstance(error.instance, dict) else {}
    if error.validator == "required":
        path.append(next(n for n in error.validator_value if n not in instance))
    elif error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        path.append(next(str(n) for n in instance if n not in known))
    return ".".join(path) or "body"


def _kind(types: object) -> str:
    names = types if isinstance(types, list) else [types]
    return " or ".join(_NAMES.get(str(n), str(n)) for n in names)


def _describe(validator: str, value: Any) -> str:
    if validator == "type":
        return f"must be {_kind(value)}."
    if validator == "enum":
        return "must be one of " + ", ".join(json.dumps(v) for v in value) + "."
    if validator == "pattern":
        return "must contain more than spaces." if value == r"\S" else f"must match {value}."
    if validator == "format":
        return ("must be an RFC 3339 date-time between years 1 and 9999, e.g. "
                "2014-05-26T00:00:00Z." if value == "date-time" else f"must be an {value}.")
    if validator == "minLength":
        return "must not be empty." if value == 1 else f"needs {value} characters."
    return {"required": "is required.",
            "additionalProperties": "is not a field of this request.",
            "maxLength": f"is longer than {value} characters.",
            "minimum": f"must be at least {value}.",
            "maximum": f"must be at most {value}.",
            "maxItems": f"has more than {value} items.",
            }.get(validator, "does not fit the document's schema.")


def _message(error: ValidationError, field: str) -> str:
    return f"'{field}' {_describe(str(error.validator), error.validator_value)}"


def check(schema: dict, data: Any, *, status: int = 422) -> None:
    """Raise the API's validation error for the first way `data` breaks `schema`."""
    error = best_match(_validator(schema).iter_errors(data))
    if error is not None:
        field = _field(error)
        code = "validation_error" if status == 422 else "bad_request"
        raise ApiError(status, code, _message(error, field), field)
    _check_strings(data, [])


def _check_strings(value: Any, path: list[str]) -> None:
    """NUL and lone surrogates, in keys and values (run after the schema, so shallow)."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            field = ".".join(path) or "body"
            raise validation(f"'{field}' {problem}", field)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, path)
            _check_strings(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, [*path, str(index)])


def json_body(schema: dict, *, optional: bool = False) -> dict:
    """The request's JSON object, valid against `schema` (400 if it is not a JSON object)."""
    if optional and not request.get_data(cache=True):
        data: Any = {}
    else:
        if not request.is_json:
            raise ApiError(400, "bad_request", _l("Send a JSON object (Content-Type: "
                                               "application/json)."))
        try:
            data = json.loads(request.get_data(cache=True))
        except (ValueError, RecursionError):  # RecursionError: nested past any sense
            raise ApiError(400, "bad_request", _l("The body must be valid JSON.")) from None
        if not isinstance(data, dict):
            raise ApiError(400, "bad_request", _l("The body must be a JSON object."))
    check(schema, data)
    return data


def query(params: dict[str, dict]) -> dict[str, Any]:
    """The declared query parameters present, each given once and valid (else 400)."""
    out: dict[str, Any] = {}
    for name, schema in params.items():
        values = request.args.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            raise ApiError(400, "bad_request",
                           _l("'%(name)s' is given more than once.", name=name), name)
        value: Any = values[0]
        if schema.get("type") == "integer":
            if not _INTEGER.fullmatch(value):
                raise ApiError(400, "bad_request",
                               _l("'%(name)s' must be an integer.", name=name), name)
            value = int(value)
        check({"type": "object", "properties": {name: schema}}, {name: value}, status=400)
        out[name] = value
    return out


def known_query_only() -> None:
    """Refuse query parameters the route does not declare (`id[]=1`, a repeated `page`...)."""
    if request.url_rule is None:
        return  # no such route: a 404 says more
    from forum.api.schemas import PAGED, PAGING, SEARCH, SEARCHED

    allowed = (PAGING if request.endpoint in PAGED
               else SEARCH if request.endpoint in SEARCHED else {})
    for name in request.args:
        if name not in allowed:
            raise ApiError(400, "bad_request",
                           _l("'%(name)s' is not a parameter of this request.", name=name),
                           name)


def header(name: str, schema: dict) -> str | None:
    """The header `name`, valid against `schema` (422 naming it), or None when absent."""
    value = request.headers.get(name)
    if value is not None:
        check({"type": "object", "properties": {name: schema}}, {name: value})
    return value
