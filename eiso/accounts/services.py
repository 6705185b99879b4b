"""Changes to users and their roles, made by the province's system administrator.

An administrator manages the users who hold a role in their province (in one of its agencies,
or province-wide). Passwords go through Django's validators; nothing here logs a password.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from eiso.accounts import people_import
from eiso.accounts.models import Membership, User
from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.people import person_name
from eiso.core.permissions import (
    DENIED_MESSAGE,
    has_province_role,
    require_province_role,
    require_role,
)
from eiso.core.roles import AGENCY_MEMBERS, Role
from eiso.orgs.models import Agency, Unit
from eiso.orgs.services import unit_create, unit_update

USER_FIELDS = ["username", "full_name", "position", "email", "phone", "sso_id", "is_active"]


def _administered_province_ids(actor) -> set[int]:
    return actor.administered_province_ids()


def require_user_admin(actor, user: User) -> None:
    """The actor administers a province where `user` holds (or held) a role."""
    provinces = _administered_province_ids(actor)
    if actor.is_superuser:
        return
    memberships = list(user.memberships.select_related("agency"))
    if not any((m.province_id or m.agency.province_id) in provinces for m in memberships):
        raise PermissionDenied(DENIED_MESSAGE)


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error


def _scope_audit_target(membership: Membership) -> dict:
    return {"agency": membership.agency} if membership.agency_id else {"province": membership.province}


@transaction.atomic
def user_create(*, actor, password: str, membership: dict, **fields) -> User:
    """Create a user with a first role; `membership` holds role, agency or province, unit."""
    username = fields["username"].strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("Tên đăng nhập này đã có người dùng.", field="username")
    user = User(**{**fields, "username": username})
    _check_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    _require_may_grant(actor, membership)
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        agency=membership.get("agency"),
        province=membership.get("province"),
        changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
    )
    membership_grant(user=user, actor=actor, **membership)
    return user


@transaction.atomic
def user_update(*, user: User, actor, **fields) -> User:
    require_user_admin(actor, user)
    before = audit.snapshot(user, USER_FIELDS)
    if "username" in fields:
        fields["username"] = fields["username"].strip()
        if User.objects.filter(username__iexact=fields["username"]).exclude(pk=user.pk).exists():
            raise DomainError("Tên đăng nhập này đã có người dùng.", field="username")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    for membership in user.memberships.all():
        audit.record(
            actor=actor, action="user.update", target=user, changes=changes, **_scope_audit_target(membership)
        )
        break
    else:
        audit.record(actor=actor, action="user.update", target=user, changes=changes)
    return user


@transaction.atomic
def user_set_active(*, user: User, actor, active: bool) -> User:
    """Lock or unlock an account. A locked user cannot log in; their records and history stay."""
    require_user_admin(actor, user)
    if user.pk == actor.pk and not active:
        raise DomainError("Bạn không thể tự khóa tài khoản của mình.")
    if user.is_active == active:
        raise DomainError("Tài khoản đã ở trạng thái này.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        target=user,
        changes={"is_active": [not active, active]},
        **(_scope_audit_target(user.memberships.first()) if user.memberships.exists() else {}),
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, actor, password: str) -> User:
    require_user_admin(actor, user)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="user.set_password",
        target=user,
        changes={"password": ["***", "***"]},
        **(_scope_audit_target(user.memberships.first()) if user.memberships.exists() else {}),
    )
    return user


def _require_may_grant(actor, membership: dict) -> None:
    agency, province = membership.get("agency"), membership.get("province")
    if agency is not None:
        require_role(actor, agency, Role.ADMIN)
    elif province is not None:
        require_province_role(actor, province, Role.ADMIN)
    else:
        raise DomainError("Hãy chọn cơ quan (hoặc tỉnh, với vai trò cấp tỉnh).", field="agency")


@transaction.atomic
def membership_grant(
    *, user: User, actor, role: str, agency=None, province=None, unit=None, is_unit_head=False
):
    """Give a user a role in an agency, or a provincial role over a province."""
    if role in AGENCY_MEMBERS:
        province = None
        if agency is None:
            raise DomainError("Vai trò này cần chọn cơ quan.", field="agency")
        if unit is not None and unit.agency_id != agency.pk:
            raise DomainError("Phòng/ban phải thuộc cơ quan đã chọn.", field="unit")
    else:
        if agency is not None:
            province = agency.province
        agency, unit, is_unit_head = None, None, False
        if province is None:
            raise DomainError("Vai trò cấp tỉnh cần chọn tỉnh.", field="province")
    _require_may_grant(actor, {"agency": agency, "province": province})
    if role == Role.ADMIN and not has_province_role(actor, province, Role.ADMIN) and not actor.is_superuser:
        raise PermissionDenied(DENIED_MESSAGE)
    existing = Membership.objects.filter(user=user, role=role, agency=agency, province=province).first()
    if existing is not None and existing.is_active:
        raise DomainError("Người dùng đã có vai trò này.", field="role")
    if existing is not None:
        membership = existing
        membership.is_active = True
        membership.unit = unit
        membership.is_unit_head = is_unit_head
    else:
        membership = Membership(
            user=user, role=role, agency=agency, province=province, unit=unit, is_unit_head=is_unit_head
        )
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        action="membership.grant",
        target=membership,
        changes={
            "user": [None, person_name(user)],
            "role": [None, role],
            "scope": [None, str(membership.scope)],
        },
        **_scope_audit_target(membership),
    )
    user.forget_permissions_cache()
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor) -> Membership:
    """End a role. The row stays (inactive) so the history of who held which role is kept."""
    _require_may_grant(actor, {"agency": membership.agency, "province": membership.province})
    if not membership.is_active:
        raise DomainError("Vai trò này đã được thu hồi.")
    if membership.user_id == actor.pk and membership.role == Role.ADMIN:
        raise DomainError("Bạn không thể tự thu hồi quyền quản trị của mình.")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="membership.revoke",
        target=membership,
        changes={"is_active": [True, False]},
        **_scope_audit_target(membership),
    )
    membership.user.forget_permissions_cache()
    return membership


# --- importing people and units from .xlsx (issue 19) ------------------------------------------------


class PeopleImportRejected(DomainError):
    """A file with refused rows: nothing was imported; `plan` says which rows and why."""

    def __init__(self, plan: people_import.PeoplePlan):
        super().__init__("Tệp có dòng bị từ chối nên không người dùng, phòng/ban nào được nhập.")
        self.plan = plan


def people_import_plan(*, agency: Agency, data: bytes, actor) -> people_import.PeoplePlan:
    """The preview: what importing this workbook into the agency would do; changes nothing."""
    require_role(actor, agency, Role.ADMIN)
    return people_import.build_plan(data=data, agency=agency, actor=actor)


@transaction.atomic
def people_import_apply(*, agency: Agency, data: bytes, filename: str, actor) -> people_import.PeoplePlan:
    """Import a workbook whole or not at all: units, then people (created, updated, or ended with
    their history kept). Validated again here, against the agency as it is now."""
    require_role(actor, agency, Role.ADMIN)
    # One import at a time per agency: two at once could both create the same person.
    Agency.objects.select_for_update().get(pk=agency.pk)
    plan = people_import.build_plan(data=data, agency=agency, actor=actor)
    if not plan.is_valid:
        raise PeopleImportRejected(plan)
    for row in plan.units:
        _import_unit(row, agency=agency, actor=actor)
    units = {unit.name: unit for unit in Unit.objects.filter(agency=agency)}
    for row in plan.users:
        _import_user(row, agency=agency, unit=units.get(row.values["unit_name"]), actor=actor)
    counts = plan.counts()
    summary = ", ".join(
        f"{counts[key]} {label.lower()}" for key, label in people_import.OUTCOME_LABELS.items()
    )
    audit.record(
        actor=actor,
        action="agency.import_people",
        target=agency,
        changes={"note": [None, f"{filename}: {summary}"]},
    )
    return plan


def _import_unit(row, *, agency: Agency, actor) -> None:
    fields = {"name": row.values["name"], "is_one_stop": row.values["is_one_stop"]}
    if row.values["code"]:
        fields["code"] = row.values["code"]
    if row.outcome == people_import.Outcome.CREATED:
        unit_create(agency=agency, actor=actor, **fields)
    elif row.outcome == people_import.Outcome.UPDATED:
        unit = Unit.objects.get(pk=row.existing_pk, agency=agency)
        unit_update(unit=unit, actor=actor, **fields, is_active=True)


def _import_user(row, *, agency: Agency, unit, actor) -> None:
    values = row.values
    if row.outcome == people_import.Outcome.UNCHANGED:
        return
    if row.outcome == people_import.Outcome.CREATED:
        user = User(
            username=values["email"],
            email=values["email"],
            full_name=values["full_name"],
            position=values["position"],
            phone=values["phone"],
        )
        # No password: the person sets one through "Quên mật khẩu" (or the administrator sets it).
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=actor,
            action="user.create",
            target=user,
            agency=agency,
            changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
        )
        membership_grant(user=user, actor=actor, role=values["role"], agency=agency, unit=unit)
        return
    user = User.objects.get(pk=row.existing_pk)
    if row.outcome == people_import.Outcome.DEACTIVATED:
        _import_deactivate(user, agency=agency, actor=actor)
        return
    membership = Membership.objects.filter(user=user, agency=agency, role=values["role"]).first()
    if membership is None or not membership.is_active:
        membership_grant(user=user, actor=actor, role=values["role"], agency=agency, unit=unit)
    elif membership.unit_id != (unit.pk if unit else None):
        membership_set_unit(membership=membership, unit=unit, actor=actor)
    fields = {"full_name": values["full_name"]}
    fields |= {name: values[name] for name in ("position", "phone") if values[name]}
    if any(getattr(user, name) != value for name, value in fields.items()):
        user_update(user=user, actor=actor, **fields)
    if not user.is_active:
        user_set_active(user=user, actor=actor, active=True)


def _import_deactivate(user: User, *, agency: Agency, actor) -> None:
    """End the person's roles in the agency; lock the account when no role is left anywhere."""
    for membership in Membership.objects.filter(user=user, agency=agency, is_active=True):
        membership_revoke(membership=membership, actor=actor)
    if user.is_active and not user.memberships.filter(is_active=True).exists():
        user_set_active(user=user, actor=actor, active=False)


@transaction.atomic
def membership_set_unit(*, membership: Membership, unit, actor) -> Membership:
    """Move a role to another unit of the same agency (or to none)."""
    _require_may_grant(actor, {"agency": membership.agency, "province": membership.province})
    if unit is not None and unit.agency_id != membership.agency_id:
        raise DomainError("Phòng/ban phải thuộc cơ quan đã chọn.", field="unit")
    before = membership.unit_id
    membership.unit = unit
    membership.full_clean()
    membership.save(update_fields=["unit", "updated_at"])
    audit.record(
        actor=actor,
        action="membership.update",
        target=membership,
        changes={"unit": [before, unit.pk if unit else None]},
        **_scope_audit_target(membership),
    )
    return membership


@transaction.atomic
def user_create_from_sso(*, email: str, full_name: str, sso_id: str = "") -> User:
    """A person the province's login vouches for, unknown to eISO, when EISO_OIDC_CREATE_UNKNOWN is
    on (accounts/oidc.py): an account without any role and without a password; an administrator
    grants roles later. The person is the actor of their own creation in the audit trail."""
    email = email.strip().lower()
    base = email[:150]
    username = base
    suffix = 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base[:140]}-{suffix}"
    user = User(username=username, email=email, full_name=(full_name.strip() or email)[:150], sso_id=sso_id)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=user,
        action="user.sso_create",
        target=user,
        changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
    )
    return user
