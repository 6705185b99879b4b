"""How every benchmark prints its figures: a readable table, then one JSON line per row. Under
`bench.all` the JSON lines are also appended to the run's file in bench/results/ (BENCH_RESULTS),
the history that bench/compare.py reads."""

import json
import os
import platform
from datetime import UTC, datetime


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def emit(benchmark: str, rows: list[dict]) -> None:
    """Print `rows` (dicts with the same keys) as a table and as JSON lines tagged `benchmark`."""
    if not rows:
        print(f"{benchmark}: no rows")
        return
    columns = list(rows[0])
    widths = {name: max(len(name), *(len(_cell(row[name])) for row in rows)) for name in columns}
    print(f"\n## {benchmark}")
    print("  ".join(name.ljust(widths[name]) for name in columns))
    print("  ".join("-" * widths[name] for name in columns))
    for row in rows:
        print("  ".join(_cell(row[name]).ljust(widths[name]) for name in columns))
    lines = [
        json.dumps({"benchmark": benchmark, **row, "machine": machine()}, ensure_ascii=False) for row in rows
    ]
    print("\n".join(lines))
    if results := os.environ.get("BENCH_RESULTS"):
        with open(results, "a", encoding="utf-8") as history:
            history.write("".join(f"{line}\n" for line in lines))


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
    return str(value)
