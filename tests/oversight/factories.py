"""Factories of the oversight app; child rows take their agency from the parent."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from eiso.oversight.models import (
    DEFAULT_BANDS,
    BudgetLine,
    CriteriaSet,
    Criterion,
    FollowUp,
    Inspection,
    InspectionPlan,
    Milestone,
    PlanEntry,
    Report,
    RolloutPlan,
    TrainingAttendance,
    TrainingSession,
)
from tests.factories import AgencyFactory, ProvinceFactory


class RolloutPlanFactory(DjangoModelFactory):
    class Meta:
        model = RolloutPlan

    province = factory.SubFactory(ProvinceFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Kế hoạch triển khai {n}")


class PlanEntryFactory(DjangoModelFactory):
    class Meta:
        model = PlanEntry

    agency = factory.SubFactory(AgencyFactory)
    plan = factory.SubFactory(RolloutPlanFactory, province=factory.SelfAttribute("..agency.province"))
    track = PlanEntry.Track.MAINTAIN


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    entry = factory.SubFactory(PlanEntryFactory)
    agency = factory.SelfAttribute("entry.agency")
    title = "Công bố HTQLCL"
    due_on = date(2026, 9, 30)


class CriteriaSetFactory(DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Bộ tiêu chí {n}")
    bands = DEFAULT_BANDS


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    title = "Tiêu chí"
    max_points = Decimal("10")


class InspectionPlanFactory(DjangoModelFactory):
    class Meta:
        model = InspectionPlan

    province = factory.SubFactory(ProvinceFactory)
    year = 2025


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection

    agency = factory.SubFactory(AgencyFactory)
    plan = factory.SubFactory(InspectionPlanFactory, province=factory.SelfAttribute("..agency.province"))
    form = Inspection.Form.DOCUMENTS


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    inspection = factory.SubFactory(InspectionFactory)
    agency = factory.SelfAttribute("inspection.agency")
    request = "Cập nhật quy trình"
    due_on = date(2025, 12, 31)


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    province = factory.SubFactory(ProvinceFactory)
    kind = Report.Kind.SIX_MONTH
    year = 2026
    half = 1


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    agency = factory.SubFactory(AgencyFactory)
    year = 2026
    purpose = BudgetLine.Purpose.MAINTENANCE
    planned = 50_000_000
    approved = 40_000_000
    spent = 10_000_000


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    province = factory.SubFactory(ProvinceFactory)
    topic = factory.Sequence(lambda n: f"Tập huấn ISO 9001:2015 số {n}")
    held_on = date(2026, 4, 15)


class TrainingAttendanceFactory(DjangoModelFactory):
    class Meta:
        model = TrainingAttendance

    agency = factory.SubFactory(AgencyFactory)
    session = factory.SubFactory(TrainingSessionFactory, province=factory.SelfAttribute("..agency.province"))
    person_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")


def concluded_inspection(plan, agency, criteria_set, coordinator, points: dict[str, int]) -> Inspection:
    """An on-site inspection of `agency` in `plan`, scored through the services (`points` by
    criterion code) and concluded with its minutes signed on 1 October of the plan's year."""
    from eiso.oversight import services

    inspection = InspectionFactory(
        plan=plan,
        agency=agency,
        criteria_set=criteria_set,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.IN_PROGRESS,
    )
    for criterion in criteria_set.criteria.filter(parent__isnull=False):
        services.inspection_score(
            inspection=inspection,
            criterion=criterion,
            points=Decimal(points[criterion.code]),
            evidence="Hồ sơ",
            actor=coordinator,
        )
    services.inspection_conclude(
        inspection=inspection,
        conclusion="Kết luận",
        minutes_signed_on=date(plan.year, 10, 1),
        actor=coordinator,
    )
    return inspection
