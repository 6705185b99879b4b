"""`backup` and `restore` round-trip a small province: counts, files and audit-trail chains."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from eiso.accounts import demo as accounts_demo
from eiso.accounts.models import Membership, User
from eiso.core import audit
from eiso.core.models import AuditEntry
from eiso.orgs import demo as orgs_demo
from eiso.orgs import services as orgs_services
from eiso.orgs.models import Agency, Unit


def snapshot():
    return {
        "agencies": Agency.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEntry.objects.count(),
        "names": sorted(Unit.objects.values_list("name", flat=True))[:5],
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_a_small_province(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs_demo.load(lambda message: None)
    accounts_demo.load(lambda message: None)
    admin = User.objects.get(username="admin")
    agency = orgs_demo.demo_agency()
    unit = orgs_services.unit_create(
        agency=agency, actor=admin, name="Phòng Sao lưu", code="SL", is_one_stop=False
    )
    orgs_services.unit_update(unit=unit, actor=admin, name="Phòng Sao lưu dữ liệu")
    default_storage.save("documents/quy-trinh.docx", ContentFile(b"noi dung tai lieu"))
    before = snapshot()
    archive = tmp_path / "eiso-backup.zip"

    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="chỉ khôi phục vào cơ sở dữ liệu trống"):
        call_command("restore", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("documents/quy-trinh.docx")
    assert Agency.objects.count() == 0

    call_command("restore", str(archive))
    assert snapshot() == before
    assert audit.verify_all() == []
    assert User.objects.get(username="secretary").check_password("eiso-demo-2026")
    with default_storage.open("documents/quy-trinh.docx", "rb") as restored:
        assert restored.read() == b"noi dung tai lieu"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "khong-phai.zip"
    bogus.write_text("xin chào")
    with pytest.raises(CommandError, match="không phải tệp sao lưu"):
        call_command("restore", str(bogus))
