"""Accessibility (issue 18, item 8): the most used pages, public and staff, have no axe-core violation
of impact serious or critical, on the demo province.

axe-core comes from npm as a test-only asset (package.json, pinned by package-lock.json), installed
into node_modules/ by `make test` through scripts/install-test-assets.sh. It is put into each page
with `page.evaluate`, which runs outside the page's Content-Security-Policy (a <script> tag added with
add_script_tag would be an inline script, which the policy refuses)."""

import subprocess
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.urls import reverse

from eiso.accounts.demo import DEMO_PASSWORD
from eiso.dossiers.models import Dossier, Status
from tests.browser.helpers import log_in, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("serious", "critical")
FIRST_RECORD = "main table a[href^='/'], main .list-group a[href^='/']"

# The pages, by who opens them. "first:<url>" is the first record listed on the page at <url>.
PUBLIC_PAGES = [
    "portal:search",
    "first:portal:search",
    "portal:dossier_lookup",
    "portal:feedback_submit",
    "accounts:login",
]
STAFF_PAGES = {
    "secretary": [
        "core:home",
        "documents:document_list",
        "first:documents:document_list",
        "quality:objective_list",
        "quality:risk_list",
        "improvement:nonconformity_list",
        "improvement:audit_list",
        "improvement:review_list",
        "improvement:announcement_list",
    ],
    "officer": [
        "core:home",
        "dossiers:dossier_list",
        "first:dossiers:dossier_list",
        "dossiers:dossier_receive",
        "dossiers:statistics",
    ],
    "leader": ["core:home"],
    "staff": ["core:home"],
    "auditor": ["core:home"],
    "coordinator": ["core:home", "oversight:registry", "oversight:dashboard"],
}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  const violations = result.violations.filter((v) => IMPACTS.includes(v.impact)).map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((node) => `${node.target.join(" ")}: ${node.html.slice(0, 160)}`),
  }));
  return {violations, rulesPassed: result.passes.length};
}""".replace("IMPACTS", str(list(IMPACTS)))


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe.min.js from node_modules, installed first if `make test` did not (cached by the script)."""
    if not AXE.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "install-test-assets.sh")], check=False)
    if not AXE.exists():
        pytest.fail(
            "axe-core is missing: run `make test` or `bash scripts/install-test-assets.sh` (needs npm)"
        )
    return AXE.read_text()


def _url(page, live_server, entry: str) -> str:
    if not entry.startswith("first:"):
        return live_server.url + reverse(entry)
    page.goto(live_server.url + reverse(entry.removeprefix("first:")))
    href = page.locator(FIRST_RECORD).first.get_attribute("href")
    return urljoin(live_server.url, href)


def _check(page, url: str, axe_source: str, found: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    settle(page)
    page.evaluate(axe_source)
    result = page.evaluate(RUN_AXE)
    assert result["rulesPassed"] > 0, f"{url}: axe-core checked nothing"
    for violation in result["violations"]:
        nodes = "\n      ".join(violation["nodes"])
        where = urlsplit(url)._replace(scheme="", netloc="").geturl()
        found.append(
            f"{where} — {violation['rule']} ({violation['impact']}): {violation['help']}\n      {nodes}"
        )


def test_most_used_pages_have_no_serious_or_critical_axe_violation(
    page, live_server, demo_province, axe_source
):
    found: list[str] = []
    checked = 0
    for entry in PUBLIC_PAGES:
        _check(page, _url(page, live_server, entry), axe_source, found)
        checked += 1
    # The lookup with its answer: a dossier that waits for a supplement if the demo has one.
    dossier = Dossier.objects.filter(status=Status.SUPPLEMENT).first() or Dossier.objects.first()
    query = urlencode({"code": dossier.code, "phone4": dossier.phone4})
    lookup = f"{live_server.url}{reverse('portal:dossier_lookup')}?{query}"
    _check(page, lookup, axe_source, found)
    checked += 1

    for username, entries in STAFF_PAGES.items():
        log_in(page, live_server, username, DEMO_PASSWORD)
        for entry in entries:
            _check(page, _url(page, live_server, entry), axe_source, found)
            checked += 1
        page.context.clear_cookies()

    assert checked >= 20
    assert not found, "axe-core, serious or critical:\n" + "\n".join(found)
