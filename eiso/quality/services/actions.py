"""The one Action workflow: create, update, start, complete with evidence, verify, cancel.

Used by risk treatments and objective plans here, and by `improvement` for corrective actions
and management-review outputs: the source is any agency-owned row of the same agency.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, require_manager
from eiso.quality.models import Action
from eiso.quality.services.common import apply_fields
from eiso.quality.uploads import check_evidence

EDITABLE_FIELDS = ["title", "description", "owner", "resources", "due_on", "evaluation_method"]
AUDITED_FIELDS = ["title", "description", "owner_id", "resources", "due_on", "evaluation_method", "status"]


@transaction.atomic
def action_create(
    *,
    source,
    actor,
    title: str,
    due_on: date,
    owner=None,
    description: str = "",
    resources: str = "",
    evaluation_method: str = "",
) -> Action:
    """Plan an action on a source record (a risk, an objective, a nonconformity…) of the same agency."""
    agency = source.agency
    require_manager(actor, agency)
    check_member(owner, agency, field="owner", label="Người thực hiện")
    action = Action(
        agency=agency,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        title=title,
        description=description,
        owner=owner,
        resources=resources,
        due_on=due_on,
        evaluation_method=evaluation_method,
    )
    action.full_clean()
    action.save()
    audit.record(
        actor=actor,
        action="action.create",
        target=action,
        changes={name: [None, value] for name, value in audit.snapshot(action, AUDITED_FIELDS).items()},
    )
    return action


@transaction.atomic
def action_update(*, action: Action, actor, **fields) -> Action:
    """Change what, who, resources, deadline or evaluation method of an action that is still open."""
    require_manager(actor, action.agency)
    if action.is_closed:
        raise DomainError("Hành động đã kết thúc nên không sửa được.")
    before = audit.snapshot(action, AUDITED_FIELDS)
    changed = apply_fields(action, fields, EDITABLE_FIELDS)
    if not changed:
        return action
    check_member(action.owner, action.agency, field="owner", label="Người thực hiện")
    action.full_clean()
    action.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor,
        action="action.update",
        target=action,
        changes=audit.diff(before, audit.snapshot(action, AUDITED_FIELDS)),
    )
    return action


def _require_owner_or_manager(action: Action, actor) -> None:
    if actor is not None and actor.is_authenticated and action.owner_id == actor.pk:
        return
    require_manager(actor, action.agency)


@transaction.atomic
def action_start(*, action: Action, actor) -> Action:
    """The owner (or the secretary) reports that work on the action has begun."""
    _require_owner_or_manager(action, actor)
    if action.status != Action.Status.OPEN:
        raise DomainError("Chỉ hành động chưa thực hiện mới chuyển sang đang thực hiện.")
    action.status = Action.Status.IN_PROGRESS
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action="action.start", target=action, changes={"status": ["open", "in_progress"]}
    )
    return action


@transaction.atomic
def action_complete(
    *,
    action: Action,
    actor,
    completion_note: str,
    evidence: UploadedFile | None = None,
    completed_on: date | None = None,
) -> Action:
    """The owner reports the action done, saying what was done and attaching evidence."""
    _require_owner_or_manager(action, actor)
    if action.status not in (Action.Status.OPEN, Action.Status.IN_PROGRESS):
        raise DomainError("Hành động này không ở trạng thái đang thực hiện.")
    if not completion_note.strip():
        raise DomainError("Hãy ghi kết quả thực hiện.", field="completion_note")
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise DomainError("Ngày hoàn thành không được ở tương lai.", field="completed_on")
    if evidence is not None:
        check_evidence(evidence)
        action.evidence = evidence
    before = action.status
    action.status = Action.Status.DONE
    action.completed_on = completed_on
    action.completion_note = completion_note.strip()
    action.full_clean()
    action.save(update_fields=["status", "completed_on", "completion_note", "evidence", "updated_at"])
    audit.record(
        actor=actor,
        action="action.complete",
        target=action,
        changes={
            "status": [before, "done"],
            "completed_on": [None, completed_on.isoformat()],
            "evidence": [None, action.evidence.name or None],
        },
    )
    return action


@transaction.atomic
def action_verify(
    *, action: Action, actor, is_effective: bool, note: str = "", today: date | None = None
) -> Action:
    """Check a completed action: effective closes it; not effective sends it back to be done again."""
    require_manager(actor, action.agency)
    if action.status != Action.Status.DONE:
        raise DomainError("Chỉ kiểm tra được hành động đã hoàn thành.")
    if not is_effective and not note.strip():
        raise DomainError("Hãy ghi lý do hành động chưa có hiệu lực.", field="verification_note")
    action.verification_note = note.strip()
    action.verified_by = actor
    action.verified_on = today or timezone.localdate()
    if is_effective:
        action.status = Action.Status.VERIFIED
    else:
        action.status = Action.Status.IN_PROGRESS
        action.completed_on = None
    action.full_clean()
    action.save(
        update_fields=[
            "status",
            "verification_note",
            "verified_by",
            "verified_on",
            "completed_on",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="action.verify",
        target=action,
        changes={"status": ["done", action.status], "verification_note": [None, action.verification_note]},
    )
    return action


@transaction.atomic
def action_cancel(*, action: Action, actor, reason: str) -> Action:
    """Drop an action that is no longer needed, saying why."""
    require_manager(actor, action.agency)
    if action.is_closed:
        raise DomainError("Hành động đã kết thúc.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy hành động.", field="reason")
    before = action.status
    action.status = Action.Status.CANCELLED
    action.verification_note = reason.strip()
    action.full_clean()
    action.save(update_fields=["status", "verification_note", "updated_at"])
    audit.record(
        actor=actor,
        action="action.cancel",
        target=action,
        changes={"status": [before, "cancelled"], "reason": [None, action.verification_note]},
    )
    return action
