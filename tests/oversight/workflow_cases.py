"""The oversight workflows for the generic workflow test (tests/core/test_workflows.py).

Every object is built in the cast's province, each plan in a year of its own (one plan per year).
Provincial roles are held over that province; agency roles in the inspected agency (agency A) for
inspections and follow-ups, and in agency A for the province's own plans and reports, which the
agencies' people may at most read.
"""

from datetime import date
from decimal import Decimal

from eiso.core.roles import PROVINCE_MEMBERS, Role
from eiso.oversight import services
from eiso.oversight.models import FollowUp, Inspection, InspectionPlan, Report, RolloutPlan
from eiso.oversight.services.inspections import obligated_agencies
from tests.factories import MembershipFactory
from tests.oversight.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionPlanFactory,
    ReportFactory,
    RolloutPlanFactory,
)
from tests.workflows import Case

DAY = date(2026, 10, 6)


def _year(world) -> int:
    return 2030 + world.counter()


class ProvinceCase(Case):
    """A workflow of the province's own objects (no `agency`): agency roles are held in agency A."""

    def actor(self, role, obj, world):
        if role in PROVINCE_MEMBERS:
            return super().actor(role, obj, world)
        name = f"{self.workflow.name}-{role}-{obj.pk}-{world.counter()}"
        return MembershipFactory(agency=world.agency_a, role=role, user__username=name).user


class RolloutPlanCase(ProvinceCase):
    def build(self, status, world):
        plan = RolloutPlanFactory(province=world.province, year=_year(world))
        services.entry_save(plan=plan, agency=world.agency_a, track="maintain", actor=world.coordinator)
        if status == RolloutPlan.Status.APPROVED:
            services.plan_approve(plan=plan, approved_on=DAY, actor=world.coordinator)
        return plan

    def input(self, transition, plan, world):
        return {"approved_on": DAY}


class InspectionPlanCase(ProvinceCase):
    def build(self, status, world):
        """Every obligated agency of the province inspected on site: nothing stops approval."""
        # The cast's agencies first (created on first use), then any other obligated agency.
        agencies = {world.agency_a, world.agency_b, *obligated_agencies(world.province)}
        plan = InspectionPlanFactory(province=world.province, year=_year(world))
        for agency in agencies:
            InspectionFactory(plan=plan, agency=agency, form=Inspection.Form.ON_SITE)
        if status == InspectionPlan.Status.APPROVED:
            services.inspection_plan_approve(plan=plan, approved_on=DAY, actor=world.coordinator)
        return plan

    def input(self, transition, plan, world):
        return {"approved_on": DAY}


class InspectionCase(Case):
    """An on-site inspection of agency A against a one-criterion set; in progress, it is fully
    scored; it ends with minutes (an inspection through documents ends with a written request,
    tests/oversight/test_services_inspections.py)."""

    def build(self, status, world):
        criteria_set = CriteriaSetFactory(province=world.province)
        CriterionFactory(criteria_set=criteria_set, code="1", max_points=Decimal(10))
        inspection = InspectionFactory(
            form=Inspection.Form.ON_SITE,
            agency=world.agency_a,
            plan=InspectionPlanFactory(province=world.province, year=_year(world)),
            criteria_set=criteria_set,
        )
        coordinator = world.coordinator
        if status in (Inspection.Status.IN_PROGRESS, Inspection.Status.CONCLUDED):
            services.inspection_start(inspection=inspection, inspected_on=DAY, actor=coordinator)
            services.inspection_score(
                inspection=inspection,
                criterion=criteria_set.criteria.get(),
                points=Decimal(8),
                evidence="Hồ sơ",
                actor=coordinator,
            )
        if status == Inspection.Status.CONCLUDED:
            services.inspection_conclude(
                inspection=inspection, conclusion="Đạt", minutes_signed_on=DAY, actor=coordinator
            )
        return inspection

    def input(self, transition, inspection, world):
        if transition.name == "start":
            return {"inspected_on": DAY}
        if transition.name == "score":
            criterion = inspection.criteria_set.criteria.get()
            return {"criterion": criterion, "points": Decimal(9), "evidence": "Biên bản"}
        if transition.name == "conclude":
            return {
                "conclusion": "Cơ quan duy trì HTQLCL phù hợp.",
                "minutes_number": "05/BB-ĐKT",
                "minutes_signed_on": DAY,
            }
        return {}


class FollowUpCase(Case):
    """A request left to agency A by a concluded inspection; its secretary reports on it."""

    def build(self, status, world):
        inspection = InspectionFactory(
            agency=world.agency_a,
            plan=InspectionPlanFactory(province=world.province, year=_year(world)),
            status=Inspection.Status.CONCLUDED,
        )
        follow_up = FollowUpFactory(inspection=inspection)
        coordinator = world.coordinator
        if status != FollowUp.Status.OPEN:
            services.follow_up_report(
                follow_up=follow_up, response="Đã sửa", reported_on=DAY, actor=coordinator
            )
        if status in (FollowUp.Status.ACCEPTED, FollowUp.Status.REJECTED):
            accepted = status == FollowUp.Status.ACCEPTED
            services.follow_up_decide(follow_up=follow_up, accepted=accepted, actor=coordinator)
        return follow_up

    def input(self, transition, follow_up, world):
        if transition.name == "report":
            return {"response": "Đã cập nhật quy trình và đào tạo lại cán bộ."}
        return {}

    def granted_actor(self, transition, follow_up, world):
        if transition.name != "report":
            return None
        name = f"follow_up-granted-{follow_up.pk}-{world.counter()}"
        return MembershipFactory(agency=follow_up.agency, role=Role.SECRETARY, user__username=name).user


class ReportCase(ProvinceCase):
    """A six-month report whose files are generated (so that it may be issued)."""

    def build(self, status, world):
        report = ReportFactory(province=world.province, year=_year(world))
        services.report_request_generation(report=report, actor=world.coordinator)
        services.report_build(report=report, actor=world.coordinator, today=DAY)
        if status == Report.Status.ISSUED:
            services.report_issue(report=report, number="1/BC-SKHCN", issued_on=DAY, actor=world.coordinator)
        return report

    def input(self, transition, report, world):
        return {"number": "566/BC-SKHCN", "issued_on": DAY}


# The province's plans and reports are not visible to the agencies' people at all (404, not 403),
# so their API actions are checked role by role in tests/oversight/test_api.py instead.
CASES = [
    RolloutPlanCase(services.ROLLOUT_PLAN, api_basename="oversight-plan"),
    InspectionPlanCase(services.INSPECTION_PLAN),
    InspectionCase(services.INSPECTION, api_basename="oversight-inspection"),
    FollowUpCase(services.FOLLOW_UP, api_basename="oversight-follow-up"),
    ReportCase(services.REPORT),
]
