"""Reading an agency's people and units from an .xlsx workbook (issue 19) into an import plan.

The workbook has a sheet of units ("Phòng ban") and a sheet of people ("Người dùng"), headers in
row 1 named as in the template (`template_workbook`). Reading touches no database; `build_plan`
then compares the rows with what the agency holds now (read only) and says, row by row, what
importing would do, or why the row is refused: every reason names the sheet, the row and the
column. `services.people_import` applies a plan only when no row is refused.
"""

import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.db.models.functions import Lower
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from eiso.core.roles import AGENCY_MEMBERS, Role
from eiso.core.text import fold

UNITS_SHEET = "Phòng ban"
USERS_SHEET = "Người dùng"
GUIDE_SHEET = "Hướng dẫn"
UNIT_COLUMNS = {"code": "Mã phòng/ban", "name": "Tên phòng/ban", "is_one_stop": "Bộ phận một cửa"}
USER_COLUMNS = {
    "full_name": "Họ và tên",
    "email": "Thư điện tử",
    "unit": "Phòng/ban",
    "role": "Vai trò",
    "position": "Chức vụ",
    "phone": "Điện thoại",
    "deactivate": "Ngừng hoạt động",
}
REQUIRED = {UNITS_SHEET: ("name",), USERS_SHEET: ("full_name", "email", "role")}
YES = {"x", "co", "1", "true", "yes"}
NO = {"", "khong", "0", "false", "no"}
MAX_ROWS = 5000
BROKEN = "Tệp .xlsx bị hỏng hoặc không đọc được."
# A role is written by its Vietnamese name (as in the template) or its code.
ROLE_BY_NAME = {fold(role.label): role for role in AGENCY_MEMBERS}
ROLE_BY_NAME |= {role.value: role for role in AGENCY_MEMBERS}

logger = logging.getLogger(__name__)


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DEACTIVATED = "deactivated"
    REJECTED = "rejected"


OUTCOME_LABELS = {
    Outcome.CREATED: "Thêm mới",
    Outcome.UPDATED: "Cập nhật",
    Outcome.UNCHANGED: "Không thay đổi",
    Outcome.DEACTIVATED: "Ngừng hoạt động",
    Outcome.REJECTED: "Bị từ chối",
}


@dataclass
class Row:
    """One row of a sheet: its number, its values by column key, and what importing it does."""

    sheet: str
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    outcome: str = Outcome.UNCHANGED
    existing_pk: int | None = None

    def refuse(self, column: str, message: str) -> None:
        label = (UNIT_COLUMNS | USER_COLUMNS).get(column, column)
        self.errors.append(f"Trang “{self.sheet}”, dòng {self.number}, cột “{label}”: {message}")

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[Outcome.REJECTED if self.errors else self.outcome]

    @property
    def is_rejected(self) -> bool:
        return bool(self.errors)


@dataclass
class PeoplePlan:
    units: list[Row] = field(default_factory=list)
    users: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return self.units + self.users

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def changes_anything(self) -> bool:
        return any(row.outcome != Outcome.UNCHANGED for row in self.rows)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        for row in self.rows:
            counts[Outcome.REJECTED if row.errors else row.outcome] += 1
        return counts


# --- the template ----------------------------------------------------------------------------------

GUIDE = [
    "Hướng dẫn nhập người dùng và phòng/ban",
    "",
    "1. Trang “Phòng ban”: mỗi dòng một phòng/ban. Bắt buộc: Tên phòng/ban. Mã phòng/ban nếu có.",
    "   Phòng/ban đã có (cùng mã, hoặc cùng tên) được cập nhật, không tạo trùng.",
    "   Cột “Bộ phận một cửa”: ghi x nếu là bộ phận tiếp nhận và trả kết quả.",
    "2. Trang “Người dùng”: mỗi dòng một người. Bắt buộc: Họ và tên, Thư điện tử, Vai trò.",
    "   Người dùng được nhận biết theo thư điện tử: nhập lại tệp chỉ cập nhật, không tạo trùng.",
    "   Tên đăng nhập của người mới là thư điện tử; người dùng đặt mật khẩu qua “Quên mật khẩu”.",
    "   Phòng/ban: ghi tên hoặc mã một phòng/ban ở trang “Phòng ban” hoặc đã có trong hệ thống.",
    "   Vai trò: " + "; ".join(role.label for role in AGENCY_MEMBERS) + ".",
    "   Ngừng hoạt động: ghi x để thu hồi vai trò của người đó tại cơ quan (tài khoản bị khóa nếu",
    "   không còn vai trò nào khác). Lịch sử của họ được giữ nguyên, không bị xóa.",
    "3. Tải tệp lên, xem trước kết quả, rồi bấm “Xác nhận nhập”. Chỉ cần một dòng có lỗi là cả tệp",
    "   không được nhập; lỗi ghi rõ trang, dòng và cột cần sửa.",
    "",
    "Ví dụ, trang “Phòng ban”:  VP | Văn phòng | (trống)",
    "Ví dụ, trang “Người dùng”:  Nguyễn Văn A | nguyenvana@example.gov.vn | VP | "
    f"{Role.STAFF.label} | Chuyên viên",
]


def template_workbook() -> bytes:
    """The blank template: the two sheets with their headers only (an example row uploaded unchanged
    would create a person), and the guide, which holds the examples."""
    workbook = Workbook()
    units = workbook.active
    units.title = UNITS_SHEET
    units.append(list(UNIT_COLUMNS.values()))
    users = workbook.create_sheet(USERS_SHEET)
    users.append(list(USER_COLUMNS.values()))
    for sheet in (units, users):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in "ABCDEFG":
            sheet.column_dimensions[column].width = 24
    guide = workbook.create_sheet(GUIDE_SHEET)
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ---------------------------------------------------------------------------------------


def read_workbook(data: bytes) -> PeoplePlan:
    """The rows of both sheets, each checked on its own (required cells, e-mail, role, yes/no)."""
    plan = PeoplePlan()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises every kind of exception on a bad workbook
        logger.info("people import: unreadable .xlsx", exc_info=True)
        plan.file_errors.append(BROKEN)
        return plan
    try:
        for sheet, columns, target in (
            (UNITS_SHEET, UNIT_COLUMNS, plan.units),
            (USERS_SHEET, USER_COLUMNS, plan.users),
        ):
            if sheet not in workbook.sheetnames:
                plan.file_errors.append(f"Không có trang tính “{sheet}” (hãy dùng tệp mẫu).")
                continue
            lines = list(workbook[sheet].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
            target.extend(_rows(sheet, columns, lines, plan.file_errors))
    except Exception:  # noqa: BLE001 — as above
        logger.info("people import: unreadable .xlsx", exc_info=True)
        return PeoplePlan(file_errors=[BROKEN])
    finally:
        workbook.close()
    if not plan.file_errors and not plan.rows:
        plan.file_errors.append("Tệp không có dòng dữ liệu nào.")
    return plan


def _rows(sheet: str, columns: dict, lines: list, file_errors: list[str]) -> list[Row]:
    if len(lines) > MAX_ROWS + 1:
        file_errors.append(f"Trang “{sheet}” có quá {MAX_ROWS} dòng; hãy tách thành nhiều tệp.")
        return []
    by_label = {fold(label): key for key, label in columns.items()}
    headers = {}
    for index, value in enumerate(lines[0] if lines else ()):
        key = by_label.get(fold(str(value or "")))
        if key is not None:
            headers[index] = key
    missing = [columns[key] for key in REQUIRED[sheet] if key not in headers.values()]
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        file_errors.append(f"Trang “{sheet}”, dòng 1: thiếu cột {names}.")
        return []
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {key: _text(line[index]) for index, key in headers.items() if index < len(line)}
        if not any(values.values()):
            continue
        row = Row(sheet=sheet, number=number, values={key: values.get(key, "") for key in columns})
        (_check_unit if sheet == UNITS_SHEET else _check_user)(row)
        rows.append(row)
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _yes(row: Row, column: str) -> bool:
    word = fold(row.values[column])
    if word in YES:
        return True
    if word not in NO:
        row.refuse(column, f"“{row.values[column]}” không hợp lệ; ghi x (có) hoặc để trống (không).")
    return False


def _check_unit(row: Row) -> None:
    if not row.values["name"]:
        row.refuse("name", "chưa có tên phòng/ban.")
    row.values["is_one_stop"] = _yes(row, "is_one_stop")


def _check_user(row: Row) -> None:
    values = row.values
    values["deactivate"] = _yes(row, "deactivate")
    values["email"] = values["email"].lower()
    if not values["email"]:
        row.refuse("email", "chưa có thư điện tử (dùng để nhận biết người dùng).")
    else:
        try:
            validate_email(values["email"])
        except ValidationError:
            row.refuse("email", f"“{values['email']}” không phải địa chỉ thư điện tử hợp lệ.")
    if values["deactivate"]:
        return
    if not values["full_name"]:
        row.refuse("full_name", "chưa có họ và tên.")
    role = ROLE_BY_NAME.get(fold(values["role"])) or ROLE_BY_NAME.get(values["role"])
    if not values["role"]:
        row.refuse("role", "chưa có vai trò.")
    elif role is None:
        names = "; ".join(role.label for role in AGENCY_MEMBERS)
        row.refuse("role", f"“{values['role']}” không phải vai trò trong cơ quan ({names}).")
    values["role"] = role.value if role is not None else ""
    values["role_label"] = role.label if role is not None else ""
    if len(values["phone"]) > 30:
        row.refuse("phone", "số điện thoại dài quá 30 ký tự.")
    for column, limit in (("full_name", 150), ("position", 150)):
        if len(values[column]) > limit:
            row.refuse(column, f"dài quá {limit} ký tự.")


def check_duplicates(plan: PeoplePlan) -> None:
    """The same unit (name or code) or the same e-mail twice in the file."""
    seen: dict[tuple[str, str], int] = {}
    for row in plan.units:
        for column in ("code", "name"):
            key = (column, fold(row.values[column]))
            if key[1] and key in seen:
                row.refuse(column, f"trùng với dòng {seen[key]}.")
            seen.setdefault(key, row.number)
    emails: dict[str, int] = {}
    for row in plan.users:
        email = row.values["email"]
        if email and email in emails:
            row.refuse("email", f"trùng với dòng {emails[email]}.")
        emails.setdefault(email, row.number)


# --- the plan: the rows against what the agency holds now (reads only) ----------------------------


def build_plan(*, data: bytes, agency, actor) -> PeoplePlan:
    """What importing `data` into `agency` would do, row by row; saves nothing."""
    from eiso.accounts.models import Membership, User
    from eiso.orgs.models import Unit

    plan = read_workbook(data)
    if plan.file_errors:
        return plan
    check_duplicates(plan)
    existing_units = list(Unit.objects.filter(agency=agency))
    known = _plan_units(plan, existing_units)
    for unit in existing_units:
        if unit.is_active:
            known.setdefault(fold(unit.name), unit.name)
            if unit.code:
                known.setdefault(fold(unit.code), unit.name)
    emails = [row.values["email"] for row in plan.users if row.values["email"]]
    users: dict[str, list] = {}
    memberships = Prefetch("memberships", queryset=Membership.objects.select_related("agency", "unit"))
    # Matched without regard to capitals: "A.Nguyen@…" typed by hand years ago is the same person.
    matching = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    for user in matching.prefetch_related(memberships):
        users.setdefault(user.email_lower, []).append(user)
    usernames = set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    for row in plan.users:
        _plan_user(row, agency=agency, actor=actor, known_units=known, users=users, usernames=usernames)
    return plan


def _plan_units(plan: PeoplePlan, existing: list) -> dict[str, str]:
    """Plan each unit row; return the units the user rows may name (folded name or code -> name)."""
    by_code = {fold(unit.code): unit for unit in existing if unit.code}
    by_name = {fold(unit.name): unit for unit in existing}
    known: dict[str, str] = {}
    for row in plan.units:
        values = row.values
        unit = by_code.get(fold(values["code"])) if values["code"] else None
        unit = unit or by_name.get(fold(values["name"]))
        if unit is None:
            row.outcome = Outcome.CREATED
        else:
            row.existing_pk = unit.pk
            other = by_name.get(fold(values["name"]))
            if other is not None and other.pk != unit.pk:
                row.refuse("name", f"cơ quan đã có phòng/ban khác tên “{other.name}”.")
            wanted = (values["name"], values["code"] or unit.code, values["is_one_stop"], True)
            current = (unit.name, unit.code, unit.is_one_stop, unit.is_active)
            row.outcome = Outcome.UNCHANGED if wanted == current else Outcome.UPDATED
        for key in (values["name"], values["code"]):
            if key:
                known[fold(key)] = values["name"]
    return known


def _plan_user(row: Row, *, agency, actor, known_units: dict, users: dict, usernames: set) -> None:
    values = row.values
    unit_name = known_units.get(fold(values["unit"])) if values["unit"] else None
    if values["unit"] and unit_name is None and not values["deactivate"]:
        row.refuse(
            "unit", f"không có phòng/ban “{values['unit']}” (ở trang “{UNITS_SHEET}” hay trong cơ quan)."
        )
    values["unit_name"] = unit_name or ""
    if row.errors:
        return
    matches = users.get(values["email"], [])
    if len(matches) > 1:
        row.refuse("email", "nhiều tài khoản đang dùng chung thư điện tử này; hãy sửa trong hệ thống trước.")
        return
    if not matches:
        if values["deactivate"]:
            row.refuse("deactivate", "không có tài khoản nào với thư điện tử này để ngừng hoạt động.")
        elif values["email"] in usernames:
            row.refuse("email", "tên đăng nhập này đã thuộc một tài khoản khác.")
        row.outcome = Outcome.CREATED
        return
    user = matches[0]
    row.existing_pk = user.pk
    memberships = list(user.memberships.all())
    administered = actor.administered_province_ids()
    outside = memberships and not any(
        (m.province_id or m.agency.province_id) in administered for m in memberships
    )
    if outside and not actor.is_superuser:
        row.refuse("email", "thư điện tử này thuộc một tài khoản bạn không quản lý (ở tỉnh khác).")
        return
    here = [m for m in memberships if m.agency_id == agency.pk and m.is_active]
    if values["deactivate"]:
        if user.pk == actor.pk:
            row.refuse("deactivate", "bạn không thể tự ngừng hoạt động tài khoản của mình.")
        row.outcome = Outcome.DEACTIVATED if here else Outcome.UNCHANGED
        return
    role = next((m for m in here if m.role == values["role"]), None)
    same = (
        role is not None
        and (role.unit.name if role.unit_id else "") == values["unit_name"]
        and user.is_active
        and user.full_name == values["full_name"]
        and (not values["position"] or user.position == values["position"])
        and (not values["phone"] or user.phone == values["phone"])
    )
    row.outcome = Outcome.UNCHANGED if same else Outcome.UPDATED
