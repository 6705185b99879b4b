from decimal import Decimal

from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from tests.factories import AgencyFactory
from tests.oversight.factories import InspectionPlanFactory, concluded_inspection


def test_ranking_orders_by_percentage_within_each_kind_with_bands_and_breakdown(
    province, coordinator, criteria_set, agency_a, agency_b
):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thử")
    plan = InspectionPlanFactory(province=province, year=2025)
    concluded_inspection(plan, agency_a, criteria_set, coordinator, {"1.a": 6, "1.b": 5})  # 11/15 = 73.3 %
    concluded_inspection(plan, agency_b, criteria_set, coordinator, {"1.a": 10, "1.b": 4})  # 14/15 = 93.3 %
    concluded_inspection(plan, commune, criteria_set, coordinator, {"1.a": 5, "1.b": 0})  # 5/15 = 33.3 %
    ranking = selectors.ranking(user=coordinator, province=province, year=2025, criteria_set=criteria_set)
    departments = ranking[Agency.Kind.DEPARTMENT.label]
    assert [(row.agency, row.rank, row.band) for row in departments] == [
        (agency_b, 1, "Xuất sắc"),
        (agency_a, 2, "Khá"),
    ]
    assert departments[0].percent == Decimal("93.3") and departments[0].groups == [
        ("1", Decimal(14), Decimal(15))
    ]
    assert ranking[Agency.Kind.COMMUNE.label][0].band == "Yếu"


def test_ties_are_ordered_by_name_so_the_ranking_is_stable(province, coordinator, criteria_set):
    plan = InspectionPlanFactory(province=province, year=2025)
    for name in ["Sở C", "Sở A", "Sở B"]:
        concluded_inspection(
            plan, AgencyFactory(province=province, name=name), criteria_set, coordinator, {"1.a": 8, "1.b": 5}
        )
    first = selectors.ranking(user=coordinator, province=province, year=2025, criteria_set=criteria_set)
    second = selectors.ranking(user=coordinator, province=province, year=2025, criteria_set=criteria_set)
    names = [row.agency.name for row in next(iter(first.values()))]
    assert names == ["Sở A", "Sở B", "Sở C"] == [row.agency.name for row in next(iter(second.values()))]


def test_past_rankings_stay_as_scored_when_the_set_gets_a_new_version(
    province, coordinator, criteria_set, agency_a
):
    plan = InspectionPlanFactory(province=province, year=2025)
    concluded_inspection(plan, agency_a, criteria_set, coordinator, {"1.a": 6, "1.b": 5})
    new = services.criteria_set_new_version(criteria_set=criteria_set, actor=coordinator)
    services.criterion_update(
        criterion=new.criteria.get(code="1.a"), max_points=Decimal(50), actor=coordinator
    )
    ranking = selectors.ranking(user=coordinator, province=province, year=2025, criteria_set=criteria_set)
    row = next(iter(ranking.values()))[0]
    assert (row.points, row.max_points) == (Decimal(11), Decimal(15))
    assert new.version == 2 and not selectors.ranking(
        user=coordinator, province=province, year=2025, criteria_set=new
    )


def test_a_set_used_by_a_concluded_inspection_cannot_be_edited(province, coordinator, criteria_set, agency_a):
    import pytest

    from eiso.core.errors import DomainError

    concluded_inspection(
        InspectionPlanFactory(province=province, year=2025),
        agency_a,
        criteria_set,
        coordinator,
        {"1.a": 6, "1.b": 5},
    )
    with pytest.raises(DomainError, match="phiên bản mới"):
        services.criterion_add(
            criteria_set=criteria_set, code="2", title="Mới", max_points=Decimal(5), actor=coordinator
        )
