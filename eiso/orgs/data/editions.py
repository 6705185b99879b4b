# ruff: noqa: E501 -- data: one clause a line reads better than wrapped strings
"""The editions of ISO 9001 that eISO knows, as data: clause numbers, titles, short summaries in
eISO's own Vietnamese words (the standard's text is copyrighted: nothing longer than a title is
quoted), and the correspondence from each edition to the next.

Loaded into every database by orgs' data migration through `load_editions`, which takes the model
classes so that the migration can pass its historical models. A new edition (a TCVN adoption of
ISO 9001:2026, say) is a new block here and a migration that loads it; no code names an edition.

`evidence` names what eISO already holds for a clause (improvement.transition reads it).
Correspondence `change`: "same" (unchanged), "changed" (new or changed requirements), "new"
(a clause the older edition did not have; its source is where the topic used to live).
"""

T2015 = "tcvn-iso-9001-2015"
I2026 = "iso-9001-2026"

EDITIONS = [
    {
        "code": T2015,
        "name": "TCVN ISO 9001:2015",
        "citation": "Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
        "amendment": "Bao gồm Sửa đổi 1:2024 (ISO 9001:2015/Amd 1:2024): biến đổi khí hậu ở mục 4.1 và 4.2.",
        "year": 2015,
        "is_provisional": False,
        "is_default": True,
        "predecessor": None,
    },
    {
        "code": I2026,
        "name": "ISO 9001:2026",
        "citation": "Tiêu chuẩn ISO 9001:2026",
        "amendment": "Tạm thời: chưa có Tiêu chuẩn quốc gia TCVN tương ứng; nội dung theo bản FDIS đã công bố.",
        "year": 2026,
        "is_provisional": True,
        "is_default": False,
        "predecessor": T2015,
    },
]

# number, title, summary in our words, evidence key
_COMMON = [
    (
        "4.3",
        "Xác định phạm vi của hệ thống quản lý chất lượng",
        "Phạm vi HTQLCL được xác định, lập thành văn bản, nêu rõ các TTHC và lĩnh vực áp dụng.",
        "scope",
    ),
    (
        "4.4",
        "Hệ thống quản lý chất lượng và các quá trình",
        "Các quá trình cần thiết, trình tự, tương tác, trách nhiệm và tiêu chí kiểm soát được xác định và duy trì.",
        "processes",
    ),
    (
        "5.1.2",
        "Hướng vào khách hàng",
        "Lãnh đạo bảo đảm yêu cầu của người dân, doanh nghiệp và pháp luật được xác định và đáp ứng.",
        "feedback",
    ),
    (
        "5.2",
        "Chính sách",
        "Chính sách chất lượng phù hợp mục đích của cơ quan, được ban hành, truyền đạt và duy trì.",
        "policy",
    ),
    (
        "5.3",
        "Vai trò, trách nhiệm và quyền hạn trong tổ chức",
        "Trách nhiệm, quyền hạn liên quan tới HTQLCL được phân công và truyền đạt.",
        "",
    ),
    (
        "6.2",
        "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu",
        "Mục tiêu đo được, có kế hoạch thực hiện, người chịu trách nhiệm, thời hạn và cách đánh giá.",
        "objectives",
    ),
    (
        "6.3",
        "Hoạch định các thay đổi",
        "Thay đổi HTQLCL được hoạch định, cân nhắc mục đích, hậu quả và nguồn lực.",
        "",
    ),
    (
        "7.1",
        "Nguồn lực",
        "Con người, cơ sở hạ tầng, môi trường làm việc, nguồn lực đo lường và tri thức được xác định và cung cấp.",
        "",
    ),
    (
        "7.2",
        "Năng lực",
        "Năng lực cần có được xác định, bảo đảm qua đào tạo, kinh nghiệm; có hồ sơ chứng minh.",
        "training",
    ),
    (
        "7.4",
        "Trao đổi thông tin",
        "Xác định nội dung, thời điểm, đối tượng và cách trao đổi thông tin nội bộ và bên ngoài.",
        "",
    ),
    (
        "7.5",
        "Thông tin dạng văn bản",
        "Tài liệu, hồ sơ được tạo lập, phê duyệt, cập nhật và kiểm soát.",
        "documents",
    ),
    (
        "8.1",
        "Hoạch định và kiểm soát việc thực hiện",
        "Các quá trình xử lý công việc được hoạch định, có tiêu chí và được kiểm soát.",
        "processes",
    ),
    (
        "8.2",
        "Yêu cầu đối với sản phẩm và dịch vụ",
        "Yêu cầu của TTHC được xác định, xem xét và công khai cho người dân.",
        "",
    ),
    (
        "8.3",
        "Thiết kế và phát triển sản phẩm và dịch vụ",
        "Thường được xác định là không áp dụng đối với cơ quan hành chính; nêu lý do trong phạm vi.",
        "",
    ),
    (
        "8.4",
        "Kiểm soát quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp",
        "Các quá trình, dịch vụ do bên ngoài cung cấp được đánh giá, lựa chọn và theo dõi.",
        "",
    ),
    (
        "8.5",
        "Sản xuất và cung cấp dịch vụ",
        "Hồ sơ TTHC được tiếp nhận, xử lý, trả kết quả trong điều kiện được kiểm soát và truy xuất được.",
        "dossiers",
    ),
    (
        "8.6",
        "Thông qua sản phẩm và dịch vụ",
        "Kết quả giải quyết được kiểm tra, phê duyệt trước khi trả cho người dân.",
        "",
    ),
    (
        "8.7",
        "Kiểm soát đầu ra không phù hợp",
        "Kết quả không phù hợp được nhận biết, xử lý và ghi lại.",
        "nonconformities",
    ),
    (
        "9.1",
        "Theo dõi, đo lường, phân tích và đánh giá",
        "Xác định cái cần đo, cách đo, thời điểm phân tích; theo dõi sự hài lòng của người dân.",
        "objectives",
    ),
    (
        "9.2",
        "Đánh giá nội bộ",
        "Đánh giá nội bộ theo chương trình định kỳ, khách quan, có báo cáo kết quả.",
        "audits",
    ),
    (
        "9.3",
        "Xem xét của lãnh đạo",
        "Lãnh đạo xem xét HTQLCL định kỳ với đầu vào, đầu ra được xác định.",
        "reviews",
    ),
    (
        "10.1",
        "Khái quát",
        "Xác định và lựa chọn cơ hội cải tiến để đáp ứng yêu cầu và nâng cao sự hài lòng.",
        "",
    ),
    (
        "10.2",
        "Sự không phù hợp và hành động khắc phục",
        "Sự không phù hợp được xử lý, phân tích nguyên nhân, khắc phục và kiểm tra hiệu lực.",
        "nonconformities",
    ),
    ("10.3", "Cải tiến liên tục", "Sự phù hợp, thỏa đáng và hiệu lực của HTQLCL được cải tiến liên tục.", ""),
]

CLAUSES = {
    T2015: [
        (
            "4.1",
            "Hiểu tổ chức và bối cảnh của tổ chức",
            "Cơ quan xác định các vấn đề bên trong, bên ngoài ảnh hưởng tới HTQLCL và theo dõi, xem xét chúng; theo Sửa đổi 1:2024, cơ quan quyết định biến đổi khí hậu có phải là vấn đề liên quan hay không.",
            "climate",
        ),
        (
            "4.2",
            "Hiểu nhu cầu và mong đợi của các bên quan tâm",
            "Cơ quan xác định các bên quan tâm và yêu cầu của họ; theo Sửa đổi 1:2024, lưu ý các bên quan tâm có thể có yêu cầu liên quan tới biến đổi khí hậu.",
            "climate_parties",
        ),
        *_COMMON[:2],
        (
            "5.1",
            "Sự lãnh đạo và cam kết",
            "Lãnh đạo chịu trách nhiệm về hiệu lực của HTQLCL, bảo đảm chính sách, mục tiêu, nguồn lực và thúc đẩy cải tiến.",
            "",
        ),
        *_COMMON[2:5],
        (
            "6.1",
            "Hành động giải quyết rủi ro và cơ hội",
            "Rủi ro và cơ hội được xác định, có hành động xử lý tương xứng và đánh giá hiệu lực.",
            "risks",
        ),
        *_COMMON[5:9],
        (
            "7.3",
            "Nhận thức",
            "Người làm việc nhận thức được chính sách, mục tiêu chất lượng, đóng góp của mình và hậu quả của việc không tuân thủ.",
            "awareness",
        ),
        *_COMMON[9:],
    ],
    I2026: [
        (
            "4.1",
            "Hiểu tổ chức và bối cảnh của tổ chức",
            "Các vấn đề bên trong, bên ngoài được xác định và xem xét; quyết định về mức độ liên quan của biến đổi khí hậu là một phần của yêu cầu.",
            "climate",
        ),
        (
            "4.2",
            "Hiểu nhu cầu và mong đợi của các bên quan tâm",
            "Các bên quan tâm và yêu cầu của họ được xác định, kể cả yêu cầu liên quan tới biến đổi khí hậu.",
            "climate_parties",
        ),
        *_COMMON[:2],
        (
            "5.1.1",
            "Sự lãnh đạo và cam kết đối với hệ thống quản lý chất lượng",
            "Ngoài các cam kết đã có, lãnh đạo thúc đẩy văn hóa chất lượng và hành vi đạo đức trong cơ quan.",
            "culture",
        ),
        *_COMMON[2:5],
        (
            "6.1.1",
            "Hành động giải quyết rủi ro và cơ hội — khái quát",
            "Khi hoạch định HTQLCL, cơ quan xác định rủi ro và cơ hội cần giải quyết.",
            "",
        ),
        (
            "6.1.2",
            "Hành động giải quyết rủi ro",
            "Rủi ro được xác định, đánh giá và xử lý trong một sổ riêng, có người phụ trách và thời điểm xem xét.",
            "risks",
        ),
        (
            "6.1.3",
            "Hành động giải quyết cơ hội",
            "Cơ hội được xác định, đánh giá và tận dụng trong một sổ riêng, có người phụ trách và thời điểm xem xét.",
            "opportunities",
        ),
        *_COMMON[5:9],
        (
            "7.3",
            "Nhận thức",
            "Ngoài chính sách và mục tiêu, người làm việc nhận thức được văn hóa chất lượng và hành vi đạo đức của cơ quan.",
            "awareness",
        ),
        *_COMMON[9:],
    ],
}

# (older clause, newer clause, change, note): every newer clause has at least one row.
CORRESPONDENCE = {
    (T2015, I2026): [
        (
            "4.1",
            "4.1",
            "changed",
            "Quyết định về biến đổi khí hậu (Sửa đổi 1:2024) trở thành một phần của điều khoản.",
        ),
        ("4.2", "4.2", "changed", "Yêu cầu liên quan tới biến đổi khí hậu của các bên quan tâm."),
        ("5.1", "5.1.1", "changed", "Bổ sung: lãnh đạo thúc đẩy văn hóa chất lượng và hành vi đạo đức."),
        ("6.1", "6.1.1", "same", ""),
        ("6.1", "6.1.2", "changed", "Rủi ro tách thành điều khoản riêng."),
        ("6.1", "6.1.3", "new", "Cơ hội tách thành điều khoản riêng, với sổ và cách xử lý riêng."),
        ("7.3", "7.3", "changed", "Bổ sung: nhận thức về văn hóa chất lượng và hành vi đạo đức."),
        *[(number, number, "same", "") for number, _title, _summary, _evidence in _COMMON],
    ],
}


def load_editions(StandardEdition, Clause, ClauseCorrespondence) -> None:  # noqa: N803
    """Create or update the editions, their clauses and correspondence (idempotent)."""
    editions = {}
    for row in EDITIONS:
        predecessor = editions.get(row["predecessor"]) if row["predecessor"] else None
        fields = {key: value for key, value in row.items() if key not in ("code", "predecessor")}
        edition, _created = StandardEdition.objects.update_or_create(
            code=row["code"], defaults={**fields, "predecessor": predecessor}
        )
        editions[row["code"]] = edition
    clauses = {}
    for code, rows in CLAUSES.items():
        for order, (number, title, summary, evidence) in enumerate(rows, start=1):
            clause, _created = Clause.objects.update_or_create(
                edition=editions[code],
                number=number,
                defaults={"title": title, "summary": summary, "evidence": evidence, "order": order},
            )
            clauses[code, number] = clause
    for (older, newer), rows in CORRESPONDENCE.items():
        for source, target, change, note in rows:
            ClauseCorrespondence.objects.update_or_create(
                source=clauses[older, source],
                target=clauses[newer, target],
                defaults={"change": change, "note": note},
            )
