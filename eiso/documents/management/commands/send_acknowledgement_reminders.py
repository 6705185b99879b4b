"""Remind by e-mail the staff who have not yet read a published version they were asked to read.

Run it on a schedule (e.g. daily from cron or Celery beat); each person is reminded at most once
every --every-days days.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.documents.notifications import acknowledgement_send_reminders


class Command(BaseCommand):
    help = "Nhắc qua e-mail những người chưa xác nhận đọc tài liệu đã ban hành."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every-days", type=int, default=3, help="Số ngày giữa hai lần nhắc (mặc định 3)."
        )

    def handle(self, *args, every_days: int, **options):
        reminded = acknowledgement_send_reminders(now=timezone.now(), every_days=every_days)
        self.stdout.write(f"Đã nhắc {reminded} người chưa đọc tài liệu.")
