"""E-mail each person the QMS calendar items they answer for that are overdue or due within a week.

Run it daily (cron), unless the Celery beat runs it (core.tasks)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.improvement.calendar_reminders import send_calendar_reminders


class Command(BaseCommand):
    help = "Nhắc qua e-mail các việc định kỳ HTQLCL sắp đến hạn hoặc đã quá hạn."

    def handle(self, *args, **options):
        sent = send_calendar_reminders(today=timezone.localdate())
        self.stdout.write(f"Đã gửi {sent['emails']} thư nhắc ({sent['items']} việc).")
