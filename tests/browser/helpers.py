"""What a person does in every browser test: log in through the login page."""

from playwright.sync_api import Page

from tests.factories import DEMO_PASSWORD


def log_in(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
