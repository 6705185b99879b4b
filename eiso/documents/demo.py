"""Demo data of document control (issue 3 part 12): the province's register of legal documents,
and for the demo department (Sở Tư pháp) a QMS document set in the shape of the MOST framework
model (QĐ 101/QĐ-BKHCN, regulations.md §3.2) with versions in different states. 61/2018/NĐ-CP
is marked replaced by 118/2025/NĐ-CP, which opens an update task for the department.

Everything goes through the services with the demo users as actors, so the demo also writes the
audit trail. Idempotent: legal documents are looked up by number, documents by code.

About the facts: numbers, dates and issuers of the legal documents are those of
regulations.md §1.1, §2.1, §4.1, §7 (verified there). Document bodies are short illustrations,
not real texts of Sở Tư pháp Hà Tĩnh.
"""

from datetime import date

from eiso.accounts.models import User
from eiso.documents.models import ApprovalChain, Document, LegalDocument
from eiso.orgs.demo import demo_agency, demo_province
from eiso.orgs.models import Unit

# (number, kind, issuing body, title, issued on, effective on)
LEGAL_DOCUMENTS = [
    (
        "19/2014/QĐ-TTg",
        LegalDocument.Kind.DECISION,
        "Thủ tướng Chính phủ",
        "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 "
        "vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        date(2014, 3, 5),
        date(2014, 5, 18),
    ),
    (
        "26/2014/TT-BKHCN",
        LegalDocument.Kind.CIRCULAR,
        "Bộ Khoa học và Công nghệ",
        "Quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
        date(2014, 10, 10),
        date(2014, 12, 1),
    ),
    (
        "61/2018/NĐ-CP",
        LegalDocument.Kind.DECREE,
        "Chính phủ",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        date(2018, 4, 23),
        date(2018, 6, 21),
    ),
    (
        "118/2025/NĐ-CP",
        LegalDocument.Kind.DECREE,
        "Chính phủ",
        "Về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa "
        "và Cổng Dịch vụ công quốc gia",
        date(2025, 6, 9),
        date(2025, 7, 1),
    ),
    (
        "30/2020/NĐ-CP",
        LegalDocument.Kind.DECREE,
        "Chính phủ",
        "Về công tác văn thư",
        date(2020, 3, 5),
        date(2020, 3, 5),
    ),
]

HCTP = "Phòng Hành chính tư pháp"
ASKED_TO_READ = {"CS-01", "MT-01", "QT-07"}
VP = "Văn phòng Sở"

# (code, title, kind, owner unit, legal bases, review months, stage, effective on, body paragraphs)
# stage: "published", "republished" (v1 superseded by v2; effective on gives both dates), "in_review",
# "draft", "published+draft". The policy and the objectives were applied before last year's internal
# audit (improvement's demo announces on that chain, QĐ 19/2014 Điều 4).
# What version 2 of a republished document adds.
REVISIONS = {
    Document.Kind.QUALITY_MANUAL: "Bổ sung bối cảnh của tổ chức và các bên quan tâm.",
    Document.Kind.QUALITY_OBJECTIVES: "Chỉ tiêu được cập nhật cho năm 2026.",
}
DOCUMENTS = [
    (
        "CS-01",
        "Chính sách chất lượng",
        Document.Kind.QUALITY_POLICY,
        HCTP,
        ["19/2014/QĐ-TTg"],
        12,
        "published",
        date(2025, 1, 6),
        [
            "Sở Tư pháp cam kết giải quyết thủ tục hành chính đúng pháp luật, công khai, minh bạch, "
            "đúng hạn.",
            "Lãnh đạo Sở cam kết duy trì và cải tiến liên tục hệ thống quản lý chất lượng "
            "theo TCVN ISO 9001.",
        ],
    ),
    (
        "MT-01",
        "Mục tiêu chất lượng",
        Document.Kind.QUALITY_OBJECTIVES,
        HCTP,
        [],
        12,
        "republished",
        (date(2025, 1, 6), date(2026, 1, 5)),
        [
            "100% hồ sơ thủ tục hành chính được giải quyết đúng hạn.",
            "Tỷ lệ người dân hài lòng đạt từ 95% trở lên.",
        ],
    ),
    (
        "STCL",
        "Sổ tay chất lượng",
        Document.Kind.QUALITY_MANUAL,
        HCTP,
        ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        24,
        "republished",
        (date(2025, 3, 3), date(2026, 2, 2)),
        [
            "Giới thiệu Sở Tư pháp.",
            "Phạm vi áp dụng hệ thống quản lý chất lượng.",
            "Cấu trúc hệ thống tài liệu.",
        ],
    ),
    (
        "QT-01",
        "Quy trình kiểm soát thông tin dạng văn bản",
        Document.Kind.PROCEDURE,
        HCTP,
        ["19/2014/QĐ-TTg", "30/2020/NĐ-CP"],
        12,
        "published+draft",
        date(2025, 6, 2),
        [
            "1. Mục đích: kiểm soát việc soạn thảo, phê duyệt, ban hành, sửa đổi và thu hồi tài liệu.",
            "2. Phạm vi: mọi tài liệu của hệ thống quản lý chất lượng.",
            "3. Nội dung: lập, kiểm tra, phê duyệt, ban hành.",
        ],
    ),
    (
        "QT-02",
        "Quy trình kiểm soát hồ sơ",
        Document.Kind.PROCEDURE,
        HCTP,
        ["19/2014/QĐ-TTg"],
        12,
        "published",
        date(2025, 9, 1),
        ["1. Mục đích: lưu giữ hồ sơ làm bằng chứng.", "2. Thời hạn lưu hồ sơ: 05 năm."],
    ),
    (
        "QT-03",
        "Quy trình đánh giá nội bộ",
        Document.Kind.PROCEDURE,
        HCTP,
        ["26/2014/TT-BKHCN"],
        12,
        "published",
        date(2025, 9, 1),
        ["1. Lập chương trình đánh giá nội bộ hằng năm.", "2. Thực hiện đánh giá, báo cáo kết quả."],
    ),
    (
        "QT-04",
        "Quy trình kiểm soát sự không phù hợp và hành động khắc phục",
        Document.Kind.PROCEDURE,
        HCTP,
        [],
        12,
        "published",
        date(2025, 9, 1),
        ["1. Nhận biết sự không phù hợp.", "2. Xác định nguyên nhân, hành động khắc phục."],
    ),
    (
        "QT-05",
        "Quy trình quản lý rủi ro và cơ hội",
        Document.Kind.PROCEDURE,
        HCTP,
        [],
        12,
        "draft",
        None,
        ["1. Nhận diện rủi ro và cơ hội.", "2. Đánh giá và xử lý."],
    ),
    (
        "QT-06",
        "Quy trình xem xét của lãnh đạo",
        Document.Kind.PROCEDURE,
        HCTP,
        [],
        12,
        "in_review",
        None,
        ["1. Đầu vào của xem xét theo mục 9.3.2.", "2. Đầu ra theo mục 9.3.3."],
    ),
    (
        "QT-07",
        "Quy trình tiếp nhận và trả kết quả thủ tục hành chính lĩnh vực hộ tịch",
        Document.Kind.PROCEDURE,
        HCTP,
        ["61/2018/NĐ-CP"],
        12,
        "published",
        date(2024, 3, 1),
        [
            "B1. Tiếp nhận hồ sơ tại Bộ phận Một cửa.",
            "B2. Chuyển hồ sơ đến Phòng Hành chính tư pháp.",
            "B3. Thẩm định, trình ký.",
            "B4. Trả kết quả.",
        ],
    ),
    (
        "BM-01",
        "Phiếu đề nghị ban hành, sửa đổi tài liệu",
        Document.Kind.FORM,
        VP,
        [],
        24,
        "published",
        date(2025, 6, 2),
        ["Tên tài liệu; nội dung đề nghị; lý do; người đề nghị."],
    ),
    (
        "DM-01",
        "Danh mục hồ sơ chất lượng",
        Document.Kind.RECORD_LIST,
        VP,
        [],
        12,
        "published",
        date(2025, 6, 2),
        ["Tên hồ sơ; nơi lưu; thời hạn lưu."],
    ),
]


def load(say) -> None:
    from eiso.documents import legal_services, services

    province, agency = demo_province(), demo_agency()
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["coordinator", "secretary", "leader", "unithead", "staff"]
        )
    }
    if province is None or agency is None or len(users) < 5:
        say("  Chưa có tỉnh, cơ quan hoặc người dùng mẫu: bỏ qua tài liệu mẫu.")
        return
    register = _legal_documents(province, users["coordinator"], legal_services)
    # Forms and record lists of the Văn phòng Sở need only the leader's approval.
    for kind in (Document.Kind.FORM, Document.Kind.RECORD_LIST):
        if not ApprovalChain.objects.filter(agency=agency, kind=kind).exists():
            services.approval_chain_set(
                agency=agency, kind=kind, approvers=["leader"], actor=users["secretary"]
            )
    created = 0
    for row in DOCUMENTS:
        if not Document.objects.filter(agency=agency, code=row[0]).exists():
            _document(agency, register, users, row, services)
            created += 1
    old, new = register["61/2018/NĐ-CP"], register["118/2025/NĐ-CP"]
    if old.status == LegalDocument.Status.IN_FORCE:
        legal_services.legal_document_mark(
            legal_document=old,
            status=LegalDocument.Status.REPLACED,
            new_document=new,
            actor=users["coordinator"],
        )
    say(f"  Văn bản pháp luật: {len(register)}; tài liệu mới: {created}.")


def _legal_documents(province, coordinator, legal_services) -> dict[str, LegalDocument]:
    register = {}
    for number, kind, issuer, title, issued_on, effective_on in LEGAL_DOCUMENTS:
        existing = LegalDocument.objects.filter(
            province=province, number_key=legal_services.number_key(number)
        ).first()
        register[number] = existing or legal_services.legal_document_create(
            province=province,
            number=number,
            kind=kind,
            issuing_body=issuer,
            title=title,
            issued_on=issued_on,
            effective_on=effective_on,
            actor=coordinator,
        )
    return register


def _document(agency, register, users, row, services) -> None:
    code, title, kind, unit_name, bases, months, stage, effective_on, paragraphs = row
    unit = Unit.objects.filter(agency=agency, name=unit_name).first()
    secretary = users["secretary"]
    document = services.document_create(
        agency=agency,
        code=code,
        title=title,
        kind=kind,
        owner_unit=unit,
        review_period_months=months,
        legal_documents=[register[number] for number in bases],
        actor=secretary,
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    if stage == "draft":
        services.version_create_draft(document=document, body=body, actor=users["staff"])
        return
    if stage == "in_review":
        version = services.version_create_draft(document=document, body=body, actor=secretary)
        services.version_submit(version=version, actor=secretary)
        return
    staff_unit = Unit.objects.filter(agency=agency, name=HCTP).first()
    if stage == "republished":
        first, effective_on = effective_on
        _publish(document, body, users, first, [], services, summary="Ban hành lần đầu")
        body += f"<p>{REVISIONS[kind]}</p>"
    # A few documents ask the unit to read them, enough to show who has and has not read.
    readers = [staff_unit] if code in ASKED_TO_READ else []
    version = _publish(document, body, users, effective_on, readers, services, summary="Ban hành")
    if code == "CS-01":
        services.version_acknowledge(version=version, actor=users["unithead"])
    if stage == "published+draft":
        draft = services.version_create_draft(
            document=document,
            body=body + "<p>4. Tài liệu điện tử được quản lý trên eISO.</p>",
            change_summary="Bổ sung quản lý tài liệu điện tử",
            actor=users["staff"],
        )
        services.version_submit(version=draft, actor=users["staff"])


def _publish(document, body, users, effective_on, units, services, summary):
    version = services.version_create_draft(
        document=document, body=body, change_summary=summary, actor=users["secretary"]
    )
    services.version_submit(version=version, actor=users["secretary"])
    for step in version.approval_steps:
        services.version_approve(version=version, actor=users["unithead" if step == "unit_head" else step])
    return services.version_publish(
        version=version, effective_on=effective_on, units=units, actor=users["secretary"]
    )
