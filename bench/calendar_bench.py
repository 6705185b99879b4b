"""Due-date computations per second on the one clock (core.deadlines on the working-day calendar).

python -m bench.calendar_bench [--seconds 3]
"""

import argparse
import os
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from bench.report import emit
    from eiso.core.calendar import WorkingCalendar
    from eiso.core.deadlines import period_end

    calendar = WorkingCalendar()
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    rng = random.Random(2026)
    origin = datetime(2025, 1, 1, 7, 0, tzinfo=tz)
    starts = [origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 3)) for _ in range(10_000)]
    for start in starts:  # warm-up: build each year's holiday table once, as a long-running worker has
        calendar.is_working_day(start.date())
    rows = []
    for unit, amounts in [
        ("working_days", (1, 3, 5, 10, 15, 20)),
        ("working_hours", (2, 4, 8, 16)),
        ("days", (7, 15, 30)),
        ("months", (1, 3)),
    ]:
        done = 0
        began = time.perf_counter()
        while time.perf_counter() - began < args.seconds:
            for start in starts[:1000]:
                period_end(calendar, start, amounts[done % len(amounts)], unit)
                done += 1
        elapsed = time.perf_counter() - began
        rows.append(
            {
                "unit": unit,
                "computations": done,
                "seconds": round(elapsed, 3),
                "per_second": round(done / elapsed),
            }
        )
    emit("calendar.due", rows)


if __name__ == "__main__":
    main()
