"""Demo data of the province's oversight: the default criteria set, this year's rollout plan,
last year's inspections (decided, scored and concluded, follow-ups overdue), budget and training,
the last six months' report issued and a draft of the current one. Idempotent: each part is
skipped when it exists already. Goes through the services."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from eiso.accounts.models import Membership, User
from eiso.core.numbers import number_text
from eiso.orgs.demo import demo_agency, demo_communes, demo_province, second_agency
from eiso.orgs.models import Agency
from eiso.oversight import services
from eiso.oversight.models import (
    BudgetLine,
    CriteriaSet,
    Inspection,
    InspectionPlan,
    PlanEntry,
    Report,
    RolloutPlan,
    TrainingAttendance,
    TrainingSession,
)
from eiso.oversight.scoring import DEFAULT_SET_NAME
from eiso.oversight.services.inspections import leaf_criteria
from eiso.quality import services as quality_services
from eiso.quality.models import QualityObjective

PILOTS = {"SKHCN", "SCT", "SXD"}
CONVERTING = {"STC", "BQLKKT"}

DIRECTION = "\n".join(
    [
        "Tham mưu UBND tỉnh ban hành Kế hoạch triển khai xây dựng, áp dụng, duy trì và cải tiến HTQLCL "
        "theo TCVN ISO 9001 năm {year}.",
        "Tổ chức hội nghị hướng dẫn xây dựng HTQLCL cho các xã, phường xây dựng mới "
        "và tập huấn chuyển đổi cho các sở.",
        "Tổng hợp đăng ký kế hoạch của các cơ quan; theo dõi, đôn đốc và hỗ trợ các cơ quan thực hiện.",
    ]
)
STRENGTHS = "\n".join(
    [
        "Các cơ quan cơ bản tuân thủ kế hoạch của UBND tỉnh; nhận thức của lãnh đạo và cán bộ về HTQLCL "
        "có chuyển biến tích cực.",
        "Việc theo dõi tiến độ, cập nhật văn bản pháp luật và chấm điểm trên eISO "
        "giúp tổng hợp số liệu kịp thời.",
    ]
)
WEAKNESSES = "\n".join(
    [
        "Ban chỉ đạo ISO của một số đơn vị hoạt động chưa hiệu quả; đánh giá nội bộ còn hình thức.",
        "Quy định về thủ tục hành chính thay đổi thường xuyên, việc cập nhật vào hệ thống tại một số cơ quan "
        "còn chậm.",
    ]
)
NEXT_PLAN = "\n".join(
    [
        "Xây dựng kế hoạch và tổ chức kiểm tra việc áp dụng HTQLCL tại các cơ quan "
        "(hoàn thành trước tháng 11).",
        "Đôn đốc các cơ quan xây dựng mới, chuyển đổi bảo đảm công bố trước 30/9.",
    ]
)
RECOMMENDATIONS = (
    """Đề nghị UBND tỉnh bố trí kinh phí duy trì, cải tiến HTQLCL cho các xã, phường sau sắp xếp."""
)


def _track(agency: Agency) -> str:
    if agency.kind == Agency.Kind.COMMUNE:
        return PlanEntry.Track.BUILD_NEW
    if agency.short_name in PILOTS:
        return PlanEntry.Track.PILOT_EISO
    if agency.short_name in CONVERTING:
        return PlanEntry.Track.CONVERT
    return PlanEntry.Track.MAINTAIN


def _plan(province, coordinator, year: int, today: date, say) -> None:
    if RolloutPlan.objects.filter(province=province, year=year).exists():
        return
    plan = services.plan_create(
        province=province,
        year=year,
        actor=coordinator,
        number="45/KH-SKHCN",
        title=f"Kế hoạch xây dựng, áp dụng, duy trì và cải tiến HTQLCL năm {year}",
    )
    agencies = list(Agency.objects.filter(province=province, kind=Agency.Kind.DEPARTMENT).active())
    agencies += demo_communes()[:10]
    for index, agency in enumerate(agencies):
        track = _track(agency)
        entry = services.entry_save(
            plan=plan,
            agency=agency,
            track=track,
            actor=coordinator,
            consultant="Trung tâm Tư vấn ISO miền Trung" if track != PlanEntry.Track.MAINTAIN else "",
            budget_line="Ngân sách tỉnh — sự nghiệp khoa học"
            if track != PlanEntry.Track.MAINTAIN
            else "Kinh phí thường xuyên",
            budget_amount=Decimal(60_000_000 if track == PlanEntry.Track.BUILD_NEW else 30_000_000),
        )
        if track in (PlanEntry.Track.BUILD_NEW, PlanEntry.Track.CONVERT):
            services.milestone_add(
                entry=entry, title="Công bố HTQLCL", due_on=date(year, 9, 30), actor=coordinator
            )
            early = services.milestone_add(
                entry=entry, title="Ban hành hệ thống tài liệu", due_on=date(year, 6, 30), actor=coordinator
            )
            if index % 3 == 0 and early.due_on <= today:
                services.milestone_complete(milestone=early, done_on=date(year, 6, 20), actor=coordinator)
        stage = [PlanEntry.Stage.PREPARING, PlanEntry.Stage.DOCUMENTING, PlanEntry.Stage.APPLYING][index % 3]
        if track == PlanEntry.Track.MAINTAIN:
            stage = PlanEntry.Stage.ANNOUNCED
        services.entry_report_progress(
            entry=entry,
            stage=stage,
            progress_percent=[20, 45, 70][index % 3],
            progress_note="Đang thực hiện theo kế hoạch.",
            today=today,
            actor=coordinator,
        )
    services.plan_approve(plan=plan, approved_on=date(year, 1, 20), actor=coordinator)
    say(f"  kế hoạch triển khai năm {year}: {len(agencies)} cơ quan")


def _score_everything(inspection: Inspection, coordinator, seed: int) -> None:
    scored = set(inspection.scores.filter(points__isnull=False).values_list("criterion_id", flat=True))
    for position, criterion in enumerate(leaf_criteria(inspection.criteria_set)):
        if criterion.pk in scored:
            continue
        share = Decimal([100, 80, 60, 90, 70][(seed + position) % 5]) / 100
        services.inspection_score(
            inspection=inspection,
            criterion=criterion,
            actor=coordinator,
            points=(criterion.max_points * share).quantize(Decimal("0.5")),
            evidence="Đoàn kiểm tra xem xét hồ sơ, phỏng vấn cán bộ.",
        )


def _inspections(province, coordinator, criteria_set, year: int, today: date, say) -> None:
    if InspectionPlan.objects.filter(province=province, year=year).exists():
        return
    plan = services.inspection_plan_create(
        province=province, year=year, actor=coordinator, number="12/KH-SKHCN"
    )
    services.inspection_plan_propose(
        plan=plan,
        actor=coordinator,
        today=date(year, 3, 1),
        inspecting_unit="Phòng Tiêu chuẩn Đo lường Chất lượng",
        cooperating_unit="Sở Nội vụ",
    )
    services.inspection_plan_approve(plan=plan, approved_on=date(year, 3, 15), actor=coordinator)
    services.inspection_plan_update(plan=plan, actor=coordinator, signer_name="Nguyễn Văn Minh")
    chosen = [agency for agency in (demo_agency(), second_agency()) if agency is not None]
    # Two more visited on site and two inspected through documents, whose paperwork differs.
    others = plan.inspections.select_related("agency").exclude(agency__in=chosen)
    for form in (Inspection.Form.ON_SITE, Inspection.Form.DOCUMENTS):
        chosen += [inspection.agency for inspection in others.filter(form=form)[:2]]
    for seed, agency in enumerate(chosen):
        inspection = plan.inspections.get(agency=agency)
        day = date(year, 10, 5 + seed)
        # On site: the decision (Mẫu 20), then the minutes (Mẫu 21). Through documents: the request
        # to report (Điều 35), then the written request that ends the inspection (Điều 37).
        if inspection.is_on_site:
            paperwork = {
                "decision_number": f"{20 + seed}/QĐ-SKHCN",
                "decided_on": date(year, 9, 25),
                "agency_representative": f"{REPRESENTATIVES[seed % len(REPRESENTATIVES)]}, {HEAD}",
            }
            ending = {"minutes_number": f"{seed + 1:02d}/BB-ĐKT", "minutes_signed_on": day}
        else:
            paperwork = {
                "report_request_number": f"{150 + seed}/SKHCN-TĐC",
                "report_requested_on": date(year, 9, 10),
                "report_due_on": date(year, 9, 30),
            }
            ending = {
                "result_letter_number": f"{180 + seed}/SKHCN-TĐC",
                "result_letter_on": date(year, 10, 20),
            }
        services.inspection_update(
            inspection=inspection,
            actor=coordinator,
            criteria_set=criteria_set,
            planned_on=day,
            team=TEAM,
            **paperwork,
        )
        services.inspection_start(inspection=inspection, inspected_on=day, actor=coordinator, today=day)
        _score_everything(inspection, coordinator, seed)
        services.inspection_conclude(
            inspection=inspection,
            actor=coordinator,
            conclusion="Cơ quan duy trì HTQLCL phù hợp tiêu chuẩn đang áp dụng; "
            "cần khắc phục các tồn tại đoàn đã nêu.",
            **ending,
        )
        services.follow_up_add(
            inspection=inspection,
            actor=coordinator,
            today=today,
            request="Cập nhật các quy trình theo văn bản pháp luật mới và báo cáo kết quả khắc phục.",
        )
    say(f"  kế hoạch kiểm tra năm {year}: {plan.inspections.count()} cơ quan, {len(chosen)} cuộc đã kết luận")


TEAM = "\n".join(
    [
        "Ông Nguyễn Văn Minh, Phó Giám đốc Sở Khoa học và Công nghệ — Trưởng đoàn",
        "Bà Trần Thị Hoa, Trưởng phòng Tiêu chuẩn Đo lường Chất lượng — Thành viên",
        "Ông Lê Đức Long, chuyên viên Phòng Tiêu chuẩn Đo lường Chất lượng — Thư ký",
    ]
)
HEAD = "Thủ trưởng cơ quan"
REPRESENTATIVES = [
    "Phan Văn Hải",
    "Hoàng Thị Thu",
    "Đặng Quốc Việt",
    "Võ Thị Hằng",
    "Bùi Minh Tâm",
    "Lê Văn Sơn",
]

TRAININGS = [
    (
        "Tập huấn chuyển đổi HTQLCL sang phiên bản mới của TCVN ISO 9001",
        3,
        15,
        "ThS. Nguyễn Thị Hà — Chi cục TĐC",
        "Hội trường Sở KH&CN",
    ),
    ("Đào tạo chuyên gia đánh giá nội bộ", 5, 20, "Trung tâm Tư vấn ISO miền Trung", "Trường Chính trị tỉnh"),
    ("Hướng dẫn áp dụng ISO điện tử trên eISO", 8, 12, "Phòng Tiêu chuẩn Đo lường Chất lượng", "Trực tuyến"),
]
PEOPLE = ["Nguyễn Thị Hương", "Trần Văn Bình", "Lê Thị Mai", "Phạm Quốc Tuấn"]


def _budget_and_training(province, coordinator, year: int, say) -> None:
    agencies = list(Agency.objects.filter(province=province, kind=Agency.Kind.DEPARTMENT).active()[:6])
    agencies += demo_communes()[:4]
    if not BudgetLine.objects.filter(agency__province=province, year=year).exists():
        for index, agency in enumerate(agencies):
            purpose = _track_purpose(_track(agency))
            planned = 60_000_000 if agency.kind == Agency.Kind.COMMUNE else 150_000_000
            approved = planned - (index % 3) * 10_000_000
            services.budget_line_save(
                agency=agency,
                actor=coordinator,
                year=year,
                purpose=purpose,
                planned=planned,
                approved=approved,
                spent=approved // (index % 4 + 1),
                source="QĐ 1234/QĐ-UBND giao dự toán ngân sách" if index % 2 else "Kinh phí thường xuyên",
                note="",
            )
        say(f"  kinh phí năm {year}: {len(agencies)} cơ quan")
    if not TrainingSession.objects.filter(province=province, held_on__year=year).exists():
        for position, (topic, month, day, trainer, place) in enumerate(TRAININGS):
            session = services.training_session_create(
                province=province,
                topic=topic,
                held_on=date(year, month, day),
                trainer=trainer,
                place=place,
                actor=coordinator,
            )
            # The demo agency's own people attend by name (_demo_agency_attends), nobody else for it.
            others = [agency for agency in agencies if agency != demo_agency()]
            for offset, agency in enumerate(others[position::2]):
                services.training_attendee_add(
                    session=session,
                    agency=agency,
                    person_name=PEOPLE[(offset + position) % len(PEOPLE)],
                    position="Thư ký ISO" if offset % 2 == 0 else "Chuyên viên",
                    has_certificate=position == 1,
                    actor=coordinator,
                )
            _demo_agency_attends(session, position, coordinator)
    sessions = TrainingSession.objects.filter(province=province, held_on__year=year)
    attendances = TrainingAttendance.objects.filter(session__in=sessions)
    say(
        f"  {sessions.count()} lớp đào tạo ISO năm {year}: {attendances.count()} lượt học viên của "
        f"{attendances.values('agency').distinct().count()} cơ quan"
    )
    _record_training_objective(year, say)


# Who of the demo agency (Sở Tư pháp) attends each of the TRAININGS, by login: its people by their
# real names, so that the province's training list, the agency's page and the agency's objective
# "100% cán bộ, công chức được tập huấn" count the same people. The leader has not been trained yet.
DEMO_AGENCY_ATTENDEES = [["secretary", "unithead"], ["auditor"], ["staff", "officer"]]
TRAINING_OBJECTIVE = "100% cán bộ, công chức được tập huấn về hệ thống quản lý chất lượng"


def _demo_agency_attends(session, position: int, coordinator) -> None:
    agency = demo_agency()
    if agency is None:
        return
    for user in User.objects.filter(username__in=DEMO_AGENCY_ATTENDEES[position]):
        services.training_attendee_add(
            session=session,
            agency=agency,
            person_name=user.full_name,
            position=user.position,
            has_certificate=position == 1,
            actor=coordinator,
        )


def _record_training_objective(year: int, say) -> None:
    """The demo agency's yearly training objective, measured from the attendance lists: the share
    of its people (active members in eISO) who attended a training this year."""
    agency = demo_agency()
    secretary = User.objects.filter(username="secretary").first()
    objective = QualityObjective.objects.filter(
        agency=agency, year=year, statement=TRAINING_OBJECTIVE
    ).first()
    if agency is None or secretary is None or objective is None or objective.values.exists():
        return
    people = {
        " ".join(name.split()).casefold()
        for name in Membership.objects.filter(agency=agency, is_active=True).values_list(
            "user__full_name", flat=True
        )
    }
    trained = {
        name.casefold()
        for name in TrainingAttendance.objects.filter(agency=agency, session__held_on__year=year).values_list(
            "person_name", flat=True
        )
    } & people
    share = (Decimal(len(trained) * 100) / len(people)).quantize(Decimal("0.1"))
    quality_services.indicator_value_enter(
        objective=objective,
        period_start=date(year, 1, 1),
        value=share,
        actor=secretary,
        note=f"{len(trained)}/{len(people)} cán bộ, công chức của Sở đã dự lớp đào tạo, tập huấn của tỉnh.",
    )
    say(
        f"  {agency.name}: {len(trained)}/{len(people)} người đã được tập huấn "
        f"({number_text(share)} %, mục tiêu chất lượng đo từ danh sách lớp)"
    )


def _track_purpose(track: str) -> str:
    return {
        PlanEntry.Track.BUILD_NEW: BudgetLine.Purpose.CONSULTANCY,
        PlanEntry.Track.CONVERT: BudgetLine.Purpose.CONVERSION,
        PlanEntry.Track.PILOT_EISO: BudgetLine.Purpose.EISO,
    }.get(track, BudgetLine.Purpose.MAINTENANCE)


def load(say) -> None:
    province = demo_province()
    coordinator = User.objects.filter(username="coordinator").first()
    if province is None or coordinator is None:
        say("  bỏ qua: chưa có tỉnh mẫu hoặc tài khoản coordinator")
        return
    coordinator.forget_permissions_cache()
    today = timezone.localdate()
    criteria_set = (
        CriteriaSet.objects.filter(province=province, name=DEFAULT_SET_NAME).order_by("-version").first()
    )
    if criteria_set is None:
        criteria_set = services.criteria_set_install_default(province=province, actor=coordinator)
        say("  bộ tiêu chí mặc định")
    _plan(province, coordinator, today.year, today, say)
    _inspections(province, coordinator, criteria_set, today.year - 1, today, say)
    _budget_and_training(province, coordinator, today.year, say)
    _reports(province, coordinator, today, say)


REPORT_TEXT = {
    "place": "Hà Tĩnh",
    "signer_name": "Nguyễn Văn Minh",
    "recipients": "\n".join(
        [
            "UBND tỉnh (để b/c);",
            "Bộ Khoa học và Công nghệ (để b/c);",
            "Giám đốc, các PGĐ Sở;",
            "Lưu: VT, TĐC.",
        ]
    ),
    "strengths": STRENGTHS,
    "weaknesses": WEAKNESSES,
    "next_plan": NEXT_PLAN,
    "recommendations": RECOMMENDATIONS,
}


def _reports(province, coordinator, today: date, say) -> None:
    """The last six months' report, issued, and a draft of the current six months'."""
    half = 1 if today.month <= 6 else 2
    issued_year, issued_half = (today.year, 1) if half == 2 else (today.year - 1, 2)
    issued_on = date(issued_year, 6, 15) if issued_half == 1 else date(issued_year, 12, 10)
    if not Report.objects.filter(
        province=province, kind=Report.Kind.SIX_MONTH, year=issued_year, half=issued_half
    ).exists():
        report = services.report_create(
            province=province,
            kind=Report.Kind.SIX_MONTH,
            year=issued_year,
            half=issued_half,
            actor=coordinator,
            direction=DIRECTION.format(year=issued_year),
            **REPORT_TEXT,
        )
        services.report_request_generation(report=report, actor=coordinator)
        report = services.report_build(report=report, actor=coordinator, today=issued_on)
        if report.has_generation_failed:
            # Without Pango no PDF can be rendered: the demo still starts, with the report unissued.
            say(f"  chưa tạo được tệp báo cáo {report.period_label}: {report.error[:120]}")
        else:
            services.report_issue(
                report=report, number="566/BC-SKHCN", issued_on=issued_on, actor=coordinator
            )
            say(f"  báo cáo {report.period_label} đã ban hành (566/BC-SKHCN)")
    if not Report.objects.filter(
        province=province, kind=Report.Kind.SIX_MONTH, year=today.year, half=half
    ).exists():
        services.report_create(
            province=province,
            kind=Report.Kind.SIX_MONTH,
            year=today.year,
            half=half,
            actor=coordinator,
            direction=DIRECTION.format(year=today.year),
            **REPORT_TEXT,
        )
        say("  dự thảo báo cáo 6 tháng")
