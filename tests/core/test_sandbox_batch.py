"""Many files read in one sandbox child (core.sandbox.run_many, files_text): the same answers as a
child per file; a file that fails, ends the child or runs out of time costs that file only, and the
files after it are read by a new child."""

import subprocess

import pytest

from eiso.core import sandbox
from tests.hostile_files import docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes, zip_bomb_docx


@pytest.fixture
def children(monkeypatch):
    """The batch children started, with the options they were started with."""
    started = []
    real = subprocess.Popen

    def popen(command, **kwargs):
        if command[3] == "batch":
            started.append((command, kwargs))
        return real(command, **kwargs)

    monkeypatch.setattr(sandbox.subprocess, "Popen", popen)
    return started


def test_one_child_reads_every_file_as_a_child_per_file_would(children):
    files = [
        (docx_bytes("Quy trình kiểm soát tài liệu"), "docx"),
        (xlsx_bytes(["Mã hiệu", "QT-01"]), "xlsx"),
        (pdf_bytes(), "pdf"),
        (odt_bytes(), "odt"),
        (b"not read", "png"),
    ]
    texts = sandbox.files_text(files)
    assert len(children) == 1
    assert texts == [sandbox.file_text(data, kind) for data, kind in files]
    assert "kiểm soát tài liệu" in texts[0] and "QT-01" in texts[1] and texts[4] == ""
    command, options = children[0]
    assert command[2:4] == [str(sandbox.CHILD), "batch"] and command[1] == "-I"
    assert options["env"] == {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_a_file_a_reader_fails_on_is_that_files_failure_only(children):
    jobs = [
        ("text-docx", docx_bytes("một")),
        ("text-docx", b"PK not a docx"),
        ("text-docx", docx_bytes("hai")),
    ]
    answers = sandbox.run_many(jobs, seconds=20)
    assert answers[0]["text"] == "một" and answers[1] == {"failed": True} and answers[2]["text"] == "hai"
    assert len(children) == 1


def test_a_file_that_ends_the_child_leaves_the_others_read(monkeypatch, children):
    monkeypatch.setattr(sandbox, "MEMORY_BYTES", 160 * 1024 * 1024)
    jobs = [
        ("text-docx", docx_bytes("trước")),
        ("text-docx", zip_bomb_docx()),
        ("text-docx", docx_bytes("sau")),
    ]
    answers = sandbox.run_many(jobs, seconds=20)
    assert answers[0]["text"] == "trước" and answers[1] == {"failed": True} and answers[2]["text"] == "sau"
    assert len(children) == 2  # the file after the bomb was read by a new child


def test_every_file_out_of_time_is_answered_none_and_nothing_waits(children):
    jobs = [("text-docx", docx_bytes("một")), ("text-docx", docx_bytes("hai"))]
    assert sandbox.run_many(jobs, seconds=0.001) == [None, None]
    assert len(children) == 2
