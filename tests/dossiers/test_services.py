from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier, DossierEvent, EventType, Outcome, Status
from tests.dossiers.factories import at, procedure_for, process_for

pytestmark = pytest.mark.django_db


def receive(officer, agency, procedure, when, **kwargs):
    values = {
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        "channel": Channel.DIRECT,
        "components": [1, 2],
    }
    values.update(kwargs)
    return services.dossier_receive(
        agency=agency, procedure=procedure, actor=officer, received_at=when, **values
    )


# --- code -----------------------------------------------------------------------------------------


def test_code_has_identifier_date_and_daily_serial(officer_a, agency_a, procedure_a):
    first = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    second = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 10))
    next_day = receive(officer_a, agency_a, procedure_a, at(2026, 3, 3, 9))
    assert first.code == f"{agency_a.identifier_code}-260302-0001"
    assert second.code.endswith("-260302-0002")
    assert next_day.code.endswith("-260303-0001")
    assert (first.code_identifier, first.code_serial) == (agency_a.identifier_code, 1)


@pytest.mark.parametrize(
    "code, parts",
    [
        ("000.00.12.H57-260302-0001", ("000.00.12.H57", (2026, 3, 2), 1)),
        ("H42.12-250630-12345", ("H42.12", (2025, 6, 30), 12345)),
        ("IGATE/ABC/2026/77", ("", None, None)),
    ],
)
def test_parse_code_accepts_both_layouts_and_foreign_codes(code, parts):
    identifier, day, serial = services.parse_code(code)
    assert identifier == parts[0]
    assert (day.timetuple()[:3] if day else None) == parts[1]
    assert serial == parts[2]


# --- deadlines ------------------------------------------------------------------------------------


def test_due_before_cutoff_counts_from_next_day_and_skips_tet(officer_a, agency_a, procedure_a):
    # Thursday 12/02/2026 14:00; Tết 2026 is off from Saturday 14/02 to Sunday 22/02.
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 2, 12, 14))
    assert dossier.legal_due == at(2026, 2, 24, 17)  # 13/02, 23/02, 24/02


def test_after_three_pm_the_limit_still_counts_from_the_reception(officer_a, agency_a, procedure_a):
    # The 15:00 rule of NĐ 118/2025 Điều 18.2 moves the paper, not the time limit.
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 2, 12, 15, 30))
    assert dossier.legal_due == at(2026, 2, 24, 17)


def test_a_procedure_with_its_own_cutoff_counts_from_the_next_working_day(officer_a, agency_a):
    procedure = procedure_for(agency_a, cutoff=time(15, 0))
    dossier = receive(officer_a, agency_a, procedure, at(2026, 2, 12, 15, 30))
    assert dossier.legal_due == at(2026, 2, 25, 17)
    # The code keeps the real reception date.
    assert dossier.code.split("-")[1] == "260212"


def test_weekend_reception_starts_counting_on_monday(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 7, 9))  # Saturday
    assert dossier.legal_due == at(2026, 3, 11, 17)  # 09, 10, 11


def test_swapped_saturday_is_a_working_day(officer_a, agency_a):
    procedure = procedure_for(agency_a, amount="2")
    dossier = receive(officer_a, agency_a, procedure, at(2026, 8, 20, 10))  # Thursday
    assert dossier.legal_due == at(2026, 8, 22, 17)  # Friday 21, Saturday 22 (worked for Monday 31)


def test_calendar_days_end_on_next_working_day(officer_a, agency_a):
    procedure = procedure_for(agency_a, amount="3", unit="days")
    dossier = receive(officer_a, agency_a, procedure, at(2026, 3, 4, 9))  # Wed +3 = Saturday 07
    assert dossier.legal_due == at(2026, 3, 9, 17)


def test_online_dossier_has_eight_working_hour_acceptance_clock(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 6, 16), channel=Channel.ONLINE)
    assert dossier.acceptance_due == at(
        2026, 3, 9, 16, 30
    )  # 1 h Friday + 7 h Monday (office hours 7:30–11:30, 13:30–17:00)
    services.dossier_accept(dossier=dossier, actor=officer_a, at=at(2026, 3, 9, 8))
    dossier.refresh_from_db()
    assert dossier.accepted_at == at(2026, 3, 9, 8)
    with pytest.raises(DomainError, match="đã được tiếp nhận"):
        services.dossier_accept(dossier=dossier, actor=officer_a)


# --- reception guards -----------------------------------------------------------------------------


def test_missing_components_are_refused_with_the_list(officer_a, agency_a, procedure_a):
    with pytest.raises(DomainError, match="Giấy tờ 2"):
        receive(officer_a, agency_a, procedure_a, at(2026, 3, 2), components=[1])


def test_missing_components_may_become_a_supplement_request(officer_a, agency_a, procedure_a):
    dossier = receive(
        officer_a, agency_a, procedure_a, at(2026, 3, 2), components=[1], if_incomplete="supplement"
    )
    assert dossier.status == Status.SUPPLEMENT
    assert dossier.supplement_count == 1


def test_only_the_counter_receives(staff_a, agency_a, procedure_a):
    with pytest.raises(PermissionDenied):
        receive(staff_a, agency_a, procedure_a, at(2026, 3, 2))


def test_reception_is_audited(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2))
    assert AuditEntry.objects.filter(action="dossier.receive", target_id=str(dossier.pk)).exists()


# --- steps, snapshot, handovers -------------------------------------------------------------------


@pytest.fixture
def with_process(agency_a, unit_a, procedure_a):
    return process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None), ("Ký duyệt", 4, None, None)])


def test_steps_are_a_snapshot_of_the_process(officer_a, agency_a, procedure_a, with_process):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    with_process.document.current_version.process_steps.filter(order=1).update(
        name="Đổi tên", duration_amount=1
    )
    step = dossier.steps.get(order=1)
    assert (step.name, step.allotted_hours) == ("Thẩm định", Decimal("8"))
    assert step.duration_amount == Decimal("8")


def test_steps_are_due_on_the_dossiers_clock_and_the_last_at_the_legal_due(
    officer_a, agency_a, procedure_a, with_process
):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))  # due Thursday 05/03 17:00
    first, last = dossier.steps.order_by("order")
    # 8 office hours are 8/7.5 working days: Tuesday whole, then half an hour of Wednesday.
    assert first.due == at(2026, 3, 4, 8, 0)
    assert last.due == dossier.legal_due


def test_steps_go_in_order_by_the_responsible_unit(
    officer_a, staff_a, staff_b, leader_a, agency_a, procedure_a, with_process
):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    first, second = dossier.steps.order_by("order")
    with pytest.raises(DomainError, match="không thuộc đơn vị"):
        services.step_start(step=first, actor=staff_b, at=at(2026, 3, 2, 10))
    with pytest.raises(DomainError, match="chưa hoàn thành"):
        services.step_start(step=second, actor=leader_a, at=at(2026, 3, 2, 10))
    services.step_start(step=first, actor=staff_a, at=at(2026, 3, 2, 10))
    services.step_finish(step=first, actor=staff_a, at=at(2026, 3, 3, 15))
    services.step_start(step=second, actor=leader_a, at=at(2026, 3, 3, 15, 30))
    first.refresh_from_db()
    assert first.used_hours == Decimal("10.50")
    assert first.overrun_hours == Decimal("2.50")
    handovers = list(dossier.handovers.order_by("at").values_list("given_by", "received_by"))
    assert len(handovers) == 3
    assert handovers[2][1] == (leader_a.get_full_name() or leader_a.username)
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_result_needs_every_step_finished_and_return_needs_result(
    officer_a, staff_a, agency_a, procedure_a, with_process
):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    with pytest.raises(DomainError, match="Không thể “trả kết quả”"):
        services.dossier_return(dossier=dossier, actor=officer_a)
    with pytest.raises(DomainError, match="Còn bước chưa hoàn thành"):
        services.dossier_result_ready(dossier=dossier, actor=officer_a)


# --- supplement -----------------------------------------------------------------------------------


def test_supplement_restarts_the_clock_from_zero(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(dossier=dossier, items="Bản sao CCCD", actor=officer_a, at=at(2026, 3, 3, 9))
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    services.supplement_complete(dossier=dossier, actor=officer_a, at=at(2026, 3, 10, 9))
    dossier.refresh_from_db()
    assert dossier.legal_due == at(2026, 3, 13, 17)
    assert dossier.status == Status.RECEIVED
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 12, 10))
    dossier.refresh_from_db()
    assert dossier.outcome == Outcome.EARLY
    assert dossier.processing_hours == Decimal("16.00")  # from the completion, not the reception


def test_supplement_request_only_within_three_working_days(officer_a, agency_a, procedure_a):
    late = receive(officer_a, agency_a, procedure_a, at(2026, 2, 12, 9))
    with pytest.raises(DomainError, match="03 ngày làm việc"):
        services.supplement_request(dossier=late, items="Tờ khai", actor=officer_a, at=at(2026, 2, 25, 9))
    # 13/02, 23/02, 24/02 are the three working days after Thursday 12/02 (Tết in between).
    services.supplement_request(dossier=late, items="Tờ khai", actor=officer_a, at=at(2026, 2, 24, 16))
    late.refresh_from_db()
    assert late.status == Status.SUPPLEMENT


def test_the_counter_asks_for_a_supplement_only_once(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 2, 10))
    services.supplement_complete(dossier=dossier, actor=officer_a, at=at(2026, 3, 3, 9))
    with pytest.raises(DomainError, match="một lần"):
        services.supplement_request(dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 3, 10))
    dossier.refresh_from_db()
    assert dossier.supplement_count == 1


def test_closure_only_after_fifteen_days(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 2, 10))
    dossier.refresh_from_db()
    with pytest.raises(DomainError, match="Chưa hết 15 ngày"):
        services.dossier_close(dossier=dossier, actor=officer_a, at=at(2026, 3, 17, 16))
    services.dossier_close(dossier=dossier, actor=officer_a, at=at(2026, 3, 18, 8))
    dossier.refresh_from_db()
    assert dossier.status == Status.CLOSED
    # Withdrawn, not resolved: the agency neither earns nor loses from it.
    assert dossier.withdrawn_on.isoformat() == "2026-03-18"
    assert (dossier.ended_on, dossier.outcome) == (None, "")


# --- extension ------------------------------------------------------------------------------------


def test_extension_once_and_at_least_one_day_before(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))  # due Thursday 05/03
    with pytest.raises(DomainError, match="01 ngày trước"):
        services.dossier_extend(
            dossier=dossier,
            new_appointment=at(2026, 3, 9, 17),
            reason="Chờ xác minh",
            actor=officer_a,
            at=at(2026, 3, 5, 8),
        )
    services.dossier_extend(
        dossier=dossier,
        new_appointment=at(2026, 3, 9, 17),
        reason="Chờ xác minh",
        actor=officer_a,
        at=at(2026, 3, 4, 16),
    )
    dossier.refresh_from_db()
    assert dossier.appointment == at(2026, 3, 9, 17)
    assert dossier.legal_due == at(2026, 3, 5, 17)
    with pytest.raises(DomainError, match="lần thứ hai"):
        services.dossier_extend(
            dossier=dossier,
            new_appointment=at(2026, 3, 10, 17),
            reason="Lần nữa",
            actor=officer_a,
            at=at(2026, 3, 4, 16),
        )
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 5, 9))
    dossier.refresh_from_db()
    assert dossier.outcome == Outcome.LATE  # an extension is an admitted delay


def test_refuse_stop_and_return_end_the_dossier(officer_a, agency_a, procedure_a):
    refused = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    with pytest.raises(DomainError, match="lý do"):
        services.dossier_refuse(dossier=refused, reason=" ", actor=officer_a)
    services.dossier_refuse(
        dossier=refused, reason="Không thuộc thẩm quyền", actor=officer_a, at=at(2026, 3, 2, 10)
    )
    refused.refresh_from_db()
    assert (refused.status, refused.refused) == (Status.REFUSED, True)
    with pytest.raises(DomainError, match="đang ở trạng thái “từ chối giải quyết”"):
        services.dossier_stop(dossier=refused, reason="", actor=officer_a)

    done = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.dossier_result_ready(dossier=done, actor=officer_a, at=at(2026, 3, 5, 16))
    services.dossier_return(dossier=done, actor=officer_a, at=at(2026, 3, 6, 9))
    done.refresh_from_db()
    assert (done.status, done.outcome) == (Status.RETURNED, Outcome.ON_TIME)
    services.dossier_correct(dossier=done, reason="Sai ngày sinh", actor=officer_a, at=at(2026, 3, 9, 9))
    done.refresh_from_db()
    assert done.correction_due == at(2026, 3, 12, 17)


def test_rating_once_after_the_result(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    values = {
        "time_score": 3,
        "agencies_contacted": 1,
        "contacts_needed": 1,
        "information_score": 3,
        "conduct_score": 3,
        "costs_score": 3,
    }
    with pytest.raises(DomainError, match="chưa giải quyết xong"):
        services.rating_submit(dossier=dossier, values=values)
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 3, 9))
    rating = services.rating_submit(dossier=dossier, values=values)
    assert rating.satisfied
    with pytest.raises(DomainError, match="đã được đánh giá"):
        services.rating_submit(dossier=dossier, values=values)


def test_events_replay_in_time_order(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    # A result recorded out of order (earlier than a later supplement) still ends processing first.
    DossierEvent.objects.create(
        agency=agency_a,
        dossier=dossier,
        type=EventType.RESULT_READY,
        at=at(2026, 3, 3, 9),
        source="x",
        source_id="1",
    )
    DossierEvent.objects.create(
        agency=agency_a,
        dossier=dossier,
        type=EventType.RETURNED,
        at=at(2026, 3, 3, 8),
        source="x",
        source_id="2",
    )
    services.rebuild(dossier)
    assert dossier.ended_at == at(2026, 3, 3, 9)
    assert dossier.status == Status.RETURNED


def test_code_taken_by_an_ingested_dossier_is_passed_over(officer_a, agency_a, procedure_a):
    first = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    Dossier.objects.filter(pk=first.pk).update(code=f"{agency_a.identifier_code}-260302-0002")
    second = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 10))
    assert second.code.endswith("-260302-0003")
