"""`{{ value|rich_text }}`: text written in the editor, as the page shows it (core.rich_text)."""

from django import template

from eiso.core import rich_text as rich_text_module

register = template.Library()


@register.filter
def rich_text(value) -> str:
    """Sanitised HTML, or old plain text with a paragraph per line."""
    return rich_text_module.render(str(value or ""))
