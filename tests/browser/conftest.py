"""Every browser test also guards the Content-Security-Policy: a page that breaks it (an inline script,
an inline event handler, an inline style, htmx evaluating code) fails the test that opened it, whatever
the test is about."""

import pytest

# The province's OpenID Connect provider, in a second process, for the SSO tests (test_sso.py).
from tests.accounts.oidc_provider.fixtures import oidc_provider, sso_settings  # noqa: F401

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
