"""The load of issue 16 (item 6) for locust: officers at the one-stop counter, ISO secretaries
editing documents, coordinators on the province's dashboards, citizens on the public pages, and
the bare Django view (bench/urls.py) as the reference every page is compared with.

Started by bench/load_bench.py, which starts the server, picks the accounts and dossier codes from
the bench database and writes them to the JSON file named by EISO_LOAD_DATA:

    {"password": "...", "officers": [...], "secretaries": [...], "coordinators": [...],
     "procedure_codes": [...], "lookups": [[code, phone4], ...], "ratable": [[code, phone4], ...]}

Each logged-in user logs in once (CSRF token from the form, like a browser). The measured window
opens when every user has finished logging in (the statistics are reset then), lasts
EISO_LOAD_SECONDS, and the figures are written to EISO_LOAD_REPORT as JSON when locust quits.
Every page is requested without following redirects: anything but the expected status (200 for a
page, 302 for a form sent) is an error, so a login page or a two-factor page shown instead of the
page asked for is counted as one.
"""

import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROCEDURE_OPTION = re.compile(r'<option value="(\d+)"')
COMPONENT = re.compile(r'name="components" value="(\d+)"')
STEP_ACTION = re.compile(r'action="(/dossiers/buoc/\d+/(?:start|finish)/)"')
DOSSIER_URL = re.compile(r"^/dossiers/(\d+)/$")
VERSION_URL = re.compile(r"^/documents/versions/(\d+)/$")
DOCUMENT_LINK = re.compile(r'href="(/documents/documents/\d+/)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
KIND_OPTION = re.compile(r'<select name="kind"[^>]*>\s*<option value="([^"]+)"')
ERROR_MESSAGE = re.compile(r'class="alert alert-danger[^"]*"[^>]*>\s*([^<]+)')


def _load(path: str | None) -> dict:
    if not path:
        return {}
    with open(path, encoding="utf-8") as data:
        return json.load(data)


DATA = _load(os.environ.get("EISO_LOAD_DATA"))
WINDOW_SECONDS = float(os.environ.get("EISO_LOAD_SECONDS", "60"))
WAIT = tuple(float(bound) for bound in os.environ.get("EISO_LOAD_WAIT", "1,5").split(","))
# Dossiers that ended without a rating: each is rated once, by one citizen (a rating is taken once).
RATABLE = list(DATA.get("ratable", []))
random.shuffle(RATABLE)


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def error_message(html: str) -> str | None:
    """The first error message the page shows (a refused action is redirected to a page saying so)."""
    found = ERROR_MESSAGE.search(html)
    return found.group(1).strip() if found else None


class Visitor(HttpUser):
    """Shared helpers; never spawned itself."""

    abstract = True
    wait_time = between(*WAIT)

    def page(self, url: str, name: str, *, marker: str = "", headers: dict | None = None, **params):
        """GET `url`; an error unless it answers 200 (no redirect followed), shows no error message
        and holds `marker` (the part of the page that says it did its work)."""
        with self.client.get(
            url, name=name, params=params or None, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            _judge(response, 200, marker)
        return response

    def send(self, url: str, data: dict, name: str, token: str, *, status=302, marker="", headers=None):
        """POST a form; an error unless it is accepted (302, or `status` with `marker`). Returns where
        a 302 leads, or None."""
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": token, **data},
            name=name,
            headers={"Referer": self.host + url, **(headers or {})},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not _judge(response, status, marker):
                return None
            return response.headers.get("Location", "")


def _judge(response, status: int, marker: str) -> bool:
    if response.status_code == 0:  # no answer: refused, reset or timed out
        response.failure(f"no answer: {response.error!r}")
        return False
    if response.status_code != status:
        message = error_message(response.text) if response.status_code == 200 else None
        response.failure(message or f"HTTP {response.status_code} {response.headers.get('Location', '')}")
        return False
    if status == 200 and (message := error_message(response.text)):
        response.failure(message)
        return False
    if marker and marker not in response.text:
        response.failure(f"the page lacks {marker}")
        return False
    return True


class Member(Visitor):
    """A logged-in member of staff; the role's accounts come from the bench database."""

    abstract = True
    accounts_key = ""

    def on_start(self):
        accounts = DATA.get(self.accounts_key) or []
        try:
            if not accounts:
                raise RuntimeError(f"no {self.accounts_key} in the bench data")
            login = self.page("/accounts/login/", "login page")
            self.send(
                "/accounts/login/",
                {"username": random.choice(accounts), "password": DATA["password"]},
                "login (POST)",
                csrf_token(login.text),
            )
            self.prepare()
        finally:
            _ready()  # counted even when it failed: the window must open all the same

    def prepare(self):
        """What the role does once after logging in, before the window opens."""


class Officer(Member):
    """Cán bộ một cửa: receives a dossier through the counter's form, then takes its steps."""

    weight = 3
    accounts_key = "officers"

    @task(4)
    def receive_and_process(self):
        counter = self.page("/dossiers/tiep-nhan/", "officer: counter", marker='<option value="')
        procedures = PROCEDURE_OPTION.findall(counter.text)
        if not procedures:
            return
        procedure = random.choice(procedures)
        form = self.page(
            "/dossiers/tiep-nhan/",
            "officer: counter form",
            marker='name="applicant_name"',
            procedure=procedure,
        )
        location = self.send(
            "/dossiers/tiep-nhan/",
            {
                "procedure": procedure,
                "applicant_name": "Nguyễn Văn Thử Tải",
                "applicant_phone": f"09{random.randrange(10**8):08d}",
                "channel": "direct",
                "sets": "1",
                "return_place": "Bộ phận Một cửa",
                "components": COMPONENT.findall(form.text),
                "if_incomplete": "supplement",
            },
            "officer: receive (POST)",
            csrf_token(form.text),
        )
        if location and DOSSIER_URL.match(location):
            self.process(location)

    def process(self, dossier_url: str):
        """The steps the page offers this officer, in turn (start, then finish), at most four."""
        for _ in range(4):
            detail = self.page(dossier_url, "officer: dossier")
            action = STEP_ACTION.search(detail.text)
            if not action:
                return
            kind = "start" if action.group(1).endswith("/start/") else "finish"
            self.send(action.group(1), {}, f"officer: step {kind} (POST)", csrf_token(detail.text))

    @task(1)
    def dossier_list(self):
        self.page("/dossiers/", "officer: dossier list")


class Secretary(Member):
    """Thư ký ISO: opens a document of theirs and saves a revision of its draft."""

    weight = 2
    accounts_key = "secretaries"

    def prepare(self):
        form = self.page("/documents/new/", "secretary: new document form", marker='<select name="kind"')
        kind = KIND_OPTION.search(form.text)
        location = self.send(
            "/documents/new/",
            {
                "code": f"TT-{random.randrange(16**8):08X}",
                "title": "Hướng dẫn thử tải hệ thống",
                "kind": kind.group(1) if kind else "",
                "review_period_months": "12",
            },
            "secretary: new document (POST)",
            csrf_token(form.text),
        )
        found = VERSION_URL.match(location or "")
        self.version = found.group(1) if found else None
        self.document = None
        if self.version:
            draft = self.page(location, "secretary: draft", marker='href="/documents/documents/')
            document = DOCUMENT_LINK.search(draft.text)
            self.document = document.group(1) if document else None

    @task(3)
    def save_draft(self):
        if self.version is None:
            return
        if self.document:
            self.page(self.document, "secretary: document")
        edit_url = f"/documents/versions/{self.version}/edit/"
        form = self.page(edit_url, "secretary: draft form", marker='name="revision"')
        revision = REVISION.search(form.text)
        self.send(
            edit_url,
            {
                "revision": revision.group(1) if revision else "0",
                "body": f"<p>Nội dung sửa lần {random.randrange(10**6)}: các bước thực hiện.</p>",
                "change_summary": "Cập nhật các bước thực hiện",
            },
            "secretary: save draft (POST)",
            csrf_token(form.text),
        )

    @task(1)
    def document_list(self):
        self.page("/documents/", "secretary: document list")


class Coordinator(Member):
    """Sở KH&CN: the province's dashboard, statistics and rankings."""

    weight = 1
    accounts_key = "coordinators"

    @task(3)
    def dashboard(self):
        self.page("/oversight/dashboard/", "coordinator: dashboard")

    @task(2)
    def statistics(self):
        self.page("/dossiers/thong-ke/", "coordinator: statistics")

    @task(2)
    def ranking(self):
        self.page("/oversight/ranking/", "coordinator: ranking")


class Citizen(Visitor):
    """People on the public pages, no login. Each lookup comes from a different address (through
    the trusted proxy's X-Forwarded-For): one simulated user stands for the stream of citizens at
    the portal, and the per-address limit (10 lookups in 10 minutes) is meant for one person."""

    weight = 3

    def citizen(self) -> dict:
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        return {"X-Forwarded-For": address}

    @task(1)
    def search(self):
        self.page("/tthc/", "citizen: procedure search")

    @task(3)
    def procedure(self):
        codes = DATA.get("procedure_codes") or []
        if codes:
            self.page(f"/tthc/{random.choice(codes)}/", "citizen: procedure page")

    @task(3)
    def lookup(self):
        lookups = DATA.get("lookups") or []
        if lookups:
            code, phone4 = random.choice(lookups)
            self.page(
                "/tthc/ho-so/tra-cuu/",
                "citizen: dossier lookup",
                marker='id="dossier-result"',
                headers=self.citizen(),
                code=code,
                phone4=phone4,
            )

    @task(1)
    def rate(self):
        if not RATABLE:
            return
        code, phone4 = RATABLE.pop()
        headers = self.citizen()
        page = self.page(
            "/tthc/ho-so/tra-cuu/",
            "citizen: rating page",
            marker='id="rating"',
            headers=headers,
            code=code,
            phone4=phone4,
        )
        if 'id="rating"' not in page.text:
            return  # counted as an error above
        self.send(
            "/tthc/ho-so/danh-gia/",
            {
                "code": code,
                "phone4": phone4,
                "time_score": "3",
                "agencies_contacted": "1",
                "contacts_needed": "1",
                "information_score": "3",
                "conduct_score": "3",
                "costs_score": "3",
                "comment": "",
            },
            "citizen: rate (POST)",
            csrf_token(page.text),
            status=200,
            marker='id="rated"',
            headers=headers,
        )


class Reference(Visitor):
    """The bare Django view under the same load: the floor of every page."""

    weight = 1

    @task
    def bare(self):
        self.page("/bench/bare", "bare Django view")


# The window: opens when every spawned user has logged in, closes WINDOW_SECONDS later.
_state = {"ready": 0, "opened": None, "closed": None}


def _ready():
    _state["ready"] += 1


@events.spawning_complete.add_listener
def _on_spawned(**_):
    gevent.spawn(_window)


def _window():
    environment = _state["environment"]
    # Citizens and the reference have no login: only members count themselves ready.
    roles = {role.__name__ for role in Member.__subclasses__()}
    members = sum(count for name, count in environment.runner.user_classes_count.items() if name in roles)
    while _state["ready"] < members:
        gevent.sleep(0.2)
    environment.stats.reset_all()
    _state["opened"] = time.monotonic()
    gevent.sleep(WINDOW_SECONDS)
    _state["closed"] = time.monotonic()
    # The figures as the window closes: requests cut short by stopping the users are not counted.
    _write_report(environment)
    environment.runner.quit()


@events.init.add_listener
def _on_init(environment, **_):
    _state["environment"] = environment


@events.quitting.add_listener
def _on_quitting(environment, **_):
    if _state["closed"] is None:  # stopped before the window closed (the run time ran out)
        _write_report(environment)


def _write_report(environment):
    path = os.environ.get("EISO_LOAD_REPORT")
    if not path:
        return
    opened, closed = _state["opened"], _state["closed"] or time.monotonic()
    seconds = (closed - opened) if opened else 0.0
    pages = [
        {
            "page": entry.name,
            "method": entry.method,
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
        for entry in environment.stats.entries.values()
        if entry.num_requests
    ]
    total = environment.stats.total
    report = {
        "window_seconds": round(seconds, 1),
        "window_opened": opened is not None,
        "users": environment.runner.user_count,
        "pages": pages,
        "total": {
            "requests": total.num_requests,
            "errors": total.num_failures,
            "p50_ms": total.get_response_time_percentile(0.5),
            "p95_ms": total.get_response_time_percentile(0.95),
        },
        "error_messages": [
            {"page": error.name, "error": str(error.error), "occurrences": error.occurrences}
            for error in environment.stats.errors.values()
        ],
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False)
