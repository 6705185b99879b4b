from django.core.management.base import BaseCommand
from django.db import transaction

from eiso.core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: một tỉnh với các sở, UBND cấp xã, người dùng và dữ liệu của từng phân hệ."

    def handle(self, *args, **options):
        for loader in demo.loaders:
            with transaction.atomic():
                loader.load(self.stdout.write)
            self.stdout.write(self.style.SUCCESS(f"✓ {loader.name}"))
