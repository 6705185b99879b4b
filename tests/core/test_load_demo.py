"""`manage.py load_demo` builds the demo province once; a second run duplicates nothing."""

import logging
from decimal import Decimal

import pytest
from django.core.management import call_command

from eiso.accounts.models import Membership, User
from eiso.dossiers.models import Dossier
from eiso.orgs.demo import demo_agency
from eiso.orgs.models import Agency, Unit
from eiso.oversight.models import Inspection, Report, TrainingAttendance, TrainingSession
from eiso.quality.models import QualityObjective
from tests.demo import trim_demo

pytestmark = pytest.mark.django_db


def counts():
    return (Agency.objects.count(), Unit.objects.count(), User.objects.count(), Membership.objects.count())


def test_load_demo_is_idempotent_and_has_the_promised_shape(capsys, monkeypatch):
    # Trimmed as the crawl's demo is: the shape and the idempotence are the same with fewer dossiers,
    # and the full demo, loaded twice, was the slowest test of the suite.
    trim_demo(monkeypatch)
    call_command("load_demo")
    first = counts()
    first_output = capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first
    assert_truthful(first_output)
    assert_training_figures_agree()
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


def assert_truthful(output: str) -> None:
    """The closing list counts the users there are and names the logins by role; nothing from
    WeasyPrint's or fontTools' loggers (they went to the console at INFO)."""
    assert f"{User.objects.filter(is_active=True).count()} tài khoản, mật khẩu chung eiso-demo-2026" in output
    assert "Thư ký ISO: secretary, secretary2" in output and "Sở KH&CN (điều phối ISO): coordinator" in output
    assert "Quản trị hệ thống: admin" in output
    assert logging.getLogger("weasyprint").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("fontTools.subset").getEffectiveLevel() >= logging.WARNING


def assert_training_figures_agree() -> None:
    """The demo agency's training objective is measured from the province's attendance lists, and
    addresses name a commune of the province, never the agency."""
    agency = demo_agency()
    objective = QualityObjective.objects.get(agency=agency, statement__startswith="100% cán bộ, công chức")
    people = set(
        Membership.objects.filter(agency=agency, is_active=True).values_list("user__full_name", flat=True)
    )
    trained = set(TrainingAttendance.objects.filter(agency=agency).values_list("person_name", flat=True))
    assert trained and trained <= people
    assert objective.values.get().value == round(Decimal(len(trained) * 100) / len(people), 1)
    assert TrainingSession.objects.count() == 3
    assert not Dossier.objects.filter(applicant_address__contains="Sở ").exists()
