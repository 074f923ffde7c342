"""The report's annex of pictures (e.g. the participation charts) in each format.

The engine does not draw: the caller hands over each picture as an SVG document with the
table of the figures it shows (types.Figure). HTML places the SVG inline with the table
beside it, the PDF as an SVG image, Word as a PNG (drawn here by CairoSVG, see
docs/decisions.md), Markdown prints the tables only.
"""

from __future__ import annotations

import base64
import re
from html import escape

from synthesis.types import Annex, Figure

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
# A picture is placed only if nothing in it can run, load or expand: a report may come back
# from a stored version or an imported archive, and the HTML puts the SVG inline. Ours (the
# dashboard's, scripts and comments removed) pass; anything else is left out, its table kept.
_UNSAFE = re.compile(r"<\s*(script|foreignObject|iframe|object|embed|image|use)\b|<!|"
                     r"\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\((?!#)",
                     re.IGNORECASE)


def drawable(figure: Figure) -> bool:
    """Whether the figure has a picture that is safe to place (see _UNSAFE)."""
    svg = _DECLARATION.sub("", figure.svg)
    return svg.lstrip().startswith("<svg") and not _UNSAFE.search(svg)


class PngUnavailable(RuntimeError):
    """CairoSVG (or the Cairo library it loads) is not installed."""


def _table(figure: Figure) -> str:
    """The description, then the figures as a table that the description describes."""
    key = escape(figure.key)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in figure.headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in figure.rows)
    return (f'<p class="figure-desc" id="figure-{key}-desc">{escape(figure.description)}</p>\n'
            f'<table aria-describedby="figure-{key}-desc">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _picture(figure: Figure, svg_as_image: bool) -> str:
    if not drawable(figure):
        return ""
    svg = _DECLARATION.sub("", figure.svg)
    if not svg_as_image:
        return svg
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(figure.title)}" '
            f'width="{figure.width}" height="{figure.height}">')


def annex_html(annex: Annex, *, svg_as_image: bool = False) -> str:
    """The annex as an HTML <section>: each picture with its title and its table."""
    out = [f'<section class="annex" id="annex">\n<h2>{escape(annex.title)}</h2>']
    for f in annex.figures:
        key = escape(f.key)
        out.append(f'<figure id="figure-{key}">\n<figcaption>{escape(f.title)}</figcaption>\n'
                   + "".join(f"{x}\n" for x in (_picture(f, svg_as_image), _table(f)) if x)
                   + "</figure>")
    out.append("</section>")
    return "\n".join(out)


_INLINE = re.compile(r'(<figure id="figure-[^"]*">\n<figcaption>([^<]*)</figcaption>\n)'
                     r"(<svg\b.*?</svg>)\n(?=<p class=\"figure-desc\")", re.DOTALL)


def pictures_as_images(html: str) -> str:
    """An annex printed by `annex_html` with its inline pictures turned into <img> (data:
    addresses), for a page whose Content-Security-Policy allows no inline <style>: the
    pictures' own styles then apply inside the image, as on the dashboard."""
    def image(match: re.Match) -> str:
        data = base64.b64encode(match[3].encode("utf-8")).decode("ascii")
        return f'{match[1]}<img src="data:image/svg+xml;base64,{data}" alt="{match[2]}">\n'

    return _INLINE.sub(image, html)


def markdown_table(figure: Figure, escape_md) -> str:  # noqa: ANN001 (markdown.escape)
    """One figure's data as a CommonMark (GFM) table."""
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape_md(c) for c in cells) + " |"

    lines = [row(figure.headers), "|" + "|".join(" --- " for _ in figure.headers) + "|"]
    lines += [row(r) for r in figure.rows]
    return "\n".join(lines)


def png(figure: Figure, width_px: int) -> bytes:
    """The picture as PNG, `width_px` wide; the same SVG gives the same bytes (Cairo writes
    no time or software chunk)."""
    try:
        import cairosvg
    except (ImportError, OSError) as error:  # OSError: libcairo is missing
        raise PngUnavailable("Word's annex pictures need CairoSVG and Cairo: pip install "
                             f"cairosvg; apt-get install libcairo2 ({error})") from None
    return cairosvg.svg2png(bytestring=figure.svg.encode("utf-8"), output_width=width_px,
                            output_height=round(width_px * figure.height / figure.width))
