"""The Secretariat's synthesis report of a forum, as pure stages (no database, no Flask).

collect (elsewhere) -> segment -> assign -> select -> compose -> number -> render.
See docs/digest.md.
"""

from synthesis.pipeline import build_report, plan_report
from synthesis.render.html import PRINT_CSS, render_html
from synthesis.render.markdown import render_markdown
from synthesis.settings import SettingsError
from synthesis.stages.person import first_person
from synthesis.types import (
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
