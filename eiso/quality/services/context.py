"""The context register: internal and external issues, interested parties, their yearly review."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.permissions import require_manager
from eiso.quality.models import ContextIssue, InterestedParty
from eiso.quality.services.common import apply_fields

ISSUE_FIELDS = ["kind", "category", "description", "effect", "climate_relevant", "reviewed_on", "is_active"]
PARTY_FIELDS = [
    "name",
    "category",
    "requirements",
    "climate_requirements",
    "monitoring",
    "reviewed_on",
    "is_active",
]


def _create(model, fields: list[str], action: str, *, agency, actor, values: dict):
    require_manager(actor, agency)
    row = model(agency=agency)
    apply_fields(row, {"reviewed_on": timezone.localdate(), **values}, fields)
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action=action,
        target=row,
        changes={name: [None, value] for name, value in audit.snapshot(row, fields).items()},
    )
    return row


def _update(row, fields: list[str], action: str, *, actor, values: dict):
    require_manager(actor, row.agency)
    before = audit.snapshot(row, fields)
    changed = apply_fields(row, values, fields)
    if changed:
        row.full_clean()
        row.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor, action=action, target=row, changes=audit.diff(before, audit.snapshot(row, fields))
        )
    return row


def _review(row, action: str, *, actor, today: date | None):
    require_manager(actor, row.agency)
    before = row.reviewed_on
    row.reviewed_on = today or timezone.localdate()
    row.full_clean()
    row.save(update_fields=["reviewed_on", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        target=row,
        changes={"reviewed_on": [before.isoformat(), row.reviewed_on.isoformat()]},
    )
    return row


@transaction.atomic
def context_issue_create(*, agency, actor, **values) -> ContextIssue:
    """Record an internal or external issue relevant to the QMS (§4.1)."""
    return _create(
        ContextIssue, ISSUE_FIELDS, "context_issue.create", agency=agency, actor=actor, values=values
    )


@transaction.atomic
def context_issue_update(*, issue: ContextIssue, actor, **values) -> ContextIssue:
    """Change an issue's description, category or effect."""
    return _update(issue, ISSUE_FIELDS, "context_issue.update", actor=actor, values=values)


@transaction.atomic
def context_issue_review(*, issue: ContextIssue, actor, today: date | None = None) -> ContextIssue:
    """Mark the issue reviewed and still valid as written (the yearly review, §4.1)."""
    return _review(issue, "context_issue.review", actor=actor, today=today)


@transaction.atomic
def party_create(*, agency, actor, **values) -> InterestedParty:
    """Record an interested party and its relevant requirements (§4.2)."""
    return _create(
        InterestedParty, PARTY_FIELDS, "interested_party.create", agency=agency, actor=actor, values=values
    )


@transaction.atomic
def party_update(*, party: InterestedParty, actor, **values) -> InterestedParty:
    """Change an interested party or its requirements."""
    return _update(party, PARTY_FIELDS, "interested_party.update", actor=actor, values=values)


@transaction.atomic
def party_review(*, party: InterestedParty, actor, today: date | None = None) -> InterestedParty:
    """Mark the party and its requirements reviewed (the yearly review, §4.2)."""
    return _review(party, "interested_party.review", actor=actor, today=today)
