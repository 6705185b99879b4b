"""The dossier records eISO keeps, and how long (core.retention): a dossier of an administrative
procedure with its forms (Mẫu 01–06), the "hồ sơ lưu" of the internal procedure."""

from django.db.models import Q

from eiso.core import retention
from eiso.dossiers.models import Dossier


def _ended_on(dossier: Dossier):
    return dossier.ended_on or dossier.withdrawn_on


def _ended_before(day) -> Q:
    return Q(ended_on__lt=day) | Q(ended_on__isnull=True, withdrawn_on__lt=day)


retention.register(
    retention.RecordType(
        key="dossiers.dossier",
        label="Hồ sơ TTHC và các biểu mẫu kèm theo",
        model=Dossier,
        years=5,
        # regulations.md §3.3: the internal procedures the province publishes keep "hồ sơ lưu" 05
        # years at the handling unit, then hand it to the agency's archive.
        source="Quy trình nội bộ giải quyết TTHC do UBND tỉnh ban hành, mục “Hồ sơ lưu”",
        counts_from="năm kết thúc giải quyết hồ sơ",
        ended_on=_ended_on,
        ended_before=_ended_before,
        code=lambda dossier: dossier.code,
        title=lambda dossier: f"{dossier.procedure_version.name} — {dossier.applicant_name}",
        author=lambda dossier: dossier.received_by.full_name if dossier.received_by_id else "",
        describe=lambda dossier: [
            ("Mã hồ sơ", dossier.code),
            ("Thủ tục", dossier.procedure_version.name),
            ("Người nộp", dossier.applicant_name),
            ("Ngày tiếp nhận", f"{dossier.received_on:%d/%m/%Y}"),
            ("Hạn giải quyết", f"{dossier.legal_due_on:%d/%m/%Y}"),
            ("Trạng thái", dossier.get_status_display()),
        ],
        select_related=("procedure_version", "received_by"),
    )
)
