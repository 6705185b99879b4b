from django.core.management.base import BaseCommand, CommandError

from eiso.core import audit


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký thay đổi (chuỗi băm theo từng cơ quan)."

    def handle(self, *args, **options):
        problems = audit.verify_all()
        if not problems:
            self.stdout.write(self.style.SUCCESS("OK: nhật ký thay đổi toàn vẹn."))
            return
        for problem in problems:
            self.stderr.write(
                f"LỖI chuỗi {problem.chain}, bản ghi số {problem.sequence} (id {problem.entry_id}): "
                f"{problem.reason}"
            )
        raise CommandError(f"Phát hiện {len(problems)} chuỗi nhật ký bị can thiệp.")
