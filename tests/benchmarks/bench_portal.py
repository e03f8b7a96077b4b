"""Customer portal list: /my/pqr against Odoo's own /my/invoices, same run.

Run with ``scripts/bench bench_portal`` (inside ``odoo-bin shell``: ``env`` is given).
A customer with 50 PQRs opens /my/pqr, a customer with 50 posted invoices opens
/my/invoices, and a third customer with 5 PQRs opens /my/pqr (queries must not grow
with the records). Each page gets 3 warm-up requests, then 20 timed requests; the
three pages take turns, so they share the machine's load. For each page the script
prints the status codes, the median and p95 wall time and the SQL queries per request,
then the ratios PQR / invoice (target <= 1.5x for the time: reported, not asserted).
It fails (exit 1) if a page does not answer 200, misses one of its customer's records
or shows another customer's PQR.

The requests go through Odoo's real WSGI application (``odoo.http.root``) with
``werkzeug.test.Client``, in the registry's test mode as ``HttpCase`` does: one cursor
serves the requests, so nothing is committed. Queries are counted with this cursor's
``sql_log_count``. The setup is followed by ``ANALYZE`` (planner statistics, as a live
database has them; ``PQR_BENCH_ANALYZE=0`` skips it). The script ends with
``env.cr.rollback()``.
"""

import math
import os
import statistics
import sys
import threading
import time

from werkzeug.test import Client

from odoo import Command, api, fields, http
from odoo.service import security

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

N_RECORDS = 50
N_SMALL = 5
WARMUP = 3
RUNS = 20
TARGET_RATIO = 1.5
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}
MODULE = "pqr_servicios_publicos"
ANALYZE = os.environ.get("PQR_BENCH_ANALYZE", "1") != "0"


# ----------------------------------------------------------------------------------
# Setup (not timed): a Colombian company, three portal customers and their records.
# ----------------------------------------------------------------------------------
def colombian_company():
    """Load the Colombian chart of accounts on the main company if it lacks it."""
    company = env.company
    before = company.chart_template or "none"
    if company.chart_template == "co":
        return f"chart 'co' already loaded on {company.name}"
    # try_loading would install (and commit) a missing module: l10n_co must be there
    l10n_co = env["ir.module.module"].search([("name", "=", "l10n_co")])
    if l10n_co.state != "installed":
        raise RuntimeError("l10n_co is not installed in the benchmark database")
    cop = env.ref("base.COP")
    cop.active = True
    company.write({"country_id": env.ref("base.co").id, "currency_id": cop.id})
    start = time.perf_counter()
    env["account.chart.template"].try_loading("co", company, install_demo=False)
    env.flush_all()
    return (
        f"chart '{before}' replaced by 'co' on {company.name} (country CO, currency "
        f"COP) in {time.perf_counter() - start:.1f} s"
    )


def portal_customer(login, lang):
    partner = env["res.partner"].create(
        {"name": f"Bench {login}", "email": f"{login}@example.com", "lang": lang}
    )
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": partner.name,
                "login": login,
                "partner_id": partner.id,
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )


def create_pqrs(partner, count):
    type_id = env.ref(f"{MODULE}.pqr_type_reclamo").id
    return env["pqr.request"].create(
        [
            {
                "partner_id": partner.id,
                "type_id": type_id,
                "channel": "written",
                "service": "water",
                "subject": f"Bench reclamo {i:02d}",
            }
            for i in range(count)
        ]
    )


def create_invoices(partner, count):
    today = fields.Date.context_today(env["account.move"])
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": f"Bench service {i:02d}",
                            "quantity": 1,
                            "price_unit": 85000 + 1000 * i,
                        }
                    )
                ],
            }
            for i in range(count)
        ]
    )
    moves.action_post()
    return moves


# ----------------------------------------------------------------------------------
# Requests: a session as HttpCase.authenticate builds it, then werkzeug's test client.
# ----------------------------------------------------------------------------------
def new_session(user):
    store = http.root.session_store
    session = store.new()
    session.update(http.get_default_session(), db=env.cr.dbname)
    user_env = api.Environment(env.cr, user.id, {})
    session.uid = user.id
    session.login = user.login
    session.session_token = security.compute_session_token(session, user_env)
    session.context = dict(user_env["res.users"].context_get())
    store.save(session)
    return session


def fetch(client, url):
    """One GET; returns (status, body, seconds, queries on the test cursor, queries
    counted by the request's thread)."""
    before = env.cr.sql_log_count
    start = time.perf_counter()
    response = client.get(url, environ_base=ENVIRON)
    body = response.get_data(as_text=True)
    elapsed = time.perf_counter() - start
    thread_queries = getattr(threading.current_thread(), "query_count", None)
    return (
        response.status_code,
        body,
        elapsed,
        env.cr.sql_log_count - before,
        thread_queries,
    )


def p95(values):
    """Nearest-rank 95th percentile (the 19th of 20 values)."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def setup():
    """The company, the three customers and their records; returns the pages."""
    company_note = colombian_company()
    active = env["res.lang"].search_count([("code", "=", "es_CO")])
    lang = "es_CO" if active else "en_US"
    user_pqr = portal_customer("bench_portal_pqr", lang)
    user_inv = portal_customer("bench_portal_invoice", lang)
    user_small = portal_customer("bench_portal_pqr_small", lang)
    pqrs = create_pqrs(user_pqr.partner_id, N_RECORDS).mapped("name")
    pqrs_small = create_pqrs(user_small.partner_id, N_SMALL).mapped("name")
    invoices = create_invoices(user_inv.partner_id, N_RECORDS).mapped("name")
    env.flush_all()
    # (label, url, user, names the page must show, names it must not show)
    pages = [
        (f"/my/pqr, {N_RECORDS} PQRs", "/my/pqr", user_pqr, pqrs, pqrs_small),
        (f"/my/invoices, {N_RECORDS} invoices", "/my/invoices", user_inv, invoices, []),
        (f"/my/pqr, {N_SMALL} PQRs", "/my/pqr", user_small, pqrs_small, pqrs),
    ]
    return company_note, lang, pages


def check_page(label, status, body, shown, hidden):
    if status != 200:
        return [f"{label}: answered {status}"]
    found = []
    missing = [name for name in shown if name not in body]
    if missing:
        found.append(
            f"{label}: {len(missing)} of {len(shown)} records missing from the page "
            f"(e.g. {missing[0]})"
        )
    leaked = [name for name in hidden if name in body]
    if leaked:
        found.append(f"{label}: shows another customer's record {leaked[0]}")
    return found


def measure(pages):
    """Warm-up, then the timed requests, the pages in turn; returns per page the
    statuses, times and queries, and the first timed request's size and counts."""
    results = {page[0]: {"status": [], "times": [], "queries": []} for page in pages}
    clients = []
    for _label, _url, user, _shown, _hidden in pages:
        session = new_session(user)
        sessions.append(session)
        client = Client(http.root)
        client.set_cookie("session_id", session.sid)
        clients.append(client)
    env.cr.flush()
    # warm-up: ormcaches, compiled templates, each page's code paths
    for _round in range(WARMUP):
        for (label, url, *_names), client in zip(pages, clients, strict=True):
            status = fetch(client, url)[0]
            if status != 200:
                errors.append(f"{label}: warm-up request answered {status}")
    load = os.getloadavg()
    for run in range(RUNS):
        for (label, url, _user, shown, hidden), client in zip(
            pages, clients, strict=True
        ):
            status, body, seconds, queries, thread_queries = fetch(client, url)
            result = results[label]
            result["status"].append(status)
            result["times"].append(seconds)
            result["queries"].append(queries)
            if run == 0:
                result["size"] = len(body.encode())
                result["thread_queries"] = thread_queries
                errors.extend(check_page(label, status, body, shown, hidden))
            elif status != 200:
                errors.append(f"{label}: request {run + 1} answered {status}")
    return load, results


errors = []
sessions = []
shell_dbname = getattr(threading.current_thread(), "dbname", None)
test_mode = False
try:
    start = time.perf_counter()
    company_note, lang, PAGES = setup()
    setup_time = time.perf_counter() - start
    # planner statistics of what the setup created, as a live database has them (the
    # tables were empty at install: without them, the invoice lines query of
    # /my/invoices runs a nested loop over the followers, about 170 ms)
    analyze_time = None
    if ANALYZE:
        start = time.perf_counter()
        env.cr.execute("ANALYZE")
        analyze_time = time.perf_counter() - start
    env.cr.flush()
    env.registry.enter_test_mode(env.cr)
    test_mode = True
    load, results = measure(PAGES)
finally:
    if test_mode:
        env.registry.leave_test_mode()
    for session in sessions:
        http.root.session_store.delete(session)
    if shell_dbname:  # odoo.http.root drops it from the thread
        threading.current_thread().dbname = shell_dbname
    env.cr.rollback()

print(
    f"\n{os.cpu_count()} CPUs, load average "
    + " / ".join(f"{x:.2f}" for x in load)
    + " (1 / 5 / 15 min) before the timed runs"
)
print(f"\nPortal list benchmark (database {env.cr.dbname})")
print(f"  company: {company_note}")
print(f"  customers' language: {lang}; setup {setup_time:.1f} s (not timed)")
print(
    f"  planner statistics: ANALYZE after the setup ({analyze_time:.1f} s)"
    if ANALYZE
    else "  planner statistics: none taken (PQR_BENCH_ANALYZE=0)"
)
for label, _url, _user, shown, _hidden in PAGES:
    print(f"  {label}: {shown[0]} .. {shown[-1]}")
print(
    f"  {WARMUP} warm-up + {RUNS} timed requests per page, the pages in turn, "
    "through odoo.http.root (werkzeug test client, registry test mode)"
)
print(
    "  query count check, first timed request (test cursor / request thread): "
    + ", ".join(
        f"{result['queries'][0]} / {result['thread_queries']}"
        for result in results.values()
    )
)
print()
header = (
    f"  {'page':<28}{'status':>9}{'KiB':>7}{'median ms':>11}{'p95 ms':>9}"
    f"{'min ms':>9}{'queries':>9}{'min-max':>9}"
)
print(header)
print("  " + "-" * (len(header) - 2))
medians = []
for label, result in results.items():
    if not result["times"]:
        continue
    codes = sorted(set(result["status"]))
    status = f"{len(result['status'])}x{codes[0]}" if len(codes) == 1 else codes
    median_ms = statistics.median(result["times"]) * 1000
    median_q = statistics.median(result["queries"])
    medians.append((median_ms, median_q))
    spread = f"{min(result['queries'])}-{max(result['queries'])}"
    print(
        f"  {label:<28}{status!s:>9}{result.get('size', 0) / 1024:>7.1f}"
        f"{median_ms:>11.1f}{p95(result['times']) * 1000:>9.1f}"
        f"{min(result['times']) * 1000:>9.1f}{median_q:>9g}{spread:>9}"
    )

if len(medians) == len(PAGES):
    (pqr_ms, pqr_q), (inv_ms, inv_q), (small_ms, small_q) = medians
    ratio = pqr_ms / inv_ms
    verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(
        f"\n  ratio /my/pqr / /my/invoices, median time: {ratio:.2f}x "
        f"(target <= {TARGET_RATIO:.1f}x): {verdict}"
    )
    print(f"  ratio /my/pqr / /my/invoices, median queries: {pqr_q / inv_q:.2f}x")
    print(
        f"  /my/pqr with {N_RECORDS} vs {N_SMALL} PQRs: {pqr_q:g} vs {small_q:g} "
        f"queries, {pqr_ms:.1f} vs {small_ms:.1f} ms"
    )

print("\nRolled back: nothing was committed.")
if errors:
    print("\nFAILED:")
    for error in errors:
        print(f"  {error}")
    sys.exit(1)
