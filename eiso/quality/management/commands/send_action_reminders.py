"""Remind the owners of actions (risk treatments, objective plans, corrective actions) by e-mail."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.quality.notifications import action_send_reminders


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn cho người thực hiện các hành động sắp đến hạn hoặc quá hạn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days-before", type=int, default=3, help="Nhắc trước hạn bao nhiêu ngày (mặc định 3)."
        )
        parser.add_argument("--every", type=int, default=7, help="Nhắc lại sau bao nhiêu ngày (mặc định 7).")
        parser.add_argument("--today", type=date.fromisoformat, help="Ngày chạy (YYYY-MM-DD).")

    def handle(self, *args, days_before=3, every=7, today=None, **options):
        sent = action_send_reminders(
            today=today or timezone.localdate(), days_before=days_before, every_days=every
        )
        self.stdout.write(f"Đã gửi {sent} thư nhắc hạn.")
