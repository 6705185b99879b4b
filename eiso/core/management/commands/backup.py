"""`manage.py backup FILE.zip`: the whole database and the uploaded files in one archive.

The database goes in as Django's portable JSON, so a backup taken on PostgreSQL restores on
PostgreSQL or SQLite alike. Primary keys are kept (the audit trail's hashes cover them); only
content types travel by natural key, since their ids differ between databases; for very large
deployments `pg_dump` is faster and is
described in docs/operations.md. Files are read through the storage API.
"""

import io
import json
import zipfile
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

from eiso.core import audit

# Rebuilt by Django itself, or transient: sessions, login-throttling records.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
DATA_NAME = "database.json"
MANIFEST_NAME = "manifest.json"


def walk_storage(path=""):
    directories, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from walk_storage(f"{path}/{directory}" if path else directory)


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu và tệp đính kèm vào một tệp .zip."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Đường dẫn tệp .zip sẽ tạo")

    def handle(self, *args, output, **options):
        problems = audit.verify_all()
        data = io.StringIO()
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            stdout=data,
            verbosity=0,
        )
        files = list(walk_storage()) if default_storage.exists("") or settings.MEDIA_ROOT else []
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DATA_NAME, data.getvalue())
            for name in files:
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(f"files/{name}", handle.read())
            manifest = {
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "objects": len(json.loads(data.getvalue())),
                "files": len(files),
                "audit_trail_ok": not problems,
            }
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
        if problems:
            self.stderr.write(
                f"Cảnh báo: nhật ký thay đổi có {len(problems)} chuỗi bị lỗi trước khi sao lưu."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {manifest['objects']} bản ghi và {manifest['files']} tệp vào {output}."
            )
        )
