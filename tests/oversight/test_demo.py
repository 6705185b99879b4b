"""The oversight demo's reports: the last six months' issued, the current one in draft; a machine
that cannot render PDFs still gets its demo."""

from datetime import date

from eiso.oversight import demo, reporting
from eiso.oversight.models import Report

TODAY = date(2026, 12, 6)


def test_the_last_six_months_report_is_issued_and_the_current_one_drafted(
    province, coordinator, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    said = []
    demo._reports(province, coordinator, TODAY, said.append)
    issued = Report.objects.get(year=2026, half=1)
    assert issued.status == Report.Status.ISSUED and issued.issued_on == date(2026, 6, 15)
    assert Report.objects.get(year=2026, half=2).status == Report.Status.DRAFT
    demo._reports(province, coordinator, TODAY, said.append)
    assert Report.objects.count() == 2


def test_without_pango_the_demo_keeps_the_report_unissued_and_says_why(
    province, coordinator, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def no_pango(report, today):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(reporting, "render_pdf", no_pango)
    said = []
    demo._reports(province, coordinator, TODAY, said.append)
    unissued = Report.objects.get(year=2026, half=1)
    assert unissued.has_generation_failed and unissued.status == Report.Status.DRAFT
    assert Report.objects.get(year=2026, half=2).status == Report.Status.DRAFT
    assert any("libpango" in line for line in said)
