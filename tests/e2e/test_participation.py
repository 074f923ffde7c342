"""The participation dashboard in Chromium: the public dashboard of the closed 2014 forum and
the Secretariat's of the running demo forum have no axe findings, are valid HTML as sent,
show their pictures (SVG images that load under the site's CSP) at 1280 and 390 px, and are
photographed for docs/screenshots (scripts/screenshots.py copies them there)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.e2e.support import SHOTS, axe_violations, sign_in

pytestmark = pytest.mark.e2e

DASHBOARDS = {  # name: (who looks, path)
    "participation": (None, "/forums/cbforum2014/participation"),
    "participation-staff": ("secretariat", "/forums/demo/participation"),
}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def visited(browser, server, axe_js, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("participation")
    results: dict[str, dict] = {}
    for name, (who, path) in DASHBOARDS.items():
        for size, viewport in WIDTHS.items():
            context = browser.new_context(base_url=server.url, bypass_csp=False,
                                          viewport=viewport)
            context.set_default_timeout(15_000)
            try:
                page = context.new_page()
                problems: list[str] = []
                # CSP reports and failed loads; the favicon is another issue's (section 3).
                page.on("console", lambda m, p=problems: m.type == "error"
                        and "Failed to load resource" not in m.text and p.append(m.text))
                page.on("response", lambda r, p=problems: r.status >= 400
                        and not r.url.endswith("/favicon.ico") and p.append(r.url))
                if who:
                    sign_in(page, server.accounts[who])
                response = page.goto(path)
                assert response.status == 200, f"{path} answered {response.status}"
                page.wait_for_load_state("networkidle")
                images = page.evaluate(
                    "() => [...document.images].filter(i => i.src.endsWith('.svg'))"
                    ".map(i => [i.src, i.complete && i.naturalWidth > 0])")
                html = folder / f"{name}-{size}.html"
                html.write_bytes(response.body())
                page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
                results[f"{name}-{size}"] = {
                    "images": images, "html": html, "console": list(problems),
                    # axe injects a script: a context without the CSP, after the shot.
                    "violations": _axe(browser, server, who, path, viewport, axe_js),
                    "text": page.inner_text("main"),
                }
            finally:
                context.close()
    return results


def _axe(browser, server, who, path, viewport, axe_js) -> list[dict]:
    context = browser.new_context(base_url=server.url, bypass_csp=True, viewport=viewport)
    try:
        page = context.new_page()
        if who:
            sign_in(page, server.accounts[who])
        page.goto(path)
        return axe_violations(page, axe_js)
    finally:
        context.close()


@pytest.mark.parametrize("name", [f"{n}-{s}" for n in DASHBOARDS for s in WIDTHS])
def test_dashboard_has_no_axe_violations_and_its_pictures_load(visited, name):
    found = visited[name]
    assert not found["violations"], json.dumps(found["violations"], indent=1)
    assert len(found["images"]) == 3, found["images"]
    assert all(ok for _src, ok in found["images"]), found["images"]
    assert not found["console"], found["console"]  # no CSP report, no failed load


def test_only_staff_see_moderation_figures(visited):
    assert "Moderation (moderators and Secretariat only)" in visited[
        "participation-staff-desktop"]["text"]
    public = visited["participation-desktop"]["text"]
    assert "Moderation (moderators and Secretariat only)" not in public
    assert "151 messages from 28 participants" in public  # CONTRACTS.md's figures for 2014


def test_dashboards_as_sent_are_valid_html(visited, vnu_command):
    files = [str(v["html"]) for v in visited.values()]
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(done.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert not errors, json.dumps(errors, indent=1)[:3000]
