"""Quality culture and ethics records (the newer edition's 5.1.1 and 7.3): the leader's
commitments, the code of conduct, and the activities that made people aware of them."""

from django.db import transaction

from eiso.core import audit
from eiso.core.permissions import check_member, check_same_agency, require_manager
from eiso.quality.models import CultureRecord
from eiso.quality.services.common import apply_fields

CULTURE_FIELDS = ["kind", "title", "description", "recorded_on", "leader", "participants", "document"]
AUDITED_FIELDS = ["kind", "title", "description", "recorded_on", "leader_id", "participants", "document_id"]


def _check(agency, values: dict) -> None:
    check_member(values.get("leader"), agency, field="leader", label="Lãnh đạo")
    check_same_agency(agency, values.get("document"), message="Tài liệu không thuộc cơ quan này.")


@transaction.atomic
def culture_record_create(*, agency, actor, **values) -> CultureRecord:
    """Record a commitment, the code of conduct or an awareness activity; the QMS managers keep them."""
    require_manager(actor, agency)
    _check(agency, values)
    record = CultureRecord(agency=agency)
    apply_fields(record, values, CULTURE_FIELDS)
    record.full_clean()
    record.save()
    audit.record(
        actor=actor,
        action="culture_record.create",
        target=record,
        changes=audit.diff({}, audit.snapshot(record, AUDITED_FIELDS)),
    )
    return record


@transaction.atomic
def culture_record_update(*, record: CultureRecord, actor, **values) -> CultureRecord:
    """Correct a culture and ethics record."""
    require_manager(actor, record.agency)
    _check(record.agency, values)
    before = audit.snapshot(record, AUDITED_FIELDS)
    changed = apply_fields(record, values, CULTURE_FIELDS)
    if changed:
        record.full_clean()
        record.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="culture_record.update",
            target=record,
            changes=audit.diff(before, audit.snapshot(record, AUDITED_FIELDS)),
        )
    return record
