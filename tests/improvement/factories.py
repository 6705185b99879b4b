"""Factories of the improvement app. Child rows take their agency from their parent."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from eiso.improvement.models import (
    Announcement,
    AuditProgramme,
    AuditTeamMember,
    ChecklistLine,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    NonconformityProposal,
    Schedule,
)
from eiso.quality.models import Action
from tests.factories import AgencyFactory, UserFactory


class AuditProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = AuditProgramme
        django_get_or_create = ("agency", "year")

    agency = factory.SubFactory(AgencyFactory)
    year = 2026


class InternalAuditFactory(DjangoModelFactory):
    class Meta:
        model = InternalAudit

    programme = factory.SubFactory(AuditProgrammeFactory)
    agency = factory.SelfAttribute("programme.agency")
    code = factory.Sequence(lambda n: f"ĐGNB-2026-{n + 1:02d}")
    title = "Đánh giá nội bộ định kỳ"
    scope = "Các quy trình giải quyết TTHC"
    planned_start_on = datetime.date(2026, 5, 4)
    planned_end_on = datetime.date(2026, 5, 6)
    lead_auditor = factory.SubFactory(UserFactory)


class AuditTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = AuditTeamMember

    audit = factory.SubFactory(InternalAuditFactory)
    agency = factory.SelfAttribute("audit.agency")
    user = factory.SubFactory(UserFactory)


class ChecklistLineFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistLine

    audit = factory.SubFactory(InternalAuditFactory)
    agency = factory.SelfAttribute("audit.agency")
    reference = "iso"
    clause = "7.5"
    text = "Tài liệu có được phê duyệt trước khi ban hành không?"


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    audit = factory.SubFactory(InternalAuditFactory)
    agency = factory.SelfAttribute("audit.agency")
    kind = "nc_minor"
    clause = "7.5"
    statement = "Hai biểu mẫu đang dùng là phiên bản cũ."


class NonconformityFactory(DjangoModelFactory):
    class Meta:
        model = Nonconformity

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"KPH-2026-{n + 1:03d}")
    source = Nonconformity.Source.OTHER
    title = "Sổ theo dõi hồ sơ không ghi ngày trả kết quả"
    description = "Năm hồ sơ tháng 3 không ghi ngày trả kết quả."
    detected_on = datetime.date(2026, 3, 20)


class CorrectiveActionFactory(DjangoModelFactory):
    """A corrective action (quality.Action) of a nonconformity of the same agency."""

    class Meta:
        model = Action
        exclude = ["nonconformity"]

    nonconformity = factory.SubFactory(NonconformityFactory)
    agency = factory.SelfAttribute("nonconformity.agency")
    source_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Nonconformity))
    source_id = factory.SelfAttribute("nonconformity.pk")
    title = factory.Sequence(lambda n: f"Hành động khắc phục số {n}")
    due_on = factory.SelfAttribute("nonconformity.detected_on")


class NonconformityProposalFactory(DjangoModelFactory):
    class Meta:
        model = NonconformityProposal

    agency = factory.SubFactory(AgencyFactory)
    subject = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    late_count = 7
    threshold = 5


class ManagementReviewFactory(DjangoModelFactory):
    class Meta:
        model = ManagementReview

    agency = factory.SubFactory(AgencyFactory)
    title = "Xem xét của lãnh đạo năm 2026"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 10, 31)
    planned_on = datetime.date(2026, 11, 10)
    chair = factory.SubFactory(UserFactory)


class AnnouncementFactory(DjangoModelFactory):
    class Meta:
        model = Announcement

    agency = factory.SubFactory(AgencyFactory)
    scope = factory.LazyFunction(lambda: {"processes": [], "internal_activities": ""})


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    agency = factory.SubFactory(AgencyFactory)
    kind = Schedule.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Tập huấn ISO đợt {n + 1}")
    owner = factory.SubFactory(UserFactory)
    interval_months = 12
    next_due_on = datetime.date(2026, 12, 15)
