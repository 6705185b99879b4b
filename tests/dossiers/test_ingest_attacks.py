"""The ingest attacks of issue 15, replayed as the attacker ran them (findings 1, 3 and 4).

tests/dossiers/test_ingest.py tests each rule of contract v2 on its own; here each finding is one
attack from start to end, with what the victim saw: the statistics it moved, the reception it
blocked, the event it made a "duplicate". Every test here fails on 749d3aa (the commit before
contract v2 brought ingest tenancy) and passes since the ingest fixes (55f4c84, 967cd64, 826332a).
"""

import json

import pytest

from eiso.dossiers.models import Dossier, PendingEvent, Status

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossier-events/bulk"
SOURCE = "hatinh-igate"


def send(client, user, events, source=SOURCE) -> dict:
    client.force_login(user)
    response = client.post(
        URL, data=json.dumps({"source": source, "events": events}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def code_of(agency, serial: int) -> str:
    return f"{agency.identifier_code}-260302-{serial:04d}"


def received(agency, serial: int, *, event_id: str | None = None, receiver=None) -> dict:
    return {
        "id": event_id or f"rcv-{serial}",
        "type": "received",
        "at": "2026-03-02T09:15:00+07:00",
        "dossier": code_of(agency, serial),
        "agency": (receiver or agency).identifier_code,
        "procedure": "1.001193",
        "channel": "direct",
    }


def refused(agency, serial: int, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"ref-{serial}",
        "type": "refused",
        "at": "2026-03-02T10:00:00+07:00",
        "dossier": code_of(agency, serial),
        "reason": "Hồ sơ không hợp lệ",
    }


def stats(client, user, agency) -> dict:
    client.force_login(user)
    response = client.get(
        "/api/v1/stats/dossiers", {"agency": agency.identifier_code, "from": "2026-03-01", "to": "2026-03-31"}
    )
    assert response.status_code == 200, response.content
    return response.json()


# --- finding 1: writing into another agency's dossiers -------------------------------------------


def test_staff_of_another_agency_cannot_refuse_a_dossier_nor_move_its_statistics(
    client, officer_a, staff_b, coordinator, agency_a, procedure_a
):
    result = {"id": "kq-1", "type": "result_ready", "at": "2026-03-03T10:00:00+07:00"}
    assert (
        send(client, officer_a, [received(agency_a, 1), {**result, "dossier": code_of(agency_a, 1)}])[
            "accepted"
        ]
        == 2
    )
    before = stats(client, coordinator, agency_a)

    # Staff of B, with no ingest role, refuses A's next dossier before A's system has received it,
    answer = send(client, staff_b, [refused(agency_a, 2)])
    assert answer["accepted"] == 0 and len(answer["rejected"]) == 1
    assert not PendingEvent.objects.exists()
    # then A receives it: the refusal is not applied, and A's figures move only by the reception.
    assert send(client, officer_a, [received(agency_a, 2)])["accepted"] == 1
    assert Dossier.objects.get(code=code_of(agency_a, 2)).status == Status.RECEIVED
    after = stats(client, coordinator, agency_a)
    assert {key: after[key] for key in ("resolved", "on_time_rate", "refused")} == {
        key: before[key] for key in ("resolved", "on_time_rate", "refused")
    }
    assert (after["received"], after["pending"]) == (before["received"] + 1, before["pending"] + 1)

    # Once the dossier is received, the refusal is refused as well.
    assert send(client, staff_b, [refused(agency_a, 2)])["accepted"] == 0
    assert Dossier.objects.get(code=code_of(agency_a, 2)).status == Status.RECEIVED


def test_staff_without_an_ingest_role_may_send_nothing_even_for_their_own_agency(
    client, staff_a, agency_a, procedure_a
):
    answer = send(client, staff_a, [received(agency_a, 1), refused(agency_a, 2)])

    assert answer["accepted"] == 0 and len(answer["rejected"]) == 2
    assert not Dossier.objects.exists() and not PendingEvent.objects.exists()


def test_a_thousand_refusals_preseeded_for_the_next_codes_are_refused_and_never_applied(
    client, staff_b, secretary_b, officer_a, coordinator, agency_a, procedure_a
):
    # Codes are predictable: the attacker (staff of B, or B's secretary, who may feed B only) sends
    # refusals for A's next thousand serials, before A's one-stop system has received them.
    for attacker in (staff_b, secretary_b):
        answer = send(client, attacker, [refused(agency_a, serial) for serial in range(1, 1001)])
        assert answer["accepted"] == 0 and len(answer["rejected"]) == 1000
    assert not PendingEvent.objects.exists()

    # A's real receptions arrive: nothing the attackers sent is applied to them.
    assert send(client, officer_a, [received(agency_a, 1), received(agency_a, 2)])["accepted"] == 2
    assert set(Dossier.objects.values_list("status", flat=True)) == {Status.RECEIVED}
    assert stats(client, coordinator, agency_a)["resolved"] == 0


# --- finding 3: code squatting ------------------------------------------------------------------


@pytest.mark.parametrize("squatter", ["secretary_b", "feeder_of_both"])
def test_a_reception_under_another_agencys_prefix_is_refused_and_the_owner_still_receives(
    squatter, client, secretary_b, officer_a, agency_a, agency_b, procedure_a
):
    from eiso.core.roles import Role
    from tests.factories import MembershipFactory

    if squatter == "feeder_of_both":
        # One integration account of the province's one-stop system, feeding both agencies.
        attacker = MembershipFactory(agency=agency_b, role=Role.ONE_STOP_OFFICER).user
        MembershipFactory(agency=agency_a, role=Role.ONE_STOP_OFFICER, user=attacker)
    else:
        attacker = secretary_b

    # Agency B receives its own dossier, numbered with agency A's identifier.
    answer = send(client, attacker, [received(agency_a, 1, event_id="squat", receiver=agency_b)])
    assert answer["accepted"] == 0 and len(answer["rejected"]) == 1
    assert not Dossier.objects.exists()

    answer = send(client, officer_a, [received(agency_a, 1)])
    assert answer["accepted"] == 1 and answer["rejected"] == []
    assert Dossier.objects.get(code=code_of(agency_a, 1)).agency == agency_a


# --- finding 4: stolen event ids ----------------------------------------------------------------


def test_event_ids_sent_first_by_another_agency_do_not_make_the_owners_events_duplicates(
    client, secretary_b, officer_a, agency_a, agency_b, procedure_a
):
    # B's account sends A's next (source, id) pairs first: for A's own code (refused on arrival),
    # for a dossier of B (stored), and for a dossier of B not yet received (kept).
    send(client, secretary_b, [received(agency_a, 1, event_id="e-1")])
    send(client, secretary_b, [received(agency_b, 1, event_id="e-2")])
    send(client, secretary_b, [refused(agency_b, 2, event_id="e-3")])
    assert PendingEvent.objects.filter(source_id="e-3").exists()

    answer = send(
        client,
        officer_a,
        [
            received(agency_a, 1, event_id="e-1"),
            received(agency_a, 2, event_id="e-2"),
            refused(agency_a, 2, event_id="e-3"),
        ],
    )

    assert answer == {"accepted": 3, "duplicates": [], "rejected": []}
    assert Dossier.objects.get(code=code_of(agency_a, 1)).status == Status.RECEIVED
    assert Dossier.objects.get(code=code_of(agency_a, 2)).status == Status.REFUSED
