"""Recalculate the computed indicators of the year's objectives: run daily from the scheduler.

Periods that were final (ended) when last computed keep their values; to recalculate one
on purpose, use the objective page, where the action is recorded in the audit trail.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from eiso.orgs.models import Agency
from eiso.quality import services


class Command(BaseCommand):
    help = "Tính lại các chỉ số mục tiêu chất lượng tự động (các kỳ chưa chốt)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Năm của mục tiêu (mặc định: năm nay).")
        parser.add_argument("--agency", help="Mã định danh của một cơ quan (mặc định: mọi cơ quan).")
        parser.add_argument("--today", type=date.fromisoformat, help="Ngày tính (YYYY-MM-DD), để chạy bù.")

    def handle(self, *args, year=None, agency=None, today=None, **options):
        selected = None
        if agency:
            selected = Agency.objects.filter(identifier_code=agency).first()
            if selected is None:
                raise CommandError(f"Không có cơ quan mã {agency}.")
        count = services.indicators_recalculate_all(today=today, year=year, agency=selected)
        self.stdout.write(f"Đã tính {count} giá trị chỉ số.")
