"""bench/compare.py: two runs of the benchmark history, and what got worse by more than 20 %."""

import json

from bench import compare, report


def _run(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_figure_worse_by_more_than_the_threshold_is_flagged_in_its_own_direction(tmp_path, capsys):
    machine = {"cpus": 2}
    old = _run(
        tmp_path,
        "old.jsonl",
        [
            {"benchmark": "ingest", "path": "Ingest.run", "events_per_second": 400, "share_of_copy": "0.7%"},
            {"benchmark": "statistics", "query": "province", "ms": 100.0, "ratio": 2.0, "machine": machine},
            {"benchmark": "pages", "page": "dashboard", "p95_ms": 50.0, "errors": 0},
        ],
    )
    new = _run(
        tmp_path,
        "new.jsonl",
        [
            # slower ingest (-30 %) but a larger share of COPY (better)
            {"benchmark": "ingest", "path": "Ingest.run", "events_per_second": 280, "share_of_copy": "0.9%"},
            # 15 % slower: within the threshold; the ratio 50 % worse
            {"benchmark": "statistics", "query": "province", "ms": 115.0, "ratio": 3.0, "machine": machine},
            # faster
            {"benchmark": "pages", "page": "dashboard", "p95_ms": 20.0, "errors": 0},
        ],
    )

    assert compare.main([str(old), str(new)]) == 1

    flagged = [line for line in capsys.readouterr().out.splitlines() if line.startswith("WORSE")]
    assert flagged == [
        "WORSE  ingest [path=Ingest.run] events_per_second: 400 → 280 (-30%)",
        "WORSE  statistics [query=province] ratio: 2 → 3 (+50%)",
    ]


def test_same_figures_flag_nothing_and_rows_of_one_run_only_are_left_out(tmp_path, capsys):
    rows = [{"benchmark": "calendar.due", "rule": "working days", "per_second": 150000}]
    old = _run(tmp_path, "a.jsonl", rows)
    new = _run(tmp_path, "b.jsonl", [*rows, {"benchmark": "calendar.due", "rule": "hours", "per_second": 1}])

    assert compare.main([str(old), str(new)]) == 0
    assert "1 measurements in both runs" in capsys.readouterr().out


def test_each_run_of_bench_all_appends_its_figures_to_the_history(tmp_path, monkeypatch, capsys):
    history = tmp_path / "run.jsonl"
    monkeypatch.setenv("BENCH_RESULTS", str(history))

    report.emit("reports", [{"report": "six-month", "seconds": 2.75}])
    report.emit("reports", [{"report": "yearly", "seconds": 3.1}])

    rows = [json.loads(line) for line in history.read_text(encoding="utf-8").splitlines()]
    assert [(row["report"], row["seconds"]) for row in rows] == [("six-month", 2.75), ("yearly", 3.1)]
    assert compare.load(history)[("reports", (("report", "yearly"),))] == {"seconds": 3.1}
