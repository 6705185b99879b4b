from django.core.management.base import BaseCommand, CommandError

from eiso.oversight.rules_check import run_all


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi đầu ra dùng chung một bộ quy tắc: bước xử lý không quá hẹn trả, hạn đã lưu khớp với "
        "tính lại, bảng tổng hợp thống kê khớp với từng hồ sơ, API thống kê, trang thống kê, tệp .xlsx, "
        "giá trị mục tiêu chất lượng cho cùng số liệu, "
        "biên bản kiểm tra không dẫn chứng cứ sau ngày ký, yêu cầu khắc phục có hạn không quá 02 tháng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--details", type=int, default=10, help="Số dòng chi tiết in ra cho mỗi kiểm tra."
        )

    def handle(self, *args, details: int, **options):
        findings = run_all()
        for finding in findings:
            self.stdout.write(f"{finding.check}: {finding.count}")
            for problem in finding.problems[:details]:
                self.stdout.write(f"  - {problem}")
        if any(finding.count for finding in findings):
            raise CommandError("Có số liệu không khớp với quy tắc (xem chi tiết ở trên).")
        self.stdout.write(self.style.SUCCESS("Mọi kiểm tra đều bằng 0."))
