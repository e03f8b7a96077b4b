"""All management indicators for a month with many PQRs decided in it, against one
hand-written SQL query computing ``on_time_rate``, in the same run.

Run with ``scripts/bench bench_indicators`` (inside ``odoo-bin shell``: ``env`` is
given). ``PQR_BENCH_IND_TOTAL`` PQRs (default 1,000,000) are written with one SQL
``INSERT ... SELECT generate_series`` (setup, not timed), ``PQR_BENCH_IND_ROWS`` of
them (default 100,000) filed 2-19 March 2026 and decided in March (a fifth after
their deadline, a tenth granted); the others filed and decided in 2025. February
2026 gets a tenth as many (the same mix), to show that the queries do not grow
with the PQRs.

Measured: ``pqr.indicator.compute_values`` for March (time, queries), the same for
February, twice each (the second run counts: the first fills the ORM's caches), and
the baseline SQL of ``on_time_rate`` for March. Checks:
the on-time rate equals the baseline's, and March and February took as many
queries. Nothing is committed: the script ends with ``env.cr.rollback()``.
"""

import os
import sys
import time
from datetime import date

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sys.stdout.reconfigure(line_buffering=True)

TOTAL = int(os.environ.get("PQR_BENCH_IND_TOTAL", "1000000"))
ROWS = int(os.environ.get("PQR_BENCH_IND_ROWS", "100000"))
cr = env.cr
errors = []

INSERT = """
INSERT INTO pqr_request (
    name, company_id, partner_id, type_id, channel, state, service, causal_id,
    date_received, date_filed, date_deadline, response_type_id, date_response,
    response_number)
SELECT 'IND-' || lpad(g::text, 7, '0'), %(company)s, %(partner)s,
       CASE WHEN g %% 3 = 0 THEN %(reclamo)s ELSE %(peticion)s END,
       'written', 'notifying', 'water', %(causal)s,
       day + interval '15 hours', day::date, day::date + 21,
       CASE WHEN g %% 10 = 0 THEN %(grants)s ELSE %(denies)s END,
       CASE WHEN g %% 5 = 0 THEN day::date + 25 ELSE day::date + 14 END,
       'RES-I' || g
  FROM (SELECT g,
               CASE WHEN g <= %(rows)s THEN DATE '2026-03-02' + (g %% 4)
                    WHEN g <= %(rows)s + %(rows)s / 10
                         THEN DATE '2026-02-02' + (g %% 4)
                    ELSE DATE '2025-01-02' + (g %% 300) END AS day
          FROM generate_series(1, %(total)s) AS g) AS s
"""

BASELINE = """
SELECT count(*) FILTER (WHERE r.date_response <= r.date_deadline) * 100.0
       / nullif(count(*), 0)
  FROM pqr_request r
  JOIN pqr_type t ON t.id = r.type_id
  JOIN pqr_response_type rt ON rt.id = r.response_type_id
 WHERE r.company_id = %(company)s AND t.has_term
   AND r.date_response BETWEEN %(start)s AND %(end)s AND rt.code <> '8'
"""


def timed(label, func):
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    wall = time.perf_counter() - start
    count = cr.sql_log_count - queries
    print(f"    {label:<34} {wall:8.3f} s {count:6d} q")
    return result, wall, count


def main():
    print(
        f"{os.cpu_count()} CPUs, load average "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
        + " at the start"
    )
    print(f"\nIndicators benchmark: {TOTAL} PQRs, {ROWS} decided in March 2026")
    ref = env.ref
    company = env.company
    partner = env["res.partner"].create({"name": "Bench Indicators"})
    env.flush_all()
    start = time.perf_counter()
    cr.execute(
        INSERT,
        {
            "company": company.id,
            "partner": partner.id,
            "reclamo": ref("pqr_servicios_publicos.pqr_type_reclamo").id,
            "peticion": ref("pqr_servicios_publicos.pqr_type_peticion").id,
            "causal": ref("pqr_servicios_publicos.pqr_causal_p304").id,
            "grants": ref("pqr_servicios_publicos.pqr_response_type_1").id,
            "denies": ref("pqr_servicios_publicos.pqr_response_type_3").id,
            "rows": ROWS,
            "total": TOTAL,
        },
    )
    cr.execute("ANALYZE pqr_request, res_partner")
    print(f"  setup {time.perf_counter() - start:.1f} s (SQL insert, not timed)\n")
    Indicator = env["pqr.indicator"]
    march = (date(2026, 3, 1), date(2026, 3, 31))
    february = (date(2026, 2, 1), date(2026, 2, 28))
    # the first call fills the ORM's caches and generates the calendar's holidays
    # of 2026: each month is measured twice, the second run counts
    for _run in range(2):
        values, t_march, q_march = timed(
            f"compute_values, March ({ROWS} decided)",
            lambda: Indicator.compute_values(*march, company),
        )
        _values, t_feb, q_feb = timed(
            f"compute_values, February ({ROWS // 10})",
            lambda: Indicator.compute_values(*february, company),
        )

    def baseline():
        cr.execute(
            BASELINE, {"company": company.id, "start": march[0], "end": march[1]}
        )
        return cr.fetchone()[0]

    expected, t_sql, _q = timed("hand-written SQL, on_time_rate", baseline)
    print()
    for code, value in values.items():
        print(f"    {code:<24} {'no data' if value is None else f'{value:.2f}'}")
    print(
        f"\n  all {len(values)} indicators: {t_march:.3f} s = {t_march / t_sql:.1f}x "
        f"the one SQL query of on_time_rate; {q_march} queries for March, "
        f"{q_feb} for February"
    )
    if round(values["on_time_rate"], 6) != round(float(expected), 6):
        errors.append(f"on_time_rate {values['on_time_rate']} != SQL {expected}")
    if q_march != q_feb:
        errors.append(f"{q_march} queries for March, {q_feb} for February")
    if errors:
        print("\nFAILED: " + "; ".join(errors))
    env.cr.rollback()
    print("\nRolled back: nothing was committed.")
    if errors:
        sys.exit(1)


main()
