"""The oversight records eISO keeps, and how long (core.retention): the files of the province's
inspections of an agency (decision Mẫu 20, minutes Mẫu 21, scores, conclusion, follow-ups)."""

from django.db.models import Q

from eiso.core import retention
from eiso.orgs import signing
from eiso.oversight import signables
from eiso.oversight.models import Inspection

CONCLUDED = Inspection.Status.CONCLUDED


def _ended_on(inspection: Inspection):
    if inspection.status != CONCLUDED:
        return None
    return inspection.result_letter_on or inspection.minutes_signed_on or inspection.inspected_on


def _ended_before(day) -> Q:
    return Q(status=CONCLUDED) & (
        Q(result_letter_on__lt=day)
        | Q(result_letter_on__isnull=True, minutes_signed_on__lt=day)
        | Q(result_letter_on__isnull=True, minutes_signed_on__isnull=True, inspected_on__lt=day)
    )


retention.register(
    retention.RecordType(
        key="oversight.inspection",
        label="Hồ sơ kiểm tra việc áp dụng HTQLCL",
        model=Inspection,
        years=15,
        source=f"{retention.HOME_AFFAIRS}, hồ sơ thanh tra, kiểm tra vụ việc (vụ việc khác)",
        counts_from="năm kết thúc kiểm tra",
        ended_on=_ended_on,
        ended_before=_ended_before,
        code=lambda inspection: inspection.decision_number or f"KT-{inspection.pk}",
        title=lambda inspection: f"Kiểm tra HTQLCL của {inspection.agency.name}",
        # The signed decision and minutes (orgs.signing): the signed PDFs are the records.
        files=lambda inspection: signing.signed_files(
            inspection, signables.DECISION_KIND, signables.MINUTES_KIND, signables.MINUTES_AGENCY_KIND
        ),
        describe=lambda inspection: [
            ("Số quyết định kiểm tra", inspection.decision_number or "—"),
            ("Ngày kiểm tra", f"{inspection.inspected_on:%d/%m/%Y}" if inspection.inspected_on else "—"),
            ("Số biên bản", inspection.minutes_number or "—"),
            ("Trạng thái", inspection.get_status_display()),
        ],
        select_related=("agency",),
        is_legal=True,
    )
)
