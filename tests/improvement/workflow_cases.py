"""The improvement workflows for the generic workflow test (tests/core/test_workflows.py): objects
of agency A brought to the status asked for, from which every transition starting there may run."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from eiso.core.roles import Role
from eiso.improvement import services
from eiso.improvement.models import (
    Announcement,
    AuditProgramme,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from eiso.quality.models import Action
from tests.factories import MembershipFactory
from tests.improvement.factories import (
    AnnouncementFactory,
    AuditProgrammeFactory,
    AuditTeamMemberFactory,
    CorrectiveActionFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
    NonconformityFactory,
    NonconformityProposalFactory,
)
from tests.improvement.helpers import announcement_ready, approved_programme
from tests.workflows import Case

NC = Nonconformity.Status
ANALYSED_ON = (NC.ANALYSED, NC.PLANNED, NC.IN_PROGRESS, NC.EFFECTIVENESS_CHECK, NC.CLOSED)
PLANNED_ON = (NC.PLANNED, NC.IN_PROGRESS, NC.EFFECTIVENESS_CHECK, NC.CLOSED)


class NonconformityCase(Case):
    """Analysed: one open corrective action due today; planned and after: that action done, the
    effectiveness check due today; at the check: found effective, so that it may also be closed."""

    def build(self, status, world):
        today = timezone.localdate()
        fields = {}
        if status in ANALYSED_ON:
            fields.update(
                cause_method="five_whys", cause_analysis=["a", "b"], root_cause="Thiếu bước thu hồi"
            )
        if status in PLANNED_ON:
            fields.update(effectiveness_criteria="Không tái diễn", effectiveness_check_on=today)
        if status in (NC.EFFECTIVENESS_CHECK, NC.CLOSED):
            fields.update(is_effective=True, effectiveness_result="Đạt", effectiveness_checked_on=today)
        if status == NC.CLOSED:
            fields.update(closed_on=today)
        if status == NC.CANCELLED:
            fields.update(cancel_reason="Ghi nhận nhầm")
        nonconformity = NonconformityFactory(
            agency=world.agency_a, detected_on=today, status=status, **fields
        )
        if status == NC.ANALYSED:
            CorrectiveActionFactory(nonconformity=nonconformity, owner=world.staff_a)
        if status in PLANNED_ON:
            CorrectiveActionFactory(
                nonconformity=nonconformity,
                owner=world.staff_a,
                status=Action.Status.DONE,
                completed_on=today,
            )
        return nonconformity

    def input(self, transition, nonconformity, world):
        if transition.name == "analyse":
            return {
                "cause_method": "five_whys",
                "analysis": ["Mẫu cũ còn trong tủ", "Không thu hồi khi ban hành mẫu mới"],
                "root_cause": "Quy trình kiểm soát tài liệu thiếu bước thu hồi",
            }
        if transition.name == "plan":
            return {
                "effectiveness_criteria": "Không còn mẫu cũ",
                "effectiveness_check_on": timezone.localdate(),
            }
        if transition.name == "check":
            return {"is_effective": True, "result": "Kiểm tra 20 hồ sơ: không còn mẫu cũ"}
        if transition.name == "cancel":
            return {"reason": "Ghi nhận nhầm"}
        return {}


class ProposalCase(Case):
    def build(self, status, world):
        return NonconformityProposalFactory(agency=world.agency_a, status=status)

    def input(self, transition, proposal, world):
        return {"reason": "Hệ thống một cửa lỗi 3 ngày"} if transition.name == "dismiss" else {}


class AuditProgrammeCase(Case):
    # One programme per agency and year: each build takes a year of its own.
    years = count(2001)

    def build(self, status, world):
        approved = status == AuditProgramme.Status.APPROVED
        return AuditProgrammeFactory(
            agency=world.agency_a,
            year=next(self.years),
            status=status,
            approved_on=timezone.localdate() if approved else None,
        )


class InternalAuditCase(Case):
    """An audit of an approved programme without checklist lines (nothing pending to report),
    led by an internal auditor of its own."""

    def build(self, status, world):
        lead = MembershipFactory(
            agency=world.agency_a, role=Role.AUDITOR, user__username=f"lead-{world.counter()}"
        ).user
        today = timezone.localdate()
        reported = status in (InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED)
        audit = InternalAuditFactory(
            programme=approved_programme(world.agency_a),
            lead_auditor=lead,
            status=status,
            reported_on=today if reported else None,
            summary="Tóm tắt" if reported else "",
            conclusions="Kết luận" if reported else "",
        )
        AuditTeamMemberFactory(audit=audit, user=lead, is_lead=True)
        return audit

    def input(self, transition, audit, world):
        if transition.name == "report":
            return {"summary": "Hệ thống được duy trì", "conclusions": "Phù hợp", "report_number": ""}
        if transition.name == "cancel":
            return {"reason": "Trùng lịch kiểm tra của tỉnh"}
        return {}

    def granted_actor(self, transition, audit, world):
        # The team starts the audit; its lead auditor alone issues the report.
        return audit.lead_auditor if transition.grants is not None else None


class ManagementReviewCase(Case):
    def build(self, status, world):
        held = status == ManagementReview.Status.HELD
        return ManagementReviewFactory(
            agency=world.agency_a,
            chair=world.leader_a,
            status=status,
            held_on=timezone.localdate() if held else None,
            inputs_frozen_at=timezone.now() if held else None,
        )

    def input(self, transition, review, world):
        return {
            "held_on": timezone.localdate(),
            "participants": "Giám đốc, các trưởng phòng",
            "conclusions": "Hệ thống vận hành có hiệu lực.",
            "notes": {"resources": "Đủ nhân lực"},
        }


class AnnouncementCase(Case):
    """A draft of an agency that meets the QĐ 19/2014 prerequisites (one draft per agency: the
    same one until it is announced); decisions made today."""

    def build(self, status, world):
        today = timezone.localdate()
        if status == Announcement.Status.DRAFT:
            announcement_ready(world.agency_a, world.leader_a)
            draft = Announcement.objects.filter(agency=world.agency_a, status=status).first()
            return draft or AnnouncementFactory(agency=world.agency_a)
        return AnnouncementFactory(
            agency=world.agency_a,
            status=status,
            number=f"{world.counter()}/QĐ-SKHCN",
            decided_on=today - timedelta(days=1),
            signer_name="Trần Văn Bình",
        )

    def input(self, transition, announcement, world):
        today = timezone.localdate()
        if transition.name == "announce":
            return {
                "number": "15/QĐ-SKHCN",
                "decided_on": today,
                "signer_name": "Trần Văn Bình",
                "signer_position": "Giám đốc",
            }
        return {"notice_reference": "120/SKHCN-VP", "notice_sent_on": today}


CASES = [
    NonconformityCase(services.NONCONFORMITY, api_basename="nonconformity"),
    ProposalCase(services.NONCONFORMITY_PROPOSAL),
    AuditProgrammeCase(services.AUDIT_PROGRAMME),
    InternalAuditCase(services.INTERNAL_AUDIT, api_basename="audit"),
    ManagementReviewCase(services.MANAGEMENT_REVIEW, api_basename="review"),
    AnnouncementCase(services.ANNOUNCEMENT, api_basename="announcement"),
]
