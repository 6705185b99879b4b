"""`manage.py load_demo` builds the demo province once; a second run duplicates nothing."""

import pytest
from django.core.management import call_command

from eiso.accounts.models import Membership, User
from eiso.orgs.models import Agency, Unit
from eiso.oversight.models import Inspection, Report

pytestmark = pytest.mark.django_db


def counts():
    return (Agency.objects.count(), Unit.objects.count(), User.objects.count(), Membership.objects.count())


def test_load_demo_is_idempotent_and_has_the_promised_shape(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).count() == 15
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).count() == 30
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "coordinator",
        "secretary",
        "leader",
        "staff",
        "officer",
        "auditor",
        "secretary2",
    } <= usernames
    assert User.objects.get(username="secretary").check_password("eiso-demo-2026")
    assert "eiso-demo-2026" in capsys.readouterr().out
    issued = Report.objects.get(status=Report.Status.ISSUED)
    assert issued.kind == Report.Kind.SIX_MONTH and issued.number == "566/BC-SKHCN"
    assert issued.docx_file and issued.pdf_file and issued.figures["has_data"]
    assert Report.objects.filter(status=Report.Status.DRAFT).count() == 1
    concluded = Inspection.objects.filter(status=Inspection.Status.CONCLUDED)
    on_site = concluded.filter(form=Inspection.Form.ON_SITE)
    by_documents = concluded.filter(form=Inspection.Form.DOCUMENTS)
    assert on_site.exists() and by_documents.exists()
    assert not on_site.filter(decided_on=None).exists() and not on_site.filter(minutes_number="").exists()
    assert not on_site.exclude(agency_representative__contains="Thủ trưởng cơ quan").exists()
    # An inspection through documents: asked to report (Điều 35), closed by a written request.
    assert not by_documents.filter(report_request_number="").exists()
    assert not by_documents.filter(result_letter_on=None).exists()
    assert not by_documents.exclude(minutes_signed_on=None).exists()
