"""Certificates and signed PDFs for the signature tests, made at run time: a root CA of a test
"Ban Cơ yếu", a signer's certificate under it, and PDFs signed with pyHanko as a signing tool would."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class Identity:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    return builder.sign(signing_key, hashes.SHA256())


def root_ca(common_name: str = "Cơ quan chứng thực thử nghiệm") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, "Ban Cơ yếu Chính phủ (thử nghiệm)")
    return Identity(_certificate(name, name, key.public_key(), key, ca=True), key)


def signer(ca: Identity, common_name: str = "Nguyễn Văn Minh", organisation: str = "Sở Tư pháp") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate(
        _name(common_name, organisation), ca.certificate.subject, key.public_key(), ca.key, ca=False
    )
    return Identity(certificate, key)


def simple_signer(who: Identity, ca: Identity):
    """pyHanko's signer holding `who`'s key, as a signing tool or a USB token's software would."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_der = who.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(who.der),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(ca.der)]),
    )


def sign_pdf(data: bytes, who: Identity, ca: Identity, field: str = "ChuKy1") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    output = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)),
        signers.PdfSignatureMetadata(field_name=field),
        signer=simple_signer(who, ca),
    )
    return output.getvalue()


def cms_over(digest: bytes, who: Identity, ca: Identity, algorithm: str = "sha256") -> bytes:
    """The detached CMS SignedData (DER) a client signer returns for a document digest (PAdES)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    # A thread of its own: browser tests already run an event loop (Playwright's) in this one.
    signing = simple_signer(who, ca).async_sign(digest, algorithm, use_pades=True)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, signing).result().dump()


def change_after_signing(signed: bytes) -> bytes:
    """An incremental update that draws on the signed page: what altering a signed file leaves."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Sua) Tj ET"))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    page["/Contents"] = stream
    writer.update_container(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
