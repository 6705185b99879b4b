from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from eiso.core.collation import vietnamese
from eiso.core.models import AuditEntry
from eiso.core.roles import AUDIT_TRAIL_READERS

# Newest first, the id breaking ties between entries of one moment: the keyset of the trail's page
# and API (core.pagination), on the index audit_entry_at_id.
AUDIT_TRAIL_ORDERING = ("-at", "-id")


def audit_entry_list(*, user, action: str = "", search: str = "") -> QuerySet[AuditEntry]:
    """Entries of the agencies and provinces whose trail the user may read, newest first."""
    queryset = AuditEntry.objects.select_related("agency", "province")
    if not user.is_superuser:
        memberships = [m for m in user.active_memberships() if m.role in AUDIT_TRAIL_READERS]
        agency_ids = {m.agency_id for m in memberships if m.agency_id}
        province_ids = {m.province_id for m in memberships if m.province_id}
        queryset = queryset.filter(
            Q(agency_id__in=agency_ids)
            | Q(agency__province_id__in=province_ids)
            | Q(province_id__in=province_ids)
        )
    if action:
        queryset = queryset.filter(action__startswith=action)
    if search:
        queryset = queryset.filter(Q(target_repr__icontains=search) | Q(actor_repr__icontains=search))
    return queryset.order_by(*AUDIT_TRAIL_ORDERING)


def may_read_audit_trail(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role in AUDIT_TRAIL_READERS for m in user.active_memberships())
    )


def history_for(target) -> QuerySet[AuditEntry]:
    """The audit-trail entries of one record, oldest first: the per-field history that pages show."""
    label = f"{target._meta.app_label}.{target._meta.model_name}"
    return AuditEntry.objects.filter(target_type=label, target_id=str(target.pk)).order_by("at", "id")


def agency_members(*, agency) -> QuerySet:
    """The people working in `agency` now (an active membership there), by name: whom a form may
    name as owner or handler, and whom the agency's page lists."""
    return (
        get_user_model()
        .objects.filter(memberships__agency=agency, memberships__is_active=True)
        .distinct()
        .order_by(vietnamese("full_name"))
    )
