"""The main pages of each role, on the demo province, break nothing of the Content-Security-Policy
(issue 15, item 4): each demo user opens every page of their menu and the first record listed on it;
the API documentation, the public portal and the Django admin are opened too. A violation is caught
twice: by the page's `securitypolicyviolation` event and by the console (tests/browser/conftest.py)."""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from eiso.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import csp_violations_reported
from tests.browser.helpers import log_in, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_USERS = ["secretary", "leader", "staff", "officer", "auditor", "coordinator", "steering", "admin"]
MENU_LINKS = ".eiso-navbar a.nav-link[href^='/'], .eiso-navbar a.dropdown-item[href^='/']"
# The first record of a list: a link in the page's table or list group to a page of its own.
FIRST_RECORD = "main table a[href^='/'], main .list-group a[href^='/']"
PROCEDURE_PAGE = re.compile(r"^/tthc/(?!ho-so/|phan-anh/)[^/?]+/(\?.*)?$")
SKIPPED = re.compile(r"/(xuat|export|download|tai-ve|file)|\.(pdf|docx|xlsx|csv)$")


def _open(page: Page, url: str, seen: dict[str, list[str]]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    settle(page)
    if found := csp_violations_reported(page):
        seen[url] = found
    policy = response.headers.get("content-security-policy", "")
    if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, f"{url}: {policy!r}"


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))")
    return [href for href in dict.fromkeys(hrefs) if not SKIPPED.search(href)]


def test_main_pages_of_each_role_break_no_content_security_policy(page, live_server, demo_province):
    seen: dict[str, list[str]] = {}
    opened_records: set[str] = set()
    for username in DEMO_USERS:
        log_in(page, live_server, username, DEMO_PASSWORD)
        expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
        home = page.url
        _open(page, home, seen)
        for href in _links(page, MENU_LINKS):
            _open(page, urljoin(home, href), seen)
            if href in opened_records:
                continue  # the first record of a list is opened once, by the first role to see the list
            opened_records.add(href)
            records = _links(page, FIRST_RECORD)
            if records:
                _open(page, urljoin(home, records[0]), seen)
        page.context.clear_cookies()
    assert not seen, f"Content-Security-Policy violations: {seen}"


def test_api_docs_portal_and_admin_break_no_content_security_policy(page, live_server, demo_province):
    seen: dict[str, list[str]] = {}
    _open(page, f"{live_server.url}/api/docs/", seen)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("eISO API")
    for url in ["/tthc/ho-so/tra-cuu/", "/tthc/phan-anh/gui/", "/tthc/phan-anh/tra-cuu/", "/tthc/"]:
        _open(page, f"{live_server.url}{url}", seen)
    procedures = [href for href in _links(page, "main a[href^='/tthc/']") if PROCEDURE_PAGE.match(href)]
    assert procedures, "the portal lists no procedure"
    _open(page, urljoin(live_server.url, procedures[0]), seen)  # with its QR code and print button

    log_in(page, live_server, "admin", DEMO_PASSWORD)
    _open(page, f"{live_server.url}/django-admin/", seen)
    for href in _links(page, "#content-main a[href^='/django-admin/']")[:6]:
        _open(page, urljoin(live_server.url, href), seen)
    assert not seen, f"Content-Security-Policy violations: {seen}"
