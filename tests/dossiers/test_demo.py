import random
import re

import pytest

from eiso.dossiers import demo
from eiso.dossiers.models import Dossier, Rating
from eiso.orgs.models import Agency
from tests.dossiers.factories import procedure_for, process_for
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_generate_is_realistic_and_consistent(agency_a, unit_a):
    procedure = procedure_for(agency_a)
    process_for(agency_a, procedure, [("Tiếp nhận", 2, unit_a, None), ("Thẩm định", 8, unit_a, None)])
    count = demo.generate(agency_a, demo.processes_of(agency_a), per_month=20, seed=1)
    assert count == 240 == Dossier.objects.count()
    outcomes = list(Dossier.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes.count("late") < outcomes.count("early") + outcomes.count("on_time")
    assert Rating.objects.exists()
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)


def test_load_skips_politely_without_a_demo_province():
    said = []
    demo.load(said.append)
    assert said == ["Chưa có tỉnh mẫu: bỏ qua hồ sơ mẫu."]


def test_demo_forms_of_both_sets_are_numbered_and_pass_the_nd30_checks(agency_a, unit_a, monkeypatch):
    """The demo's dossiers of the last 12 months use the TT 03/2025 forms, its archive of the first
    half of 2025 those of TT 01/2018: every kind of form of each renders and passes the checks."""
    from eiso.core import nd30
    from eiso.dossiers import paperwork
    from eiso.dossiers.formsets import form_set_for
    from eiso.dossiers.models import IssuedForm

    procedure = procedure_for(agency_a)
    process_for(agency_a, procedure, [("Tiếp nhận", 2, unit_a, None), ("Thẩm định", 8, unit_a, None)])
    pairs = demo.processes_of(agency_a)
    monkeypatch.setattr(demo, "ARCHIVE_PER_MONTH", 12)
    assert demo.generate_archive(agency_a, pairs) > 0
    demo.generate(agency_a, pairs, per_month=12, seed=3)

    receipts = IssuedForm.objects.filter(kind="receipt").order_by("event__at", "event_id")
    for year in {row.year for row in receipts}:
        serials = [row.serial for row in receipts if row.year == year]
        assert serials == list(range(1, len(serials) + 1))  # in reception order, from 01 each year
    checked = set()
    for row in IssuedForm.objects.select_related("dossier", "event").order_by("event__at"):
        form_set = form_set_for(row.dossier.received_on)
        if (form_set.key, row.kind) in checked or row.kind not in form_set.forms:
            continue
        paper = paperwork.build(row.dossier, row.kind, issued_id=row.pk)
        for fmt in ("docx", "pdf"):
            data = paper.render(fmt)
            lines = nd30.docx_lines(data) if fmt == "docx" else nd30.pdf_lines(data)
            nd30.assert_passes(lines, paper.expectation())
        checked.add((form_set.key, row.kind))
    assert {key for key, _ in checked} == {"tt03-2025", "tt01-2018"}
    assert {kind for key, kind in checked if key == "tt01-2018"} >= {"receipt", "control_slip", "supplement"}
    assert {kind for key, kind in checked if key == "tt03-2025"} >= {"receipt", "control_slip", "supplement"}


def test_applicants_live_in_a_commune_of_the_province_not_in_the_agency(agency_a, unit_a, province):
    for name in ["UBND Xã Hương Sơn", "UBND Phường Thành Sen"]:
        AgencyFactory(province=province, name=name, kind=Agency.Kind.COMMUNE)
    procedure = procedure_for(agency_a)
    process_for(agency_a, procedure, [("Tiếp nhận", 2, unit_a, None), ("Thẩm định", 8, unit_a, None)])

    demo.generate(agency_a, demo.processes_of(agency_a), per_month=10, seed=1)

    addresses = set(Dossier.objects.filter(agency=agency_a).values_list("applicant_address", flat=True))
    assert addresses and not any(agency_a.name in address for address in addresses)
    assert all(
        re.fullmatch(r"(Thôn \d+, xã Hương Sơn|Tổ dân phố \d+, phường Thành Sen), tỉnh Hà Tĩnh", address)
        for address in addresses
    ), addresses


def test_a_communes_applicants_live_in_that_commune(province):
    commune = AgencyFactory(province=province, name="UBND Xã Hồng Lộc", kind=Agency.Kind.COMMUNE)

    address = demo.applicant_address(random.Random(3), commune, ["UBND Phường Thành Sen"])

    assert re.fullmatch(r"Thôn \d+, xã Hồng Lộc, tỉnh Hà Tĩnh", address)
