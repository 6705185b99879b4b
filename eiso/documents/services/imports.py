"""Importing an agency's existing QMS folder (issue 19): the files are staged, reviewed by the
secretary, then imported in one transaction as published documents with their original files.

Staging keeps the uploaded files, and what `folder_import` (the parser module) proposed for each,
under `staging/folder-import/<agency>/<user>/<token>/` in the default storage, until the
secretary confirms or starts again: the token is random and the path names the agency and the
user, so a token never opens another user's or another agency's folder. Staging saves nothing
in the database and writes no audit entry; the import does (`document.create` and
`document_version.import` for each document, `legal_citation.replace` for its legal bases).
"""

import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from eiso.accounts.permissions import require_role
from eiso.core import audit, deadlines, signatures, uploads
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.models import FileSignatures
from eiso.core.roles import QMS_MANAGERS
from eiso.documents import folder_import
from eiso.documents.legal_services import number_key
from eiso.documents.models import Document, DocumentVersion, LegalDocument
from eiso.documents.services.common import search_text
from eiso.documents.services.documents import document_create

logger = logging.getLogger(__name__)
TOKEN = re.compile(r"^[0-9a-f]{32}$")
STAGING = "staging/folder-import"
PROGRESS_SECONDS = 6 * 3600  # how long a reading's progress (or its refusal) is remembered
NO_FILES = "Thư mục tải lên không có tệp nào."
GONE = "Phiên nhập thư mục không còn; hãy tải thư mục lên lại."
READ_FAILED = "Không đọc được thư mục do một lỗi của hệ thống; hãy tải lên lại hoặc báo quản trị."
# The text kept for search from each file (the search column keeps 100 000 characters).
STAGED_TEXT = 100_000


@dataclass
class ReviewRow:
    """One staged file as the review table shows it: the proposal, and what the database says of
    it (a document of the agency with the same code, legal documents found in the register)."""

    index: int
    proposal: dict
    duplicate: str = ""
    legal_found: list[str] | None = None
    legal_missing: list[str] | None = None
    signatures: FileSignatures | None = None  # a PDF's digital signatures, validated as it was read

    @property
    def is_refused(self) -> bool:
        return bool(self.proposal["refusal"])

    @property
    def name(self) -> str:
        return PurePosixPath(self.proposal["path"]).name

    @property
    def initial(self) -> dict:
        """The review form's values: the proposal; a duplicate is skipped unless the secretary says."""
        issued_on = self.proposal["issued_on"]
        return {
            "skip": bool(self.duplicate),
            "code": self.proposal["code"],
            "title": self.proposal["title"],
            "kind": self.proposal["kind"],
            "version": self.proposal["version"],
            "issued_on": date.fromisoformat(issued_on) if issued_on else None,
        }


def _folder(agency, user, token: str) -> str:
    if not TOKEN.match(token or ""):
        raise DomainError(GONE)
    return f"{STAGING}/{agency.pk}/{user.pk}/{token}"


def folder_stage(*, agency, actor, uploaded) -> str:
    """Keep and read the uploaded folder at once (`folder_upload`, then `folder_read`): the token of
    its staging. The pages read in the background instead (documents.tasks.read_folder)."""
    token = folder_upload(agency=agency, actor=actor, uploaded=uploaded)
    folder_read(agency=agency, actor=actor, token=token)
    return token


def folder_upload(*, agency, actor, uploaded) -> str:
    """Keep the uploaded files (a .zip or several files) in a new staging folder until they are
    read; the token names the staging. Nothing is saved in the database."""
    require_role(actor, agency, *QMS_MANAGERS)
    if not uploaded:
        raise DomainError(NO_FILES, field="files")
    token = secrets.token_hex(16)
    folder = _folder(agency, actor, token)
    names = []
    for index, upload in enumerate(uploaded):
        upload.seek(0)
        names.append(
            {"stored": default_storage.save(f"{folder}/upload/{index:04d}", upload), "name": upload.name}
        )
    default_storage.save(f"{folder}/upload.json", ContentFile(json.dumps(names).encode()))
    cache.set(_progress_key(folder), {"done": 0, "total": 0}, PROGRESS_SECONDS)
    return token


def folder_read(*, agency, actor, token: str) -> None:
    """Read the staged upload and keep, beside the files accepted, what eISO proposes for each (the
    manifest the review shows). The progress is counted as it goes (`folder_progress`); a folder
    refused as a whole (no file, too many, an error) keeps the reason as its outcome."""
    require_role(actor, agency, *QMS_MANAGERS)
    folder = _folder(agency, actor, token)
    key = _progress_key(folder)

    def report(done: int, total: int) -> None:
        cache.set(key, {"done": done, "total": total}, PROGRESS_SECONDS)

    try:
        files = folder_import.folder_files(_staged_uploads(folder))
        if not files:
            raise DomainError(NO_FILES, field="files")
        if len(files) > folder_import.max_files():
            raise DomainError(
                f"Thư mục có {len(files)} tệp; mỗi lần nhập tối đa {folder_import.max_files()} tệp.",
                field="files",
            )
        proposals = folder_import.read_folder(files, on_progress=report)
    except DomainError as error:
        cache.set(key, {"error": error.message}, PROGRESS_SECONDS)
        raise
    except Exception:
        logger.exception("folder import: reading %s failed", folder)
        cache.set(key, {"error": READ_FAILED}, PROGRESS_SECONDS)
        raise DomainError(READ_FAILED, field="files") from None
    finally:
        _delete_tree(f"{folder}/upload")
    # The PDFs' digital signatures are validated now, kept by content: the review shows them, and the
    # imported version finds them kept.
    pdfs, results = _pdfs_checked(files, proposals)
    signed = {id(item): result.sha256 for item, result in zip(pdfs, results, strict=True)}
    manifest = []
    for index, (item, proposal) in enumerate(zip(files, proposals, strict=True)):
        row = proposal.as_dict()
        row["text"] = row["text"][:STAGED_TEXT]
        row["stored"] = ""
        row["pdf_sha256"] = signed.get(id(item), "")
        if not proposal.refusal and item.data is not None:
            suffix = PurePosixPath(proposal.path).suffix.lower()
            row["stored"] = default_storage.save(f"{folder}/{index:04d}{suffix}", ContentFile(item.data))
        manifest.append(row)
    default_storage.save(f"{folder}/manifest.json", ContentFile(json.dumps(manifest).encode()))


def _pdfs_checked(files, proposals) -> tuple[list, list[FileSignatures]]:
    pdfs = [
        item
        for item, proposal in zip(files, proposals, strict=True)
        if not proposal.refusal and proposal.file_kind == uploads.Kind.PDF and item.data is not None
    ]
    return pdfs, signatures.check_pdfs([item.data for item in pdfs])


def folder_progress(*, agency, actor, token: str) -> dict:
    """Where the reading of a staged folder stands, for the page's progress bar:
    {"state": "reading", "percent": n}, {"state": "done"} or {"state": "failed", "message": …}."""
    require_role(actor, agency, *QMS_MANAGERS)
    folder = _folder(agency, actor, token)
    if default_storage.exists(f"{folder}/manifest.json"):
        return {"state": "done", "percent": 100}
    status = cache.get(_progress_key(folder))
    if status is None:
        raise DomainError(GONE)
    if "error" in status:
        return {"state": "failed", "message": status["error"]}
    percent = status["done"] * 100 // status["total"] if status["total"] else 0
    return {"state": "reading", "percent": percent}


def _progress_key(folder: str) -> str:
    return f"folder-import:{folder}"


def _staged_uploads(folder: str) -> list[File]:
    """The uploaded files kept by `folder_upload`, under the names they were uploaded with."""
    name = f"{folder}/upload.json"
    if not default_storage.exists(name):
        raise DomainError(GONE)
    with default_storage.open(name, "rb") as handle:
        entries = json.load(handle)
    return [File(default_storage.open(entry["stored"], "rb"), name=entry["name"]) for entry in entries]


def _delete_tree(path: str) -> None:
    try:
        folders, names = default_storage.listdir(path)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{path}/{name}")
    for sub in folders:
        _delete_tree(f"{path}/{sub}")


def _manifest(agency, user, token: str) -> list[dict]:
    name = f"{_folder(agency, user, token)}/manifest.json"
    if not default_storage.exists(name):
        raise DomainError(GONE)
    with default_storage.open(name, "rb") as handle:
        return json.load(handle)


def folder_review(*, agency, actor, token: str) -> list[ReviewRow]:
    """The staged files with their proposals, duplicates of the agency's documents (or of an earlier
    file of the folder) flagged, and the legal bases cited looked up in the province's register."""
    require_role(actor, agency, *QMS_MANAGERS)
    manifest = _manifest(agency, actor, token)
    codes = [row["code"].upper() for row in manifest if row["code"]]
    existing = dict(Document.objects.filter(agency=agency, code__in=codes).values_list("code", "title"))
    register = _register(agency, [number for row in manifest for number in row["legal_numbers"]])
    checked = FileSignatures.objects.in_bulk(
        [row["pdf_sha256"] for row in manifest if row.get("pdf_sha256")], field_name="sha256"
    )
    seen: dict[str, str] = {}
    rows = []
    for index, proposal in enumerate(manifest):
        row = ReviewRow(
            index=index, proposal=proposal, signatures=checked.get(proposal.get("pdf_sha256", ""))
        )
        code = proposal["code"].upper()
        if code in existing:
            row.duplicate = f"Mã {code} đã có trong cơ quan (“{existing[code]}”)."
        elif code and code in seen and not row.is_refused:
            row.duplicate = f"Trùng mã {code} với tệp “{seen[code]}” của thư mục."
        if code and not row.is_refused:
            seen.setdefault(code, proposal["path"])
        found = [
            register[number_key(n)].number for n in proposal["legal_numbers"] if number_key(n) in register
        ]
        row.legal_found = found
        row.legal_missing = [n for n in proposal["legal_numbers"] if number_key(n) not in register]
        rows.append(row)
    return rows


def _register(agency, numbers: list[str]) -> dict[str, LegalDocument]:
    keys = {number_key(number) for number in numbers}
    found = LegalDocument.objects.filter(province_id=agency.province_id, number_key__in=keys)
    return {legal.number_key: legal for legal in found}


def folder_discard(*, agency, actor, token: str) -> None:
    """Delete a staged folder (after its import, or when the secretary starts again)."""
    _delete_tree(_folder(agency, actor, token))


@transaction.atomic
def folder_import_confirm(*, agency, actor, token: str, rows: list[dict]) -> list[Document]:
    """Import the confirmed rows (each: index, code, title, kind, version, issued_on) as documents
    with a published version holding the original file and its text, all or nothing: a code already
    used in the agency or twice in the rows refuses the whole import, naming the file."""
    require_role(actor, agency, *QMS_MANAGERS)
    manifest = _manifest(agency, actor, token)
    _check_rows(agency, manifest, rows)
    stored: list[str] = []
    try:
        documents = [_import_row(agency, actor, manifest[row["index"]], row, stored) for row in rows]
    except BaseException:
        for name in stored:  # the database rolls back; the files stored meanwhile go too
            default_storage.delete(name)
        raise
    transaction.on_commit(lambda: folder_discard(agency=agency, actor=actor, token=token), robust=True)
    return documents


def _check_rows(agency, manifest: list[dict], rows: list[dict]) -> None:
    if not rows:
        raise DomainError("Chưa chọn tệp nào để nhập.")
    codes: dict[str, str] = {}
    for row in rows:
        if not 0 <= row["index"] < len(manifest) or manifest[row["index"]]["refusal"]:
            raise DomainError("Tệp đã bị từ chối không nhập được.")
        path = manifest[row["index"]]["path"]
        code = row["code"].strip().upper()
        if not code or not row["title"].strip():
            raise DomainError(f"Tệp “{path}” chưa có mã hoặc tên tài liệu; hãy nhập hoặc bỏ qua tệp.")
        if code in codes:
            raise DomainError(f"Mã {code} dùng cho hai tệp “{codes[code]}” và “{path}”; hãy sửa một mã.")
        codes[code] = path
    clash = (
        Document.objects.filter(agency=agency, code__in=list(codes)).values_list("code", flat=True).first()
    )
    if clash:
        raise DomainError(
            f"Mã {clash} đã có trong cơ quan (tệp “{codes[clash]}”); hãy sửa mã hoặc bỏ qua tệp."
        )


def _import_row(agency, actor, staged: dict, row: dict, stored: list[str]) -> Document:
    numbers = {number_key(number) for number in staged["legal_numbers"]}
    legal = list(LegalDocument.objects.filter(province_id=agency.province_id, number_key__in=numbers))
    document = document_create(
        agency=agency,
        code=row["code"],
        title=row["title"],
        kind=row["kind"],
        owner_unit=None,
        actor=actor,
        legal_documents=legal,
    )
    with default_storage.open(staged["stored"], "rb") as handle:
        data = handle.read()
    _published_version(document, actor, staged, row, data, stored)
    return document


def _published_version(
    document: Document, actor, staged: dict, row: dict, data: bytes, stored: list[str]
) -> DocumentVersion:
    """The imported file as the document's published version numbered by its lần ban hành: it was
    issued and approved before eISO, so it enters in force, not through the approval chain."""
    effective_on: date = row["issued_on"] or timezone.localdate()
    cal = work_calendar.for_province(document.agency.province_id)
    summary = f"Nhập từ thư mục HTQLCL hiện có (tệp “{staged['path']}”)."
    if staged.get("process_code"):
        summary += f" Biểu mẫu của quy trình {staged['process_code']}."
    version = DocumentVersion(
        agency=document.agency,
        document=document,
        number=row["version"],
        status=DocumentVersion.Status.PUBLISHED,
        change_summary=summary,
        author=actor,
        published_by=actor,
        published_at=timezone.now(),
        effective_on=effective_on,
        next_review_on=deadlines.months_after(cal, effective_on, document.review_period_months),
        file_text=staged["text"],
    )
    version.file.save(PurePosixPath(staged["path"]).name, ContentFile(data), save=False)
    stored.append(version.file.name)
    version.full_clean(validate_constraints=False)
    version.save()
    document.current_version = version
    document.next_review_on = version.next_review_on
    document.search_text = search_text(document, version)
    document.save(update_fields=["current_version", "next_review_on", "search_text", "updated_at"])
    audit.record(
        actor=actor,
        action="document_version.import",
        target=version,
        changes={
            "number": [None, version.number],
            "status": [None, version.status],
            "effective_on": [None, effective_on],
            "source": [None, staged["path"]],
        },
    )
    return version
