from django.db.models import Prefetch, Q, QuerySet

from eiso.accounts.models import Membership, User
from eiso.core.collation import vietnamese


def current_context(*, user: User, membership_id: int | None) -> Membership | None:
    """The membership the user chose to work in, or their first one."""
    memberships = user.active_memberships()
    for membership in memberships:
        if membership.pk == membership_id:
            return membership
    return memberships[0] if memberships else None


def user_list(*, user: User, search: str = "") -> QuerySet[User]:
    queryset = User.objects.for_user(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(is_active=True).select_related("agency", "province", "unit"),
            to_attr="current_memberships",
        )
    )
    if search:
        queryset = queryset.filter(Q(full_name__icontains=search) | Q(username__icontains=search))
    return queryset.order_by(vietnamese("full_name"), "username")


def membership_list(*, user: User, agency=None) -> QuerySet[Membership]:
    queryset = Membership.objects.for_user(user).select_related("user", "agency", "province", "unit")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return queryset
