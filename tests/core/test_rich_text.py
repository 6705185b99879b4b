"""Rich text (core.rich_text): what the sanitiser keeps on save, how old plain text loads and shows,
and the editor's widget. The editor itself is driven in tests/browser/test_documents_rich_text.py."""

import pytest
from django import forms
from django.template import Context, Template

from eiso.core import rich_text
from eiso.core.forms import BootstrapFormMixin

WORD_HTML = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><title>x</title>"
    "<style>p.MsoNormal{margin:0}</style></head><body><!--StartFragment-->"
    "<p class=MsoNormal style='margin:0;font-family:\"Times New Roman\"'><b>Điều 1.</b> "
    "<span style='color:red'>Phạm vi</span><o:p></o:p></p>"
    "<!--[if gte mso 9]><xml><w:WordDocument>Normal 0 false</w:WordDocument></xml><![endif]-->"
    "<img src='file:///C:/x.png'><script>alert(1)</script><!--EndFragment--></body></html>"
)


def test_clean_keeps_the_formatting_the_editor_offers():
    html = (
        "<h2>Mục đích</h2><p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch</u></p>"
        '<ul><li><p>một</p></li></ul><ol start="3"><li><p>ba</p></li></ol>'
        '<table><tbody><tr><th colspan="2">A</th></tr><tr><td>1</td><td>2</td></tr></tbody></table>'
        '<p><a href="https://dichvucong.gov.vn">Cổng</a></p>'
    )
    cleaned = rich_text.clean(html)
    for kept in ["<h2>", "<strong>", "<em>", "<u>", "<ul>", '<ol start="3">', '<th colspan="2">', "<td>"]:
        assert kept in cleaned
    assert '<a href="https://dichvucong.gov.vn" rel="noopener noreferrer">Cổng</a>' in cleaned


def test_clean_strips_words_markup_and_keeps_its_text():
    cleaned = rich_text.clean(WORD_HTML)
    assert cleaned == "<p><b>Điều 1.</b> Phạm vi</p>"


@pytest.mark.parametrize(
    "dangerous",
    [
        '<p onclick="x()">a</p>',
        '<a href="javascript:alert(1)">a</a>',
        "<iframe src=x></iframe>",
        '<p style="position:fixed">a</p>',
        "<script>alert(1)</script>",
    ],
)
def test_clean_removes_scripts_styles_and_unsafe_links(dangerous):
    cleaned = rich_text.clean(dangerous)
    for word in ("onclick", "javascript", "iframe", "style", "script", "alert"):
        assert word not in cleaned


def test_headings_outside_the_editors_levels_move_to_the_nearest():
    assert rich_text.clean("<h1>A</h1><h6>B</h6>") == "<h2>A</h2><h4>B</h4>"


def test_plain_text_becomes_a_paragraph_per_line():
    assert rich_text.clean("Bước 1\n\nBước 2: hạn < 5 ngày") == "<p>Bước 1</p><p>Bước 2: hạn &lt; 5 ngày</p>"


def test_an_empty_editor_is_stored_as_empty():
    assert rich_text.clean("<p></p>") == ""
    assert rich_text.clean("<p>&nbsp;</p><p> </p>") == ""


def test_text_lines_give_paragraphs_list_items_and_table_rows():
    html = "<p>a &amp; b</p><ul><li><p>x</p></li></ul><table><tr><td>1</td><td>2</td></tr></table>"
    assert rich_text.text_lines(html) == ["a & b", "- x", "1 | 2"]
    assert rich_text.text_lines("dòng 1\ndòng 2") == ["dòng 1", "dòng 2"]


def test_the_filter_shows_old_plain_text_as_paragraphs_and_html_as_cleaned():
    template = Template("{% load rich_text %}{{ value|rich_text }}")
    assert template.render(Context({"value": "một\nhai"})) == "<p>một</p><p>hai</p>"
    assert template.render(Context({"value": "<p>a<script>x</script></p>"})) == "<p>a</p>"


class BodyForm(BootstrapFormMixin, forms.Form):
    body = rich_text.RichTextField(label="Nội dung", required=False)


def test_the_widget_gives_the_editor_old_plain_text_as_paragraphs():
    html = str(BodyForm(initial={"body": "một\nhai"})["body"])
    assert "data-rich-text" in html
    assert "&lt;p&gt;một&lt;/p&gt;&lt;p&gt;hai&lt;/p&gt;" in html


def test_the_widget_loads_the_editor_from_static_files_without_inline_code():
    media = str(BodyForm().media)
    assert '<script src="/static/js/rich-text.js" type="module"></script>' in media
    assert "importmap" not in media
    assert "django_prose_editor/editor.css" in media


def test_the_field_cleans_what_is_posted():
    form = BodyForm(data={"body": '<p style="color:red">a <b>b</b></p><img src="x">'})
    assert form.is_valid()
    assert form.cleaned_data["body"] == "<p>a <b>b</b></p>"
