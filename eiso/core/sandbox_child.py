"""The child process of `core.sandbox`: `python -I sandbox_child.py JOB MEMORY_BYTES CPU_SECONDS`.

It limits itself first, then reads one file from stdin, does one job and writes a JSON object to
stdout. Standard library and the readers only (pypdf, python-docx, openpyxl): never Django, never
the project's modules, so it starts in a fraction of a second; and it is started with an
environment of its own (PATH, LANG), so it holds none of the server's secrets.

Jobs: `pdf-check` -> {"pages": n, "encrypted": bool}; `text-docx`, `text-xlsx`, `text-pdf`, `text-odt` ->
{"text": "..."}; `pdf-signatures` (stdin: one JSON line {"roots": [PEM…]}, then the PDF) ->
{"signatures": [...]}, each embedded signature validated by pyHanko against those roots only, and the
revocation of a trusted one checked against the CRLs and OCSP responses of the header ("crls",
"ocsps": [{"der": base64, "origin": "uploaded" | "fetched"}]). The child never fetches: with
"sources": true in the header, a trusted signature the data did not settle lists where its chain's
revocation data is published, and the parent (core.revocation) fetches it within its limits and asks
again. An exception, a MemoryError or SIGXCPU ends the child with a non-zero status.

`python -I sandbox_child.py batch MEMORY_BYTES CPU_SECONDS` reads many files in one child (the
start of an interpreter and the import of the readers, most of a small file's cost, paid once):
stdin holds frames, each a line "JOB SIZE" then SIZE bytes; stdout gets one JSON line per frame,
flushed as soon as it is done. The memory limit is the whole child's; the CPU limit is each
file's own (the soft limit is moved to the time used so far plus CPU_SECONDS before each file, and
SIGXCPU ends the child). A reader's exception is that file's {"failed": true}; a MemoryError or
SIGXCPU ends the child, and `core.sandbox` starts another one for the files after it.
"""

import base64
import io
import json
import resource
import sys

MAX_TEXT = 200_000


def pdf_check(data: bytes) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return {"pages": 0, "encrypted": True}
    return {"pages": len(reader.pages), "encrypted": False}


def text_docx(data: bytes) -> dict:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return {"text": "\n".join(line for line in lines if line.strip())[:MAX_TEXT]}


def text_xlsx(data: bytes) -> dict:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines, size = [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value not in (None, "")]
            if cells:
                lines.append(" | ".join(cells))
                size += len(lines[-1])
            if size > MAX_TEXT:
                return {"text": "\n".join(lines)[:MAX_TEXT]}
    return {"text": "\n".join(lines)}


def text_pdf(data: bytes) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    lines, size = [], 0
    for page in reader.pages:
        lines.append((page.extract_text() or "").strip())
        size += len(lines[-1])
        if size > MAX_TEXT:
            break
    return {"text": "\n".join(lines)[:MAX_TEXT]}


def text_odt(data: bytes) -> dict:
    """The paragraphs and table rows of an OpenDocument text, one line each (a row's cells joined
    by " | ", as for .docx). The gate parsed every XML part without DTDs before this runs."""
    import zipfile
    from xml.etree import ElementTree

    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    row_tag = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-row"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    lines: list[str] = []

    def walk(element) -> None:
        if element.tag == row_tag:
            lines.append(" | ".join("".join(cell.itertext()).strip() for cell in element))
            return
        if element.tag in (text_ns + "p", text_ns + "h"):
            lines.append("".join(element.itertext()))
            return
        for child in element:
            walk(child)

    walk(root)
    return {"text": "\n".join(line for line in lines if line.strip())[:MAX_TEXT]}


def _name(certificate, key: str) -> str:
    value = certificate.subject.native.get(key, "") if certificate is not None else ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def pdf_signatures(data: bytes) -> dict:
    import warnings

    warnings.simplefilter("ignore")  # cryptography's deprecation notices would go to stderr only
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    header, _, pdf = data.partition(b"\n")
    basis = json.loads(header)
    roots = []
    for text in basis["roots"]:
        _, _, der = pem.unarmor(text.encode())
        roots.append(x509.Certificate.load(der))
    revinfo = {kind: _readable(kind, basis.get(kind, [])) for kind in ("crls", "ocsps")}
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    found = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception as error:  # a broken signature dictionary: reported, not raised
            found.append({"field": embedded.field_name, "broken": True, "problem": type(error).__name__})
            continue
        level = status.modification_level
        signature = {
            "field": embedded.field_name,
            "broken": False,
            "signer": _name(status.signing_cert, "common_name"),
            "organisation": _name(status.signing_cert, "organization_name"),
            "signed_at": status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
            "intact": bool(status.intact and status.valid),
            "trusted": bool(status.trusted),
            "coverage": status.coverage.name if status.coverage is not None else "",
            "modification": level.name if level is not None else "",
            # The form fields changed after this signature: later signatures' fields, when a second
            # party signed (core.signatures.unchanged).
            "changed_fields": sorted(getattr(status.diff_result, "changed_form_fields", None) or []),
            "docmdp_ok": bool(status.docmdp_ok) if status.docmdp_ok is not None else True,
            "revocation": {"status": "unchecked"},
        }
        if signature["trusted"] and signature["intact"]:
            try:
                signature["revocation"] = _revocation(embedded, roots, revinfo, status.signing_cert)
            except Exception as error:  # revocation data that cannot be used: not checked, not broken
                print(f"revocation: {type(error).__name__}: {str(error)[:200]}", file=sys.stderr)
                signature["revocation"] = {"status": "failed"}
            if basis.get("sources") and signature["revocation"]["status"] in ("none", "failed"):
                try:
                    signature["sources"] = _sources(status.validation_path)
                except (ValueError, TypeError):  # an extension eISO cannot read: nothing to fetch
                    signature["sources"] = []
        found.append(signature)
    return {"signatures": found}


def _readable(kind: str, items: list[dict]) -> list[tuple[bytes, str]]:
    """The revocation data that parses, with its origin: a fetched answer may be anything (an
    error page served with 200), and one bad answer must not cost the others."""
    from asn1crypto import crl, ocsp

    readable = []
    for item in items:
        der = base64.b64decode(item["der"])
        try:
            if kind == "crls":
                crl.CertificateList.load(der)["tbs_cert_list"]["this_update"].native  # noqa: B018 - parses it
            elif ocsp.OCSPResponse.load(der).basic_ocsp_response is None:
                continue  # an answer without status (unauthorised, try later)
        except (ValueError, TypeError, KeyError):
            continue
        readable.append((der, item["origin"]))
    return readable


def _revocation(embedded, roots, revinfo: dict, certificate) -> dict:
    """The revocation status of a trusted signature's chain from the revocation data given (never
    fetched here): "good", "revoked", "failed" (data about the signer's issuer, but not enough to
    decide) or "none" (no data about it at all)."""
    from asn1crypto import crl, ocsp
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=roots,
        crls=[der for der, _ in revinfo["crls"]],
        ocsps=[der for der, _ in revinfo["ocsps"]],
        allow_fetching=False,
        revocation_mode="require",  # every certificate of the chain checked, or no verdict
    )
    status = validate_pdf_signature(embedded, context)
    if status.revocation_details is not None:
        details = status.revocation_details
        return {
            "status": "revoked",
            "revoked_at": details.revocation_date.isoformat(),
            "reason": details.revocation_reason.native or "unspecified",
            "ca_revoked": details.ca_revoked,
        }
    sources = []
    for der, origin in revinfo["ocsps"]:
        basic = ocsp.OCSPResponse.load(der).basic_ocsp_response
        for single in basic["tbs_response_data"]["responses"] if basic else []:
            if single["cert_id"]["serial_number"].native == certificate.serial_number:
                sources.append(
                    {"kind": "OCSP", "origin": origin, "at": single["this_update"].native.isoformat()}
                )
    for der, origin in revinfo["crls"]:
        certificate_list = crl.CertificateList.load(der)
        if certificate_list.issuer == certificate.issuer:
            sources.append(
                {
                    "kind": "CRL",
                    "origin": origin,
                    "at": certificate_list["tbs_cert_list"]["this_update"].native.isoformat(),
                }
            )
    if status.trusted:
        return {"status": "good", **(sources[0] if sources else {"kind": "", "origin": "", "at": None})}
    return {"status": "failed" if sources else "none"}


def _sources(path) -> list[dict]:
    """Where the revocation data of a trusted chain is published: its certificates' CRL and OCSP
    addresses, each OCSP request made here (the parent fetches without parsing a certificate)."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp

    certificates = list(path.iter_certs(include_root=True))
    sources = []
    for issuer, certificate in zip(certificates, certificates[1:], strict=False):
        for point in certificate.crl_distribution_points:
            name = point["distribution_point"]
            for general in name.chosen if name.name == "full_name" else []:
                if general.name == "uniform_resource_identifier" and general.native.startswith("http"):
                    sources.append({"kind": "crl", "url": general.native})
        for url in certificate.ocsp_urls:
            request = (
                ocsp.OCSPRequestBuilder()
                .add_certificate(
                    cx509.load_der_x509_certificate(certificate.dump()),
                    cx509.load_der_x509_certificate(issuer.dump()),
                    hashes.SHA1(),  # noqa: S303 - the hash RFC 6960 responders all accept
                )
                .build()
            )
            der = request.public_bytes(serialization.Encoding.DER)
            sources.append({"kind": "ocsp", "url": url, "request": base64.b64encode(der).decode()})
    return sources


JOBS = {
    "pdf-check": pdf_check,
    "text-docx": text_docx,
    "text-xlsx": text_xlsx,
    "text-pdf": text_pdf,
    "text-odt": text_odt,
    "pdf-signatures": pdf_signatures,
}


def batch(cpu_seconds: int) -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout
    while header := stdin.readline():
        job, size = header.decode().split()
        data = stdin.read(int(size))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime) + cpu_seconds + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        try:
            result = JOBS[job](data)
        except MemoryError:
            raise  # the child's memory may be in a bad state: end it, another reads the rest
        except Exception as error:  # this file's failure, not the batch's
            print(f"{job}: {type(error).__name__}: {str(error)[:200]}", file=sys.stderr)
            result = {"failed": True}
        del data
        stdout.write(json.dumps(result) + "\n")
        stdout.flush()


def main() -> None:
    job, memory, cpu_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if job == "batch":
        batch(cpu_seconds)
        return
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()
    json.dump(JOBS[job](data), sys.stdout)


if __name__ == "__main__":
    main()
