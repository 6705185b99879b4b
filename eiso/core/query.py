"""Query-string parameters read by hand (`?year=`, `?unit=`, `?phien-ban=`…), the same way on every
page and API endpoint: a value that cannot be right is answered as such, never with a 500.

On a page a bad value is named in a Vietnamese message above the content and the page shows what it
shows without it (its default); the API answers 400 with its one error body (core.api_errors), the
parameter in `extra.field`. Django-filter's filter sets do the same through `warn_bad_filters` (pages)
and DRF's filter backend (API); their id filters are core.filters.IdFilter.

Integers are ASCII digits only: `"²".isdigit()` is true but `int("²")` fails, and a number past the
database's range fails in its driver, so ids are bounded by BIGINT.
"""

from datetime import date, datetime

from django.contrib import messages
from rest_framework.request import Request

from eiso.core.errors import DomainError
from eiso.core.text import clean_text

MAX_ID = 2**63 - 1  # BIGINT, the largest primary key
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _raw(request, name: str) -> str:
    return request.GET.get(name, "").strip()


def _refuse(request, name: str, label: str, raw: str, rule: str, default):
    """A bad value: the API's 400, or the page's message and the default."""
    shown = clean_text(raw, single_line=True)[:40]
    if isinstance(request, Request):
        raise DomainError(f"Tham số {name} không hợp lệ: {rule}.", field=name)
    refused = getattr(request, "refused_parameters", set())
    if name not in refused:  # once per parameter, however often the view reads it
        request.refused_parameters = refused | {name}
        messages.warning(request, f"{label} «{shown}» không hợp lệ ({rule}) nên không được dùng để lọc.")
    return default


def parse_int(raw: str) -> int | None:
    """An integer written in ASCII digits, with an optional minus; None for anything else."""
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return None
    return int(raw)


def query_int(request, name: str, *, label: str, minimum: int, maximum: int, default=None):
    """?name= as an integer within [minimum, maximum]; `default` when absent or empty."""
    raw = _raw(request, name)
    if not raw:
        return default
    value = parse_int(raw)
    if value is None or not minimum <= value <= maximum:
        return _refuse(request, name, label, raw, f"cần một số nguyên từ {minimum} đến {maximum}", default)
    return value


def query_id(request, name: str, *, label: str):
    """?name= as the id of a row (a positive integer), or None."""
    raw = _raw(request, name)
    if not raw:
        return None
    value = parse_int(raw)
    if value is None or not 1 <= value <= MAX_ID:
        return _refuse(request, name, label, raw, "cần mã số của một mục trong danh sách", None)
    return value


def query_year(request, name: str = "year", *, default: int, label: str = "Năm"):
    """?year= as a year eISO can hold records for (2000–2100)."""
    return query_int(request, name, label=label, minimum=2000, maximum=2100, default=default)


def query_choice(request, name: str, choices, *, label: str, default: str = "") -> str:
    """?name= as one of `choices` (values, or (value, label) pairs)."""
    raw = _raw(request, name)
    if not raw:
        return default
    values = {choice[0] if isinstance(choice, tuple | list) else choice for choice in choices}
    if raw not in values:
        return _refuse(request, name, label, raw, "không có trong danh sách chọn", default)
    return raw


def query_date(request, name: str, *, label: str, default: date | None = None) -> date | None:
    """?name= as a date, written 2025-12-31 or 31/12/2025."""
    raw = _raw(request, name)
    if not raw:
        return default
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return _refuse(request, name, label, raw, "cần một ngày dạng dd/mm/yyyy", default)


def query_text(request, name: str, *, max_length: int = 200) -> str:
    """?name= as search text: control characters removed (PostgreSQL refuses NUL), cut to a length."""
    return clean_text(_raw(request, name), single_line=True).strip()[:max_length]


def warn_bad_filters(request, filterset) -> None:
    """A page's django-filter set: each refused value named in a message (the list ignores it)."""
    for name, errors in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field is not None and field.label else name
        shown = clean_text(str(filterset.data.get(name, "")), single_line=True)[:40]
        reason = " ".join(errors)
        messages.warning(request, f"{label} «{shown}» không hợp lệ ({reason}) nên không được dùng để lọc.")
