"""The agency ↔ TTHC competence list: the seed rule, the services that keep it, its page, and what
reads it (the counter, ingest, the registry's "processes missing")."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.orgs.models import Agency
from eiso.procedures import selectors, services
from eiso.procedures.competences import agency_stem, catalogue_match
from eiso.procedures.models import Competence, Procedure
from tests.documents.factories import DocumentFactory, published_version
from tests.factories import AgencyFactory
from tests.procedures.factories import CompetenceFactory, ProcedureFactory, ProcessFactory
from tests.procedures.helpers import MARRIAGE, json_bytes, procedure

pytestmark = pytest.mark.django_db

COMMUNE_LEVEL = {"level": "commune"}


def _procedure(province, *, code, level="province", implementing_agency=""):
    return ProcedureFactory(
        province=province,
        code=code,
        current__level=level,
        current__implementing_agency=implementing_agency,
    )


# --- the seed rule ----------------------------------------------------------------------------------


def test_a_commune_takes_the_procedures_of_its_peoples_committee(province):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Hà")
    assert catalogue_match(commune, level="commune", implementing_agency="Ủy ban nhân dân cấp xã")
    assert catalogue_match(commune, level="commune", implementing_agency="Phòng Kinh tế thuộc UBND cấp xã")
    assert catalogue_match(commune, level="commune", implementing_agency="")
    # Residence registration belongs to the commune police, not to the People's Committee.
    assert not catalogue_match(commune, level="commune", implementing_agency="Công an cấp xã")
    assert not catalogue_match(commune, level="province", implementing_agency="Ủy ban nhân dân cấp xã")


def test_a_department_takes_the_provincial_procedures_that_name_it(province):
    justice = AgencyFactory(province=province, name="Sở Tư pháp tỉnh Hà Tĩnh")
    assert agency_stem(justice) == "so tu phap"
    assert catalogue_match(justice, level="province", implementing_agency="Sở Tư pháp")
    assert not catalogue_match(justice, level="province", implementing_agency="Sở Khoa học và Công nghệ")
    assert not catalogue_match(justice, level="province", implementing_agency="")
    assert not catalogue_match(justice, level="commune", implementing_agency="Sở Tư pháp")


def test_seed_adds_the_catalogue_matches_and_the_procedures_of_its_processes(agency_a, secretary_a):
    own = _procedure(agency_a.province, code="1.002818", implementing_agency="Sở Khoa học và Công nghệ")
    other = _procedure(agency_a.province, code="2.000488", implementing_agency="Sở Tư pháp")
    handled = _procedure(agency_a.province, code="1.009999", level="commune")
    process = ProcessFactory(agency=agency_a)
    process.procedures.add(handled)

    added = services.competence_seed(agency=agency_a, actor=secretary_a)

    assert {(row.procedure.code, row.source) for row in added} == {
        ("1.002818", Competence.Source.CATALOGUE),
        ("1.009999", Competence.Source.PROCESS),
    }
    assert other not in selectors.competent_procedures(agency_a)
    assert list(selectors.competent_procedures(agency_a)) == [own, handled]
    entry = AuditEntry.objects.get(action="competence.seed", agency=agency_a)
    assert entry.changes == {"procedures": [None, ["1.002818", "1.009999"]]}
    # A second run adds nothing and writes nothing.
    assert services.competence_seed(agency=agency_a, actor=secretary_a) == []
    assert AuditEntry.objects.filter(action="competence.seed").count() == 1


def test_seed_leaves_off_a_procedure_taken_off_by_hand(agency_a, secretary_a):
    own = _procedure(agency_a.province, code="1.002818", implementing_agency="Sở Khoa học và Công nghệ")
    services.competence_seed(agency=agency_a, actor=secretary_a)
    services.competence_remove(
        agency=agency_a, procedure=own, actor=secretary_a, note="Đã chuyển về UBND tỉnh"
    )

    assert services.competence_seed(agency=agency_a, actor=secretary_a) == []
    assert not selectors.is_competent(agency_a, own)


@pytest.mark.parametrize("user", ["staff_a", "leader_a", "officer_a", "secretary_b", "steering"])
def test_only_the_secretary_or_the_coordinator_edits_the_list(user, agency_a, request):
    actor = request.getfixturevalue(user)
    proc = _procedure(agency_a.province, code="1.000001")
    with pytest.raises(PermissionDenied):
        services.competence_add(agency=agency_a, procedure=proc, actor=actor)
    with pytest.raises(PermissionDenied):
        services.competence_seed(agency=agency_a, actor=actor)


def test_coordinator_adds_and_takes_off_a_procedure_with_a_reason(agency_a, coordinator):
    proc = _procedure(agency_a.province, code="1.000001")

    services.competence_add(agency=agency_a, procedure=proc, actor=coordinator, note="QĐ 12/QĐ-UBND")
    assert selectors.is_competent(agency_a, proc)
    with pytest.raises(DomainError, match="đã có trong danh mục"):
        services.competence_add(agency=agency_a, procedure=proc, actor=coordinator)
    with pytest.raises(DomainError, match="lý do"):
        services.competence_remove(agency=agency_a, procedure=proc, actor=coordinator)

    services.competence_remove(
        agency=agency_a, procedure=proc, actor=coordinator, note="Không còn thẩm quyền"
    )
    assert not selectors.is_competent(agency_a, proc)
    actions = list(AuditEntry.objects.filter(agency=agency_a).values_list("action", "changes"))
    assert actions == [
        ("competence.add", {"procedure": [None, "1.000001"], "is_competent": [None, True]}),
        (
            "competence.remove",
            {
                "procedure": [None, "1.000001"],
                "is_competent": [True, False],
                "note": [None, "Không còn thẩm quyền"],
            },
        ),
    ]
    # Put back by hand: the same row, competent again.
    services.competence_add(agency=agency_a, procedure=proc, actor=coordinator)
    assert Competence.objects.get(agency=agency_a, procedure=proc).is_competent


def test_a_procedure_of_another_province_is_refused(agency_a, secretary_a, other_province):
    foreign = ProcedureFactory(province=other_province)
    with pytest.raises(DomainError, match="không thuộc danh mục của tỉnh"):
        services.competence_add(agency=agency_a, procedure=foreign, actor=secretary_a)


def test_importing_the_catalogue_seeds_the_agencies(province, coordinator, agency_a, agency_b):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Kỳ Anh")
    data = json_bytes(
        procedure(MARRIAGE, implementing_agency="Ủy ban nhân dân cấp xã"),
        procedure(
            MARRIAGE,
            code="1.002818",
            name="Cấp Giấy xác nhận đủ điều kiện tư vấn ISO",
            level="province",
            implementing_agency="Sở Khoa học và Công nghệ",
        ),
    )

    services.procedure_import(data=data, filename="danh-muc.json", province=province, actor=coordinator)

    assert [p.code for p in selectors.competent_procedures(commune)] == ["1.000894"]
    assert [p.code for p in selectors.competent_procedures(agency_a)] == ["1.002818"]
    assert list(selectors.competent_procedures(agency_b)) == []
    entry = AuditEntry.objects.get(action="competence.seed", agency=agency_a)
    assert entry.actor == coordinator


def test_processes_missing_are_the_competent_procedures_without_a_published_process(agency_a, agency_b):
    covered, draft_only, bare = (_procedure(agency_a.province, code=f"1.00000{n}") for n in range(3))
    for proc in (covered, draft_only, bare):
        CompetenceFactory(agency=agency_a, procedure=proc)
    published = ProcessFactory(agency=agency_a, document=DocumentFactory(agency=agency_a), draft=False)
    published_version(published.document)
    published.procedures.add(covered)
    ProcessFactory(agency=agency_a).procedures.add(draft_only)
    CompetenceFactory(agency=agency_b, procedure=covered)

    missing = selectors.procedures_missing_process(agency_ids=[agency_a.pk, agency_b.pk])

    assert missing == {agency_a.pk: [draft_only, bare], agency_b.pk: [covered]}


# --- the page ---------------------------------------------------------------------------------------


def _url(name="procedures:competence_list"):
    return reverse(name)


def test_secretary_sees_and_edits_the_list(client, agency_a, secretary_a):
    listed = CompetenceFactory(agency=agency_a, procedure=_procedure(agency_a.province, code="1.000001"))
    candidate = _procedure(agency_a.province, code="1.000002")
    client.force_login(secretary_a)

    page = client.get(_url())
    assert page.status_code == 200
    assert listed.procedure.code in page.content.decode()
    assert "data-searchable" in page.content.decode()

    response = client.post(
        _url("procedures:competence_add"), {"agency": agency_a.pk, "procedure": candidate.pk, "note": ""}
    )
    assert response.status_code == 302
    assert selectors.is_competent(agency_a, candidate)
    client.post(
        _url("procedures:competence_remove"),
        {"agency": agency_a.pk, "procedure": candidate.pk, "note": "Nhầm cơ quan"},
    )
    assert not selectors.is_competent(agency_a, candidate)


def test_staff_reads_the_list_but_may_not_change_it(client, agency_a, staff_a):
    proc = _procedure(agency_a.province, code="1.000001")
    client.force_login(staff_a)
    page = client.get(_url())
    assert page.status_code == 200
    assert "Thêm thủ tục vào danh mục" not in page.content.decode()
    response = client.post(_url("procedures:competence_add"), {"agency": agency_a.pk, "procedure": proc.pk})
    assert response.status_code == 403


def test_another_agencys_list_is_404(client, agency_b, secretary_a):
    proc = _procedure(agency_b.province, code="1.000001")
    client.force_login(secretary_a)
    assert client.get(_url(), {"agency": agency_b.pk}).status_code == 404
    response = client.post(_url("procedures:competence_add"), {"agency": agency_b.pk, "procedure": proc.pk})
    assert response.status_code == 404
    assert client.get(_url(), {"agency": "x"}).status_code == 404


def test_post_only_urls_refuse_get(client, secretary_a):
    client.force_login(secretary_a)
    for name in ("procedures:competence_add", "procedures:competence_remove", "procedures:competence_seed"):
        assert client.get(_url(name)).status_code == 405


def test_coordinator_picks_an_agency_then_seeds_its_list(client, coordinator, agency_a):
    _procedure(agency_a.province, code="1.002818", implementing_agency="Sở Khoa học và Công nghệ")
    client.force_login(coordinator)
    chooser = client.get(_url())
    assert chooser.status_code == 200
    assert agency_a.name in chooser.content.decode()

    response = client.post(_url("procedures:competence_seed"), {"agency": agency_a.pk}, follow=True)

    assert "Đã bổ sung 1 thủ tục" in response.content.decode()
    assert [p.code for p in selectors.competent_procedures(agency_a)] == ["1.002818"]
    assert Procedure.objects.filter(competences__agency=agency_a).count() == 1
