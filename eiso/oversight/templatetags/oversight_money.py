from django import template

from eiso.core.numbers import money_text

register = template.Library()


@register.filter
def vnd(value) -> str:
    """150000000 -> "150.000.000 đ" (Vietnamese thousands separator)."""
    if value in (None, ""):
        return "—"
    return f"{money_text(value)} đ"
