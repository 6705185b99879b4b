"""The demo province: Hà Tĩnh after the 2025 reform, with its departments and communes.

Names of communes and wards come from `vietnam-provinces` (the two-tier map in force since
01/07/2025); department names follow the provincial People's Committee's structure. The
electronic identifier codes follow the shape of QĐ 20/2020/QĐ-TTg but are made up for the demo.

Other apps' demo loaders find the demo agencies with `demo_agency()` / `second_agency()` and
skip quietly when they are missing.
"""

from vietnam_provinces import Province as DivisionProvince
from vietnam_provinces import Ward

from eiso.orgs.models import Agency, Province, Unit

DEMO_PROVINCE_CODE = 42  # Hà Tĩnh
DEMO_AGENCY_IDENTIFIER = "000.00.18.H42"  # Sở Tư pháp: the agency of the demo users
SECOND_AGENCY_IDENTIFIER = "000.00.20.H42"  # Sở Nội vụ: the agency of `secretary2`
COORDINATING_AGENCY_IDENTIFIER = "000.00.16.H42"  # Sở Khoa học và Công nghệ

DEPARTMENTS = [
    # (number in the identifier, name, short name, units)
    (1, "Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh", "VP UBND", ["Phòng Kiểm soát thủ tục hành chính"]),
    (2, "Sở Tài chính tỉnh Hà Tĩnh", "STC", ["Phòng Quản lý ngân sách", "Phòng Đăng ký kinh doanh"]),
    (3, "Sở Xây dựng tỉnh Hà Tĩnh", "SXD", ["Phòng Quản lý xây dựng", "Phòng Quy hoạch kiến trúc"]),
    (4, "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh", "SNNMT", ["Phòng Đất đai", "Chi cục Thủy lợi"]),
    (5, "Sở Công Thương tỉnh Hà Tĩnh", "SCT", ["Phòng Quản lý thương mại"]),
    (6, "Sở Giáo dục và Đào tạo tỉnh Hà Tĩnh", "SGDĐT", ["Phòng Giáo dục trung học"]),
    (7, "Sở Y tế tỉnh Hà Tĩnh", "SYT", ["Phòng Nghiệp vụ Y"]),
    (8, "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Tĩnh", "SVHTTDL", ["Phòng Quản lý văn hóa"]),
    (9, "Sở Dân tộc và Tôn giáo tỉnh Hà Tĩnh", "SDTTG", ["Phòng Tôn giáo"]),
    (16, "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh", "SKHCN", ["Phòng Tiêu chuẩn Đo lường Chất lượng"]),
    (
        18,
        "Sở Tư pháp tỉnh Hà Tĩnh",
        "STP",
        ["Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"],
    ),
    (20, "Sở Nội vụ tỉnh Hà Tĩnh", "SNV", ["Văn phòng Sở", "Phòng Cải cách hành chính"]),
    (21, "Thanh tra tỉnh Hà Tĩnh", "TTr", ["Phòng Tiếp công dân"]),
    (22, "Ban Quản lý Khu kinh tế tỉnh Hà Tĩnh", "BQLKKT", ["Phòng Quản lý đầu tư"]),
    (23, "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh", "TTPVHCC", ["Bộ phận tiếp nhận và trả kết quả"]),
]
ONE_STOP_UNITS = {"Văn phòng Sở", "Bộ phận tiếp nhận và trả kết quả", "Bộ phận Một cửa"}
COMMUNE_COUNT = 30
COMMUNE_UNITS = ["Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Bộ phận Một cửa"]


def demo_province() -> Province | None:
    return Province.objects.filter(division_code=DEMO_PROVINCE_CODE).first()


def demo_agency() -> Agency | None:
    return Agency.objects.filter(identifier_code=DEMO_AGENCY_IDENTIFIER).first()


def second_agency() -> Agency | None:
    return Agency.objects.filter(identifier_code=SECOND_AGENCY_IDENTIFIER).first()


def demo_communes() -> list[Agency]:
    province = demo_province()
    if province is None:
        return []
    return list(
        Agency.objects.filter(province=province, kind=Agency.Kind.COMMUNE).order_by("identifier_code")
    )


def _agency(province, *, identifier, name, short_name, kind, division_code=None) -> tuple[Agency, bool]:
    agency, created = Agency.objects.get_or_create(
        identifier_code=identifier,
        defaults={
            "province": province,
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "division_code": division_code,
        },
    )
    if created:
        agency.refresh_search_text()
        agency.save(update_fields=["search_text"])
    return agency, created


def _units(agency, names) -> None:
    for name in names:
        Unit.objects.get_or_create(agency=agency, name=name, defaults={"is_one_stop": name in ONE_STOP_UNITS})


def load(say) -> None:
    division = DivisionProvince.from_code(DEMO_PROVINCE_CODE)
    province, _ = Province.objects.get_or_create(
        division_code=DEMO_PROVINCE_CODE, defaults={"name": division.name}
    )
    created = 0
    for number, name, short_name, units in DEPARTMENTS:
        agency, was_created = _agency(
            province,
            identifier=f"000.00.{number:02d}.H42",
            name=name,
            short_name=short_name,
            kind=Agency.Kind.DEPARTMENT,
        )
        _units(agency, units)
        created += was_created
    wards = sorted(Ward.iter_by_province(DEMO_PROVINCE_CODE), key=lambda ward: int(ward.code))[:COMMUNE_COUNT]
    for index, ward in enumerate(wards, start=1):
        agency, was_created = _agency(
            province,
            identifier=f"000.{index:02d}.30.H42",
            name=f"UBND {ward.name}",
            short_name=ward.name.split(" ", 1)[1],
            kind=Agency.Kind.COMMUNE,
            division_code=int(ward.code),
        )
        _units(agency, COMMUNE_UNITS)
        created += was_created
    say(
        f"  {province.name}: {len(DEPARTMENTS)} sở, ban, ngành và {len(wards)} xã, phường "
        f"({created} cơ quan mới)."
    )
