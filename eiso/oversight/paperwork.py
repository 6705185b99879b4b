"""The documents of an inspection under TT 26/2014/TT-BKHCN, in the NĐ 30/2020 layout: the yearly
inspection plan (Mẫu 19. KHKT), the letter asking a documents-only agency to report (Điều 35, a
công văn), the inspection decision (Mẫu 20. QĐKT) and the minutes (Mẫu 21. BBKT) of an on-site
inspection, and the written request that ends an inspection through documents (Điều 37: no minutes
for those). Content is gathered here from the stored plan, inspection, scores and follow-ups;
layout lives in core.rendering. The coordinator downloads the .docx to sign (or adjusts it in
Word); the PDF is for reading."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from eiso.core import rendering
from eiso.core.collation import vietnamese
from eiso.core.numbers import money_text, number_text, percent_text
from eiso.orgs import editions
from eiso.oversight import selectors
from eiso.oversight.models import Inspection, InspectionPlan, RolloutPlan

QD19 = (
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng "
    "Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ "
    "chức thuộc hệ thống hành chính nhà nước;"
)
TT26 = (
    "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg;"
)
# The content of inspection, TT 26/2014 Điều 36, in our own words.
CONTENT = [
    (
        "Sự phù hợp của Hệ thống quản lý chất lượng với TCVN ISO 9001 (khoản 1 Điều 36):",
        [
            "a) phạm vi áp dụng bao trùm mọi hoạt động liên quan đến thủ tục hành chính thuộc thẩm quyền;",
            "b) việc phổ biến, hướng dẫn tài liệu, quy trình tới cán bộ, công chức trong phạm vi áp dụng;",
            "c) việc tuân thủ yêu cầu của tiêu chuẩn, chính sách chất lượng, mục tiêu chất lượng, quy trình "
            "và quy định của pháp luật liên quan;",
            "d) việc thực hiện các quy trình giải quyết công việc đã xác định trong Hệ thống;",
            "đ) việc xem xét của lãnh đạo, đánh giá nội bộ và hành động khắc phục điểm không phù hợp;",
            "e) việc giải quyết khiếu nại liên quan đến phạm vi Hệ thống (nếu có);",
            "g) các hoạt động cải tiến.",
        ],
    ),
    (
        "Việc tuân thủ Quyết định số 19/2014/QĐ-TTg (khoản 2 Điều 36):",
        [
            "a) sự tham gia của lãnh đạo, các đơn vị và cá nhân liên quan;",
            "b) việc người đứng đầu xác nhận hiệu lực của Hệ thống;",
            "c) việc công bố, thông báo cho đơn vị chủ trì, niêm yết tại trụ sở và đăng trên trang thông tin "
            "điện tử;",
            "d) việc cập nhật thay đổi văn bản quy phạm pháp luật vào Hệ thống;",
            "đ) việc công bố lại khi điều chỉnh, mở rộng phạm vi áp dụng;",
            "e) việc lựa chọn tổ chức tư vấn (nếu có).",
        ],
    ),
]


@dataclass
class Paper:
    """One document: heading, body and signature, rendered as .docx or PDF."""

    header: rendering.OfficialHeader
    signature: rendering.Signature
    body: list[rendering.Block]
    filename: str

    def render(self, fmt: str) -> bytes:
        make = rendering.official_docx if fmt == "docx" else rendering.official_pdf
        return make(header=self.header, signature=self.signature, body=self.body)


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "…/…/…"


def _money(value) -> str:
    return money_text(value) if value else ""


def person_name(line: str) -> str:
    """The person's name in a line such as 'Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở — Trưởng
    đoàn' or 'Nguyễn Văn An, Giám đốc': labels, honorifics and the position are dropped."""
    text = line.strip()
    if ":" in text:
        text = text.split(":", 1)[1].strip()
    for separator in (",", " — ", " - ", " – "):
        text = text.split(separator, 1)[0].strip()
    for honorific in ("Ông ", "Bà ", "ông ", "bà "):
        text = text.removeprefix(honorific)
    return text


def team_lines(inspection: Inspection) -> list[str]:
    return [line.strip() for line in inspection.team.splitlines() if line.strip()]


def _plan_header(plan: InspectionPlan, *, number: str, day: date, type_name: str, summary: str):
    return rendering.OfficialHeader(
        parent_agency=rendering.province_line(plan.province),
        agency=plan.issuing_agency,
        number=number,
        place=plan.province.place_name,
        day=day,
        type_name=type_name,
        summary=summary,
    )


def _plan_signer(plan: InspectionPlan, recipients: list[str]) -> rendering.Signature:
    return rendering.Signature(
        authority=plan.signer_authority,
        position=plan.signer_position,
        name=plan.signer_name,
        recipients=recipients,
    )


def inspection_plan(plan: InspectionPlan, *, today: date) -> Paper:
    """Mẫu 19. KHKT: the year's plan — who is inspected, by whom, when, how, at what cost; the
    on-site inspections first ("on_site" sorts after "documents")."""
    inspections = list(
        plan.inspections.select_related("agency").order_by("-form", "planned_on", vietnamese("agency__name"))
    )
    summary = selectors.inspection_plan_summary(plan)
    province = plan.province.in_sentence
    rollout = RolloutPlan.objects.filter(province=plan.province, year=plan.year).exclude(number="").first()
    body: list[rendering.Block] = [
        rendering.Paragraph(QD19, italic=True),
        rendering.Paragraph(TT26, italic=True),
    ]
    if rollout is not None:
        body.append(
            rendering.Paragraph(
                f"Căn cứ Kế hoạch số {rollout.number}"
                + (f" ngày {_day(rollout.approved_on)}" if rollout.approved_on else "")
                + f" về {rollout.title[:1].lower()}{rollout.title[1:]};",
                italic=True,
            )
        )
    body.append(
        f"{plan.issuing_agency} ban hành Kế hoạch kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo "
        f"Tiêu chuẩn quốc gia TCVN ISO 9001 năm {plan.year} như sau:"
    )
    body += [
        rendering.Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        "- Đánh giá việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng tại các cơ quan "
        f"hành chính nhà nước trên địa bàn {province}; phát hiện và yêu cầu khắc phục kịp thời các tồn tại.",
        "- Kiểm tra ít nhất một lần trong năm; mọi cơ quan thuộc diện bắt buộc được kiểm tra qua hồ sơ, "
        "báo cáo và ít nhất một phần ba số cơ quan được kiểm tra tại trụ sở (Điều 33 Thông tư số "
        "26/2014/TT-BKHCN).",
        rendering.Heading("II. NỘI DUNG KIỂM TRA"),
    ]
    for number, (title, items) in enumerate(CONTENT, start=1):
        body.append(f"{number}. {title}")
        body += [f"- {item}" for item in items]
    body += [
        rendering.Heading("III. HÌNH THỨC KIỂM TRA"),
        f"- Kiểm tra qua hồ sơ, báo cáo: {summary.documents} cơ quan.",
        f"- Kiểm tra tại trụ sở: {summary.on_site} cơ quan (trong số {summary.obligated} cơ quan thuộc diện "
        f"bắt buộc; tối thiểu {summary.on_site_minimum} cơ quan).",
    ]
    if plan.is_approved and summary.on_site < summary.on_site_minimum and plan.on_site_shortfall_reason:
        # A plan approved before the rule was strict reads as it was approved (the field is read only).
        body.append(f"Lý do số cơ quan kiểm tra tại trụ sở dưới một phần ba: {plan.on_site_shortfall_reason}")
    rows = [
        [
            index,
            inspection.agency.name,
            inspection.inspecting_unit,
            inspection.cooperating_unit,
            _day(inspection.planned_on) if inspection.planned_on else "",
            inspection.get_form_display(),
            _money(inspection.budget_amount),
        ]
        for index, inspection in enumerate(inspections, start=1)
    ]
    total = sum((inspection.budget_amount or Decimal(0) for inspection in inspections), Decimal(0))
    body += [
        rendering.Heading("IV. CƠ QUAN ĐƯỢC KIỂM TRA, ĐƠN VỊ KIỂM TRA, ĐƠN VỊ PHỐI HỢP VÀ THỜI GIAN"),
        rendering.Table(
            columns=[
                "TT",
                "Cơ quan được kiểm tra",
                "Đơn vị kiểm tra",
                "Đơn vị phối hợp",
                "Thời gian dự kiến",
                "Hình thức",
                "Kinh phí (đồng)",
            ],
            rows=rows,
            widths_cm=[0.9, 4, 2.6, 2.6, 2.1, 2.2, 2.1],
        ),
        rendering.Heading("V. KINH PHÍ"),
        f"Tổng kinh phí dự kiến: {_money(total)} đồng (chi tiết tại mục IV)."
        if total
        else "Chưa dự trù kinh phí cho từng cuộc kiểm tra.",
        rendering.Heading("VI. TỔ CHỨC THỰC HIỆN"),
        "1. Đơn vị kiểm tra gửi văn bản đề nghị các cơ quan báo cáo tình hình áp dụng Hệ thống quản lý chất "
        "lượng theo nội dung tại mục II kèm bằng chứng; tham mưu quyết định kiểm tra đối với các cơ quan "
        "kiểm tra tại trụ sở (Điều 35 Thông tư số 26/2014/TT-BKHCN).",
        "2. Các cơ quan được kiểm tra chuẩn bị hồ sơ, báo cáo, bố trí người làm việc với Đoàn kiểm tra; thực "
        "hiện hành động khắc phục và báo cáo kết quả trong thời hạn 02 tháng kể từ ngày ký biên bản kiểm "
        "tra (Điều 37).",
        f"3. Trong tháng 11 năm {plan.year}, đơn vị kiểm tra tổng hợp kết quả kiểm tra, báo cáo "
        f"{plan.issuing_agency} để báo cáo Ủy ban nhân dân {province} (Điều 38).",
    ]
    header = _plan_header(
        plan,
        number=plan.number.strip() or "…/KH-SKHCN",
        day=plan.approved_on or today,
        type_name="KẾ HOẠCH",
        summary=f"Kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001 năm {plan.year}",
    )
    signature = _plan_signer(
        plan, [f"UBND {province} (để báo cáo);", "Các cơ quan có tên tại mục IV;", "Lưu: VT, TĐC."]
    )
    return Paper(header, signature, body, f"ke-hoach-kiem-tra-{plan.year}")


def _plan_basis(plan: InspectionPlan) -> str:
    number = f" số {plan.number}" if plan.number else ""
    approved = f" ngày {_day(plan.approved_on)}" if plan.approved_on else ""
    return (
        f"Căn cứ Kế hoạch kiểm tra{number}{approved} của {plan.issuing_agency} việc áp dụng Hệ thống quản lý "
        f"chất lượng theo TCVN ISO 9001 năm {plan.year};"
    )


def _decision_basis(inspection: Inspection) -> str:
    """The minutes rest on the decision when there is one (on site), else on the plan."""
    if not inspection.decision_number:
        return _plan_basis(inspection.plan)
    day = f" ngày {_day(inspection.decided_on)}" if inspection.decided_on else ""
    return (
        f"Căn cứ Quyết định số {inspection.decision_number}{day} của {inspection.plan.issuing_agency} về "
        "việc kiểm tra việc áp dụng Hệ thống quản lý chất lượng;"
    )


def inspection_decision(inspection: Inspection, *, today: date) -> Paper:
    """Mẫu 20. QĐKT: the decision to inspect one agency on site, naming the team (Điều 35)."""
    plan = inspection.plan
    agency = inspection.agency.name
    proposer = inspection.inspecting_unit or "Trưởng phòng Tiêu chuẩn Đo lường Chất lượng"
    team = team_lines(inspection) or ["(Chưa ghi thành viên Đoàn kiểm tra.)"]
    when = (
        f"ngày {_day(inspection.planned_on)}" if inspection.planned_on else "theo thông báo của Đoàn kiểm tra"
    )
    signer_title = f"{plan.signer_position.removeprefix('PHÓ ').removeprefix('Phó ')} {plan.issuing_agency}"
    body: list[rendering.Block] = [
        rendering.Paragraph(signer_title.upper(), centered=True),
        rendering.Paragraph(QD19, italic=True),
        rendering.Paragraph(TT26, italic=True),
        rendering.Paragraph(_plan_basis(plan), italic=True),
        rendering.Paragraph(f"Xét đề nghị của {proposer},", italic=True),
        rendering.Paragraph("QUYẾT ĐỊNH:", centered=True),
        rendering.Paragraph(
            f"Kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo {editions.citation(inspection.agency)} "
            f"tại {agency}. Hình thức: kiểm tra tại trụ sở. Thời gian: {when}. Nội dung: theo Điều 36 "
            "Thông tư số 26/2014/TT-BKHCN.",
            lead="Điều 1.",
        ),
        rendering.Paragraph("Thành lập Đoàn kiểm tra gồm các ông (bà) có tên sau:", lead="Điều 2."),
        *[f"{index}. {line}" for index, line in enumerate(team, start=1)],
        rendering.Paragraph(
            "Đoàn kiểm tra thực hiện kiểm tra theo nội dung tại Điều 1, lập biên bản kiểm tra và báo cáo kết "
            f"quả. {agency} có trách nhiệm cung cấp hồ sơ, tài liệu và giải trình theo yêu cầu của Đoàn "
            "kiểm tra (Điều 37 Thông tư số 26/2014/TT-BKHCN).",
            lead="Điều 3.",
        ),
        rendering.Paragraph(
            f"Quyết định này có hiệu lực kể từ ngày ký. {proposer}, Trưởng Đoàn kiểm tra, {agency} và các "
            "ông (bà) có tên tại Điều 2 chịu trách nhiệm thi hành Quyết định này./.",
            lead="Điều 4.",
        ),
    ]
    header = _plan_header(
        plan,
        number=inspection.decision_number.strip() or "…/QĐ-SKHCN",
        day=inspection.decided_on or today,
        type_name="QUYẾT ĐỊNH",
        summary=f"Về việc kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001 tại {agency}",
    )
    signature = _plan_signer(plan, ["Như Điều 4;", "Lưu: VT, TĐC."])
    return Paper(header, signature, body, f"quyet-dinh-kiem-tra-{plan.year}-{inspection.pk}")


def _checklist_table(inspection: Inspection) -> tuple[rendering.Table, str]:
    rows = []
    total, maximum = Decimal(0), Decimal(0)
    for row in selectors.checklist(inspection):
        if row.is_group:
            rows.append(
                [
                    row.criterion.code,
                    row.criterion.title,
                    number_text(row.group_max),
                    number_text(row.group_points),
                    "",
                ]
            )
            continue
        points = row.score.points if row.score and row.score.points is not None else None
        maximum += row.criterion.max_points
        total += points or Decimal(0)
        rows.append(
            [
                row.criterion.code,
                row.criterion.title,
                number_text(row.criterion.max_points),
                number_text(points) if points is not None else "chưa chấm",
                row.score.evidence if row.score else "",
            ]
        )
    table = rendering.Table(
        columns=["Mã", "Nội dung kiểm tra", "Tối đa", "Điểm", "Kết quả, bằng chứng"],
        rows=rows,
        widths_cm=[1.2, 5.5, 1.4, 1.4, 6.5],
    )
    if not maximum:
        return table, ""
    percent = (total * 100 / maximum).quantize(Decimal("0.1"))
    band = inspection.criteria_set.band_for(percent) if inspection.criteria_set else ""
    verdict = f"Tổng điểm: {number_text(total)}/{number_text(maximum)} ({percent_text(percent, 1)})"
    return table, verdict + (f", xếp loại: {band}." if band else ".")


def _follow_up_lines(inspection: Inspection) -> list[str]:
    return [
        f"{index}. {follow_up.request} (hạn báo cáo: {_day(follow_up.due_on)})."
        for index, follow_up in enumerate(inspection.follow_ups.all(), start=1)
    ]


def _results(inspection: Inspection) -> list[rendering.Block]:
    """The checklist with its scores and evidence, and the total, or why there is none yet."""
    if inspection.criteria_set is None:
        return ["Cuộc kiểm tra chưa chọn bộ tiêu chí."]
    table, verdict = _checklist_table(inspection)
    body: list[rendering.Block] = [
        f"Đoàn kiểm tra xem xét theo {inspection.criteria_set} (nội dung tại Điều 36 Thông tư số "
        "26/2014/TT-BKHCN); kết quả như sau:",
        table,
    ]
    return body + ([verdict] if verdict else [])


def _conclusion(inspection: Inspection) -> list[str]:
    return [line.strip() for line in inspection.conclusion.splitlines() if line.strip()] or [
        "(Đoàn kiểm tra chưa ghi kết luận.)"
    ]


def inspection_minutes(inspection: Inspection, *, today: date) -> Paper:
    """Mẫu 21. BBKT, of an on-site inspection only: what the team checked and found, its conclusion
    and the corrective actions the agency reports within two months; signed by the team lead and
    the agency, two originals. An inspection through documents ends with `result_letter`."""
    if not inspection.is_on_site:
        raise ValueError("Biên bản kiểm tra (Mẫu 21) chỉ lập cho cuộc kiểm tra tại trụ sở.")
    plan = inspection.plan
    agency = inspection.agency.name
    day = inspection.inspected_on or today
    team = team_lines(inspection) or ["(Chưa ghi thành viên Đoàn kiểm tra.)"]
    body: list[rendering.Block] = []
    if not inspection.is_concluded:
        body.append(rendering.Paragraph("(DỰ THẢO — cuộc kiểm tra chưa kết luận)", centered=True))
    body += [
        rendering.Paragraph(_decision_basis(inspection), italic=True),
        f"Hôm nay, ngày {_day(day)}, tại trụ sở {agency}, Đoàn kiểm tra tiến hành kiểm tra việc áp dụng "
        f"Hệ thống quản lý chất lượng theo {editions.citation(inspection.agency)}.",
        rendering.Heading("I. THÀNH PHẦN"),
        "1. Đoàn kiểm tra:",
        *[f"- {line}" for line in team],
        f"2. Đại diện {agency}: {inspection.agency_representative or '(chưa ghi)'}.",
    ]
    if inspection.cooperating_unit:
        body.append(f"3. Đơn vị phối hợp: {inspection.cooperating_unit}.")
    body += [rendering.Heading("II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA"), *_results(inspection)]
    body += [rendering.Heading("III. KẾT LUẬN"), *_conclusion(inspection)]
    body.append(rendering.Heading("IV. YÊU CẦU KHẮC PHỤC"))
    follow_ups = _follow_up_lines(inspection)
    body += follow_ups or ["Không có yêu cầu khắc phục."]
    if follow_ups:
        body.append(
            f"{agency} thực hiện hành động khắc phục và báo cáo kết quả về {plan.issuing_agency} trong "
            "thời hạn 02 tháng kể từ ngày ký biên bản này (Điều 37 Thông tư số 26/2014/TT-BKHCN)."
        )
    body.append(
        "Biên bản được lập thành 02 bản có giá trị như nhau; Đoàn kiểm tra giữ 01 bản, "
        f"{agency} giữ 01 bản./."
    )
    header = rendering.OfficialHeader(
        parent_agency=plan.issuing_agency.upper(),
        agency="ĐOÀN KIỂM TRA",
        number=inspection.minutes_number or "…/BB-ĐKT",
        place=plan.province.place_name,
        day=inspection.minutes_signed_on or day,
        type_name="BIÊN BẢN KIỂM TRA",
        summary=f"Việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001 tại {agency}",
    )
    signature = rendering.Signature(
        position="TRƯỞNG ĐOÀN KIỂM TRA",
        name=person_name(team_lines(inspection)[0]) if inspection.team.strip() else "",
        counterpart=rendering.Signature(
            position="ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA", name=person_name(inspection.agency_representative)
        ),
    )
    return Paper(header, signature, body, f"bien-ban-kiem-tra-{plan.year}-{inspection.pk}")


# --- the letters of an inspection through documents (công văn, NĐ 30/2020 Mẫu 1.5) -------------------


def _letter_header(
    inspection: Inspection, *, number: str, day: date, subject: str
) -> rendering.OfficialHeader:
    plan = inspection.plan
    return rendering.OfficialHeader(
        parent_agency=rendering.province_line(plan.province),
        agency=plan.issuing_agency,
        number=number,
        place=plan.province.place_name,
        day=day,
        type_name="",
        subject=subject,
        addressees=[inspection.agency.name],
    )


# Until numbered, a letter's number is blank; a công văn has no type code (NĐ 30/2020 Phụ lục III).
LETTER_NUMBER = "…/SKHCN-TĐC"


def report_request(inspection: Inspection, *, today: date) -> Paper:
    """The written request of Điều 35 to an agency inspected through documents: report how the QMS
    is built, applied, maintained and improved, on the content of Điều 36, with evidence, by a date."""
    plan = inspection.plan
    agency = inspection.agency.name
    due = (
        f"trước ngày {_day(inspection.report_due_on)}"
        if inspection.report_due_on
        else "theo thời gian dự kiến tại Kế hoạch kiểm tra"
    )
    body: list[rendering.Block] = [
        _plan_basis(plan).removesuffix(";") + ",",
        f"{plan.issuing_agency} đề nghị {agency} báo cáo tình hình xây dựng, áp dụng, duy trì và cải tiến "
        f"Hệ thống quản lý chất lượng theo {editions.citation(inspection.agency)} năm {plan.year}, kèm "
        "theo bằng chứng, với các nội dung sau (Điều 36 Thông tư số 26/2014/TT-BKHCN):",
    ]
    for number, (title, items) in enumerate(CONTENT, start=1):
        body.append(f"{number}. {title}")
        body += [f"- {item}" for item in items]
    body += [
        "Bằng chứng kèm theo gồm: quyết định công bố và văn bản thông báo, niêm yết; báo cáo đánh giá nội "
        "bộ và biên bản họp xem xét của lãnh đạo gần nhất; hồ sơ hành động khắc phục; danh mục tài liệu "
        "đang áp dụng.",
        f"Hình thức kiểm tra: qua hồ sơ, báo cáo. Báo cáo gửi về {plan.issuing_agency}"
        + (f" ({inspection.inspecting_unit})" if inspection.inspecting_unit else "")
        + f" {due}.",
    ]
    if inspection.cooperating_unit:
        body.append(f"Đơn vị phối hợp kiểm tra: {inspection.cooperating_unit}.")
    body.append(
        "Kết quả xem xét hồ sơ, báo cáo là căn cứ để lựa chọn cơ quan kiểm tra tại trụ sở (Điều 37 Thông "
        f"tư số 26/2014/TT-BKHCN). Đề nghị {agency} quan tâm thực hiện./."
    )
    header = _letter_header(
        inspection,
        number=inspection.report_request_number or LETTER_NUMBER,
        day=inspection.report_requested_on or today,
        subject=f"Báo cáo tình hình áp dụng HTQLCL theo TCVN ISO 9001 năm {plan.year}",
    )
    signature = _plan_signer(plan, ["Như trên;", "Lưu: VT, TĐC."])
    return Paper(header, signature, body, f"de-nghi-bao-cao-{plan.year}-{inspection.pk}")


def result_letter(inspection: Inspection, *, today: date) -> Paper:
    """The written request that ends an inspection through documents (Điều 37): the result of the
    review of the agency's report, the gaps it must fix and report on within two months."""
    if inspection.is_on_site:
        raise ValueError("Cuộc kiểm tra tại trụ sở kết thúc bằng biên bản kiểm tra (Mẫu 21).")
    plan = inspection.plan
    agency = inspection.agency.name
    body: list[rendering.Block] = []
    if not inspection.is_concluded:
        body.append(rendering.Paragraph("(DỰ THẢO — cuộc kiểm tra chưa kết luận)", centered=True))
    body += [
        _plan_basis(plan).removesuffix(";") + "; căn cứ hồ sơ, báo cáo tình hình áp dụng Hệ thống quản lý "
        f"chất lượng của {agency},",
        f"{plan.issuing_agency} thông báo kết quả kiểm tra qua hồ sơ, báo cáo việc áp dụng Hệ thống quản lý "
        f"chất lượng theo {editions.citation(inspection.agency)} tại {agency} như sau:",
        rendering.Heading("1. Kết quả kiểm tra"),
        *_results(inspection),
        rendering.Heading("2. Kết luận"),
        *_conclusion(inspection),
        rendering.Heading("3. Đề nghị khắc phục"),
    ]
    follow_ups = _follow_up_lines(inspection)
    if follow_ups:
        body += [
            f"Đề nghị {agency} thực hiện hành động khắc phục các nội dung sau và báo cáo kết quả về "
            f"{plan.issuing_agency} trong thời hạn 02 tháng kể từ ngày ký văn bản này (Điều 37 Thông tư "
            "số 26/2014/TT-BKHCN):",
            *follow_ups,
        ]
    else:
        body.append("Không có nội dung phải khắc phục.")
    body.append(
        "Kết quả kiểm tra qua hồ sơ, báo cáo là căn cứ để lựa chọn cơ quan kiểm tra tại trụ sở năm "
        f"{plan.year + 1}./."
    )
    header = _letter_header(
        inspection,
        number=inspection.result_letter_number or LETTER_NUMBER,
        day=inspection.result_letter_on or today,
        subject="Thông báo kết quả kiểm tra và đề nghị khắc phục",
    )
    signature = _plan_signer(plan, ["Như trên;", "Lưu: VT, TĐC."])
    return Paper(header, signature, body, f"ket-qua-kiem-tra-{plan.year}-{inspection.pk}")
