"""Revocation data for the signature tests, made at run time by the test CA of tests/signing.py: a
signer's certificate pointing to its CA's CRL and OCSP addresses, CRLs and OCSP answers."""

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from tests import signing

NOW = datetime.now(UTC)
REVOKED_AT = NOW - timedelta(days=2)  # before the signatures made in the tests: they are void


def signer_with(
    ca: signing.Identity, common_name: str = "Trần Thị Lan", *, crl_url: str = "", ocsp_url: str = ""
) -> signing.Identity:
    """A signer's certificate that points to where its CA publishes revocation data."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Tư pháp"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    )
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    if ocsp_url:
        access = x509.AccessDescription(
            AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
        )
        builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
    return signing.Identity(builder.sign(ca.key, hashes.SHA256()), key)


def crl_of(ca: signing.Identity, revoked: list[signing.Identity] = (), *, issued=NOW, pem=False) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(issued - timedelta(hours=1))
        .next_update(issued + timedelta(days=7))
    )
    for who in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(who.certificate.serial_number)
            .revocation_date(REVOKED_AT)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    encoding = serialization.Encoding.PEM if pem else serialization.Encoding.DER
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(encoding)


def ocsp_good(ca: signing.Identity, who: signing.Identity) -> bytes:
    response = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            cert=who.certificate,
            issuer=ca.certificate,
            algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.GOOD,
            this_update=NOW - timedelta(minutes=5),
            next_update=NOW + timedelta(days=1),
            revocation_time=None,
            revocation_reason=None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, ca.certificate)
        .sign(ca.key, hashes.SHA256())
    )
    return response.public_bytes(serialization.Encoding.DER)
