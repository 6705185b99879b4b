"""Every browser test also guards the Content-Security-Policy: a page that breaks it (an inline script,
an inline event handler, an inline style, htmx evaluating code) fails the test that opened it, whatever
the test is about."""

import io

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from eiso.dossiers import demo as dossiers_demo

# Recorded in each page before its own scripts run (Playwright's init scripts are exempt from CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`;
  window.__cspViolations.push(`${what} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def csp_violations_reported(page) -> list[str]:
    """The violations the open document's `securitypolicyviolation` listener saw."""
    return page.evaluate("window.__cspViolations || []")


def is_csp_message(message) -> bool:
    return "Content Security Policy" in message.text or "Content-Security-Policy" in message.text


@pytest.fixture
def page(page):
    """pytest-playwright's page, with every CSP violation written to the console collected."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text) if is_csp_message(message) else None)
    page.csp_console = console
    yield page
    assert not console, "Content-Security-Policy violations:\n" + "\n".join(console)


@pytest.fixture
def demo_province(transactional_db, monkeypatch, settings, tmp_path):
    """The whole demo (`manage.py load_demo`), with a handful of dossiers a month instead of hundreds:
    the pages and their charts are the same, the loading takes a fraction of the time. Its files (the
    procedures' forms) go to a temporary folder, not the demo's data/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    generate = dossiers_demo.generate
    monkeypatch.setattr(
        dossiers_demo,
        "generate",
        lambda agency, pairs, **kw: generate(agency, pairs, **{**kw, "per_month": 4}),
    )
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("load_demo", stdout=io.StringIO())
