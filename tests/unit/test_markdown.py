from forum.markdown import render_markdown


def test_markdown_renders_emphasis_and_lists():
    html = render_markdown("**bold** and *it*\n\n1. one\n2. two")
    assert "<strong>bold</strong>" in html and "<ol>" in html


def test_raw_html_and_scripts_are_not_passed_through():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, harmless


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) [ok](https://example.org)")
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html and "nofollow" in html


def test_headings_never_outrank_the_page():
    assert "<h1>" not in render_markdown("# Big") and "<h3>Big</h3>" in render_markdown("# Big")
