"""Counting contract, version 2: one test per rule, each a hand-counted history sent through the
ingest API and counted by the stats API; and a property test that the selector equals a naive
per-dossier evaluation of the contract's text over random histories."""

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eiso.dossiers import selectors
from eiso.dossiers.ingest import Ingest
from eiso.dossiers.models import Dossier
from tests.core.records_helpers import records_unguarded

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FROM, TO = "2026-03-01", "2026-03-31"


def t(day, hour=9, minute=0, month=3):
    return datetime(2026, month, day, hour, minute, tzinfo=VN).isoformat()


class History:
    """Events of dossiers of agency A, numbered in the order they are written."""

    def __init__(self, agency):
        self.agency = agency
        self.events = []
        self.serial = 0

    def dossier(self, received_at, due, **extra):
        self.serial += 1
        code = f"{self.agency.identifier_code}-260302-{self.serial:04d}"
        self.add(
            code,
            "received",
            received_at,
            agency=self.agency.identifier_code,
            procedure="1.001193",
            channel="direct",
            due=due,
        )
        for kind, at, *rest in extra.get("then", []):
            self.add(code, kind, at, **(rest[0] if rest else {}))
        return code

    def add(self, code, kind, at, **fields):
        self.events.append(
            {"id": f"e{len(self.events) + 1}", "type": kind, "at": at, "dossier": code, **fields}
        )


@pytest.fixture
def count(client, secretary_a, agency_a, procedure_a):
    """Send a history and read the stats API for March 2026 (or the given period)."""
    client.force_login(secretary_a)

    def run(history: History, start=FROM, end=TO):
        answer = client.post(
            "/api/v1/dossier-events/bulk",
            data=json.dumps({"source": "igate", "events": history.events}),
            content_type="application/json",
        ).json()
        assert answer["rejected"] == [], answer["rejected"]
        query = f"agency={agency_a.identifier_code}&from={start}&to={end}"
        return client.get(f"/api/v1/stats/dossiers?{query}").json()

    return run


@pytest.fixture
def history(agency_a):
    return History(agency_a)


ZERO = {
    "received": 0,
    "resolved": 0,
    "early": 0,
    "on_time": 0,
    "late": 0,
    "pending": 0,
    "overdue": 0,
    "awaiting_supplement": 0,
    "on_time_rate": None,
    "supplements": 0,
    "refused": 0,
    "extended": 0,
    "late_without_apology": 0,
    "stopped": 0,
    "closed": 0,
}


def expect(**figures):
    return {**ZERO, **figures}


def test_a_stopped_dossier_is_never_resolved_late_pending_or_overdue(count, history):
    history.dossier(t(2), t(5, 17), then=[("stopped", t(20), {"reason": "Rút hồ sơ"})])
    assert count(history) == expect(received=1, stopped=1)


def test_a_closed_dossier_counts_as_closed_only(count, history):
    history.dossier(t(2), t(5, 17), then=[("supplement_requested", t(3)), ("closed", t(19, 8))])
    assert count(history) == expect(received=1, supplements=1, closed=1)


def test_withdrawals_count_in_the_period_they_happen(count, history):
    history.dossier(t(25, month=2), t(2, 17), then=[("stopped", t(3))])
    history.dossier(t(30), t(2, 17, month=4), then=[("stopped", t(2, 9, month=4))])
    # The first: received in February, stopped in March. The second: stopped after the period,
    # so still pending at its end, and overdue (its appointment 02/04 is not yet past: not overdue).
    assert count(history) == expect(received=1, stopped=1, pending=1)


def test_an_end_of_processing_after_a_withdrawal_does_not_count(count, history):
    history.dossier(t(2), t(5, 17), then=[("stopped", t(3)), ("result_ready", t(4)), ("returned", t(4, 10))])
    assert count(history) == expect(received=1, stopped=1)


def test_a_withdrawal_after_an_end_of_processing_does_not_count(count, history):
    history.dossier(t(2), t(5, 17), then=[("result_ready", t(3)), ("stopped", t(4))])
    assert count(history) == expect(received=1, resolved=1, early=1, on_time_rate=100.0)


def test_waiting_for_the_applicant_is_never_overdue(count, history):
    history.dossier(t(2), t(5, 17), then=[("supplement_requested", t(3))])
    assert count(history) == expect(received=1, pending=1, awaiting_supplement=1, supplements=1)


def test_a_supplement_completed_after_the_period_was_awaited_at_its_end(count, history):
    history.dossier(
        t(2),
        t(5, 17),
        then=[
            ("supplement_requested", t(30)),
            ("supplement_completed", t(2, 9, month=4), {"due": t(7, 17, month=4)}),
        ],
    )
    assert count(history) == expect(received=1, pending=1, awaiting_supplement=1, supplements=1)


def test_a_completed_supplement_restarts_the_clock_and_replaces_the_due(count, history):
    # Due 05/03; asked 03/03, completed 10/03 with a new due of 13/03; result 12/03: early.
    history.dossier(
        t(2),
        t(5, 17),
        then=[
            ("supplement_requested", t(3)),
            ("supplement_completed", t(10), {"due": t(13, 17)}),
            ("result_ready", t(12)),
        ],
    )
    assert count(history) == expect(received=1, resolved=1, early=1, supplements=1, on_time_rate=100.0)


def test_pending_after_a_completed_supplement_becomes_overdue(count, history):
    history.dossier(
        t(2),
        t(5, 17),
        then=[("supplement_requested", t(3)), ("supplement_completed", t(4), {"due": t(9, 17)})],
    )
    assert count(history) == expect(received=1, pending=1, overdue=1, supplements=1)


def test_more_than_one_supplement_request_is_late(count, history):
    history.dossier(
        t(2),
        t(5, 17),
        then=[
            ("supplement_requested", t(2, 10)),
            ("supplement_completed", t(2, 11), {"due": t(5, 17)}),
            ("supplement_requested", t(2, 14)),
            ("supplement_completed", t(2, 15), {"due": t(5, 17)}),
            ("result_ready", t(3)),
        ],
    )
    assert count(history) == expect(
        received=1, resolved=1, late=1, supplements=1, late_without_apology=1, on_time_rate=0.0
    )


def test_an_extension_is_a_late_dossier_with_an_apology_when_timely(count, history):
    history.dossier(
        t(2),
        t(5, 17),
        then=[("extended", t(4, 16), {"due": t(10, 17), "reason": "Xác minh"}), ("result_ready", t(9))],
    )
    assert count(history) == expect(received=1, resolved=1, late=1, extended=1, on_time_rate=0.0)


def test_an_extension_less_than_a_day_before_the_due_date_is_no_apology(count, history):
    history.dossier(
        t(2),
        t(5, 17),
        then=[("extended", t(5, 8), {"due": t(10, 17), "reason": "Xác minh"}), ("result_ready", t(9))],
    )
    assert count(history) == expect(
        received=1, resolved=1, late=1, extended=1, late_without_apology=1, on_time_rate=0.0
    )


def test_timeliness_is_judged_against_the_due_date_that_stood_when_extending(count, history):
    # The supplement moved the due date to 20/03: an extension on 12/03 is timely.
    history.dossier(
        t(2),
        t(5, 17),
        then=[
            ("supplement_requested", t(3)),
            ("supplement_completed", t(10), {"due": t(20, 17)}),
            ("extended", t(12), {"due": t(25, 17), "reason": "Chờ ý kiến"}),
            ("result_ready", t(24)),
        ],
    )
    assert count(history)["late_without_apology"] == 0


def test_an_extended_appointment_is_what_overdue_is_measured_against(count, history):
    history.dossier(
        t(2), t(5, 17), then=[("extended", t(4), {"due": t(2, 17, month=4), "reason": "Xác minh"})]
    )
    history.dossier(t(2), t(5, 17))
    assert count(history) == expect(received=2, pending=2, overdue=1, extended=1)


def test_a_refusal_is_an_answer(count, history):
    history.dossier(t(2), t(5, 17), then=[("refused", t(2, 10), {"reason": "Không thuộc thẩm quyền"})])
    assert count(history) == expect(received=1, resolved=1, early=1, refused=1, on_time_rate=100.0)


def test_a_return_without_result_ends_processing(count, history):
    history.dossier(t(2), t(5, 17), then=[("returned", t(5, 16))])
    assert count(history) == expect(received=1, resolved=1, on_time=1, on_time_rate=100.0)


def test_early_on_time_and_late_are_read_by_date_and_moment(count, history):
    history.dossier(t(2), t(5, 17), then=[("result_ready", t(4, 16))])  # a day before: early
    history.dossier(t(2), t(5, 17), then=[("result_ready", t(5, 16, 59))])  # the due date: on time
    history.dossier(t(2), t(5, 17), then=[("result_ready", t(5, 17, 1))])  # after the moment: late
    assert count(history) == expect(
        received=3, resolved=3, early=1, on_time=1, late=1, late_without_apology=1, on_time_rate=66.67
    )


def test_resolved_and_pending_follow_the_end_of_the_period(count, history):
    history.dossier(
        t(20, month=2), t(25, 17, month=2), then=[("result_ready", t(2))]
    )  # late, not received in March
    history.dossier(t(30), t(2, 17, month=4), then=[("result_ready", t(1, 9, month=4))])
    assert count(history) == expect(
        received=1, resolved=1, late=1, late_without_apology=1, pending=1, on_time_rate=0.0
    )
    assert count(History(history.agency), start="2026-04-01", end="2026-04-30")["resolved"] == 1


def test_nothing_resolved_has_no_rate(count, history):
    history.dossier(t(30), t(2, 17, month=4))
    assert count(history)["on_time_rate"] is None


# --- the selector against a naive reading of the contract, over random histories -----------------


def local_date(moment: datetime) -> date:
    return moment.astimezone(VN).date()


def first(events, kinds):
    return next((e for e in events if e["type"] in kinds), None)


def naive(histories, start: date, end: date) -> dict:
    """Each dossier evaluated on its own, sentence by sentence of the contract."""
    end_moment = datetime.combine(end + timedelta(days=1), time(0), tzinfo=VN)
    figures = dict.fromkeys(k for k in ZERO if k != "on_time_rate")
    figures = {key: 0 for key in figures}
    for events in histories:
        received = events[0]
        legal_due = received["due"]
        extension = None
        for event in events:
            if event["type"] == "supplement_completed":
                legal_due = event["due"]
            if event["type"] == "extended" and extension is None:
                standing = received["due"]
                for earlier in events:
                    if earlier["at"] < event["at"] and earlier["type"] == "supplement_completed":
                        standing = earlier["due"]
                extension = (event, local_date(event["at"]) < local_date(standing))
        appointment = extension[0]["due"] if extension else legal_due

        end_event = first(events, {"result_ready", "refused"}) or first(events, {"returned"})
        withdrawal = first(events, {"stopped", "closed"})
        if end_event and withdrawal:
            if events.index(withdrawal) < events.index(end_event):
                end_event = None
            else:
                withdrawal = None
        requests = [e for e in events if e["type"] == "supplement_requested"]
        received_in = start <= local_date(received["at"]) <= end
        if received_in:
            figures["received"] += 1
            figures["supplements"] += bool(requests)
            figures["refused"] += any(e["type"] == "refused" for e in events)
            figures["extended"] += extension is not None
        if end_event and start <= local_date(end_event["at"]) <= end:
            figures["resolved"] += 1
            late = end_event["at"] > legal_due or len(requests) > 1 or extension is not None
            if late:
                figures["late"] += 1
                figures["late_without_apology"] += not (extension and extension[1])
            elif local_date(end_event["at"]) < local_date(legal_due):
                figures["early"] += 1
            else:
                figures["on_time"] += 1
        if withdrawal and start <= local_date(withdrawal["at"]) <= end:
            figures[withdrawal["type"]] += 1
        ended_by_then = end_event and local_date(end_event["at"]) <= end
        withdrawn_by_then = withdrawal and local_date(withdrawal["at"]) <= end
        if local_date(received["at"]) <= end and not ended_by_then and not withdrawn_by_then:
            figures["pending"] += 1
            seen = [e for e in events if e["at"] < end_moment]
            last_request = max((e["at"] for e in seen if e["type"] == "supplement_requested"), default=None)
            waiting = last_request is not None and not any(
                e["type"] == "supplement_completed" and e["at"] > last_request for e in seen
            )
            if waiting:
                figures["awaiting_supplement"] += 1
            elif appointment < end_moment:
                figures["overdue"] += 1
    resolved = figures["resolved"]
    figures["on_time_rate"] = (
        None if not resolved else round((figures["early"] + figures["on_time"]) * 100 / resolved, 2)
    )
    return figures


KINDS = [
    "supplement_requested",
    "supplement_completed",
    "extended",
    "result_ready",
    "refused",
    "returned",
    "stopped",
    "closed",
]
ORIGIN = datetime(2026, 2, 20, 7, 0, tzinfo=VN)


@st.composite
def dossier_history(draw):
    """A received event and up to six others, at distinct moments over two months, with dues
    (given, so this test does not depend on the clock) and at most one extension."""
    hours = draw(st.lists(st.integers(min_value=0, max_value=60 * 24), min_size=1, max_size=7, unique=True))
    hours.sort()
    moments = [ORIGIN + timedelta(hours=h) for h in hours]
    due = moments[0] + timedelta(days=draw(st.integers(min_value=0, max_value=15)), hours=3)
    events = [{"type": "received", "at": moments[0], "due": due}]
    current_due = due
    extended = False
    for moment in moments[1:]:
        kind = draw(st.sampled_from(KINDS))
        event = {"type": kind, "at": moment}
        if kind == "supplement_completed":
            current_due = moment + timedelta(days=draw(st.integers(min_value=0, max_value=10)), hours=2)
            event["due"] = current_due
        if kind == "extended":
            if extended:
                continue
            extended = True
            # After the legal due moment and after the extension itself, as the contract requires.
            event["due"] = max(current_due, moment) + timedelta(
                days=draw(st.integers(min_value=1, max_value=10))
            )
            event["reason"] = "Xác minh"
        events.append(event)
    return events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    histories=st.lists(dossier_history(), min_size=1, max_size=6),
    period=st.sampled_from(
        [
            (date(2026, 3, 1), date(2026, 3, 31)),
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2026, 3, 10), date(2026, 3, 10)),
            (date(2026, 1, 1), date(2026, 12, 31)),
        ]
    ),
)
def test_the_selector_equals_a_naive_reading_of_the_contract(
    histories, period, agency_a, procedure_a, secretary_a
):
    with records_unguarded():  # a reset between examples, not a disposal of records
        Dossier.objects.all().delete()
    batch = []
    for number, events in enumerate(histories, start=1):
        code = f"{agency_a.identifier_code}-260220-{number:04d}"
        for index, event in enumerate(events):
            row = {
                "id": f"{number}-{index}",
                "type": event["type"],
                "at": event["at"].isoformat(),
                "dossier": code,
            }
            if "due" in event:
                row["due"] = event["due"].isoformat()
            if event["type"] == "received":
                row.update(agency=agency_a.identifier_code, procedure="1.001193", channel="online")
            if event["type"] in ("extended", "refused"):
                row["reason"] = "Lý do"
            batch.append(row)
    answer = Ingest(source=f"p{len(batch)}", user=secretary_a).run(batch)
    assert answer["rejected"] == []
    start, end = period
    row = selectors.dossier_stats(agencies=agency_a, start=start, end=end)
    counted = {key: row[key] for key in ZERO}
    counted["on_time_rate"] = None if counted["on_time_rate"] is None else float(counted["on_time_rate"])
    assert counted == naive(histories, start, end)
