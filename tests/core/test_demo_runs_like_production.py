"""`make demo` runs with DEBUG off, so a stranger who mistypes a URL sees the Vietnamese 404 page,
not Django's English debug page with the settings. This starts eISO with the demo target's own
environment (read from the Makefile) in a fresh process, as `make demo` does."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUEST_A_MISSING_PAGE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/khong-ton-tai/")
print(settings.DEBUG, response.status_code)
print(response.content.decode())
"""


def demo_environment(tmp_path: Path) -> dict[str, str]:
    exports = dict(re.findall(r"^demo: export (\w+) = (.*)$", (ROOT / "Makefile").read_text(), re.M))
    secret_file = exports.pop("SECRET_KEY_FILE").replace("$(CURDIR)/data", str(tmp_path))
    Path(secret_file).write_text("a-key-made-once-by-make-demo-" + "x" * 40)
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    return {
        **environment,
        **exports,
        "SECRET_KEY_FILE": secret_file,
        "EISO_DATA_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "eiso.settings",
    }


def run(arguments: list[str], environment: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_shows_the_vietnamese_404_page_with_debug_off(tmp_path):
    environment = demo_environment(tmp_path)
    assert environment["DEBUG"] == "false"

    run(["manage.py", "collectstatic", "--noinput", "-v0"], environment)
    output = run(["-c", REQUEST_A_MISSING_PAGE], environment)

    assert output.startswith("False 404")
    assert "Không tìm thấy trang hoặc dữ liệu" in output
    assert "Page not found" not in output and "DEBUG = True" not in output
