"""Intake throughput: one batch create of PQRs against one of partners.

Run with ``scripts/bench bench_intake`` (inside ``odoo-bin shell``: ``env`` is given).
Creates N pqr.request in ONE ``create`` call, then N res.partner in one call, and
reports wall time, time per record, SQL queries and queries per record for each, and
the ratio PQR time per record / partner time per record (target <= 2.0x).

The timed section ends with ``env.cr.flush()``: ``env.flush_all()`` (pending computed
fields, INSERT / UPDATE statements) plus the precommit hooks (mail tracking), which is
what a COMMIT would run. Queries are counted with the cursor's ``sql_log_count``.

An informational row creates N PQRs whose filing number is given in the values, which
skips the radicado sequence: the difference is the cost of numbering. Then untimed
passes run each create again with a query hook and a stack sampler, and attribute the
queries and the time to phases (radicado sequence, followers, computes, ORM...).
Nothing is committed: the script ends with ``env.cr.rollback()``.
"""

import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

N = int(os.environ.get("PQR_BENCH_N", "5000"))
WARMUP = 50
PARTNER_POOL = 500  # petitioners reused by the PQRs, created outside the timing
TARGET_RATIO = 2.0
RECEIVED_FROM = datetime(2024, 1, 1, 5, 0)  # 00:00 in Bogotá, as naive UTC
RECEIVED_SPAN = int(timedelta(days=731).total_seconds())  # two years

rng = random.Random(20240101)
colombia = env.ref("base.co")
type_id = env.ref("pqr_servicios_publicos.pqr_type_peticion").id
batch_no = 0


def partner_vals(count):
    global batch_no
    batch_no += 1
    return [
        {
            "name": f"Bench partner {batch_no}-{i:05d}",
            "email": f"bench.{batch_no}.{i}@example.com",
            "phone": f"+57 601 {i:07d}",
            "street": f"Calle {i % 200} # {i % 97}-{i % 53}",
            "city": "Bogotá",
            "country_id": colombia.id,
        }
        for i in range(count)
    ]


def pqr_vals(count, partner_ids, numbered=False):
    global batch_no
    batch_no += 1
    vals_list = [
        {
            "partner_id": rng.choice(partner_ids),
            "type_id": type_id,
            "channel": "written",
            "subject": f"Bench petition {i}",
            "date_received": RECEIVED_FROM
            + timedelta(seconds=rng.randrange(RECEIVED_SPAN)),
        }
        for i in range(count)
    ]
    if numbered:
        for i, vals in enumerate(vals_list):
            vals["name"] = f"BENCH-{batch_no}-{i:06d}"
    return vals_list


def measure(model, vals_list, context=None):
    """Create the records in one call and flush; returns (seconds, queries, records)."""
    cr = env.cr
    cr.flush()
    env.invalidate_all()
    queries = cr.sql_log_count
    start = time.perf_counter()
    records = env[model].with_context(**(context or {})).create(vals_list)
    cr.flush()  # computes, INSERT/UPDATE and precommit hooks, as a COMMIT would
    elapsed = time.perf_counter() - start
    assert len(records) == len(vals_list)
    return elapsed, cr.sql_log_count - queries, records


# ----------------------------------------------------------------------------------
# Setup (not timed): petitioners, then a warm-up of each create (radicado sequence and
# its yearly ranges, ormcaches, code paths).
# ----------------------------------------------------------------------------------
pool = env["res.partner"].create(partner_vals(PARTNER_POOL)).ids
env["res.partner"].create(partner_vals(WARMUP))
env["pqr.request"].create(pqr_vals(WARMUP, pool))
# radicados given: a manager's import (base_import's context)
IMPORT = {"import_file": True}
env["pqr.request"].with_context(**IMPORT).create(pqr_vals(WARMUP, pool, numbered=True))
env.cr.flush()

load = os.getloadavg()
pqr_time, pqr_queries, pqrs = measure("pqr.request", pqr_vals(N, pool))
partner_time, partner_queries, _partners = measure("res.partner", partner_vals(N))
named_time, named_queries, _named = measure(
    "pqr.request", pqr_vals(N, pool, numbered=True), IMPORT
)

names = pqrs.mapped("name")
years = Counter(name.split("-")[1] for name in names)
print(
    f"\n{os.cpu_count()} CPUs, load average "
    + " / ".join(f"{x:.2f}" for x in load)
    + " (1 / 5 / 15 min) before the timed runs"
)
print(
    f"\nIntake benchmark: one create() of {N} records each (database {env.cr.dbname})"
)
print(
    f"  PQRs: {len(pqrs)} created, radicados {min(names)} .. {max(names)} "
    f"(per year {dict(sorted(years.items()))}, {len(set(names))} distinct), "
    f"deadlines set: {len(pqrs.filtered('date_deadline'))}"
)
print()
header = (
    f"  {'create':<34}{'records':>8}{'wall (s)':>10}{'ms/record':>11}"
    f"{'queries':>9}{'queries/rec':>13}"
)
print(header)
print("  " + "-" * (len(header) - 2))
for label, seconds, queries in (
    ("pqr.request", pqr_time, pqr_queries),
    ("res.partner", partner_time, partner_queries),
    ("pqr.request, name given (info)", named_time, named_queries),
):
    print(
        f"  {label:<34}{N:>8}{seconds:>10.2f}{seconds / N * 1000:>11.3f}"
        f"{queries:>9}{queries / N:>13.2f}"
    )
ratio = pqr_time / partner_time
verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
print(
    f"\n  ratio PQR / partner time per record: {ratio:.2f}x "
    f"(target <= {TARGET_RATIO:.1f}x): {verdict}"
)
print(f"  ratio PQR / partner queries per record: {pqr_queries / partner_queries:.2f}x")
print(
    f"  radicado numbering (PQR minus PQR with name given): "
    f"{(pqr_time - named_time) / N * 1000:.3f} ms/record, "
    f"{(pqr_queries - named_queries) / N:.2f} queries/record"
)

# ----------------------------------------------------------------------------------
# Breakdown (untimed passes): queries and sampled wall time per phase. A query or a
# stack sample goes to the innermost add-on or mail phase on its stack; failing that,
# to the innermost generic ORM phase; failing that, to "other".
# ----------------------------------------------------------------------------------
PHASES = {
    ("ir_sequence.py", "_pqr_radicado_sequence"): "radicado: sequence search",
    ("ir_sequence.py", "_pqr_ensure_year"): "radicado: year range check",
    ("ir_sequence.py", "_pqr_reserve_numbers"): "radicado: block reservation",
    ("pqr_request_clock.py", "_compute_date_filed"): "compute date_filed",
    ("pqr_request_clock.py", "_compute_date_deadline"): "compute date_deadline",
    ("pqr_request_clock.py", "_compute_deadline_status"): "compute deadline_status",
    ("mail_thread.py", "_message_auto_subscribe"): "mail: auto-subscribe (per record)",
    ("mail_thread.py", "_message_log_batch"): "mail: creation message",
    ("mail_thread.py", "_track_post_template_finalize"): "mail: track templates",
    ("models.py", "_validate_fields"): "constraints",
}
GENERIC_PHASES = {
    ("mail_thread.py", "create"): "mail: subscribe creator",
    ("models.py", "_create"): "ORM: INSERT",
    ("models.py", "_write"): "ORM: UPDATE (flush)",
    ("models.py", "create"): "ORM: create (defaults, cache)",
}
OTHER = "other (ORM flush, recompute, fetch)"


def phase_of(frame):
    generic = None
    while frame is not None:
        key = (os.path.basename(frame.f_code.co_filename), frame.f_code.co_name)
        if key in PHASES:
            return PHASES[key]
        if generic is None:
            generic = GENERIC_PHASES.get(key)
        frame = frame.f_back
    return generic or OTHER


def breakdown(model, vals_list, top):
    queries, db_time, patterns = Counter(), defaultdict(float), Counter()
    samples = Counter()
    main = threading.current_thread()
    stop = threading.Event()

    def query_hook(cr, query, params, start, delay):
        phase = phase_of(sys._getframe(1))
        queries[phase] += 1
        db_time[phase] += delay
        text = query.decode() if isinstance(query, bytes) else str(query)
        text = re.sub(r"\d+", "N", re.sub(r"\s+", " ", text)).strip()
        patterns[(phase, text[:100])] += 1

    def sampler():
        while not stop.is_set():
            time.sleep(0.001)
            frame = sys._current_frames().get(main.ident)
            if frame is not None:
                samples[phase_of(frame)] += 1

    env.cr.flush()
    env.invalidate_all()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    main.query_hooks = [*getattr(main, "query_hooks", ()), query_hook]
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    start = time.perf_counter()
    try:
        env[model].create(vals_list)
        env.cr.flush()
    finally:
        elapsed = time.perf_counter() - start
        stop.set()
        thread.join()
        main.query_hooks.remove(query_hook)
        sys.setswitchinterval(interval)

    count = len(vals_list)
    total = sum(samples.values()) or 1
    print(
        f"\nBreakdown of another create of {count} {model} (untimed: {elapsed:.2f} s "
        f"with the query hook and the stack sampler on, {total} samples)"
    )
    head = f"  {'phase':<38}{'queries':>9}{'q/rec':>7}{'SQL s':>7}{'time':>8}{'~s':>7}"
    print(head)
    print("  " + "-" * (len(head) - 2))
    for phase in sorted(set(queries) | set(samples), key=lambda p: -samples[p]):
        share = samples[phase] / total
        print(
            f"  {phase:<38}{queries[phase]:>9}{queries[phase] / count:>7.2f}"
            f"{db_time[phase]:>7.2f}{share:>8.1%}{share * elapsed:>7.2f}"
        )
    all_queries = sum(queries.values())
    print(
        f"  {'total':<38}{all_queries:>9}{all_queries / count:>7.2f}"
        f"{sum(db_time.values()):>7.2f}{1:>8.1%}{elapsed:>7.2f}"
    )
    print("  Most frequent statements (numbers shown as N):")
    for (phase, text), times in patterns.most_common(top):
        print(f"  {times:>7}  [{phase}] {text}")


breakdown("pqr.request", pqr_vals(N, pool), top=10)
breakdown("res.partner", partner_vals(N), top=5)

env.cr.rollback()
print("\nRolled back: nothing was committed.")
