"""Reading an agency's existing QMS folder (issue 19): what each file of an uploaded .zip (or of
several files) is, proposed for the secretary's review before anything is saved.

Every file passes the upload gate (core.uploads) with the `FOLDER` policy, its text is read in the
sandbox (core.sandbox), and the proposal is taken, strongest source first, from:

1. the document's own cover table ("Mã hiệu | QT-01", "Lần ban hành: 02", "Ngày ban hành:
   15/03/2020"), which most ISO documents carry on their first page;
2. the header of an administrative document in the format of NĐ 30/2020/NĐ-CP (the place and
   date line "Hà Tĩnh, ngày 15 tháng 3 năm 2020", the name of the kind in capitals);
3. the file name ("QT-01 Quy trình kiểm soát tài liệu.docx", "BM.02-QT.TP.05_phieu yeu cau.pdf");
4. the folder path ("Quy trình/QT-05 Cấp phép/Biểu mẫu/…"): the type, and the process of a form.

This module reads and proposes; it saves nothing and asks nothing of the database
(`services.imports` checks duplicates and legal bases, then imports what the secretary confirmed).
"""

import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from django.conf import settings

from eiso.core import sandbox, uploads, zips
from eiso.core.text import fold
from eiso.documents.models import Document

Kind = Document.Kind

# What a QMS folder holds: its documents (.docx, .odt, .pdf), its registers (.xlsx) and, where
# LibreOffice is installed, the Word files of the years before 2007 (.doc).
FOLDER = uploads.Policy(
    frozenset({uploads.Kind.DOCX, uploads.Kind.PDF, uploads.Kind.ODT, uploads.Kind.XLSX, uploads.Kind.DOC}),
    "Chỉ nhập được tệp Word (.docx, .doc), OpenDocument (.odt), PDF (.pdf) và Excel (.xlsx).",
)
# Names that are not documents: the system files office programs and file managers leave behind.
IGNORED_NAMES = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|~\$|\.~lock)", re.I)
NO_LIBREOFFICE = (
    "Tệp Word cũ (.doc) cần LibreOffice để đọc, nhưng máy chủ chưa cài LibreOffice. "
    "Hãy mở tệp bằng Word, lưu thành .docx rồi tải lên lại."
)
NO_TEXT = "Không đọc được chữ trong tệp (có thể là bản quét); thông tin lấy từ tên tệp và thư mục."
# The gate runs on a few files at a time (a legacy .doc waits for LibreOffice); the text is read by
# batch children of the sandbox, one per core of the smallest server.
WORKERS = 3
TEXT_CHILDREN = 2

# A document code: letter groups and numbers joined by ".", "-" or "/" (QT-01, QT.TP.05, HD-KT-02,
# BM.01/QT-05, STCL), with at least one digit unless it is a known code without a number.
CODE = re.compile(r"(?<![\wĐđ])([A-ZĐ]{1,6}(?:[.\-/_]?[A-ZĐ0-9]{1,6}){0,5})(?![\wĐđ])")
CODE_WITHOUT_NUMBER = {"STCL", "CSCL", "MTCL", "STCLG"}
COVER_CODE = re.compile(r"mã\s*(?:hiệu|số|tài\s*liệu)\s*(?:tài\s*liệu)?\s*[:|]?\s*([^\s|]+)", re.I)
COVER_VERSION = re.compile(r"lần\s*ban\s*hành\s*[:|]?\s*(?:lần\s*)?(\d{1,3})\b", re.I)
COVER_DATE = re.compile(
    r"ngày\s*(?:ban\s*hành|hiệu\s*lực)\s*[:|]?\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.I
)
NAME_VERSION = re.compile(r"\b(?:lần|lan|ver|version|v)[\s._\-]?(\d{1,2})\b", re.I)
HEADER_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
LEGAL_NUMBER = re.compile(r"(?<![\w/])(\d{1,4}/\d{4}/[A-ZĐa-zđ]{1,6}(?:-[A-ZĐa-zđ0-9]{1,10}){0,3})")

# The type named by the first words of a title or of a folder, and by a code's first letters.
TITLE_KINDS = (
    ("so tay chat luong", Kind.QUALITY_MANUAL),
    ("chinh sach chat luong", Kind.QUALITY_POLICY),
    ("muc tieu chat luong", Kind.QUALITY_OBJECTIVES),
    ("danh muc ho so", Kind.RECORD_LIST),
    ("quy trinh", Kind.PROCEDURE),
    ("huong dan", Kind.WORK_INSTRUCTION),
    ("bieu mau", Kind.FORM),
    ("mau ", Kind.FORM),
    ("phieu ", Kind.FORM),
    ("so theo doi", Kind.FORM),
    ("bien ban", Kind.FORM),
    ("tai lieu ben ngoai", Kind.EXTERNAL),
    ("van ban ben ngoai", Kind.EXTERNAL),
    ("van ban phap luat", Kind.EXTERNAL),
)
CODE_KINDS = (
    ("STCL", Kind.QUALITY_MANUAL),
    ("ST", Kind.QUALITY_MANUAL),
    ("CSCL", Kind.QUALITY_POLICY),
    ("CS", Kind.QUALITY_POLICY),
    ("MTCL", Kind.QUALITY_OBJECTIVES),
    ("MT", Kind.QUALITY_OBJECTIVES),
    ("DMHS", Kind.RECORD_LIST),
    ("DM", Kind.RECORD_LIST),
    ("QT", Kind.PROCEDURE),
    ("HDCV", Kind.WORK_INSTRUCTION),
    ("HD", Kind.WORK_INSTRUCTION),
    ("BM", Kind.FORM),
    ("M", Kind.FORM),
    ("TLBN", Kind.EXTERNAL),
)
# A title often spreads over two lines: the type's name alone, then what it is about.
TYPE_WORDS = {"quy trinh", "huong dan", "bieu mau"}
# Acronyms kept in capitals when a title written in capitals is put in sentence case.
ACRONYMS = {"ISO", "TCVN", "UBND", "HĐND", "TTHC", "HTQLCL", "CNTT", "QLCL", "KH&CN", "BHXH", "MTTQ"}
# Lines of the NĐ 30/2020 header that are never a title.
HEADER_LINES = ("cong hoa xa hoi", "doc lap - tu do", "doc lap – tu do", "so:", "so :")


@dataclass
class Proposal:
    """One file of the folder and what eISO proposes for it; `refusal` says, in Vietnamese, why a
    file cannot be imported (the gate refused it, or it could not be read)."""

    path: str
    file_kind: str = ""
    size: int = 0
    refusal: str = ""
    warnings: list[str] = field(default_factory=list)
    code: str = ""
    title: str = ""
    kind: str = ""
    version: int = 1
    issued_on: date | None = None
    legal_numbers: list[str] = field(default_factory=list)
    process_code: str = ""
    text: str = ""

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    def as_dict(self) -> dict:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data


@dataclass
class FolderFile:
    """One file taken from the upload: its path in the folder and its bytes (None when refused)."""

    path: str
    data: bytes | None
    refusal: str = ""


def folder_files(uploaded) -> list[FolderFile]:
    """The files of the uploads, a .zip expanded into its members (each read only once its
    directory entry passed `core.zips`), in folder order; system files left out."""
    limit = FOLDER.limit()
    found: list[FolderFile] = []
    for upload in uploaded:
        name = upload.name or ""
        upload.seek(0)
        if not name.lower().endswith(".zip"):
            found.append(FolderFile(path=name, data=upload.read(limit + 1)))
            continue
        try:
            members = zips.members(upload.file, size=upload.size, max_member=limit, max_total=50 * limit)
        except zips.Refused as error:
            found.append(FolderFile(path=name, data=None, refusal=error.message))
            continue
        found += [FolderFile(path=path, data=data, refusal=reason) for path, data, reason in members]
    kept = [item for item in found if not IGNORED_NAMES.search(item.path)]
    return sorted(kept, key=lambda item: fold(item.path))


class Progress:
    """Counts the steps of reading a folder, two per file (the gate's checks, then the text), for
    the page's progress bar; the sandbox's threads report into it."""

    def __init__(self, files: int, report: Callable[[int, int], None] | None):
        self.done, self.total = 0, 2 * files
        self._report = report or (lambda done, total: None)
        self._lock = threading.Lock()

    def step(self, count: int = 1) -> None:
        with self._lock:
            self.done += count
            done = self.done
        self._report(done, self.total)


def read_folder(
    files: list[FolderFile], on_progress: Callable[[int, int], None] | None = None
) -> list[Proposal]:
    """A proposal for every file: the gate's checks, the text, then what the text and the names say.

    The sandbox's work is done in batch children (`sandbox.run_many`) rather than a child per file
    (the start of a child, about 0.3 s, is most of a small file's cost): first the opening of every
    PDF the gate asks for, then the gate on each file (a few at a time), then the text of every
    accepted file, in one batch child per core."""
    progress = Progress(len(files), on_progress)
    opened = _pdf_checks(files)

    def check(item: FolderFile) -> tuple[Proposal, bytes | None]:
        answer = check_file(item, opened.get(id(item)))
        progress.step()
        return answer

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        checked = list(pool.map(check, files))
    readable = [(proposal, data) for proposal, data in checked if data is not None]
    progress.step(len(files) - len(readable))  # refused files have no text to read
    chunks = [readable[start::TEXT_CHILDREN] for start in range(TEXT_CHILDREN)]
    with ThreadPoolExecutor(max_workers=TEXT_CHILDREN) as pool:
        texts = list(pool.map(lambda chunk: _texts(chunk, progress), chunks))
    for chunk, chunk_texts in zip(chunks, texts, strict=True):
        for (proposal, _), text in zip(chunk, chunk_texts, strict=True):
            _propose_read(proposal, text)
    return [proposal for proposal, _ in checked]


def _pdf_checks(files: list[FolderFile]) -> dict[int, uploads.PdfCheck]:
    """The sandbox's "pdf-check" of every PDF of the folder, in one batch child: the gate's answer
    for each (by the id of its FolderFile), so that the gate starts no child per PDF."""
    pdfs = [item for item in files if item.data and item.data.startswith(b"%PDF")]
    jobs = [("pdf-check", item.data) for item in pdfs]
    answers = sandbox.run_many(jobs, seconds=uploads.PDF_CHECK_SECONDS) if jobs else []
    return {id(item): _answered(answer) for item, answer in zip(pdfs, answers, strict=True)}


def check_file(item: FolderFile, pdf_check: uploads.PdfCheck | None = None) -> tuple[Proposal, bytes | None]:
    """The file through the gate: its proposal (refused or with its kind) and its bytes when
    accepted. `pdf_check`: the answer of the sandbox's pdf-check of a PDF done in a batch."""
    proposal = Proposal(path=item.path, size=len(item.data or b""))
    if item.data is None:
        proposal.refusal = item.refusal
        return proposal, None
    data, refusal = _converted(item)
    proposal.path = item.path
    if refusal:
        proposal.refusal = refusal
        return proposal, None
    try:
        checked = uploads.check_bytes(data, _gate_name(item.path), FOLDER, pdf_check=pdf_check)
    except uploads.UploadRefused as error:
        proposal.refusal = error.message
        return proposal, None
    proposal.file_kind = checked.kind
    return proposal, data


def _answered(answer: dict | None) -> uploads.PdfCheck:
    return lambda _data: answer


def _texts(chunk: list[tuple[Proposal, bytes]], progress: Progress) -> list[str]:
    if not chunk:
        return []
    files = [(data, proposal.file_kind) for proposal, data in chunk]
    texts = sandbox.files_text(files, on_answer=progress.step)
    # Files of a kind without text (.doc converted elsewhere, images) get no answer: count them too.
    progress.step(len(chunk) - sum(1 for _, kind in files if kind in sandbox.TEXT_KINDS))
    return texts


def _propose_read(proposal: Proposal, text: str) -> None:
    proposal.text = text
    if not text.strip() and proposal.file_kind in (uploads.Kind.PDF, uploads.Kind.DOCX, uploads.Kind.ODT):
        proposal.warnings.append(NO_TEXT)
    propose(proposal)


def _gate_name(path: str) -> str:
    return PurePosixPath(path).name


def _converted(item: FolderFile) -> tuple[bytes, str]:
    """A legacy .doc, converted to .docx by LibreOffice when it is installed (else a clear reason)."""
    if not item.path.lower().endswith(".doc"):
        return item.data, ""
    try:
        uploads.check_bytes(item.data, _gate_name(item.path), FOLDER)
    except uploads.UploadRefused as error:
        return b"", error.message
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return b"", NO_LIBREOFFICE
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "legacy.doc"
        source.write_bytes(item.data)
        command = [office, "--headless", "--convert-to", "docx", "--outdir", work, str(source)]
        try:
            subprocess.run(
                command, capture_output=True, timeout=60, check=False, env={"PATH": "/usr/bin:/bin"}
            )
        except subprocess.TimeoutExpired:
            return b"", "LibreOffice không chuyển được tệp .doc trong thời gian cho phép."
        target = Path(work) / "legacy.docx"
        if not target.exists():
            return b"", "LibreOffice không chuyển được tệp .doc này; tệp có thể bị hỏng."
        item.path = item.path[:-4] + ".docx"
        return target.read_bytes(), ""


# --- what the text and the names say ---------------------------------------------------------------


def propose(proposal: Proposal) -> Proposal:
    """Fill code, title, type, version, date, legal bases and process from the text and the path."""
    lines = [line.strip() for line in proposal.text.splitlines() if line.strip()][:80]
    head = "\n".join([*_cover_cells(lines), *lines])
    path = PurePosixPath(proposal.path)
    stem = path.stem.strip()
    folders = list(path.parts[:-1])

    name_code, name_title = _split_name(stem)
    proposal.code = _cover_code(head) or name_code
    proposal.title = _text_title(lines, proposal.code) or name_title or _clean_stem(stem)
    proposal.kind = _kind(proposal.title, proposal.code, folders)
    proposal.version = _version(head, stem)
    proposal.issued_on = _date(head)
    proposal.legal_numbers = _legal_numbers(proposal.text)
    if proposal.kind == Kind.FORM:
        proposal.process_code = _process_code(proposal.code, folders)
    if not proposal.code:
        proposal.warnings.append("Không tìm thấy mã tài liệu; hãy nhập mã.")
    return proposal


COVER_LABELS = (
    ("ma hieu", "Mã hiệu"),
    ("ma so", "Mã hiệu"),
    ("ma tai lieu", "Mã hiệu"),
    ("lan ban hanh", "Lần ban hành"),
    ("ngay ban hanh", "Ngày ban hành"),
)


def _cover_label(cell: str) -> str:
    folded = fold(cell).strip(" :")
    return next((label for start, label in COVER_LABELS if folded == start), "")


def _cover_cells(lines: list[str]) -> list[str]:
    """The cover table as "label: value" lines, whether its labels head the columns ("Mã hiệu |
    Lần ban hành" over "QT-01 | 02") or each label sits beside its value ("Mã hiệu | QT-01")."""
    found = []
    for index, line in enumerate(lines):
        if "|" not in line:
            continue
        cells = [cell.strip() for cell in line.split("|")]
        below = lines[index + 1].split("|") if index + 1 < len(lines) else []
        for column, cell in enumerate(cells):
            label = _cover_label(cell)
            if not label:
                continue
            if column + 1 < len(cells) and cells[column + 1] and not _cover_label(cells[column + 1]):
                found.append(f"{label}: {cells[column + 1]}")
            elif len(below) == len(cells) and below[column].strip():
                found.append(f"{label}: {below[column].strip()}")
    return found


def _clean_stem(stem: str) -> str:
    return re.sub(r"\s+", " ", stem.replace("_", " ")).strip(" -–.")


def _split_name(stem: str) -> tuple[str, str]:
    """(code, title) from a file name like "QT-01 Quy trình kiểm soát tài liệu" or "qt.tp.05_quy trinh"."""
    match = CODE.match(stem.upper())
    if match is None:
        return "", _sentence(_clean_stem(stem))
    code = match.group(1)
    # "QT_07-QUY TRINH": a code ends with its last number; the words after it are the title's.
    if any(char.isdigit() for char in code):
        code = re.sub(r"(?<=\d)([.\-/_][A-ZĐ]+)+$", "", code)
    if not _is_code(code):
        return "", _sentence(_clean_stem(stem))
    rest = _clean_stem(stem[len(code) :])
    return code.strip(".-/_").replace("_", "-"), _sentence(rest) if rest else ""


def _is_code(candidate: str) -> bool:
    candidate = candidate.strip(".-/_")
    if candidate in CODE_WITHOUT_NUMBER:
        return True
    return any(char.isdigit() for char in candidate) and any(char.isalpha() for char in candidate)


def _cover_code(head: str) -> str:
    for match in COVER_CODE.finditer(head):
        candidate = match.group(1).strip(".,;:").upper()
        if _is_code(candidate) and CODE.fullmatch(candidate):
            return candidate
    return ""


def _text_title(lines: list[str], code: str) -> str:
    """The title in the text: the first line that starts with the name of a QMS document type (a
    line that is only the type's name is joined to the next one), outside the NĐ 30 header."""
    for index, line in enumerate(lines[:40]):
        folded = fold(line)
        if "|" in line or any(folded.startswith(start) for start in HEADER_LINES):
            continue
        for start, _kind in TITLE_KINDS:
            if folded.startswith(start.strip()) and len(line) <= 200:
                if folded in TYPE_WORDS and index + 1 < len(lines):
                    line = f"{line} {lines[index + 1]}"
                title = _sentence(line)
                return title if fold(title) != fold(code) else ""
    return ""


def _sentence(text: str) -> str:
    """A title written in capitals, in sentence case ("QUY TRÌNH TIẾP NHẬN" → "Quy trình tiếp
    nhận"), acronyms kept; a title already in mixed case is only tidied."""
    text = re.sub(r"\s+", " ", text).strip(" -–.:")
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return text
    if sum(char.isupper() for char in letters) / len(letters) < 0.8:
        return text[:1].upper() + text[1:]
    words = [word if word in ACRONYMS else word.lower() for word in text.split(" ")]
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:]


def _kind(title: str, code: str, folders: list[str]) -> str:
    folded = fold(title)
    for start, kind in TITLE_KINDS:
        if folded.startswith(start):
            return kind
    letters = re.match(r"[A-ZĐ]+", code or "")
    if letters:
        for prefix, kind in CODE_KINDS:
            if letters.group(0) == prefix:
                return kind
    for folder in reversed(folders):
        folded = fold(folder)
        for start, kind in TITLE_KINDS:
            if folded.startswith(start.strip()):
                return kind
    if letters:
        for prefix, kind in CODE_KINDS:
            if letters.group(0).startswith(prefix):
                return kind
    return Kind.PROCEDURE


def _version(head: str, stem: str) -> int:
    match = COVER_VERSION.search(head) or NAME_VERSION.search(stem)
    number = int(match.group(1)) if match else 1
    return number if 1 <= number <= 99 else 1


def _date(head: str) -> date | None:
    for pattern in (COVER_DATE, HEADER_DATE):
        for match in pattern.finditer(head):
            day, month, year = (int(group) for group in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def _legal_numbers(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for match in LEGAL_NUMBER.finditer(text):
        number = match.group(1).strip("-")
        seen.setdefault(fold(number), number)
    return list(seen.values())[:30]


def _process_code(code: str, folders: list[str]) -> str:
    """The procedure a form belongs to: a QT code inside the form's code (BM.01-QT.TP.05), or the
    nearest folder named after one ("QT-05 Cấp phép xây dựng/Biểu mẫu")."""
    for candidate in [code.upper(), *[folder.upper() for folder in reversed(folders)]]:
        for match in CODE.finditer(candidate):
            found = match.group(1)
            at = found.find("QT")
            if at >= 0 and _is_code(found[at:]):
                return found[at:].strip(".-/_")
    return ""


def max_files() -> int:
    return getattr(settings, "EISO_FOLDER_IMPORT_MAX_FILES", 500)
