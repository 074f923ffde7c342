"""The API reference page (/api/v1/docs) in Chromium: Swagger UI, served from our origin,
renders every operation of the OpenAPI document under the site's own Content-Security-
Policy (no violation reported), and the page passes axe and the Nu HTML checker."""

from __future__ import annotations

import json
import subprocess

import pytest

from forum.api.openapi import document
from tests.e2e.support import axe_violations, expect, shot

pytestmark = pytest.mark.e2e

# Reported by the page itself, so a violation is seen whatever the console says.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def _rendered(page) -> None:
    page.goto("/api/v1/docs")
    operations = sum(len(item) for item in document()["paths"].values())
    expect(page.locator(".opblock")).to_have_count(operations)


def test_reference_renders_under_the_sites_csp(new_page, server):
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(WATCH_CSP)
    _rendered(page)
    # Open one operation: its parameters and responses render too.
    page.locator(".opblock-summary", has_text="/threads/{id}/posts").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    shot(page, "api-reference", full_page=False)
    assert page.evaluate("window.__csp") == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests), \
        [url for url in requests if not url.startswith(server.url)]


def test_reference_passes_axe_and_the_nu_checker(new_page, axe_js, vnu_command, tmp_path):
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    response = page.goto("/api/v1/docs")
    html = tmp_path / "api-docs.html"
    html.write_bytes(response.body())
    _rendered(page)
    violations = axe_violations(page, axe_js)
    assert violations == [], json.dumps(violations, indent=1)
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", str(html)],
                          capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(done.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert errors == []
