"""The one Action of the QMS: planned (create, update), then its declared workflow (core.workflow):
start, complete with evidence, verify, cancel.

Used by risk treatments and objective plans here, and by `improvement` for corrective actions
and management-review outputs: the source is any agency-owned row of the same agency. The QMS
managers run every transition; the action's owner may also start and complete it.
"""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit, uploads
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.workflow import Transition, Workflow
from eiso.quality.forms import ActionCompleteForm, ActionVerifyForm, ReasonForm
from eiso.quality.models import Action
from eiso.quality.models.actions import TO_DO
from eiso.quality.services.common import apply_fields

Status = Action.Status
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


# --- the workflow ---------------------------------------------------------------------------------


def _is_owner(action: Action, user) -> bool:
    return action.owner_id is not None and action.owner_id == user.pk


def _complete(
    action: Action,
    *,
    actor,
    at: datetime,
    completion_note: str,
    evidence: UploadedFile | None = None,
    completed_on: date | None = None,
) -> dict:
    if not completion_note.strip():
        raise DomainError("Hãy ghi kết quả thực hiện.", field="completion_note")
    today = timezone.localdate(at)
    completed_on = completed_on or today
    if completed_on > today:
        raise DomainError("Ngày hoàn thành không được ở tương lai.", field="completed_on")
    changes = {"completed_on": [None, completed_on.isoformat()]}
    if evidence is not None:
        uploads.accept_upload(evidence, uploads.EVIDENCE, field="evidence")
        before = action.evidence.name or None
        # Stored now, so that the audit trail names the file as kept; a new file replaces the
        # evidence of an earlier completion that was found not effective.
        action.evidence.save(evidence.name, evidence, save=False)
        changes["evidence"] = [before, action.evidence.name]
    action.completed_on = completed_on
    action.completion_note = completion_note.strip()
    return changes


def _verify(action: Action, *, actor, at: datetime, is_effective: bool, note: str = "") -> dict:
    if not is_effective and not note.strip():
        raise DomainError("Hãy ghi lý do hành động chưa có hiệu lực.", field="note")
    action.verification_note = note.strip()
    action.verified_by = actor
    action.verified_on = timezone.localdate(at)
    # Effective closes it; not effective sends it back to be done again, with a new completion.
    action.status = Status.VERIFIED if is_effective else Status.IN_PROGRESS
    if not is_effective:
        action.completed_on = None
    return {"is_effective": [None, is_effective], "verification_note": [None, action.verification_note]}


def _cancel(action: Action, *, actor, at: datetime, reason: str) -> dict:
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy hành động.", field="reason")
    action.verification_note = reason.strip()
    return {"reason": [None, action.verification_note]}


ACTION = Workflow(
    name="action",
    model=Action,
    label="hành động",
    url_name="quality:action_transition",
    badges={
        Status.OPEN: "secondary",
        Status.IN_PROGRESS: "primary",
        Status.DONE: "info",
        Status.VERIFIED: "success",
        Status.CANCELLED: "dark",
    },
    transitions=(
        Transition(
            "start",
            "Bắt đầu thực hiện",
            (Status.OPEN,),
            Status.IN_PROGRESS,
            roles=QMS_MANAGERS,
            grants=_is_owner,
            success="Đã chuyển sang đang thực hiện.",
        ),
        Transition(
            "complete",
            "Báo cáo hoàn thành",
            TO_DO,
            Status.DONE,
            roles=QMS_MANAGERS,
            grants=_is_owner,
            apply=_complete,
            form=ActionCompleteForm,
            help="Ghi kết quả thực hiện và đính kèm bằng chứng; hành động chờ kiểm tra hiệu lực.",
            success="Đã báo cáo hoàn thành; hành động chờ kiểm tra hiệu lực.",
        ),
        Transition(
            "verify",
            "Kiểm tra hiệu lực",
            (Status.DONE,),
            # None: the conclusion decides, verified or back in progress.
            roles=QMS_MANAGERS,
            apply=_verify,
            form=ActionVerifyForm,
            style="success",
            success="Đã ghi kết quả kiểm tra hiệu lực.",
        ),
        Transition(
            "cancel",
            "Hủy hành động",
            TO_DO,
            Status.CANCELLED,
            roles=QMS_MANAGERS,
            apply=_cancel,
            form=ReasonForm,
            style="danger",
            confirm="Hủy hành động này?",
            success="Đã hủy hành động.",
        ),
    ),
)


# --- the services other modules call --------------------------------------------------------------


def action_start(*, action: Action, actor, at: datetime | None = None) -> Action:
    """The owner (or a QMS manager) reports that work on the action has begun."""
    return ACTION.run(action, "start", actor=actor, at=at)


def action_complete(
    *,
    action: Action,
    actor,
    completion_note: str,
    evidence: UploadedFile | None = None,
    completed_on: date | None = None,
    at: datetime | None = None,
) -> Action:
    """The owner reports the action done: what was done, on a day not in the future, with evidence."""
    return ACTION.run(
        action,
        "complete",
        actor=actor,
        at=at,
        completion_note=completion_note,
        evidence=evidence,
        completed_on=completed_on,
    )


def action_verify(
    *, action: Action, actor, is_effective: bool, note: str = "", at: datetime | None = None
) -> Action:
    """Check a completed action: effective closes it; not effective (with the reason) sends it back."""
    return ACTION.run(action, "verify", actor=actor, at=at, is_effective=is_effective, note=note)


def action_cancel(*, action: Action, actor, reason: str, at: datetime | None = None) -> Action:
    """Drop an action that is no longer needed, saying why."""
    return ACTION.run(action, "cancel", actor=actor, at=at, reason=reason)
