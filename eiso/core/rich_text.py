"""Rich text people write in the editor: document bodies, nonconformity descriptions, report prose.

One allowlist serves both ends. The editor (static/js/rich-text.js, on django-prose-editor's Tiptap
build) offers exactly these elements, so what a person sees while typing is what is stored; `clean`
applies the same list on save, so pasted or posted HTML (Word's, an API client's) keeps paragraphs,
bold, italic, underline, lists, headings, tables and links, and loses everything else. Values saved
before the editor existed may be plain text: `as_html` turns each line into a paragraph.
"""

import re

import nh3
from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u",
    "ul", "ol", "li",
    "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td",
    "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with their content, not just unwrapped: Word's clipboard carries its style sheet and
# document properties in these, and their text would otherwise land in the body.
DROPPED_WITH_CONTENT = {"script", "style", "head", "title", "meta", "xml", "template"}

# Headings outside the editor's three levels (Word's "Heading 1", old bodies) are moved to the
# nearest one rather than losing their heading.
_OUTER_HEADINGS = [(re.compile(r"<(/?)h1\b", re.I), r"<\1h2"), (re.compile(r"<(/?)h[56]\b", re.I), r"<\1h4")]

# An opening or closing tag: text without one ("hạn < 5 ngày") is plain text from before the editor.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")


def is_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def as_html(text: str) -> str:
    """`text` as HTML: unchanged when it already is, else each non-empty line a paragraph."""
    if not text or is_html(text):
        return text or ""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def clean(text: str) -> str:
    """`text` (HTML, or plain text with a paragraph per line) reduced to the allowed elements; what
    every service stores. An editor left empty (`<p></p>`) is stored as the empty string."""
    html = as_html(text or "")
    for pattern, replacement in _OUTER_HEADINGS:
        html = pattern.sub(replacement, html)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags=DROPPED_WITH_CONTENT,
        link_rel="noopener noreferrer",
    ).strip()
    if not re.sub(r"<[^>]*>|&nbsp;|\s", "", html):
        return ""
    return html


def render(text: str) -> SafeString:
    """`text` for a page: cleaned HTML, or old plain text as paragraphs."""
    return mark_safe(clean(text))


def text_lines(text: str) -> list[str]:
    """The paragraphs, headings, list items and table rows of `text` as plain lines, for formats
    that take no markup (.docx paragraphs, the audit trail's before and after)."""
    html = clean(text)
    html = re.sub(r"<li[^>]*>", "\n- ", html)
    html = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", html)
    html = re.sub(r"<br\s*/?>|</(p|h[2-4]|li|tr|ul|ol|table)>", "\n", html)
    plain = nh3.clean(html, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    plain = plain.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    plain = plain.replace("&quot;", '"').replace("&#39;", "'")
    return [line.strip() for line in plain.splitlines() if line.strip()]


class RichTextWidget(forms.Textarea):
    """A text area that static/js/rich-text.js turns into the editor; without JavaScript it stays a
    text area of HTML. Old plain-text values are given to the editor as paragraphs, so they load as
    the text they were and not as one run-on line."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 10, "data-rich-text": "", **(attrs or {})})

    def format_value(self, value):
        return as_html(super().format_value(value) or "")

    class Media:
        # django-prose-editor's files, served from its app's static folder (no CDN). Its own widget
        # is not used: its media add an inline <script type="importmap">, which our
        # Content-Security-Policy (scripts from 'self' only) blocks; rich-text.js imports editor.js
        # by relative URL instead, and the i18n script runs first so editor.js reads our labels.
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "css/rich-text.css",
            ]
        }
        js = ["js/rich-text-vi.js", forms.Script("js/rich-text.js", type="module")]


class RichTextField(forms.CharField):
    """A form field for rich text: the editor, and the value as the sanitised HTML a service stores."""

    widget = RichTextWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return clean(super().to_python(value))
