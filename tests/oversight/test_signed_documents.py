"""The oversight documents signed through the one signing mechanism (orgs.signing), beside Mẫu 20:
the inspection plan (Mẫu 19) and the periodic report for the Sở, by the coordinator; the minutes
(Mẫu 21) by both parties, the team's head first, then the inspected agency over the team's signed
file. Each verifies with pyHanko through core.signatures; a change of what it printed afterwards is
shown and a new document proposed; the wrong role or province is refused."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from eiso.core import signatures
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures
from eiso.core.roles import Role
from eiso.orgs import certificates, signing
from eiso.oversight import reporting, signables
from eiso.oversight.models import Inspection, InspectionPlan, Report
from tests import signing as test_signing
from tests.factories import MembershipFactory, UserFactory
from tests.oversight.factories import InspectionFactory, InspectionPlanFactory, ReportFactory

pytestmark = pytest.mark.django_db
VALID = FileSignatures.Verdict.VALID


@pytest.fixture(scope="module")
def keys():
    ca = test_signing.root_ca()
    return {
        "ca": ca,
        "so": test_signing.signer(
            ca, common_name="Sở Khoa học và Công nghệ", organisation="UBND tỉnh Hà Tĩnh"
        ),
        "stp": test_signing.signer(ca, common_name="Sở Tư pháp", organisation="UBND tỉnh Hà Tĩnh"),
        "person": test_signing.signer(ca, common_name="Nguyễn Thị Lan", organisation="Sở Tư pháp"),
    }


def _certificate(agency, who, sysadmin):
    data = pkcs12.serialize_key_and_certificates(
        b"k", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency, data=data, password="pw", actor=sysadmin)


@pytest.fixture
def certified(keys, agency_a, agency_b, sysadmin):
    """The Sở KH&CN (agency A) and the inspected Sở Tư pháp (agency B) have certificates; the root
    is trusted."""
    _certificate(agency_a, keys["so"], sysadmin)
    _certificate(agency_b, keys["stp"], sysadmin)
    signatures.trusted_root_add(
        data=keys["ca"].pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )


@pytest.fixture
def plan(province, agency_a, agency_b):
    plan = InspectionPlanFactory(
        province=province,
        year=2026,
        issuing_agency=agency_a.name,
        status=InspectionPlan.Status.APPROVED,
        number="12/KH-SKHCN",
        approved_on=date(2026, 2, 10),
        signer_name="Lê Văn An",
    )
    InspectionFactory(plan=plan, agency=agency_b, form=Inspection.Form.ON_SITE, planned_on=date(2026, 10, 5))
    return plan


@pytest.fixture
def leader_b(agency_b):
    return MembershipFactory(agency=agency_b, role=Role.LEADER, user__username="leader_b").user


@pytest.fixture
def concluded(plan, agency_b):
    inspection = plan.inspections.get()
    Inspection.objects.filter(pk=inspection.pk).update(
        status=Inspection.Status.CONCLUDED,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
        inspected_on=date(2026, 10, 5),
        minutes_signed_on=date(2026, 10, 5),
        minutes_number="05/BB-ĐKT",
        team="Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở\nThành viên: Bà Hồ Thị Mai",
        agency_representative="Bà Nguyễn Thị Lan, Giám đốc Sở Tư pháp",
        conclusion="Hệ thống được duy trì, cải tiến.",
    )
    inspection.refresh_from_db()
    return inspection


def _verdict(signed):
    return signatures.check_file(signed.file).verdict


# --- Mẫu 19 -----------------------------------------------------------------------------------------


def test_the_coordinator_signs_the_plan_for_the_so_and_it_verifies(
    client, plan, certified, coordinator, agency_a
):
    signed = signing.document_sign(kind=signables.PLAN_KIND, target=plan, actor=coordinator)
    assert _verdict(signed) == VALID
    assert signed.agency == agency_a and signed.signer == "Sở Khoa học và Công nghệ"
    client.force_login(coordinator)
    download = client.get(reverse("oversight:inspection_plan_document", args=[plan.pk, "pdf"]))
    assert download["Location"] == reverse("orgs:signed_file", args=[signed.pk])


def test_a_plan_changed_after_signing_proposes_a_new_plan(client, plan, certified, coordinator):
    signed = signing.document_sign(kind=signables.PLAN_KIND, target=plan, actor=coordinator)
    Inspection.objects.filter(plan=plan).update(planned_on=date(2026, 11, 2))
    assert signing.changes_since_signing(signed, plan) == ["inspections"]
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="signed-differs"' in page and "kế hoạch điều chỉnh, bổ sung" in page


def test_only_the_provinces_coordinator_signs_an_approved_plan(
    plan, leader_a, steering, other_coordinator, coordinator
):
    for actor in (leader_a, steering, other_coordinator):
        with pytest.raises(PermissionDenied):
            signing.document_sign(kind=signables.PLAN_KIND, target=plan, actor=actor)
    InspectionPlan.objects.filter(pk=plan.pk).update(status=InspectionPlan.Status.DRAFT)
    plan.refresh_from_db()
    with pytest.raises(DomainError, match="đã phê duyệt"):
        signing.session_start(kind=signables.PLAN_KIND, target=plan, actor=coordinator)


# --- Mẫu 21: two parties -----------------------------------------------------------------------------


def test_the_minutes_carry_the_team_signature_then_the_agency_one(
    client, concluded, certified, coordinator, leader_b
):
    team = signing.document_sign(kind=signables.MINUTES_KIND, target=concluded, actor=coordinator)
    assert _verdict(team) == VALID
    both = signing.document_sign(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=leader_b)
    result = signatures.check_file(both.file)
    found = signatures.described(result)
    # The team's signature is still intact and unchanged: only the agency's signature came after it.
    assert result.verdict == VALID and len(found) == 2 and all(one["unchanged"] for one in found)
    assert [one["field"] for one in found] == [signing.FIELD_AGENCY, "ChuKyCoQuanDaiDien"]
    assert [one["signer"] for one in found] == ["Sở Khoa học và Công nghệ", "Sở Tư pháp"]
    assert both.signer == "Sở Tư pháp" and both.agency == concluded.agency
    client.force_login(coordinator)
    download = client.get(reverse("oversight:inspection_minutes", args=[concluded.pk, "pdf"]))
    assert download["Location"] == reverse("orgs:signed_file", args=[both.pk])


def test_the_agency_signs_the_minutes_with_its_own_device_in_the_left_column(
    concluded, certified, coordinator, leader_b, keys
):
    signing.document_sign(kind=signables.MINUTES_KIND, target=concluded, actor=coordinator)
    session = signing.session_start(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=leader_b)
    cms = test_signing.cms_over(bytes(session.digest), keys["person"], keys["ca"])
    signed = signing.session_complete(session=session, cms_der=cms, actor=leader_b)
    found = signatures.described(signatures.check_file(signed.file))
    assert _verdict(signed) == VALID and [one["field"] for one in found][-1] == "ChuKyDaiDien"
    assert signed.signer == "Nguyễn Thị Lan"


def test_the_minutes_are_signed_in_order_by_the_right_parties(
    concluded, certified, coordinator, leader_b, leader_a
):
    with pytest.raises(DomainError, match="Trưởng đoàn kiểm tra cần ký số biên bản trước"):
        signing.document_sign(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=leader_b)
    with pytest.raises(PermissionDenied):
        signing.document_sign(kind=signables.MINUTES_KIND, target=concluded, actor=leader_b)
    team = signing.document_sign(kind=signables.MINUTES_KIND, target=concluded, actor=coordinator)
    for actor in (coordinator, leader_a):
        with pytest.raises(PermissionDenied):
            signing.document_sign(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=actor)
    # A change after the team signed: the agency does not sign minutes that differ from the data.
    Inspection.objects.filter(pk=concluded.pk).update(conclusion="Kết luận khác.")
    concluded.refresh_from_db()
    assert signing.changes_since_signing(team, concluded) == ["conclusion"]
    with pytest.raises(DomainError, match="đã thay đổi sau khi Đoàn kiểm tra ký"):
        signing.document_sign(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=leader_b)


def test_minutes_under_way_are_not_signed(plan, coordinator):
    inspection = plan.inspections.get()
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.IN_PROGRESS)
    inspection.refresh_from_db()
    with pytest.raises(DomainError, match="đã kết luận"):
        signing.document_sign(kind=signables.MINUTES_KIND, target=inspection, actor=coordinator)


# --- the periodic report -----------------------------------------------------------------------------


@pytest.fixture
def report(province, agency_a):
    report = ReportFactory(
        province=province,
        year=2026,
        half=1,
        issuing_agency=agency_a.name,
        number="566/BC-SKHCN",
        issued_on=date(2026, 6, 20),
        signer_name="Lê Văn An",
        status=Report.Status.ISSUED,
    )
    report.pdf_file.save("566.pdf", ContentFile(reporting.render_pdf(report, date(2026, 6, 20))), save=True)
    return report


def test_the_coordinator_signs_the_issued_report_and_it_verifies(
    client, report, certified, coordinator, agency_a
):
    signed = signing.document_sign(kind=signables.REPORT_KIND, target=report, actor=coordinator)
    assert _verdict(signed) == VALID and signed.agency == agency_a
    client.force_login(coordinator)
    assert 'data-testid="signed-file"' in client.get(report.get_absolute_url()).content.decode()
    download = client.get(reverse("oversight:report_download", args=[report.pk, "pdf"]))
    assert download["Location"] == reverse("orgs:signed_file", args=[signed.pk])
    Report.objects.filter(pk=report.pk).update(signer_name="Trần Thị B")
    report.refresh_from_db()
    assert signing.changes_since_signing(signed, report) == ["signer_name"]


def test_only_the_coordinator_signs_and_only_an_issued_report(report, steering, leader_a, coordinator):
    for actor in (steering, leader_a):
        with pytest.raises(PermissionDenied):
            signing.document_sign(kind=signables.REPORT_KIND, target=report, actor=actor)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    report.refresh_from_db()
    with pytest.raises(DomainError, match="đã ban hành"):
        signing.document_sign(kind=signables.REPORT_KIND, target=report, actor=coordinator)


def test_the_signed_decision_and_minutes_are_the_inspection_records_files(
    concluded, certified, coordinator, leader_b
):
    from eiso.core import retention

    decision = signing.document_sign(kind=signables.DECISION_KIND, target=concluded, actor=coordinator)
    team = signing.document_sign(kind=signables.MINUTES_KIND, target=concluded, actor=coordinator)
    both = signing.document_sign(kind=signables.MINUTES_AGENCY_KIND, target=concluded, actor=leader_b)
    files = retention.REGISTRY["oversight.inspection"].files(concluded)
    assert [file.name for file in files] == [decision.file.name, team.file.name, both.file.name]
