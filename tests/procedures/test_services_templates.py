"""Templates: the province publishes a process as a template, communes adopt and adapt it,
a newer template version is applied (keeping deviations) or dismissed with a reason."""

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.orgs.models import Agency
from eiso.procedures import selectors, services
from eiso.procedures.models import TemplateDecision
from tests.factories import AgencyFactory, MembershipFactory, UnitFactory
from tests.procedures.processes import leader_only_chain, new_process, procedure, publish, step_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth(province):
    return procedure(province, amount="2", code="1.001193")


@pytest.fixture
def source(agency_a, secretary_a, leader_a, birth):
    """The province's model process, published in agency A."""
    leader_only_chain(agency_a, secretary_a)
    unit = UnitFactory(agency=agency_a, name="Bộ phận Một cửa")
    process = new_process(
        agency_a,
        secretary_a,
        [birth],
        code="QT.HT.05",
        steps=[
            step_values("Tiếp nhận", "0.5", unit=unit),
            step_values("Thẩm định", "1"),
            step_values("Ký", "0.5"),
        ],
    )
    publish(services.open_version(process), secretary_a, leader_a)
    return process


@pytest.fixture
def template(source, coordinator):
    return services.template_publish(process=source, agency_kind=Agency.Kind.COMMUNE, actor=coordinator)


@pytest.fixture
def commune(province):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Hà")
    UnitFactory(agency=commune, name="Bộ phận Một cửa")
    return commune


@pytest.fixture
def commune_people(commune):
    secretary = MembershipFactory(agency=commune, role="secretary", user__username="thuky_xa").user
    leader = MembershipFactory(agency=commune, role="leader", user__username="chutich_xa").user
    leader_only_chain(commune, secretary)
    return secretary, leader


def test_coordinator_publishes_a_published_process_as_a_template(template, source, birth):
    assert template.code == "QT.HT.05"
    assert template.current_version.number == 1
    assert [s["name"] for s in template.current_version.steps] == ["Tiếp nhận", "Thẩm định", "Ký"]
    assert list(template.procedures.all()) == [birth]
    assert AuditEntry.objects.filter(action="template.publish").exists()


def test_only_a_coordinator_publishes_templates(source, secretary_a):
    with pytest.raises(PermissionDenied):
        services.template_publish(process=source, agency_kind=Agency.Kind.COMMUNE, actor=secretary_a)


def test_a_process_without_a_published_version_cannot_be_a_template(
    agency_a, secretary_a, coordinator, birth
):
    draft_only = new_process(agency_a, secretary_a, [birth], code="QT.X.01")
    with pytest.raises(DomainError, match="chưa có phiên bản đã ban hành"):
        services.template_publish(process=draft_only, agency_kind=Agency.Kind.COMMUNE, actor=coordinator)


def test_a_commune_adopts_in_one_click_with_units_matched_by_name(template, commune, commune_people):
    secretary, _ = commune_people
    process = services.template_adopt(template=template, agency=commune, actor=secretary)
    assert process.agency == commune
    assert process.template_version == template.current_version
    steps = list(services.open_version(process).process_steps.order_by("order"))
    assert [s.name for s in steps] == ["Tiếp nhận", "Thẩm định", "Ký"]
    assert steps[0].unit.agency == commune
    assert [s.key for s in steps] == [s["key"] for s in template.current_version.steps]
    assert AuditEntry.objects.filter(action="template.adopt", agency=commune).exists()


def test_adopting_twice_or_by_the_wrong_kind_of_agency_is_refused(
    template, commune, commune_people, secretary_a
):
    secretary, _ = commune_people
    services.template_adopt(template=template, agency=commune, actor=secretary)
    with pytest.raises(DomainError, match="đã áp dụng"):
        services.template_adopt(template=template, agency=commune, actor=secretary)
    with pytest.raises(DomainError, match="dành cho ubnd cấp xã"):
        services.template_adopt(
            template=template, agency=secretary_a.memberships.get().agency, actor=secretary_a
        )


def test_staff_cannot_adopt(template, commune):
    staff = MembershipFactory(agency=commune, role="staff").user
    with pytest.raises(PermissionDenied):
        services.template_adopt(template=template, agency=commune, actor=staff)


def _adapted_and_published(template, commune, commune_people):
    """The commune adopts, shortens Thẩm định to 0.5 day, adds an own step, publishes."""
    secretary, leader = commune_people
    process = services.template_adopt(template=template, agency=commune, actor=secretary)
    draft = services.open_version(process)
    step = draft.process_steps.get(name="Thẩm định")
    services.step_update(step=step, actor=secretary, **step_values("Thẩm định", "0.5"))
    services.step_add(version=draft, actor=secretary, **step_values("Xác minh", "0.25"))
    publish(draft, secretary, leader)
    return process


def _new_template_version(template, source, secretary_a, leader_a, coordinator):
    draft = services.process_new_draft(process=source, actor=secretary_a)
    sign = draft.process_steps.get(name="Ký")
    services.step_update(step=sign, actor=secretary_a, **step_values("Ký duyệt", "0.5", role="Chủ tịch UBND"))
    publish(draft, secretary_a, leader_a)
    return services.template_version_publish(
        template=template, actor=coordinator, change_summary="Đổi người ký"
    )


def test_coverage_shows_adopted_adapted_behind_and_none(
    template, source, commune, commune_people, province, secretary_a, leader_a, coordinator
):
    untouched = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Cẩm Xuyên")
    process = _adapted_and_published(template, commune, commune_people)
    rows = {row.agency: row for row in selectors.template_coverage(template=template)}
    assert rows[commune].status == "adapted"
    assert rows[untouched].status == "none"

    _new_template_version(template, source, secretary_a, leader_a, coordinator)
    rows = {row.agency: row for row in selectors.template_coverage(template=template)}
    assert rows[commune].status == "behind"
    assert rows[commune].process == process


def test_a_new_template_version_needs_a_new_source_version_and_a_summary(template, coordinator):
    with pytest.raises(DomainError, match="chưa có phiên bản mới"):
        services.template_version_publish(template=template, actor=coordinator, change_summary="x")


def test_applying_an_update_keeps_own_deviations_in_a_new_draft(
    template, source, commune, commune_people, secretary_a, leader_a, coordinator
):
    secretary, _ = commune_people
    process = _adapted_and_published(template, commune, commune_people)
    latest = _new_template_version(template, source, secretary_a, leader_a, coordinator)
    assert selectors.pending_update(process) == latest
    changes = selectors.template_update_view(process=process)
    assert [c.name for c in changes.template_changes] == ["Ký duyệt"]
    assert {c.kind for c in changes.deviations} == {"changed", "added"}

    draft = services.template_update_apply(process=process, actor=secretary)
    steps = {s.name: s for s in draft.process_steps.all()}
    assert set(steps) == {"Tiếp nhận", "Thẩm định", "Xác minh", "Ký duyệt"}
    assert steps["Thẩm định"].duration_amount == 0.5  # own deviation kept
    assert steps["Ký duyệt"].role == "Chủ tịch UBND"  # province change taken
    process.refresh_from_db()
    assert process.template_version == latest
    assert selectors.pending_update(process) is None
    assert TemplateDecision.objects.get().decision == TemplateDecision.Decision.APPLIED


def test_dismissing_an_update_needs_a_reason_and_is_kept(
    template, source, commune, commune_people, secretary_a, leader_a, coordinator
):
    secretary, _ = commune_people
    process = _adapted_and_published(template, commune, commune_people)
    _new_template_version(template, source, secretary_a, leader_a, coordinator)
    with pytest.raises(DomainError, match="lý do"):
        services.template_update_dismiss(process=process, reason=" ", actor=secretary)
    services.template_update_dismiss(process=process, reason="Xã đã có người ký riêng", actor=secretary)
    assert selectors.pending_update(process) is None
    rows = {row.agency: row for row in selectors.template_coverage(template=template)}
    assert rows[commune].status == "behind"
    assert rows[commune].dismissed_reason == "Xã đã có người ký riêng"
