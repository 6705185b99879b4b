"""The transition plan of an agency's move to a newer edition (issue 21, item 2): fixed steps and
one task per new or changed clause of the gap checklist, each an Action of the QMS (owner, due
date, evidence) whose source is the EditionTransition. Due dates come from the one clock
(core.deadlines), counted from the transition's start and never after its deadline."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from eiso.core import audit as audit_trail
from eiso.core import deadlines
from eiso.core.calendar import for_province
from eiso.core.errors import DomainError
from eiso.core.permissions import require_manager
from eiso.improvement.transition import gap_checklist
from eiso.orgs.models import EditionTransition
from eiso.quality import services as quality_services
from eiso.quality.models import Action

# (months after the start, task): before and after the tasks of the gap checklist.
FIRST_STEPS = [
    (1, "Tập huấn phiên bản mới của tiêu chuẩn cho lãnh đạo, thư ký ISO và cán bộ chủ chốt"),
    (2, "Rà soát danh mục khoảng cách, phân công người thực hiện từng yêu cầu"),
]
GAP_MONTHS = 6
LAST_STEPS = [
    (9, "Cập nhật tài liệu HTQLCL (chính sách, mục tiêu, quy trình) theo phiên bản mới"),
    (12, "Đánh giá nội bộ theo phiên bản mới"),
    (13, "Xem xét của lãnh đạo về kết quả chuyển đổi"),
    (15, "Công bố lại HTQLCL theo phiên bản mới"),
]


def plan_tasks(transition: EditionTransition):
    """The transition's tasks (Actions), by due date."""
    return Action.objects.filter(
        agency=transition.agency,
        source_type=ContentType.objects.get_for_model(EditionTransition),
        source_id=transition.pk,
    ).select_related("owner")


@transaction.atomic
def transition_plan_generate(*, transition: EditionTransition, actor, owner=None) -> list[Action]:
    """Draw up the plan of a running transition: refused when it is finished or already planned."""
    agency = transition.agency
    require_manager(actor, agency)
    if transition.status != EditionTransition.Status.IN_PROGRESS:
        raise DomainError("Chỉ lập kế hoạch cho đợt chuyển đổi đang thực hiện.")
    if plan_tasks(transition).exists():
        raise DomainError("Đợt chuyển đổi này đã có kế hoạch.")
    gap_steps = [
        (
            GAP_MONTHS,
            f"Đáp ứng điều khoản {row.clause.number} {row.clause.title} ({transition.to_edition.name})",
        )
        for row in gap_checklist(agency).rows
    ]
    calendar = for_province(agency.province_id)
    tasks = []
    for months, title in [*FIRST_STEPS, *gap_steps, *LAST_STEPS]:
        due_on = min(deadlines.months_after(calendar, transition.started_on, months), transition.target_on)
        tasks.append(
            quality_services.action_create(
                source=transition, actor=actor, title=title, due_on=due_on, owner=owner
            )
        )
    audit_trail.record(
        actor=actor, action="edition_transition.plan", target=transition, changes={"tasks": [0, len(tasks)]}
    )
    return tasks
