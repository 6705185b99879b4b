"""Names sort in Vietnamese order on the current backend (CI runs this on SQLite and PostgreSQL)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from eiso.accounts.models import User
from eiso.accounts.selectors import user_list
from eiso.core.collation import vietnamese, vietnamese_key
from eiso.orgs.models import Agency, Unit
from tests.factories import AgencyFactory, MembershipFactory, UnitFactory, UserFactory

# Vietnamese order: ô before ư (Hồng before Hương), đ right after d (before e…, far before V),
# tones only when the letters are equal (none, huyền, hỏi, ngã, sắc, nặng).
COMMUNES = ["Xã Cẩm Xuyên", "Xã Đồng Lộc", "Xã Đức Thọ", "Xã Hồng Lộc", "Xã Hương Sơn", "Xã Vũ Quang"]


def test_vietnamese_key_orders_letters_before_tones():
    shuffled = ["Vũ Quang", "Đức Thọ", "Hương Sơn", "Hạ", "Hồng Lộc", "Hà", "Ha", "Dương", "Ân", "Ăn", "Anh"]
    assert sorted(shuffled, key=vietnamese_key) == [
        "Anh", "Ăn", "Ân", "Dương", "Đức Thọ", "Ha", "Hà", "Hạ", "Hồng Lộc", "Hương Sơn", "Vũ Quang",
    ]  # fmt: skip


def test_agencies_default_to_vietnamese_order(province):
    for name in reversed(COMMUNES):
        AgencyFactory(province=province, name=name, kind=Agency.Kind.COMMUNE)

    assert list(Agency.objects.filter(province=province).values_list("name", flat=True)) == COMMUNES


def test_units_and_people_sort_in_vietnamese_order(agency_a):
    for name in ["Phòng Văn hóa", "Phòng Đầu tư", "Phòng Hướng dẫn", "Phòng Hồ sơ"]:
        UnitFactory(agency=agency_a, name=name)
    for full_name in ["Vũ Văn An", "Đặng Thị Hoa", "Dương Văn Bình", "Hồ Thị Lan"]:
        UserFactory(full_name=full_name)

    units = list(Unit.objects.filter(agency=agency_a).values_list("name", flat=True))
    people = list(User.objects.filter(full_name__contains=" ").values_list("full_name", flat=True))
    newest_first = list(
        Unit.objects.filter(agency=agency_a)
        .order_by(vietnamese("name", descending=True))
        .values_list("name", flat=True)
    )

    assert units == ["Phòng Đầu tư", "Phòng Hồ sơ", "Phòng Hướng dẫn", "Phòng Văn hóa"]
    chosen = {"Vũ Văn An", "Đặng Thị Hoa", "Dương Văn Bình", "Hồ Thị Lan"}
    assert [name for name in people if name in chosen] == [
        "Dương Văn Bình", "Đặng Thị Hoa", "Hồ Thị Lan", "Vũ Văn An",
    ]  # fmt: skip
    assert newest_first == list(reversed(units))


def test_user_list_selector_sorts_by_vietnamese_name(sysadmin, agency_a):
    for full_name in ["Vũ Quang Huy", "Đỗ Minh Tâm", "Hoàng Văn Nam", "Dương Thị Mai"]:
        MembershipFactory(agency=agency_a, user__full_name=full_name)

    names = [user.full_name for user in user_list(user=sysadmin) if user.memberships.filter(agency=agency_a)]

    assert names == ["Dương Thị Mai", "Đỗ Minh Tâm", "Hoàng Văn Nam", "Vũ Quang Huy"]


@pytest.mark.django_db
def test_coordinator_sees_the_agency_list_in_vietnamese_order(client, coordinator, province):
    for name in reversed(COMMUNES):
        AgencyFactory(province=province, name=name, kind=Agency.Kind.COMMUNE)
    client.force_login(coordinator)

    page = client.get(reverse("orgs:agency_list")).content.decode()

    positions = [page.index(name) for name in COMMUNES]
    assert positions == sorted(positions)


NAME_ORDER = re.compile(
    r'(?:order_by\(|ordering = \[)[^)\]]*(?<!vietnamese\()"-?(?:\w+__)?(?:name|full_name|person_name|title)"'
)


def test_no_list_orders_names_by_bytes():
    # A plain order_by("name") puts "Đ…" after "Vũ": names go through core.collation.vietnamese.
    package = Path(__file__).resolve().parents[2] / "eiso"
    offenders = [
        f"{path.relative_to(package)}: {match.group(0)}"
        for path in package.rglob("*.py")
        if "migrations" not in path.parts
        for match in NAME_ORDER.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
