"""Remove the signing sessions that are over: expired unused, or completed (the signed document is
the record; the prepared copy is no longer needed). Run it daily from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.orgs.signing import sessions_purge


class Command(BaseCommand):
    help = "Xóa các phiên ký số đã hết hạn hoặc đã hoàn tất cùng tệp đã chuẩn bị của chúng."

    def handle(self, *args, **options):
        removed = sessions_purge(now=timezone.now())
        self.stdout.write(f"Đã xóa {removed} phiên ký số đã kết thúc.")
