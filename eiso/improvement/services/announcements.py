"""The QMS lifecycle (QĐ 19/2014 Điều 4) and the announcement of conformity: prerequisites,
the decision, notices, and re-announcement when the scope changes. The announcement's own
lifecycle (draft → announced, then its notices) is declared once (core.workflow)."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.permissions import require_manager, require_role
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.workflow import Transition, Workflow
from eiso.improvement import selectors
from eiso.improvement.forms import AnnounceForm, NoticeForm
from eiso.improvement.models import Announcement, QmsLifecycle

NOTICE_FIELDS = [
    "notice_reference",
    "notice_sent_on",
    "posted_at_office_on",
    "website_url",
    "posted_on_website_on",
]


def lifecycle_get_or_create(*, agency) -> QmsLifecycle:
    """The agency's stored QMS lifecycle, created at the build stage the first time a service
    records something on it (selectors.lifecycle_for only reads)."""
    lifecycle, _ = QmsLifecycle.objects.get_or_create(agency=agency)
    return lifecycle


@transaction.atomic
def lifecycle_update(*, agency, actor, internal_activities: str) -> QmsLifecycle:
    """Set the internal activities the QMS covers besides the procedures."""
    require_manager(actor, agency)
    lifecycle = lifecycle_get_or_create(agency=agency)
    before = lifecycle.internal_activities
    lifecycle.internal_activities = internal_activities.strip()
    if lifecycle.stage == QmsLifecycle.Stage.BUILD:
        lifecycle.stage = QmsLifecycle.Stage.APPLY
    lifecycle.full_clean()
    lifecycle.save(update_fields=["internal_activities", "stage", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="qms_lifecycle.update",
        target=lifecycle,
        changes={"internal_activities": [before, lifecycle.internal_activities]},
    )
    return lifecycle


@transaction.atomic
def lifecycle_confirm_effectiveness(*, agency, actor, today: date | None = None) -> QmsLifecycle:
    """The head of the agency confirms the QMS is effective (QĐ 19/2014 Điều 4.2 d), on `today`: after
    the documents were applied, audited and reviewed, in that order (steps 1–3 of the announcement's
    prerequisites)."""
    require_role(actor, agency, Role.LEADER)
    today = today or timezone.localdate()
    steps = selectors.announcement_prerequisites(agency, on=today)[:3]
    missing = [step.message for step in steps if not step.met]
    if missing:
        raise DomainError("Chưa xác nhận hiệu lực được: " + " ".join(missing))
    lifecycle = lifecycle_get_or_create(agency=agency)
    lifecycle.effectiveness_confirmed_on = today
    lifecycle.effectiveness_confirmed_by = actor
    if lifecycle.stage == QmsLifecycle.Stage.BUILD:
        lifecycle.stage = QmsLifecycle.Stage.APPLY
    lifecycle.full_clean()
    lifecycle.save(
        update_fields=["effectiveness_confirmed_on", "effectiveness_confirmed_by", "stage", "updated_at"]
    )
    audit_trail.record(
        actor=actor,
        action="qms_lifecycle.confirm_effectiveness",
        target=lifecycle,
        changes={"effectiveness_confirmed_on": [None, lifecycle.effectiveness_confirmed_on.isoformat()]},
    )
    return lifecycle


def _kind_for(change: dict | None, has_previous: bool) -> str:
    if not has_previous:
        return Announcement.Kind.FIRST
    if change and change["added"] and not change["removed"]:
        return Announcement.Kind.EXPAND
    if change and change["removed"] and not change["added"]:
        return Announcement.Kind.NARROW
    return Announcement.Kind.ADJUST


@transaction.atomic
def announcement_prepare(
    *, agency, actor, signer_name: str = "", signer_position: str = "Giám đốc"
) -> Announcement:
    """Prepare the draft decision with today's scope (first announcement, or re-announcement after a scope
    change)."""
    require_manager(actor, agency)
    draft = Announcement.objects.filter(agency=agency, status=Announcement.Status.DRAFT).first()
    if draft is not None:
        return draft
    has_previous = Announcement.objects.filter(agency=agency, status=Announcement.Status.ANNOUNCED).exists()
    change = selectors.scope_change(agency)
    if has_previous and change is None and not selectors.lifecycle_for(agency).needs_reannouncement:
        raise DomainError("Phạm vi không thay đổi so với lần công bố đang hiệu lực: chưa cần công bố lại.")
    announcement = Announcement(
        agency=agency,
        kind=_kind_for(change, has_previous),
        scope=selectors.current_scope(agency),
        signer_name=signer_name,
        signer_position=signer_position,
        change_note=_change_note(change),
    )
    announcement.full_clean()
    announcement.save()
    audit_trail.record(
        actor=actor,
        action="announcement.prepare",
        target=announcement,
        changes={"kind": [None, announcement.kind]},
    )
    return announcement


def _change_note(change: dict | None) -> str:
    if not change:
        return ""
    parts = []
    if change["added"]:
        parts.append("Bổ sung: " + "; ".join(f"{p['code']} {p['title']}" for p in change["added"]))
    if change["removed"]:
        parts.append("Bãi bỏ: " + "; ".join(f"{p['code']} {p['title']}" for p in change["removed"]))
    return "\n".join(parts)


def _prerequisites_on(announcement: Announcement, day: date) -> None:
    """Refuse, naming each missing step, unless the QĐ 19/2014 Điều 4 chain holds on `day`."""
    missing = selectors.announcement_missing(announcement.agency, on=day)
    if missing:
        raise DomainError("Chưa công bố được: " + " ".join(missing))


def _prerequisites_met(announcement: Announcement, actor, at: datetime) -> None:
    _prerequisites_on(announcement, timezone.localdate(at))


def _announce(
    announcement: Announcement,
    *,
    actor,
    at,
    number: str,
    decided_on: date,
    signer_name: str,
    signer_position: str,
):
    """The decision supersedes the one in force, freezes the scope of its day and moves the lifecycle
    on; the prerequisites must hold on the decision's own day too (a decision dated before the
    confirmation of effectiveness is refused)."""
    if not number.strip() or not signer_name.strip():
        raise DomainError("Hãy ghi số quyết định và người ký.", field="number")
    if decided_on > timezone.localdate(at):
        raise DomainError("Ngày quyết định không được ở tương lai.", field="decided_on")
    _prerequisites_on(announcement, decided_on)
    agency = announcement.agency
    Announcement.objects.filter(agency=agency, status=Announcement.Status.ANNOUNCED).update(
        status=Announcement.Status.SUPERSEDED
    )
    announcement.number = number.strip()
    announcement.decided_on = decided_on
    announcement.signer_name = signer_name.strip()
    announcement.signer_position = signer_position.strip() or announcement.signer_position
    announcement.scope = selectors.current_scope(agency, on=decided_on)
    announcement.full_clean()
    lifecycle = lifecycle_get_or_create(agency=agency)
    lifecycle.stage = (
        QmsLifecycle.Stage.ANNOUNCED
        if announcement.kind == Announcement.Kind.FIRST
        else QmsLifecycle.Stage.MAINTAIN
    )
    lifecycle.needs_reannouncement = False
    lifecycle.reannouncement_reason = ""
    lifecycle.save(update_fields=["stage", "needs_reannouncement", "reannouncement_reason", "updated_at"])
    return {"number": [None, announcement.number], "processes": [None, len(announcement.scope["processes"])]}


def _record_notices(announcement: Announcement, *, actor, at, **fields):
    before = audit_trail.snapshot(announcement, list(fields))
    for name, value in fields.items():
        if name not in NOTICE_FIELDS:
            raise TypeError(f"cannot set {name} on an announcement")
        setattr(announcement, name, value)
    for name in ("notice_sent_on", "posted_at_office_on", "posted_on_website_on"):
        day = getattr(announcement, name)
        if day is not None and day < announcement.decided_on:
            raise DomainError("Ngày thông báo, niêm yết không được trước ngày quyết định.", field=name)
    announcement.full_clean()
    return audit_trail.diff(before, audit_trail.snapshot(announcement, list(fields)))


ANNOUNCEMENT = Workflow(
    name="announcement",
    model=Announcement,
    label="quyết định công bố",
    url_name="improvement:announcement_transition",
    badges={
        Announcement.Status.DRAFT: "secondary",
        Announcement.Status.ANNOUNCED: "success",
        Announcement.Status.SUPERSEDED: "light",
    },
    transitions=(
        Transition(
            "announce",
            "Ban hành quyết định công bố",
            (Announcement.Status.DRAFT,),
            Announcement.Status.ANNOUNCED,
            roles=QMS_MANAGERS,
            guard=_prerequisites_met,
            apply=_announce,
            form=AnnounceForm,
            help="Quyết định thay thế quyết định công bố đang hiệu lực, với phạm vi tại ngày công bố.",
            success="Đã công bố hệ thống quản lý chất lượng phù hợp phiên bản tiêu chuẩn cơ quan áp dụng.",
        ),
        Transition(
            "record_notices",
            "Ghi thông báo và niêm yết",
            (Announcement.Status.ANNOUNCED,),
            roles=QMS_MANAGERS,
            apply=_record_notices,
            form=NoticeForm,
            help="Thông báo Sở KH&CN, niêm yết tại trụ sở và đăng trên trang thông tin điện tử "
            "(QĐ 19/2014 Điều 4.3).",
            success="Đã ghi thông báo và niêm yết.",
        ),
    ),
)


def announcement_announce(
    *,
    announcement: Announcement,
    actor,
    number: str,
    decided_on: date,
    signer_name: str,
    signer_position: str,
    at: datetime | None = None,
) -> Announcement:
    """Issue the decision; refused, naming what is missing, until the QĐ 19/2014 prerequisites are met
    in order on the decision's day. `at` replays a decision of the past (demo, import)."""
    return ANNOUNCEMENT.run(
        announcement,
        "announce",
        actor=actor,
        at=at,
        number=number,
        decided_on=decided_on,
        signer_name=signer_name,
        signer_position=signer_position,
    )


def announcement_record_notices(*, announcement: Announcement, actor, **fields) -> Announcement:
    """Record the notice to the Sở KH&CN and the postings at the office and on the website."""
    return ANNOUNCEMENT.run(announcement, "record_notices", actor=actor, **fields)


@transaction.atomic
def lifecycle_check_scope(*, agency, actor=None, reason: str = "") -> QmsLifecycle:
    """Flag 're-announcement required' when the scope changed since the announcement in force (or for a
    merger, given as `reason`)."""
    lifecycle = lifecycle_get_or_create(agency=agency)
    change = selectors.scope_change(agency)
    if change is None and not reason:
        return lifecycle
    if lifecycle.needs_reannouncement:
        return lifecycle
    lifecycle.needs_reannouncement = True
    lifecycle.reannouncement_reason = reason or _change_note(change)
    lifecycle.full_clean()
    lifecycle.save(update_fields=["needs_reannouncement", "reannouncement_reason", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="qms_lifecycle.flag_reannouncement",
        target=lifecycle,
        changes={"needs_reannouncement": [False, True], "reason": [None, lifecycle.reannouncement_reason]},
    )
    return lifecycle
