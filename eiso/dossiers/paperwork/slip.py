"""The control slip (TT 03/2025 Mẫu 06; TT 01/2018 Mẫu 05): the dossier's trail from hand to hand,
one row per hop, each with who gave, who received, when, and the result of the stage that the hop
ends — early, on time or late — as the receiving side records it (regulations.md §4.4, §4.9.4).

Hops are the recorded handovers (reception, each step taken, the return) and, when the result was
ready without a recorded handover back to the counter, that moment from the `result_ready` event.
The result of a hop is:
- the counter's transfer to the first unit: on time by the 15:00 rule (core.deadlines.transfer_due);
- a hop from a step: that step's result (late when finished after its due moment or over its
  allotted time, early when finished on a day before its due day);
- the return to the applicant: the dossier's own result (counting contract v2).
"""

from dataclasses import dataclass

from eiso.core import deadlines
from eiso.core.rendering import Block, Field, Table
from eiso.dossiers.formsets import FormSet
from eiso.dossiers.models import DossierStep, EventType, FormKind, IssuedForm, Outcome
from eiso.dossiers.paperwork.papers import Facts, Paper, moment

EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"
COUNTER = "Bộ phận Một cửa"
APPLICANT = "Người nộp hồ sơ"
WIDTHS_CM = {"A5": [3.3, 3.6, 2.6, 2.8], "A4": [4.4, 5, 3.6, 3.5]}


@dataclass
class Hop:
    at: object
    giver_place: str
    receiver_place: str
    given_by: str
    received_by: str
    kind: str  # reception, step, result, return
    step: DossierStep | None = None


def _hours(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def step_result(facts: Facts, step: DossierStep | None) -> tuple[str, str]:
    """(result, note) of a step: late when it finished after its due moment or used more than its
    allotted time (the delay report's "chậm"), early when finished on a day before its due day,
    else on time."""
    if step is None:
        return "", ""
    if step.finished_at is None:
        return "", "Đang xử lý" if step.started_at else ""
    if step.due is not None and step.finished_at > step.due:
        hours = facts.cal.working_hours_between(step.due, step.finished_at)
        return LATE, f"Quá hạn của bước {_hours(hours)} giờ làm việc"
    if step.overrun_hours > 0:
        return LATE, f"Chậm {_hours(step.overrun_hours)} giờ làm việc so với thời gian cho phép"
    if step.due is not None and facts.local_day(step.finished_at) < facts.local_day(step.due):
        return EARLY, ""
    return ON_TIME, ""


def hops(facts: Facts, steps: list[DossierStep]) -> list[Hop]:
    dossier = facts.dossier
    by_pk = {step.pk: step for step in steps}
    by_start = {step.started_at: step for step in steps if step.started_at}
    trail = []
    for index, handover in enumerate(dossier.handovers.order_by("at", "pk")):
        step = by_pk.get(handover.step_id) or by_start.get(handover.at)
        kind = "reception" if index == 0 else "step" if step is not None else "return"
        trail.append(
            Hop(
                at=handover.at,
                giver_place=handover.from_place,
                receiver_place=handover.to_place or (APPLICANT if kind == "return" else ""),
                given_by=handover.given_by,
                received_by=handover.received_by,
                kind=kind,
                step=step,
            )
        )
    ready = next((e for e in facts.events if e.type == EventType.RESULT_READY), None)
    if ready is not None and steps and not any(hop.at == ready.at for hop in trail):
        last = steps[-1]
        trail.append(
            Hop(
                at=ready.at,
                giver_place=last.responsible,
                receiver_place=COUNTER,
                given_by=last.actor_name,
                received_by=ready.person,
                kind="result",
            )
        )
    trail.sort(key=lambda hop: hop.at)
    holder = None
    for hop in trail:
        hop.giver_place = hop.giver_place or (
            APPLICANT if hop.kind == "reception" else holder.responsible if holder else COUNTER
        )
        hop.holder = holder
        holder = hop.step if hop.kind == "step" else None
    return trail


def _result(facts: Facts, hop: Hop) -> tuple[str, str]:
    dossier = facts.dossier
    if hop.kind == "reception":
        return "", "Tiếp nhận hồ sơ"
    if hop.kind == "return":
        outcome = Outcome(dossier.outcome).label if dossier.outcome else ""
        return outcome, "Trả kết quả" + ("; đã xin lỗi, gia hạn" if dossier.extended else "")
    if hop.holder is None:  # the counter hands the dossier to the first unit
        due = deadlines.transfer_due(facts.cal, dossier.received_at)
        return (ON_TIME, "") if hop.at <= due else (LATE, f"Hạn chuyển: {moment(due)}")
    return step_result(facts, hop.holder)


def control_slip(facts: Facts, form_set: FormSet, issued: IssuedForm, receipt: IssuedForm | None) -> Paper:
    dossier = facts.dossier
    steps = list(dossier.steps.select_related("unit", "other_agency").order_by("order"))
    units = list(dict.fromkeys(step.unit.name for step in steps if step.unit_id))
    partners = list(dict.fromkeys(step.other_agency.name for step in steps if step.other_agency_id))
    rows = []
    for hop in hops(facts, steps):
        result, note = _result(facts, hop)
        rows.append(
            [
                f"1. Giao: {hop.giver_place}\n2. Nhận: {hop.receiver_place}",
                f"{moment(hop.at)}\nNgười giao: {hop.given_by or '…'}\nNgười nhận: {hop.received_by or '…'}",
                result,
                note,
            ]
        )
    first = "Tên cơ quan, đơn vị" if form_set.key == "tt03-2025" else "Tên cơ quan"
    body: list[Block] = [
        Field("Mã hồ sơ", dossier.code),
        Field("Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số", receipt.number if receipt else ""),
        Field("Kèm theo hồ sơ của", dossier.applicant_name),
        Field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name),
        Field("Ngày nhận", moment(dossier.received_at)),
        Field("Hẹn trả", moment(facts.appointment_at_reception())),
    ]
    if dossier.extended:
        body.append(Field("Hẹn trả sau khi xin lỗi, gia hạn", moment(dossier.appointment)))
    body += [
        Field(
            "Cơ quan (bộ phận) giải quyết hồ sơ",
            dossier.agency.name + (f" ({', '.join(units)})" if units else ""),
        ),
        Field("Cơ quan phối hợp giải quyết hồ sơ", "; ".join(partners) or "Không"),
        Table(
            columns=[
                first,
                "Thời gian giao, nhận hồ sơ",
                "Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)",
                "Ghi chú",
            ],
            rows=rows,
            widths_cm=WIDTHS_CM[form_set.forms[FormKind.CONTROL_SLIP].page],
        ),
    ]
    notes = [
        "Ghi chú: Kết quả giải quyết hồ sơ do bên nhận ghi khi nhận bàn giao. Trường hợp hồ sơ được chuyển "
        "qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký nhận thể hiện trong hóa đơn của cơ "
        "quan bưu chính.",
    ]
    if form_set.key == "tt03-2025":
        notes.append("Quá trình giao, nhận hồ sơ được hệ thống ghi tự động và thể hiện trên phiếu điện tử.")
    return Paper.of(
        FormKind.CONTROL_SLIP,
        facts,
        form_set,
        issued,
        body=body,
        signature=None,
        signers=(),
        notes=notes,
    )
