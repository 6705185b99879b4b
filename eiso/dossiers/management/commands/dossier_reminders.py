from django.core.management.base import BaseCommand

from eiso.dossiers.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc người xử lý và trưởng phòng về các bước hồ sơ sắp đến hạn (trong 01 ngày làm việc) "
        "và đã quá hạn; nhắc bộ phận một cửa tiếp nhận hồ sơ trực tuyến và đề xuất kết thúc hồ sơ "
        "không được bổ sung sau 15 ngày. Chạy mỗi giờ và ít nhất mỗi đêm."
    )

    def handle(self, *args, **options):
        result = send_reminders()
        self.stdout.write(
            f"{result['soon']} bước sắp đến hạn, {result['overdue']} bước quá hạn, "
            f"{result['online']} hồ sơ trực tuyến chờ tiếp nhận, "
            f"{result['closures']} hồ sơ đề xuất kết thúc; "
            f"đã gửi {result['emails']} thư."
        )
