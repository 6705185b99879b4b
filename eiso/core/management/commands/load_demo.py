from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from eiso.core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: một tỉnh với các sở, UBND cấp xã, người dùng và dữ liệu của từng phân hệ."

    def handle(self, *args, **options):
        # Publishing demo documents and similar steps send e-mails; keep them out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            for loader in demo.loaders:
                with transaction.atomic():
                    loader.load(self.stdout.write)
                self.stdout.write(self.style.SUCCESS(f"✓ {loader.name}"))
            if mail.outbox:
                self.stdout.write(f"  ({len(mail.outbox)} thư thông báo của dữ liệu mẫu không được gửi đi.)")
