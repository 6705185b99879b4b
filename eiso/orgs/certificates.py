"""An agency's signing certificate and the server-side signing of what eISO produces for it
(issue 20, item 2a): PAdES with pyHanko, with a timestamp when EISO_TSA_URL is set.

The PKCS#12 file and its password are stored encrypted with a key derived from SECRET_KEY (HKDF,
a label of its own), so a database dump alone reveals neither; changing SECRET_KEY means setting
the certificate again (docs/operations.md). Only the province's administrator sets or removes it.
"""

import base64
import io

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import has_province_role
from eiso.core.roles import Role
from eiso.orgs.models import Agency, SigningCertificate

MAX_PKCS12_BYTES = 256 * 1024


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"eiso signing certificates").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _check_administrator(actor, agency: Agency) -> None:
    if not (actor.is_superuser or has_province_role(actor, agency.province, Role.ADMIN)):
        raise DomainError("Chỉ quản trị hệ thống được đặt chứng thư số của cơ quan.")


def open_pkcs12(data: bytes, password: str):
    """The certificate of a PKCS#12 file that holds a key and a valid certificate, else a refusal."""
    if len(data) > MAX_PKCS12_BYTES:
        raise DomainError("Tệp chứng thư số quá lớn.", field="certificate")
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError:
        raise DomainError(
            "Không mở được tệp chứng thư số: sai mật khẩu, hoặc tệp không phải dạng PKCS#12 (.p12, .pfx).",
            field="certificate",
        ) from None
    if key is None or certificate is None:
        raise DomainError("Tệp chứng thư số phải chứa cả khóa bí mật và chứng thư.", field="certificate")
    if certificate.not_valid_after_utc <= timezone.now():
        raise DomainError(
            f"Chứng thư số đã hết hiệu lực từ {certificate.not_valid_after_utc:%d/%m/%Y}.",
            field="certificate",
        )
    return certificate


@transaction.atomic
def certificate_set(*, agency: Agency, data: bytes, password: str, actor) -> SigningCertificate:
    """Set (or replace) the agency's signing certificate from a PKCS#12 file (.p12, .pfx)."""
    _check_administrator(actor, agency)
    certificate = open_pkcs12(data, password)
    fernet = _fernet()
    row, created = SigningCertificate.objects.update_or_create(
        agency=agency,
        defaults={
            "encrypted_pkcs12": fernet.encrypt(data),
            "encrypted_password": fernet.encrypt(password.encode()),
            "subject": certificate.subject.rfc4514_string()[:500],
            "issuer": certificate.issuer.rfc4514_string()[:500],
            "valid_until": certificate.not_valid_after_utc,
        },
    )
    audit.record(
        actor=actor,
        action="signing_certificate.set",
        target=row,
        agency=agency,
        changes={"subject": [None, row.subject], "valid_until": [None, row.valid_until.isoformat()]},
    )
    return row


def sign_pdf(
    *, agency: Agency, pdf: bytes, reason: str, field_name: str = "ChuKyCoQuan", seal=None, stamp_style=None
) -> bytes:
    """`pdf` signed with the agency's certificate as PAdES (B-B, or B-T with the TSA's timestamp);
    visible in the box `seal` (orgs.placement.Box) with `stamp_style` when given, else invisible."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    row = SigningCertificate.objects.filter(agency=agency).first()
    if row is None:
        raise DomainError(f"{agency.name} chưa có chứng thư số để ký; quản trị hệ thống cần đặt chứng thư.")
    if row.valid_until <= timezone.now():
        raise DomainError(f"Chứng thư số của {agency.name} đã hết hiệu lực từ {row.valid_until:%d/%m/%Y}.")
    fernet = _fernet()
    try:
        data, password = (
            fernet.decrypt(bytes(row.encrypted_pkcs12)),
            fernet.decrypt(bytes(row.encrypted_password)),
        )
    except InvalidToken:
        raise DomainError(
            "Không đọc được chứng thư số đã lưu (khóa bí mật của máy chủ đã đổi): quản trị hệ thống cần "
            "đặt lại chứng thư số của cơ quan."
        ) from None
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password or None)
    tsa_url = getattr(settings, "EISO_TSA_URL", "")
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=agency.province.place_name,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None,
        stamp_style=stamp_style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=seal.page, box=seal.rect) if seal else None,
    )
    return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf))).getvalue()
