"""Demo of the editions of the standard (issue 21): the demo agency (Sở Tư pháp) moves to the newer
edition, with its plan, a climate decision and a leader's commitment; the second agency (Sở Nội vụ)
stays on the edition it applies. Which editions they are is read from the data, never named here."""

from datetime import date

from django.utils import timezone

from eiso.accounts.models import User
from eiso.improvement.services import transition as transition_services
from eiso.orgs import editions
from eiso.orgs import services as orgs_services
from eiso.orgs.demo import demo_agency, second_agency
from eiso.orgs.models import EditionTransition
from eiso.quality import services as quality_services
from eiso.quality.models import ContextIssue, CultureRecord


def load(say) -> None:
    agency, other = demo_agency(), second_agency()
    secretary = User.objects.filter(username="secretary").first()
    leader = User.objects.filter(username="leader").first()
    if agency is None or secretary is None:
        say("  Chưa có cơ quan hoặc người dùng mẫu: bỏ qua chuyển đổi phiên bản tiêu chuẩn.")
        return
    for row in (agency, other):
        if row is not None and row.edition_id is None:
            row.edition = editions.default_edition()
            row.save(update_fields=["edition", "updated_at"])
    newer = editions.next_edition(editions.of(agency))
    if newer is None or EditionTransition.objects.filter(agency=agency).exists():
        return
    today = timezone.localdate()
    started_on = date(today.year, 1, 5) if today.month > 1 else date(today.year - 1, 10, 1)
    transition = orgs_services.edition_transition_start(
        agency=agency, to_edition=newer, started_on=started_on, actor=secretary
    )
    transition_services.transition_plan_generate(transition=transition, actor=secretary, owner=secretary)
    quality_services.context_issue_create(
        agency=agency,
        actor=secretary,
        kind=ContextIssue.Kind.EXTERNAL,
        category=ContextIssue.Category.CLIMATE,
        description="Biến đổi khí hậu: bão, lũ làm gián đoạn việc tiếp nhận, trả kết quả hồ sơ tại trụ sở.",
        effect="Có liên quan: mùa mưa bão hằng năm buộc cơ quan chuyển sang tiếp nhận trực tuyến, "
        "cần phương án dự phòng cho bộ phận một cửa.",
        climate_relevant=True,
        reviewed_on=started_on,
    )
    quality_services.culture_record_create(
        agency=agency,
        actor=secretary,
        kind=CultureRecord.Kind.COMMITMENT,
        title="Lãnh đạo Sở cam kết xây dựng văn hóa chất lượng: phục vụ tận tâm, công khai, đúng hạn.",
        recorded_on=started_on,
        leader=leader,
    )
    say(f"  Chuyển đổi phiên bản: {agency} đang chuyển sang {newer}; {other} giữ phiên bản đang áp dụng.")
