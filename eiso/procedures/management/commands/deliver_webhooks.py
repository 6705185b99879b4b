"""Send the webhook events that are due (run it every minute from cron or the Celery beat)."""

from django.core.management.base import BaseCommand

from eiso.procedures import services


class Command(BaseCommand):
    help = "Gửi các sự kiện webhook đến hạn; lần gửi lỗi được thử lại với thời gian chờ tăng dần."

    def handle(self, *args, **options):
        counts = services.webhook_deliver_due()
        self.stdout.write(
            f"Đã gửi thành công {counts['delivered']}, sẽ thử lại {counts['retry']}, "
            f"ngừng thử lại {counts['failed']}."
        )
