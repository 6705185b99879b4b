from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.dossiers.ingest import expire_pending_events


class Command(BaseCommand):
    help = (
        "Xóa các sự kiện hồ sơ đã chờ quá thời hạn (EISO_INGEST_PENDING_DAYS) mà hồ sơ vẫn chưa được "
        "tiếp nhận. Chạy hằng đêm."
    )

    def handle(self, *args, **options):
        count = expire_pending_events(now=timezone.now())
        self.stdout.write(f"Đã xóa {count} sự kiện chờ hồ sơ quá hạn.")
