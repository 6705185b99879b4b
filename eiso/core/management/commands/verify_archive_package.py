from django.core.management.base import BaseCommand, CommandError

from eiso.core import archive


class Command(BaseCommand):
    help = (
        "Kiểm tra một gói lưu trữ (.zip) do eISO tạo: mã băm SHA-256 của mọi tệp, "
        "không thừa, không thiếu tệp, mỗi hồ sơ có mặt đúng một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tới tệp .zip của gói lưu trữ")

    def handle(self, *args, path: str, **options):
        try:
            with open(path, "rb") as stream:
                result = archive.verify(stream)
        except OSError as error:
            raise CommandError(f"Không mở được tệp {path}: {error.strerror}.") from None
        if result.is_valid:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK: gói hợp lệ — {result.agency}, năm {result.year}: {result.records} hồ sơ, "
                    f"{result.files} tệp, mọi mã băm đều khớp."
                )
            )
            return
        for problem in result.problems:
            self.stderr.write(f"LỖI: {problem}")
        raise CommandError(f"Gói không hợp lệ: {len(result.problems)} vấn đề.")
