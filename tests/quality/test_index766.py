"""The Bộ chỉ số 766: its rules, a score recomputed by hand, the entries made by hand, the page and
its export."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.dossiers import services as dossier_services
from eiso.dossiers.models import Channel
from eiso.quality import services
from eiso.quality.index766 import rules, selectors
from eiso.quality.models import Feedback, Index766Entry
from tests.dossiers.conftest import procedure_a  # noqa: F401  (the procedure of the March fixture)
from tests.dossiers.factories import at
from tests.dossiers.test_stats import march, receive  # noqa: F401  (the hand-counted March fixture)
from tests.procedures.factories import CompetenceFactory, ProcedureComponentFactory, ProcedureFactory
from tests.quality.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 1), date(2026, 3, 31)
TODAY = date(2026, 4, 15)


# --- the rules ----------------------------------------------------------------------------------------


def test_groups_add_up_to_their_maxima_and_to_100():
    rules.check_groups()
    assert [(g.title, g.max_points) for g in rules.GROUPS] == [
        ("Công khai, minh bạch", 18),
        ("Tiến độ, kết quả giải quyết", 20),
        ("Cung cấp dịch vụ trực tuyến", 12),
        ("Thanh toán trực tuyến", 10),
        ("Mức độ hài lòng", 18),
        ("Số hóa hồ sơ", 22),
    ]


def test_points_are_full_from_the_threshold_and_prorated_below():
    on_time = rules.INDICATORS["2.1"]  # 20 points, no threshold: proportional
    satisfaction = rules.INDICATORS["5.4"]  # 6 points, full from 90 %
    digitised = rules.INDICATORS["4.2"]  # 4 points, full from 80 %
    online = rules.INDICATORS["3.4"]  # 12 points, full from 50 % [I]
    assert rules.points_for(Decimal("81.82"), on_time) == Decimal("16.36")
    assert rules.points_for(Decimal(90), satisfaction) == 6
    assert rules.points_for(Decimal("54.55"), satisfaction) == Decimal("3.64")
    assert rules.points_for(Decimal(80), digitised) == 4
    assert rules.points_for(Decimal(60), digitised) == Decimal("3.00")
    assert rules.points_for(Decimal(25), online) == Decimal("6.00")
    assert rules.points_for(Decimal(-5), online) == 0


@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    code=st.sampled_from([code for code, i in rules.INDICATORS.items() if i.is_scored]),
)
def test_points_stay_within_zero_and_the_maximum_and_grow_with_the_rate(rate, code):
    indicator = rules.INDICATORS[code]
    points = rules.points_for(rate, indicator)
    assert 0 <= points <= indicator.max_points
    assert rules.points_for(min(rate + 1, Decimal(100)), indicator) >= points


def test_total_is_scaled_back_to_100_without_the_indicators_that_did_not_arise():
    assert rules.scaled_total(Decimal("65.26"), Decimal(2)) == Decimal("66.59")
    assert rules.scaled_total(Decimal(50), Decimal(0)) == Decimal("50.00")
    assert rules.scaled_total(Decimal(0), Decimal(100)) is None


# --- a score recomputed by hand -----------------------------------------------------------------------

MANUAL = {  # indicator: (numerator, denominator), entered for March 2026
    "1.1": (9, 10),
    "1.2": (10, 10),
    "1.4": (13, 13),
    "3.5": (3, 5),
    "3.5b": (1, 5),
    "3.6": (2, 8),
    "4.1": (11, 13),
    "4.2": (12, 13),
    "4.3": (5, 13),
    "4.5a": (1, 2),
    "4.5b": (6, 13),
    "4.6": (0, 0),
    "5.3": (3, 4),
}
UNSATISFIED = {
    "time_score": 1,
    "agencies_contacted": 1,
    "contacts_needed": 1,
    "information_score": 3,
    "conduct_score": 1,
    "costs_score": 3,
}


@pytest.fixture
def scored_march(march, agency_a, officer_a, secretary_a, agency_b):  # noqa: F811
    """The March fixture of tests/dossiers/test_stats.py, plus a second procedure offered fully online,
    four feedback records, one unsatisfied rating and the hand-entered figures."""
    online = ProcedureFactory(
        province=agency_a.province,
        code="2.000488",
        current__channels=["direct", "online_full"],
        current__steps=["Nộp hồ sơ", "Nhận kết quả"],
        current__applicants=["Công dân Việt Nam"],
        current__implementing_agency="Sở Khoa học và Công nghệ",
    )
    for order in (1, 2):
        ProcedureComponentFactory(version=online.current_version, order=order, name=f"Giấy tờ {order}")
    CompetenceFactory(agency=agency_a, procedure=online)
    for minute in range(4):
        dossier = dossier_services.dossier_receive(
            agency=agency_a,
            procedure=online,
            actor=officer_a,
            received_at=at(2026, 3, 2, 9, minute),
            applicant_name="Trần Thị Bình",
            applicant_phone="0912345678",
            channel=Channel.ONLINE if minute == 0 else Channel.DIRECT,
            components=[1, 2],
        )
        if minute == 0:
            dossier_services.dossier_accept(dossier=dossier, actor=officer_a, at=at(2026, 3, 2, 10))
        dossier.refresh_from_db()
        dossier_services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 3, 10))
    dossier_services.rating_submit(dossier=march[2], values=UNSATISFIED)
    Status, Category, Kind = Feedback.Status, Feedback.Category, Feedback.Kind
    FeedbackFactory(  # F1: a complaint about D3, accepted and answered in time
        agency=agency_a,
        dossier_code=march[3].code,
        category=Category.DELAY,
        status=Status.ANSWERED,
        accepted_on=date(2026, 3, 3),
        handle_due_on=date(2026, 3, 24),
        answered_on=date(2026, 3, 10),
    )
    FeedbackFactory(agency=agency_a, category=Category.ATTITUDE)  # F2: still not accepted, due 04/03
    FeedbackFactory(  # F3: a suggestion refused in time
        agency=agency_a,
        kind=Kind.SUGGESTION,
        category=Category.REGULATION,
        status=Status.REFUSED,
        answered_on=date(2026, 3, 3),
    )
    FeedbackFactory(  # F4: a complaint about D1, accepted late (05/03 > 04/03), being handled
        agency=agency_a,
        dossier_code=march[1].code,
        category=Category.OTHER,
        status=Status.ACCEPTED,
        accepted_on=date(2026, 3, 5),
        handle_due_on=date(2026, 3, 26),
    )
    for code, (numerator, denominator) in MANUAL.items():
        services.index_entry_set(
            agency=agency_a,
            indicator=code,
            starts_on=START,
            ends_on=END,
            numerator=numerator,
            denominator=denominator,
            actor=secretary_a,
        )
    # Entries that must not be used: another period of the same indicator, another agency.
    Index766Entry.objects.create(
        agency=agency_a, indicator="1.1", starts_on=date(2026, 1, 1), ends_on=END, numerator=5, denominator=10
    )
    Index766Entry.objects.create(
        agency=agency_b, indicator="4.4", starts_on=START, ends_on=END, numerator=1, denominator=1
    )
    return march


def test_an_agencys_score_recomputed_by_hand(scored_march, agency_a):
    """Agency A, 01/03/2026–31/03/2026.

    Dossiers (tests/dossiers/test_stats.py, procedure 1.001193, all direct): resolved 7 — early 3,
    on time 2, late 2 (D3 late, D4 extended); received 9. Procedure 2.000488 (offered fully online):
    4 received on 02/03, one online, all resolved early on 03/03. Together: resolved 11, early or on
    time 9, late 2, received 13, online 1.

    1 Công khai, minh bạch (18)
      1.1 entered 9/10 = 90 %            → 6 × 90/100            = 5,40 (the 01/01–31/03 entry 5/10
                                                                         loses to the exact period)
      1.2 entered 10/10 = 100 %          → 4,00
      1.3 competent procedures complete: 1.001193 has no steps, applicants or implementing agency;
          2.000488 is complete: 1/2 = 50 % → 2 × 50/100 = 1,00
      1.4 entered 13/13                  → 6,00                     group 16,40
    2 Tiến độ (20)
      2.1 9/11 = 81,82 %                 → 20 × 81,82/100 = 16,364 → 16,36
      2.2 tracked                                                   group 16,36
    3 Dịch vụ trực tuyến (12)
      3.1 tracked: 1/2 procedures online; 3.2 tracked: 1/1 used; 3.3 tracked: 1/13 = 7,69 %
      3.4 dossiers of 2.000488: 1 online / 4 = 25 % (< 50 %) → 12 × 25/50 = 6,00     group 6,00
    4 Thanh toán trực tuyến (10)
      3.5 3/5 = 60 % (< 80 %)            → 2 × 60/80  = 1,50
      3.5b 1/5 = 20 %                    → 2 × 20/100 = 0,40
      3.6 2/8 = 25 %                     → 6 × 25/100 = 1,50          group 3,40
    5 Mức độ hài lòng (18)
      5.1 tracked: F1 delay, F2 attitude, F3 regulation classified, F4 other: 3/4
      5.2 F1 answered in time, F3 refused in time; F2 overdue to accept, F4 accepted late:
          2/4 = 50 %                     → 6 × 50/100 = 3,00
      5.3 entered 3/4 = 75 %             → 6 × 75/100 = 4,50
      5.4 late 2/11 = 18,18 %; with a complaint (D3 by F1, D1 by F4) or an unsatisfied rating (D2):
          3/11 = 27,27 %; 100 − 18,18 − 27,27 = 54,55 % (< 90 %) → 6 × 54,55/90 = 3,6367 → 3,64
                                                                    group 11,14
    6 Số hóa hồ sơ (22)
      4.1 11/13 = 84,62 % → 6 × 84,62/100 = 5,0772 → 5,08
      4.2 12/13 = 92,31 % (≥ 80 %) → 4,00
      4.3 5/13 = 38,46 % (< 80 %) → 2 × 38,46/80 = 0,9615 → 0,96
      4.4 not entered (agency B's entry is not A's) → 0
      4.5a 1/2 = 50 % → 2 × 50/100 = 1,00
      4.5b 6/13 = 46,15 % → 2 × 46,15/100 = 0,923 → 0,92
      4.6 0/0: did not arise, left out (2 points)                   group 11,96 (of 20 that count)

    Earned 16,40 + 16,36 + 6,00 + 3,40 + 11,14 + 11,96 = 65,26; total 65,26 × 100 / (100 − 2) = 66,59.
    """
    index = selectors.agency_index(agency=agency_a, start=START, end=END, today=TODAY)

    points = {row.indicator.code: row.points for row in index.rows}
    assert points == {
        "1.1": Decimal("5.40"),
        "1.2": Decimal("4.00"),
        "1.3": Decimal("1.00"),
        "1.4": Decimal("6.00"),
        "2.1": Decimal("16.36"),
        "2.2": None,
        "3.1": None,
        "3.2": None,
        "3.3": None,
        "3.4": Decimal("6.00"),
        "3.5": Decimal("1.50"),
        "3.5b": Decimal("0.40"),
        "3.6": Decimal("1.50"),
        "5.1": None,
        "5.2": Decimal("3.00"),
        "5.3": Decimal("4.50"),
        "5.4": Decimal("3.64"),
        "4.1": Decimal("5.08"),
        "4.2": Decimal("4.00"),
        "4.3": Decimal("0.96"),
        "4.4": Decimal("0"),
        "4.5a": Decimal("1.00"),
        "4.5b": Decimal("0.92"),
        "4.6": None,
    }
    values = {row.indicator.code: row.figure.value for row in index.rows}
    assert values["3.1"] == Decimal("50.00") and values["3.2"] == Decimal("100.00")
    assert values["3.3"] == Decimal("7.69") and values["5.1"] == Decimal("75.00")
    assert values["5.4"] == Decimal("54.55")
    statuses = {row.indicator.code: row.status for row in index.rows}
    assert statuses["4.4"] == selectors.MISSING and statuses["4.6"] == selectors.NOT_ARISING
    assert [group.points for group in index.groups] == [
        Decimal("16.40"),
        Decimal("16.36"),
        Decimal("6.00"),
        Decimal("3.40"),
        Decimal("11.14"),
        Decimal("11.96"),
    ]
    assert (index.earned, index.left_out, index.total) == (Decimal("65.26"), Decimal(2), Decimal("66.59"))


def test_the_index_costs_a_fixed_number_of_queries(scored_march, agency_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        selectors.agency_index(agency=agency_a, start=START, end=END, today=TODAY)


def test_without_data_the_hand_entered_figures_count_zero(agency_a):
    index = selectors.agency_index(agency=agency_a, start=START, end=END, today=TODAY)
    assert index.total == 0  # nothing entered: the hand-entered figures count 0, the rest did not arise
    assert len(index.missing) == len([i for i in rules.INDICATORS.values() if not i.measured])


def test_the_province_adds_up_its_agencies_entries(agency_a, agency_b, secretary_a, secretary_b, province):
    for agency, actor, figures in ((agency_a, secretary_a, (9, 10)), (agency_b, secretary_b, (1, 10))):
        services.index_entry_set(
            agency=agency,
            indicator="4.1",
            starts_on=START,
            ends_on=END,
            numerator=figures[0],
            denominator=figures[1],
            actor=actor,
        )
    agencies = type(agency_a).objects.filter(province=province)
    index = selectors.province_index(province=province, agencies=agencies, start=START, end=END, today=TODAY)
    row = next(row for row in index.rows if row.indicator.code == "4.1")
    assert (row.figure.numerator, row.figure.denominator, row.figure.value) == (10, 20, Decimal("50.00"))
    assert row.points == Decimal("3.00")
    assert index.label == "Toàn tỉnh Hà Tĩnh"


def test_an_overlapping_entry_serves_a_period_without_its_own(agency_a, secretary_a):
    services.index_entry_set(
        agency=agency_a,
        indicator="1.4",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        numerator=8,
        denominator=10,
        actor=secretary_a,
    )
    index = selectors.agency_index(agency=agency_a, start=START, end=END, today=TODAY)
    row = next(row for row in index.rows if row.indicator.code == "1.4")
    assert (row.status, row.points) == (selectors.ENTERED, Decimal("4.80"))
    assert "01/01/2026–31/12/2026" in row.figure.detail


# --- the entries made by hand -------------------------------------------------------------------------


def _set(actor, agency, **values):
    figures = {"indicator": "4.1", "starts_on": START, "ends_on": END, "numerator": 1, "denominator": 2}
    return services.index_entry_set(agency=agency, actor=actor, **{**figures, **values})


def test_secretary_enters_and_corrects_a_figure_with_the_audit_trail(agency_a, secretary_a):
    entry = _set(secretary_a, agency_a, source="Cổng DVCQG")
    _set(secretary_a, agency_a, numerator=2)
    entry.refresh_from_db()
    assert (entry.numerator, entry.denominator, entry.entered_by) == (2, 2, secretary_a)
    changes = list(AuditEntry.objects.filter(action="index_766_entry.set").values_list("changes", flat=True))
    assert changes[0] == {
        "numerator": [None, 1],
        "denominator": [None, 2],
        "source": [None, "Cổng DVCQG"],
        "period": [None, "01/03/2026–31/03/2026"],
    }
    assert changes[1] == {
        "numerator": [1, 2],
        "source": ["Cổng DVCQG", ""],
        "period": [None, "01/03/2026–31/03/2026"],
    }
    services.index_entry_delete(entry=entry, actor=secretary_a)
    assert not Index766Entry.objects.exists()
    assert AuditEntry.objects.filter(action="index_766_entry.delete", agency=agency_a).count() == 1


def test_the_coordinator_may_enter_for_an_agency(agency_a, coordinator):
    assert _set(coordinator, agency_a).entered_by == coordinator


@pytest.mark.parametrize("user", ["staff_a", "leader_a", "officer_a", "secretary_b", "steering"])
def test_others_may_not_enter(user, agency_a, request):
    with pytest.raises(PermissionDenied):
        _set(request.getfixturevalue(user), agency_a)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"indicator": "2.1"}, "được tính từ dữ liệu của eISO"),
        ({"indicator": "9.9"}, "được tính từ dữ liệu của eISO"),
        ({"numerator": 3}, "Tử số không được lớn hơn mẫu số"),
        ({"ends_on": date(2026, 2, 1)}, "Ngày kết thúc kỳ"),
    ],
)
def test_bad_figures_are_refused_in_vietnamese(values, message, agency_a, secretary_a):
    with pytest.raises(DomainError, match=message):
        _set(secretary_a, agency_a, **values)


# --- the page and the export ----------------------------------------------------------------------------

PERIOD = {"tu": "01/03/2026", "den": "31/03/2026"}


def test_secretary_sees_the_total_the_groups_and_the_chart(client, scored_march, secretary_a):
    client.force_login(secretary_a)
    page = client.get(reverse("quality:index_766"), PERIOD).content.decode()
    assert 'id="index-766-total">66,59<' in page
    assert page.count('data-group="') == 6
    assert "Công khai, minh bạch" in page and 'id="chart-766"' in page
    assert 'id="index-766-data"' in page and "index766_chart.js" in page
    assert "Nhập số liệu" in page  # the secretary may enter the hand-entered figures


def test_staff_reads_the_page_without_entry_links(client, scored_march, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("quality:index_766"), PERIOD).content.decode()
    assert "66,59" in page and "Nhập số liệu" not in page


def test_another_agencys_index_is_404(client, agency_b, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("quality:index_766"), {"agency": agency_b.pk}).status_code == 404
    assert client.get(reverse("quality:index_766_export"), {"agency": agency_b.pk}).status_code == 404
    assert client.get(reverse("quality:index_766"), {"pham_vi": "tinh"}).status_code == 403


def test_coordinator_reads_the_province_and_any_agency(client, scored_march, coordinator, agency_a):
    client.force_login(coordinator)
    province_page = client.get(reverse("quality:index_766"), PERIOD).content.decode()
    assert "Bộ chỉ số 766 — Toàn tỉnh Hà Tĩnh" in province_page
    agency_page = client.get(reverse("quality:index_766"), {**PERIOD, "agency": agency_a.pk}).content.decode()
    assert "66,59" in agency_page and "Nhập số liệu" in agency_page


def test_the_export_is_the_same_table(client, scored_march, secretary_a):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(secretary_a)
    response = client.get(reverse("quality:index_766_export"), PERIOD)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "BỘ CHỈ SỐ 766 — SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    by_code = {row[1]: row for row in rows if row[1]}
    assert by_code["5.4"][8] == 3.64 and by_code["5.4"][9] == 6
    assert by_code["4.6"][3] == "Không phát sinh trong kỳ: không tính"
    assert rows[-1][0] == "Tổng điểm" and rows[-1][8] == 66.59


def test_the_entry_page_saves_a_figure(client, agency_a, secretary_a):
    client.force_login(secretary_a)
    url = (
        reverse("quality:index_766_entry") + f"?agency={agency_a.pk}&chi_so=4.1&tu=01/03/2026&den=31/03/2026"
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "starts_on": "01/03/2026",
            "ends_on": "31/03/2026",
            "numerator": "7",
            "denominator": "10",
            "source": "",
        },
    )
    assert response.status_code == 302
    assert Index766Entry.objects.get(agency=agency_a, indicator="4.1").numerator == 7
    bad = client.post(
        url, {"starts_on": "01/03/2026", "ends_on": "31/03/2026", "numerator": "11", "denominator": "10"}
    )
    assert "Tử số không được lớn hơn mẫu số" in bad.content.decode()


def test_the_entry_page_is_for_those_who_enter(client, agency_a, staff_a):
    client.force_login(staff_a)
    url = reverse("quality:index_766_entry") + f"?agency={agency_a.pk}&chi_so=4.1"
    assert client.get(url).status_code == 403
    assert client.get(
        reverse("quality:index_766_entry") + f"?agency={agency_a.pk}&chi_so=2.1"
    ).status_code in (403, 404)
