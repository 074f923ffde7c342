"""Finding interface text in templates that is not marked for translation.

A template is read with Jinja's own lexer, so what is Jinja (tags, expressions, comments)
and what is markup is never guessed. In the markup, the text between tags and the values
of the attributes a reader sees or hears (title, alt, placeholder, aria-label) must not
contain letters; in expressions, a string literal that reads like words (a space between
letters, or a capitalised word) must be an argument of `_()`/`gettext`/`ngettext`.
What is allowed without translation is listed in ALLOWED with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

# Text that is the same in every language, and why.
ALLOWED = {
    "BCH",  # the Biosafety Clearing-House's acronym, a name
    "Atom",  # a feed format's name
    "Markdown",  # a format's name
    "UTC",  # a time standard's name
    "Ms.", "Mr.", "Dr.", "Prof.",  # stored honorifics, shown as written
    "BooleanField",  # a WTForms class name the form macro compares with
}
# Markup that is syntax, not prose, by template and the text it starts with.
ALLOWED_TEXT = {
    # the outline's YAML example: its keys are the settings' syntax, read by the parser
    ("digest/settings.html", "outline:"),
}
TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
VISIBLE_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_ATTRIBUTE = re.compile(
    r"""\s(""" + "|".join(VISIBLE_ATTRIBUTES) + r""")\s*=\s*("[^"]*"|'[^']*')""", re.I)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_WORDS = re.compile(r"[^\W\d_]", re.U)


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def _has_words(text: str) -> bool:
    text = _ENTITY.sub(" ", text)
    for token in text.split():
        if token in ALLOWED:
            continue
        if _WORDS.search(token):
            return True
    return False


def _literal_reads_like_words(value: str) -> bool:
    if value.strip() in ALLOWED or not _WORDS.search(value):
        return False
    letters = re.sub(r"[\W\d_]+", " ", value).split()
    if not letters:
        return False
    return bool(re.search(r"[^\W\d_]\s+\S", value)) or bool(re.match(r"[A-Z][a-z]", value))


def _mask(text: str) -> str:
    return "".join("\n" if ch == "\n" else "\0" for ch in text)


def _markup_findings(name: str, markup: str) -> list[Finding]:
    """`markup` is the template with every Jinja construct replaced by NUL characters
    (line breaks kept), so tags and attributes are whole again."""
    found = []

    def line_of(offset: int) -> int:
        return markup.count("\n", 0, offset) + 1

    for match in _ATTRIBUTE.finditer(markup):
        if _has_words(match.group(2)[1:-1].replace("\0", " ")):
            found.append(Finding(name, line_of(match.start()), match.group(0).strip()))
    position = 0
    for match in [*_TAG.finditer(markup), None]:
        end = match.start() if match else len(markup)
        text = markup[position:end].replace("\0", " ")
        if _has_words(text) and not any(
                name == template and text.strip().startswith(start)
                for template, start in ALLOWED_TEXT):
            found.append(Finding(name, line_of(position), " ".join(text.split())))
        if match:
            position = match.end()
    return found


def scan(name: str, source: str, env: Environment | None = None) -> list[Finding]:
    """The unmarked interface text of one template."""
    env = env or Environment(extensions=["jinja2.ext.i18n"])
    found: list[Finding] = []
    markup: list[str] = []
    calls: list[bool] = []  # for each open bracket: is it a translating call's?
    previous_name = ""
    position = 0
    for line, kind, value in env.lex(source, name):
        # Whitespace control (`{%-`) drops white space from the data tokens: find each token
        # in the source so that offsets and lines stay those of the source.
        start = source.find(value, position)
        markup.append(_mask(source[position:start]))
        position = start + len(value)
        if kind == "data":
            markup.append(value)
            continue
        markup.append(_mask(value))
        if kind in ("variable_begin", "block_begin"):
            calls = []
        elif kind == "name":
            previous_name = value
            continue
        elif kind == "operator" and value in "([{":
            calls.append(value == "(" and previous_name in TRANSLATING)
        elif kind == "operator" and value in ")]}":
            if calls:
                calls.pop()
        elif kind == "string" and not any(calls) and _literal_reads_like_words(value[1:-1]):
            found.append(Finding(name, line, value))
        previous_name = ""
    markup.append(_mask(source[position:]))
    return sorted([*_markup_findings(name, "".join(markup)), *found], key=lambda f: f.line)


def scan_tree(root: Path) -> list[Finding]:
    env = Environment(extensions=["jinja2.ext.i18n"])
    found = []
    for path in sorted(root.rglob("*.html")):
        found.extend(scan(str(path.relative_to(root)), path.read_text(encoding="utf-8"), env))
    return found
