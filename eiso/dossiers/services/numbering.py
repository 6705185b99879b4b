"""Numbers of the one-stop forms: each form has its own series per agency and year, from 01 on
1 January (NĐ 30/2020 Điều 15), "Số: 05/PXL-STP".

The number is reserved by `events.record`, in the transaction that stores the event producing the
form, so a form's number exists exactly when its event does, for counter work and ingested events
alike: reception → receipt and control slip, supplement request → form 02, refusal → form 03,
apology with extension → form 04, stop → form 05 (TT 03/2025 only; TT 01/2018 has no stop form).
The series' counter row is locked (select_for_update) until that transaction ends, as the daily
serial of dossier codes is (codes.py), so two officers never get the same number.

Bulk loaders (demo, benchmark data) write their events with bulk_create and number them afterwards
with `number_events`, in time order, through the same counters; ingest numbers a batch's events
with `number_in_order`, in the order it applied them.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from eiso.core import bulk
from eiso.dossiers.formsets import form_set_for, symbol
from eiso.dossiers.models import Dossier, DossierEvent, EventType, FormCounter, FormKind, IssuedForm

FORMS_OF_EVENT = {
    EventType.RECEIVED: (FormKind.RECEIPT, FormKind.CONTROL_SLIP),
    EventType.SUPPLEMENT_REQUESTED: (FormKind.SUPPLEMENT,),
    EventType.REFUSED: (FormKind.REFUSAL,),
    EventType.EXTENDED: (FormKind.APOLOGY,),
    EventType.STOPPED: (FormKind.STOP,),
}


def forms_of(dossier: Dossier, event_type: str) -> tuple[str, ...]:
    """The forms an event of this type produces for this dossier, in the set of its reception date."""
    available = form_set_for(dossier.received_on).forms
    return tuple(kind for kind in FORMS_OF_EVENT.get(event_type, ()) if kind in available)


def number_year(event: DossierEvent) -> int:
    """The year whose series numbers the event's forms: the year of its day in Vietnam."""
    return timezone.localtime(event.at).year


def _locked_counter(agency, kind: str, year: int) -> FormCounter:
    try:
        with transaction.atomic():
            FormCounter.objects.get_or_create(agency=agency, kind=kind, year=year)
    except IntegrityError:
        pass  # created by a concurrent event in the meantime: lock it below
    return FormCounter.objects.select_for_update().get(agency=agency, kind=kind, year=year)


def next_form_serial(agency, kind: str, year: int) -> int:
    """The next number of the agency's series of `kind` in `year`; the counter row stays locked
    until the caller's transaction ends."""
    counter = _locked_counter(agency, kind, year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def reserve_forms(event: DossierEvent) -> list[IssuedForm]:
    """Number the forms `event` produces (none for most events), in the caller's transaction."""
    dossier = event.dossier
    year = number_year(event)
    return [
        IssuedForm.objects.create(
            agency=dossier.agency,
            dossier=dossier,
            event=event,
            kind=kind,
            year=year,
            serial=next_form_serial(dossier.agency, kind, year),
            symbol=symbol(dossier.agency, kind),
        )
        for kind in forms_of(dossier, event.type)
    ]


@transaction.atomic(savepoint=False)
def number_events(events: list[DossierEvent]) -> int:
    """Number the forms of events a bulk loader has just stored (with their `dossier` attached),
    in time order within each series, continuing the series' counters. Returns how many forms
    were numbered."""
    return len(_number(events, key=lambda event: (event.at, event.pk)))


@transaction.atomic(savepoint=False)
def number_in_order(events: list[DossierEvent]) -> list[IssuedForm]:
    """Number the forms of stored events (with their `dossier` attached) in the order given: the
    order ingest applied them, which is the order `reserve_forms` would have numbered them one by
    one."""
    return _number(events, key=None)


def _locked_counters(series) -> dict[tuple[int, str, int], FormCounter]:
    """The counters of these (agency, kind, year) series, created when missing and locked until
    the transaction ends, in one fixed order (so two batches never wait for each other in a
    cycle): two statements however many series."""
    FormCounter.objects.bulk_create(
        [FormCounter(agency=agency, kind=kind, year=year) for agency, kind, year in series],
        ignore_conflicts=True,
    )
    wanted = Q()
    for agency, kind, year in series:
        wanted |= Q(agency=agency, kind=kind, year=year)
    counters = FormCounter.objects.select_for_update().filter(wanted).order_by("agency_id", "kind", "year")
    return {(counter.agency_id, counter.kind, counter.year): counter for counter in counters}


def _number(events: list[DossierEvent], key) -> list[IssuedForm]:
    series = defaultdict(list)  # (agency, kind, year) -> events
    for event in events:
        for kind in forms_of(event.dossier, event.type):
            series[(event.dossier.agency, kind, number_year(event))].append(event)
    if not series:
        return []
    counters = _locked_counters(series)
    rows = []
    for (agency, kind, year), members in series.items():
        counter = counters[(agency.pk, kind, year)]
        first = counter.last
        if key is not None:
            members.sort(key=key)
        rows += [
            IssuedForm(
                agency=agency,
                dossier=event.dossier,
                event=event,
                kind=kind,
                year=year,
                serial=first + offset,
                symbol=symbol(agency, kind),
            )
            for offset, event in enumerate(members, start=1)
        ]
        counter.last = first + len(members)
    bulk.update(FormCounter, list(counters.values()), ["last"])
    IssuedForm.objects.bulk_create(rows, batch_size=2000)
    return rows
