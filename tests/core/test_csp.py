"""The Content-Security-Policy (issue 15, item 4): every page is served under a policy that refuses
inline scripts and inline styles, and no template relies on either. The browser side (no violation on
the main pages of each role) is tests/browser/test_csp.py."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import eiso
from eiso.procedures.flowchart import Box, render

pytestmark = pytest.mark.django_db

EISO_DIR = Path(eiso.__file__).parent
# Templates rendered only into PDF by WeasyPrint, never sent to a browser: their <style> stays.
PDF_ONLY = {"core/official_document.html", "dossiers/paper.html", "core/archive_record.html"}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def _templates():
    for path in sorted(EISO_DIR.glob("**/templates/**/*.html")):
        yield path.as_posix().split("/templates/", 1)[1], path.read_text()


def test_pages_are_served_under_a_policy_without_inline_code_or_style(client, secretary_a):
    client.force_login(secretary_a)
    for url in [reverse("core:home"), reverse("documents:document_list"), reverse("portal:search")]:
        policy = _directives(client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "report-uri" not in policy and "report-to" not in policy  # the console only


def test_login_and_api_docs_are_under_the_same_policy(client):
    for url in [reverse("accounts:login"), reverse("api_docs")]:
        policy = _directives(client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]


def test_api_docs_load_their_script_from_a_url_not_inline(client):
    page = client.get(reverse("api_docs")).content.decode()
    assert not INLINE_SCRIPT.search(page)
    assert not STYLE_ELEMENT.search(page)
    script = client.get(reverse("api_docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "an inline <script> (move it to a static file; data goes in json_script)"),
        (EVENT_HANDLER, "an inline event handler (use a data- attribute read by static/js/eiso.js)"),
        (STYLE_ATTRIBUTE, "a style attribute (use a class in a static .css file)"),
        (STYLE_ELEMENT, "a <style> element (move it to a static .css file)"),
    ],
)
def test_no_template_relies_on_inline_code_or_style(pattern, what):
    found = [
        f"{name}:{text[: match.start()].count(chr(10)) + 1}"
        for name, text in _templates()
        if name not in PDF_ONLY
        for match in pattern.finditer(text)
    ]
    assert not found, f"{what}: {found}"


def test_the_flowchart_svg_has_no_style_element_or_attribute():
    svg = str(
        render([Box("B1", "Tiếp nhận", "Một cửa", "1 ngày"), Box("B2", "Xử lý", "Phòng", "")], title="QT")
    )
    assert not STYLE_ELEMENT.search(svg)
    assert not STYLE_ATTRIBUTE.search(svg)
    assert 'fill="#e7f1ff"' in svg  # the look is in presentation attributes
