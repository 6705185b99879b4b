from django import template

from eiso.quality import indicators
from eiso.quality.models.objectives import Attainment, format_number

register = template.Library()

ATTAINMENT_COLOURS = {
    Attainment.REACHED: "success",
    Attainment.AT_RISK: "warning",
    Attainment.MISSED: "danger",
    Attainment.NO_DATA: "secondary",
}


@register.filter
def num(value) -> str:
    """A decimal the Vietnamese way: 97,5; empty for no value."""
    return format_number(value)


@register.filter
def figure_items(value) -> list[tuple[str, object]]:
    """The figures behind an indicator value, labelled by its source when the source knows them,
    in the source's own order: PostgreSQL's jsonb does not keep the order keys were written in."""
    if value is None or not value.figures:
        return []
    source = indicators.get_source(value.source)
    labels = source.figure_labels if source is not None else {}
    known = [key for key in labels if key in value.figures]
    rest = sorted(key for key in value.figures if key not in labels)
    return [(labels.get(key, key), value.figures[key]) for key in known + rest]


@register.inclusion_tag("quality/_attainment.html")
def attainment_badge(attainment: str):
    if not attainment:
        return {"label": "", "colour": ""}
    return {
        "label": Attainment(attainment).label,
        "colour": ATTAINMENT_COLOURS[attainment],
        "code": attainment,
    }


@register.inclusion_tag("quality/_band.html")
def band_badge(band, score):
    return {"band": band, "score": score}


@register.filter
def overdue(row, today) -> bool:
    """`{% if action|overdue:today %}`: the row's own rule (`is_overdue(today)` of an Action or a
    Feedback), so that no template spells out which statuses can be late."""
    return row.is_overdue(today)
