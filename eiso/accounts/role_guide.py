"""The home-page card that tells each role what eISO offers them and where to start.

Entries point at pages by URL name, with the query string of the list's filter when the entry
names a part of a list ("Tài liệu chờ phê duyệt" opens the documents with a version in review, and
the list shows that filter as a removable chip); a module not installed yet shows as "sắp triển
khai" instead of a broken link, so the card stays truthful while the product grows.
"""

from django.urls import NoReverseMatch, reverse

from eiso.core.registry import DashboardCard, register_card
from eiso.core.roles import Role

GUIDE: dict[str, list[tuple[str, str]]] = {
    Role.SECRETARY: [
        ("Kiểm soát tài liệu của hệ thống", "documents:document_list"),
        ("Văn bản pháp luật áp dụng", "documents:legal_list"),
        ("Quy trình ISO cho từng TTHC", "procedures:process_list"),
        ("Mục tiêu chất lượng", "quality:objective_list"),
        ("Rủi ro và cơ hội", "quality:risk_list"),
        ("Đánh giá nội bộ", "improvement:audit_list"),
        ("Hành động khắc phục", "improvement:nonconformity_list"),
        ("Xem xét của lãnh đạo", "improvement:review_list"),
    ],
    Role.LEADER: [
        ("Tài liệu chờ phê duyệt", "documents:document_list?version_status=in_review"),
        ("Mục tiêu chất lượng", "quality:objective_list"),
        ("Xem xét của lãnh đạo", "improvement:review_list"),
        ("Công bố hệ thống quản lý chất lượng", "improvement:announcement_list"),
    ],
    Role.STAFF: [
        ("Tài liệu cần đọc", "documents:document_list?can_doc=1"),
        ("Hồ sơ TTHC được giao", "dossiers:dossier_list?giao=toi"),
    ],
    Role.ONE_STOP_OFFICER: [
        ("Tiếp nhận hồ sơ", "dossiers:dossier_receive"),
        ("Hồ sơ đang giải quyết", "dossiers:dossier_list?status=open"),
        ("Thủ tục hành chính", "procedures:procedure_list"),
    ],
    Role.AUDITOR: [
        ("Chương trình đánh giá nội bộ", "improvement:audit_list"),
        ("Điểm không phù hợp", "improvement:nonconformity_list"),
    ],
    Role.COORDINATOR: [
        ("Danh sách cơ quan trong tỉnh", "orgs:agency_list"),
        ("Văn bản pháp luật", "documents:legal_list"),
        ("Quy trình mẫu", "procedures:template_list"),
        ("Kế hoạch triển khai", "oversight:plan_list"),
        ("Kiểm tra và chấm điểm", "oversight:inspection_list"),
        ("Báo cáo định kỳ", "oversight:report_list"),
    ],
    Role.STEERING_MEMBER: [
        ("Danh sách cơ quan trong tỉnh", "orgs:agency_list"),
        ("Tình hình áp dụng ISO", "oversight:registry"),
        ("Báo cáo định kỳ", "oversight:report_list"),
    ],
    Role.ADMIN: [
        ("Cơ quan, đơn vị", "orgs:agency_list"),
        ("Người dùng và vai trò", "accounts:user_list"),
        ("Lịch làm việc, ngày nghỉ", "core:calendar_detail"),
    ],
}


def _url_or_none(target: str) -> str | None:
    """The address of `url_name` or `url_name?query`; None when the page does not exist yet."""
    url_name, _, query = target.partition("?")
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def guide_for(role: str) -> list[dict]:
    return [{"label": label, "url": _url_or_none(url_name)} for label, url_name in GUIDE.get(role, [])]


def _context(request) -> dict:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else (Role.ADMIN if request.user.is_superuser else "")
    return {"role_label": Role(role).label if role else "", "entries": guide_for(role)}


register_card(
    DashboardCard(
        key="role_guide",
        title="Công việc theo vai trò",
        template="accounts/cards/role_guide.html",
        visible=lambda request: request.user.is_authenticated,
        context=_context,
        order=10,
    )
)
