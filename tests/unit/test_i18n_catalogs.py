"""Catalog hygiene (docs/i18n.md): every template string is marked, the template is current,
and each interface language's catalog is complete, not fuzzy, compiled, and keeps the
placeholders and markup of its msgids."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from forum.i18n import LANGUAGES, TRANSLATIONS
from tests.unit.i18n_scan import scan, scan_tree

ROOT = Path(__file__).resolve().parents[2]
POT = TRANSLATIONS / "messages.pot"
# gettext's plural rules for each catalog (Plural-Forms): French counts 0 and 1 as
# singular, Chinese has one form, Russian three, Arabic six.
NPLURALS = {"fr": 2, "es": 2, "zh": 1, "ar": 6, "ru": 3}
TRANSLATED = [language for language in LANGUAGES if language != "en"]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
_TAG = re.compile(r"</?([a-z]+)\b")


def _catalog(language: str):
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{language} is in LANGUAGES but has no catalog at {path}"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _forms(message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if message.pluralizable else [message.id]


# --- templates ---------------------------------------------------------------------------

def test_every_template_string_is_marked_for_translation() -> None:
    found = scan_tree(ROOT / "templates")
    assert not found, "unmarked interface text:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("source", [
    "<p>Hello</p>",
    '<nav aria-label="Pages"></nav>',
    "{{ button(url, 'Remove') }}",
    "<p>{{ n }} messages</p>",
    "{% block title %}Sign in{% endblock %}",
    "<p>{{ _('Hello') }} world</p>",
])
def test_the_scanner_finds_unmarked_text(source: str) -> None:
    assert scan("t.html", source)


@pytest.mark.parametrize("source", [
    "<p>{{ _('Hello') }}</p>",
    '<nav aria-label="{{ _(\'Pages\') }}"></nav>',
    "{{ button(url, _('Remove'), 'link') }}",
    "<p>{{ ngettext('%(num)d message', '%(num)d messages', n) }}</p>",
    "<p>{{ n }} · BCH &middot; 42</p>",
    "<script>var text = 'Not interface';</script><!-- a comment -->",
    "{% if post.kind == 'summary' %}<a href=\"{{ url_for('forums.index') }}\">{{ n }}</a>"
    "{% endif %}",
])
def test_the_scanner_allows_marked_text_and_syntax(source: str) -> None:
    assert scan("t.html", source) == []


# --- the template is current -------------------------------------------------------------

def _extract(target: Path) -> None:
    # The same command as `make i18n-extract`.
    CommandLineInterface().run([
        "pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"),
        "-k", "lazy_gettext", "-k", "_l", "-k", "lazy_ngettext:1,2", "--no-location",
        "--sort-output", "--ignore-dirs", ".* __pycache__",  # not `_*`: templates/_partials
        "-o", str(target), str(ROOT / "forum"), str(ROOT / "templates")])


def test_the_template_is_current(tmp_path: Path) -> None:
    _extract(tmp_path / "fresh.pot")
    with (tmp_path / "fresh.pot").open("rb") as fresh, POT.open("rb") as committed:
        wanted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(fresh) if m.id}
        have = {m.id if isinstance(m.id, str) else tuple(m.id)
                for m in read_po(committed) if m.id}
    new, gone = sorted(wanted - have, key=str), sorted(have - wanted, key=str)
    assert not new, f"run `make i18n-update`: new strings {new[:5]}"
    assert not gone, f"run `make i18n-update`: gone strings {gone[:5]}"


# --- the catalogs ------------------------------------------------------------------------

def test_the_languages_have_catalogs_and_no_catalog_is_left_out() -> None:
    on_disk = {p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert on_disk == set(TRANSLATED), "a catalog exists for a language not in LANGUAGES " \
        "(or the reverse): list it only once it is complete"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_is_complete_and_not_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == NPLURALS[language], f"{language}: Plural-Forms"
    with POT.open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle)
                    if m.id}
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    assert ids == template, f"{language}: run `make i18n-update`"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy[:5]}"
    missing = [m.id for m in catalog if m.id and not all(f.strip() for f in _forms(m))]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(message.string) == NPLURALS[language], (language, message.id)


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markup_are_kept(language: str) -> None:
    """A translation names the same placeholders as its msgid (a missing one loses a
    value, an unknown one raises KeyError at render time) and keeps its HTML tags. The
    plural count `num` may be left out of a form that spells the number out (Arabic "one"
    and "two" forms, for example); every other placeholder is in every form."""
    problems = []
    for message in _catalog(language):
        if not message.id:
            continue
        ids = _ids(message)
        names = set().union(*(_PLACEHOLDER.findall(i) for i in ids))
        tags = Counter(_TAG.findall(ids[0]))
        for form in _forms(message):
            got = set(_PLACEHOLDER.findall(form))
            required = names - {"num"} if message.pluralizable else names
            if not required <= got or not got <= names:
                problems.append((ids[0], form))
            if Counter(_TAG.findall(form)) != tags:
                problems.append((ids[0], form))
            if "%" in form.replace("%%", "") and not _PLACEHOLDER.search(form) and names:
                problems.append((ids[0], form))
    assert not problems, f"{language}: " + "\n".join(map(repr, problems[:10]))


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_matches_its_source(language: str) -> None:
    """The .mo files are committed (docs/decisions.md): they must be compiled from the
    .po files as they are (`make i18n-compile`)."""
    mo = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    assert mo.exists(), f"run `make i18n-compile` ({language})"
    with mo.open("rb") as handle:
        compiled = {m.id if isinstance(m.id, str) else tuple(m.id):
                    m.string if isinstance(m.string, str) else tuple(m.string)
                    for m in read_mo(handle) if m.id}
    source = {m.id if isinstance(m.id, str) else tuple(m.id):
              m.string if isinstance(m.string, str) else tuple(m.string)
              for m in _catalog(language) if m.id}
    assert compiled == source, f"run `make i18n-compile` ({language})"
