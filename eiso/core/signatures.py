"""Digital signatures embedded in PDFs (issue 20): what they say, for every PDF eISO accepts.

An official document is valid electronically when it carries a digital signature, mostly one of the
specialised public-service certificates of the Government Cipher Committee (VGCA). Each PDF that
passes the upload gate is validated with pyHanko, in the sandbox (a hostile PDF reaches pyHanko's
parser), against the province's trusted roots only: the signer, the organisation, the signing time,
whether the file changed after signing, whether the certificate chains to a trusted root, and whether
it was revoked (core.revocation: the CRLs the administrator uploaded and, when the province allows
it, the CRLs and OCSP answers its CA publishes). A revocation that could not be checked says so
("chưa kiểm tra" when there was nothing to check against, "không kiểm tra được" when the data
could not be had or could not decide) rather than pretending.

Results are kept by the file's SHA-256 (core.models.FileSignatures), stamped with their basis: the
trusted roots, the uploaded CRLs and the revocation mode; a change of any makes them stale, and they
are checked again the next time the file is shown. A revocation status is as at `checked_at`.
"""

import hashlib
import json
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.db import transaction
from django.utils import timezone

from eiso.core import audit, revocation, sandbox
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures, TrustedRoot

SIGNATURE_SECONDS = 20
# Changes after signing that leave the signed content as it was: document timestamps and
# validation data added for long-term validation.
HARMLESS_CHANGES = {"NONE", "LTA_UPDATES"}
Verdict = FileSignatures.Verdict
# RFC 5280 reason codes, as asn1crypto names them.
REASONS = {
    "unspecified": "không nêu lý do",
    "key_compromise": "lộ khóa bí mật",
    "ca_compromise": "lộ khóa của tổ chức cấp chứng thư",
    "affiliation_changed": "thay đổi cơ quan, đơn vị",
    "superseded": "đã được thay thế",
    "cessation_of_operation": "ngừng sử dụng",
    "certificate_hold": "tạm dừng",
    "remove_from_crl": "gỡ khỏi danh sách",
    "privilege_withdrawn": "bị rút quyền",
    "aa_compromise": "lộ khóa của tổ chức cấp thuộc tính",
}


def basis_key() -> str:
    """One value for what a check depends on (the trusted roots, the uploaded CRLs, the revocation
    mode): results checked on another basis are stale."""
    fingerprints = sorted(TrustedRoot.objects.values_list("fingerprint", flat=True))
    return hashlib.sha256((",".join(fingerprints) + "|" + revocation.basis_part()).encode()).hexdigest()


def verdict_of(signatures: list[dict]) -> str:
    if not signatures:
        return Verdict.NONE
    if any(found.get("broken") for found in signatures):
        return Verdict.BROKEN
    if not all(unchanged(found, signatures) for found in signatures):
        return Verdict.ALTERED
    if any(found.get("revocation", {}).get("status") == "revoked" for found in signatures):
        return Verdict.REVOKED
    if not all(found["trusted"] for found in signatures):
        return Verdict.UNTRUSTED
    return Verdict.VALID


def _payload(data: bytes, header: dict) -> bytes:
    """The child's input: one JSON line (roots, revocation data, whether to list sources), the PDF."""
    return json.dumps(header).encode() + b"\n" + data


def _found(answer: dict | None) -> list[dict] | None:
    """The child's signatures, or None when it failed or ran out of time."""
    if answer is None or answer.get("failed"):
        return None
    return answer["signatures"]


def _with_revocation(
    data: bytes, signatures: list[dict] | None, *, header: dict, fetcher: revocation.Fetcher
) -> list[dict] | None:
    """The signatures of the child's first reading (`signatures`, read with `header`: the roots and
    the uploaded CRLs), their revocation checked online too when the province allows it: the data
    their CAs publish is fetched here (core.revocation, within its limits) and checked in a second
    reading."""
    online = revocation.mode() == revocation.ONLINE
    wanted = [source for found in signatures or [] for source in found.pop("sources", [])]
    if wanted:
        fetched_crls, ocsps = fetcher.fetch(wanted)
        if fetched_crls or ocsps:
            again_header = {**header, "crls": header["crls"] + fetched_crls, "ocsps": ocsps, "sources": False}
            payload = _payload(data, again_header)
            again = _found(sandbox.run("pdf-signatures", payload, seconds=SIGNATURE_SECONDS))
            signatures = again if again is not None else signatures
    for found in signatures or []:
        state = found.get("revocation", {})
        # No data at all about the signer's CA and nothing fetched: not checked; data that could not
        # decide, or fetching that failed: could not be checked.
        if state.get("status") == "none":
            state["status"] = "unavailable" if online else "unchecked"
        elif state.get("status") == "failed":
            state["status"] = "unavailable"
    return signatures


def check_pdf(data: bytes) -> FileSignatures:
    """The signatures of a PDF, validated now unless a result on today's basis is kept."""
    return check_pdfs([data])[0]


def check_pdfs(datas: list[bytes]) -> list[FileSignatures]:
    """`check_pdf` of many PDFs (a folder's): the first reading of all those not kept on today's
    basis done in batch children (`sandbox.run_many`), the online fetching file by file."""
    key = basis_key()
    digests = [hashlib.sha256(data).hexdigest() for data in datas]
    kept = {row.sha256: row for row in FileSignatures.objects.filter(sha256__in=digests, basis=key)}
    todo = {digest: data for digest, data in zip(digests, datas, strict=True) if digest not in kept}
    if todo:
        header = {
            "roots": list(TrustedRoot.objects.values_list("certificate", flat=True)),
            "crls": revocation.uploaded(),
            "ocsps": [],
            "sources": revocation.mode() == revocation.ONLINE,
        }
        jobs = [("pdf-signatures", _payload(data, header)) for data in todo.values()]
        answers = sandbox.run_many(jobs, seconds=SIGNATURE_SECONDS)
        fetcher = revocation.Fetcher()
        for (digest, data), answer in zip(todo.items(), answers, strict=True):
            signatures = _with_revocation(data, _found(answer), header=header, fetcher=fetcher)
            values = {
                "verdict": Verdict.BROKEN if signatures is None else verdict_of(signatures),
                "signatures": signatures or [],
                "basis": key,
                "checked_at": timezone.now(),
            }
            kept[digest], _ = FileSignatures.objects.update_or_create(sha256=digest, defaults=values)
    return [kept[digest] for digest in digests]


def unchanged(found: dict, signatures: list[dict] = ()) -> bool:
    """The signed content is as it was signed (documents' timestamps and validation data aside), or
    the only change after it is a later signature of the same file in a new field: a minutes signed
    by one party, then by the other (pyHanko counts that as form filling)."""
    if not (found["intact"] and found["docmdp_ok"]):
        return False
    if found["modification"] in HARMLESS_CHANGES:
        return True
    # Only revisions after this signature count in its changed fields: the other signatures named
    # there are the later ones.
    signed_fields = {
        other.get("field") for other in signatures if other is not found and not other.get("broken")
    }
    changed = set(found.get("changed_fields") or [])
    return found["modification"] == "FORM_FILLING" and bool(changed) and changed <= signed_fields


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _revocation_shown(state: dict) -> dict:
    return {
        **state,
        "status": state.get("status", "unchecked"),
        "at": _moment(state.get("at")),
        "revoked_at": _moment(state.get("revoked_at")),
        "reason": REASONS.get(state.get("reason", ""), REASONS["unspecified"]),
    }


def described(result: FileSignatures) -> list[dict]:
    """The signatures of a result as pages show them: moments as moments, the change check as one
    yes or no, the revocation reason in words."""
    return [
        found
        if found.get("broken")
        else {
            **found,
            "signed_at": _moment(found["signed_at"]),
            "unchanged": unchanged(found, result.signatures),
            "revocation": _revocation_shown(found.get("revocation", {})),
        }
        for found in result.signatures
    ]


def check_file(field_file) -> FileSignatures | None:
    """The signatures of a stored PDF (a model's FileField value); None for other files."""
    if not field_file or not field_file.name.lower().endswith(".pdf"):
        return None
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return check_pdf(data)


# --- the trusted roots, kept by the administrator --------------------------------------------------------


def _certificate(data: bytes) -> x509.Certificate:
    try:
        return (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
    except ValueError:
        raise DomainError(
            "Tệp không phải là chứng thư số (.cer, .crt hoặc .pem, dạng DER hoặc PEM).", field="certificate"
        ) from None


def root_certificate(data: bytes) -> x509.Certificate:
    """A root certificate to trust, read from a file (DER or PEM): refused when it is not a CA's or
    is already trusted."""
    certificate = _certificate(data)
    try:
        is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise DomainError("Chứng thư này không phải của một tổ chức cấp chứng thư (CA).", field="certificate")
    if TrustedRoot.objects.filter(fingerprint=certificate.fingerprint(hashes.SHA256()).hex()).exists():
        raise DomainError("Chứng thư gốc này đã có trong danh sách tin cậy.", field="certificate")
    return certificate


def _check_administrator(actor) -> None:
    if not (actor.is_superuser or actor.is_staff):
        raise DomainError("Chỉ quản trị hệ thống được thay đổi danh sách chứng thư gốc tin cậy.")


@transaction.atomic
def trusted_root_add(*, data: bytes, name: str, actor) -> TrustedRoot:
    """Trust a root certificate (a CA certificate, e.g. the VGCA root) for PDF signatures."""
    _check_administrator(actor)
    certificate = root_certificate(data)
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    subject = certificate.subject.rfc4514_string()
    root = TrustedRoot.objects.create(
        name=name.strip() or subject[:200],
        certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        subject=subject[:500],
        fingerprint=fingerprint,
        valid_until=certificate.not_valid_after_utc,
    )
    audit.record(actor=actor, action="trusted_root.add", target=root, changes={"subject": [None, subject]})
    return root


@transaction.atomic
def trusted_root_remove(*, root: TrustedRoot, actor) -> None:
    _check_administrator(actor)
    audit.record(
        actor=actor, action="trusted_root.remove", target=root, changes={"subject": [root.subject, None]}
    )
    root.delete()
