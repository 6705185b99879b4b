"""Template filters printing numbers through core/numbers.py, so that a page writes 1.937,8 and
81,45 % as the .docx and .xlsx do. Django's floatformat groups thousands only when told ("g") and
leaves the percent sign to each template, which is how "2766", "1937,8" and "81,45%" slipped in."""

from django import template

from eiso.core.numbers import number_text, percent_text

register = template.Library()


def _places(arg) -> tuple[int | None, bool]:
    # "2": exactly two decimals; "-2": at most two (floatformat's convention); "": as the value has.
    text = str(arg).strip() if arg is not None else ""
    if not text:
        return None, False
    return abs(int(text)), text.startswith("-")


@register.filter
def number(value, places="") -> str:
    """{{ 1937.84|number:"-1" }} -> "1.937,8"; {{ 2766|number }} -> "2.766"."""
    digits, trim = _places(places)
    return number_text(value, digits, trim=trim)


@register.filter
def percent(value, places="") -> str:
    """{{ 81.449|percent:2 }} -> "81,45 %"."""
    digits, trim = _places(places)
    text = number_text(value, digits, trim=trim)
    return f"{text} %" if text else percent_text(value)
