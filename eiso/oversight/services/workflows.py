"""The lifecycles of oversight, declared once (core.workflow): the rollout plan, the inspection
plan, each inspection, the follow-up requests it leaves the agency, and the periodic report.

Rules (QĐ 19/2014/QĐ-TTg Điều 6; TT 26/2014/TT-BKHCN Điều 33–38): the inspection plan lists every
obligated agency and visits at least a third of them on site (Điều 33 has no exception); an
inspection is scored against its criteria set and concluded only when every criterion is scored,
which freezes the scores — on site with the minutes signed (Mẫu 21), through documents with the
written request that follows (Điều 37); the inspected agency reports its corrective actions on
each request, and the coordinator accepts them or sends them back; an issued report is frozen.

Every workflow here is province-scoped: the coordinator's role is checked over the object's
province. The inspected agency's ISO secretary and leader report on its follow-ups by `grants`.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.permissions import has_role
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.workflow import Transition, Workflow
from eiso.oversight import reporting
from eiso.oversight.forms import (
    ApproveForm,
    ConcludeForm,
    FollowUpReportForm,
    ReportIssueForm,
    ScoreForm,
    StartForm,
)
from eiso.oversight.models import Criterion, FollowUp, Inspection, InspectionPlan, Report, RolloutPlan, Score
from eiso.oversight.services.inspections import fill_automatic_scores, leaf_criteria, plan_problems


def _approve(plan, *, actor, at, approved_on: date):
    plan.approved_on = approved_on
    return {"approved_on": [None, approved_on.isoformat()]}


# --- the rollout plan (kế hoạch triển khai) -------------------------------------------------------


def _has_entries(plan: RolloutPlan, actor, at) -> None:
    if not plan.entries.exists():
        raise DomainError("Kế hoạch chưa có cơ quan nào: hãy thêm cơ quan trước khi phê duyệt.")


ROLLOUT_PLAN = Workflow(
    name="rollout_plan",
    model=RolloutPlan,
    label="kế hoạch triển khai",
    url_name="oversight:rollout_plan_transition",
    scope="province",
    badges={RolloutPlan.Status.DRAFT: "secondary", RolloutPlan.Status.APPROVED: "success"},
    transitions=(
        Transition(
            "approve",
            "Ghi nhận phê duyệt",
            (RolloutPlan.Status.DRAFT,),
            RolloutPlan.Status.APPROVED,
            roles=(Role.COORDINATOR,),
            guard=_has_entries,
            apply=_approve,
            form=ApproveForm,
            style="success",
            success="Đã ghi nhận phê duyệt kế hoạch.",
        ),
    ),
)


# --- the inspection plan (Mẫu 19. KHKT) -----------------------------------------------------------


def _nothing_stops_approval(plan: InspectionPlan, actor, at) -> None:
    problems = plan_problems(plan)
    if problems:
        raise DomainError(" ".join(problems))


INSPECTION_PLAN = Workflow(
    name="inspection_plan",
    model=InspectionPlan,
    label="kế hoạch kiểm tra",
    url_name="oversight:inspection_plan_transition",
    scope="province",
    badges={InspectionPlan.Status.DRAFT: "secondary", InspectionPlan.Status.APPROVED: "success"},
    transitions=(
        Transition(
            "approve",
            "Phê duyệt",
            (InspectionPlan.Status.DRAFT,),
            InspectionPlan.Status.APPROVED,
            roles=(Role.COORDINATOR,),
            guard=_nothing_stops_approval,
            apply=_approve,
            form=ApproveForm,
            style="success",
            success="Đã phê duyệt kế hoạch kiểm tra.",
        ),
    ),
)


# --- the inspection of one agency (Mẫu 20, 21) ----------------------------------------------------


def _has_criteria_set(inspection: Inspection, actor, at) -> None:
    if inspection.criteria_set_id is None:
        raise DomainError("Hãy chọn bộ tiêu chí trước khi bắt đầu kiểm tra.")


def _every_criterion_scored(inspection: Inspection, actor, at) -> None:
    if inspection.criteria_set_id is None:
        raise DomainError("Cuộc kiểm tra chưa có bộ tiêu chí.")
    scored = set(inspection.scores.filter(points__isnull=False).values_list("criterion_id", flat=True))
    missing = [c.code for c in leaf_criteria(inspection.criteria_set) if c.pk not in scored]
    if missing:
        raise DomainError("Còn tiêu chí chưa chấm điểm: " + ", ".join(missing) + ".")


def _start(inspection, *, actor, at, inspected_on: date, today: date | None = None):
    """Open the checklist: the automatic criteria are scored from eISO data as of `today`."""
    inspection.inspected_on = inspected_on
    filled = fill_automatic_scores(inspection, actor, today or timezone.localdate(at))
    return {"inspected_on": [None, inspected_on.isoformat()], "automatic_scores": [0, filled]}


def _refresh_scores(inspection, *, actor, at):
    return {"automatic_scores": [None, fill_automatic_scores(inspection, actor, timezone.localdate(at))]}


def _score(inspection, *, actor, at, criterion: Criterion, points: Decimal, evidence: str):
    """A manual score with its evidence, within 0 and the criterion's maximum."""
    if criterion.criteria_set_id != inspection.criteria_set_id or criterion.children.exists():
        raise DomainError("Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra.", field="criterion")
    if points < 0 or points > criterion.max_points:
        raise DomainError(
            f"Điểm phải từ 0 đến {criterion.max_points:g} (điểm tối đa của tiêu chí {criterion.code}).",
            field="points",
        )
    if not evidence.strip():
        raise DomainError("Hãy ghi bằng chứng cho điểm chấm tay.", field="evidence")
    score = inspection.scores.filter(criterion=criterion).first() or Score(
        inspection=inspection, agency=inspection.agency, criterion=criterion
    )
    before = [score.points, score.evidence] if score.pk else [None, ""]
    score.points, score.evidence, score.is_automatic, score.figures = points, evidence.strip(), False, {}
    score.full_clean()
    score.save()
    return {
        "criterion": [None, criterion.code],
        "points": [None if before[0] is None else str(before[0]), str(points)],
        "evidence": [before[1], score.evidence],
    }


def _conclude(
    inspection,
    *,
    actor,
    at,
    conclusion: str,
    minutes_signed_on: date | None = None,
    minutes_number: str = "",
    result_letter_on: date | None = None,
    result_letter_number: str = "",
):
    """On site, the minutes signed by both sides (Mẫu 21); through documents, the written request
    that tells the agency the result and the gaps to fix (Điều 37): no minutes for those. The
    number may be left for later (NĐ 30/2020 Điều 15 numbers a paper after it is signed)."""
    if not conclusion.strip():
        raise DomainError("Hãy ghi kết luận kiểm tra.", field="conclusion")
    inspection.conclusion = conclusion.strip()
    if inspection.is_on_site:
        if minutes_signed_on is None:
            raise DomainError("Hãy ghi ngày ký biên bản kiểm tra.", field="minutes_signed_on")
        inspection.minutes_signed_on, inspection.minutes_number = minutes_signed_on, minutes_number.strip()
        return {
            "minutes_number": [None, inspection.minutes_number],
            "minutes_signed_on": [None, minutes_signed_on.isoformat()],
        }
    if result_letter_on is None:
        raise DomainError(
            "Kiểm tra qua hồ sơ, báo cáo kết thúc bằng văn bản đề nghị khắc phục, không lập biên bản: "
            "hãy ghi ngày văn bản.",
            field="result_letter_on",
        )
    inspection.result_letter_on = result_letter_on
    inspection.result_letter_number = result_letter_number.strip()
    return {
        "result_letter_number": [None, inspection.result_letter_number],
        "result_letter_on": [None, result_letter_on.isoformat()],
    }


INSPECTION = Workflow(
    name="inspection",
    model=Inspection,
    label="cuộc kiểm tra",
    url_name="oversight:inspection_transition",
    scope="province",
    badges={
        Inspection.Status.PLANNED: "secondary",
        Inspection.Status.IN_PROGRESS: "primary",
        Inspection.Status.CONCLUDED: "success",
    },
    transitions=(
        Transition(
            "start",
            "Bắt đầu kiểm tra",
            (Inspection.Status.PLANNED,),
            Inspection.Status.IN_PROGRESS,
            roles=(Role.COORDINATOR,),
            guard=_has_criteria_set,
            apply=_start,
            form=StartForm,
            style="success",
            success="Đã bắt đầu kiểm tra; các tiêu chí tự động đã được chấm từ dữ liệu eISO.",
        ),
        Transition(
            "refresh_scores",
            "Tính lại tiêu chí tự động",
            (Inspection.Status.IN_PROGRESS,),
            roles=(Role.COORDINATOR,),
            apply=_refresh_scores,
            style="outline-secondary",
            success="Đã tính lại các tiêu chí tự động.",
        ),
        Transition(
            "score",
            "Chấm điểm",
            (Inspection.Status.IN_PROGRESS,),
            roles=(Role.COORDINATOR,),
            apply=_score,
            form=ScoreForm,
            style="outline-primary",
            success="Đã chấm điểm tiêu chí.",
        ),
        Transition(
            "conclude",
            "Kết luận",
            (Inspection.Status.IN_PROGRESS,),
            Inspection.Status.CONCLUDED,
            roles=(Role.COORDINATOR,),
            guard=_every_criterion_scored,
            apply=_conclude,
            form=ConcludeForm,
            style="success",
            confirm="Kết luận sẽ chốt điểm, không sửa được nữa. Tiếp tục?",
            success="Đã kết luận cuộc kiểm tra; điểm đã được chốt.",
        ),
    ),
)


# --- the follow-up requests (TT 26/2014 Điều 37) --------------------------------------------------


def _agency_manager(follow_up: FollowUp, user) -> bool:
    """The inspected agency's ISO secretary and leader report on its follow-ups."""
    return has_role(user, follow_up.agency, *QMS_MANAGERS)


def _report(follow_up, *, actor, at, response: str, reported_on: date | None = None):
    if not response.strip():
        raise DomainError("Hãy ghi nội dung khắc phục đã thực hiện.", field="response")
    before = follow_up.response
    follow_up.response = response.strip()
    follow_up.reported_on = reported_on or timezone.localdate(at)
    return {
        "response": [before, follow_up.response],
        "reported_on": [None, follow_up.reported_on.isoformat()],
    }


FOLLOW_UP = Workflow(
    name="follow_up",
    model=FollowUp,
    label="yêu cầu khắc phục",
    url_name="oversight:follow_up_transition",
    scope="province",
    badges={
        FollowUp.Status.OPEN: "warning",
        FollowUp.Status.REPORTED: "info",
        FollowUp.Status.ACCEPTED: "success",
        FollowUp.Status.REJECTED: "danger",
    },
    transitions=(
        Transition(
            "report",
            "Báo cáo khắc phục",
            FollowUp.AWAITING_REPORT,
            FollowUp.Status.REPORTED,
            roles=(Role.COORDINATOR,),
            grants=_agency_manager,
            apply=_report,
            form=FollowUpReportForm,
            success="Đã gửi báo cáo khắc phục.",
        ),
        Transition(
            "accept",
            "Chấp nhận",
            (FollowUp.Status.REPORTED,),
            FollowUp.Status.ACCEPTED,
            roles=(Role.COORDINATOR,),
            style="outline-success",
            success="Đã chấp nhận hành động khắc phục.",
        ),
        Transition(
            "reject",
            "Không chấp nhận",
            (FollowUp.Status.REPORTED,),
            FollowUp.Status.REJECTED,
            roles=(Role.COORDINATOR,),
            style="outline-danger",
            confirm="Không chấp nhận hành động khắc phục này? Cơ quan sẽ phải báo cáo lại.",
            success="Đã ghi nhận không chấp nhận hành động khắc phục; cơ quan phải báo cáo lại.",
        ),
    ),
)


# --- the periodic report ----------------------------------------------------------------------------


def _files_ready(report: Report, actor, at) -> None:
    if report.is_generating:
        raise DomainError("Báo cáo đang được tạo, hãy chờ hoàn thành.")
    if not report.is_generated:
        raise DomainError("Hãy tạo tệp báo cáo và kiểm tra trước khi ban hành.")


def _issue(report, *, actor, at, number: str, issued_on: date):
    """The files are rendered once more so that they carry the number and the date of issue."""
    if not number.strip():
        raise DomainError("Hãy nhập số, ký hiệu của báo cáo.", field="number")
    before = report.number
    report.number, report.issued_on = number.strip(), issued_on
    today = timezone.localdate(at)
    name = f"{report.number.replace('/', '-')}-{report.pk}"
    report.docx_file.save(f"{name}.docx", ContentFile(reporting.render_docx(report, today)), save=False)
    report.pdf_file.save(f"{name}.pdf", ContentFile(reporting.render_pdf(report, today)), save=False)
    return {"number": [before, report.number], "issued_on": [None, issued_on.isoformat()]}


REPORT = Workflow(
    name="report",
    model=Report,
    label="báo cáo",
    url_name="oversight:report_transition",
    scope="province",
    badges={Report.Status.DRAFT: "secondary", Report.Status.ISSUED: "success"},
    transitions=(
        Transition(
            "issue",
            "Ban hành",
            (Report.Status.DRAFT,),
            Report.Status.ISSUED,
            roles=(Role.COORDINATOR,),
            guard=_files_ready,
            apply=_issue,
            form=ReportIssueForm,
            style="warning",
            confirm="Sau khi ban hành, nội dung và số liệu được chốt và không tạo lại được. Tiếp tục?",
            success="Đã ban hành báo cáo; nội dung và số liệu đã được chốt.",
        ),
    ),
)


# --- the services other modules call ----------------------------------------------------------------


def plan_approve(*, plan: RolloutPlan, approved_on: date, actor) -> RolloutPlan:
    """Record the approval of the rollout plan; it needs at least one agency entry."""
    return ROLLOUT_PLAN.run(plan, "approve", actor=actor, approved_on=approved_on)


def inspection_plan_approve(*, plan: InspectionPlan, approved_on: date, actor) -> InspectionPlan:
    """Approve the plan: every obligated agency inspected, at least a third on site."""
    return INSPECTION_PLAN.run(plan, "approve", actor=actor, approved_on=approved_on)


def inspection_start(*, inspection: Inspection, inspected_on: date, actor, today: date | None = None):
    """Open the checklist (a criteria set chosen); the automatic criteria are filled from eISO data."""
    return INSPECTION.run(inspection, "start", actor=actor, inspected_on=inspected_on, today=today)


def inspection_refresh_automatic(*, inspection: Inspection, actor) -> Inspection:
    """Score the automatic criteria again from today's data, while the inspection is in progress."""
    return INSPECTION.run(inspection, "refresh_scores", actor=actor)


def inspection_score(
    *, inspection: Inspection, criterion: Criterion, points: Decimal, evidence: str, actor
) -> Score:
    """Enter a manual score with its evidence, while the inspection is in progress."""
    INSPECTION.run(inspection, "score", actor=actor, criterion=criterion, points=points, evidence=evidence)
    return inspection.scores.get(criterion=criterion)


def inspection_conclude(
    *,
    inspection: Inspection,
    conclusion: str,
    actor,
    minutes_signed_on: date | None = None,
    minutes_number: str = "",
    result_letter_on: date | None = None,
    result_letter_number: str = "",
) -> Inspection:
    """Close the checklist — on site with the minutes signed (Mẫu 21), through documents with the
    written request (its date and number): every criterion scored; the scores are frozen."""
    return INSPECTION.run(
        inspection,
        "conclude",
        actor=actor,
        conclusion=conclusion,
        minutes_signed_on=minutes_signed_on,
        minutes_number=minutes_number,
        result_letter_on=result_letter_on,
        result_letter_number=result_letter_number,
    )


def follow_up_report(*, follow_up: FollowUp, response: str, reported_on: date, actor) -> FollowUp:
    """The agency reports its corrective action on a request (or reports again after a refusal)."""
    return FOLLOW_UP.run(follow_up, "report", actor=actor, response=response, reported_on=reported_on)


def follow_up_decide(*, follow_up: FollowUp, accepted: bool, actor) -> FollowUp:
    """The inspecting unit accepts the corrective action, or notifies it does not (Điều 37)."""
    return FOLLOW_UP.run(follow_up, "accept" if accepted else "reject", actor=actor)


def report_issue(*, report: Report, number: str, issued_on: date, actor) -> Report:
    """Issue the report with its number once its files are generated: it is frozen from now on."""
    return REPORT.run(report, "issue", actor=actor, number=number, issued_on=issued_on)
