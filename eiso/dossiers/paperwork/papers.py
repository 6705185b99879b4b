"""The content of each one-stop form, from the dossier, the event that produced the form and that
form's number: what TT 03/2025/TT-VPCP (Phụ lục I) and TT 01/2018/TT-VPCP (Phụ lục) print
(regulations.md §4.4, §4.9.4), laid out by core.rendering in the NĐ 30/2020 layout.

Every form is dated on its event's day at the province's place name, never on the printing day.
The receipt keeps the appointment given at reception, even after an extension (form 04 shows the
new one). Counter slips (01, 02, 03) are signed by the counter's staff and, for 01 and 03, by the
applicant; letters to the applicant (04, 05) by the head of the agency, with their recipients;
the control slip is signed hop by hop in its table.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from eiso.core import deadlines, nd30
from eiso.core.people import person_name
from eiso.core.rendering import (
    Block,
    Field,
    OfficialHeader,
    Paragraph,
    Qr,
    Signature,
    Table,
    official_docx,
    official_pdf,
    parent_agency_line,
)
from eiso.dossiers.formsets import FormSet, FormSpec, form_set_for
from eiso.dossiers.models import Dossier, DossierEvent, EventType, FormKind, IssuedForm
from eiso.dossiers.services.replay import calendar_for, legal_due_from, legal_due_standing

NEW_SET = "tt03-2025"
SIGN_BY_HAND = "(Ký và ghi rõ họ tên)"
HEAD_SIGNS = "(Ký, ghi rõ họ tên và đóng dấu)"


@dataclass
class Paper:
    """One form, ready to render: heading, body, signature and closing notes on its page."""

    kind: str
    form_set: FormSet
    spec: FormSpec
    issued: IssuedForm
    header: OfficialHeader
    body: list[Block]
    signature: Signature | None
    signers: tuple[str, ...]  # the positions that sign, for the layout checks
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, kind: str, facts, form_set: FormSet, issued: IssuedForm, addressees=(), **parts) -> "Paper":
        """The form `kind` of `form_set`, numbered `issued`, under its NĐ 30/2020 heading (with
        "Kính gửi" when it has `addressees`)."""
        header = form_header(facts, form_set, kind, issued, addressees)
        return cls(
            kind=kind, form_set=form_set, spec=form_set.forms[kind], issued=issued, header=header, **parts
        )

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.issued.dossier.code}"

    def render(self, fmt: str) -> bytes:
        make = official_docx if fmt == "docx" else official_pdf
        return make(
            header=self.header,
            signature=self.signature,
            body=self.body,
            page=self.spec.page,
            notes=self.notes,
        )

    def expectation(self) -> nd30.Expectation:
        """What the NĐ 30/2020 checks expect of this form."""
        return nd30.Expectation(
            agency=self.header.agency,
            type_name=self.header.type_name,
            place=self.header.place,
            day=self.header.day,
            number=self.header.number,
            signatures=self.signers,
            recipients=bool(self.signature and self.signature.recipients),
            addressee=self.header.addressees[0] if self.header.addressees else "",
        )


@dataclass
class Facts:
    """What the forms read of one dossier, fetched once."""

    dossier: Dossier
    events: list[DossierEvent]
    cal: object

    @classmethod
    def of(cls, dossier: Dossier) -> "Facts":
        events = list(dossier.events.select_related("actor").order_by("at", "pk"))
        return cls(dossier=dossier, events=events, cal=calendar_for(dossier.agency))

    @property
    def received(self) -> DossierEvent:
        return next(e for e in self.events if e.type == EventType.RECEIVED)

    def appointment_at_reception(self) -> datetime:
        """The return time the receipt gave: the legal due moment as computed at reception."""
        received = self.received
        return received.due or legal_due_from(self.cal, self.dossier.procedure_version, received.at)

    def receiver_name(self) -> str:
        received = self.received
        if received.person:
            return received.person
        user = self.dossier.received_by
        return person_name(user)

    def local_day(self, moment: datetime):
        return self.cal.local(moment).date()


def moment(value: datetime | None) -> str:
    """ "09 giờ 05 phút, ngày 30/06/2025", the way the forms ask for a time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def head_signature(agency, recipients: list[str]) -> Signature:
    """THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ of the forms, written as the head's position in this agency."""
    name = agency.name
    if agency.kind == "commune":
        return Signature(
            authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", note=HEAD_SIGNS, recipients=recipients
        )
    for prefix, position in (
        ("Văn phòng", "CHÁNH VĂN PHÒNG"),
        ("Thanh tra", "CHÁNH THANH TRA"),
        ("Ban ", "TRƯỞNG BAN"),
        ("Sở ", "GIÁM ĐỐC"),
        ("Trung tâm", "GIÁM ĐỐC"),
    ):
        if name.startswith(prefix):
            return Signature(position=position, note=HEAD_SIGNS, recipients=recipients)
    return Signature(position="THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", note=HEAD_SIGNS, recipients=recipients)


def form_header(
    facts: Facts, form_set: FormSet, kind: str, issued: IssuedForm, addressees=()
) -> OfficialHeader:
    agency = facts.dossier.agency
    return OfficialHeader(
        parent_agency=parent_agency_line(agency),
        agency=agency.name,
        number=issued.number,
        place=agency.province.place_name,
        day=facts.local_day(issued.event.at),
        type_name=form_set.forms[kind].title,
        addressees=list(addressees),
        reference=form_set.reference(kind),
    )


def _applicant(dossier: Dossier, *, new: bool, lead: str) -> list[Block]:
    lines: list[Block] = [Field(lead, dossier.applicant_name)]
    if new:
        lines.append(Field("Số định danh cá nhân/tổ chức", dossier.applicant_id_number))
    lines += [
        Field("Địa chỉ", dossier.applicant_address),
        Field("Số điện thoại", dossier.applicant_phone),
        Field("Thư điện tử", dossier.applicant_email),
    ]
    return lines


def _authorisation(dossier: Dossier) -> list[Block]:
    """TT 03/2025 Mẫu 01: the principal's details when the dossier is submitted on their behalf."""
    if not dossier.principal_name:
        return [Field("Trường hợp được ủy quyền nộp hồ sơ", "Không (người nộp là người có yêu cầu)")]
    return [
        Paragraph("Trường hợp được ủy quyền nộp hồ sơ, thông tin của người ủy quyền:", indent=False),
        Field("Họ và tên người ủy quyền", dossier.principal_name),
        Field("Số định danh cá nhân/tổ chức", dossier.principal_id_number),
        Field("Địa chỉ", dossier.principal_address),
        Field("Số điện thoại", dossier.principal_phone),
        Field("Thư điện tử", dossier.principal_email),
        Field("Giấy tờ ủy quyền", dossier.authorisation_paper),
    ]


def _components(dossier: Dossier) -> Table:
    rows = []
    for index, component in enumerate(dossier.components, start=1):
        originals, copies = component.get("originals") or 0, component.get("copies") or 0
        form = ", ".join(part for part, count in (("bản chính", originals), ("bản sao", copies)) if count)
        rows.append([f"{index:02d}", component["name"], form.capitalize() or "Bản chụp", originals + copies])
    return Table(
        columns=["TT", "Tên loại giấy tờ", "Hình thức (bản chính, bản sao hoặc bản chụp)", "Số lượng"],
        rows=rows,
    )


def receipt(facts: Facts, form_set: FormSet, issued: IssuedForm, lookup: str) -> Paper:
    dossier = facts.dossier
    new = form_set.key == NEW_SET
    version = dossier.procedure_version
    one_stop = dossier.receiving_unit.name if dossier.receiving_unit_id else "Bộ phận Một cửa"
    body: list[Block] = [
        Qr(lookup, "Quét mã để tra cứu hồ sơ"),
        Field("Mã hồ sơ", dossier.code),
        Field("Bộ phận tiếp nhận", f"{one_stop}, {dossier.agency.name}"),
        *_applicant(dossier, new=new, lead="Tiếp nhận hồ sơ của"),
        *(_authorisation(dossier) if new else []),
        Field("Nội dung yêu cầu giải quyết", version.name),
        Paragraph("1. Thành phần hồ sơ nộp gồm:", indent=False),
        _components(dossier),
        Field("2. Số lượng hồ sơ", f"{dossier.sets:02d} bộ"),
        Field("3. Thời gian giải quyết hồ sơ theo quy định", version.processing_time_display),
        Field("4. Thời gian nhận hồ sơ", moment(dossier.received_at)),
        Field("5. Thời gian trả kết quả giải quyết hồ sơ", moment(facts.appointment_at_reception())),
        Field("6. Đăng ký nhận kết quả tại", dossier.return_place),
        Paragraph(
            f"Vào Sổ theo dõi hồ sơ, Quyển số 01 năm {issued.year}, Số thứ tự {issued.serial:02d}.",
            indent=False,
        ),
    ]
    applicant = Signature(position="NGƯỜI NỘP HỒ SƠ", name=dossier.applicant_name, note=SIGN_BY_HAND)
    signature = Signature(
        position="NGƯỜI TIẾP NHẬN HỒ SƠ", name=facts.receiver_name(), note=SIGN_BY_HAND, counterpart=applicant
    )
    if new:
        notes = [
            "Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 bản: 01 bản giao người "
            "nộp hồ sơ, 01 bản lưu tại Bộ phận Một cửa. Bản điện tử được người tiếp nhận hồ sơ ký số.",
            "Người nộp hồ sơ có thể đăng ký nhận kết quả qua dịch vụ bưu chính công ích hoặc trên Cổng "
            "Dịch vụ công quốc gia.",
        ]
    else:
        notes = [
            "Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên: 01 liên chuyển "
            "kèm Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận tiếp nhận và trả kết "
            "quả; 01 liên giao cho cá nhân, tổ chức nộp hồ sơ.",
            "Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc tại nhà "
            "(trụ sở tổ chức) qua dịch vụ bưu chính.",
        ]
    return Paper.of(
        FormKind.RECEIPT,
        facts,
        form_set,
        issued,
        body=body,
        signature=signature,
        signers=("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
        notes=notes,
    )


def _items(event: DossierEvent) -> list[str]:
    items = event.data.get("items", "")
    if isinstance(items, list):
        return [str(item).strip() for item in items if str(item).strip()]
    return [line.strip(" -;") for line in str(items).replace(";", "\n").splitlines() if line.strip(" -;")]


def _contact(event: DossierEvent) -> tuple[str, str]:
    """Who the applicant calls for guidance while completing the dossier, and at what number."""
    name = event.data.get("contact_name") or event.person
    phone = event.data.get("contact_phone") or (event.actor.phone if event.actor_id else "")
    return name, phone


def supplement(facts: Facts, form_set: FormSet, issued: IssuedForm) -> Paper:
    dossier, event = facts.dossier, issued.event
    new = form_set.key == NEW_SET
    items = _items(event) or [event.reason]
    contact, phone = _contact(event)
    body: list[Block] = [
        Field("Mã hồ sơ", dossier.code),
        Field("Hồ sơ của", dossier.applicant_name),
        Field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name),
        Field("Địa chỉ", dossier.applicant_address),
        Field("Số điện thoại", dossier.applicant_phone),
        Field("Thư điện tử", dossier.applicant_email),
        Field("Ngày tiếp nhận hồ sơ", f"{dossier.received_on:%d/%m/%Y}"),
        Paragraph("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", indent=False),
        *[Paragraph(f"{index}. {item}", indent=False) for index, item in enumerate(items, start=1)],
        Field("Lý do", event.reason if items != [event.reason] else ""),
        Paragraph(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với "
            f"{contact or '…' * 10} theo số điện thoại {phone or '…' * 8} để được hướng dẫn."
        ),
    ]
    if new:
        closing = deadlines.closure_due(facts.cal, event.at)
        body.append(
            Paragraph(
                "Quá 15 ngày kể từ ngày yêu cầu (đến hết ngày "
                f"{facts.local_day(closing):%d/%m/%Y}) mà hồ sơ chưa được bổ sung, hoàn thiện thì Bộ phận "
                "Một cửa kết thúc hồ sơ theo khoản 5 Điều 19 Nghị định số 118/2025/NĐ-CP."
            )
        )
    signature = Signature(position="NGƯỜI HƯỚNG DẪN", name=event.person, note=SIGN_BY_HAND)
    return Paper.of(
        FormKind.SUPPLEMENT,
        facts,
        form_set,
        issued,
        body=body,
        signature=signature,
        signers=("NGƯỜI HƯỚNG DẪN",),
        notes=["Ghi chú: Bản điện tử được người hướng dẫn ký số."] if new else [],
    )


def refusal(facts: Facts, form_set: FormSet, issued: IssuedForm) -> Paper:
    dossier, event = facts.dossier, issued.event
    new = form_set.key == NEW_SET
    body: list[Block] = [
        Field("Mã hồ sơ (nếu có)" if new else "Mã hồ sơ", dossier.code),
        *_applicant(dossier, new=new, lead="Tiếp nhận hồ sơ của"),
        Field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name),
        Paragraph(
            "Sau khi xem xét, đối chiếu thành phần hồ sơ và quy định của pháp luật, "
            f"{dossier.agency.name} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
        ),
        Paragraph(event.reason or "…" * 20),
        Paragraph("Xin thông báo để ông/bà được biết và thực hiện./."),
    ]
    applicant = Signature(position="NGƯỜI NỘP HỒ SƠ", name=dossier.applicant_name, note=SIGN_BY_HAND)
    signature = Signature(
        position="NGƯỜI TIẾP NHẬN HỒ SƠ", name=event.person, note=SIGN_BY_HAND, counterpart=applicant
    )
    return Paper.of(
        FormKind.REFUSAL,
        facts,
        form_set,
        issued,
        body=body,
        signature=signature,
        signers=("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
        notes=["Ghi chú: Bản điện tử được người tiếp nhận hồ sơ ký số."] if new else [],
    )


def apology(facts: Facts, form_set: FormSet, issued: IssuedForm) -> Paper:
    dossier, event = facts.dossier, issued.event
    new = form_set.key == NEW_SET
    agency = dossier.agency.name
    before = legal_due_standing(dossier, facts.events, event.at, facts.cal)
    identity = f" (số định danh {dossier.applicant_id_number})" if new and dossier.applicant_id_number else ""
    ask = "đề nghị gia hạn thời gian giải quyết hồ sơ" if new else "hẹn lại thời gian trả kết quả"
    body: list[Block] = [
        Paragraph(
            f"Ngày {dossier.received_on:%d/%m/%Y}, {agency} tiếp nhận giải quyết hồ sơ đề nghị "
            f"{dossier.procedure_version.name} của ông/bà{identity}; mã số hồ sơ: {dossier.code}."
        ),
        Paragraph(f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {moment(before)}."),
        Paragraph(
            f"Tuy nhiên, đến nay {agency} chưa thể trả kết quả giải quyết hồ sơ của ông/bà đúng thời "
            "hạn đã hẹn."
        ),
        Field("Lý do", event.reason),
        Paragraph(
            f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {agency} xin lỗi ông/bà và {ask}; thời gian "
            f"trả kết quả mới: {moment(event.due)}."
        ),
        Paragraph("Rất mong nhận được sự thông cảm của ông/bà./."),
    ]
    counter = "Bộ phận Một cửa" if new else "Bộ phận tiếp nhận và trả kết quả"
    signature = head_signature(dossier.agency, ["Như trên;", f"{counter};", "Lưu: VT."])
    return Paper.of(
        FormKind.APOLOGY,
        facts,
        form_set,
        issued,
        addressees=[dossier.applicant_name],
        body=body,
        signature=signature,
        signers=(signature.position,),
        notes=["Ghi chú: Bản điện tử được thủ trưởng cơ quan, đơn vị ký số."] if new else [],
    )


def stop(facts: Facts, form_set: FormSet, issued: IssuedForm) -> Paper:
    """TT 03/2025 Điều 7 names the notice; its fields were not seen (regulations.md §4.9.4), so it
    says what NĐ 118/2025 Điều 21 requires: which dossier, from when, why, and what follows."""
    dossier, event = facts.dossier, issued.event
    agency = dossier.agency.name
    body: list[Block] = [
        Paragraph(
            f"Ngày {facts.local_day(event.at):%d/%m/%Y}, {agency} nhận được đề nghị dừng giải quyết hồ sơ "
            f"của ông/bà: mã số hồ sơ {dossier.code}, thủ tục {dossier.procedure_version.name}, tiếp nhận "
            f"ngày {dossier.received_on:%d/%m/%Y}."
        ),
        Field("Lý do", event.reason or "Theo đề nghị của người nộp hồ sơ"),
        Paragraph(
            f"Căn cứ Điều 21 Nghị định số 118/2025/NĐ-CP, {agency} thông báo dừng giải quyết hồ sơ nêu "
            f"trên kể từ {moment(event.at)}. Việc trả lại hồ sơ, phí, lệ phí (nếu có) thực hiện theo quy "
            "định của pháp luật chuyên ngành./."
        ),
    ]
    signature = head_signature(dossier.agency, ["Như trên;", "Bộ phận Một cửa;", "Lưu: VT."])
    return Paper.of(
        FormKind.STOP,
        facts,
        form_set,
        issued,
        addressees=[dossier.applicant_name],
        body=body,
        signature=signature,
        signers=(signature.position,),
        notes=["Ghi chú: Bản điện tử được ký số."],
    )


def form_set_of(dossier: Dossier) -> FormSet:
    return form_set_for(dossier.received_on)
