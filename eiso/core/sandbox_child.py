"""The child process of `core.sandbox`: `python -I sandbox_child.py JOB MEMORY_BYTES CPU_SECONDS`.

It limits itself first, then reads one file from stdin, does one job and writes a JSON object to
stdout. Standard library and the readers only (pypdf, python-docx, openpyxl): never Django, never
the project's modules, so it starts in a fraction of a second; and it is started with an
environment of its own (PATH, LANG), so it holds none of the server's secrets.

Jobs: `pdf-check` -> {"pages": n, "encrypted": bool}; `text-docx`, `text-xlsx`, `text-pdf` ->
{"text": "..."}. An exception, a MemoryError or SIGXCPU ends the child with a non-zero status.
"""

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


JOBS = {"pdf-check": pdf_check, "text-docx": text_docx, "text-xlsx": text_xlsx, "text-pdf": text_pdf}


def main() -> None:
    job, memory, cpu_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()
    json.dump(JOBS[job](data), sys.stdout)


if __name__ == "__main__":
    main()
