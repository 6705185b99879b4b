"""Reading an uploaded file's content in a child process, limited in time and memory.

pypdf, python-docx and openpyxl are parsers of hostile input; one call into lxml or a PDF content
stream cannot be interrupted from Python (a signal waits for the C code to return, and signals
work only in the main thread, which a threaded server's request is not). So the work runs in a
fresh interpreter (`sandbox_child.py`, run by path with `-I`: it imports the readers, never
Django), which limits its own address space and CPU time before reading the file from its
stdin, and is killed when the wall-clock time is up. A file that takes too long or too much memory
costs that child, never the web or worker process.

`run` answers the child's JSON result, `{"failed": True}` when the child ended in an error (an
exception, its memory limit), or None when it ran out of time and was killed. Text is
read in the worker in production (`documents/tasks.py`); without a broker Celery runs the task
inline, so the demo and the tests read it right after the upload commits.

`run_many` does many jobs in one child (`batch`): a folder of 300 files pays the start of one
interpreter, not 300. Each file keeps its own CPU limit and its own wall-clock time (counted from
the previous file's answer); the memory limit is the child's. A file that ends the child (an error
of the interpreter, its memory or CPU limit) or runs out of time costs that file only: the files
after it are read by a new child.
"""

import json
import logging
import math
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

CHILD = Path(__file__).with_name("sandbox_child.py")
# Address space of the child: the interpreter and the readers take about 60 MB of it.
MEMORY_BYTES = 512 * 1024 * 1024
# Text read from a file: enough for search and comparison; a longer text is cut, not refused.
MAX_TEXT = 200_000
TEXT_SECONDS = 20
TEXT_KINDS = frozenset({"docx", "xlsx", "pdf", "odt"})  # the kinds whose text the child reads
# Not the server's environment: the child needs none of its variables (the database's password,
# SECRET_KEY), and a reader exploited by a hostile file must not find them there.
CHILD_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

logger = logging.getLogger(__name__)


def run(job: str, data: bytes, *, seconds: float) -> dict | None:
    """Run `job` of the child on `data`: its JSON answer, {"failed": True}, or None (out of time)."""
    command = [sys.executable, "-I", str(CHILD), job, str(MEMORY_BYTES), str(math.ceil(seconds) + 1)]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=seconds, check=False, env=CHILD_ENVIRONMENT
        )
    except subprocess.TimeoutExpired:
        logger.warning("sandbox: %s took over %s s; stopped", job, seconds)
        return None
    if done.returncode != 0:
        reason = done.stderr[-500:].decode(errors="replace")
        logger.warning("sandbox: %s failed (%s): %s", job, done.returncode, reason)
        return {"failed": True}
    try:
        return json.loads(done.stdout)
    except ValueError:
        return {"failed": True}


def run_many(
    jobs: list[tuple[str, bytes]], *, seconds: float, on_answer: Callable[[], None] | None = None
) -> list[dict | None]:
    """`run` for each (job, data), in as few children as the files allow; answers in order.
    `on_answer` is called as each answer arrives (a progress bar counts them)."""
    results: list[dict | None] = []
    while len(results) < len(jobs):
        results += _batch(jobs[len(results) :], seconds, on_answer or (lambda: None))
    return results


def _batch(jobs: list[tuple[str, bytes]], seconds: float, on_answer: Callable[[], None]) -> list[dict | None]:
    """The answers of one batch child: all of them, or those before the file that ended it and
    that file's own ({"failed": True}, or None when it ran out of time)."""
    command = [sys.executable, "-I", str(CHILD), "batch", str(MEMORY_BYTES), str(math.ceil(seconds) + 1)]
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=CHILD_ENVIRONMENT
    )
    errors = bytearray()
    threads = [
        threading.Thread(target=_feed, args=(child.stdin, jobs), daemon=True),
        threading.Thread(target=_drain, args=(child.stderr, errors), daemon=True),
    ]
    for thread in threads:
        thread.start()
    results: list[dict | None] = []
    buffer = b""
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while len(results) < len(jobs):
            left = deadline - time.monotonic()
            if left <= 0:
                logger.warning("sandbox: %s took over %s s; stopped", jobs[len(results)][0], seconds)
                results.append(None)
                break
            if not selector.select(left):
                continue
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                child.wait()
                reason = bytes(errors[-500:]).decode(errors="replace")
                logger.warning("sandbox: %s failed (%s): %s", jobs[len(results)][0], child.returncode, reason)
                results.append({"failed": True})
                break
            *lines, buffer = (buffer + chunk).split(b"\n")
            for line in lines:
                results.append(_answer(line))
                on_answer()
                deadline = time.monotonic() + seconds
    child.kill()
    child.wait()
    child.stdout.close()
    for thread in threads:
        thread.join(timeout=5)
    return results


def _answer(line: bytes) -> dict:
    try:
        answer = json.loads(line)
    except ValueError:
        return {"failed": True}
    return answer if isinstance(answer, dict) else {"failed": True}


def _feed(stdin, jobs: list[tuple[str, bytes]]) -> None:
    try:
        for job, data in jobs:
            stdin.write(f"{job} {len(data)}\n".encode())
            stdin.write(data)
        stdin.close()
    except (BrokenPipeError, OSError, ValueError):  # the child ended: its answers say which file
        pass


def _drain(stderr, errors: bytearray) -> None:
    while chunk := stderr.read(4096):
        errors += chunk
        del errors[:-4096]
    stderr.close()


def file_text(data: bytes, kind: str, *, seconds: float = TEXT_SECONDS) -> str:
    """The readable text of an accepted .docx, .xlsx, .odt or .pdf; "" when it cannot be read in time."""
    if kind not in TEXT_KINDS:
        return ""
    result = run(f"text-{kind}", data, seconds=seconds)
    return (result or {}).get("text", "")[:MAX_TEXT]


def files_text(
    files: list[tuple[bytes, str]],
    *,
    seconds: float = TEXT_SECONDS,
    on_answer: Callable[[], None] | None = None,
) -> list[str]:
    """`file_text` of many files (data, kind), read in one child (or a few when a file ends one)."""
    readable = [(index, data, kind) for index, (data, kind) in enumerate(files) if kind in TEXT_KINDS]
    texts = [""] * len(files)
    answers = run_many(
        [(f"text-{kind}", data) for _, data, kind in readable], seconds=seconds, on_answer=on_answer
    )
    for (index, _, _), answer in zip(readable, answers, strict=True):
        texts[index] = (answer or {}).get("text", "")[:MAX_TEXT]
    return texts
