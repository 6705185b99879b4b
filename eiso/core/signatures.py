"""Digital signatures embedded in PDFs (issue 20): what they say, for every PDF eISO accepts.

An official document is valid electronically when it carries a digital signature, mostly one of the
specialised public-service certificates of the Government Cipher Committee (VGCA). Each PDF that
passes the upload gate is validated with pyHanko, in the sandbox (a hostile PDF reaches pyHanko's
parser), against the province's trusted roots only: the signer, the organisation, the signing time,
whether the file changed after signing and whether the certificate chains to a trusted root. eISO
does not fetch revocation information (servers of agencies seldom reach the Internet): the badge
says "chưa kiểm tra thu hồi" rather than pretending.

Results are kept by the file's SHA-256 (core.models.FileSignatures), stamped with the set of roots
they were checked against; a change of roots makes them stale, and they are checked again the next
time the file is shown.
"""

import hashlib
import json
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.db import transaction
from django.utils import timezone

from eiso.core import audit, sandbox
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures, TrustedRoot

SIGNATURE_SECONDS = 20
# Changes after signing that leave the signed content as it was: document timestamps and
# validation data added for long-term validation.
HARMLESS_CHANGES = {"NONE", "LTA_UPDATES"}
Verdict = FileSignatures.Verdict


def roots_key() -> str:
    """One value for the set of trusted roots: results checked against another set are stale."""
    fingerprints = sorted(TrustedRoot.objects.values_list("fingerprint", flat=True))
    return hashlib.sha256(",".join(fingerprints).encode()).hexdigest()


def verdict_of(signatures: list[dict]) -> str:
    if not signatures:
        return Verdict.NONE
    if any(found.get("broken") for found in signatures):
        return Verdict.BROKEN
    if not all(unchanged(found) for found in signatures):
        return Verdict.ALTERED
    if not all(found["trusted"] for found in signatures):
        return Verdict.UNTRUSTED
    return Verdict.VALID


def _validate(data: bytes) -> list[dict] | None:
    roots = list(TrustedRoot.objects.values_list("certificate", flat=True))
    result = sandbox.run(
        "pdf-signatures", json.dumps({"roots": roots}).encode() + b"\n" + data, seconds=SIGNATURE_SECONDS
    )
    if result is None or result.get("failed"):
        return None
    return result["signatures"]


def check_pdf(data: bytes) -> FileSignatures:
    """The signatures of a PDF, validated now unless a result against today's roots is kept."""
    digest, key = hashlib.sha256(data).hexdigest(), roots_key()
    kept = FileSignatures.objects.filter(sha256=digest).first()
    if kept is not None and kept.roots == key:
        return kept
    signatures = _validate(data)
    values = {
        "verdict": Verdict.BROKEN if signatures is None else verdict_of(signatures),
        "signatures": signatures or [],
        "roots": key,
        "checked_at": timezone.now(),
    }
    row, _ = FileSignatures.objects.update_or_create(sha256=digest, defaults=values)
    return row


def unchanged(found: dict) -> bool:
    """The signed content is as it was signed (documents' timestamps and validation data aside)."""
    return found["intact"] and found["docmdp_ok"] and found["modification"] in HARMLESS_CHANGES


def described(result: FileSignatures) -> list[dict]:
    """The signatures of a result as pages show them: the signing time as a moment, the change
    check as one yes or no."""
    return [
        found
        if found.get("broken")
        else {
            **found,
            "signed_at": datetime.fromisoformat(found["signed_at"]) if found["signed_at"] else None,
            "unchanged": unchanged(found),
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
