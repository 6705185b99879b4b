"""Budget lines and training: the coordinator records them; an agency reports what it spent."""

from datetime import date

from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.oversight.models import BudgetLine, TrainingAttendance, TrainingSession
from eiso.oversight.services.common import require_coordinator, require_reporter

BUDGET_FIELDS = ["year", "purpose", "planned", "approved", "spent", "source", "note"]
SESSION_FIELDS = ["topic", "held_on", "trainer", "place"]


def _check_amounts(line: BudgetLine) -> None:
    for name, label in (
        ("planned", "Dự toán"),
        ("approved", "Kinh phí được duyệt"),
        ("spent", "Kinh phí đã chi"),
    ):
        value = getattr(line, name)
        if value is None or value < 0:
            raise DomainError(f"{label} không được âm.", field=name)
    if line.approved > line.planned:
        raise DomainError("Kinh phí được duyệt không được lớn hơn dự toán.", field="approved")
    if line.spent > line.approved and not line.note.strip():
        raise DomainError(
            "Kinh phí đã chi vượt kinh phí được duyệt: hãy ghi rõ lý do trong phần ghi chú.", field="spent"
        )


@transaction.atomic
def budget_line_save(*, agency, actor, line: BudgetLine | None = None, **fields) -> BudgetLine:
    """Create or change an agency's budget line; only the province's coordinator."""
    require_coordinator(actor, agency.province)
    is_new = line is None
    if is_new:
        line = BudgetLine(agency=agency)
    elif line.agency_id != agency.pk:
        raise DomainError("Dòng kinh phí không thuộc cơ quan này.", field="agency")
    before = {} if is_new else audit.snapshot(line, BUDGET_FIELDS)
    for name in BUDGET_FIELDS:
        if name in fields:
            setattr(line, name, fields[name])
    _check_amounts(line)
    line.full_clean()
    if is_new:
        line.save()
    else:
        line.save(update_fields=[*BUDGET_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="budget_line.create" if is_new else "budget_line.update",
        target=line,
        changes=audit.diff(before, audit.snapshot(line, BUDGET_FIELDS)),
    )
    return line


@transaction.atomic
def budget_line_record_spent(*, line: BudgetLine, spent: int, actor, note: str | None = None) -> BudgetLine:
    """The agency's secretary or leader (or the coordinator) reports what was spent."""
    require_reporter(actor, line.agency)
    before = audit.snapshot(line, ["spent", "note"])
    line.spent = spent
    if note is not None:
        line.note = note
    _check_amounts(line)
    line.full_clean()
    line.save(update_fields=["spent", "note", "updated_at"])
    audit.record(
        actor=actor,
        action="budget_line.record_spent",
        target=line,
        changes=audit.diff(before, audit.snapshot(line, ["spent", "note"])),
    )
    return line


@transaction.atomic
def training_session_create(
    *, province, topic: str, held_on: date, actor, trainer: str = "", place: str = ""
) -> TrainingSession:
    require_coordinator(actor, province)
    if not topic.strip():
        raise DomainError("Hãy nhập chủ đề lớp đào tạo.", field="topic")
    session = TrainingSession(province=province, topic=topic, held_on=held_on, trainer=trainer, place=place)
    session.full_clean()
    session.save()
    audit.record(
        actor=actor,
        action="training_session.create",
        target=session,
        province=province,
        changes=audit.diff({}, audit.snapshot(session, SESSION_FIELDS)),
    )
    return session


@transaction.atomic
def training_attendee_add(
    *,
    session: TrainingSession,
    agency,
    person_name: str,
    actor,
    position: str = "",
    has_certificate: bool = False,
) -> TrainingAttendance:
    require_coordinator(actor, session.province)
    if agency.province_id != session.province_id:
        raise DomainError("Cơ quan không thuộc tỉnh tổ chức lớp đào tạo.", field="agency")
    person_name = " ".join(person_name.split())
    if not person_name:
        raise DomainError("Hãy nhập họ và tên học viên.", field="person_name")
    if session.attendances.filter(agency=agency, person_name__iexact=person_name).exists():
        raise DomainError("Học viên này đã có trong danh sách lớp.", field="person_name")
    attendance = TrainingAttendance(
        session=session,
        agency=agency,
        person_name=person_name,
        position=position,
        has_certificate=has_certificate,
    )
    attendance.full_clean()
    attendance.save()
    audit.record(
        actor=actor,
        action="training_attendance.create",
        target=attendance,
        changes={"person_name": [None, person_name], "session": [None, session.pk]},
    )
    return attendance
