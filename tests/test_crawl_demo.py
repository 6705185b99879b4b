"""No dead ends (issue 18, item 3): every demo role logs in on the demo province and follows, breadth
first, every same-site link the pages show it; none may answer 403, 404 or 500.

The Django test client reads the HTML as a browser would (the `href` of every `<a>`), which is much
faster than driving Chromium. To stay fast on a province of hundreds of records, each role opens at
most `PER_NAME` URLs per resolved URL name (the first ones met, breadth first: menus, then the first
records of each list), and one per download (a URL name whose answer is not a page: .docx, .pdf,
.xlsx, rendered at some cost). Downloads must answer below 400 too. Logout and the links that leave
the site are not followed.

The buttons that send a form (POST) are pressed too, one per URL name and role, as the page sends
them before anything is typed, each in a transaction that is rolled back: a button may answer with
the form's errors or do its work, but never 403, 404, 405 or 500 ("no visible button leads to a
403").
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from eiso.accounts.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=True)

PER_NAME = 2
PER_DOWNLOAD = 1
# Not followed: leaving the session, and the static files the layout links (served by whitenoise).
SKIPPED_NAMES = {"accounts:logout"}
SKIPPED_PREFIXES = ("/static/", "/django-admin/logout/")
DEAD = {403, 404, 500}


class PageParser(HTMLParser):
    """The `href` of every `<a>` of a page, in document order, and its POST forms that show a
    button: action and what pressing the button sends before anything is typed (hidden fields,
    values already filled, the chosen option of each select, or its first real one, as a person
    who has to pick one would)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        form = self._form
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._form = {"action": attributes.get("action") or "", "data": {}, "button": False}
            self.forms.append(self._form)
        elif form is None:
            return
        elif (
            tag in ("button", "input")
            and attributes.get("type", "text" if tag == "input" else "submit") == "submit"
        ):
            form["button"] = form["button"] or "disabled" not in attributes
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind not in ("checkbox", "radio", "file") or "checked" in attributes:
                form["data"].setdefault(attributes["name"], attributes.get("value") or "")
        elif tag == "select" and attributes.get("name"):
            self._select = {"name": attributes["name"], "chosen": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            if "selected" in attributes:
                self._select["chosen"] = value
            if value and self._select["first"] is None:
                self._select["first"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"]
            self._form["data"][self._select["name"]] = (
                chosen if chosen is not None else self._select["first"] or ""
            )
            self._select = None
        elif tag == "form":
            self._form = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


class RolledBack(Exception):
    pass


def press(client: Client, url: str, data: dict) -> int:
    """POST a form as its button sends it, in a transaction rolled back: whether the button is
    allowed is asked without changing the demo for the pages and roles that follow."""
    status = 0
    try:
        with transaction.atomic():
            status = client.post(url, data).status_code
            raise RolledBack
    except RolledBack:
        pass
    return status


def _same_site(base: str, href: str) -> str | None:
    """The path and query of a link that stays on the site, without its fragment; None otherwise."""
    href = href.strip()
    if href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client: Client, start: str = "/") -> tuple[list[str], int]:
    """Breadth first from `start`, then every kind of POST button met once; returns the dead ends
    as "referrer → link (status)" and the number of URLs opened."""
    queue: deque[tuple[str, str]] = deque([("(đăng nhập)", start)])
    seen: set[str] = {start}
    per_name: dict[str, int] = {}
    downloads: set[str] = set()
    buttons: dict[str, tuple[str, str, dict]] = {}
    dead: list[str] = []
    opened = 0
    while queue:
        referrer, url = queue.popleft()
        name = _url_name(url) or "(unresolved)"
        if name in SKIPPED_NAMES:
            continue
        if per_name.get(name, 0) >= (PER_DOWNLOAD if name in downloads else PER_NAME):
            continue
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(url)
        opened += 1
        if response.status_code in DEAD or response.status_code >= 400:
            dead.append(f"{referrer} → {url} ({response.status_code})")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = _same_site(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append((url, target))
            continue
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            downloads.add(name)
            continue
        page = parse(response.content.decode())
        for href in page.links:
            target = _same_site(url, href)
            if target and target not in seen:
                seen.add(target)
                queue.append((url, target))
        for form in [form for form in page.forms if form["button"]]:
            target = _same_site(url, form["action"] or url)
            name = target and _url_name(target)
            if name and name not in SKIPPED_NAMES and name not in buttons:
                buttons[name] = (url, target, form["data"])
    for referrer, target, data in buttons.values():
        status = press(client, target, data)
        opened += 1
        if status in DEAD or status == 405:
            dead.append(f"{referrer} → nút gửi {target} ({status})")
    return dead, opened


@pytest.mark.parametrize("username", [user[0] for user in DEMO_USERS])
def test_every_demo_role_meets_no_dead_end(demo_province, username):
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"
    dead, opened = crawl(client)
    assert opened > 10, f"{username} opened only {opened} pages"
    report = "\n".join(dead)
    assert not dead, f"Dead ends of {username} (referring page → link):\n{report}"
