"""Archive packages: the records of one agency whose work ended in one year, handed to the archive
(Luật Lưu trữ 2024: tài liệu điện tử nộp lưu with its metadata and integrity checks).

A package is a .zip:

    manifest.json                              the package: agency, year, records, every file's SHA-256
    records/<type>-<id>/metadata.json          code, title, dates, author, retention, files' checksums
    records/<type>-<id>/ban-luu-tru.pdf        a PDF/A-3b rendition of the record (WeasyPrint)
    records/<type>-<id>/goc/<name>             the original files, as uploaded

`verify` re-reads a package as it comes back (re-import): every file the manifest lists is present
once with its checksum, nothing else is in it, and every record the manifest names is present
exactly once with its metadata. Its report is a list of Vietnamese lines.
"""

import hashlib
import json
import logging
import posixpath
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone

from eiso.core import audit, retention
from eiso.core.errors import DomainError
from eiso.core.models import ArchivePackage
from eiso.core.permissions import require_manager
from eiso.core.rendering import html_to_pdf

logger = logging.getLogger(__name__)

FORMAT = "eiso-archive/1"
MANIFEST = "manifest.json"
RENDITION = "ban-luu-tru.pdf"
# A package of one agency-year holds thousands of records at most; beyond these it is not ours.
MAX_MEMBERS = 100_000
MAX_UNPACKED = 20 * 1024**3
CHUNK = 1024 * 1024


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    """One record of a package, as found for a year."""

    record_type: retention.RecordType
    rule: retention.Rule
    obj: object
    ended_on: date

    @property
    def ident(self) -> str:
        return f"{self.record_type.key}/{self.obj.pk}"

    @property
    def folder(self) -> str:
        return f"records/{self.record_type.key}-{self.obj.pk}"


def year_records(*, agency, year: int) -> list[Entry]:
    """The agency's records whose work ended in `year`, by record type."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    rules = retention.rules_for(agency.province)
    entries = []
    for key, record_type in retention.REGISTRY.items():
        rows = (
            record_type.model.objects.filter(agency=agency)
            .filter(record_type.ended_before(end))
            .exclude(record_type.ended_before(start))
            .select_related(*record_type.select_related)
            .order_by("pk")
        )
        for obj in rows:
            ended_on = record_type.ended_on(obj)
            if ended_on is not None and ended_on.year == year:
                entries.append(Entry(record_type, rules[key], obj, ended_on))
    return entries


def _original_name(file, used: set[str]) -> str:
    """The original's base name, made unique inside its record's folder."""
    base = posixpath.basename(file.name) or "tep"
    name, number = base, 1
    while name in used:
        number += 1
        stem, dot, ext = base.rpartition(".")
        name = f"{stem or base}-{number}{dot}{ext}" if dot else f"{base}-{number}"
    used.add(name)
    return name


def _rendition(entry: Entry, agency) -> bytes:
    html = render_to_string(
        "core/archive_record.html",
        {
            "agency": agency,
            "entry": entry,
            "code": entry.record_type.code(entry.obj),
            "title": entry.record_type.title(entry.obj),
            "lines": entry.record_type.describe(entry.obj),
            "kept_until": retention.kept_until(entry.rule, entry.ended_on),
        },
    )
    return html_to_pdf(html, variant="pdf/a-3b")


def _write_record(archive: zipfile.ZipFile, entry: Entry, agency, checksums: list[dict]) -> dict:
    """Write one record's rendition, originals and metadata; return its manifest line."""
    record_type, obj = entry.record_type, entry.obj
    files = []

    def put(path: str, data: bytes, role: str) -> None:
        archive.writestr(path, data)
        line = {"path": path, "sha256": sha256_of(data), "size": len(data)}
        checksums.append(line)
        files.append({**line, "role": role})

    put(f"{entry.folder}/{RENDITION}", _rendition(entry, agency), "ban_luu_tru_pdfa")
    used: set[str] = set()
    for original in record_type.files(obj):
        with original.open("rb") as stream:
            put(f"{entry.folder}/goc/{_original_name(original, used)}", stream.read(), "ban_goc")
    until = retention.kept_until(entry.rule, entry.ended_on)
    metadata = {
        "id": entry.ident,
        "record_type": record_type.key,
        "record_type_label": record_type.label,
        "code": record_type.code(obj),
        "title": record_type.title(obj),
        "author": record_type.author(obj),
        "dates": {
            "created_at": obj.created_at.isoformat() if getattr(obj, "created_at", None) else None,
            "ended_on": entry.ended_on.isoformat(),
        },
        "retention": {
            "period": entry.rule.period_text,
            "years": entry.rule.years,
            "counts_from": record_type.counts_from,
            "source": entry.rule.source,
            "kept_until": until.isoformat() if until else None,
        },
        "files": files,
    }
    data = json.dumps(metadata, ensure_ascii=False, indent=2).encode()
    archive.writestr(f"{entry.folder}/metadata.json", data)
    checksums.append({"path": f"{entry.folder}/metadata.json", "sha256": sha256_of(data), "size": len(data)})
    return {"id": entry.ident, "code": metadata["code"], "title": metadata["title"], "folder": entry.folder}


def build(*, agency, year: int, stream: BinaryIO, progress=lambda done, total: None) -> int:
    """Write the package of `agency` for `year` into `stream`; returns the number of records.
    `progress(done, total)` is called after each record (the page shows it)."""
    entries = year_records(agency=agency, year=year)
    progress(0, len(entries))
    checksums: list[dict] = []
    records = []
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, entry in enumerate(entries, start=1):
            records.append(_write_record(archive, entry, agency, checksums))
            progress(done, len(entries))
        manifest = {
            "format": FORMAT,
            "agency": {"id": agency.pk, "code": agency.identifier_code, "name": agency.name},
            "year": year,
            "created_at": timezone.now().isoformat(),
            "record_count": len(records),
            "records": records,
            "files": checksums,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return len(entries)


def _sha256_of_stream(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


# --- verifying a package on re-import ------------------------------------------------------------


@dataclass
class Verification:
    """The outcome of verifying a package: what it holds and every problem found."""

    problems: list[str] = field(default_factory=list)
    records: int = 0
    files: int = 0
    agency: str = ""
    year: int | None = None

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as member:
        for chunk in iter(lambda: member.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(stream: BinaryIO) -> Verification:
    """Check a package: the manifest's checksums, files present once, records present once."""
    result = Verification()
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        result.problems.append("Tệp không phải gói lưu trữ .zip hợp lệ (tệp nén hỏng hoặc sai định dạng).")
        return result
    if len(members) > MAX_MEMBERS or sum(info.file_size for info in members) > MAX_UNPACKED:
        result.problems.append("Gói quá lớn hoặc có quá nhiều tệp để là một gói lưu trữ của eISO.")
        return result
    with archive:
        counts = Counter(info.filename for info in members)
        for name, count in sorted(counts.items()):
            if count > 1:
                result.problems.append(f"Tệp “{name}” xuất hiện {count} lần trong gói.")
        manifest = _read_manifest(archive, result)
        if manifest is None:
            return result
        by_name = {info.filename: info for info in members}
        _check_files(archive, manifest, by_name, result)
        _check_records(archive, manifest, by_name, result)
    return result


def _read_manifest(archive: zipfile.ZipFile, result: Verification) -> dict | None:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        result.problems.append("Gói không có bảng kê manifest.json.")
        return None
    except (ValueError, zipfile.BadZipFile):
        result.problems.append("Bảng kê manifest.json hỏng, không đọc được.")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        result.problems.append("Bảng kê manifest.json không phải định dạng gói lưu trữ của eISO.")
        return None
    result.agency = str((manifest.get("agency") or {}).get("name", ""))
    result.year = manifest.get("year") if isinstance(manifest.get("year"), int) else None
    return manifest


def _check_files(archive, manifest: dict, by_name: dict, result: Verification) -> None:
    listed = [line for line in manifest.get("files") or [] if isinstance(line, dict)]
    paths = Counter(str(line.get("path")) for line in listed)
    for path, count in sorted(paths.items()):
        if count > 1:
            result.problems.append(f"Bảng kê ghi tệp “{path}” {count} lần.")
    for line in listed:
        path = str(line.get("path"))
        info = by_name.get(path)
        if info is None:
            result.problems.append(f"Thiếu tệp “{path}” có trong bảng kê.")
            continue
        result.files += 1
        if _hash_member(archive, info) != line.get("sha256"):
            result.problems.append(f"Tệp “{path}”: mã băm SHA-256 không khớp, tệp đã bị thay đổi.")
    for name in sorted(set(by_name) - set(paths) - {MANIFEST}):
        result.problems.append(f"Tệp “{name}” có trong gói nhưng không có trong bảng kê.")


def _check_records(archive, manifest: dict, by_name: dict, result: Verification) -> None:
    records = [line for line in manifest.get("records") or [] if isinstance(line, dict)]
    idents = Counter(str(line.get("id")) for line in records)
    for ident, count in sorted(idents.items()):
        if count > 1:
            result.problems.append(f"Hồ sơ {ident} được ghi {count} lần trong bảng kê.")
    if manifest.get("record_count") != len(records):
        result.problems.append(
            f"Bảng kê ghi {manifest.get('record_count')} hồ sơ nhưng liệt kê {len(records)} hồ sơ."
        )
    folders = {str(line.get("folder")): str(line.get("id")) for line in records}
    for folder, ident in sorted(folders.items()):
        name = f"{folder}/metadata.json"
        if name not in by_name:
            result.problems.append(f"Hồ sơ {ident}: thiếu tệp thông tin {name}.")
            continue
        try:
            metadata = json.loads(archive.read(name))
        except ValueError:
            result.problems.append(f"Hồ sơ {ident}: tệp thông tin {name} hỏng.")
            continue
        if not isinstance(metadata, dict) or metadata.get("id") != ident:
            result.problems.append(f"Hồ sơ {ident}: tệp thông tin {name} nói về hồ sơ khác.")
    for name in sorted(by_name):
        if name.endswith("/metadata.json") and name.rsplit("/", 1)[0] not in folders:
            result.problems.append(
                f"Hồ sơ tại “{name.rsplit('/', 1)[0]}” không có trong danh sách hồ sơ của bảng kê."
            )
    result.records = len(idents)


# --- the packages an agency asks for -------------------------------------------------------------


def package_request(*, agency, year: int, actor, today: date):
    """The ISO secretary or leader asks for the package of a past or current year; the build runs
    in the background (core.tasks.build_archive_package)."""
    require_manager(actor, agency)
    if not 2000 <= year <= today.year:
        raise DomainError(f"Năm lập gói lưu trữ phải từ 2000 đến {today.year}.", field="year")
    building = (ArchivePackage.Status.QUEUED, ArchivePackage.Status.RUNNING)
    if ArchivePackage.objects.filter(agency=agency, year=year, status__in=building).exists():
        raise DomainError(f"Gói lưu trữ năm {year} đang được tạo, hãy chờ xong.", field="year")
    package = ArchivePackage.objects.create(agency=agency, year=year, requested_by=actor)
    audit.record(
        actor=actor, action="archive_package.generate", target=package, changes={"year": [None, year]}
    )
    return package


def package_build(package) -> None:
    """Build a requested package, saving the progress as it goes; a failure is kept on the row."""
    package.status = ArchivePackage.Status.RUNNING
    package.save(update_fields=["status", "updated_at"])

    def progress(done: int, total: int) -> None:
        package.done, package.total = done, total
        package.save(update_fields=["done", "total", "updated_at"])

    try:
        # A spooled file: a large package goes to disk rather than sitting in memory.
        with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as spool:
            count = build(agency=package.agency, year=package.year, stream=spool, progress=progress)
            digest = _sha256_of_stream(spool)
            package.file.save(f"goi-luu-tru-{package.agency_id}-{package.year}.zip", File(spool), save=False)
    except Exception as error:  # the page must say the build failed rather than spin forever
        logger.exception("Archive package %s failed", package.pk)
        package.status = ArchivePackage.Status.FAILED
        package.error = f"Không tạo được gói: {error}"[:500]
        package.save(update_fields=["status", "error", "updated_at"])
        return
    package.status = ArchivePackage.Status.DONE
    package.sha256 = digest
    package.built_at = timezone.now()
    package.save(update_fields=["status", "file", "sha256", "built_at", "updated_at"])
    audit.record(
        actor=package.requested_by,
        action="archive_package.generated",
        target=package,
        changes={"records": [None, count], "sha256": [None, digest]},
    )
