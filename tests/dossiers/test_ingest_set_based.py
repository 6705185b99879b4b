"""Set-based ingest equals event-by-event application (tests/dossiers/ingest_reference.py): for
random histories of several dossiers of two agencies, sent in random order, in several batches,
with duplicates and with events that arrive before their dossier's reception, both give the same
answers, dossiers, steps, events, kept events and issued forms."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eiso.core.roles import Role
from eiso.dossiers.ingest import Ingest
from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, IssuedForm, PendingEvent
from eiso.dossiers.services.replay import DERIVED_FIELDS, STEP_FIELDS
from tests.dossiers.factories import process_for
from tests.dossiers.ingest_reference import OneByOne
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ORIGIN = datetime(2026, 3, 2, 8, 0, tzinfo=VN)
KINDS = [
    "step_started",
    "step_finished",
    "supplement_requested",
    "supplement_completed",
    "extended",
    "extended",
    "result_ready",
    "refused",
    "returned",
    "stopped",
    "closed",
]


@st.composite
def dossier_events(draw, serial: int) -> list[dict]:
    """One dossier's events: a reception (sometimes missing) and up to five others, in time order,
    some sharing a moment with another dossier's."""
    agency = draw(st.sampled_from(["a", "b"]))
    code = f"{{{agency}}}-260302-{serial:04d}"
    hours = sorted(draw(st.lists(st.integers(0, 24 * 12), min_size=1, max_size=6, unique=True)))
    moments = [ORIGIN + timedelta(hours=hour) for hour in hours]
    events = []
    if draw(st.integers(0, 9)):
        events.append(
            {
                "type": "received",
                "at": moments[0],
                "dossier": code,
                "agency": f"{{{agency}}}",
                "channel": "direct",
            }
        )
    for moment in moments[1:]:
        kind = draw(st.sampled_from(KINDS))
        event = {"type": kind, "at": moment, "dossier": code}
        if kind.startswith("step_"):
            event["step"] = draw(st.sampled_from([1, 2, 3, "s1", "s2", "nope"]))
        if kind == "extended":
            event["due"] = moment + timedelta(days=draw(st.integers(1, 8)))
            event["reason"] = "Chờ xác minh"
        if kind == "refused":
            event["reason"] = "Không đủ điều kiện"
        if kind == "supplement_completed" and draw(st.booleans()):
            event["due"] = moment + timedelta(days=draw(st.integers(1, 5)))
        events.append(event)
    return events


@st.composite
def deliveries(draw) -> list[list[dict]]:
    """Batches of events of up to four dossiers, in a random order, some sent twice."""
    events = []
    for serial in range(1, draw(st.integers(1, 4)) + 1):
        events += draw(dossier_events(serial))
    for number, event in enumerate(events):
        event["id"] = f"e{number}"
    order = draw(st.permutations(events))
    if events:
        order += [events[i] for i in draw(st.lists(st.integers(0, len(events) - 1), max_size=3))]
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=2)))
    bounds = [0, *cuts, len(order)]
    return [order[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


class Rollback(Exception):
    pass


def wire(event: dict, agencies: dict) -> dict:
    """The contract's JSON of a drawn event, for the real agencies' identifier codes."""
    row = {key: value for key, value in event.items()}
    for key in ("dossier", "agency"):
        if key in row:
            row[key] = row[key].format(**agencies)
    for key in ("at", "due"):
        if key in row:
            row[key] = row[key].isoformat()
    if row["type"] == "received":
        row["procedure"] = "1.001193"
    return row


def outcome(service, batches, user, agencies) -> dict:
    """What sending the batches through `service` leaves, then rolled back."""
    try:
        with transaction.atomic():
            answers = [
                service(source="igate", user=user).run([wire(event, agencies) for event in batch])
                for batch in batches
            ]
            state = snapshot(answers)
            raise Rollback
    except Rollback:
        return state


def snapshot(answers) -> dict:
    dossiers = {
        row.code: {
            name: getattr(row, name) for name in [*DERIVED_FIELDS, "agency_id", "procedure_id", "source"]
        }
        for row in Dossier.objects.all()
    }
    steps = {
        (row.dossier.code, row.order): {name: getattr(row, name) for name in [*STEP_FIELDS, "name", "key"]}
        for row in DossierStep.objects.select_related("dossier")
    }
    events = [
        (e.dossier.code, e.type, e.at, e.source_id, e.step_order, e.due, e.reason, e.actor_name, e.data)
        for e in DossierEvent.objects.select_related("dossier").order_by("dossier__code", "at", "pk")
    ]
    forms = {
        (f.dossier.code, f.event.source_id, f.kind): (f.year, f.serial, f.symbol)
        for f in IssuedForm.objects.select_related("dossier", "event")
    }
    kept = sorted(PendingEvent.objects.values_list("source", "source_id", "dossier_code", "at"))
    return {
        "answers": answers,
        "dossiers": dossiers,
        "steps": steps,
        "events": events,
        "forms": forms,
        "kept": kept,
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    report_multiple_bugs=False,
)
@given(batches=deliveries())
def test_set_based_ingest_equals_event_by_event_application(
    batches, officer_a, agency_a, agency_b, procedure_a, unit_a
):
    agencies = {"a": agency_a.identifier_code, "b": agency_b.identifier_code}
    expected = outcome(OneByOne, batches, officer_a, agencies)
    assert outcome(Ingest, batches, officer_a, agencies) == expected


@pytest.fixture(autouse=True)
def _feeder_of_both(officer_a, agency_a, agency_b, procedure_a, unit_a):
    """The officer feeds both agencies; agency A handles the procedure with a two-step process."""
    MembershipFactory(agency=agency_b, role=Role.ONE_STOP_OFFICER, user=officer_a)
    officer_a.forget_permissions_cache()
    process_for(agency_a, procedure_a, [("Thẩm định", 4, unit_a, None), ("Ký", 4, None, None)])
