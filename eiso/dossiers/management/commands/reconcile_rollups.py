from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from eiso.dossiers import rollups, selectors, stats_reference
from eiso.orgs.models import Agency, Province


class Command(BaseCommand):
    help = (
        "So sánh bảng tổng hợp số liệu thống kê hồ sơ với số liệu tính lại từ từng hồ sơ, in các chênh "
        "lệch (phải là 0) và, với --repair, sửa lại. Chạy sau khi nạp dữ liệu hàng loạt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="sửa bảng tổng hợp theo số liệu tính lại")
        parser.add_argument(
            "--figures",
            action="store_true",
            help="so thêm các số liệu của trang thống kê năm nay, từng tỉnh, với cách đếm trên từng hồ sơ",
        )

    def handle(self, *args, repair=False, figures=False, **options):
        lines = rollups.reconcile(repair=repair)
        for line in lines:
            self.stdout.write(line)
        if repair:
            rollups.analyze()
        if figures:
            lines += self.compare_figures()
        verb = "đã sửa" if repair else "chưa sửa"
        self.stdout.write(f"Chênh lệch: {len(lines)} ({verb}).")

    def compare_figures(self) -> list[str]:
        today = timezone.localdate()
        start = date(today.year, 1, 1)
        lines = []
        for province in Province.objects.order_by("pk"):
            agencies = Agency.objects.filter(province=province)
            for name, arguments in (
                ("dossier_stats", {}),
                ("stats_by", {"by": "agency"}),
                ("stats_by", {"by": "procedure"}),
                ("stats_by", {"by": "unit"}),
                ("monthly", {}),
                ("delay_ranking", {}),
            ):
                kwargs = {"agencies": agencies, "start": start, "end": today, **arguments}
                found, expected = getattr(selectors, name)(**kwargs), getattr(stats_reference, name)(**kwargs)
                if _ties_free(found) != _ties_free(expected):
                    lines.append(f"{province}: {name} {arguments} khác cách đếm trên từng hồ sơ")
        for line in lines:
            self.stdout.write(line)
        return lines


def _ties_free(answer):
    """Rows of equal hours come in no set order in "where time is lost": compare them as sets."""
    if isinstance(answer, dict) and "units" in answer:
        return {key: sorted(map(repr, rows)) for key, rows in answer.items()}
    return answer
