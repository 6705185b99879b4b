"""Records of a demo-like agency for the retention tests: audits, nonconformities and reviews whose
work ended in a given year, and a disposal list proposed for some of them."""

from contextlib import contextmanager
from datetime import UTC, date, datetime, time

from django.db.models.signals import pre_delete

from eiso.core import disposal, retention
from eiso.core.apps import RETENTION_GUARD_UID as GUARD_UID
from eiso.improvement.models import InternalAudit, ManagementReview, Nonconformity
from tests.improvement.factories import InternalAuditFactory, ManagementReviewFactory, NonconformityFactory


def audit_acknowledged(agency, on: date) -> InternalAudit:
    return InternalAuditFactory(
        programme__agency=agency,
        programme__year=on.year,
        status=InternalAudit.Status.ACKNOWLEDGED,
        acknowledged_on=on,
        report_number=f"{on.month:02d}/BC-ĐGNB",
        reported_on=on,
    )


def nonconformity_closed(agency, on: date) -> Nonconformity:
    return NonconformityFactory(
        agency=agency, detected_on=on, status=Nonconformity.Status.CLOSED, closed_on=on
    )


def review_held(agency, on: date, chair) -> ManagementReview:
    return ManagementReviewFactory(
        agency=agency,
        chair=chair,
        status=ManagementReview.Status.HELD,
        held_on=on,
        inputs_frozen_at=datetime.combine(on, time(10), tzinfo=UTC),
        planned_on=on,
        period_start=date(on.year, 1, 1),
        period_end=on,
        participants="Lãnh đạo, thư ký ISO",
        conclusions="HTQLCL phù hợp",
        minutes_number=f"{on.month:02d}/BB-XXLĐ",
    )


def proposed_list(agency, secretary, *, today: date, records=None):
    """A disposal list proposed by `secretary` for `records` (an expired audit by default)."""
    records = records or [audit_acknowledged(agency, date(2019, 6, 1))]
    keys = [f"{disposal.retention.type_of(record).key}:{record.pk}" for record in records]
    return disposal.disposal_propose(agency=agency, actor=secretary, keys=keys, reason="Hết hạn", today=today)


@contextmanager
def records_unguarded():
    """For tests that reset their data between examples: the retention guard under `.delete()`
    (core.retention.guard_delete) is off inside, on again after. Production code has no such door."""
    pre_delete.disconnect(dispatch_uid=GUARD_UID)
    try:
        yield
    finally:
        pre_delete.connect(retention.guard_delete, dispatch_uid=GUARD_UID)
