"""Handling the steps of a dossier's process: who takes it, who hands it over, when it is done.
The steps' dues come from the replay (core.deadlines); this records the facts."""

from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.roles import HANDLERS, Role
from eiso.dossiers.models import Dossier, DossierStep, EventType, Handover
from eiso.dossiers.services import events
from eiso.dossiers.services.reception import display_name
from eiso.dossiers.services.replay import rebuild


def can_handle_step(user, step: DossierStep) -> bool:
    """Someone of the responsible unit (a leader of the agency too), or of the other agency for
    an inter-agency step."""
    agency_id = step.other_agency_id or step.agency_id
    for membership in user.active_memberships() if user.is_authenticated else []:
        if membership.agency_id != agency_id or membership.role not in HANDLERS:
            continue
        if step.other_agency_id or step.unit_id is None or membership.role == Role.LEADER:
            return True
        if membership.unit_id == step.unit_id:
            return True
    return False


def _locked(step: DossierStep, actor) -> Dossier:
    dossier = Dossier.objects.select_for_update().get(pk=step.dossier_id)
    step.refresh_from_db()
    if not can_handle_step(actor, step):
        raise DomainError(f"Bạn không thuộc đơn vị thực hiện bước này ({step.responsible}).")
    if not dossier.is_open:
        raise DomainError(f"Hồ sơ đã kết thúc xử lý ({dossier.get_status_display().lower()}).")
    return dossier


def _done(dossier: Dossier, step: DossierStep, actor, action: str) -> DossierStep:
    rebuild(dossier)
    audit.record(actor=actor, action=action, target=dossier, changes={"step": [None, step.order]})
    step.refresh_from_db()
    return step


@transaction.atomic
def step_start(*, step: DossierStep, actor, at=None) -> DossierStep:
    """Take the dossier for a step: the handover from the previous holder is recorded."""
    dossier = _locked(step, actor)
    if dossier.is_awaiting_supplement:
        raise DomainError("Hồ sơ đang chờ người nộp bổ sung: chưa thể xử lý tiếp.")
    if step.started_at:
        raise DomainError("Bước này đã được bắt đầu.")
    previous = dossier.steps.filter(order__lt=step.order).order_by("-order").first()
    if previous is not None and previous.finished_at is None:
        raise DomainError(f"Bước trước ({previous}) chưa hoàn thành.")
    at = at or timezone.now()
    giver = (previous.actor_name if previous else "") or (
        display_name(dossier.received_by) if dossier.received_by else "Bộ phận Một cửa"
    )
    events.record(
        dossier,
        EventType.STEP_STARTED,
        at=at,
        actor=actor,
        step_order=step.order,
        receiver_name=display_name(actor),
    )
    Handover.objects.create(
        agency=dossier.agency,
        dossier=dossier,
        step=step,
        at=at,
        given_by=giver,
        received_by=display_name(actor),
        from_place=previous.responsible if previous else "Bộ phận Một cửa",
        to_place=step.responsible,
    )
    return _done(dossier, step, actor, "dossier.step_start")


@transaction.atomic
def step_finish(*, step: DossierStep, actor, at=None) -> DossierStep:
    dossier = _locked(step, actor)
    if step.started_at is None:
        raise DomainError("Bước này chưa được bắt đầu.")
    if step.finished_at:
        raise DomainError("Bước này đã hoàn thành.")
    events.record(
        dossier, EventType.STEP_FINISHED, at=at or timezone.now(), actor=actor, step_order=step.order
    )
    return _done(dossier, step, actor, "dossier.step_finish")
