"""Filters shared by the filter sets of pages and API (django-filter)."""

from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES

from eiso.core.query import MAX_ID


class IdField(forms.IntegerField):
    """The id of a row: a positive integer the database can hold (a larger one failed in the driver)."""

    MESSAGE = "cần mã số của một mục trong danh sách"

    def __init__(self, **kwargs):
        errors = {"invalid": self.MESSAGE, "min_value": self.MESSAGE, "max_value": self.MESSAGE}
        super().__init__(min_value=1, max_value=MAX_ID, error_messages=errors, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Rows whose foreign key is this id (`owner_unit=12`); a value that cannot be an id is refused
    (a message on the page, a 400 from the API) instead of failing in the database."""

    field_class = IdField


@dataclass(frozen=True)
class FilterChip:
    """One filter a list is narrowed by, shown above the list with an ✕ that removes it."""

    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class ActiveFilters:
    """The filters a list page applies: the chips, the address of the list without any of them
    ("Bỏ lọc"), and the values the page's form does not show, which it sends again as hidden
    fields so that changing a visible filter does not silently drop a shortcut's filter."""

    chips: list[FilterChip]
    clear_url: str
    carried: list[tuple[str, str]]

    def __bool__(self) -> bool:
        return bool(self.chips)


def _address(request, params) -> str:
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def _chip_text(field, name: str, value, names: dict) -> tuple[str, str]:
    """(label, value) of a chip; a flag filter (a single choice, as `?tre=1`) is named by that
    choice alone."""
    choices = {str(key): text for key, text in getattr(field, "choices", None) or [] if key != ""}
    if len(choices) == 1:
        return str(next(iter(choices.values()))), ""
    label = str(field.label or name)
    if value in names:
        return label, str(names[value])
    if str(value) in choices:
        return label, str(choices[str(value)])
    if isinstance(value, date):
        return label, f"{value:%d/%m/%Y}"
    return label, str(value)


def active_filters(request, filterset, *, shown=(), names: dict | None = None) -> ActiveFilters:
    """The valid, non-empty filters of a page's django-filter set as removable chips. `shown` are
    the filters the page's form displays; `names` maps a filter to {value: label} for values the
    filter cannot name itself (an id of a unit)."""
    names = names or {}
    form = filterset.form
    form.is_valid()  # the refused values are named by warn_bad_filters; here only valid ones count
    chips, carried = [], []
    for name, value in form.cleaned_data.items():
        if value in EMPTY_VALUES or name not in request.GET:
            continue
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        label, text = _chip_text(form.fields[name], name, value, names.get(name, {}))
        chips.append(FilterChip(label=label, value=text, remove_url=_address(request, params)))
        if name not in shown:
            carried.append((name, request.GET.get(name)))
    params = request.GET.copy()
    for name in [*filterset.filters, "page"]:
        params.pop(name, None)
    return ActiveFilters(chips=chips, clear_url=_address(request, params), carried=carried)
