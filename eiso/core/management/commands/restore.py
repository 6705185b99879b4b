"""`manage.py restore FILE.zip`: load a backup made by `manage.py backup` into an empty database.

Refuses to run on a database that already holds eISO data, so a restore never mixes two
deployments; then verifies the audit-trail chains of what it restored.
"""

import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from eiso.core import audit
from eiso.core.management.commands.backup import DATA_NAME
from eiso.core.models import AuditEntry


class Command(BaseCommand):
    help = "Khôi phục dữ liệu từ tệp sao lưu .zip vào một cơ sở dữ liệu trống (đã migrate)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .zip do lệnh backup tạo ra")

    def handle(self, *args, archive, **options):
        if not zipfile.is_zipfile(archive):
            raise CommandError(f"{archive} không phải tệp sao lưu .zip hợp lệ.")
        from django.apps import apps

        agency_model = apps.get_model("orgs", "Agency")
        if agency_model.objects.exists() or AuditEntry.objects.exists():
            raise CommandError("Cơ sở dữ liệu đã có dữ liệu: chỉ khôi phục vào cơ sở dữ liệu trống.")
        with zipfile.ZipFile(archive) as bundle, tempfile.TemporaryDirectory() as workdir:
            if DATA_NAME not in bundle.namelist():
                raise CommandError("Tệp sao lưu thiếu phần cơ sở dữ liệu.")
            data_path = Path(workdir) / DATA_NAME
            data_path.write_bytes(bundle.read(DATA_NAME))
            with transaction.atomic():
                call_command("loaddata", str(data_path), verbosity=0)
            restored_files = 0
            for name in bundle.namelist():
                if name.startswith("files/") and not name.endswith("/"):
                    target = name.removeprefix("files/")
                    if default_storage.exists(target):
                        default_storage.delete(target)
                    default_storage.save(target, ContentFile(bundle.read(name)))
                    restored_files += 1
        problems = audit.verify_all()
        if problems:
            raise CommandError(
                f"Đã khôi phục nhưng nhật ký thay đổi có {len(problems)} chuỗi không toàn vẹn."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Đã khôi phục dữ liệu và {restored_files} tệp; nhật ký thay đổi toàn vẹn.")
        )
