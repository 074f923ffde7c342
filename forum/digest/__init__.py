"""The Secretariat's synthesis report of a forum, as pure stages (no database, no Flask).

collect (elsewhere) -> segment -> assign -> select -> compose -> number -> render.
See docs/digest.md.
"""

from forum.digest.person import first_person
from forum.digest.pipeline import build_report, plan_report
from forum.digest.render_html import PRINT_CSS, render_html
from forum.digest.render_md import render_markdown
from forum.digest.settings import SettingsError
from forum.digest.types import (
    DigestSettings,
    Figures,
    ForumInfo,
    Report,
    SourcePost,
)

__all__ = [
    "PRINT_CSS", "DigestSettings", "Figures", "ForumInfo", "Report", "SettingsError",
    "SourcePost", "build_report", "first_person", "plan_report", "render_html",
    "render_markdown",
]
