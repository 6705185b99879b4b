"""The one-stop forms of a dossier, as .docx and PDF (printed from the PDF, on the form's own page).

Each form belongs to an event (reception → receipt and control slip, supplement request → 02,
refusal → 03, apology with extension → 04, stop → 05) and carries the number that event reserved
in the form's yearly series (services.numbering), the event's date and the province's place. The
set of forms (TT 03/2025 or TT 01/2018) follows the reception date (formsets.py). Content is in
`papers` and `slip`, the tracking book in `book`; layout is core.rendering's.
"""

from django.urls import reverse

from eiso.dossiers.formsets import FORM_SETS, form_set_for
from eiso.dossiers.models import Dossier, FormKind, IssuedForm
from eiso.dossiers.paperwork import papers, slip
from eiso.dossiers.paperwork.book import tracking_book_xlsx
from eiso.dossiers.paperwork.papers import Facts, Paper

__all__ = [
    "FORM_SETS",
    "Paper",
    "available_forms",
    "build",
    "form_set_for",
    "issued_forms",
    "lookup_url",
    "tracking_book_xlsx",
]

KIND_LABELS = {
    FormKind.RECEIPT: "Giấy tiếp nhận và hẹn trả",
    FormKind.SUPPLEMENT: "Phiếu yêu cầu bổ sung",
    FormKind.REFUSAL: "Phiếu từ chối",
    FormKind.APOLOGY: "Phiếu xin lỗi, gia hạn",
    FormKind.STOP: "Thông báo dừng giải quyết",
    FormKind.CONTROL_SLIP: "Phiếu kiểm soát",
}


def issued_forms(dossier: Dossier) -> list[IssuedForm]:
    """The dossier's numbered forms of its set, in the order of their events."""
    available = form_set_for(dossier.received_on).forms
    rows = [row for row in dossier.issued_forms.select_related("event") if row.kind in available]
    order = list(FormKind.values)
    return sorted(rows, key=lambda row: (row.event.at, row.event_id, order.index(row.kind)))


def available_forms(dossier: Dossier) -> list[dict]:
    """What the dossier page lists: each issued form with its number and date."""
    form_set = form_set_for(dossier.received_on)
    return [
        {
            "kind": row.kind,
            "id": row.pk,
            "number": form_set.forms[row.kind].number,
            "label": KIND_LABELS[row.kind],
            "serial": row.number,
            "at": row.event.at,
            "page": form_set.forms[row.kind].page,
            "basis": form_set.basis,
        }
        for row in issued_forms(dossier)
    ]


def lookup_url(dossier: Dossier, request=None) -> str:
    path = reverse("portal:dossier_lookup") + f"?code={dossier.code}"
    return request.build_absolute_uri(path) if request is not None else path


def build(dossier: Dossier, kind: str, *, issued_id: int | None = None, request=None) -> Paper | None:
    """The form `kind` of the dossier (the latest of that kind, or the one numbered `issued_id`),
    or None when the dossier has no such form."""
    rows = [row for row in issued_forms(dossier) if row.kind == kind]
    if issued_id is not None:
        rows = [row for row in rows if row.pk == issued_id]
    if not rows:
        return None
    issued = rows[-1]
    form_set = form_set_for(dossier.received_on)
    facts = Facts.of(dossier)
    if kind == FormKind.RECEIPT:
        return papers.receipt(facts, form_set, issued, lookup_url(dossier, request))
    if kind == FormKind.CONTROL_SLIP:
        receipt = next((row for row in issued_forms(dossier) if row.kind == FormKind.RECEIPT), None)
        return slip.control_slip(facts, form_set, issued, receipt)
    builder = {
        FormKind.SUPPLEMENT: papers.supplement,
        FormKind.REFUSAL: papers.refusal,
        FormKind.APOLOGY: papers.apology,
        FormKind.STOP: papers.stop,
    }[kind]
    return builder(facts, form_set, issued)
