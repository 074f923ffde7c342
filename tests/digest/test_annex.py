"""The participation charts as the digest's annex (issue 13 §4; docs/digest.md, "Annex"):
off by default; when chosen, every format carries them (HTML inline SVG with its table,
PDF the SVG, Word PNG pictures, Markdown the tables), the same bytes for the same forum."""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import replace

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
    assert html.count("<svg") == 3 and html.count("<table aria-describedby=") == 4
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


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.invalid/x.png"/></svg>',
    '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    "<p>not a picture</p>", ""])
def test_a_picture_that_could_run_or_load_anything_is_left_out_with_its_table_kept(svg):
    from synthesis.render.html import render_html
    from synthesis.render.word import render_docx
    from synthesis.types import Annex, Figure
    from tests.digest.arabic import arabic_report

    figure = Figure("x", "Picture", "What it shows.", svg, 800, 400, ("A", "B"), (("1", "2"),))
    report = replace(arabic_report("en"), annex=Annex("Annex", (figure,)))
    html = render_html(report)
    assert "alert(1)" not in html and "evil.invalid" not in html and "<!DOCTYPE svg" not in html
    assert "<td>1</td><td>2</td>" in html
    data = render_docx(report)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any(n.startswith("word/media/") for n in names)


def test_the_site_shows_the_annex_pictures_as_images_and_the_download_inline(app):
    from forum.digest.actions import publish_digest
    from tests.helpers import login

    forum = _forum()
    staff = make_user("secretariat", country=None, affiliation="organization")
    db.session.commit()
    client = app.test_client()
    login(client, staff)
    # The site's pages allow no inline <style>: the pictures come as images there.
    draft = client.get(f"/digest/{forum.slug}").get_data(as_text=True)
    assert draft.count('<img src="data:image/svg+xml;base64,') == 3 and "<svg" not in draft
    version = publish_digest(forum, acting_user=staff)
    page = client.get(f"/digest/{forum.slug}/v/{version.number}").get_data(as_text=True)
    assert page.count('<img src="data:image/svg+xml;base64,') == 3 and "<svg" not in page
    assert 'alt="Messages per day"' in page and "<td>" in page
    download = client.get(f"/digest/{forum.slug}/v/{version.number}/download.html")
    assert download.get_data(as_text=True).count("<svg") == 3
    assert client.get(f"/digest/{forum.slug}/v/{version.number}/download.docx").status_code == 200
