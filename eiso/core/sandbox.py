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
"""

import json
import logging
import math
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("sandbox_child.py")
# Address space of the child: the interpreter and the readers take about 60 MB of it.
MEMORY_BYTES = 512 * 1024 * 1024
# Text read from a file: enough for search and comparison; a longer text is cut, not refused.
MAX_TEXT = 200_000
TEXT_SECONDS = 20
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


def file_text(data: bytes, kind: str, *, seconds: float = TEXT_SECONDS) -> str:
    """The readable text of an accepted .docx, .xlsx, .odt or .pdf; "" when it cannot be read in time."""
    if kind not in ("docx", "xlsx", "pdf", "odt"):
        return ""
    result = run(f"text-{kind}", data, seconds=seconds)
    return (result or {}).get("text", "")[:MAX_TEXT]
