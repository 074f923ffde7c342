"""Markdown to safe HTML, rendered once when a text is saved (never per request)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# html=False: raw HTML in a post is shown as text, not passed through.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def render_markdown(text: str) -> str:
    """Render Markdown and sanitize the result (no script, handlers or javascript: URLs)."""
    html = _md.render(text or "")
    # Participants' headings must not outrank the page's own: h1/h2 become h3.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Keep only the tags, attributes and URL schemes a post may carry."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        # Table cells keep their alignment and nothing else a style could carry.
        filter_style_properties={"text-align"},
        link_rel="nofollow noopener noreferrer",
    )
