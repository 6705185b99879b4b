"""The document register (Danh mục tài liệu) of the current agency, as .xlsx and as a .docx in
the NĐ 30/2020 layout, both built by `core.rendering`."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from eiso.core import rendering
from eiso.core.downloads import DOCX, XLSX, attachment
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS
from eiso.core.tenancy import working_agency
from eiso.documents import selectors
from eiso.orgs import editions

COLUMNS = [
    "TT",
    "Mã",
    "Tên tài liệu",
    "Loại",
    "Đơn vị chủ trì",
    "Lần ban hành",
    "Ngày hiệu lực",
    "Tình trạng",
]


def _register(request):
    agency = working_agency(request, *QMS_MANAGERS_AND_AUDITORS)
    documents = selectors.document_list(user=request.user).filter(agency=agency)
    rows = [
        [
            index,
            document.code,
            document.title,
            document.get_kind_display(),
            document.owner_unit.name if document.owner_unit else "",
            document.current_version.number if document.current_version else "",
            document.current_version.effective_on if document.current_version else None,
            "HẾT HIỆU LỰC"
            if document.is_obsolete
            else ("Đang hiệu lực" if document.current_version else "Dự thảo"),
        ]
        for index, document in enumerate(documents, start=1)
    ]
    return agency, rendering.Table(columns=COLUMNS, rows=rows, widths_cm=[1, 2.2, 8, 3.2, 3.5, 1.8, 2.5, 3])


@login_required
def document_register_xlsx(request):
    agency, table = _register(request)
    today = timezone.localdate()
    data = rendering.xlsx_table(
        title=f"DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG — {agency.name.upper()}",
        subtitle=f"Lập ngày {today:%d/%m/%Y}",
        table=table,
    )
    return attachment(data, filename=f"danh-muc-tai-lieu-{today:%Y%m%d}.xlsx", content_type=XLSX)


@login_required
def document_register_docx(request):
    agency, table = _register(request)
    today = timezone.localdate()
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(agency),
        agency=agency.name,
        number=f"…/DM-{agency.short_name or 'ISO'}",
        place=agency.province.place_name,
        day=today,
        type_name="DANH MỤC",
        summary=f"Tài liệu hệ thống quản lý chất lượng theo {editions.name(agency)}",
    )
    signature = rendering.Signature(
        authority="", position="Thủ trưởng cơ quan", recipients=["Các phòng, ban;", "Lưu: VT, ISO."]
    )
    data = rendering.official_docx(header=header, signature=signature, body=[table], landscape=True)
    return attachment(data, filename=f"danh-muc-tai-lieu-{today:%Y%m%d}.docx", content_type=DOCX)
