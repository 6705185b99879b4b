"""Inspections (TT 26/2014/TT-BKHCN Chương V): the yearly plan with its on-site sampling rule, the
inspections it lists, the automatic scoring from eISO data and the follow-up requests. The
lifecycles (approving the plan, starting, scoring and concluding an inspection, reporting on a
follow-up) are declared in services/workflows.py."""

import math
from datetime import date

from django.db import transaction

from eiso.core import audit, deadlines
from eiso.core.calendar import for_province
from eiso.core.errors import DomainError
from eiso.orgs import signing
from eiso.oversight import indicators, scoring
from eiso.oversight.models import Criterion, FollowUp, Inspection, InspectionPlan, Score
from eiso.oversight.services.common import require_coordinator

INSPECTION_FIELDS = [
    "form",
    "planned_on",
    "inspecting_unit",
    "cooperating_unit",
    "budget_amount",
    "decision_number",
    "decided_on",
    "team",
    "report_request_number",
    "report_requested_on",
    "report_due_on",
    "agency_representative",
    "criteria_set",
]
AUDITED_FIELDS = [*INSPECTION_FIELDS[:-1], "criteria_set_id"]
# The signable Mẫu 20 (oversight.signables, orgs.signing).
DECISION_KIND = "inspection_decision"
# The decision's own fields: refused once it is signed (a new decision amends it).
SIGNED_DECISION_FIELDS = [
    "form",
    "decision_number",
    "decided_on",
    "team",
    "agency_representative",
    "cooperating_unit",
]
# The heading and signature of the plan's documents (Mẫu 19, and the decisions of Mẫu 20).
PLAN_DOCUMENT_FIELDS = ["number", "issuing_agency", "signer_authority", "signer_position", "signer_name"]


def obligated_agencies(province):
    from eiso.orgs.models import Agency

    return Agency.objects.filter(province=province, obligation=Agency.Obligation.MANDATORY).active()


def on_site_minimum(obligated_count: int) -> int:
    """At least a third of the obligated agencies are inspected on site (TT 26/2014 Điều 33)."""
    return math.ceil(obligated_count / 3)


def plan_problems(plan: InspectionPlan) -> list[str]:
    """What stops the plan from being approved, in words for the coordinator: every obligated agency
    inspected, at least a third of them on site (TT 26/2014 Điều 33, which has no exception)."""
    problems = []
    obligated = list(obligated_agencies(plan.province).values_list("pk", "name"))
    planned = dict(plan.inspections.values_list("agency_id", "form"))
    missing = [name for pk, name in obligated if pk not in planned]
    if missing:
        problems.append(
            "Cơ quan thuộc diện bắt buộc chưa có trong kế hoạch kiểm tra: " + ", ".join(missing) + "."
        )
    on_site = sum(1 for form in planned.values() if form == Inspection.Form.ON_SITE)
    minimum = on_site_minimum(len(obligated))
    if on_site < minimum:
        problems.append(
            f"Mới có {on_site} cơ quan kiểm tra tại trụ sở, cần ít nhất {minimum} (một phần ba số cơ quan "
            "thuộc diện bắt buộc, Điều 33 Thông tư số 26/2014/TT-BKHCN)."
        )
    return problems


@transaction.atomic
def inspection_plan_create(*, province, year: int, actor, number: str = "") -> InspectionPlan:
    require_coordinator(actor, province)
    if InspectionPlan.objects.filter(province=province, year=year).exists():
        raise DomainError(f"Tỉnh đã có kế hoạch kiểm tra năm {year}.", field="year")
    plan = InspectionPlan(province=province, year=year, number=number)
    plan.full_clean()
    plan.save()
    audit.record(
        actor=actor,
        action="inspection_plan.create",
        target=plan,
        province=province,
        changes={"year": [None, year]},
    )
    return plan


@transaction.atomic
def inspection_plan_update(*, plan: InspectionPlan, actor, **fields) -> InspectionPlan:
    """Change the number, issuing agency and signer the plan's documents carry; the list of
    inspections is not touched, so this stays possible after approval."""
    require_coordinator(actor, plan.province)
    before = audit.snapshot(plan, PLAN_DOCUMENT_FIELDS)
    for name in PLAN_DOCUMENT_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name].strip())
    if not plan.issuing_agency or not plan.signer_position:
        raise DomainError("Hãy nhập cơ quan ban hành và chức vụ người ký.", field="issuing_agency")
    plan.full_clean()
    plan.save(update_fields=[*PLAN_DOCUMENT_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="inspection_plan.update",
        target=plan,
        province=plan.province,
        changes=audit.diff(before, audit.snapshot(plan, PLAN_DOCUMENT_FIELDS)),
    )
    return plan


def _risk_order(plan: InspectionPlan, agencies: list, actor, today: date) -> list:
    """Agencies most in need of an on-site visit first: not visited on site last year, then those
    with most overdue items, then the lowest last score."""
    visited = set(
        Inspection.objects.filter(
            plan__province=plan.province, plan__year=plan.year - 1, form=Inspection.Form.ON_SITE
        ).values_list("agency_id", flat=True)
    )
    statuses = {
        s.agency.pk: s
        for s in indicators.agency_statuses(user=actor, agencies=agencies, year=plan.year, today=today)
    }

    def key(agency):
        status = statuses[agency.pk]
        overdue = status.overdue_legal_tasks + status.overdue_follow_ups + status.overdue_milestones
        return (agency.pk in visited, -overdue, agency.name)

    return sorted(agencies, key=key)


@transaction.atomic
def inspection_plan_propose(
    *, plan: InspectionPlan, actor, today: date, inspecting_unit: str = "", cooperating_unit: str = ""
) -> int:
    """Add every obligated agency not yet in the plan, by documents, and propose on-site visits
    (risk first) until a third is reached. Returns how many inspections were added."""
    require_coordinator(actor, plan.province)
    if plan.is_approved:
        raise DomainError("Kế hoạch kiểm tra đã phê duyệt, không thể thay đổi.")
    agencies = list(obligated_agencies(plan.province))
    present = dict(plan.inspections.values_list("agency_id", "form"))
    on_site = sum(1 for form in present.values() if form == Inspection.Form.ON_SITE)
    needed = max(on_site_minimum(len(agencies)) - on_site, 0)
    added = 0
    for agency in _risk_order(plan, [a for a in agencies if a.pk not in present], actor, today):
        form = Inspection.Form.ON_SITE if needed > 0 else Inspection.Form.DOCUMENTS
        needed -= form == Inspection.Form.ON_SITE
        Inspection.objects.create(
            plan=plan,
            agency=agency,
            form=form,
            inspecting_unit=inspecting_unit,
            cooperating_unit=cooperating_unit,
        )
        added += 1
    audit.record(
        actor=actor,
        action="inspection_plan.propose",
        target=plan,
        province=plan.province,
        changes={"added": [0, added]},
    )
    return added


@transaction.atomic
def inspection_add(
    *,
    plan: InspectionPlan,
    agency,
    form: str,
    actor,
    planned_on: date | None = None,
    inspecting_unit: str = "",
    cooperating_unit: str = "",
    budget_amount=None,
    criteria_set=None,
) -> Inspection:
    require_coordinator(actor, plan.province)
    if plan.is_approved:
        raise DomainError("Kế hoạch kiểm tra đã phê duyệt, không thể thêm cơ quan.")
    if agency.province_id != plan.province_id:
        raise DomainError("Cơ quan không thuộc tỉnh của kế hoạch.", field="agency")
    if plan.inspections.filter(agency=agency).exists():
        raise DomainError("Cơ quan đã có trong kế hoạch kiểm tra.", field="agency")
    _check_criteria_set(plan, criteria_set)
    inspection = Inspection(
        plan=plan,
        agency=agency,
        form=form,
        planned_on=planned_on,
        inspecting_unit=inspecting_unit,
        cooperating_unit=cooperating_unit,
        budget_amount=budget_amount,
        criteria_set=criteria_set,
    )
    inspection.full_clean()
    inspection.save()
    audit.record(actor=actor, action="inspection.create", target=inspection, changes={"form": [None, form]})
    return inspection


def _check_criteria_set(plan, criteria_set) -> None:
    if criteria_set is not None and criteria_set.province_id != plan.province_id:
        raise DomainError("Bộ tiêu chí thuộc tỉnh khác.", field="criteria_set")


@transaction.atomic
def inspection_update(*, inspection: Inspection, actor, **fields) -> Inspection:
    require_coordinator(actor, inspection.province)
    if inspection.is_concluded:
        raise DomainError("Cuộc kiểm tra đã kết luận, không thể sửa.")
    changed = [
        name
        for name in SIGNED_DECISION_FIELDS
        if name in fields and fields[name] != getattr(inspection, name)
    ]
    if changed and signing.signed_document(DECISION_KIND, inspection) is not None:
        raise DomainError(
            "Quyết định kiểm tra đã được ký số: không sửa được số, ngày, đoàn kiểm tra hay đại diện cơ quan. "
            "Hãy ban hành quyết định mới (sửa đổi, bổ sung) nếu cần thay đổi."
        )
    if "criteria_set" in fields:
        _check_criteria_set(inspection.plan, fields["criteria_set"])
        if inspection.scores.exists() and fields["criteria_set"] != inspection.criteria_set:
            raise DomainError(
                "Đã chấm điểm theo bộ tiêu chí này, không thể đổi bộ tiêu chí.", field="criteria_set"
            )
    before = audit.snapshot(inspection, AUDITED_FIELDS)
    for name in INSPECTION_FIELDS:
        if name in fields:
            setattr(inspection, name, fields[name])
    inspection.full_clean()
    inspection.save(update_fields=[*INSPECTION_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="inspection.update",
        target=inspection,
        changes=audit.diff(before, audit.snapshot(inspection, AUDITED_FIELDS)),
    )
    return inspection


def leaf_criteria(criteria_set) -> list[Criterion]:
    criteria = list(criteria_set.criteria.all())
    parents = {criterion.parent_id for criterion in criteria}
    return [criterion for criterion in criteria if criterion.pk not in parents]


def fill_automatic_scores(inspection: Inspection, actor, today: date) -> int:
    """Score the criteria that have a rule from eISO data as of `today`; the inspector's manual
    score stands where the data is missing. Returns how many criteria were scored."""
    status = indicators.agency_status(
        user=actor, agency=inspection.agency, year=inspection.plan.year, today=today
    )
    filled = 0
    existing = {score.criterion_id: score for score in inspection.scores.all()}
    for criterion in leaf_criteria(inspection.criteria_set):
        rule = scoring.RULES.get(criterion.rule)
        if rule is None:
            continue
        result = rule.compute(status)
        score = existing.get(criterion.pk) or Score(
            inspection=inspection, agency=inspection.agency, criterion=criterion
        )
        if result.share is None and score.pk and not score.is_automatic:
            continue  # the inspector's manual score stands where the data is missing
        score.points = (
            scoring.points_for(result.share, criterion.max_points) if result.share is not None else None
        )
        score.is_automatic = result.share is not None
        score.evidence = result.evidence
        score.figures = result.figures
        score.full_clean()
        score.save()
        filled += result.share is not None
    return filled


def follow_up_due_error(inspection: Inspection, due_on: date, latest: date, start: date) -> str:
    """Why `due_on` cannot be a follow-up's deadline ("" when it can): not before the inspection's
    concluding document, not after the two months of Điều 37."""
    document = "biên bản kiểm tra" if inspection.is_on_site else "văn bản đề nghị khắc phục"
    if due_on < start:
        return f"Hạn báo cáo không được trước ngày {document} ({start:%d/%m/%Y})."
    if due_on > latest:
        return (
            f"Hạn báo cáo tối đa 02 tháng kể từ ngày {document} ({start:%d/%m/%Y}): chậm nhất "
            f"{latest:%d/%m/%Y} (Điều 37 Thông tư số 26/2014/TT-BKHCN)."
        )
    return ""


@transaction.atomic
def follow_up_add(
    *, inspection: Inspection, request: str, actor, today: date, due_on: date | None = None
) -> FollowUp:
    """A request to the agency, due at most two months after the minutes or the written request
    (before they are signed, after `today`), by default exactly then; a due date on a day off moves
    to the next working day of the province (TT 26/2014 Điều 37)."""
    require_coordinator(actor, inspection.province)
    if not inspection.has_started:
        raise DomainError("Cuộc kiểm tra chưa bắt đầu.")
    if not request.strip():
        raise DomainError("Hãy ghi nội dung yêu cầu.", field="request")
    cal = for_province(inspection.agency.province_id)
    start = inspection.concluded_on or today
    latest = deadlines.inspection_follow_up_due(cal, start)
    due_on = latest if due_on is None else deadlines.on_working_day(cal, due_on)
    problem = follow_up_due_error(inspection, due_on, latest, start)
    if problem:
        raise DomainError(problem, field="due_on")
    follow_up = FollowUp(inspection=inspection, agency=inspection.agency, request=request, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    audit.record(
        actor=actor, action="follow_up.create", target=follow_up, changes={"due_on": [None, follow_up.due_on]}
    )
    return follow_up


@transaction.atomic
def follow_up_raise_nonconformity(*, follow_up: FollowUp, actor, today: date):
    """The agency records the inspection's request as one of its nonconformities (improvement),
    due when the follow-up is; the request keeps the link."""
    from eiso.improvement import services as improvement_services
    from eiso.improvement.models import Nonconformity

    if follow_up.nonconformity_id is not None:
        raise DomainError("Yêu cầu này đã được ghi thành điểm không phù hợp.")
    inspection = follow_up.inspection
    nonconformity = improvement_services.nonconformity_record(
        agency=follow_up.agency,
        actor=actor,
        source=Nonconformity.Source.INSPECTION,
        title=f"Kiểm tra của tỉnh năm {inspection.plan.year}: {follow_up.request[:150]}",
        description=follow_up.request,
        detected_on=min(inspection.concluded_on or today, today),
        report_due_on=follow_up.due_on,
    )
    follow_up.nonconformity_id = nonconformity.pk
    follow_up.save(update_fields=["nonconformity_id", "updated_at"])
    audit.record(
        actor=actor,
        action="follow_up.raise_nonconformity",
        target=follow_up,
        changes={"nonconformity": [None, nonconformity.pk]},
    )
    return nonconformity
