"""The one-stop forms filled from a dossier, as PDF and .docx.

Forms are identified by type (receipt, supplement, refusal, apology, stop, control slip,
tracking book), not by number: provinces number them differently. The set is chosen by the
dossier's reception date: TT 03/2025/TT-VPCP (Phụ lục I, forms 01–07) for dossiers received from
01/07/2025 (NĐ 118/2025 in force), TT 01/2018/TT-VPCP (forms 01–06, no stop notice) before.
A future set is one more entry in FORM_SETS. Fields: regulations.md §4.4 and §4.9.4.
"""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from eiso.core.downloads import DOCX, PDF
from eiso.core.rendering import OfficialHeader, Signature, Table, html_to_pdf, official_docx
from eiso.dossiers.models import Dossier, EventType, Outcome, Status


@dataclass(frozen=True)
class FormSet:
    key: str
    basis: str
    valid_from: date
    forms: dict[str, tuple[str, str]]  # kind -> (number, title)


FORM_SETS = [
    FormSet(
        "tt03-2025",
        "Thông tư số 03/2025/TT-VPCP",
        date(2025, 7, 1),
        {
            "receipt": ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            "supplement": ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            "refusal": ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            "apology": ("04", "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
            "stop": ("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
            "control_slip": ("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            "tracking_book": ("07", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
    FormSet(
        "tt01-2018",
        "Thông tư số 01/2018/TT-VPCP",
        date(2019, 1, 6),
        {
            "receipt": ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            "supplement": ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            "refusal": ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            "apology": ("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
            "control_slip": ("05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            "tracking_book": ("06", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
]

KIND_LABELS = {
    "receipt": "Giấy tiếp nhận và hẹn trả",
    "supplement": "Phiếu yêu cầu bổ sung",
    "refusal": "Phiếu từ chối",
    "apology": "Phiếu xin lỗi, gia hạn",
    "stop": "Thông báo dừng giải quyết",
    "control_slip": "Phiếu kiểm soát",
}


def form_set_for(received_on: date) -> FormSet:
    for form_set in sorted(FORM_SETS, key=lambda s: s.valid_from, reverse=True):
        if received_on >= form_set.valid_from:
            return form_set
    return FORM_SETS[-1]


def _applies(dossier: Dossier, kind: str) -> bool:
    if kind == "supplement":
        return dossier.supplement_count > 0
    if kind == "refusal":
        return dossier.refused
    if kind == "apology":
        return dossier.extended
    if kind == "stop":
        return dossier.status == Status.STOPPED
    return kind in ("receipt", "control_slip")


def available_forms(dossier: Dossier) -> list[dict]:
    form_set = form_set_for(dossier.received_on)
    return [
        {"kind": kind, "number": number, "label": KIND_LABELS[kind], "basis": form_set.basis}
        for kind, (number, _) in form_set.forms.items()
        if kind in KIND_LABELS and _applies(dossier, kind)
    ]


def _moment(value) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _event(dossier, kind):
    return dossier.events.filter(type=kind).order_by("-at").first()


@dataclass
class Paper:
    number: str
    title: str
    basis: str
    lines: list[tuple[str, str]]
    table: Table | None = None
    paragraphs: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    qr_svg: str = ""


def lookup_url(dossier: Dossier, request=None) -> str:
    path = reverse("portal:dossier_lookup") + f"?code={dossier.code}"
    return request.build_absolute_uri(path) if request is not None else path


def _qr(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=3, title="Mã QR tra cứu hồ sơ", border=2)


def build(dossier: Dossier, kind: str, request=None) -> Paper | None:
    form_set = form_set_for(dossier.received_on)
    if kind not in form_set.forms or not _applies(dossier, kind):
        return None
    number, title = form_set.forms[kind]
    version = dossier.procedure_version
    applicant = [
        ("Mã hồ sơ", dossier.code),
        ("Họ tên người nộp", dossier.applicant_name),
        ("Số định danh cá nhân/tổ chức", dossier.applicant_id_number),
        ("Địa chỉ", dossier.applicant_address),
        ("Số điện thoại", dossier.applicant_phone),
        ("Thư điện tử", dossier.applicant_email),
        ("Nội dung yêu cầu giải quyết", version.name),
    ]
    paper = Paper(number=number, title=title, basis=form_set.basis, lines=applicant)
    if kind == "receipt":
        paper.table = Table(
            columns=["TT", "Tên giấy tờ", "Hình thức", "Số lượng"],
            rows=[
                [
                    i,
                    c["name"],
                    "Bản chính" if c.get("originals") else "Bản sao",
                    (c.get("originals") or 0) + (c.get("copies") or 0),
                ]
                for i, c in enumerate(dossier.components, start=1)
            ],
        )
        paper.lines += [
            ("Số lượng hồ sơ", f"{dossier.sets} bộ"),
            ("Thời gian giải quyết theo quy định", version.processing_time_display),
            ("Thời gian nhận hồ sơ", _moment(dossier.received_at)),
            ("Thời gian trả kết quả", _moment(dossier.appointment)),
            ("Đăng ký nhận kết quả tại", dossier.return_place),
        ]
        paper.signatures = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"]
        paper.paragraphs = [
            "Tra cứu tình trạng hồ sơ bằng mã hồ sơ và 4 số cuối điện thoại tại địa chỉ in dưới mã QR."
        ]
        url = lookup_url(dossier, request)
        paper.qr_svg = _qr(url)
        paper.lines.append(("Tra cứu hồ sơ", url))
    elif kind == "supplement":
        event = _event(dossier, EventType.SUPPLEMENT_REQUESTED)
        paper.lines += [
            (
                "Giấy tờ cần bổ sung, hoàn thiện",
                event.data.get("items", "")
                if isinstance(event.data.get("items"), str)
                else "; ".join(event.data.get("items", [])),
            ),
            ("Lý do", event.reason),
            ("Ngày yêu cầu", _moment(event.at)),
        ]
        paper.signatures = ["NGƯỜI HƯỚNG DẪN"]
    elif kind == "refusal":
        event = _event(dossier, EventType.REFUSED)
        paper.lines += [("Lý do từ chối", event.reason), ("Ngày từ chối", _moment(event.at))]
        paper.signatures = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"]
    elif kind == "apology":
        event = _event(dossier, EventType.EXTENDED)
        paper.lines += [
            ("Ngày cơ quan tiếp nhận hồ sơ", _moment(dossier.received_at)),
            ("Thời gian hẹn trả kết quả ban đầu", _moment(dossier.legal_due)),
            ("Lý do chậm", event.reason),
            ("Thời gian hẹn trả kết quả mới", _moment(event.due)),
        ]
        paper.paragraphs = [
            f"{dossier.agency.name} xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hạn "
            "và đề nghị gia hạn thời gian giải quyết đến thời điểm nêu trên."
        ]
        paper.signatures = ["THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"]
    elif kind == "stop":
        event = _event(dossier, EventType.STOPPED)
        paper.lines += [
            ("Lý do dừng", event.reason or "Theo đề nghị của người nộp hồ sơ"),
            ("Ngày dừng", _moment(event.at)),
        ]
        paper.signatures = ["NGƯỜI TIẾP NHẬN HỒ SƠ"]
    elif kind == "control_slip":
        paper.lines = [
            ("Mã hồ sơ", dossier.code),
            ("Kèm theo hồ sơ của", dossier.applicant_name),
            ("Nội dung yêu cầu giải quyết", version.name),
            ("Ngày nhận", _moment(dossier.received_at)),
            ("Hẹn trả", _moment(dossier.appointment)),
            ("Cơ quan giải quyết", dossier.agency.name),
        ]
        steps = {step.pk: step for step in dossier.steps.all()}
        rows = []
        for handover in dossier.handovers.order_by("at", "pk"):
            step = steps.get(handover.step_id)
            result = ""
            if step is not None and step.finished_at:
                result = "Quá hạn" if step.overrun_hours > 0 else "Đúng hạn"
            rows.append(
                [
                    f"Giao: {handover.from_place or '—'}\nNhận: {handover.to_place or '—'}",
                    _moment(handover.at),
                    f"{handover.given_by} → {handover.received_by}",
                    result,
                ]
            )
        paper.table = Table(
            columns=["Tên đơn vị", "Thời gian giao, nhận", "Người giao → người nhận", "Kết quả"], rows=rows
        )
        if dossier.outcome:
            paper.paragraphs = [f"Kết quả giải quyết hồ sơ: {Outcome(dossier.outcome).label.lower()}."]
        paper.signatures = ["BỘ PHẬN MỘT CỬA"]
    return paper


def render(dossier: Dossier, kind: str, fmt: str, request=None):
    """(content, content type, file name) of a form, or None when it does not apply."""
    paper = build(dossier, kind, request)
    if paper is None or fmt not in ("pdf", "docx"):
        return None
    filename = f"{kind}-{dossier.code}.{fmt}"
    if fmt == "pdf":
        html = render_to_string("dossiers/paper.html", {"paper": paper, "dossier": dossier})
        return html_to_pdf(html), PDF, filename
    header = OfficialHeader(
        agency=dossier.agency.name.upper(),
        number=f"{dossier.code_serial or ''}/{dossier.code}",
        place=dossier.agency.province.place_name,
        day=timezone.localdate(),
        type_name=paper.title,
        summary=f"Mẫu số {paper.number} — {paper.basis}",
    )
    content = official_docx(
        header=header,
        signature=Signature(position=paper.signatures[-1] if paper.signatures else "NGƯỜI LẬP"),
        body=[
            *[f"{label}: {value}" for label, value in paper.lines if value],
            *paper.paragraphs,
            *([paper.table] if paper.table else []),
        ],
    )
    return content, DOCX, filename


def tracking_book_table(dossiers, received_from: date) -> Table:
    """Form 07 (TT 03/2025) / 06 (TT 01/2018) as rows of the chosen period."""
    rows = []
    for index, dossier in enumerate(dossiers, start=1):
        rows.append(
            [
                index,
                dossier.code,
                dossier.procedure_version.name,
                dossier.applicant_name,
                ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone) if part),
                timezone.localtime(dossier.received_at).strftime("%H:%M %d/%m/%Y"),
                timezone.localtime(dossier.appointment).strftime("%H:%M %d/%m/%Y"),
                timezone.localtime(dossier.returned_at).strftime("%H:%M %d/%m/%Y")
                if dossier.returned_at
                else "",
                dossier.return_place,
                dossier.get_status_display(),
            ]
        )
    return Table(
        columns=[
            "STT",
            "Mã hồ sơ",
            "Tên TTHC",
            "Tên tổ chức, cá nhân",
            "Địa chỉ, số điện thoại",
            "Nhận hồ sơ",
            "Hẹn trả kết quả",
            "Trả kết quả",
            "Phương thức nhận kết quả",
            "Ghi chú",
        ],
        rows=rows,
    )
