import pytest

from eiso.dossiers.models import Dossier, DossierEvent, Outcome, PendingEvent, Status

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossier-events/bulk"


@pytest.fixture
def api(client, secretary_a):
    client.force_login(secretary_a)

    def post(body):
        import json

        return client.post(
            URL,
            data=json.dumps(body) if not isinstance(body, bytes) else body,
            content_type="application/json",
        )

    return post


def events(agency):
    code = f"{agency.identifier_code}-260302-0001"
    return code, [
        {
            "id": "e-1001",
            "type": "received",
            "at": "2026-03-02T09:15:00+07:00",
            "dossier": code,
            "agency": agency.identifier_code,
            "procedure": "1.001193",
            "channel": "direct",
            "applicant": {"name": "Phạm Thị Dung", "phone": "0911222333"},
        },
        {
            "id": "e-1002",
            "type": "step_started",
            "at": "2026-03-02T09:20:00+07:00",
            "dossier": code,
            "step": 1,
            "actor": "Nguyễn Văn A",
        },
        {"id": "e-1003", "type": "result_ready", "at": "2026-03-02T15:40:00+07:00", "dossier": code},
    ]


def test_batch_creates_the_dossier_with_computed_due(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    answer = api({"source": "hue-igate", "events": batch}).json()
    assert answer == {"accepted": 3, "duplicates": [], "rejected": []}
    dossier = Dossier.objects.get(code=code)
    assert dossier.source == "hue-igate"
    assert dossier.legal_due.isoformat() == "2026-03-05T10:00:00+00:00"  # 3 working days, 17:00 local
    assert (dossier.status, dossier.outcome) == (Status.RESULT_READY, Outcome.EARLY)
    assert dossier.code_serial == 1


def test_resending_changes_nothing_and_names_duplicates(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    api({"source": "hue-igate", "events": batch})
    answer = api({"source": "hue-igate", "events": batch[1:]}).json()
    assert answer == {"accepted": 0, "duplicates": ["e-1002", "e-1003"], "rejected": []}
    assert DossierEvent.objects.count() == 3
    # The same id from another source is another event.
    assert api({"source": "other", "events": [batch[2]]}).json()["accepted"] == 1


def test_out_of_order_across_batches(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    first = api({"source": "s", "events": [batch[2], batch[1]]}).json()
    assert first["accepted"] == 2
    assert PendingEvent.objects.count() == 2 and not Dossier.objects.exists()
    api({"source": "s", "events": [batch[0]]})
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RESULT_READY
    assert dossier.events.count() == 3 and not PendingEvent.objects.exists()
    assert dossier.steps.get(order=1).actor_name == "Nguyễn Văn A"


def test_events_in_one_batch_apply_in_time_order(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    supplement = [
        {"id": "s2", "type": "supplement_completed", "at": "2026-03-04T09:00:00+07:00", "dossier": code},
        {"id": "s1", "type": "supplement_requested", "at": "2026-03-03T09:00:00+07:00", "dossier": code},
    ]
    result = {"id": "r", "type": "result_ready", "at": "2026-03-09T09:00:00+07:00", "dossier": code}
    answer = api({"source": "s", "events": [result, *supplement, batch[0]]}).json()
    assert answer["accepted"] == 4
    dossier = Dossier.objects.get(code=code)
    assert dossier.supplement_count == 1
    assert dossier.legal_due_on.isoformat() == "2026-03-09"  # restarted on 04/03: 05, 06, 09
    assert dossier.outcome == Outcome.ON_TIME


def test_malformed_events_are_rejected_with_index_and_the_rest_stored(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    bad = [
        {"id": "x1", "type": "teleported", "at": "2026-03-02T10:00:00+07:00", "dossier": code},
        {"id": "x2", "type": "extended", "at": "2026-03-02T10:00:00+07:00", "dossier": code},
        {"id": "x3", "type": "returned", "at": "2026-03-02 10:00", "dossier": code},
        {
            "id": "x4",
            "type": "received",
            "at": "2026-03-02T10:00:00+07:00",
            "dossier": "OTHER-1",
            "agency": "NOPE",
            "procedure": "1.001193",
            "channel": "direct",
        },
        {"id": "x5", "type": "returned", "at": "2026-03-03T10:00:00+07:00", "dossier": code, "colour": "red"},
        "not an object",
    ]
    answer = api({"source": "s", "events": [batch[0], *bad]}).json()
    assert answer["accepted"] == 1
    assert [row["index"] for row in answer["rejected"]] == [1, 2, 3, 4, 5, 6]
    assert "Loại sự kiện" in answer["rejected"][0]["reason"]
    assert "due" in answer["rejected"][1]["reason"]
    assert "múi giờ" in answer["rejected"][2]["reason"]
    assert "mã định danh" in answer["rejected"][3]["reason"]
    assert "colour" in answer["rejected"][4]["reason"]


def test_second_extension_is_rejected_and_nothing_half_applied(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    extension = {
        "type": "extended",
        "dossier": code,
        "due": "2026-03-10T17:00:00+07:00",
        "reason": "Chờ xác minh",
    }
    answer = api(
        {
            "source": "s",
            "events": [
                batch[0],
                {**extension, "id": "x1", "at": "2026-03-03T09:00:00+07:00"},
                {**extension, "id": "x2", "at": "2026-03-03T10:00:00+07:00"},
            ],
        }
    ).json()
    assert answer["accepted"] == 2
    assert answer["rejected"][0]["index"] == 2 and "lần thứ hai" in answer["rejected"][0]["reason"]
    dossier = Dossier.objects.get(code=code)
    assert dossier.extended and dossier.events.count() == 2


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b"null",
        b'"x"',
        b"123",
        b'{"source": 1, "events": []}',
        b'{"source": "s", "events": {}}',
        b'{"source": "s", "events": [], "x": 1}',
        b'{"source": "s", "events": [null, [], 1, {"id": []}]}',
    ],
)
def test_any_json_body_gets_4xx_or_200(api, body):
    assert api(body).status_code in (200, 400)


def test_other_agency_and_anonymous_may_not_ingest(client, staff_b, agency_a, procedure_a):
    import json

    code, batch = events(agency_a)
    assert client.post(
        URL, data=json.dumps({"source": "s", "events": batch}), content_type="application/json"
    ).status_code in (401, 403)
    client.force_login(staff_b)
    answer = client.post(
        URL, data=json.dumps({"source": "s", "events": batch[:1]}), content_type="application/json"
    ).json()
    assert answer["accepted"] == 0 and "không được gửi" in answer["rejected"][0]["reason"]


def test_too_many_events_is_413(api):
    assert api({"source": "s", "events": [{}] * 1001}).status_code == 413


def test_body_over_the_size_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    assert api({"source": "s", "events": [{"id": "x" * 200}]}).status_code == 413


# --- tenancy and the audit trail (contract v2) ------------------------------------------------------


def post_as(client, user, events, source="igate"):
    import json

    client.force_login(user)
    return client.post(
        URL, data=json.dumps({"source": source, "events": events}), content_type="application/json"
    ).json()


def test_every_applied_event_is_named_in_the_audit_trail_with_source_and_sender(
    api, agency_a, procedure_a, secretary_a
):
    # One entry per dossier and batch (contract v2 allows it when the entry names the events).
    from eiso.core import history
    from eiso.core.models import AuditEntry

    code, batch = events(agency_a)
    api({"source": "hue-igate", "events": batch[:2]})
    api({"source": "hue-igate", "events": batch[2:]})
    entries = list(AuditEntry.objects.filter(target_type="dossiers.dossier").order_by("sequence"))
    assert [entry.action for entry in entries] == ["dossier.receive", "dossier.ingest"]
    assert {entry.actor_id for entry in entries} == {secretary_a.pk}
    assert entries[0].changes["events"] == [
        None,
        [
            {"type": "received", "id": "e-1001", "at": "2026-03-02T09:15:00+07:00"},
            {"type": "step_started", "id": "e-1002", "at": "2026-03-02T09:20:00+07:00", "step": 1},
        ],
    ]
    assert entries[1].changes["source"] == [None, "hue-igate"]
    assert entries[1].changes["events"][1] == [
        {"type": "result_ready", "id": "e-1003", "at": "2026-03-02T15:40:00+07:00"}
    ]
    lines = history.render(entries)
    assert lines[0].sentence == f"Tiếp nhận hồ sơ “{code}”"
    assert lines[1].sentence == f"Ghi nhận sự kiện đồng bộ cho hồ sơ “{code}”"
    told = {change.label: change.after for change in lines[0].changes}
    assert told["Sự kiện đồng bộ"] == (
        "Tiếp nhận hồ sơ: mã e-1001, 02/03/2026 09:15; "
        "Bắt đầu bước xử lý (bước 1): mã e-1002, 02/03/2026 09:20"
    )
    # A transition of the dossier workflow is named by its label there.
    assert "Có kết quả: mã e-1003" in lines[1].changes[0].after


def test_an_event_for_another_agencys_code_is_refused_on_arrival(
    client, staff_b, secretary_b, agency_a, procedure_a
):
    # Agency B's secretary may feed B, not A: A's next codes cannot be pre-seeded.
    code = f"{agency_a.identifier_code}-260302-0009"
    refusal = {
        "id": "r1",
        "type": "refused",
        "at": "2026-03-02T10:00:00+07:00",
        "dossier": code,
        "reason": "x",
    }
    answer = post_as(client, secretary_b, [refusal])
    assert answer["accepted"] == 0 and "không được gửi dữ liệu" in answer["rejected"][0]["reason"]
    assert not PendingEvent.objects.exists()


def test_a_code_without_the_agency_layout_is_refused(api, agency_a, procedure_a):
    answer = api(
        {
            "source": "s",
            "events": [
                {"id": "q", "type": "returned", "at": "2026-03-02T10:00:00+07:00", "dossier": "IGATE/77"}
            ],
        }
    ).json()
    assert "YYMMDD" in answer["rejected"][0]["reason"]


def test_a_reception_under_another_agencys_prefix_is_refused(
    client, secretary_a, agency_a, agency_b, procedure_a
):
    # Code squatting: agency B's dossier numbered with agency A's identifier.
    from eiso.dossiers.models import Dossier as DossierModel
    from tests.factories import MembershipFactory

    MembershipFactory(agency=agency_b, role="secretary", user=secretary_a)
    secretary_a.forget_permissions_cache()
    received = {
        "id": "sq",
        "type": "received",
        "at": "2026-03-02T09:00:00+07:00",
        "dossier": f"{agency_a.identifier_code}-260302-0001",
        "agency": agency_b.identifier_code,
        "procedure": "1.001193",
        "channel": "direct",
    }
    answer = post_as(client, secretary_a, [received])
    assert "mã định danh của cơ quan tiếp nhận" in answer["rejected"][0]["reason"]
    assert not DossierModel.objects.exists()


def test_a_kept_event_applies_only_if_its_sender_may_still_feed_the_agency(
    client, secretary_a, officer_a, agency_a, procedure_a
):
    from eiso.accounts.models import Membership

    code, batch = events(agency_a)
    assert post_as(client, officer_a, [batch[2]])["accepted"] == 1  # kept: the dossier is not received yet
    Membership.objects.filter(user=officer_a).update(is_active=False)
    assert post_as(client, secretary_a, [batch[0]])["accepted"] == 1
    dossier = Dossier.objects.get(code=code)
    assert dossier.events.count() == 1 and dossier.status == Status.RECEIVED
    assert not PendingEvent.objects.exists()
    from eiso.core.models import AuditEntry

    drop = AuditEntry.objects.get(action="dossier.ingest_drop")
    assert drop.changes["event_id"] == [None, "e-1003"]


def test_a_second_supplement_request_is_stored_and_counts_the_dossier_late(api, agency_a, procedure_a):
    code, batch = events(agency_a)
    supplements = [
        {"id": f"s{n}", "type": kind, "at": f"2026-03-02T{hour}:00:00+07:00", "dossier": code}
        for n, (kind, hour) in enumerate(
            [
                ("supplement_requested", 10),
                ("supplement_completed", 11),
                ("supplement_requested", 12),
                ("supplement_completed", 13),
            ]
        )
    ]
    answer = api({"source": "s", "events": [batch[0], *supplements, batch[2]]}).json()
    assert answer["rejected"] == []
    dossier = Dossier.objects.get(code=code)
    assert (dossier.supplement_count, dossier.outcome) == (2, Outcome.LATE)


def test_a_late_extension_is_stored_but_is_no_apology(api, agency_a, procedure_a):
    code, batch = events(agency_a)  # due Thursday 05/03 17:00
    late = {
        "id": "x",
        "type": "extended",
        "at": "2026-03-05T09:00:00+07:00",
        "dossier": code,
        "due": "2026-03-09T17:00:00+07:00",
        "reason": "Chờ xác minh",
    }
    result = {"id": "r", "type": "result_ready", "at": "2026-03-09T09:00:00+07:00", "dossier": code}
    assert api({"source": "s", "events": [batch[0], late, result]}).json()["rejected"] == []
    dossier = Dossier.objects.get(code=code)
    assert (dossier.extended, dossier.apology_timely, dossier.outcome) == (True, False, Outcome.LATE)


def test_an_extension_not_after_the_legal_due_moment_is_refused(api, agency_a, procedure_a):
    code, batch = events(agency_a)  # due Thursday 05/03 17:00
    early = {
        "id": "x",
        "type": "extended",
        "at": "2026-03-03T09:00:00+07:00",
        "dossier": code,
        "due": "2026-03-05T17:00:00+07:00",
        "reason": "Chờ xác minh",
    }
    answer = api({"source": "s", "events": [batch[0], early]}).json()
    assert "sau thời hạn giải quyết theo quy định" in answer["rejected"][0]["reason"]


def test_nobody_takes_another_agencys_event_ids(
    client, secretary_a, secretary_b, agency_a, agency_b, procedure_a
):
    # B's system uses the id first, for a dossier of B; A's real event with that id still applies.
    b_code = f"{agency_b.identifier_code}-260302-0001"
    b_event = {"id": "e-1001", "type": "returned", "at": "2026-03-02T10:00:00+07:00", "dossier": b_code}
    assert post_as(client, secretary_b, [b_event])["accepted"] == 1
    code, batch = events(agency_a)
    answer = post_as(client, secretary_a, batch)
    assert answer["accepted"] == 3 and answer["duplicates"] == []
    assert Dossier.objects.get(code=code).events.count() == 3


def test_kept_events_have_a_quota_per_sender(api, agency_a, procedure_a, settings):
    settings.EISO_INGEST_PENDING_PER_SENDER = 2
    kept = [
        {
            "id": f"k{n}",
            "type": "returned",
            "at": "2026-03-02T10:00:00+07:00",
            "dossier": f"{agency_a.identifier_code}-260302-{n:04d}",
        }
        for n in range(1, 4)
    ]
    answer = api({"source": "s", "events": kept}).json()
    assert answer["accepted"] == 2
    assert "tối đa" in answer["rejected"][0]["reason"]


def test_kept_events_expire(api, agency_a, procedure_a, secretary_a, client):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from eiso.core.models import AuditEntry

    code, batch = events(agency_a)
    api({"source": "s", "events": [batch[2]]})
    PendingEvent.objects.update(created_at=timezone.now() - timedelta(days=31))
    # Arriving too late, the reception does not apply the expired event.
    api({"source": "s", "events": [batch[0]]})
    assert Dossier.objects.get(code=code).status == Status.RECEIVED
    other = {**batch[2], "id": "late", "dossier": f"{agency_a.identifier_code}-260302-0002"}
    api({"source": "s", "events": [other]})
    PendingEvent.objects.update(created_at=timezone.now() - timedelta(days=31))
    call_command("expire_pending_events")
    assert not PendingEvent.objects.exists()
    assert AuditEntry.objects.filter(action="dossier.ingest_expire").count() == 1


def test_kept_events_are_listed_for_those_who_feed_the_agency(
    client, secretary_a, staff_a, agency_a, procedure_a
):
    code, batch = events(agency_a)
    post_as(client, secretary_a, [batch[2]])
    page = client.get("/dossiers/su-kien-cho/").content.decode()
    assert code in page and "Có kết quả" in page
    client.force_login(staff_a)
    page = client.get("/dossiers/su-kien-cho/").content.decode()
    assert code not in page and "Không có sự kiện nào đang chờ hồ sơ" in page
