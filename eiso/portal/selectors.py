"""Public reads for the portal: only published content (a procedure's current version)."""

from django.db.models import Prefetch, QuerySet

from eiso.core.collation import vietnamese
from eiso.core.query import parse_int
from eiso.orgs.models import Agency, Province, Unit
from eiso.procedures.filters import search_procedures
from eiso.procedures.models import Procedure, ProcedureComponent


def public_procedures(*, province: Province | None = None) -> QuerySet[Procedure]:
    queryset = Procedure.objects.filter(current_version__isnull=False).select_related(
        "current_version", "province"
    )
    if province is not None:
        queryset = queryset.filter(province=province)
    return queryset.order_by(vietnamese("current_version__field"), "code")


def procedure_search(*, text: str, province: Province | None = None) -> QuerySet[Procedure]:
    """Procedures whose code, name or field hold every word typed, with or without diacritics."""
    return search_procedures(public_procedures(province=province), text)


def procedures_by_code(*, code: str, province: Province | None = None) -> list[Procedure]:
    """The published procedures with this code (one per province that announced it)."""
    components = Prefetch(
        "current_version__components", queryset=ProcedureComponent.objects.order_by("order")
    )
    return list(public_procedures(province=province).filter(code=code).prefetch_related(components))


def provinces_with_procedures() -> list[Province]:
    return list(
        Province.objects.filter(procedures__current_version__isnull=False)
        .distinct()
        .order_by(vietnamese("name"))
    )


def agency_by_reference(reference: str) -> Agency | None:
    """An active agency named by its id or its electronic identifier code (mã định danh)."""
    reference = reference.strip()
    if not reference:
        return None
    number = parse_int(reference)
    lookup = {"pk": number} if number is not None else {"identifier_code": reference}
    return Agency.objects.active().select_related("province").filter(**lookup).first()


def one_stop_unit(*, agency: Agency) -> Unit | None:
    """The agency's one-stop unit (Bộ phận Một cửa), where citizens submit dossiers."""
    return (
        Unit.objects.filter(agency=agency, is_one_stop=True, is_active=True)
        .order_by(vietnamese("name"))
        .first()
    )


def agencies_for(*, procedure: Procedure) -> list[Agency]:
    """The agencies of the procedure's province a citizen may pick as the place to submit."""
    queryset = Agency.objects.active().filter(province_id=procedure.province_id)
    if procedure.current_version.level == "commune":
        queryset = queryset.filter(kind=Agency.Kind.COMMUNE)
    return list(queryset.order_by(vietnamese("name")))
