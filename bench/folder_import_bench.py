"""Importing an agency's existing QMS folder (issue 19: "a 300-file folder imports in under 2
minutes"): a .zip of N files made of copies of the test fixture's folder (tests/documents/
folder_fixture.py: in every 41 files, 35 documents with cover tables, NĐ 30 headers, forms, PDFs
and an .odt, plus a register, a scanned PDF, a legacy .doc, a corrupt file, a zip bomb and a
duplicate), staged (the gate, the text read in the sandbox, the proposals), reviewed, then
confirmed (every document created with its published version and original file).

    DATABASE_URL=postgres://... python -m bench.folder_import_bench [--files 300] [--per-file]

The agency and its secretary are created in a transaction rolled back at the end, and the files go
to a temporary MEDIA_ROOT, so the database is left as it was. `--per-file` also stages the folder
with the text read in a sandbox child per file (two at a time, as before the batch child; the PDFs
are still opened in one batch). Asserts nothing.
"""

import argparse
import os
import tempfile
import time


class _RollBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--per-file", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction

    settings.DEBUG = False  # DEBUG keeps every query's SQL in memory
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        try:
            with transaction.atomic():
                _measure(args)
                raise _RollBack
        except _RollBack:
            pass


def _measure(args) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bench.report import emit
    from eiso.core import sandbox
    from eiso.core.roles import Role
    from eiso.documents import services
    from tests.documents import folder_fixture
    from tests.factories import AgencyFactory, MembershipFactory

    began = time.perf_counter()
    folder = folder_fixture.folder_zip(folder_fixture.large_folder(args.files))
    build = time.perf_counter() - began
    print(f"folder of {args.files} files built in {build:.1f} s ({len(folder) / 1e6:.1f} MB zipped)")
    agency = AgencyFactory(name="Ủy ban nhân dân xã Thạch Hà (bench)", short_name="BENCH")
    secretary = MembershipFactory(agency=agency, role=Role.SECRETARY, user__username="bench_secretary").user

    def stage() -> tuple[str, float]:
        began = time.perf_counter()
        upload = SimpleUploadedFile("HTQLCL.zip", folder)
        token = services.folder_stage(agency=agency, actor=secretary, uploaded=[upload])
        return token, time.perf_counter() - began

    rows_out = []
    if args.per_file:
        batched = sandbox.files_text
        sandbox.files_text = lambda files, **kw: [sandbox.file_text(data, kind) for data, kind in files]
        try:
            _, seconds = stage()
        finally:
            sandbox.files_text = batched
        rows_out.append(
            {"step": "stage, text in a child per file", "files": args.files, "s": seconds, "imported": 0}
        )

    token, seconds = stage()
    rows_out.append({"step": "stage (batch children)", "files": args.files, "s": seconds, "imported": 0})
    began = time.perf_counter()
    review = services.folder_review(agency=agency, actor=secretary, token=token)
    rows_out.append({"step": "review", "files": args.files, "s": time.perf_counter() - began, "imported": 0})
    confirmed = [
        {**row.initial, "index": row.index}
        for row in review
        if not row.is_refused and not row.duplicate and row.proposal["code"]
    ]
    began = time.perf_counter()
    documents = services.folder_import_confirm(agency=agency, actor=secretary, token=token, rows=confirmed)
    confirm = time.perf_counter() - began
    rows_out.append(
        {"step": "confirm (import)", "files": args.files, "s": confirm, "imported": len(documents)}
    )
    total = sum(row["s"] for row in rows_out if row["step"] != "stage, text in a child per file")
    rows_out.append(
        {"step": "stage + review + confirm", "files": args.files, "s": total, "imported": len(documents)}
    )
    emit("folder_import", rows_out)


if __name__ == "__main__":
    main()
