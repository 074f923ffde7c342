"""The import contract of the digest engine (docs/digest.md, "Package layout"): the
`synthesis` package is pure. No module of it may import Flask, SQLAlchemy, the web app
(`forum`) or any third-party package outside a short allowlist, at module level or inside a
function (a lazy import is still a dependency). Checked on the source with `ast`, so a
forbidden import fails here even where no test executes it (docs/decisions.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import synthesis

ROOT = Path(synthesis.__file__).resolve().parent
# Third-party packages the engine may use: arrays, Chinese word segmentation, Word and PDF
# output (WeasyPrint is imported lazily by synthesis/render/pdf.py).
ALLOWED = {"numpy", "jieba", "docx", "weasyprint", "cairosvg"}
# Named in the message when they appear: what the contract is mainly for.
FORBIDDEN = {"forum", "flask", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic"}


def _modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside the package
                continue
            found.append((node.lineno, node.module or ""))
    return found


def verdict(module: str) -> str | None:
    """Why importing `module` breaks the contract, or None when it may be imported."""
    top = module.split(".")[0]
    if top in FORBIDDEN or top.startswith("flask_"):
        return "the engine may not depend on the web app or its frameworks"
    if top == "synthesis" or top in ALLOWED or top in sys.stdlib_module_names:
        return None
    return "not in the engine's allowlist (tests/unit/test_engine_contract.py)"


def test_the_package_has_its_subpackages():
    for sub in ("stages", "languages", "render"):
        assert (ROOT / sub / "__init__.py").is_file()
    assert len(_modules()) > 30  # the walk below really sees the engine


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_engine_imports_nothing_of_the_web_app(path: Path):
    problems = [f"line {line}: {name}: {why}" for line, name in _imports(path)
                if (why := verdict(name))]
    assert problems == []


@pytest.mark.parametrize("module", ["flask", "flask_login", "sqlalchemy.orm", "forum.models",
                                    "forum.extensions", "forum.refusals", "werkzeug",
                                    "requests"])
def test_the_check_refuses_what_it_must(module: str):
    assert verdict(module) is not None


@pytest.mark.parametrize("module", ["re", "collections.abc", "numpy", "jieba", "docx.oxml",
                                    "weasyprint", "synthesis.stages.segment"])
def test_the_check_allows_the_engine_its_own_tools(module: str):
    assert verdict(module) is None


def test_importing_the_engine_loads_no_web_framework():
    # A fresh interpreter: this test process has Flask loaded by other tests.
    import subprocess

    code = ("import sys, synthesis, synthesis.pipeline, synthesis.render.word, "
            "synthesis.overrides, synthesis.serial, synthesis.languages; "
            "print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('flask', 'sqlalchemy', 'forum', 'werkzeug')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT.parent)
    assert out.stdout.strip() == "[]"
