"""Layout that fits (issue 18, item 5): the main pages of a few roles and the citizen portal are
usable at 1024 px (a small laptop) and 390 px (a phone). A page fails, and is screenshotted into
.test-artifacts/layout/, when the document scrolls sideways or a visible element's right
edge passes the viewport (outside a scrolling box such as .table-responsive); the message names the
element. The navbar collapses below 1200 px and its toggler opens it; at 1280 px it fits on one line."""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from eiso.accounts.demo import DEMO_PASSWORD
from tests.browser.helpers import log_in, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "layout"
WIDTHS = [1024, 390]
ROLES = ["secretary", "officer", "coordinator", "admin"]
MENU_LINKS = ".eiso-navbar a.nav-link[href^='/'], .eiso-navbar a.dropdown-item[href^='/']"
FIRST_RECORD = "main table a[href^='/'], main .list-group a[href^='/']"
SKIPPED = re.compile(r"/(xuat|export|download|tai-ve|file|bieu-mau)|\.(pdf|docx|xlsx|csv)$")

# The overflow probe: the function of overflow.js, without its leading comment (Playwright calls a
# string only when it starts as a function).
_PROBE = (Path(__file__).resolve().parent / "overflow.js").read_text()
OVERFLOW = _PROBE[_PROBE.index("() =>") :]


def _slug(url: str) -> str:
    path = urlsplit(url).path.strip("/") or "home"
    return re.sub(r"[^a-zA-Z0-9]+", "-", path)[:60]


def check_fits(page: Page, url: str, label: str, problems: list[str]) -> None:
    """Open `url` once and note what overflows the viewport at each width, narrowest first: a page
    widened after loading only grows into the room it gets, a page narrowed could keep a chart
    sized for the wider screen until its resize handler runs. A page that overflows is screenshotted
    into .test-artifacts/layout/ to be looked at."""
    page.set_viewport_size({"width": min(WIDTHS), "height": 800})
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: {response and response.status}"
    settle(page)
    for width in sorted(WIDTHS):
        page.set_viewport_size({"width": width, "height": 800})
        settle(page)
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > result["viewport"] or result["found"]:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{label}-{width}-{_slug(url)}.png"), full_page=True)
            detail = "; ".join(result["found"]) or "no single element found"
            where = f"{width}px {label} {urlsplit(url).path}"
            problems.append(f"{where}: scrollWidth {result['scrollWidth']} — {detail}")


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))")
    return [href for href in dict.fromkeys(hrefs) if not SKIPPED.search(href)]


def main_pages(page: Page, live_server, username: str) -> list[str]:
    """The role's home, every page of its menu, and the first record of each list."""
    log_in(page, live_server, username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    home = page.url
    pages = [home]
    for href in _links(page, MENU_LINKS):
        pages.append(urljoin(home, href))
    records = []
    for url in pages[1:]:
        page.goto(url)
        first = _links(page, FIRST_RECORD)
        if first:
            records.append(urljoin(home, first[0]))
    return list(dict.fromkeys(pages + records))


def test_main_pages_of_each_role_fit_at_1024_and_390_px(page, live_server, demo_province):
    problems: list[str] = []
    for username in ROLES:
        page.set_viewport_size({"width": 1280, "height": 800})
        for url in main_pages(page, live_server, username):
            check_fits(page, url, username, problems)
        page.context.clear_cookies()
    assert not problems, "Pages wider than the screen:\n" + "\n".join(problems)


def test_citizen_pages_fit_at_1024_and_390_px(page, live_server, demo_province):
    problems: list[str] = []
    page.goto(f"{live_server.url}/tthc/")
    procedure = page.locator("main a[href^='/tthc/1.']").first.get_attribute("href")
    urls = [
        f"{live_server.url}/",
        f"{live_server.url}/tthc/",
        f"{live_server.url}/tthc/?q=khai+sinh",
        urljoin(live_server.url, procedure),
        f"{live_server.url}/tthc/ho-so/tra-cuu/",
        f"{live_server.url}/tthc/phan-anh/gui/",
        f"{live_server.url}/tthc/phan-anh/tra-cuu/",
    ]
    for url in urls:
        check_fits(page, url, "citizen", problems)
    assert not problems, "Pages wider than the screen:\n" + "\n".join(problems)


def test_navbar_collapses_below_1200_px_and_its_toggler_opens_it(page, live_server, demo_province):
    log_in(page, live_server, "coordinator", DEMO_PASSWORD)
    user_menu = page.get_by_test_id("user-menu")
    toggler = page.get_by_role("button", name="Mở menu")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(toggler).to_be_hidden()
    expect(user_menu).to_be_in_viewport(ratio=1)

    for width in [1024, 390]:
        page.set_viewport_size({"width": width, "height": 800})
        expect(user_menu).to_be_hidden()
        toggler.click()
        # Bootstrap ignores clicks in the menu while it is still sliding open (class "collapsing").
        expect(page.locator("#eiso-nav")).to_have_class(re.compile(r"\bshow\b"))
        expect(user_menu).to_be_visible()
        user_menu.click()
        logout = page.get_by_role("button", name="Đăng xuất")
        logout.scroll_into_view_if_needed()
        expect(logout).to_be_in_viewport(ratio=1)
        user_menu.click()  # closes the user menu
        toggler.click()
        expect(user_menu).to_be_hidden()


def test_a_chart_never_reaches_past_its_card_whatever_width_it_last_had(page, live_server, demo_province):
    """Chart.js resizes a canvas one frame after its card narrows; a canvas still at its old width must
    not widen the page in between (the registry's transition chart once did, by a scrollbar's width)."""
    log_in(page, live_server, "coordinator", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server.url}/oversight/")
    canvas = page.locator("#chart-transitions")
    canvas.evaluate("canvas => { canvas.style.width = '2000px'; }")
    overflow = canvas.evaluate(
        "canvas => canvas.getBoundingClientRect().right - canvas.parentElement.getBoundingClientRect().right"
    )
    assert overflow <= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
