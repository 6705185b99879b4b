"""Dossier codes: `<agency identifier>-YYMMDD-XXXX` (TT 01/2018 Điều 19; NĐ 118/2025 Điều 28),
numbered per agency and day without gaps or repeats."""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from eiso.dossiers.models import DailyCounter

CODE_PATTERN = re.compile(r"^(?P<identifier>.+)-(?P<day>\d{6})-(?P<serial>\d{4,})$")


def parse_code(code: str) -> tuple[str, date | None, int | None]:
    """(identifier, reception date, serial) of a dossier code; ("", None, None) when it does not
    follow the layout."""
    match = CODE_PATTERN.match(code or "")
    if not match:
        return "", None, None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return "", None, None
    return match["identifier"], day, int(match["serial"])


def next_serial(agency, day: date) -> int:
    """The next serial of the day for the agency. The counter row is locked until the caller's
    transaction ends, so two receptions at the same second get consecutive numbers."""
    try:
        with transaction.atomic():
            DailyCounter.objects.get_or_create(agency=agency, day=day)
    except IntegrityError:
        pass  # created by a concurrent reception in the meantime: lock it below
    counter = DailyCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def make_code(agency, day: date, serial: int) -> str:
    return f"{agency.identifier_code}-{day:%y%m%d}-{serial:04d}"
