"""Reads of the procedure catalogue shared by pages, the API and the portal."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from eiso.procedures.content import FIELD_LABELS, changed_fields, display_value
from eiso.procedures.models import Procedure, ProcedureVersion


def procedure_list(*, user) -> QuerySet[Procedure]:
    """The catalogue the user may read, with what a list row shows, in one query."""
    return (
        Procedure.objects.for_user(user)
        .filter(current_version__isnull=False)
        .select_related("current_version", "province")
        .annotate(version_count=Count("versions"))
        .order_by("code")
    )


def procedure_fields(*, user) -> list[str]:
    """The fields (lĩnh vực) present in the user's catalogue, for the filter box."""
    return list(
        Procedure.objects.for_user(user)
        .filter(current_version__isnull=False)
        .values_list("current_version__field", flat=True)
        .distinct()
        .order_by("current_version__field")
    )


def procedure_versions(*, procedure: Procedure) -> list[ProcedureVersion]:
    """Every version of a procedure, newest first, with its components."""
    return list(procedure.versions.prefetch_related("components").order_by("-number"))


@dataclass
class FieldChange:
    key: str
    label: str
    before: str
    after: str


def version_diff(*, old: ProcedureVersion, new: ProcedureVersion) -> list[FieldChange]:
    """What changed from `old` to `new`, field by field, as people read the values."""
    before = old.content(list(old.components.all()))
    after = new.content(list(new.components.all()))
    return [
        FieldChange(key, FIELD_LABELS[key], display_value(key, before[key]), display_value(key, after[key]))
        for key in changed_fields(before, after)
    ]
