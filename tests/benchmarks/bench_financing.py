"""Monthly instalment invoicing of financing orders (R10-01-05), against Odoo creating
and posting the same number of plain customer invoices, in the same run.

Run with ``scripts/bench bench_financing`` (inside ``odoo-bin shell``: ``env`` is
given). ``PQR_BENCH_FINANCING_N`` (default 10000) active orders; target: time per
instalment at most 1.5x the time per plain invoice.

Setup (not timed):

* Company: the Colombian chart of accounts, as ``bench_portal.py`` loads it (country
  CO, currency COP, ``try_loading("co")``); a financed receivables account
  (asset_current) and an interest income account set on the company.
* N partners and N service accounts (one ``create`` each), N active financing orders
  (12 monthly instalments at 1.5 %, first due today) created with their schedules
  (``french_schedule``) in one batch each. Activation's accounting is not part of
  what is measured: the orders are written in state ``active`` through the addon's
  ``transition()`` helper, without an activation entry.

Measured, from the same stored state (a savepoint rolled back after each run):

* WITH the addon: ``pqr.financing.order._cron_financing()`` on the due day: one
  posted invoice per order's first instalment (two lines: principal against the
  financed receivables account, interest to income), in batches of 500, the lines
  locked ``FOR UPDATE SKIP LOCKED``, then the default check; then ``flush_all()``.
* Plain Odoo: the same N invoices (same partners, accounts, labels and amounts, no
  tax) created with ``account.move.create`` in batches of 500 and posted with
  ``action_post()`` per batch, then ``flush_all()``.
* ``PQR_BENCH_FINANCING_FIRST=addon`` makes the action's run come first in each round;
  ``PQR_BENCH_FINANCING_ROUNDS`` (default 2) sets the number of rounds.
* Wall time and SQL queries (``env.cr.sql_log_count``) of each, per instalment; the
  precommit work (``env.cr.flush()``: mail tracking) timed apart. The runs alternate
  (plain, addon, plain, addon) and the best of two is reported.
* Checks: N invoices posted by the action, each line of instalment 1 linked to one;
  a second run of the action bills nothing more (idempotent). Exits 1 if a check fails.

Nothing is committed: the script ends with ``env.cr.rollback()``.
"""

import os
import sys
import time
from hashlib import sha256

from odoo import fields
from odoo.modules.module import get_module_path

from odoo.addons.pqr_servicios_publicos.models.pqr_common import transition
from odoo.addons.pqr_servicios_publicos.models.pqr_financing_order import (
    french_schedule,
)

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sys.stdout.reconfigure(line_buffering=True)

N = int(os.environ.get("PQR_BENCH_FINANCING_N", "10000"))
BATCH = 500
# which run comes first in each round: "plain" (default) or "addon"
ORDER = (
    ("addon", "plain")
    if os.environ.get("PQR_BENCH_FINANCING_FIRST") == "addon"
    else ("plain", "addon")
)
ROUNDS = int(os.environ.get("PQR_BENCH_FINANCING_ROUNDS", "2"))
COUNT = 12
RATE = 1.5
CODE = ("models/pqr_financing_order.py", "models/account_move.py")
cr = env.cr
errors = []


def colombian_company():
    company = env.company
    if company.chart_template == "co":
        return f"chart 'co' already loaded on {company.name}"
    cop = env.ref("base.COP")
    cop.active = True
    company.write({"country_id": env.ref("base.co").id, "currency_id": cop.id})
    env["account.chart.template"].try_loading("co", company, install_demo=False)
    env.flush_all()
    return f"chart 'co' loaded on {company.name} (country CO, currency COP)"


def setup():
    company = env.company
    financed = env["account.account"].create(
        {
            "code": "139095",
            "name": "Bench cartera financiada",
            "account_type": "asset_current",
        }
    )
    interest = env["account.account"].create(
        {
            "code": "421095",
            "name": "Bench intereses financiación",
            "account_type": "income",
        }
    )
    company.write(
        {
            "pqr_financed_account_id": financed.id,
            "pqr_financing_interest_account_id": interest.id,
            "pqr_financing_default_installments": 3,
        }
    )
    today = company._pqr_today()
    partners = env["res.partner"].create(
        [{"name": f"Bench financing {i:05d}"} for i in range(N)]
    )
    accounts = env["pqr.service.account"].create(
        [
            {"name": f"FINB{i:06d}", "partner_id": p.id, "street": f"Calle {i} # 1-1"}
            for i, p in enumerate(partners)
        ]
    )
    Order = transition(env["pqr.financing.order"])
    orders = Order.create(
        [
            {
                "partner_id": a.partner_id.id,
                "service_account_id": a.id,
                "down_payment_amount": 20000 + (i % 7) * 1000,
                "installment_count": COUNT,
                "interest_rate": RATE,
                "first_due_date": today,
                "state": "active",
                "amount_debt": 480000 + (i % 13) * 10000,
            }
            for i, a in enumerate(accounts)
        ]
    )
    lines = []
    for order in orders:
        for values in french_schedule(
            order.amount_financed, RATE, COUNT, today, order.currency_id
        ):
            lines.append(dict(values, order_id=order.id))
    transition(env["pqr.financing.line"]).create(lines)
    env.flush_all()
    cr.flush()
    return orders, financed, interest, today


def measure(label, work):
    env.invalidate_all()
    cr.execute("SAVEPOINT bench")
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = work()
    env.flush_all()
    wall = time.perf_counter() - start
    q = cr.sql_log_count - queries
    start = time.perf_counter()
    pre_q = cr.sql_log_count
    cr.flush()
    pre = time.perf_counter() - start
    pre_q = cr.sql_log_count - pre_q
    checked = result() if callable(result) else result
    cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
    load = os.getloadavg()[0]
    print(
        f"    {label:<28} {wall:8.2f} s {q:8d} q   precommit {pre:6.2f} s {pre_q:7d} q"
        f"   load {load:.2f}   {checked}"
    )
    return {"wall": wall, "q": q, "pre": pre, "pre_q": pre_q}


def addon_run(orders):
    def work():
        env["pqr.financing.order"]._cron_financing(batch_size=BATCH)

        def check():
            lines = env["pqr.financing.line"].search(
                [("order_id", "in", orders.ids), ("number", "=", 1)]
            )
            invoices = lines.invoice_id
            if len(invoices) != N or set(invoices.mapped("state")) != {"posted"}:
                errors.append(f"addon run: {len(invoices)} posted invoices, not {N}")
            before = env["account.move"].search_count([("id", ">", max(invoices.ids))])
            env["pqr.financing.order"]._cron_financing(batch_size=BATCH)
            env.flush_all()
            after = env["account.move"].search_count([("id", ">", max(invoices.ids))])
            if after != before:
                errors.append(f"second run billed {after - before} more invoices")
            return f"{len(invoices)} invoices posted; second run: {after - before} more"

        return check

    return work


def plain_run(orders, financed, interest, today):
    first = {
        line.order_id.id: line
        for line in env["pqr.financing.line"].search(
            [("order_id", "in", orders.ids), ("number", "=", 1)]
        )
    }

    def work():
        Move = env["account.move"].with_context(default_move_type="out_invoice")
        posted = 0
        for start in range(0, N, BATCH):
            vals_list = []
            for order in orders[start : start + BATCH]:
                line = first[order.id]
                vals_list.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": order.partner_id.id,
                        "invoice_date": today,
                        "invoice_date_due": line.date_due,
                        "invoice_origin": order.name,
                        "ref": order.name,
                        "invoice_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": f"{order.name}: principal",
                                    "account_id": financed.id,
                                    "quantity": 1,
                                    "price_unit": line.amount_principal,
                                    "tax_ids": [(6, 0, [])],
                                },
                            ),
                            (
                                0,
                                0,
                                {
                                    "name": f"{order.name}: interest",
                                    "account_id": interest.id,
                                    "quantity": 1,
                                    "price_unit": line.amount_interest,
                                    "tax_ids": [(6, 0, [])],
                                },
                            ),
                        ],
                    }
                )
            moves = Move.create(vals_list)
            moves.action_post()
            posted += len(moves)
        return f"{posted} plain invoices posted"

    return work


def fingerprint():
    path = get_module_path("pqr_servicios_publicos")
    parts = []
    for name in CODE:
        with open(os.path.join(path, name), "rb") as source:
            digest = sha256(source.read()).hexdigest()[:12]
        parts.append(f"{os.path.basename(name)} {digest}")
    return ", ".join(parts)


def main():
    print(
        f"\n{os.cpu_count()} CPUs, load average "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
        + " at the start\n"
    )
    print("Financing instalment benchmark")
    print(f"  company: {colombian_company()}")
    print(f"  code measured (sha256): {fingerprint()}")
    start = time.perf_counter()
    orders, financed, interest, today = setup()
    print(
        f"  setup {time.perf_counter() - start:.1f} s: {N} active orders x {COUNT} "
        f"instalments, first due {fields.Date.to_string(today)}, not timed"
    )
    cr.execute("ANALYZE")
    runs = {"plain": [], "addon": []}
    for _round in range(ROUNDS):
        for key in ORDER:
            if key == "plain":
                work = plain_run(orders, financed, interest, today)
                runs["plain"].append(measure("plain invoices", work))
            else:
                runs["addon"].append(measure("_cron_financing", addon_run(orders)))
    best = {key: min(values, key=lambda r: r["wall"]) for key, values in runs.items()}
    print(f"\n  best of {ROUNDS}, per instalment")
    print("    run                 wall s   ms/inv   queries   q/inv   precommit s")
    for key in ("plain", "addon"):
        r = best[key]
        print(
            f"    {key:<16} {r['wall']:9.2f} {r['wall'] * 1000 / N:8.2f} {r['q']:9d}"
            f" {r['q'] / N:7.2f} {r['pre']:11.2f}"
        )
    ratio = best["addon"]["wall"] / best["plain"]["wall"]
    print(f"\n  ratio addon / plain: {ratio:.2f}x (target <= 1.5x)")
    if errors:
        print("\nFAILED: " + "; ".join(errors))
    env.cr.rollback()
    print("\nRolled back: nothing was committed.")
    if errors:
        sys.exit(1)


main()
