"""The demo catalogue: about twenty procedures of Hà Tĩnh (commune and department level),
loaded through the import service from fixtures/demo_procedures.json, so loading the demo also
exercises the importer, and a second run changes nothing (the importer is idempotent).

About the facts (23 procedures). Names, fields, levels, times, fees and legal bases follow
the procedures as published on the national portal around the 2025 reform, as far as known:
- codes seen in public copies of the national catalogue: 1.001193 khai sinh, 1.000894 kết hôn,
  1.000656 khai tử, 1.004859 thay đổi, cải chính hộ tịch, 1.004884 đăng ký lại khai sinh,
  1.004746 đăng ký lại kết hôn, 1.001022 nhận cha, mẹ, con, 1.004837 giám hộ, 1.004222 thường
  trú, 1.004194 tạm trú, 1.002755 gia hạn tạm trú, 1.010038 tách hộ, 1.003677 tạm vắng,
  2.000815 chứng thực bản sao, 2.000884 chứng thực chữ ký, 1.001612 hộ kinh doanh, 1.002818
  tư vấn ISO 9001 (regulations.md §4.9.8); 1.004873 (xác nhận tình trạng hôn nhân) is likely;
- NOT verified, plausible placeholders: the codes 2.000488 (phiếu lý lịch tư pháp) and 1.001071
  (thẻ công chứng viên), the two procedures of Sở Tư pháp, the demo users' department; the
  codes 1.009994 (giấy phép xây dựng nhà ở riêng lẻ),
  1.012790 and 1.012791 (the two land procedures), and the times of the land procedures, of
  đăng ký lại khai sinh/kết hôn and of tách hộ/tạm vắng; fees that the provincial People's
  Council sets are written as such, not as amounts. Check them before using the demo as
  reference data.
"""

from pathlib import Path

from eiso.orgs.models import Province

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo_procedures.json"
DEMO_PROVINCE_CODE = 42  # Hà Tĩnh, created by the orgs demo loader (order 10)


def load(say) -> None:
    from eiso.procedures import services

    province = Province.objects.filter(division_code=DEMO_PROVINCE_CODE).first()
    if province is None:
        say("  Chưa có tỉnh Hà Tĩnh (mã 42): bỏ qua danh mục thủ tục mẫu.")
        return
    plan = services.procedure_import(
        data=FIXTURE.read_bytes(), filename=FIXTURE.name, province=province, actor=None
    )
    counts = plan.counts()
    say(
        f"  Thủ tục hành chính: {counts['created']} thêm mới, {counts['updated']} cập nhật, "
        f"{counts['unchanged']} không thay đổi."
    )
