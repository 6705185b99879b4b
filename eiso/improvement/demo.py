"""Demo data of the improvement app for the demo department (Sở Tư pháp): last year's programme
with a completed audit and its findings, nonconformities in different stages, last year's
management review with compiled inputs and outputs, the announcement of conformity, this
year's programme with a planned audit; one commune whose merger requires a re-announcement; and
the other departments' announcements, made years ago, which they now maintain.

Everything goes through the services with the demo users as actors, except the earlier
announcements of the commune and of the other departments, which stand for decisions taken
before eISO was in use. Idempotent:
rows are looked up by natural keys (year, title, code) before being created.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from eiso.accounts.models import User
from eiso.improvement import selectors, services
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview, Nonconformity, Schedule
from eiso.orgs.demo import demo_agency, demo_communes
from eiso.orgs.models import Agency, Unit
from eiso.quality import services as quality_services
from eiso.quality.models import Feedback

AUDIT_TITLE = "Đánh giá nội bộ HTQLCL năm {year}"
# (clause, result, evidence) of last year's audit; the other lines were conforming.
RESULTS = [
    (
        "7.5",
        "nc_minor",
        "Bộ phận một cửa còn dùng mẫu tờ khai đăng ký khai sinh bản năm 2019, "
        "chưa thu hồi khi ban hành bản mới.",
    ),
    ("8.7", "nc_minor", "3/20 hồ sơ chứng thực trễ hạn trong tháng 10 không có văn bản xin lỗi người dân."),
    ("9.1.2", "observation", "Phiếu khảo sát hài lòng chưa được tổng hợp theo quý."),
    ("10.3", "ofi", "Có thể gửi tin nhắn nhắc hẹn trả kết quả để giảm hồ sơ quá hạn nhận."),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _at(day: date) -> datetime:
    """A moment of the demo's past for a transition replayed on that day: 9 o'clock."""
    return timezone.make_aware(datetime.combine(day, time(9)))


def load(say) -> None:
    agency = demo_agency()
    users = {name: _user(name) for name in ("secretary", "leader", "staff", "unithead", "auditor")}
    if agency is None or None in users.values():
        say("  Chưa có cơ quan hoặc người dùng mẫu: bỏ qua dữ liệu cải tiến.")
        return
    today = timezone.localdate()
    last = today.year - 1
    audit = _last_year_audit(agency, users, last)
    _nonconformities(agency, users, audit, last, today)
    _review(agency, users, last)
    _announcement(agency, users, last, say)
    _this_year(agency, users, today)
    _late_dossier_proposals(agency, today, say)
    _calendar(agency, users, today)
    _commune(say)
    _departments(say)
    say("  Cải tiến: đánh giá nội bộ, điểm không phù hợp, xem xét của lãnh đạo và công bố mẫu đã sẵn sàng.")


def _last_year_audit(agency, users, year: int) -> InternalAudit:
    programme = selectors.programme_for(agency, year) or services.programme_create(
        agency=agency,
        actor=users["secretary"],
        year=year,
        objectives="Đánh giá toàn bộ các quy trình giải quyết TTHC ít nhất một lần trong năm.",
        risk_basis=(
            "Ưu tiên Phòng Hành chính tư pháp (nhiều hồ sơ trễ hạn và phản ánh năm trước), "
            "sau đó Văn phòng Sở."
        ),
    )
    if not programme.is_approved:
        services.programme_approve(programme=programme, actor=users["leader"], at=_at(date(year, 3, 2)))
    title = AUDIT_TITLE.format(year=year)
    audit = InternalAudit.objects.filter(programme=programme, title=title).first()
    if audit is not None:
        return audit
    units = list(Unit.objects.filter(agency=agency, name__in=["Phòng Hành chính tư pháp", "Văn phòng Sở"]))
    audit = services.audit_plan(
        programme=programme,
        actor=users["secretary"],
        title=title,
        scope="Các quy trình giải quyết TTHC tại Phòng Hành chính tư pháp và Bộ phận Một cửa (Văn phòng Sở).",
        planned_start_on=date(year, 10, 14),
        planned_end_on=date(year, 10, 16),
        lead_auditor=users["auditor"],
        units=units,
    )
    services.audit_start(audit=audit, actor=users["auditor"])
    hctp = next((u for u in units if u.name == "Phòng Hành chính tư pháp"), None)
    for clause, result, evidence in RESULTS:
        line = audit.lines.filter(clause=clause, reference="iso").first()
        services.checklist_line_record(
            line=line,
            actor=users["auditor"],
            result=result,
            evidence_text=evidence,
            unit=hctp,
            today=date(year, 10, 15),
        )
    for line in audit.lines.filter(result="pending"):
        services.checklist_line_record(
            line=line, actor=users["auditor"], result="conforming", today=date(year, 10, 15)
        )
    services.audit_issue_report(
        audit=audit,
        actor=users["auditor"],
        report_number="45/BC-ĐGNB",
        summary=(
            "Đánh giá 49 câu hỏi; hệ thống được duy trì, "
            "có 2 điểm không phù hợp nhẹ, 1 điểm lưu ý, 1 cơ hội cải tiến."
        ),
        conclusions=(
            "HTQLCL phù hợp và được áp dụng có hiệu lực; "
            "cần khắc phục kiểm soát biểu mẫu và xin lỗi khi trễ hạn."
        ),
        at=_at(date(year, 10, 20)),
    )
    services.audit_acknowledge(audit=audit, actor=users["leader"], at=_at(date(year, 10, 22)))
    return audit


def _analyse(nc, users, why: list[str], root: str) -> None:
    services.nonconformity_analyse(
        nonconformity=nc,
        actor=users["secretary"],
        cause_method="five_whys",
        analysis=why,
        root_cause=root,
        correction="Đã xử lý ngay trường hợp phát hiện.",
    )


def _nonconformities(agency, users, audit, year: int, today: date) -> None:
    findings = {f.clause: f for f in audit.findings.select_related("nonconformity")}
    closed = findings["7.5"].nonconformity
    if closed.status == Nonconformity.Status.RECORDED:
        _analyse(
            closed,
            users,
            ["Mẫu cũ còn trong tủ hồ sơ của bộ phận một cửa", "Khi ban hành mẫu mới không thu hồi bản giấy"],
            "Quy trình kiểm soát tài liệu chưa có bước thu hồi bản giấy hết hiệu lực.",
        )
        action = services.nonconformity_add_action(
            nonconformity=closed,
            actor=users["secretary"],
            title="Bổ sung bước thu hồi bản giấy vào QT kiểm soát tài liệu",
            due_on=date(year, 11, 15),
            owner=users["staff"],
        )
        services.nonconformity_plan(
            nonconformity=closed,
            actor=users["secretary"],
            effectiveness_check_on=date(year, 12, 10),
            effectiveness_criteria="Kiểm tra bộ phận một cửa: không còn biểu mẫu hết hiệu lực.",
        )
        services.nonconformity_start(nonconformity=closed, actor=users["secretary"])
        quality_services.action_complete(
            action=action,
            actor=users["staff"],
            completion_note="Đã sửa quy trình, thu hồi 2 mẫu cũ.",
            completed_on=date(year, 11, 10),
        )
        services.nonconformity_request_check(nonconformity=closed, actor=users["secretary"])
        services.nonconformity_check_effectiveness(
            nonconformity=closed,
            actor=users["secretary"],
            is_effective=True,
            at=_at(date(year, 12, 10)),
            result="Kiểm tra ngày 10/12: không còn biểu mẫu hết hiệu lực tại bộ phận một cửa.",
        )
        services.nonconformity_close(
            nonconformity=closed, actor=users["secretary"], at=_at(date(year, 12, 10))
        )

    running = findings["8.7"].nonconformity
    if running.status == Nonconformity.Status.RECORDED:
        _analyse(
            running,
            users,
            ["Cán bộ không biết hồ sơ sắp trễ", "Phần mềm một cửa không cảnh báo trước hạn"],
            "Chưa có cơ chế cảnh báo hồ sơ sắp đến hạn cho cán bộ xử lý.",
        )
        services.nonconformity_add_action(
            nonconformity=running,
            actor=users["secretary"],
            title="Lập danh sách hồ sơ sắp đến hạn gửi trưởng phòng hằng ngày",
            due_on=date(year, 12, 31),
            owner=users["unithead"],
        )
        services.nonconformity_add_action(
            nonconformity=running,
            actor=users["secretary"],
            title="Tập huấn quy định xin lỗi khi trễ hạn",
            due_on=date(today.year, 3, 31) if today >= date(today.year, 4, 1) else date(year, 12, 31),
            owner=users["staff"],
        )
        services.nonconformity_plan(
            nonconformity=running,
            actor=users["secretary"],
            effectiveness_check_on=date(today.year, 6, 30),
            effectiveness_criteria="Không có hồ sơ trễ hạn thiếu văn bản xin lỗi trong 3 tháng liên tiếp.",
        )
        services.nonconformity_start(nonconformity=running, actor=users["secretary"])

    complaint = Feedback.objects.filter(agency=agency).order_by("received_on").first()
    title = "Người dân phản ánh hẹn trả kết quả không đúng ngày"
    if not Nonconformity.objects.filter(agency=agency, title=title).exists():
        nc = services.nonconformity_record(
            agency=agency,
            actor=users["secretary"],
            source="complaint",
            title=title,
            feedback=complaint,
            description=(
                "Giấy hẹn ghi ngày trả kết quả rơi vào ngày nghỉ bù, "
                "người dân đến nhưng không nhận được kết quả."
            ),
            detected_on=complaint.received_on if complaint else today,
        )
        _analyse(
            nc,
            users,
            ["Ngày hẹn tính tay", "Lịch nghỉ bù chưa cập nhật vào bảng tính của bộ phận một cửa"],
            "Ngày hẹn trả được tính thủ công, không dùng lịch làm việc chung.",
        )

    title = "Sổ theo dõi hồ sơ lưu của Phòng Hành chính tư pháp thiếu thời hạn lưu"
    if not Nonconformity.objects.filter(agency=agency, title=title).exists():
        services.nonconformity_record(
            agency=agency,
            actor=users["secretary"],
            source="other",
            title=title,
            clause="7.5",
            description="Danh mục hồ sơ lưu năm nay không ghi thời hạn lưu trữ của 4 loại hồ sơ.",
            detected_on=today,
        )


def _review(agency, users, year: int) -> None:
    title = f"Xem xét của lãnh đạo năm {year}"
    if ManagementReview.objects.filter(agency=agency, title=title).exists():
        return
    review = services.review_plan(
        agency=agency,
        actor=users["secretary"],
        title=title,
        period_start=date(year, 1, 1),
        period_end=date(year, 11, 30),
        planned_on=date(year, 12, 15),
        chair=users["leader"],
        location="Phòng họp Sở Tư pháp",
    )
    services.review_hold(
        review=review,
        actor=users["leader"],
        held_on=date(year, 12, 15),
        minutes_number="12/BB-STP",
        participants="Giám đốc Sở (chủ trì); Thư ký ISO; trưởng các phòng; đánh giá viên nội bộ.",
        conclusions=(
            "HTQLCL phù hợp, có hiệu lực. "
            "Giao bổ sung cảnh báo hồ sơ sắp đến hạn và khảo sát hài lòng theo quý."
        ),
        notes={
            "providers": "Bưu điện tỉnh thực hiện trả kết quả qua bưu chính đúng cam kết.",
            "resources": "Bộ phận một cửa cần thêm 01 máy quét.",
        },
    )
    services.review_add_output(
        review=review,
        actor=users["secretary"],
        title="Trang bị thêm 01 máy quét cho bộ phận một cửa",
        due_on=date(year + 1, 3, 31),
        owner=users["secretary"],
    )
    services.review_add_output(
        review=review,
        actor=users["secretary"],
        title="Tổng hợp khảo sát hài lòng theo quý",
        due_on=date(year + 1, 4, 10),
        owner=users["staff"],
    )


def _announcement(agency, users, year: int, say) -> None:
    if Announcement.objects.filter(agency=agency).exclude(status=Announcement.Status.DRAFT).exists():
        return
    lifecycle = selectors.lifecycle_for(agency)
    if not lifecycle.internal_activities:
        services.lifecycle_update(
            agency=agency,
            actor=users["secretary"],
            internal_activities="Quản lý văn bản đi, đến; tiếp công dân.",
        )
    if lifecycle.effectiveness_confirmed_on is None:
        services.lifecycle_confirm_effectiveness(
            agency=agency, actor=users["leader"], today=date(year, 12, 18)
        )
    missing = selectors.announcement_missing(agency, on=date(year, 12, 20))
    if missing:
        say("  Chưa công bố được HTQLCL mẫu: " + " ".join(missing))
        return
    draft = services.announcement_prepare(
        agency=agency, actor=users["secretary"], signer_name="Hoàng Văn Minh"
    )
    announcement = services.announcement_announce(
        announcement=draft,
        actor=users["secretary"],
        number="215/QĐ-STP",
        decided_on=date(year, 12, 20),
        signer_name="Hoàng Văn Minh",
        signer_position="Giám đốc",
        at=_at(date(year, 12, 20)),
    )
    services.announcement_record_notices(
        announcement=announcement,
        actor=users["secretary"],
        notice_reference="1520/STP-VP",
        notice_sent_on=date(year, 12, 22),
        posted_at_office_on=date(year, 12, 22),
        website_url="https://sotuphap.hatinh.gov.vn/he-thong-quan-ly-chat-luong",
        posted_on_website_on=date(year, 12, 23),
    )


def _this_year(agency, users, today: date) -> None:
    programme = selectors.programme_for(agency, today.year) or services.programme_create(
        agency=agency,
        actor=users["secretary"],
        year=today.year,
        objectives="Đánh giá các quy trình có hồ sơ trễ hạn và các điểm không phù hợp chưa đóng.",
        risk_basis="Phòng Hành chính tư pháp còn điểm không phù hợp về xin lỗi khi trễ hạn: đánh giá trước.",
    )
    if not programme.is_approved:  # audits are planned only under an approved programme
        services.programme_approve(programme=programme, actor=users["leader"])
    title = AUDIT_TITLE.format(year=today.year)
    if InternalAudit.objects.filter(programme=programme, title=title).exists():
        return
    units = list(Unit.objects.filter(agency=agency, name="Phòng Hành chính tư pháp"))
    start = max(today, date(today.year, 12, 1)) if today.month < 12 else today
    services.audit_plan(
        programme=programme,
        actor=users["secretary"],
        title=title,
        scope="Phòng Hành chính tư pháp; theo dõi hiệu lực khắc phục.",
        planned_start_on=start,
        planned_end_on=start,
        lead_auditor=users["auditor"],
        units=units,
    )


def _calendar(agency, users, today: date) -> None:
    """Recurring obligations with no other source, on the QMS calendar: the yearly check of the
    announcement, overdue, and the ISO training, due in three weeks."""
    rows = [
        (Schedule.Kind.ANNOUNCEMENT_CHECK, "Rà soát phạm vi công bố HTQLCL hằng năm", "secretary", -20),
        (Schedule.Kind.TRAINING, "Tập huấn nhận thức ISO cho công chức mới", "unithead", 21),
    ]
    for kind, title, owner, days in rows:
        if Schedule.objects.filter(agency=agency, title=title).exists():
            continue
        services.schedule_create(
            agency=agency,
            actor=users["secretary"],
            kind=kind,
            title=title,
            owner=users[owner],
            interval_months=12,
            next_due_on=today + timedelta(days=days),
        )


def _late_dossier_proposals(agency, today: date, say) -> None:
    """Run the late-dossier rule over the last full quarter of the demo dossiers."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    start = date(end.year, end.month - 2, 1)
    counts = selectors.late_counts(agency=agency, period_start=start, period_end=end)
    if counts is None:
        say("  Chưa có số liệu hồ sơ: bỏ qua đề xuất từ hồ sơ trễ hạn.")
        return
    created = services.late_dossier_proposals(
        agency=agency, period_start=start, period_end=end, threshold=5, counts=counts
    )
    say(f"  Quy tắc hồ sơ trễ hạn: {len(created)} đề xuất mới.")


def _commune(say) -> None:
    communes = demo_communes()
    if not communes:
        return
    commune = communes[0]
    if not Announcement.objects.filter(agency=commune).exists():
        Announcement.objects.create(
            agency=commune,
            kind=Announcement.Kind.FIRST,
            status=Announcement.Status.ANNOUNCED,
            number="08/QĐ-UBND",
            decided_on=date(2024, 6, 12),
            signer_name="Chủ tịch UBND xã",
            signer_position="Chủ tịch",
            scope={
                "processes": [],
                "internal_activities": "Giải quyết TTHC thuộc thẩm quyền UBND xã (trước sáp nhập).",
            },
        )
    lifecycle = services.lifecycle_get_or_create(agency=commune)
    if lifecycle.stage == lifecycle.Stage.BUILD:
        lifecycle.stage = lifecycle.Stage.MAINTAIN
        lifecycle.save(update_fields=["stage", "updated_at"])
    services.lifecycle_check_scope(
        agency=commune,
        reason=(
            "Sắp xếp đơn vị hành chính cấp xã từ 01/07/2025: "
            "xã mới tiếp nhận thêm TTHC của các xã cũ, phạm vi thay đổi."
        ),
    )
    say(f"  {commune.name}: cần công bố lại HTQLCL sau sáp nhập.")


def _notices(decided_on: date, reference: str, *, on_website: bool) -> dict:
    """The notice to the Sở KH&CN and the postings that followed a decision (QĐ 19/2014 Điều 4.3);
    some departments never dated the posting on their website (the 2.c score then says so)."""
    notices = {
        "notice_reference": reference,
        "notice_sent_on": decided_on + timedelta(days=3),
        "posted_at_office_on": decided_on + timedelta(days=3),
    }
    if on_website:
        notices["posted_on_website_on"] = decided_on + timedelta(days=5)
    return notices


DIRECTORS = ["Trần Văn Hùng", "Nguyễn Thị Thanh", "Lê Quang Huy", "Phạm Đức Thắng", "Võ Thị Ngọc"]


def _departments(say) -> None:
    """Every other department announced its QMS before eISO (QĐ 19/2014 made it mandatory) and
    now maintains it; the decisions are recorded as they were taken, not replayed."""
    demo = demo_agency()
    departments = Agency.objects.filter(province=demo.province, kind=Agency.Kind.DEPARTMENT).active()
    added = 0
    for index, agency in enumerate(departments.exclude(pk=demo.pk).order_by("identifier_code")):
        if Announcement.objects.filter(agency=agency).exists():
            continue
        decided_on = date(2019 + index % 5, 3 + index % 9, 10 + index % 15)
        Announcement.objects.create(
            agency=agency,
            kind=Announcement.Kind.FIRST,
            status=Announcement.Status.ANNOUNCED,
            number=f"{30 + index}/QĐ-{agency.short_name or 'SO'}",
            decided_on=decided_on,
            signer_name=DIRECTORS[index % len(DIRECTORS)],
            signer_position="Giám đốc",
            scope={"processes": [], "internal_activities": "Giải quyết TTHC thuộc thẩm quyền của Sở."},
            **_notices(
                decided_on, f"{120 + index}/{agency.short_name or 'SO'}-VP", on_website=index % 4 != 3
            ),
        )
        lifecycle = services.lifecycle_get_or_create(agency=agency)
        if lifecycle.stage == lifecycle.Stage.BUILD:
            lifecycle.stage = lifecycle.Stage.MAINTAIN
            lifecycle.save(update_fields=["stage", "updated_at"])
        added += 1
    if added:
        say(f"  {added} sở khác: quyết định công bố HTQLCL trước khi dùng eISO, đang duy trì.")
