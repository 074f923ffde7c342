"""The shape the code keeps (docs/decisions.md, "Refusals"): views translate refusals through
one function per surface, never one try/except per view, and never roll back by hand."""

from __future__ import annotations

import ast
from pathlib import Path

from forum import create_app
from forum.refusals import Refused
from synthesis import SettingsError

PACKAGE = Path(__file__).resolve().parents[2] / "forum"


def _refusal_names() -> set[str]:
    create_app({"TESTING": True, "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # imports every feature
    # The digest engine's SettingsError is translated as a refusal (forum/web.py) though the
    # engine, which may not import the web app, cannot derive it from Refused.
    found, todo = set(), [Refused, SettingsError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _view_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.name.startswith("views") or p.name.endswith("_views.py"))


def test_views_catch_no_refusal_and_roll_nothing_back():
    refusals = _refusal_names()
    assert {"PostingError", "ModerationError", "AccountError", "SettingsError"} <= refusals
    problems = []
    for path in _view_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "")
                         for n in ast.walk(node.type)}
                if names & refusals:
                    problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno} catches "
                                    f"{sorted(names & refusals)}")
            if isinstance(node, ast.Attribute) and node.attr == "rollback":
                problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno} rolls back")
    assert problems == [], "\n".join(problems)
