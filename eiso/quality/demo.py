"""Demo data of the quality app for the demo department (Sở Tư pháp), with a little for the
second one (Sở Nội vụ): objectives of the current year with values, a context register, risks
and opportunities with treatments, and feedback cases in every state.

Everything goes through the services with the demo users as actors, so the audit trail is
written as in real use. Idempotent: rows are looked up by a natural key (statement, title,
description, name, content) before being created; values are entered only where missing.

Most objectives measure themselves from the demo dossiers (loaded at order 55), feedback and
documents; one is typed in by hand with its value. The quality policy is the controlled
document CS-01 loaded by the documents demo (order 30).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from eiso.accounts.models import User
from eiso.orgs.demo import demo_agency, second_agency
from eiso.orgs.models import Unit
from eiso.quality import services
from eiso.quality.models import Action, ContextIssue, Feedback, InterestedParty, QualityObjective, Risk
from eiso.quality.periods import started_periods

HCTP = "Phòng Hành chính tư pháp"

# (statement, indicator, source, comparison, target, unit, frequency, owner, manual values by period)
# fmt: off
OBJECTIVES = [
    ("Nâng tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn và trước hạn",
     "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn và trước hạn", "dossier_on_time_rate", "ge", "88", "%",
     "quarterly", "unithead", []),
    ("Nâng cao sự hài lòng của người dân, doanh nghiệp khi giải quyết thủ tục hành chính",
     "Tỷ lệ người dân hài lòng qua đánh giá", "dossier_satisfaction", "ge", "85", "%", "quarterly",
     "secretary", []),
    ("Không để hồ sơ trễ hạn mà không có văn bản xin lỗi người dân",
     "Số hồ sơ trễ hạn không có văn bản xin lỗi", "dossier_late_without_apology", "le", "0", "số lượng",
     "monthly", "unithead", []),
    ("Phản ánh, kiến nghị của người dân được xử lý đúng thời hạn",
     "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "feedback_on_time", "ge", "90", "%", "quarterly",
     "secretary", []),
    ("Tài liệu của hệ thống quản lý chất lượng được xem xét định kỳ đúng hạn",
     "Số tài liệu quá hạn xem xét định kỳ", "documents_overdue_review", "le", "0", "số lượng", "quarterly",
     "secretary", []),
    # Measured by the province's demo (oversight/demo.py) from the training attendance lists.
    ("100% cán bộ, công chức được tập huấn về hệ thống quản lý chất lượng",
     "Tỷ lệ cán bộ, công chức đã được tập huấn ISO", "manual", "ge", "100", "%", "yearly", "secretary",
     []),
]
# fmt: on

# (objective index, what, owner, resources, days from 1 January to the deadline, how evaluated)
# fmt: off
PLAN = [
    (0, "Rà soát, cập nhật quy trình nội bộ theo NĐ 118/2025/NĐ-CP", "unithead", "Phòng Hành chính tư pháp",
     90, "Quy trình được ban hành trước 31/3"),
    (0, "Nhắc hạn xử lý hồ sơ hằng tuần tới các phòng chuyên môn", "secretary", "Phần mềm một cửa", 180,
     "Không còn hồ sơ trễ hạn do chậm chuyển"),
    (1, "Khảo sát sự hài lòng tại Bộ phận Một cửa mỗi quý", "officer", "Phiếu khảo sát, 1 cán bộ", 300,
     "Có báo cáo khảo sát mỗi quý"),
]
# fmt: on

# fmt: off
CONTEXT_ISSUES = [
    ("external", "legal", "NĐ 118/2025/NĐ-CP thay thế NĐ 61/2018/NĐ-CP về cơ chế một cửa từ 01/07/2025",
     "Phải cập nhật quy trình tiếp nhận, trả kết quả và biểu mẫu"),
    ("external", "organisation", "Sắp xếp chính quyền hai cấp: bỏ cấp huyện, UBND xã tiếp nhận thêm TTHC",
     "Thay đổi phạm vi TTHC và phối hợp với UBND cấp xã"),
    ("external", "technology", "Yêu cầu dịch vụ công trực tuyến toàn trình và số hóa kết quả giải quyết",
     "Cần hạ tầng, chữ ký số và kỹ năng số của cán bộ"),
    ("internal", "people", "Biên chế Phòng Hành chính tư pháp giảm sau sắp xếp",
     "Nguy cơ quá tải vào cao điểm, ảnh hưởng thời hạn giải quyết"),
    ("internal", "infrastructure", "Bộ phận Một cửa có diện tích chờ hẹp, thiết bị cũ",
     "Ảnh hưởng sự hài lòng của người dân"),
]
# fmt: on

# fmt: off
PARTIES = [
    ("Người dân đến làm thủ tục hộ tịch, chứng thực", "citizens",
     "Giải quyết đúng hạn, hướng dẫn rõ ràng một lần, thái độ phục vụ tốt", "Khảo sát hài lòng, phản ánh"),
    ("Doanh nghiệp, tổ chức hành nghề luật sư, công chứng", "businesses",
     "Thủ tục đơn giản, nộp trực tuyến, thời gian ngắn", "Hội nghị đối thoại hằng năm"),
    ("UBND tỉnh Hà Tĩnh", "superior", "Thực hiện đúng kế hoạch cải cách hành chính, báo cáo đúng hạn",
     "Kết quả chấm điểm cải cách hành chính"),
    ("Sở Khoa học và Công nghệ", "coordination",
     "Duy trì, cải tiến HTQLCL; báo cáo định kỳ theo QĐ 19/2014", "Kết quả kiểm tra hằng năm"),
    ("Cán bộ, công chức của Sở", "staff", "Phân công rõ ràng, được đào tạo, điều kiện làm việc phù hợp",
     "Họp giao ban, đánh giá cuối năm"),
]
# fmt: on

# (kind, title, process, likelihood, impact, treatments [(what, owner, days from today)], residual, close)
# fmt: off
RISKS = [
    ("risk", "Hồ sơ trễ hạn do thiếu cán bộ vào cao điểm", "Quy trình giải quyết TTHC hộ tịch", 4, 4,
     [("Bố trí cán bộ hỗ trợ Bộ phận Một cửa vào cao điểm", "unithead", -20)], (2, 3), False),
    ("risk", "Quy trình nội bộ chưa cập nhật kịp khi văn bản pháp luật thay đổi",
     "Kiểm soát thông tin dạng văn bản", 3, 4, [("Theo dõi văn bản mới hằng tuần", "secretary", 30)], None,
     False),
    ("risk", "Mất, thất lạc hồ sơ giấy khi luân chuyển giữa các phòng", "Luân chuyển hồ sơ", 2, 5,
     [("Số hóa hồ sơ ngay khi tiếp nhận", "officer", 45)], None, False),
    ("risk", "Phần mềm một cửa gián đoạn, không tiếp nhận được hồ sơ trực tuyến", "Tiếp nhận hồ sơ", 2, 4,
     [], None, False),
    ("risk", "Cán bộ mới chưa nắm vững quy trình ISO", "Đào tạo, năng lực", 3, 3,
     [("Tập huấn quy trình cho cán bộ mới", "secretary", -40)], (1, 3), False),
    ("risk", "Người dân không hài lòng do thời gian chờ tại Bộ phận Một cửa", "Tiếp nhận và trả kết quả", 3,
     3, [("Lắp hệ thống xếp hàng tự động", "leader", 60)], None, False),
    ("risk", "Sai sót trong chứng thực bản sao do áp lực số lượng", "Chứng thực", 2, 4, [], None, False),
    ("risk", "Báo cáo định kỳ ISO nộp trễ cho Sở KH&CN", "Báo cáo", 2, 2,
     [("Lập lịch báo cáo trên eISO", "secretary", -60)], (1, 2), True),
    ("risk", "Rò rỉ thông tin cá nhân trong hồ sơ hộ tịch", "Lưu trữ hồ sơ", 1, 5, [], None, False),
    ("opportunity", "Triển khai dịch vụ công trực tuyến toàn trình cho thủ tục hộ tịch", "Tiếp nhận hồ sơ",
     4, 4, [("Đăng ký thêm 5 thủ tục toàn trình", "unithead", 90)], None, False),
    ("opportunity", "Dùng số liệu eISO để đo mục tiêu chất lượng tự động", "Theo dõi, đo lường", 5, 4, [],
     None, False),
    ("opportunity", "Liên thông với UBND cấp xã sau sắp xếp để rút ngắn thời gian", "Phối hợp liên thông",
     3, 3, [], None, False),
]
# fmt: on

# (kind, category, content, sender, days ago received, state, days to act)
# fmt: off
FEEDBACK = [
    ("complaint", "delay", "Tôi nộp hồ sơ đăng ký khai sinh cho con, đến ngày hẹn vẫn chưa có kết quả.",
     "Nguyễn Thị Hoa", 1, "received", 0),
    ("suggestion", "facilities", "Đề nghị bố trí thêm ghế ngồi chờ và nước uống tại Bộ phận Một cửa.",
     "Trần Văn Bình", 9, "received", 0),
    ("complaint", "attitude",
     "Cán bộ tiếp nhận hướng dẫn chưa rõ, tôi phải đi lại hai lần để bổ sung giấy tờ.", "Lê Thị Cúc", 6,
     "accepted", 1),
    ("complaint", "requirements",
     "Hồ sơ chứng thực yêu cầu thêm giấy tờ không có trong danh mục công khai.", "Phạm Văn Dũng", 40,
     "accepted", 2),
    ("complaint", "delay", "Kết quả cải chính hộ tịch trễ hẹn 5 ngày mà không có thư xin lỗi.",
     "Hoàng Thị Em", 70, "answered", 8),
    ("suggestion", "regulation", "Đề nghị cho phép nhận kết quả qua bưu điện với thủ tục chứng thực.",
     "Vũ Văn Phúc", 120, "answered", 25),
    ("complaint", "fees", "Phản ánh về việc thu phí khai thác thông tin hộ tịch.", "Đỗ Thị Giang", 150,
     "answered", 5),
    ("complaint", "other", "Phản ánh về việc tranh chấp đất đai với hàng xóm, đề nghị Sở giải quyết.",
     "Bùi Văn Hùng", 30, "refused", 1),
]
# fmt: on


REFUSAL = "Nội dung không thuộc thẩm quyền của Sở Tư pháp; đề nghị gửi UBND cấp xã nơi có đất."
REPLY = "Sở Tư pháp đã kiểm tra, chấn chỉnh bộ phận liên quan và xin lỗi ông/bà. Cảm ơn ý kiến đóng góp."


def _users() -> dict[str, User]:
    names = ["secretary", "leader", "staff", "unithead", "officer", "secretary2"]
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _load_objectives(agency, users, year, today, say) -> list[QualityObjective]:
    objectives = []
    for statement, indicator, source, comparison, target, unit, frequency, owner, values in OBJECTIVES:
        objective = QualityObjective.objects.filter(agency=agency, year=year, statement=statement).first()
        if objective is None:
            objective = services.objective_create(
                agency=agency,
                actor=users["secretary"],
                year=year,
                statement=statement,
                indicator=indicator,
                source=source,
                comparison=comparison,
                target=Decimal(target),
                measure_unit=unit,
                frequency=frequency,
                owner=users.get(owner),
                work_plan_task="Kế hoạch cải cách hành chính năm",
            )
        objectives.append(objective)
        stored = set(objective.values.values_list("period_start", flat=True))
        for period, value in zip(started_periods(year, frequency, today), values, strict=False):
            if period.start not in stored:
                services.indicator_value_enter(
                    objective=objective,
                    period_start=period.start,
                    value=Decimal(value),
                    actor=users["secretary"],
                    note="Theo báo cáo của Bộ phận Một cửa",
                    today=today,
                )
    for index, title, owner, resources, days, evaluation in PLAN:
        objective = objectives[index]
        if not Action.objects.filter(**Action.source_filter(objective), title=title).exists():
            services.action_create(
                source=objective,
                actor=users["secretary"],
                title=title,
                owner=users.get(owner),
                resources=resources,
                due_on=objective_start(year) + timedelta(days=days),
                evaluation_method=evaluation,
            )
    say(f"  Mục tiêu chất lượng {year}: {len(objectives)} mục tiêu.")
    return objectives


def objective_start(year: int) -> date:
    return date(year, 1, 1)


def _load_context(agency, users, today) -> None:
    for kind, category, description, effect in CONTEXT_ISSUES:
        if not ContextIssue.objects.filter(agency=agency, description=description).exists():
            services.context_issue_create(
                agency=agency,
                actor=users["secretary"],
                kind=kind,
                category=category,
                description=description,
                effect=effect,
                reviewed_on=today - timedelta(days=200),
            )
    for name, category, requirements, monitoring in PARTIES:
        if not InterestedParty.objects.filter(agency=agency, name=name).exists():
            services.party_create(
                agency=agency,
                actor=users["secretary"],
                name=name,
                category=category,
                requirements=requirements,
                monitoring=monitoring,
                reviewed_on=today - timedelta(days=200),
            )


def _load_risks(agency, users, objectives, today) -> int:
    created = 0
    for kind, title, process, likelihood, impact, treatments, residual, close in RISKS:
        if Risk.objects.filter(agency=agency, title=title).exists():
            continue
        risk = services.risk_create(
            agency=agency,
            actor=users["secretary"],
            kind=kind,
            title=title,
            process=process,
            likelihood=likelihood,
            impact=impact,
            owner=users["unithead"],
            objective=objectives[0] if "trễ hạn" in title else None,
            review_on=today + timedelta(days=180),
        )
        created += 1
        for what, owner, days in treatments:
            action = services.risk_add_treatment(
                risk=risk,
                actor=users["secretary"],
                title=what,
                owner=users.get(owner),
                due_on=today + timedelta(days=days),
            )
            if residual:
                services.action_complete(
                    action=action, actor=users["secretary"], completion_note="Đã thực hiện xong"
                )
                services.action_verify(action=action, actor=users["leader"], is_effective=True)
        if residual:
            services.risk_evaluate(
                risk=risk,
                actor=users["secretary"],
                residual_likelihood=residual[0],
                residual_impact=residual[1],
                note="Đánh giá lại sau khi hoàn thành hành động xử lý",
                review_on=today + timedelta(days=180),
            )
        if close:
            services.risk_close(risk=risk, actor=users["secretary"], note="Rủi ro đã được kiểm soát")
    return created


def _at(day: date) -> datetime:
    """A moment in office hours of `day`: the demo replays feedback handled in the past."""
    return timezone.make_aware(datetime.combine(day, time(9)))


def _load_feedback(agency, users, today) -> int:
    handler_unit = Unit.objects.filter(agency=agency, name=HCTP).first()
    created = 0
    for kind, category, content, sender, days_ago, state, days_to_act in FEEDBACK:
        if Feedback.objects.filter(agency=agency, content=content).exists():
            continue
        received = today - timedelta(days=days_ago)
        feedback = services.feedback_submit(
            agency=agency,
            today=received,
            kind=kind,
            category=category,
            content=content,
            sender_name=sender,
            sender_phone="0912000000",
        )
        created += 1
        acted = received + timedelta(days=days_to_act)
        if state == "refused":
            services.feedback_refuse(
                feedback=feedback,
                actor=users["secretary"],
                at=_at(acted),
                reason=REFUSAL,
            )
        elif state in ("accepted", "answered"):
            services.feedback_accept(
                feedback=feedback,
                actor=users["secretary"],
                handler=users["unithead"],
                unit=handler_unit,
                at=_at(acted),
            )
        if state == "answered":
            services.feedback_reply(
                feedback=feedback,
                actor=users["unithead"],
                at=_at(acted + timedelta(days=days_to_act * 2)),
                reply=REPLY,
            )
    return created


def load(say) -> None:
    agency = demo_agency()
    users = _users()
    if agency is None or "secretary" not in users:
        say("  Chưa có cơ quan và người dùng mẫu: bỏ qua dữ liệu chất lượng mẫu.")
        return
    today = timezone.localdate()
    year = today.year
    objectives = _load_objectives(agency, users, year, today, say)
    _load_context(agency, users, today)
    risks = _load_risks(agency, users, objectives, today)
    feedback = _load_feedback(agency, users, today)
    computed = services.indicators_recalculate_all(today=today, year=year, agency=agency)
    say(f"  Rủi ro và cơ hội: {risks} thêm mới; phản ánh: {feedback} thêm mới.")
    say(f"  Chỉ số tự động: {computed} giá trị được tính.")

    second = second_agency()
    if second is not None and "secretary2" in users:
        statement = "100% văn bản đến được xử lý đúng hạn"
        if not QualityObjective.objects.filter(agency=second, year=year, statement=statement).exists():
            services.objective_create(
                agency=second,
                actor=users["secretary2"],
                year=year,
                statement=statement,
                indicator="Tỷ lệ văn bản đến xử lý đúng hạn",
                source="manual",
                comparison="ge",
                target=Decimal("100"),
                measure_unit="%",
                frequency="yearly",
            )
