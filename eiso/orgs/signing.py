"""Signing what eISO produces (issue 20, item 2), one mechanism for every signable document
(orgs.signables): on the server with the agency's certificate, or by the signer's own device
(USB token) through pyHanko's interrupted signing.

Server-side, the agency signs: its seal overlaps the left third of the signer's place (NĐ 30/2020
Phụ lục I, orgs.placement). Externally, the person signs in the signature block: eISO prepares the
PDF with the signature field and its appearance, keeps the prepared bytes and the digest of their
byte range in a SigningSession, and gives out the digest; the signer's device returns a detached
CMS SignedData over it, which eISO embeds in exactly those bytes and accepts only when the
signature verifies (core.signatures) over them.

Once signed, the signed PDF is the record (SignedDocument): served as it is, never rendered again.
"""

import base64
import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from eiso.core import audit, signatures
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures
from eiso.orgs import certificates, placement, signables
from eiso.orgs.models import SignedDocument, SigningSession

FIELD_PERSON = "ChuKyNguoiKy"
FIELD_AGENCY = "ChuKyCoQuan"
# A minutes' second party signs in fields of its own: a signed field is never filled again.
FIELDS = {
    placement.SIGNER: (FIELD_PERSON, FIELD_AGENCY),
    placement.COUNTERPART: ("ChuKyDaiDien", "ChuKyCoQuanDaiDien"),
}
SESSION_HOURS = 24
# Room for the CMS in the prepared PDF: a signature with a certificate chain of a few certificates
# (a VGCA chain is three) and, from some tokens, a timestamp.
CMS_BYTES_RESERVED = 32 * 1024
ALGORITHM = "sha256"
# A CMS a device returns is a few kilobytes; more is not a signature (and would not fit the room).
MAX_CMS_BYTES = 64 * 1024
# An intact signature over the prepared bytes, whether or not its root is trusted yet (the badge
# says which): what a signer's device returns is accepted on these verdicts only.
ACCEPTED = {FileSignatures.Verdict.VALID, FileSignatures.Verdict.UNTRUSTED}


def signed_document(kind: str, target) -> SignedDocument | None:
    return SignedDocument.objects.filter(kind=kind, target_id=target.pk).first()


def signed_files(target, *kinds: str) -> list:
    """The signed PDFs of a record (for its retention and archive package), in the order signed."""
    found = SignedDocument.objects.filter(kind__in=kinds, target_id=target.pk).order_by("signed_at", "pk")
    return [signed.file for signed in found]


def changes_since_signing(signed: SignedDocument, target) -> list[str]:
    """The printed values that changed since the document was signed (empty when none did)."""
    today = signables.get(signed.kind).printed_of(target)
    return sorted(name for name, value in signed.printed.items() if today.get(name) != value)


def _ready(kind: str, target, actor) -> signables.Signable:
    signable = signables.get(kind)
    signable.check(target, actor)
    if signed_document(kind, target) is not None:
        raise DomainError(f"{signable.label} đã được ký số.")
    return signable


def _record(
    signable, target, data: bytes, *, method: str, actor, printed: dict, action: str
) -> SignedDocument:
    result = signatures.check_pdf(data)
    found = signatures.described(result)
    signed = SignedDocument(
        agency=signable.owner_of(target),
        kind=signable.kind,
        target_id=target.pk,
        method=method,
        signer=(found[-1].get("signer") or "")[:300] if found else "",
        signed_by=actor,
        signed_at=timezone.now(),
        printed=printed,
    )
    signed.file.save(f"{signable.filename(target)}-ky-so.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            signed.save()
    except IntegrityError:
        raise DomainError(f"{signable.label} đã được ký số.") from None
    audit.record(
        actor=actor,
        action=action,
        target=target,
        changes={
            "signed": [None, signable.label],
            "signer": [None, signed.signer],
            "method": [None, signed.get_method_display()],
        },
    )
    return signed


@transaction.atomic
def document_sign(*, kind: str, target, actor) -> SignedDocument:
    """Sign the document on the server with the certificate of the agency that issues it; its seal
    stands over the left third of the signer's place."""
    signable = _ready(kind, target, actor)
    pdf = signable.render(target)
    agency = signable.certificate_agency(target)
    seal = placement.seal_box(placement.person_box(pdf, signable.side))
    appearance = placement.seal_appearance(seal, agency=agency.name, signed_at=timezone.localtime())
    with placement.stamp_style(appearance) as style:
        data = certificates.sign_pdf(
            agency=agency,
            pdf=pdf,
            reason=signable.reason(target),
            field_name=FIELDS[signable.side][1],
            seal=seal,
            stamp_style=style,
        )
    return _record(
        signable,
        target,
        data,
        method=SignedDocument.Method.SERVER,
        actor=actor,
        printed=signable.printed_of(target),
        action="signed_document.sign",
    )


def _prepare(pdf: bytes, *, reason: str, signer_name: str, at, side: str) -> tuple[bytes, object]:
    """The PDF with the person's signature field in the signature block, its appearance and room for
    the CMS; and the digest of its byte range (pyHanko's PreparedByteRangeDigest)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigAppearanceSetup, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject

    box = placement.person_box(pdf, side)
    name = FIELDS[side][0]
    spec = fields.SigFieldSpec(name, on_page=box.page, box=box.rect)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    embedder = PdfCMSEmbedder(new_field_spec=spec).write_cms(field_name=name, writer=writer)
    next(embedder)
    placeholder = SignatureObject(
        timestamp=at,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        bytes_reserved=CMS_BYTES_RESERVED,
    )
    appearance = placement.person_appearance(box, signer=signer_name, signed_at=timezone.localtime(at))
    with placement.stamp_style(appearance) as style:
        embedder.send(
            SigObjSetup(
                sig_placeholder=placeholder,
                appearance_setup=SigAppearanceSetup(style=style, timestamp=at, name=signer_name),
            )
        )
    prepared, output = embedder.send(SigIOSetup(md_algorithm=ALGORITHM, in_place=False))
    return output.getvalue(), prepared


@transaction.atomic
def session_start(*, kind: str, target, actor) -> SigningSession:
    """Prepare the document for the signer's own device: the digest to sign, for a day."""
    signable = _ready(kind, target, actor)
    now = timezone.now()
    data, prepared = _prepare(
        signable.render(target),
        reason=signable.reason(target),
        signer_name=signable.signer_name(target),
        at=now,
        side=signable.side,
    )
    session = SigningSession(
        agency=signable.owner_of(target),
        kind=kind,
        target_id=target.pk,
        requested_by=actor,
        digest=prepared.document_digest,
        algorithm=ALGORITHM,
        reserved_start=prepared.reserved_region_start,
        reserved_end=prepared.reserved_region_end,
        printed=signable.printed_of(target),
        expires_at=now + timedelta(hours=SESSION_HOURS),
    )
    session.prepared.save(f"{signable.filename(target)}-chuan-bi-ky.pdf", ContentFile(data), save=False)
    session.save()
    audit.record(
        actor=actor,
        action="signing_session.prepare",
        target=target,
        changes={"signing_session": [None, session.pk], "expires_at": [None, session.expires_at.isoformat()]},
    )
    return session


def digest_base64(session: SigningSession) -> str:
    return base64.b64encode(bytes(session.digest)).decode()


def _cms(data: bytes):
    from asn1crypto import cms

    try:
        content = cms.ContentInfo.load(data, strict=True)
        if content["content_type"].native != "signed_data":
            raise ValueError
        infos = content["content"]["signer_infos"]
        if len(infos) != 1:
            raise ValueError
        infos[0]["signed_attrs"].native  # noqa: B018 -- parsing it now refuses a malformed one here
    except (ValueError, TypeError, KeyError):
        raise DomainError(
            "Tệp không phải chữ ký số CMS (PKCS#7 SignedData, dạng DER, một người ký) do thiết bị ký số "
            "tạo ra.",
            field="cms",
        ) from None
    return content


def _check_open(session: SigningSession, actor, now) -> None:
    if session.state == SigningSession.State.COMPLETED:
        raise DomainError("Phiên ký số này đã được dùng: văn bản đã được ký.", field="cms")
    if session.expires_at <= now:
        raise DomainError(
            f"Phiên ký số đã hết hạn lúc {timezone.localtime(session.expires_at):%H:%M %d/%m/%Y}: "
            "hãy chuẩn bị ký lại để nhận giá trị băm mới.",
            field="cms",
        )
    if session.requested_by_id != actor.id:
        raise DomainError("Chỉ người đã chuẩn bị phiên ký số này được nộp chữ ký cho nó.", field="cms")


@transaction.atomic
def session_complete(*, session: SigningSession, cms_der: bytes, actor) -> SignedDocument:
    """Embed the CMS the signer's device returned; accepted only when it verifies over the prepared
    bytes. A refusal leaves the session as it was, to try again with the right signature."""
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest

    session = SigningSession.objects.select_for_update().get(pk=session.pk)
    now = timezone.now()
    _check_open(session, actor, now)
    signable = signables.get(session.kind)
    target = signable.model.objects.select_for_update().get(pk=session.target_id)
    signable.check(target, actor)
    if signed_document(session.kind, target) is not None:
        raise DomainError(f"{signable.label} đã được ký số.", field="cms")
    if signable.printed_of(target) != session.printed:
        raise DomainError(
            "Nội dung văn bản đã thay đổi sau khi chuẩn bị ký: hãy chuẩn bị ký lại.", field="cms"
        )
    content = _cms(cms_der)
    with session.prepared.open("rb") as handle:
        output = io.BytesIO(handle.read())
    prepared = PreparedByteRangeDigest(bytes(session.digest), session.reserved_start, session.reserved_end)
    try:
        prepared.fill_with_cms(output, content.dump())
    except SigningError:
        raise DomainError("Chữ ký số quá lớn so với chỗ dành sẵn trong văn bản.", field="cms") from None
    data = output.getvalue()
    verdict = signatures.check_pdf(data).verdict
    if verdict not in ACCEPTED:
        raise DomainError(
            "Chữ ký số không khớp với văn bản đã chuẩn bị: chữ ký không được tạo trên giá trị băm "
            f"{digest_base64(session)} ({session.algorithm.upper()}) của phiên ký số này."
            if verdict == FileSignatures.Verdict.ALTERED
            else "Không kiểm tra được chữ ký số sau khi gắn vào văn bản: chữ ký hỏng hoặc không đúng "
            "định dạng.",
            field="cms",
        )
    signed = _record(
        signable,
        target,
        data,
        method=SignedDocument.Method.EXTERNAL,
        actor=actor,
        printed=session.printed,
        action="signing_session.complete",
    )
    session.state = SigningSession.State.COMPLETED
    session.completed_at = now
    session.save(update_fields=["state", "completed_at", "updated_at"])
    return signed


def sessions_purge(*, now) -> int:
    """Remove the sessions that are over (expired, or completed a day ago) with their prepared file."""
    over = SigningSession.objects.filter(expires_at__lte=now) | SigningSession.objects.filter(
        state=SigningSession.State.COMPLETED, completed_at__lte=now - timedelta(hours=SESSION_HOURS)
    )
    removed = 0
    for session in over:
        session.prepared.delete(save=False)
        session.delete()
        removed += 1
    return removed
