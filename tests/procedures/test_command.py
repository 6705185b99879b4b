"""`manage.py import_procedures FILE [--dry-run] [--province CODE]`."""

import pytest
from django.core.management import CommandError, call_command

from eiso.core.models import AuditEntry
from eiso.procedures.models import Procedure
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure, xlsx_bytes, xlsx_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "danh-muc.json"
    path.write_bytes(json_bytes(MARRIAGE, BIRTH))
    return path


def test_dry_run_reports_and_changes_nothing(catalogue, province, capsys):
    call_command("import_procedures", str(catalogue), "--dry-run", "--province", "42")
    out = capsys.readouterr().out
    assert "1.000894\tThêm mới" in out and "Chạy thử: tệp hợp lệ" in out
    assert not Procedure.objects.exists() and not AuditEntry.objects.exists()


def test_import_then_reimport_changes_nothing_the_second_time(catalogue, province, capsys):
    call_command("import_procedures", str(catalogue), "--province", "42")
    assert Procedure.objects.filter(province=province).count() == 2
    call_command("import_procedures", str(catalogue))  # the only province is chosen
    assert "2 không thay đổi" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="procedure.create").count() == 2


def test_rejected_file_fails_with_the_reasons(tmp_path, province, capsys):
    path = tmp_path / "danh-muc.xlsx"
    bad = xlsx_row(procedure(BIRTH))
    bad["processing_time.unit"] = "tuần"
    path.write_bytes(xlsx_bytes([xlsx_row(MARRIAGE), bad]))
    with pytest.raises(CommandError, match="không thủ tục nào được nhập"):
        call_command("import_procedures", str(path), "--province", "42")
    assert "Dòng 3\t1.001193\tBị từ chối" in capsys.readouterr().out
    assert not Procedure.objects.exists()


def test_unknown_province_or_missing_file(catalogue, province, other_province):
    with pytest.raises(CommandError, match="Không có tỉnh nào mang mã 7"):
        call_command("import_procedures", str(catalogue), "--province", "7")
    with pytest.raises(CommandError, match="Hãy chỉ rõ tỉnh"):
        call_command("import_procedures", str(catalogue))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_procedures", "/nonexistent.json", "--province", "42")
