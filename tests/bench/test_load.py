"""The load test's parts that run without a server: the locustfile's scenarios are well formed,
and the runner finds the throughput knee. The locustfile is imported in a child process: importing
locust patches the standard library with gevent, which must stay out of the test process."""

import json
import subprocess
import sys
from pathlib import Path

from bench.load_bench import _page_rows, knee

ROOT = Path(__file__).resolve().parents[2]

DESCRIBE = """
import inspect, json
from locust import HttpUser
import bench.locustfile as scenarios

users = {}
for name, cls in vars(scenarios).items():
    if inspect.isclass(cls) and issubclass(cls, HttpUser) and not cls.__dict__.get("abstract", False):
        if cls.__module__ != scenarios.__name__:
            continue
        users[name] = {
            "weight": cls.weight,
            "tasks": [task.__name__ for task in cls.tasks],
            "defined": [task.__name__ for task in cls.tasks if getattr(cls, task.__name__, None) is task],
            "accounts": getattr(cls, "accounts_key", ""),
            "wait": [round(cls.wait_time(None), 3) for _ in range(20)],
        }
print(json.dumps({
    "users": users,
    "csrf": scenarios.csrf_token('<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'),
    "error": scenarios.error_message('<div class="alert alert-danger fade show" role="alert">  Lỗi  <b>'),
    "no_error": scenarios.error_message('<div class="alert alert-success">Đã lưu</div>'),
}))
"""


def _describe() -> dict:
    answer = subprocess.run(
        [sys.executable, "-c", DESCRIBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def test_the_locustfile_declares_every_scenario_with_tasks():
    described = _describe()
    users = described["users"]
    assert set(users) == {"Officer", "Secretary", "Coordinator", "Citizen", "Reference"}
    for name, user in users.items():
        assert user["weight"] >= 1, name
        assert user["tasks"], name
        assert set(user["tasks"]) == set(user["defined"]), name  # every task is a method of its class
        assert all(1 <= wait <= 5 for wait in user["wait"]), name
    assert {users[name]["accounts"] for name in ("Officer", "Secretary", "Coordinator")} == {
        "officers",
        "secretaries",
        "coordinators",
    }
    assert described["csrf"] == "abc123"
    assert described["error"] == "Lỗi"
    assert described["no_error"] is None


def _level(users, rate, p95):
    return {"users": users, "requests_per_second": rate, "p95_ms": p95}


def test_the_knee_is_where_throughput_stops_growing_while_p95_climbs():
    assert knee([_level(50, 20, 300), _level(100, 38, 400), _level(200, 40, 1500)]) == 100
    assert knee([_level(50, 20, 300), _level(100, 21, 900), _level(200, 21, 2000)]) == 50
    # Still growing at the last level: the knee lies beyond the levels measured.
    assert knee([_level(50, 10, 200), _level(100, 20, 210), _level(200, 39, 260)]) is None
    # Flat throughput with a falling p95 is not a knee (less work arrived, nothing queued).
    assert knee([_level(50, 20, 300), _level(100, 20, 250)]) is None


def test_page_rows_compare_each_page_with_the_bare_view():
    report = {
        "pages": [
            {"page": "bare Django view", "requests": 10, "errors": 0, "p50_ms": 5, "p95_ms": 20},
            {"page": "citizen: procedure page", "requests": 8, "errors": 1, "p50_ms": 40, "p95_ms": 70},
        ]
    }
    rows = _page_rows(report, 50)
    assert [row["p95_ratio"] for row in rows] == [1.0, 3.5]
    assert {row["level"] for row in rows} == {"50 users"}


def test_compare_reads_the_load_figures_in_their_sense():
    from bench.compare import direction

    assert direction("requests_per_second") == 1
    for name in ("p50_ms", "p95_ms", "p95_ratio", "max_rss_mb", "celery_rss_mb"):
        assert direction(name) == -1, name
    # What the machine did, not what the server did: never flagged.
    assert direction("generator_cpu_percent") == direction("load_average_1m") == 0
