"""The agency's own documents signed through the one signing mechanism (orgs.signing): the internal
audit report by the lead auditor who issues it, the management review minutes by the leader who
holds the review. Each verifies with pyHanko through core.signatures; a change of what it printed
afterwards is shown and a new document proposed; the wrong person, role or agency is refused."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from eiso.core import retention, signatures
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures
from eiso.core.roles import Role
from eiso.improvement import signables
from eiso.improvement.models import InternalAudit, ManagementReview
from eiso.orgs import certificates, signing
from tests import signing as test_signing
from tests.factories import MembershipFactory, UserFactory
from tests.improvement.factories import FindingFactory, InternalAuditFactory, ManagementReviewFactory

pytestmark = pytest.mark.django_db
VALID = FileSignatures.Verdict.VALID


@pytest.fixture(scope="module")
def keys():
    ca = test_signing.root_ca()
    return ca, test_signing.signer(
        ca, common_name="Sở Khoa học và Công nghệ", organisation="UBND tỉnh Hà Tĩnh"
    )


@pytest.fixture
def certified(keys, agency_a, sysadmin):
    ca, who = keys
    data = pkcs12.serialize_key_and_certificates(
        b"k", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency_a, data=data, password="pw", actor=sysadmin)
    signatures.trusted_root_add(
        data=ca.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )


@pytest.fixture
def audit(agency_a, auditor_a):
    audit = InternalAuditFactory(
        programme__agency=agency_a,
        lead_auditor=auditor_a,
        status=InternalAudit.Status.REPORTED,
        report_number="03/BC-ĐGNB",
        reported_on=date(2026, 5, 8),
        summary="Hệ thống được áp dụng.",
        conclusions="Phù hợp.",
    )
    FindingFactory(audit=audit)
    return audit


@pytest.fixture
def review(agency_a, leader_a):
    return ManagementReviewFactory(
        agency=agency_a,
        chair=leader_a,
        status=ManagementReview.Status.HELD,
        held_on=date(2026, 11, 10),
        inputs_frozen_at="2026-11-10T09:00:00+07:00",
        minutes_number="07/BB-XXLĐ",
        conclusions="Duy trì hệ thống.",
    )


def test_the_lead_auditor_signs_the_audit_report_and_it_verifies(client, audit, certified, auditor_a):
    signed = signing.document_sign(kind=signables.AUDIT_REPORT_KIND, target=audit, actor=auditor_a)
    assert signatures.check_file(signed.file).verdict == VALID and signed.agency == audit.agency
    client.force_login(auditor_a)
    download = client.get(reverse("improvement:audit_report_pdf", args=[audit.pk]))
    assert download["Location"] == reverse("orgs:signed_file", args=[signed.pk])
    assert retention.REGISTRY["improvement.internal_audit"].files(audit)[-1].name == signed.file.name


def test_an_audit_report_changed_after_signing_proposes_a_new_report(client, audit, certified, auditor_a):
    signed = signing.document_sign(kind=signables.AUDIT_REPORT_KIND, target=audit, actor=auditor_a)
    FindingFactory(audit=audit, statement="Một phát hiện thêm sau khi ký.")
    assert signing.changes_since_signing(signed, audit) == ["findings"]
    client.force_login(auditor_a)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Dữ liệu đã thay đổi sau khi ký (các phát hiện)" in page and "báo cáo đánh giá bổ sung" in page


def test_only_the_lead_auditor_signs_an_issued_report(audit, leader_a, secretary_a, secretary_b, auditor_a):
    for actor in (leader_a, secretary_a, secretary_b):
        with pytest.raises(PermissionDenied):
            signing.document_sign(kind=signables.AUDIT_REPORT_KIND, target=audit, actor=actor)
    InternalAudit.objects.filter(pk=audit.pk).update(status=InternalAudit.Status.IN_PROGRESS)
    audit.refresh_from_db()
    with pytest.raises(DomainError, match="đã ban hành"):
        signing.session_start(kind=signables.AUDIT_REPORT_KIND, target=audit, actor=auditor_a)


def test_the_leader_signs_the_review_minutes_and_it_verifies(client, review, certified, leader_a):
    signed = signing.document_sign(kind=signables.REVIEW_MINUTES_KIND, target=review, actor=leader_a)
    assert signatures.check_file(signed.file).verdict == VALID
    client.force_login(leader_a)
    download = client.get(reverse("improvement:review_minutes_pdf", args=[review.pk]))
    assert download["Location"] == reverse("orgs:signed_file", args=[signed.pk])
    ManagementReview.objects.filter(pk=review.pk).update(conclusions="Kết luận sửa sau khi ký.")
    review.refresh_from_db()
    assert signing.changes_since_signing(signed, review) == ["conclusions"]
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'data-testid="signed-differs"' in page and "biên bản bổ sung" in page
    assert retention.REGISTRY["improvement.management_review"].files(review) == [signed.file]


def test_only_a_leader_of_the_agency_signs_the_minutes_of_a_held_review(
    review, secretary_a, agency_b, leader_a
):
    other_leader = MembershipFactory(agency=agency_b, role=Role.LEADER, user__username="leader_b").user
    for actor in (secretary_a, other_leader):
        with pytest.raises(PermissionDenied):
            signing.document_sign(kind=signables.REVIEW_MINUTES_KIND, target=review, actor=actor)
    ManagementReview.objects.filter(pk=review.pk).update(minutes_number="")
    review.refresh_from_db()
    with pytest.raises(DomainError, match="số biên bản"):
        signing.document_sign(kind=signables.REVIEW_MINUTES_KIND, target=review, actor=leader_a)
