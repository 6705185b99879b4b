"""Compare two benchmark runs of the history in bench/results/ and flag what got worse.

    python -m bench.compare                      # the last two runs
    python -m bench.compare OLD.jsonl NEW.jsonl  # two given runs

A row is the same measurement in both runs when its benchmark and its text fields (the workload,
the page, the query…) are equal. Each number is compared by the direction its name says: rates and
shares are better higher, times, ratios to hand-written SQL and memory better lower. A change for the
worse by more than `--threshold` (20 %) is flagged; the exit status is 1 when something is flagged,
so a scheduled run can alert. Figures are never asserted against a fixed time: only two runs of the
same machine are compared.
"""

import argparse
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
HIGHER_IS_BETTER = ("per_second", "share_of_copy", "throughput")
LOWER_IS_BETTER = ("ms", "seconds", "ratio", "mb", "rss", "cpu")


def load(path: Path) -> dict[tuple, dict[str, float]]:
    """The measurements of a run: (benchmark, its text fields) → {figure name: value}."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        row.pop("machine", None)
        benchmark = row.pop("benchmark")
        figures = {name: number for name, value in row.items() if (number := _number(value)) is not None}
        labels = tuple(sorted((name, str(value)) for name, value in row.items() if name not in figures))
        rows[(benchmark, labels)] = figures
    return rows


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value.endswith("%"):
        try:
            return float(value[:-1].replace(",", ""))
        except ValueError:
            return None
    return None


def direction(name: str) -> int:
    """+1 when a larger figure is better, -1 when smaller is, 0 when the name does not say."""
    if any(part in name for part in HIGHER_IS_BETTER):
        return 1
    if any(
        name == part or name.endswith(f"_{part}") or name.startswith(f"{part}_") for part in LOWER_IS_BETTER
    ):
        return -1
    return 0


def compare(old: dict, new: dict, threshold: float = 0.2) -> list[str]:
    """One line per figure of both runs that got worse by more than `threshold`."""
    worse = []
    for key in sorted(old.keys() & new.keys()):
        benchmark, labels = key
        for name in sorted(old[key].keys() & new[key].keys()):
            before, after, sense = old[key][name], new[key][name], direction(name)
            if sense == 0 or before == 0:
                continue
            change = (after - before) / abs(before)
            if change * sense < -threshold:
                where = ", ".join(f"{label}={value}" for label, value in labels)
                worse.append(f"{benchmark} [{where}] {name}: {before:g} → {after:g} ({change:+.0%})")
    return worse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "runs", nargs="*", type=Path, help="two .jsonl runs (default: the last two in bench/results)"
    )
    parser.add_argument("--threshold", type=float, default=0.2)
    args = parser.parse_args(argv)
    runs = args.runs or sorted(RESULTS.glob("*.jsonl"))[-2:]
    if len(runs) != 2:
        parser.error("two runs are needed: give two files, or run `make bench` twice")
    old, new = (load(path) for path in runs)
    common = old.keys() & new.keys()
    worse = compare(old, new, args.threshold)
    print(f"{runs[0].name} → {runs[1].name}: {len(common)} measurements in both runs")
    for line in worse:
        print(f"WORSE  {line}")
    if not worse:
        print(f"nothing got worse by more than {args.threshold:.0%}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
