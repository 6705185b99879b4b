from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from knox.models import AbstractAuthToken

# Role is defined in core.roles (every layer checks roles); `from eiso.accounts.models import Role`
# keeps working through this import.
from eiso.core.collation import vietnamese
from eiso.core.roles import AGENCY_MEMBERS, PROVINCE_MEMBERS, Role
from eiso.core.tenancy import AgencyOwned, AgencyQuerySet


class UserQuerySet(models.QuerySet):
    def for_user(self, user):
        """Users an actor may see: members of the agencies and provinces the actor sees."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk=user.pk)
            | Q(memberships__agency_id__in=user.visible_agency_ids())
            | Q(memberships__province_id__in=user.visible_province_ids())
        ).distinct()


class EisoUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in to eISO; what they may do comes from their memberships."""

    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    # The value of the claim EISO_OIDC_MATCH_CLAIM (e.g. a provincial staff number) that the
    # province's login sends for this person (accounts/oidc.py); empty: matched by e-mail.
    sso_id = models.CharField("mã định danh đăng nhập của tỉnh", max_length=150, blank=True, db_index=True)

    objects = EisoUserManager()
    # createsuperuser asks for the name too: records show people by name (core.people).
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = [vietnamese("full_name"), "username"]
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The one name field, `full_name`; Django's first/last names only for accounts made
        without it. Pages, paperwork and the audit trail read it through core.people."""
        return self.full_name.strip() or super().get_full_name()

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def active_memberships(self) -> list["Membership"]:
        if not hasattr(self, "_active_memberships"):
            self._active_memberships = list(
                self.memberships.filter(is_active=True).select_related("agency", "province", "unit")
            )
        return self._active_memberships

    def visible_province_ids(self) -> set[int]:
        if not self.is_authenticated:
            return set()
        if not hasattr(self, "_visible_province_ids"):
            from eiso.orgs.models import Province

            if self.is_superuser:
                ids = set(Province.objects.values_list("pk", flat=True))
            else:
                ids = {m.province_id for m in self.active_memberships() if m.province_id}
            self._visible_province_ids = ids
        return self._visible_province_ids

    def visible_agency_ids(self) -> set[int]:
        """Agencies whose rows this user may see: their own (with the history of merged
        predecessors) or, for provincial roles, every agency of their province."""
        if not self.is_authenticated:
            return set()
        if not hasattr(self, "_visible_agency_ids"):
            from eiso.orgs.models import Agency
            from eiso.orgs.selectors import agency_predecessor_ids

            if self.is_superuser:
                ids = set(Agency.objects.values_list("pk", flat=True))
            else:
                own = {m.agency_id for m in self.active_memberships() if m.agency_id}
                provinces = {m.province_id for m in self.active_memberships() if m.province_id}
                ids = own | agency_predecessor_ids(own)
                if provinces:
                    ids |= set(Agency.objects.filter(province_id__in=provinces).values_list("pk", flat=True))
            self._visible_agency_ids = ids
        return self._visible_agency_ids

    def roles_in_agency(self, agency) -> set[str]:
        """The roles that apply to this agency: held in it, or province-wide over its province."""
        roles = set()
        for membership in self.active_memberships():
            held_here = membership.agency_id is not None and membership.agency_id == agency.pk
            over_province = (
                membership.province_id is not None and membership.province_id == agency.province_id
            )
            if held_here or over_province:
                roles.add(membership.role)
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return roles

    def roles_in_province(self, province) -> set[str]:
        province_id = getattr(province, "pk", province)
        roles = {m.role for m in self.active_memberships() if m.province_id == province_id}
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return roles

    def administered_province_ids(self) -> set[int]:
        if self.is_superuser:
            return self.visible_province_ids()
        return {m.province_id for m in self.active_memberships() if m.role == Role.ADMIN}

    def forget_permissions_cache(self) -> None:
        for name in ("_active_memberships", "_visible_agency_ids", "_visible_province_ids"):
            self.__dict__.pop(name, None)


class MembershipQuerySet(AgencyQuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(agency_id__in=user.visible_agency_ids()) | Q(province_id__in=user.visible_province_ids())
        )


class Membership(AgencyOwned):
    """A user's role in one agency, or across a province for provincial roles."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="người dùng"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    # Overrides AgencyOwned: provincial roles belong to a province, not an agency.
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan",
    )
    province = models.ForeignKey(
        "orgs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tỉnh",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phòng/ban",
    )
    is_unit_head = models.BooleanField("trưởng phòng/ban", default=False)
    is_active = models.BooleanField("đang hiệu lực", default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = [vietnamese("user__full_name"), "role"]
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=False, province__isnull=True, role__in=list(AGENCY_MEMBERS))
                    | Q(
                        agency__isnull=True,
                        province__isnull=False,
                        unit__isnull=True,
                        role__in=list(PROVINCE_MEMBERS),
                    )
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(agency__isnull=False),
                name="membership_unique_agency_role",
            ),
            models.UniqueConstraint(
                fields=["user", "province", "role"],
                condition=Q(province__isnull=False),
                name="membership_unique_province_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope}"

    @property
    def scope(self):
        return self.agency or self.province

    @property
    def is_provincial(self) -> bool:
        return self.province_id is not None


class ApiToken(AbstractAuthToken):
    """An API token of an integration or a script (django-rest-knox: only a digest is stored, and
    it expires), bound to the password it was issued under: a new password ends it, as Django
    ends the sessions (`get_session_auth_hash`). Issued and checked in accounts/tokens.py."""

    password_hash = models.CharField("dấu mật khẩu khi cấp", max_length=64, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
