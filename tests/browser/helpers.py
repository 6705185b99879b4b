"""What a person does in every browser test: log in through the login page."""

from playwright.sync_api import Page

from tests.factories import DEMO_PASSWORD


def log_in(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def rich_text_editor(page: Page, label: str):
    """The rich-text editor of the field `label`, once rich-text.js has replaced its text area (before
    that, the text area itself answers to the label, and keys typed there are lost when it hides)."""
    page.locator(".rich-text[data-rich-text-ready]").first.wait_for()
    return page.locator(".rich-text[data-rich-text-ready] .ProseMirror").and_(
        page.get_by_role("textbox", name=label, exact=True)
    )


# Two animation frames, then a task: layout, resize observers and the events the page queued while
# loading (a `securitypolicyviolation` is one) have run when this resolves.
_SETTLED = (
    "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))"
)


def settle(page: Page) -> None:
    """Wait until the loaded page has rendered. The pages load nothing after their `load` event (no
    polling, no deferred requests), so this replaces Playwright's "networkidle", which waits for half
    a second of silence on every page."""
    page.evaluate(_SETTLED)
