"""The upload gate (issue 15: hostile files): how long it takes and how much memory it uses to refuse
each file of the hostile corpus, the 775 KB .docx zip bomb of the issue first, and to accept real
files (the gate, then the reading of their text in the sandbox).

    python -m bench.uploads_bench [--bomb-mib 760] [--before]

Each row runs in a fresh Python process (settings loaded, readers imported), so that its peak
resident memory is its own: "rss growth" is the peak after the work minus the peak before it.
`--before` also measures what the old text extraction did with the bomb (python-docx on the whole
file, no cap on the unpacked size): the 68 s and 2.38 GB of the issue. No database is needed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Run in the child: read the file, measure the gate (or the old extraction) on it, print JSON.
CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
import django
django.setup()
import docx, openpyxl, pypdf  # noqa: F401 (imported before the baseline, as in a warm server)
from eiso.core import sandbox, uploads

path, name, mode = sys.argv[1:4]
data = open(path, "rb").read()
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = peak()
began = time.perf_counter()
outcome, text_ms = "", None
if mode == "before":
    import io
    document = docx.Document(io.BytesIO(data))
    outcome = f"read {sum(len(p.text) for p in document.paragraphs):,} characters"
else:
    try:
        checked = uploads.check_bytes(data, name, uploads.EVIDENCE)
        outcome = "accepted"
    except uploads.UploadRefused as refused:
        outcome = "refused: " + refused.message[:60]
gate_ms = (time.perf_counter() - began) * 1000
if outcome == "accepted" and checked.kind in ("docx", "xlsx", "pdf"):
    began = time.perf_counter()
    text = sandbox.file_text(data, checked.kind)
    text_ms = (time.perf_counter() - began) * 1000
    outcome += f", text {len(text):,} characters"
print(json.dumps({"ms": gate_ms, "text_ms": text_ms, "rss_growth_mb": peak() - before, "outcome": outcome}))
"""


def corpus(bomb_mib: int) -> list[tuple[str, str, bytes]]:
    from tests import hostile_files as files

    rows = [("issue 15 zip bomb (.docx)", "quy-trinh.docx", files.zip_bomb_docx(bomb_mib))]
    rows += [(hostile.key, hostile.filename, hostile.data) for hostile in files.CORPUS[1:]]
    return rows


def real_files() -> list[tuple[str, str, bytes]]:
    import io

    import docx
    from openpyxl import Workbook

    from eiso.core import rendering
    from tests import hostile_files as files

    document = docx.Document()
    for n in range(3000):
        document.add_paragraph(f"Bước {n}: tiếp nhận, kiểm tra và chuyển hồ sơ cho bộ phận chuyên môn xử lý.")
    document.add_picture(io.BytesIO(_noise_png(1200)))
    buffer = io.BytesIO()
    document.save(buffer)
    workbook = Workbook()
    for n in range(10000):
        workbook.active.append([f"H42-2603{n:05d}", "Hộ tịch", "Đăng ký khai sinh", n, "đúng hạn", "UBND xã"])
    sheet = io.BytesIO()
    workbook.save(sheet)
    pages = "".join(
        f"<h1>Chương {n}</h1>" + "<p>Quy trình giải quyết thủ tục hành chính.</p>" * 40 for n in range(30)
    )
    return [
        ("real .docx, 3000 paragraphs and a photo", "quy-trinh.docx", buffer.getvalue()),
        ("real .xlsx, 10000 rows", "so-theo-doi.xlsx", sheet.getvalue()),
        ("real .pdf, about 30 pages", "bao-cao.pdf", rendering.html_to_pdf(pages)),
        ("real .odt", "bien-ban.odt", files.odt_bytes()),
    ]


def _noise_png(side: int) -> bytes:
    """An incompressible picture, as a scanned page is: the file grows, its XML does not."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


def measure(label: str, name: str, data: bytes, mode: str = "gate") -> dict:
    import zipfile

    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, handle.name, name, mode],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        result = {"ms": None, "text_ms": None, "rss_growth_mb": None, "outcome": done.stderr[-200:]}
    else:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    try:
        import io

        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()) / 2**20
    except Exception:  # noqa: BLE001 — not a zip, or a broken one
        unpacked = None
    return {
        "file": label,
        "size_kb": round(len(data) / 1024, 1),
        "unpacked_mb": round(unpacked, 1) if unpacked is not None else "-",
        "gate_ms": round(result["ms"], 1) if result["ms"] is not None else "-",
        "text_ms": round(result["text_ms"], 1) if result["text_ms"] is not None else "-",
        "rss_growth_mb": round(result["rss_growth_mb"], 1) if result["rss_growth_mb"] is not None else "-",
        "outcome": result["outcome"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bomb-mib", type=int, default=760, help="unpacked size of the bomb (760: 775 KB)")
    parser.add_argument("--before", action="store_true", help="also the old extraction on the bomb")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # it logs every page at DEBUG
    from bench.report import emit

    rows = [measure(label, name, data) for label, name, data in corpus(args.bomb_mib) + real_files()]
    if args.before:
        label, name, data = corpus(args.bomb_mib)[0]
        rows.insert(0, measure(f"{label}, old extraction", name, data, mode="before"))
    emit("uploads", rows)


if __name__ == "__main__":
    main()
