"""The participation charts as the digest's annex (issue 13 §4; docs/digest.md, "Annex"):
off by default; when chosen, every format carries them (HTML inline SVG with its table,
PDF the SVG, Word PNG pictures, Markdown the tables), the same bytes for the same forum."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from forum.digest.generate import render_bytes, report_for
from forum.extensions import db
from forum.moderation.actions import approve_post
from synthesis.serial import report_from_dict, report_to_dict
from tests.helpers import make_reply, make_user, setup_forum

TITLES = ("Messages per day", "Messages per topic", "Participation by affiliation",
          "Participating countries")


def _forum(annex: bool = True):
    forum, moderator, participant, thread = setup_forum()
    other = make_user("participant", country="FR", name="Claire Martin")
    for author, body in ((participant, "In our country biosafety is in the NBSAP now."),
                         (other, "We adopted a biosafety law in 2013 and train inspectors.")):
        approve_post(make_reply(thread, author, body), acting_user=moderator, version=1)
    if annex:
        forum.digest_settings = {**(forum.digest_settings or {}), "annex_charts": True}
    db.session.commit()
    return forum


def test_the_annex_is_off_by_default(app):
    report = report_for(_forum(annex=False))
    assert report.annex is None
    assert b"<svg" not in render_bytes(report, "html")


def test_the_annex_in_html_markdown_and_json(app):
    started = time.perf_counter()
    report = report_for(_forum())
    print(f"report with annex: {time.perf_counter() - started:.2f}s")
    assert report.annex is not None
    assert [f.key for f in report.annex.figures] == ["days", "topics", "groups", "countries"]
    html = render_bytes(report, "html").decode()
    # Three pictures; the countries as their table only (the map is too heavy to carry).
    assert html.count("<svg") == 3 and html.count("<table>") == 4
    assert '<section class="annex" id="annex">' in html
    # Inline pictures: every id unique in the page, each picture's CSS scoped to itself.
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "chart-annex-countries" not in html
    for key in ("days", "topics", "groups"):
        assert f'id="chart-annex-{key}"' in html
        assert f'aria-labelledby="chart-annex-{key}-chart-title chart-annex-{key}-chart-desc"' \
            in html
    assert "<script" not in html
    for title in TITLES:
        assert title in html
    md = render_bytes(report, "md").decode()
    assert "<svg" not in md and "| Day (UTC) | Messages | Period |" in md
    assert "| Malaysia | MY |" in md
    assert report_from_dict(report_to_dict(report)) == report  # a published version keeps it


def test_the_annex_in_pdf_and_word_and_the_same_bytes_twice(app):
    report = report_for(_forum())
    pdf = render_bytes(report, "pdf")
    assert pdf == render_bytes(report, "pdf")
    from tests.digest.pdftext import page_texts

    text = "".join(page_texts(pdf))
    for title in TITLES:
        assert "".join(title.split()) in text
    started = time.perf_counter()
    word = render_bytes(report, "docx")
    print(f"docx with annex: {time.perf_counter() - started:.2f}s, {len(word)} bytes")
    assert word == render_bytes(report, "docx")
    archive = zipfile.ZipFile(io.BytesIO(word))
    media = sorted(n for n in archive.namelist() if n.startswith("word/media/"))
    assert len(media) == 3 and all(n.endswith(".png") for n in media)
    for name in media:
        assert archive.read(name)[:8] == b"\x89PNG\r\n\x1a\n"
    body = archive.read("word/document.xml").decode()
    assert body.count("<pic:pic") == 3 and 'descr="Messages per day.' in body


def test_the_png_is_the_same_bytes_each_time(app):
    from synthesis.render.annex import png

    figure = report_for(_forum()).annex.figures[0]
    assert png(figure, 400) == png(figure, 400)


@pytest.mark.parametrize("value", ["yes", 1])
def test_the_setting_must_be_true_or_false(value):
    from synthesis.settings import SettingsError, parse_settings

    with pytest.raises(SettingsError) as error:
        parse_settings({"annex_charts": value})
    assert error.value.field == "annex_charts"
