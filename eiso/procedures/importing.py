"""Reading a TTHC catalogue file (../shared/domain/tthc-import.md) into an import plan.

Pure: it reads bytes and returns data, touching no database. `services.procedure_import_plan`
hands it the province's current catalogue (`Existing` per code) and `services.procedure_import`
applies the plan. Every problem becomes a Vietnamese reason on the row it concerns (row number
for .xlsx, position for JSON) or on the file itself; a plan with any of them imports nothing.
"""

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from eiso.core import uploads
from eiso.core.uploads import megabytes
from eiso.procedures import validation, xlsx_reader
from eiso.procedures.content import FIELD_LABELS, changed_fields
from eiso.procedures.content import content_hash as hash_content

FORMAT = validation.FORMAT


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


OUTCOME_LABELS = {
    Outcome.CREATED: "Thêm mới",
    Outcome.UPDATED: "Cập nhật (phiên bản mới)",
    Outcome.UNCHANGED: "Không thay đổi",
    Outcome.REJECTED: "Bị từ chối",
}


@dataclass
class RawRow:
    """One procedure as read from the file, before validation."""

    position: str
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class Existing:
    """What the catalogue holds now for one code: enough to tell unchanged from updated."""

    content: dict
    content_hash: str
    effective_from: date | None


@dataclass
class PlanItem:
    position: str
    code: str
    name: str
    outcome: str
    reasons: list[str] = field(default_factory=list)
    content: dict | None = None
    content_hash: str = ""
    effective_from: date | None = None
    # For updates: {content key: [current value, new value]} of the keys that change.
    changes: dict[str, list] = field(default_factory=dict)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def changed_labels(self) -> list[str]:
        return [FIELD_LABELS[key] for key in self.changes]


@dataclass
class ImportPlan:
    file_errors: list[str] = field(default_factory=list)
    items: list[PlanItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {outcome: 0 for outcome in OUTCOME_LABELS}
        for item in self.items:
            counts[item.outcome] += 1
        return counts

    @property
    def is_valid(self) -> bool:
        """Importable: the file was read and no procedure was rejected."""
        return not self.file_errors and bool(self.items) and self.counts()[Outcome.REJECTED] == 0

    @property
    def changes_anything(self) -> bool:
        counts = self.counts()
        return counts[Outcome.CREATED] + counts[Outcome.UPDATED] > 0


def plan_file(
    *, data: bytes, filename: str, existing: dict[str, Existing], today: date, max_bytes: int
) -> ImportPlan:
    """Read, validate and compare a whole file: the dry run."""
    rows, file_errors = read_file(data=data, filename=filename, max_bytes=max_bytes)
    if file_errors:
        return ImportPlan(file_errors=file_errors)
    return build_plan(rows=rows, existing=existing, today=today)


def read_file(*, data: bytes, filename: str, max_bytes: int) -> tuple[list[RawRow], list[str]]:
    """The rows of a JSON or .xlsx file, whose real type is told by its content, not its name."""
    if len(data) > max_bytes:
        return [], [f"Tệp quá lớn ({megabytes(len(data))}); giới hạn là {megabytes(max_bytes)}."]
    if not data.strip():
        return [], ["Tệp rỗng."]
    kind, error = sniff(data)
    if error:
        return [], [error]
    extension = PurePath(filename).suffix.lower()
    if extension not in (".json", ".xlsx"):
        return [], ["Tên tệp phải có đuôi .json hoặc .xlsx."]
    if extension != f".{kind}":
        real = "JSON" if kind == "json" else "Excel .xlsx"
        return [], [f'Tên tệp có đuôi "{extension}" nhưng nội dung là tệp {real}; hãy kiểm tra lại tệp.']
    if kind == "json":
        return read_json(data)
    # The upload gate first: the zip's directory, sizes, names and XML, before openpyxl sees it.
    try:
        uploads.check_bytes(data, filename, dataclasses.replace(uploads.CATALOGUE, max_bytes=max_bytes))
    except uploads.UploadRefused as refused:
        return [], [refused.message]
    rows, errors = xlsx_reader.read_xlsx(data)
    return [RawRow(position, values, row_errors) for position, values, row_errors in rows], errors


def sniff(data: bytes) -> tuple[str, str]:
    """('json' | 'xlsx', '') or ('', a Vietnamese reason) from the first bytes of the file; the upload
    gate then checks that a zip really is a sound .xlsx."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx", ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "", "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dưới dạng .xlsx."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", "Tệp được mã hóa UTF-16; hãy lưu lại tệp JSON với mã hóa UTF-8."
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json", ""
    return "", "Không nhận ra loại tệp: chỉ nhận tệp JSON theo định dạng eiso-tthc/1 hoặc tệp Excel .xlsx."


def read_json(data: bytes) -> tuple[list[RawRow], list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [
            f"Tệp JSON không được mã hóa UTF-8 (byte không hợp lệ ở vị trí {exc.start}). "
            "Hãy lưu lại tệp với mã hóa UTF-8."
        ]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [f"Tệp không phải JSON hợp lệ: lỗi cú pháp ở dòng {exc.lineno}, cột {exc.colno}."]
    except RecursionError:
        return [], ["Tệp JSON lồng nhau quá sâu."]
    if not isinstance(document, dict):
        return [], [f'Tệp JSON phải là một đối tượng {{"format": "{FORMAT}", "procedures": [...]}}.']
    errors = [
        f'Khóa "{key}" ở đầu tệp không có trong định dạng {FORMAT}.'
        for key in document
        if key not in ("format", "procedures")
    ]
    if document.get("format") != FORMAT:
        errors.append(
            f'Định dạng "{document.get("format", "")}" không được hỗ trợ; tệp phải ghi "format": "{FORMAT}".'
        )
    procedures = document.get("procedures")
    if not isinstance(procedures, list):
        errors.append('Tệp phải có danh sách thủ tục "procedures".')
    elif not procedures:
        errors.append("Tệp không có thủ tục nào.")
    if errors:
        return [], errors
    rows = []
    for index, values in enumerate(procedures):
        position = f"Mục {index + 1} (procedures[{index}])"
        if isinstance(values, dict):
            rows.append(RawRow(position, values))
        else:
            rows.append(RawRow(position, {}, ["Mỗi thủ tục phải là một đối tượng JSON {...}."]))
    return rows, []


def build_plan(*, rows: list[RawRow], existing: dict[str, Existing], today: date) -> ImportPlan:
    """Validate each row and compare it with the catalogue: created, updated, unchanged or rejected."""
    positions_by_code: dict[str, list[str]] = {}
    for row in rows:
        code = row.values.get("code")
        if isinstance(code, str) and code.strip():
            positions_by_code.setdefault(code.strip(), []).append(row.position)

    plan = ImportPlan()
    for row in rows:
        code, content, effective_from, errors = validation.validate_row(row.values)
        errors = row.errors + errors
        if code and len(positions_by_code.get(code, [])) > 1:
            where = ", ".join(positions_by_code[code])
            errors.append(f"Mã thủ tục {code} xuất hiện nhiều lần trong tệp ({where}).")
        name = row.values.get("name") if isinstance(row.values.get("name"), str) else ""
        item = PlanItem(position=row.position, code=code, name=name, outcome=Outcome.REJECTED, reasons=errors)
        if not errors:
            _classify(item, content, effective_from, existing.get(code), today)
        plan.items.append(item)
    return plan


def _classify(item: PlanItem, content: dict, effective_from, current: Existing | None, today: date) -> None:
    item.content = content
    item.content_hash = hash_content(content)
    item.effective_from = effective_from
    if current is None:
        item.outcome = Outcome.CREATED
        return
    if current.content_hash == item.content_hash:
        item.outcome = Outcome.UNCHANGED
        return
    starts = effective_from or today
    if current.effective_from and starts < current.effective_from:
        item.reasons.append(
            f"Ngày có hiệu lực {starts:%d/%m/%Y} sớm hơn ngày hiệu lực của phiên bản hiện hành "
            f"({current.effective_from:%d/%m/%Y}); hãy ghi effective_from từ ngày đó trở đi."
        )
        return
    if effective_from is not None and effective_from == current.effective_from:
        # Usually a catalogue export that kept the first announcement's date: the new content
        # needs its own start date, or none (then it starts on the day of the import).
        item.reasons.append(
            f"Nội dung thay đổi nhưng ngày có hiệu lực {effective_from:%d/%m/%Y} trùng với phiên bản "
            "hiện hành; hãy ghi ngày có hiệu lực của nội dung mới (effective_from), "
            "hoặc để trống để lấy ngày nhập."
        )
        return
    item.outcome = Outcome.UPDATED
    item.changes = {
        key: [current.content.get(key), content[key]] for key in changed_fields(current.content, content)
    }
