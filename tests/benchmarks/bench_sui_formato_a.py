"""SUI Formato A at volume: validation, the CSV and the XLSX of a month against
PostgreSQL's ``COPY`` of the same columns, in the same run.

Run with ``scripts/bench bench_sui_formato_a`` (inside ``odoo-bin shell``: ``env`` is
given). ``PQR_BENCH_SUI_TOTAL`` PQRs (default 1,000,000) are written with one SQL
``INSERT ... SELECT generate_series`` (the ORM's intake is measured by bench_intake;
this measures the report), ``PQR_BENCH_SUI_ROWS`` of them (default 100,000) in March
2026: two fifths without a decision (half past their deadline: answer 10, half within
it: 9), two fifths decided and notified in the month, one fifth decided and not
notified; the others filed, decided and notified in 2025 (not in the month's file).

Measured, each once, in this order: ``COPY (SELECT ...) TO STDOUT WITH CSV HEADER`` of
the same 16 columns with the same rules in SQL (the baseline); ``action_validate()``
(rows and findings); a pass over the rows writing the CSV (``_scan`` with
``_csv_writer``: the CSV export); a pass writing the XLSX (``_xlsx_book``,
xlsxwriter in constant memory); ``action_export()`` (one pass writing both, and the
attachments); then, outside the report, xlsxwriter alone writing the same cells from
a Python list (the library's own cost, the floor of the XLSX pass). Targets: CSV <= 3x
COPY, XLSX <= 10x COPY, peak memory growth <= 150 MB (the process's peak RSS,
``ru_maxrss``, after the runs less before them). Checks: the row count, and the CSV
equal to COPY's output byte for byte once line ends are normalised. Nothing is
committed: the script ends with ``env.cr.rollback()``.
"""

import csv
import io
import os
import resource
import sys
import time
from datetime import date

import xlsxwriter

from odoo.addons.pqr_servicios_publicos.models.pqr_common import office

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sys.stdout.reconfigure(line_buffering=True)

TOTAL = int(os.environ.get("PQR_BENCH_SUI_TOTAL", "1000000"))
ROWS = int(os.environ.get("PQR_BENCH_SUI_ROWS", "100000"))
START, END = date(2026, 3, 1), date(2026, 3, 31)
cr = env.cr
errors = []


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, func):
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    wall = time.perf_counter() - start
    print(
        f"    {label:<28} {wall:9.2f} s {cr.sql_log_count - queries:8d} q"
        f"   peak RSS {peak_mb():8.1f} MB"
    )
    return result, wall


def setup():
    ref = env.ref
    company = env.company
    company.write(
        {
            "sui_dane_department": "23",
            "sui_dane_municipality": "001",
            "sui_dane_centro_poblado": "000",
        }
    )
    partner = env["res.partner"].create({"name": "Bench SUI"})
    accounts = env["pqr.service.account"].create(
        [
            {"name": f"B{i:06d}", "partner_id": partner.id, "street": f"Calle {i}"}
            for i in range(1000)
        ]
    )
    ids = {
        "company": company.id,
        "partner": partner.id,
        "type": ref("pqr_servicios_publicos.pqr_type_reclamo").id,
        "causal": ref("pqr_servicios_publicos.pqr_causal_p304").id,
        "response": ref("pqr_servicios_publicos.pqr_response_type_1").id,
        "notification": ref("pqr_servicios_publicos.pqr_notification_type_1").id,
        "account_min": min(accounts.ids),
    }
    env.flush_all()
    # month rows: g <= ROWS, filed 2 to 19 Mar; g % 5: 0, 1 open (0 past its
    # deadline), 2, 3 decided 20 Mar and notified 24 Mar, 4 decided 27 Mar and not
    # notified
    cr.execute(
        """
        INSERT INTO pqr_request (
            name, company_id, partner_id, type_id, channel, state, service,
            causal_id, service_account_id, date_received, date_filed, date_deadline,
            response_type_id, date_response, response_number, date_notified,
            notification_type_id)
        SELECT
            'BENCH-' || lpad(g::text, 7, '0'), %(company)s, %(partner)s, %(type)s,
            'written',
            CASE WHEN g > %(rows)s THEN 'notified'
                 WHEN g %% 5 IN (0, 1) THEN 'in_progress'
                 WHEN g %% 5 = 4 THEN 'notifying' ELSE 'notified' END,
            'water', %(causal)s, %(account_min)s + g %% 1000,
            day + interval '15 hours', day::date,
            CASE WHEN g <= %(rows)s AND g %% 5 = 0 THEN DATE '2026-03-20'
                 ELSE day::date + 21 END,
            CASE WHEN g > %(rows)s OR g %% 5 >= 2 THEN %(response)s END,
            CASE WHEN g > %(rows)s THEN day::date + 14
                 WHEN g %% 5 IN (2, 3) THEN DATE '2026-03-20'
                 WHEN g %% 5 = 4 THEN DATE '2026-03-27' END,
            CASE WHEN g > %(rows)s OR g %% 5 >= 2 THEN 'RES-B' || g END,
            CASE WHEN g > %(rows)s THEN day::date + 17
                 WHEN g %% 5 IN (2, 3) THEN DATE '2026-03-24' END,
            CASE WHEN g > %(rows)s OR g %% 5 IN (2, 3) THEN %(notification)s END
        FROM (
            SELECT g, CASE WHEN g <= %(rows)s
                           THEN DATE '2026-03-02' + (g %% 18)
                           ELSE DATE '2025-01-02' + (g %% 300) END AS day
            FROM generate_series(1, %(total)s) AS g
        ) AS s
        """,
        {**ids, "rows": ROWS, "total": TOTAL},
    )
    # the planner's statistics, as autovacuum keeps them on a live database (the
    # accounts and the partner were created in this transaction too)
    cr.execute("ANALYZE pqr_request, pqr_service_account, res_partner")
    return ids


COPY_SQL = """
COPY (
    SELECT '23', '001', '000', r.name, to_char(r.date_filed, 'DD-MM-YYYY'),
           t.sui_code, c.causal_group, c.code, coalesce(a.name, '0000'), 'N',
           CASE WHEN r.date_response IS NULL OR r.date_response > %(end)s
                THEN CASE WHEN r.date_deadline IS NOT NULL
                          AND %(end)s > r.date_deadline THEN '10' ELSE '9' END
                ELSE rt.code END,
           CASE WHEN r.date_response <= %(end)s
                THEN to_char(r.date_response, 'DD-MM-YYYY') END,
           CASE WHEN r.date_response <= %(end)s THEN r.response_number END,
           CASE WHEN r.date_response <= %(end)s AND r.date_notified <= %(end)s
                 AND rt.code <> '8'
                THEN to_char(r.date_notified, 'DD-MM-YYYY') END,
           CASE WHEN r.date_response IS NULL OR r.date_response > %(end)s
                  OR rt.code = '8' THEN '3'
                WHEN r.date_notified <= %(end)s THEN nt.code END,
           CASE WHEN r.date_sspd_transfer <= %(end)s
                THEN to_char(r.date_sspd_transfer, 'DD-MM-YYYY') END
      FROM pqr_request r
      JOIN pqr_type t ON t.id = r.type_id
      LEFT JOIN pqr_causal c ON c.id = r.causal_id
      LEFT JOIN pqr_service_account a ON a.id = r.service_account_id
      LEFT JOIN pqr_response_type rt ON rt.id = r.response_type_id
      LEFT JOIN pqr_notification_type nt ON nt.id = r.notification_type_id
     WHERE r.company_id = %(company)s AND r.service = 'water' AND t.sui_reported
       AND r.date_filed <= %(end)s
       AND (r.date_filed >= %(start)s
            OR r.date_response BETWEEN %(start)s AND %(end)s
            OR r.date_notified BETWEEN %(start)s AND %(end)s
            OR r.date_response IS NULL OR r.date_response > %(end)s
            OR (coalesce(rt.code, '') <> '8'
                AND (r.date_notified IS NULL OR r.date_notified > %(end)s)))
     ORDER BY r.date_filed, r.name, r.id
) TO STDOUT WITH CSV HEADER
"""


def copy_baseline(ids, headers):
    buffer = io.BytesIO()
    sql = cr.mogrify(
        COPY_SQL, {"end": END, "start": START, "company": ids["company"]}
    ).decode()
    cr.copy_expert(sql, buffer)
    data = buffer.getvalue().decode()
    # COPY's header is its column names: put the layout's
    _header, rest = data.split("\n", 1)
    return ",".join(headers) + "\n" + rest


def main():
    print(
        f"{os.cpu_count()} CPUs, load average "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
        + " at the start"
    )
    print(f"\nSUI Formato A benchmark: {TOTAL} PQRs, {ROWS} in March 2026")
    start = time.perf_counter()
    ids = setup()
    print(f"  setup {time.perf_counter() - start:.1f} s (SQL insert, not timed)")
    report = env["sui.report"].create(
        {"service": "acueducto", "date_from": START, "date_to": END}
    )
    layout = report.layout_id
    headers = layout.column_ids.mapped("header")
    env.flush_all()
    before = peak_mb()
    print(f"  peak RSS before the runs: {before:.1f} MB\n")
    copied, t_copy = timed("COPY (baseline)", lambda: copy_baseline(ids, headers))
    _result, t_validate = timed("action_validate", report.action_validate)
    office_report = office(report)

    def csv_export():
        buffer = io.StringIO(newline="")
        office_report._scan((report._csv_writer(buffer),))
        return buffer.getvalue().encode(layout.encoding)

    def xlsx_export():
        buffer = io.BytesIO()
        book, write, bold = report._xlsx_book(buffer)
        count, findings, totals = office_report._scan((write,))
        report._xlsx_close(book, bold, findings, totals, count)
        return buffer.getvalue()

    data, t_csv = timed("CSV (rows + writer)", csv_export)
    xlsx, t_xlsx = timed("XLSX (rows + writer)", xlsx_export)
    _result, t_export = timed("action_export (both)", report.action_export)

    def xlsx_floor():
        # the same cells, read back from our CSV, into a workbook with nothing
        # else: what xlsxwriter alone costs
        cells = list(csv.reader(io.StringIO(data.decode(layout.encoding))))
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
        sheet = book.add_worksheet()
        start = time.perf_counter()
        for index, row in enumerate(cells):
            for col, cell in enumerate(row):
                if cell:
                    sheet.write_string(index, col, cell)
        book.close()
        return time.perf_counter() - start

    growth = peak_mb() - before  # the floor below holds the cells in a list
    t_floor = xlsx_floor()
    print()
    print(f"  rows: {report.line_count}, findings: {len(report.finding_ids)}")
    print(f"  CSV export: {t_csv:.2f} s = {t_csv / t_copy:.2f}x COPY (target <= 3x)")
    print(
        f"  XLSX: {t_xlsx:.2f} s = {t_xlsx / t_copy:.2f}x COPY (target <= 10x);"
        f" {len(xlsx) / 1e6:.1f} MB"
    )
    print(
        f"  xlsxwriter alone, the same cells from a list: {t_floor:.2f} s ="
        f" {t_floor / t_copy:.2f}x COPY"
    )
    print(f"  validation: {t_validate:.2f} s; export of both files: {t_export:.2f} s")
    print(f"  peak memory growth: {growth:.1f} MB (target <= 150 MB)")
    if report.line_count != ROWS:
        errors.append(f"{report.line_count} rows, expected {ROWS}")
    ours = data.decode(layout.encoding).replace("\r\n", "\n")
    if ours != copied:
        ours_lines, copy_lines = ours.split("\n"), copied.split("\n")
        diff = next(
            (
                i
                for i, (a, b) in enumerate(zip(ours_lines, copy_lines, strict=False))
                if a != b
            ),
            None,
        )
        errors.append(
            f"the CSV differs from COPY's output (line {diff}: "
            f"{ours_lines[diff] if diff is not None else len(ours_lines)!r} / "
            f"{copy_lines[diff] if diff is not None else len(copy_lines)!r})"
        )
    else:
        print("  the CSV equals COPY's output, byte for byte (line ends normalised)")
    if errors:
        print("\nFAILED: " + "; ".join(errors))
    env.cr.rollback()
    print("\nRolled back: nothing was committed.")
    if errors:
        sys.exit(1)


main()
