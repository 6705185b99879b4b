"""The demo users: one per role, printed by `make demo` and listed in README.md."""

from eiso.accounts.models import Membership, User
from eiso.core.roles import Role
from eiso.orgs.demo import demo_agency, demo_province, second_agency
from eiso.orgs.models import Unit

DEMO_PASSWORD = "eiso-demo-2026"

# (username, full name, position, role, scope: "province" | "agency" | "second", unit name, unit head)
DEMO_USERS = [
    ("admin", "Nguyễn Văn Quản", "Quản trị hệ thống", Role.ADMIN, "province", None, False),
    (
        "coordinator",
        "Trần Thị Hồng",
        "Chuyên viên Chi cục TĐC, Sở KH&CN",
        Role.COORDINATOR,
        "province",
        None,
        False,
    ),
    (
        "steering",
        "Lê Văn Chỉ",
        "Thành viên Ban chỉ đạo ISO tỉnh",
        Role.STEERING_MEMBER,
        "province",
        None,
        False,
    ),
    (
        "secretary",
        "Phạm Thị Thu",
        "Thư ký ISO, Văn phòng Sở",
        Role.SECRETARY,
        "agency",
        "Văn phòng Sở",
        False,
    ),
    ("leader", "Hoàng Văn Minh", "Giám đốc Sở", Role.LEADER, "agency", None, False),
    ("staff", "Võ Thị Lan", "Chuyên viên", Role.STAFF, "agency", "Phòng Hành chính tư pháp", False),
    (
        "unithead",
        "Đặng Văn Hải",
        "Trưởng phòng Hành chính tư pháp",
        Role.STAFF,
        "agency",
        "Phòng Hành chính tư pháp",
        True,
    ),
    ("officer", "Bùi Thị Ngọc", "Cán bộ một cửa", Role.ONE_STOP_OFFICER, "agency", "Văn phòng Sở", False),
    ("auditor", "Ngô Văn Đức", "Đánh giá viên nội bộ", Role.AUDITOR, "agency", "Phòng Bổ trợ tư pháp", False),
    ("secretary2", "Đỗ Thị Mai", "Thư ký ISO, Sở Nội vụ", Role.SECRETARY, "second", "Văn phòng Sở", False),
]


def load(say) -> None:
    province, agency, second = demo_province(), demo_agency(), second_agency()
    if province is None or agency is None or second is None:
        say("  Chưa có tỉnh mẫu: bỏ qua người dùng mẫu.")
        return
    for username, full_name, position, role, scope, unit_name, is_unit_head in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "position": position, "email": f"{username}@demo.eiso.vn"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
        target = {"province": province, "agency": agency, "second": second}[scope]
        if scope == "province":
            Membership.objects.get_or_create(user=user, province=target, role=role, agency=None)
        else:
            unit = Unit.objects.filter(agency=target, name=unit_name).first() if unit_name else None
            Membership.objects.get_or_create(
                user=user, agency=target, role=role, defaults={"unit": unit, "is_unit_head": is_unit_head}
            )
    say(f"  {len(DEMO_USERS)} tài khoản theo vai trò; tài khoản của các xã được tạo cùng quy trình mẫu.")


# How many logins of one role the summary names before it counts the rest.
SHOWN_PER_ROLE = 4


def login_summary() -> list[str]:
    """The logins that exist, by role, counted from the database: what `make demo` prints, so the
    list cannot drift from what the loaders really created."""
    users = User.objects.filter(is_active=True)
    lines = [f"{users.count()} tài khoản, mật khẩu chung {DEMO_PASSWORD}:"]
    for role in Role:
        logins = sorted(
            set(
                Membership.objects.filter(role=role, is_active=True, user__is_active=True).values_list(
                    "user__username", flat=True
                )
            )
        )
        if not logins:
            continue
        shown = ", ".join(logins[:SHOWN_PER_ROLE])
        rest = len(logins) - SHOWN_PER_ROLE
        lines.append(f"  {role.label}: {shown}" + (f" và {rest} tài khoản khác" if rest > 0 else ""))
    return lines


def print_logins(say) -> None:
    for line in login_summary():
        say(f"  {line}")
