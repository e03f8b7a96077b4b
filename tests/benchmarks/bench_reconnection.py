"""Reconnection orders when suspended accounts are paid: the cost of our
``account.move._invoice_paid_hook`` in Odoo's payment batch.

Run with ``scripts/bench bench_reconnection`` (inside ``odoo-bin shell``: ``env`` is
given).

Setup (not timed), per case (N accounts, K overdue invoices per account):

* Company: posting invoices and registering payments need a chart of accounts.
  Without demo data the benchmark database has ``generic_coa`` on a US company in USD;
  if ``chart_template`` is not ``co``, the script sets the country to Colombia and the
  currency to COP, then calls ``try_loading("co", company, install_demo=False)``, as
  ``bench_portal.py`` does (``l10n_co`` must already be installed: installing a module
  would commit). One service product without taxes bills the invoices.
* N partners (one per account: the payment wizard makes one payment per partner),
  N ``pqr.service.account`` (one ``create``), N x K posted customer invoices
  (``out_invoice``, ``pqr_service_account_id`` set, invoice and due dates in the past,
  one line with the service product and no tax, one ``create`` of the list and one
  ``action_post()`` on the whole recordset).
* Each account is suspended by a done suspension for non-payment: the
  ``pqr.field.order`` are created in one batch (``order_type='suspension'``,
  ``cause='non_payment'``, ``state='done'``, ``date_executed`` in the past), then each
  account gets ``service_state='suspended'`` and ``service_state_order_id``. Those
  fields are guarded: the script writes them through the addon's ``transition()``
  helper. The setup ends with ``env.cr.flush()`` (its mail tracking too).
* A warm-up: WARMUP other accounts, built the same way, are paid (with the hook, not
  timed) before the measured runs, so that the first run does not pay for cold caches.

Measured, from the same stored state (a savepoint is rolled back between the runs):

* WITH the hook: all N x K invoices paid with Odoo's standard payment wizard,
  ``account.payment.register`` created with ``active_ids`` = the invoices and
  ``group_payment=True``, then ``_create_payments()`` (one payment per partner,
  reconciled: Odoo calls ``_invoice_paid_hook()`` once per payment, in the same
  transaction), then ``env.flush_all()``. Wall time and SQL queries
  (``env.cr.sql_log_count``). The precommit work (mail tracking, what the COMMIT
  adds: ``env.cr.flush()``) is timed apart.
* WITHOUT the hook: the same payments with only our override bypassed
  (``account_move.AccountMove._invoice_paid_hook`` temporarily calls ``super()``
  only), so Odoo's own work is unchanged.
* The difference divided by N: queries and ms per account due to the hook.
* Inside the hook: light wrappers on the registry classes' ``_invoice_paid_hook``
  (account.move) and ``_pqr_cause_removed`` (pqr.service.account) count calls, SQL
  queries and wall time (inclusive), and the queries per call (min / max): they must
  not grow with K. The most frequent statements run inside the hook are listed (first
  case only), numbers replaced by N.
* Checks: WITH the hook, exactly N reconnection orders (one per account), each with
  ``deadline - date_cause_removed`` = 24 h, and every invoice paid; WITHOUT, no
  reconnection order. The script exits 1 if a check fails.
* Informational (first case only): ``_pqr_cause_removed(now)`` called ONCE on all N
  accounts (after the payments without the hook, so the invoices are paid and no
  order exists), as a batch caller would, and on N / 10: whether its queries are
  fixed per call, as its docstring says, or grow with the accounts.

Cases: N = ``PQR_BENCH_RECONNECTION_N`` (default 5000) with K = 2 and K = 4
(``PQR_BENCH_RECONNECTION_K``, default "2,4"), then N = ``PQR_BENCH_RECONNECTION_SMALL``
(default 1000, 0 skips it) with the first K. Nothing is committed: the script ends
with ``env.cr.rollback()``.
"""

import functools
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from hashlib import sha256

from odoo import Command, fields

from odoo.addons.pqr_servicios_publicos.models import account_move as am
from odoo.addons.pqr_servicios_publicos.models.pqr_common import transition

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sys.stdout.reconfigure(line_buffering=True)  # progress shows when piped

N = int(os.environ.get("PQR_BENCH_RECONNECTION_N", "5000"))
KS = tuple(int(k) for k in os.environ.get("PQR_BENCH_RECONNECTION_K", "2,4").split(","))
SMALL_N = int(os.environ.get("PQR_BENCH_RECONNECTION_SMALL", "1000"))
CASES = [(N, k) for k in KS] + ([(SMALL_N, KS[0])] if 0 < SMALL_N < N else [])
WARMUP = 20
RESTORE = timedelta(hours=24)
TOP_STATEMENTS = 15
TABLES_GROWN = (
    "res_partner",
    "pqr_service_account",
    "pqr_field_order",
    "account_move",
    "account_move_line",
    "mail_message",
    "mail_followers",
    "mail_tracking_value",
)
CODE = (  # the files whose code is measured: their hash goes with the figures
    "models/account_move.py",
    "models/pqr_service_account.py",
    "models/pqr_field_order.py",
)

cr = env.cr
Move = type(env["account.move"])
Account = type(env["pqr.service.account"])
errors = []


# ----------------------------------------------------------------------------------
# Setup (not timed)
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


def service_product():
    return env["product.product"].create(
        {
            "name": "Bench water and sewerage service",
            "type": "service",
            "list_price": 45000,
            "taxes_id": [Command.clear()],
        }
    )


def build(tag, count, per_account, product):
    """``count`` suspended accounts, each with its partner and ``per_account``
    posted overdue invoices; returns (accounts, invoices)."""
    partners = env["res.partner"].create(
        [{"name": f"Bench subscriber {tag}-{i:05d}"} for i in range(count)]
    )
    accounts = env["pqr.service.account"].create(
        [
            {
                "name": f"RC-{tag}-{i:05d}",
                "partner_id": partner.id,
                "street": f"Calle {i % 100} # {i // 100}-{per_account}",
            }
            for i, partner in enumerate(partners)
        ]
    )
    today = fields.Date.context_today(accounts)
    vals_list = []
    for account in accounts:
        for j in range(per_account):
            invoice_date = today - timedelta(days=30 * (per_account - j) + 10)
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": account.partner_id.id,
                    "pqr_service_account_id": account.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": invoice_date + timedelta(days=15),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": 40000 + 1000 * j,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
    invoices = env["account.move"].create(vals_list)
    invoices.action_post()
    executed = fields.Datetime.now() - timedelta(days=10)
    suspensions = transition(env["pqr.field.order"]).create(
        [
            {
                "order_type": "suspension",
                "service_account_id": account.id,
                "cause": "non_payment",
                "state": "done",
                "date_executed": executed,
            }
            for account in accounts
        ]
    )
    for account, order in zip(accounts, suspensions, strict=True):
        transition(account).write(
            {"service_state": "suspended", "service_state_order_id": order.id}
        )
    cr.flush()
    return accounts, invoices


# ----------------------------------------------------------------------------------
# Probe: calls, queries and wall time inside the hook (inclusive)
# ----------------------------------------------------------------------------------
class Probe:
    def __init__(self):
        self.patches = []
        self.statements = None  # a Counter while statements are collected
        self.depth = 0
        self.reset()

    def reset(self):
        self.calls, self.queries, self.seconds = Counter(), Counter(), Counter()
        self.empty = Counter()  # calls on an empty recordset
        self.per_call = {}

    def wrap(self, cls, name, label):
        """Wrap the registry class ``cls``: the wrapper calls ``super()`` at each
        call, so a patch of an add-on class below it (the run without our hook)
        takes effect."""
        probe = self

        def wrapper(rec, *args, **kwargs):
            before, start = cr.sql_log_count, time.perf_counter()
            probe.depth += 1
            try:
                return getattr(super(cls, rec), name)(*args, **kwargs)
            finally:
                probe.depth -= 1
                count = cr.sql_log_count - before
                probe.calls[label] += 1
                probe.empty[label] += not rec
                probe.queries[label] += count
                probe.seconds[label] += time.perf_counter() - start
                probe.per_call.setdefault(label, []).append(count)

        functools.update_wrapper(wrapper, getattr(cls, name))
        self.patches.append((cls, name, vars(cls).get(name)))
        setattr(cls, name, wrapper)

    def unwrap(self):
        for cls, name, own in reversed(self.patches):
            if own is None:
                delattr(cls, name)
            else:
                setattr(cls, name, own)
        self.patches = []

    def query_hook(self, _cr, query, _params, _start, _delay):
        if self.statements is None or not self.depth:
            return
        text = query.decode() if isinstance(query, bytes) else str(query)
        text = re.sub(r"\d+", "N", re.sub(r"\s+", " ", text)).strip()
        self.statements[text[:110]] += 1


probe = Probe()


def without_our_hook():
    """Bypass only our override (Odoo's chain below it still runs); returns the
    function that restores it."""
    own = vars(am.AccountMove)["_invoice_paid_hook"]
    am.AccountMove._invoice_paid_hook = lambda self: super(
        am.AccountMove, self
    )._invoice_paid_hook()

    def restore():
        am.AccountMove._invoice_paid_hook = own

    return restore


# ----------------------------------------------------------------------------------
# Runs
# ----------------------------------------------------------------------------------
def pay(invoices):
    wizard = (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=invoices.ids)
        .create({"group_payment": True})
    )
    return wizard._create_payments()


def reconnections(accounts):
    """(orders, with a 24 h deadline, distinct accounts, activities) among the
    reconnection orders of ``accounts``."""
    cr.execute(
        """SELECT count(*),
                  count(*) FILTER (WHERE o.deadline - o.date_cause_removed = %s),
                  count(DISTINCT o.service_account_id),
                  (SELECT count(*) FROM mail_activity a
                   WHERE a.res_model = 'pqr.field.order'
                     AND a.res_id IN (SELECT id FROM pqr_field_order
                                      WHERE service_account_id = ANY(%s)
                                        AND order_type = 'reconexion'))
           FROM pqr_field_order o
           WHERE o.service_account_id = ANY(%s) AND o.order_type = 'reconexion'""",
        [RESTORE, accounts.ids, accounts.ids],
    )
    return cr.fetchone()


def run(label, accounts, invoices, hook):
    env.invalidate_all()
    probe.reset()
    restore = None if hook else without_our_hook()
    load = os.getloadavg()[0]
    try:
        before, start = cr.sql_log_count, time.perf_counter()
        payments = pay(invoices)
        env.flush_all()
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - before
        before, start = cr.sql_log_count, time.perf_counter()
        cr.flush()  # precommit: the work the COMMIT adds (mail tracking)
        pre_seconds, pre_queries = (
            time.perf_counter() - start,
            cr.sql_log_count - before,
        )
    finally:
        if restore:
            restore()
    cr.execute(
        "SELECT count(*) FROM account_move WHERE id = ANY(%s) AND payment_state = 'paid'",
        [invoices.ids],
    )
    paid = cr.fetchone()[0]
    orders, on_time, distinct, activities = reconnections(accounts)
    count = len(accounts)
    expected = count if hook else 0
    if orders != expected or on_time != expected or distinct != expected:
        errors.append(
            f"{label}: {orders} reconnection orders ({on_time} due 24 h after the cause "
            f"removed, {distinct} accounts), expected {expected}"
        )
    if paid != len(invoices) or len(payments) != count:
        errors.append(
            f"{label}: {paid}/{len(invoices)} invoices paid, {len(payments)} payments"
        )
    return {
        "label": label,
        "seconds": seconds,
        "queries": queries,
        "pre_seconds": pre_seconds,
        "pre_queries": pre_queries,
        "payments": len(payments),
        "paid": paid,
        "orders": orders,
        "on_time": on_time,
        "activities": activities,
        "load": load,
        "calls": dict(probe.calls),
        "hook_queries": dict(probe.queries),
        "hook_seconds": dict(probe.seconds),
        "empty": dict(probe.empty),
        "per_call": {
            k: (min(v), statistics.median(v), max(v)) for k, v in probe.per_call.items()
        },
    }


def batch_call(accounts):
    """Informational: ``_pqr_cause_removed`` once on these accounts."""
    env.invalidate_all()
    accounts = accounts.browse(accounts.ids)
    before, start = cr.sql_log_count, time.perf_counter()
    orders = accounts._pqr_cause_removed(fields.Datetime.now())
    env.flush_all()
    return len(orders), time.perf_counter() - start, cr.sql_log_count - before


def collecting(active):
    """Collect the statements run inside the wrapped methods while active."""
    main = threading.current_thread()
    if active:
        probe.statements = Counter()
        main.query_hooks = [*getattr(main, "query_hooks", ()), probe.query_hook]
        return lambda: main.query_hooks.remove(probe.query_hook)
    return lambda: None


def analyze():
    start = time.perf_counter()
    for table in TABLES_GROWN:
        cr.execute(f"ANALYZE {table}")
    return time.perf_counter() - start


def run_case(index, count, per_account, product):
    """Build the data of one case, then the runs with and without the hook (their
    order alternates from one case to the next)."""
    first = index == 0
    outer = cr.savepoint()
    results, statements, batch = {}, {}, []
    try:
        start = time.perf_counter()
        tag = f"{count}x{per_account}"
        warm_accounts, warm_invoices = build(f"W{tag}", WARMUP, per_account, product)
        accounts, invoices = build(tag, count, per_account, product)
        setup_seconds = time.perf_counter() - start
        analyze_seconds = analyze()
        pay(warm_invoices)
        env.flush_all()
        cr.flush()
        warm_orders = reconnections(warm_accounts)[0]
        if warm_orders != WARMUP:
            errors.append(f"{tag} warm-up: {warm_orders} orders for {WARMUP} accounts")
        print(
            f"\n  N = {count}, K = {per_account}: setup {setup_seconds:.1f} s "
            f"({count} accounts, {len(invoices)} invoices, + {WARMUP} warm-up accounts "
            f"paid), ANALYZE {analyze_seconds:.1f} s, not timed"
        )
        runs = cr.savepoint()
        order = (True, False) if index % 2 == 0 else (False, True)
        for hook in order:
            label = f"{tag} {'with' if hook else 'without'} the hook"
            stop = collecting(first and hook)
            try:
                results[hook] = run(label, accounts, invoices, hook)
            finally:
                stop()
            if probe.statements is not None:
                statements["payments"], probe.statements = probe.statements, None
            report_run(results[hook])
            runs.rollback()
            env.invalidate_all()
        if first:
            # the invoices paid, no order: the state a batch caller would meet
            without_our_hook_restore = without_our_hook()
            try:
                pay(invoices)
                env.flush_all()
                cr.flush()
            finally:
                without_our_hook_restore()
            for part in (accounts[: max(1, count // 10)], accounts):
                inner = cr.savepoint()
                stop = collecting(part == accounts)
                try:
                    batch.append((len(part), *batch_call(part)))
                finally:
                    stop()
                if probe.statements is not None:
                    statements["batch"], probe.statements = probe.statements, None
                inner.close(rollback=True)
                env.invalidate_all()
        runs.close(rollback=True)
    finally:
        outer.close(rollback=True)
        env.invalidate_all()
    return {
        "n": count,
        "k": per_account,
        "with": results[True],
        "without": results[False],
        "first": "with" if order[0] else "without",
        "statements": statements,
        "batch": batch,
    }


# ----------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------
def report_run(result):
    hook_q = result["hook_queries"]
    print(
        f"    {result['label']}: {result['seconds']:.2f} s, {result['queries']} "
        f"queries; precommit {result['pre_seconds']:.2f} s, {result['pre_queries']} "
        f"queries; {result['payments']} payments, {result['paid']} invoices paid, "
        f"{result['orders']} reconnection orders ({result['on_time']} due 24 h after "
        f"the cause removed, {result['activities']} activities); hook calls "
        f"{result['calls'].get('hook', 0)}, queries in it {hook_q.get('hook', 0)}; "
        f"load {result['load']:.2f}"
    )


def report_payments(results):
    print("\n  Payment batch (wizard + _create_payments + flush_all), with and without")
    head = (
        f"  {'N':>6}{'K':>3}{'invoices':>10}{'first':>9}{'with s':>9}{'without s':>11}"
        f"{'with q':>9}{'without q':>11}{'ms/acct':>9}{'q/acct':>8}"
        f"{'pre with':>10}{'pre w/o':>9}"
    )
    print(head)
    print("  " + "-" * (len(head) - 2))
    for res in results:
        w, wo, n = res["with"], res["without"], res["n"]
        print(
            f"  {n:>6}{res['k']:>3}{n * res['k']:>10}{res['first']:>9}"
            f"{w['seconds']:>9.2f}{wo['seconds']:>11.2f}{w['queries']:>9}"
            f"{wo['queries']:>11}{(w['seconds'] - wo['seconds']) / n * 1000:>9.2f}"
            f"{(w['queries'] - wo['queries']) / n:>8.2f}"
            f"{w['pre_queries']:>10}{wo['pre_queries']:>9}"
        )
    print(
        "    (first: the run made first; ms/acct, q/acct: (with - without) / N; "
        "pre: queries of the precommit, timed apart)"
    )


def report_hook(results):
    print("\n  Inside the hook (wrappers on the registry classes, inclusive)")
    head = (
        f"  {'N':>6}{'K':>3}  {'method':<22}{'run':<9}{'calls':>7}{'empty':>7}"
        f"{'queries':>9}{'q/acct':>8}{'q/call min/med/max':>20}{'s':>8}{'ms/acct':>9}"
    )
    print(head)
    print("  " + "-" * (len(head) - 2))
    for res in results:
        for key in ("with", "without"):
            run_res = res[key]
            for label, method in (
                ("hook", "_invoice_paid_hook"),
                ("cause", "_pqr_cause_removed"),
            ):
                calls = run_res["calls"].get(label, 0)
                if not calls and label == "cause":
                    continue
                queries = run_res["hook_queries"].get(label, 0)
                seconds = run_res["hook_seconds"].get(label, 0.0)
                low, mid, high = run_res["per_call"].get(label, (0, 0, 0))
                print(
                    f"  {res['n']:>6}{res['k']:>3}  {method:<22}{key:<9}"
                    f"{calls:>7}{run_res['empty'].get(label, 0):>7}"
                    f"{queries:>9}{queries / res['n']:>8.2f}"
                    f"{f'{low}/{mid:g}/{high}':>20}{seconds:>8.2f}"
                    f"{seconds / res['n'] * 1000:>9.2f}"
                )
    print("    (empty: calls on no invoice or no account)")


def report_statements(first):
    n = first["n"]
    titles = {
        "payments": "inside the hook, in the payment run with it",
        "batch": f"inside one _pqr_cause_removed call on {n} accounts",
    }
    for key, title in titles.items():
        statements = first["statements"].get(key)
        if not statements:
            continue
        print(
            f"\n  Most frequent statements {title}, N = {n}, K = {first['k']} "
            f"(per account, of {sum(statements.values()) / n:.2f}; numbers shown as N):"
        )
        for text, times in statements.most_common(TOP_STATEMENTS):
            print(f"  {times / n:>7.2f}  {text}")


def report_batch(first):
    print(
        "\n  Informational: _pqr_cause_removed called once on many accounts "
        "(invoices already paid, no order yet), with its flush_all"
    )
    for accounts, orders, seconds, queries in first["batch"]:
        print(
            f"    {accounts:>6} accounts: {orders} orders, {seconds:.2f} s, "
            f"{queries} queries = {queries / accounts:.2f} per account"
        )
    (small, _o1, s_small, q_small), (big, _o2, s_big, q_big) = first["batch"]
    if big > small:
        print(
            f"    growth: {(q_big - q_small) / (big - small):.2f} queries and "
            f"{(s_big - s_small) / (big - small) * 1000:.2f} ms per additional account"
        )


def fingerprint():
    root = os.path.dirname(os.path.dirname(am.__file__))
    hashes = []
    for path in CODE:
        with open(os.path.join(root, path), "rb") as source:
            digest = sha256(source.read()).hexdigest()[:12]
        hashes.append(f"{os.path.basename(path)} {digest}")
    return ", ".join(hashes)


def main():
    start = time.perf_counter()
    company_note = colombian_company()
    product = service_product()
    cr.flush()
    print(
        f"\n{os.cpu_count()} CPUs, load average "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
        + " (1 / 5 / 15 min) at the start"
    )
    print(f"\nReconnection benchmark (database {cr.dbname})")
    print(f"  company: {company_note}")
    print(f"  code measured (sha256): {fingerprint()}")
    print(
        f"  cases (N accounts x K invoices): {', '.join(f'{n}x{k}' for n, k in CASES)}"
    )
    probe.wrap(Move, "_invoice_paid_hook", "hook")
    probe.wrap(Account, "_pqr_cause_removed", "cause")
    results = []
    try:
        for i, (count, per_account) in enumerate(CASES):
            results.append(run_case(i, count, per_account, product))
    finally:
        probe.unwrap()
    report_payments(results)
    report_hook(results)
    report_statements(results[0])
    if results[0]["batch"]:
        report_batch(results[0])
    hook_per_account = [
        res["with"]["hook_queries"].get("hook", 0) / res["n"] for res in results
    ]
    print(
        "\n  queries per account in the hook: "
        + ", ".join(
            f"{res['n']}x{res['k']}: {q:.2f}"
            for res, q in zip(results, hook_per_account, strict=True)
        )
        + f" (spread {max(hook_per_account) - min(hook_per_account):.2f}; median "
        f"{statistics.median(hook_per_account):.2f})"
    )
    print(f"  whole script {time.perf_counter() - start:.0f} s")


try:
    main()
finally:
    env.cr.rollback()
print("\nRolled back: nothing was committed.")
if errors:
    print("\nFAILED:")
    for error in errors:
        print(f"  {error}")
    sys.exit(1)
