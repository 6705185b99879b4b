"""Revocation of the certificates that signed PDFs (issue 20): the revocation data eISO checks
signatures against, and how it gets it.

Two sources, both optional:
- CRLs the administrator uploads (`RevocationList`, in the Django admin): an air-gapped province
  downloads the VGCA's CRLs on another machine and brings them in; always used.
- with `EISO_REVOCATION_CHECK=online`, the CRLs and OCSP responses the certificates point to,
  fetched by the web or worker process. Only for signatures that already chain to a trusted root
  (the addresses are then a trusted CA's, not the uploader's), only http(s) on the default port,
  without redirects, each answer at most `MAX_BYTES`, all of one file's fetches within
  `EISO_REVOCATION_TIMEOUT` seconds: an agency server without Internet gets "không kiểm tra được"
  in those few seconds, never a hanging request. The data itself is parsed and checked in the
  sandbox child, like the PDF.
"""

import base64
import hashlib
import logging
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.models import RevocationList, TrustedRoot

ONLINE = "online"
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_BYTES = 10 * 1024 * 1024  # the VGCA's CRLs are a few hundred kB; an OCSP answer a few kB
MAX_FETCHES = 8  # addresses per file: a chain of three certificates with a CRL and an OCSP each
USER_AGENT = "eISO revocation check"

logger = logging.getLogger(__name__)


def mode() -> str:
    return settings.EISO_REVOCATION_CHECK


def uploaded() -> list[dict]:
    """The uploaded CRLs as the sandbox child takes them."""
    return [
        {
            "der": base64.b64encode(
                _load(row.data.encode()).public_bytes(serialization.Encoding.DER)
            ).decode(),
            "origin": "uploaded",
        }
        for row in RevocationList.objects.all()
    ]


def basis_part() -> str:
    """What of revocation a kept result depends on: the mode and the uploaded CRLs."""
    return mode() + ":" + ",".join(sorted(RevocationList.objects.values_list("fingerprint", flat=True)))


# --- fetching, online mode only -------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could lead anywhere (another port, an internal address): not followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def allowed(url: str) -> bool:
    """Only http(s) on its default port, with a host and no credentials."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    default = DEFAULT_PORTS.get(parts.scheme)
    return bool(default and parts.hostname and not parts.username and port in (None, default))


def _get(url: str, body: bytes | None, deadline: float) -> bytes | None:
    headers = {"User-Agent": USER_AGENT}
    if body is not None:
        headers["Content-Type"] = "application/ocsp-request"
    request = urllib.request.Request(url, data=body, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=max(deadline - time.monotonic(), 0.1)) as answer:
            if answer.status != 200:
                return None
            data = bytearray()
            while chunk := answer.read(65536):
                data += chunk
                if len(data) > MAX_BYTES or time.monotonic() > deadline:
                    return None
            return bytes(data)
    except (OSError, ValueError, urllib.error.URLError) as error:
        logger.info("revocation: %s not fetched: %s", url, error)
        return None


class Fetcher:
    """The fetching of one check, of one file or of a folder's: an address is asked once, and a
    host that did not answer is not asked again, so that a folder of PDFs signed under one CA costs
    one wait for an unreachable CA, not one per file."""

    def __init__(self):
        self.answers: dict[tuple[str, str], bytes | None] = {}
        self.silent_hosts: set[str] = set()

    def fetch(self, sources: list[dict]) -> tuple[list[dict], list[dict]]:
        """The CRLs and OCSP responses at `sources` (the child's list) that could be fetched within
        the time allowed: (crls, ocsps) as the child takes them. Threads, not the caller, wait for
        the network: a name that never resolves is left behind when the time is up."""
        asked = []
        for source in sources:
            key = (source["url"], source.get("request", ""))
            if allowed(source["url"]) and key not in asked and len(asked) < MAX_FETCHES:
                asked.append(key)
        self._get_all(
            [key for key in asked if key not in self.answers and _host(key[0]) not in self.silent_hosts]
        )
        crls, ocsps = [], []
        for url, request in asked:
            if data := self.answers.get((url, request)):
                kept = {"der": base64.b64encode(data).decode(), "origin": "fetched"}
                (ocsps if request else crls).append(kept)
        return crls, ocsps

    def _get_all(self, keys: list[tuple[str, str]]) -> None:
        if not keys:
            return
        deadline = time.monotonic() + settings.EISO_REVOCATION_TIMEOUT
        pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="revocation")
        futures = [
            pool.submit(_get, url, base64.b64decode(request) if request else None, deadline)
            for url, request in keys
        ]
        wait(futures, timeout=settings.EISO_REVOCATION_TIMEOUT)
        pool.shutdown(wait=False, cancel_futures=True)
        for key, future in zip(keys, futures, strict=True):
            self.answers[key] = future.result() if future.done() and not future.cancelled() else None
            if self.answers[key] is None:
                self.silent_hosts.add(_host(key[0]))


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


# --- the CRLs kept by the administrator -----------------------------------------------------------------


def _load(data: bytes) -> x509.CertificateRevocationList:
    try:
        return x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data)
    except ValueError:
        raise DomainError(
            "Tệp không phải là danh sách chứng thư bị thu hồi (.crl, dạng DER hoặc PEM).", field="upload"
        ) from None


def revocation_list(data: bytes) -> x509.CertificateRevocationList:
    """A CRL to keep, read from a file: refused when it is not one, when it bears a trusted root's
    name without that root's signature, or when it is not newer than the kept CRL of its issuer."""
    loaded = _load(data)
    issuer = loaded.issuer.rfc4514_string()
    for root in TrustedRoot.objects.filter(subject=issuer[:500]):
        key = x509.load_pem_x509_certificate(root.certificate.encode()).public_key()
        if not loaded.is_signature_valid(key):
            raise DomainError(
                f"Danh sách mang tên của chứng thư gốc “{root.name}” nhưng không do chứng thư đó ký.",
                field="upload",
            )
    kept = RevocationList.objects.filter(issuer_key=_issuer_key(loaded)).first()
    if kept is not None and kept.this_update >= loaded.last_update_utc:
        raise DomainError(
            "Đã có danh sách của cơ quan cấp này, ban hành cùng lúc hoặc mới hơn.", field="upload"
        )
    return loaded


def _issuer_key(loaded: x509.CertificateRevocationList) -> str:
    return hashlib.sha256(loaded.issuer.public_bytes()).hexdigest()


def _check_administrator(actor) -> None:
    if not (actor.is_superuser or actor.is_staff):
        raise DomainError("Chỉ quản trị hệ thống được thay đổi danh sách chứng thư bị thu hồi.")


@transaction.atomic
def revocation_list_add(*, data: bytes, actor) -> RevocationList:
    """Keep an uploaded CRL; it replaces the older CRL of the same issuer."""
    _check_administrator(actor)
    loaded = revocation_list(data)
    issuer_key = _issuer_key(loaded)
    for older in RevocationList.objects.filter(issuer_key=issuer_key):
        revocation_list_remove(entry=older, actor=actor)
    issuer = loaded.issuer.rfc4514_string()
    entry = RevocationList.objects.create(
        issuer=issuer[:500],
        issuer_key=issuer_key,
        data=loaded.public_bytes(serialization.Encoding.PEM).decode(),
        fingerprint=hashlib.sha256(loaded.public_bytes(serialization.Encoding.DER)).hexdigest(),
        this_update=loaded.last_update_utc,
        next_update=loaded.next_update_utc,
        revoked_count=len(loaded),
    )
    audit.record(
        actor=actor,
        action="revocation_list.add",
        target=entry,
        changes={"issuer": [None, entry.issuer], "this_update": [None, entry.this_update.isoformat()]},
    )
    return entry


@transaction.atomic
def revocation_list_remove(*, entry: RevocationList, actor) -> None:
    _check_administrator(actor)
    audit.record(
        actor=actor,
        action="revocation_list.remove",
        target=entry,
        changes={"issuer": [entry.issuer, None], "this_update": [entry.this_update.isoformat(), None]},
    )
    entry.delete()
