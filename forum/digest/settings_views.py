"""The digest settings page: the Secretariat edits a forum's header, mandate, word budget and
outline (docs/digest.md, "Settings"), which an archive import was once the only way to set.

Nested in the digest blueprint: the endpoint is `digest.settings.edit`, at /digest/<slug>/settings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum.digest import access, actions
from forum.digest.forms import SettingsForm
from forum.models import Forum
from forum.web import attempt
from synthesis.settings import FORM_FIELDS, editable_settings

bp = Blueprint("settings", __name__, url_prefix="/<slug>/settings")

HEADER_KEYS = ("body", "meeting", "place_and_dates", "agenda_item", "symbol", "date", "title")


class _Dumper(yaml.SafeDumper):
    """Block style, except short lists of words (`tags: [status]`); text with line breaks
    as a literal block, so Markdown reads as typed."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent a list under its key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flow = all(isinstance(v, str | int | float | bool) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(list, _list)
_Dumper.add_representer(str, _str)


def to_yaml(data: dict[str, Any]) -> str:
    """The settings the YAML field holds, in the stored key order."""
    if not data:
        return ""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)


class _YamlError(ValueError):
    pass


def from_yaml(text: str) -> dict[str, Any]:
    """The YAML field as a dict (a bare list is the outline); errors name the line."""
    try:
        value = yaml.safe_load(text.replace("\r\n", "\n")) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)  # PyYAML's own, in English
        if mark:
            raise _YamlError(_l("The YAML cannot be read at line %(line)s, column %(column)s: "
                                "%(problem)s.", line=mark.line + 1, column=mark.column + 1,
                                problem=problem)) from None
        raise _YamlError(_l("The YAML cannot be read: %(problem)s.", problem=problem)) from None
    if value is None:
        return {}
    if isinstance(value, list):
        return {"outline": value}
    if not isinstance(value, dict):
        raise _YamlError(_l("Write the outline as \"outline:\" followed by a list of sections."))
    _text_keys(value)
    for key in FORM_FIELDS:
        if key in value:
            raise _YamlError(_l("%(key)s: set it in its own field above, not in the YAML", key=key))
    return value


def _text_keys(value: Any) -> None:
    # JSON would turn `1:` into "1"; say so instead, and keep SettingsError's sorting of
    # unknown names to text.
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _YamlError(f"{key!r}: the name of a setting must be text.")
            _text_keys(item)
    elif isinstance(value, list):
        for item in value:
            _text_keys(item)


def _fill(form: SettingsForm, forum: Forum) -> None:
    stored = forum.digest_settings or {}
    header = stored.get("header") or {}
    for key in HEADER_KEYS:
        value = header.get(key)
        if key == "date" and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        getattr(form, f"header_{key}").data = value
    form.mandate.data = stored.get("mandate") or ""
    form.word_budget.data = stored.get("word_budget")
    form.annex_charts.data = stored.get("annex_charts") is True
    topics = tuple((t.key, t.title) for t in forum.topics)
    form.outline.data = to_yaml(editable_settings(stored, topics))


def _data(form: SettingsForm, rest: dict[str, Any]) -> dict[str, Any]:
    """The settings dict to store; empty fields are left out (the defaults apply)."""
    header = {}
    for key in HEADER_KEYS:
        value = getattr(form, f"header_{key}").data
        if key == "date" and value:
            header[key] = value.isoformat()
        elif key != "date" and value and value.strip():
            header[key] = value.strip()
    data: dict[str, Any] = {}
    if header:
        data["header"] = header
    mandate = (form.mandate.data or "").replace("\r\n", "\n").strip()
    if mandate:
        data["mandate"] = mandate
    if form.word_budget.data is not None:
        data["word_budget"] = form.word_budget.data
    if form.annex_charts.data:  # stored only when chosen: off is the default
        data["annex_charts"] = True
    return {**data, **rest}


def _field_for(path: str) -> str:
    """The input a settings path names: a header key or a top field, else the YAML."""
    name = path.replace("header.", "header_", 1)
    if name in ("mandate", "word_budget", "annex_charts") or (name.startswith("header_")
                                              and name[7:] in HEADER_KEYS):
        return name
    return "outline"


def _page(forum: Forum, form: SettingsForm, status: int = 200):
    return render_template("digest/settings.html", forum=forum, form=form), status


@bp.route("", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    forum = access.for_secretariat(slug)
    form = SettingsForm()
    if request.method == "GET":
        _fill(form, forum)
        return _page(forum, form)
    if not form.validate_on_submit():
        return _page(forum, form, 400)
    try:
        rest = from_yaml(form.outline.data or "")
    except _YamlError as error:
        form.outline.errors = [*form.outline.errors, str(error)]
        return _page(forum, form, 400)
    saved = attempt(form, actions.save_digest_settings, forum, _data(form, rest),
                    acting_user=current_user, field="outline", rename=_field_for)
    if not saved:
        return _page(forum, form, saved.status)
    flash(_("The digest settings were saved; the draft below is built from them."))
    return redirect(url_for("digest.draft", slug=forum.slug))
