"""Reception of a dossier (NĐ 118/2025 Điều 17): at the counter, or from an ingested `received`
event. Both create the row the same way: its code's parts, the procedure version in force and a
snapshot of the agency's process steps, which later edits of the process do not touch."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.people import person_name
from eiso.core.permissions import require_role
from eiso.core.roles import COUNTER
from eiso.dossiers.models import Channel, Dossier, DossierStep, EventType, Handover
from eiso.dossiers.services import events
from eiso.dossiers.services.codes import make_code, next_serial, parse_code
from eiso.dossiers.services.replay import calendar_for, local_date, rebuild
from eiso.procedures.selectors import is_competent


def process_for(agency, procedure):
    """The agency's process for the procedure and its published version in use, or (None, None)."""
    process = processes_for({(agency.pk, procedure.pk)}).get((agency.pk, procedure.pk))
    if process is None:
        return None, None
    return process, process.document.current_version


def processes_for(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], object]:
    """The process each (agency id, procedure id) pair is handled by, with its published version in
    use (`document.current_version`): the agency's oldest one; pairs without one are left out. One
    query however many pairs (ingest asks for a whole batch)."""
    from eiso.procedures.models import Process

    links = (
        Process.procedures.through.objects.filter(
            process__agency_id__in={agency for agency, _ in pairs},
            procedure_id__in={procedure for _, procedure in pairs},
            process__document__current_version__isnull=False,
        )
        .select_related("process__document__current_version")
        .order_by("process_id")
    )
    found = {}
    for link in links:
        found.setdefault((link.process.agency_id, link.procedure_id), link.process)
    return {pair: process for pair, process in found.items() if pair in pairs}


def step_rows(dossier: Dossier, process_steps) -> list[DossierStep]:
    """The dossier's copy of its process's steps (unsaved), which later edits of the process do not
    touch."""
    return [
        DossierStep(
            agency=dossier.agency,
            dossier=dossier,
            order=step.order,
            key=step.key,
            name=step.name,
            unit_id=step.unit_id,
            other_agency_id=step.other_agency_id,
            role=step.role,
            duration_amount=step.duration_amount,
            duration_unit=step.duration_unit,
            allotted_hours=0,  # set by the replay, on the province's office day
        )
        for step in process_steps
    ]


def snapshot_steps(dossier: Dossier, process_version) -> None:
    DossierStep.objects.bulk_create(step_rows(dossier, process_version.process_steps.order_by("order")))


def new_dossier(
    *, agency, procedure, code: str, received_at: datetime, channel: str, process_version, cal, **fields
) -> Dossier:
    """The dossier row, unsaved, with its code's parts and placeholders for what the replay derives
    from its events; ingest creates a batch's dossiers with it in bulk."""
    identifier, day, serial = parse_code(code)
    received_on = local_date(cal, received_at)
    return Dossier(
        agency=agency,
        code=code,
        code_identifier=identifier,
        code_date=day,
        code_serial=serial,
        procedure=procedure,
        procedure_version=procedure.current_version,
        process_version=process_version,
        channel=channel,
        # Placeholders until the replay derives them from the events.
        received_at=received_at,
        received_on=received_on,
        legal_due=received_at,
        legal_due_on=received_on,
        appointment=received_at,
        **fields,
    )


def create_dossier(*, agency, procedure, code: str, received_at: datetime, channel: str, **fields) -> Dossier:
    """The dossier row and its steps; the caller records the `received` event and replays it."""
    _, process_version = process_for(agency, procedure)
    dossier = new_dossier(
        agency=agency,
        procedure=procedure,
        code=code,
        received_at=received_at,
        channel=channel,
        process_version=process_version,
        cal=calendar_for(agency),
        **fields,
    )
    dossier.full_clean(exclude=["legal_due", "appointment"], validate_constraints=False)
    dossier.save()
    if process_version is not None:
        snapshot_steps(dossier, process_version)
    return dossier


def missing_components(version, received_orders) -> list[str]:
    have = {int(order) for order in received_orders}
    return [c.name for c in version.components.order_by("order") if c.order not in have]


def _principal(**values: str) -> dict:
    """The principal of a dossier submitted on their behalf (receipt, TT 03/2025 Mẫu 01), stripped;
    a principal needs a name."""
    chosen = {name: (value or "").strip() for name, value in values.items()}
    if any(chosen.values()) and not chosen["principal_name"]:
        raise DomainError("Cần nhập họ tên người ủy quyền.", field="principal_name")
    return chosen


def display_name(user) -> str:
    """The name the dossier's forms and hand-overs record for a person (core.people)."""
    return person_name(user)


@transaction.atomic
def dossier_receive(
    *,
    agency,
    procedure,
    applicant_name: str,
    channel: str,
    actor,
    components=(),
    applicant_address: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_id_number: str = "",
    principal_name: str = "",
    principal_id_number: str = "",
    principal_address: str = "",
    principal_phone: str = "",
    principal_email: str = "",
    authorisation_paper: str = "",
    sets: int = 1,
    return_place: str = "",
    received_at: datetime | None = None,
    if_incomplete: str = "refuse",
    supplement_items: str = "",
) -> Dossier:
    """Receive a dossier at the counter: code, snapshot of the process, legal due moment. Only a
    procedure on the agency's competence list is received (procedures.selectors.is_competent).

    With missing components the reception is refused with the list, or (if_incomplete="supplement")
    the dossier is received and a supplement request (form 02) is issued at once. The principal_*
    fields and `authorisation_paper` name who authorised the applicant, when someone submits for them."""
    require_role(actor, agency, *COUNTER)
    if procedure.province_id != agency.province_id or procedure.current_version_id is None:
        raise DomainError("Thủ tục hành chính không thuộc danh mục của tỉnh.", field="procedure")
    if not is_competent(agency, procedure):
        # The counter receives only the TTHC within the agency's competence (NĐ 118/2025 Điều 17);
        # the applicant is told where to go instead of getting a receipt the agency cannot honour.
        raise DomainError(
            f"Thủ tục {procedure.code} không thuộc danh mục thủ tục hành chính thuộc thẩm quyền của "
            f"{agency.name}: Bộ phận Một cửa không tiếp nhận hồ sơ này. Hãy hướng dẫn người nộp đến "
            "cơ quan có thẩm quyền giải quyết.",
            field="procedure",
        )
    if channel not in Channel.values:
        raise DomainError("Hình thức nộp hồ sơ không hợp lệ.", field="channel")
    if not applicant_name.strip():
        raise DomainError("Cần nhập họ tên người nộp hồ sơ.", field="applicant_name")
    version = procedure.current_version
    missing = missing_components(version, components)
    if missing and if_incomplete != "supplement":
        raise DomainError("Hồ sơ còn thiếu thành phần: " + "; ".join(missing) + ".", field="components")
    received_at = received_at or timezone.now()
    cal = calendar_for(agency)
    day = local_date(cal, received_at)
    serial = next_serial(agency, day)
    # A code already taken by a dossier ingested from the province's system is passed over.
    while Dossier.objects.filter(code=make_code(agency, day, serial)).exists():
        serial = next_serial(agency, day)
    chosen = {int(order) for order in components}
    dossier = create_dossier(
        agency=agency,
        procedure=procedure,
        code=make_code(agency, day, serial),
        received_at=received_at,
        channel=channel,
        received_by=actor,
        applicant_name=applicant_name.strip(),
        applicant_address=applicant_address,
        applicant_phone=applicant_phone,
        applicant_email=applicant_email,
        applicant_id_number=applicant_id_number,
        **_principal(
            principal_name=principal_name,
            principal_id_number=principal_id_number,
            principal_address=principal_address,
            principal_phone=principal_phone,
            principal_email=principal_email,
            authorisation_paper=authorisation_paper,
        ),
        components=[
            {"order": c.order, "name": c.name, "originals": c.originals, "copies": c.copies}
            for c in version.components.order_by("order")
            if c.order in chosen
        ],
        sets=sets,
        return_place=return_place,
    )
    events.record(dossier, EventType.RECEIVED, at=received_at, actor=actor)
    Handover.objects.create(
        agency=agency,
        dossier=dossier,
        at=received_at,
        given_by=dossier.applicant_name,
        received_by=display_name(actor),
        to_place="Bộ phận Một cửa",
    )
    changes = {"code": [None, dossier.code]}
    if missing:
        events.record(
            dossier,
            EventType.SUPPLEMENT_REQUESTED,
            at=received_at,
            actor=actor,
            reason=supplement_items or "Bổ sung: " + "; ".join(missing),
            data={"items": missing},
        )
        changes["supplement_requested"] = [None, "; ".join(missing)]
    rebuild(dossier, cal)
    audit.record(actor=actor, action="dossier.receive", target=dossier, changes=changes)
    return dossier
