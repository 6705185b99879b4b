from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """150000000 -> "150.000.000 đ" (Vietnamese thousands separator)."""
    if value in (None, ""):
        return "—"
    return f"{int(value):,} đ".replace(",", ".")
