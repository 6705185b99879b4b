"""Mẫu 20 signed with the issuing agency's certificate (issue 20, item 2a) through the one signing
mechanism (orgs.signing): the signed PDF becomes the decision, verifies, and the decision's fields
no longer change; what it printed and changed later is shown."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from eiso.core import signatures
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, FileSignatures
from eiso.orgs import certificates
from eiso.orgs import signing as signing_service
from eiso.orgs.models import SignedDocument
from eiso.oversight import services
from eiso.oversight.models import Inspection
from tests import signing
from tests.factories import UserFactory
from tests.oversight.factories import InspectionFactory, InspectionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def keys():
    ca = signing.root_ca()
    return ca, signing.signer(ca, common_name="Sở Khoa học và Công nghệ", organisation="UBND tỉnh Hà Tĩnh")


@pytest.fixture
def inspection(province, agency_a, agency_b, sysadmin, keys):
    """An on-site inspection of agency B decided by the Sở KH&CN (agency A), which has a certificate."""
    ca, who = keys
    data = pkcs12.serialize_key_and_certificates(
        b"so", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency_a, data=data, password="pw", actor=sysadmin)
    signatures.trusted_root_add(
        data=ca.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )
    plan = InspectionPlanFactory(province=province, year=2026, issuing_agency=agency_a.name)
    return InspectionFactory(
        plan=plan,
        agency=agency_b,
        form=Inspection.Form.ON_SITE,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
    )


def _sign(inspection, actor):
    return signing_service.document_sign(kind=services.DECISION_KIND, target=inspection, actor=actor)


def test_the_coordinator_signs_the_decision_and_it_verifies(inspection, coordinator):
    signed = _sign(inspection, coordinator)
    result = signatures.check_file(signed.file)
    assert result.verdict == FileSignatures.Verdict.VALID
    assert signed.method == SignedDocument.Method.SERVER and signed.signer == "Sở Khoa học và Công nghệ"
    assert AuditEntry.objects.filter(action="signed_document.sign", target_id=inspection.pk).count() == 1


def test_what_the_signed_decision_printed_and_changed_later_is_shown(inspection, coordinator):
    signed = _sign(inspection, coordinator)
    assert signing_service.changes_since_signing(signed, inspection) == []
    services.inspection_update(inspection=inspection, actor=coordinator, planned_on=date(2026, 10, 5))
    inspection.refresh_from_db()
    assert signing_service.changes_since_signing(signed, inspection) == ["planned_on"]


def test_a_signed_decision_is_immutable(inspection, coordinator):
    _sign(inspection, coordinator)
    inspection.refresh_from_db()
    with pytest.raises(DomainError, match="đã được ký số"):
        services.inspection_update(inspection=inspection, actor=coordinator, decision_number="21/QĐ-SKHCN")
    with pytest.raises(DomainError, match="đã được ký số"):
        _sign(inspection, coordinator)
    # What the decision does not print may still change.
    services.inspection_update(inspection=inspection, actor=coordinator, planned_on=date(2026, 10, 5))


def test_the_download_serves_the_signed_file_not_a_new_rendering(client, inspection, coordinator):
    signed = _sign(inspection, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("oversight:inspection_decision", args=[inspection.pk, "pdf"]))
    assert response.status_code == 302
    served = client.get(response["Location"])
    assert b"".join(served.streaming_content) == signed.file.open("rb").read()


def test_without_a_number_or_by_another_role_it_is_refused(inspection, coordinator, steering):
    with pytest.raises(PermissionDenied):
        _sign(inspection, steering)
    Inspection.objects.filter(pk=inspection.pk).update(decision_number="")
    inspection.refresh_from_db()
    with pytest.raises(DomainError, match="số và ngày quyết định"):
        _sign(inspection, coordinator)
