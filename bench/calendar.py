"""Business-calendar arithmetic: how long the SLA clock, promises and the withdrawal window wait for it.

    .venv/bin/python bench/calendar.py [REPEATS]      # default 2000, SQLite in a temp dir

The default calendar (Tehran, Saturday–Wednesday 9–17, Thursday 9–13, Iranian holidays) is loaded through
`calendar_get` the way every action does, then each operation is timed REPEATS times from varied starts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import percentiles, setup_django  # noqa: E402

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def timed(fn: Callable[[int], object]) -> dict[str, float]:
    samples = []
    for i in range(REPEATS):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1_000_000)  # microseconds
    return percentiles(samples)


def main() -> None:
    setup_django()
    from hamdel.core.calendar import calendar_get

    cal = calendar_get()
    rnd = random.Random(13)
    base = dt.datetime(2027, 3, 1, 6, 30, tzinfo=dt.UTC)  # the weeks around Nowruz 1406
    starts = [base + dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 60)) for _ in range(REPEATS)]
    days = [s.date() for s in starts]
    results = {
        "calendar_get (cached), µs": timed(lambda i: calendar_get()),
        "add 120 business minutes, µs": timed(lambda i: cal.add(starts[i], 120)),
        "add 48 business hours, µs": timed(lambda i: cal.add(starts[i], 48 * 60)),
        "minutes_between over 30 days, µs": timed(
            lambda i: cal.minutes_between(starts[i], starts[i] + dt.timedelta(days=30))
        ),
        "add_working_days(7), µs": timed(lambda i: cal.add_working_days(days[i], 7)),
    }
    print(json.dumps({"repeats": REPEATS, "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
