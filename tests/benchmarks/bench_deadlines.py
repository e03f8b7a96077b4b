"""Business-day service throughput: 100,000 deadlines and 100,000 filing dates.

Run with ``scripts/bench bench_deadlines`` (inside ``odoo-bin shell``: ``env`` is given).
With the company's PQR calendar:

* ``pqr_add_business_days_batch``: N (filing date, term) pairs, filing dates spread
  over 2020-2030, terms mixed 10 / 15 / 30 business days;
* ``pqr_filing_date_batch``: N reception datetimes (naive UTC) over 2020-2030, with the
  company's closing hour.

Each is timed best of 3 (target <= 2 s each) with its SQL queries counted. The caches
are invalidated before every run, so a run reads the calendar and its leaves again. The
first call generates the holiday years the span needs (a one-off, reported apart).
Then R random samples of each are checked against a naive day-by-day computation on the
``holidays`` package (weekday < 5 and not a Colombian holiday): mismatches must be 0.
Nothing is committed: the script ends with ``env.cr.rollback()``.
"""

import os
import random
import time
from datetime import date, datetime, timedelta

import holidays
import pytz

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

N = int(os.environ.get("PQR_BENCH_N", "100000"))
SAMPLES = 200
RUNS = 3
TARGET_SECONDS = 2.0
FIRST_DAY, LAST_DAY = date(2020, 1, 1), date(2030, 12, 31)
TERMS = (10, 15, 30)
TZ = pytz.timezone("America/Bogota")

rng = random.Random(20200101)
company = env.company
calendar = company._pqr_calendar()
closing_hour = company.pqr_closing_hour
span_days = (LAST_DAY - FIRST_DAY).days + 1
pairs = [
    (FIRST_DAY + timedelta(days=rng.randrange(span_days)), rng.choice(TERMS))
    for _i in range(N)
]
receptions = [
    datetime.combine(FIRST_DAY, datetime.min.time())
    + timedelta(seconds=rng.randrange(span_days * 86400))
    for _i in range(N)
]


def fresh_calendar():
    """The calendar, looked up again after a cache invalidation: a recordset kept
    across ``invalidate_all`` (env.company included) loses its prefetch set, and its
    attendances would then be read one query each."""
    return env["res.company"].browse(company.id)._pqr_calendar()


cases = {
    "deadlines (pqr_add_business_days_batch)": lambda: (
        fresh_calendar().pqr_add_business_days_batch(pairs)
    ),
    "filing dates (pqr_filing_date_batch)": lambda: (
        fresh_calendar().pqr_filing_date_batch(receptions, closing_hour)
    ),
}


def run(fn):
    """One run on cold caches: (seconds, queries, result)."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = fn()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries, result


print(
    f"\n{os.cpu_count()} CPUs, load average "
    + " / ".join(f"{x:.2f}" for x in os.getloadavg())
    + " (1 / 5 / 15 min) before the timed runs"
)
print(
    f"\nBusiness-day service: {N} items per call, calendar {calendar.name!r} "
    f"(tz {calendar.tz}), closing hour {closing_hour:g}, dates {FIRST_DAY}..{LAST_DAY}"
)
years_before = calendar.pqr_holiday_years
first_label = next(iter(cases))
first_time, first_queries, _result = run(cases[first_label])
print(
    f"  first call, generating holiday years (was {years_before!r}, now "
    f"{calendar.pqr_holiday_years!r}): {first_time:.3f} s, {first_queries} queries"
)
print()
header = f"  {'call':<42}{'best (s)':>9}{'runs (s)':>24}{'queries':>9}{'us/item':>9}"
print(header)
print("  " + "-" * (len(header) - 2))
results = {}
verdicts = []
for label, fn in cases.items():
    timings = []
    for _run in range(RUNS):
        seconds, queries, results[label] = run(fn)
        timings.append(seconds)
    best = min(timings)
    verdicts.append(best <= TARGET_SECONDS)
    runs = " / ".join(f"{t:.3f}" for t in timings)
    print(f"  {label:<42}{best:>9.3f}{runs:>24}{queries:>9}{best / N * 1e6:>9.2f}")
print(
    f"\n  target <= {TARGET_SECONDS:g} s per call: "
    f"{'OK' if all(verdicts) else 'ABOVE TARGET'}"
)

# ----------------------------------------------------------------------------------
# Cross-check against a naive day-by-day computation on the holidays package.
# ----------------------------------------------------------------------------------
co_holidays = holidays.country_holidays(
    "CO", years=range(FIRST_DAY.year - 1, LAST_DAY.year + 3), observed=True
)


def is_business_day(day):
    return day.weekday() < 5 and day not in co_holidays


def naive_deadline(start, n):
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_business_day(day)
    return day


def naive_filing_date(received):
    local = pytz.utc.localize(received).astimezone(TZ)
    closing = local.replace(
        hour=int(closing_hour),
        minute=round((closing_hour % 1) * 60) % 60,
        second=0,
        microsecond=0,
    )
    day = local.date()
    if is_business_day(day) and local < closing:
        return day
    return naive_deadline(day, 1)


deadlines = results[first_label]
filing_dates = results[list(cases)[1]]
mismatches = []
for i in rng.sample(range(N), SAMPLES):
    expected = naive_deadline(*pairs[i])
    if deadlines[i] != expected:
        mismatches.append(("deadline", pairs[i], deadlines[i], expected))
for i in rng.sample(range(N), SAMPLES):
    expected = naive_filing_date(receptions[i])
    if filing_dates[i] != expected:
        mismatches.append(("filing date", receptions[i], filing_dates[i], expected))
print(
    f"\n  cross-check with the holidays package, {SAMPLES} random deadlines + "
    f"{SAMPLES} random filing dates: {len(mismatches)} mismatches"
)
for kind, given, got, expected in mismatches[:20]:
    print(f"    {kind}: {given} -> service {got}, naive {expected}")
examples = rng.sample(range(N), 3)
for i in examples:
    start, n = pairs[i]
    print(f"    e.g. {start} ({start:%a}) + {n} business days -> {deadlines[i]}")

env.cr.rollback()
print("\nRolled back: nothing was committed.")
