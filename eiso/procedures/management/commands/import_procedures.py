from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eiso.orgs.models import Province
from eiso.procedures import services
from eiso.procedures.importing import ImportPlan


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ tệp JSON (eiso-tthc/1) hoặc .xlsx; "
        "--dry-run chỉ kiểm tra và báo cáo, không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .json hoặc .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không nhập.")
        parser.add_argument("--province", type=int, help="Mã đơn vị hành chính của tỉnh, ví dụ 42 (Hà Tĩnh).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        province = self._province(options["province"])
        data = path.read_bytes()
        if options["dry_run"]:
            plan = services.procedure_import_plan(
                data=data, filename=path.name, province=province, actor=None
            )
            self._report(plan)
            if not plan.is_valid:
                raise CommandError("Tệp có lỗi: nếu nhập thật, không thủ tục nào được nhập.")
            self.stdout.write(self.style.SUCCESS("Chạy thử: tệp hợp lệ, chưa có gì thay đổi."))
            return
        try:
            plan = services.procedure_import(data=data, filename=path.name, province=province, actor=None)
        except services.ImportRejected as exc:
            self._report(exc.plan)
            raise CommandError(exc.message) from exc
        self._report(plan)
        self.stdout.write(self.style.SUCCESS(f"Đã nhập danh mục vào {province}."))

    def _province(self, code: int | None) -> Province:
        if code is not None:
            province = Province.objects.filter(division_code=code).first()
            if province is None:
                raise CommandError(f"Không có tỉnh nào mang mã {code}.")
            return province
        provinces = list(Province.objects.all()[:2])
        if len(provinces) != 1:
            raise CommandError("Hãy chỉ rõ tỉnh bằng --province MÃ (ví dụ --province 42).")
        return provinces[0]

    def _report(self, plan: ImportPlan) -> None:
        for error in plan.file_errors:
            self.stdout.write(self.style.ERROR(f"Lỗi tệp: {error}"))
        for item in plan.items:
            line = f"{item.position}\t{item.code or '—'}\t{item.outcome_label}"
            if item.changes:
                line += f"\t(thay đổi: {', '.join(item.changed_labels)})"
            self.stdout.write(self.style.ERROR(line) if item.reasons else line)
            for reason in item.reasons:
                self.stdout.write(f"\t- {reason}")
        counts = plan.counts()
        self.stdout.write(
            f"Tổng: {counts['created']} thêm mới, {counts['updated']} cập nhật, "
            f"{counts['unchanged']} không thay đổi, {counts['rejected']} bị từ chối."
        )
