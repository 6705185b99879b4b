from django.core.management.base import BaseCommand

from eiso.dossiers.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc người xử lý và trưởng phòng về các bước hồ sơ sắp đến hạn (trong 01 ngày làm việc) "
        "và đã quá hạn."
    )

    def handle(self, *args, **options):
        result = send_reminders()
        self.stdout.write(
            f"{result['soon']} bước sắp đến hạn, {result['overdue']} bước quá hạn; "
            f"đã gửi {result['emails']} thư."
        )
