"""Bill changes of a decision (R10-01-06) and the amount to pay for a recurso (Ley
142 de 1994 art. 155).

The billing claim of ``PqrCase._create_pqr`` is received Tue 3 Mar 2026; decided Tue
17 Mar and notified personally Wed 18 Mar, its recurso window runs 19, 20, (23
holiday) 24, 25, 26 Mar: it can be closed from Fri 27 Mar. The disputed bill of
February (100,000, untaxed) has two lines: the fixed charge (40,000) and the
consumption (60,000).
"""

import base64
import io
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import MODULE
from .test_field_orders import FieldOrderCase
from .test_resolution import bog


@tagged("post_install", "-at_install")
class BillChangeCase(FieldOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = cls.users["billing"]
        cls.consumption = cls.env["product.product"].create(
            {"name": "Acueducto consumo (m³)"}
        )
        cls.accountant = new_test_user(
            cls.env,
            login="pqr_test_accountant",
            groups="account.group_account_manager",
        )

    def _bill(self, day=date(2026, 2, 10), fixed=40000, consumption=60000):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "pqr_service_account_id": self.account.id,
                "invoice_date": day,
                "invoice_date_due": day + timedelta(days=20),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "name": "Cargo fijo",
                            "price_unit": fixed,
                            "tax_ids": [],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.consumption.id,
                            "name": "Consumo 20 m³",
                            "quantity": 20,
                            "price_unit": consumption / 20,
                            "tax_ids": [],
                        }
                    ),
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _granted_claim(self, response=2, invoice=None, disputed=60000):
        """A billing claim on ``invoice``, decided with ``response`` and notified."""
        invoice = invoice or self._bill()
        pqr = self._billing_claim()
        pqr.write(
            {"invoice_ids": [Command.set(invoice.ids)], "amount_disputed": disputed}
        )
        self._decide(pqr, bog(2026, 3, 17, 10), response=response)
        self._notify_personally(pqr, bog(2026, 3, 18, 9))
        return pqr, invoice

    def _adjust(self, pqr, invoice, kind, amounts, user=None, when=None, **vals):
        """Post a bill change of ``kind`` with ``amounts`` per product line."""
        user = user or self.billing
        with freeze_time(when or bog(2026, 3, 20, 9)):
            wizard = (
                self.env["pqr.request.adjust.bill"]
                .with_user(user)
                .with_context(default_request_id=pqr.id)
                .create({"invoice_id": invoice.id, "kind": kind, **vals})
            )
            for line, amount in zip(
                wizard.line_ids.sorted(lambda w: w.move_line_id.sequence),
                amounts,
                strict=True,
            ):
                line.amount = amount
            wizard.action_confirm()
        return pqr.sudo().bill_adjustment_ids


@tagged("post_install", "-at_install")
class TestBillChanges(BillChangeCase):
    def test_credit_note_from_a_granted_claim(self):
        pqr, invoice = self._granted_claim(response=2)  # partially grants
        self.assertEqual(pqr.bill_adjustment_state, "pending")
        with self.assertRaisesRegex(UserError, "R10-01-06"):
            self._close(pqr, bog(2026, 3, 27, 9))
        self.assertEqual(pqr.state, "notified")

        # 35,000 of the consumption credited; the fixed charge stays
        credit = self._adjust(pqr, invoice, "credit", [0, 35000])
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.amount_total, 35000)
        self.assertEqual(credit.amount_total_signed, -35000)
        self.assertEqual(credit.invoice_line_ids.mapped("price_subtotal"), [35000])
        self.assertEqual(credit.reversed_entry_id, invoice, "Odoo's reversal")
        # linked both ways, with the cause and who posted it
        self.assertEqual(credit.pqr_request_id, pqr)
        self.assertEqual(credit.pqr_adjusted_invoice_id, invoice)
        self.assertEqual(credit.pqr_adjustment_kind, "credit_note")
        self.assertEqual(credit.pqr_posted_by_id, self.billing)
        self.assertEqual(credit.create_uid, self.billing)
        self.assertEqual(invoice.pqr_adjustment_ids, credit)
        self.assertEqual(invoice._pqr_requests(), pqr)
        self.assertEqual(credit._pqr_requests(), pqr)
        self.assertEqual(pqr.sudo().bill_adjustment_count, 1)
        action = invoice.with_user(self.clerk).action_view_pqr_requests()
        self.assertEqual(action["res_id"], pqr.id)
        action = pqr.with_user(self.billing).action_view_bill_adjustments()
        self.assertEqual(self.env["account.move"].search(action["domain"]), credit)
        # the cause as the SUI reads it: its code, its name in Spanish
        cause = credit.pqr_rebilling_cause_id
        self.assertEqual(cause.code, "1", "a direct claim of the user")
        self.assertEqual(
            cause.with_context(lang="es_CO").name, "Reclamo directo del usuario"
        )
        # the credit note pays the invoice as far as it goes
        self.assertEqual(invoice.amount_residual, 65000)
        self.assertTrue(self._messages(pqr, credit.name))
        # now the PQR closes
        self.assertEqual(pqr.bill_adjustment_state, "posted")
        self._close(pqr, bog(2026, 3, 27, 9))
        self.assertEqual(pqr.state, "closed")

    def test_full_credit_note(self):
        pqr, invoice = self._granted_claim(response=1, disputed=100000)
        credit = self._adjust(pqr, invoice, "credit", [40000, 60000])
        self.assertEqual(credit.amount_total, 100000)
        self.assertEqual(
            credit.invoice_line_ids.mapped("quantity"), [1, 20], "lines kept whole"
        )
        self.assertEqual(invoice.amount_residual, 0)
        self.assertEqual(invoice.payment_state, "reversed")

    def test_rebilling_reverses_and_bills_the_corrected_amounts(self):
        pqr, invoice = self._granted_claim(response=1)
        moves = self._adjust(pqr, invoice, "rebill", [40000, 20000])
        reversal = moves.filtered(lambda m: m.pqr_adjustment_kind == "reversal")
        corrected = moves.filtered(
            lambda m: m.pqr_adjustment_kind == "corrected_invoice"
        )
        self.assertEqual(reversal.move_type, "out_refund")
        self.assertEqual(reversal.amount_total, 100000)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.pqr_posted_by_id, self.billing)
        self.assertEqual(corrected.move_type, "out_invoice")
        self.assertEqual(corrected.state, "posted")
        self.assertEqual(corrected.amount_total, 60000)
        self.assertEqual(corrected.pqr_adjusted_invoice_id, invoice)
        self.assertEqual(corrected.pqr_service_account_id, self.account)
        self.assertEqual(invoice.amount_residual, 0, "the reversal settles it")
        self.assertEqual(corrected.amount_residual, 60000, "the corrected bill is due")
        self.assertEqual(sum(moves.mapped("amount_total_signed")), -40000)
        self.assertEqual(pqr.bill_adjustment_state, "posted")

    def test_debit_note_bills_what_was_missing(self):
        pqr, invoice = self._granted_claim(response=2)
        debit = self._adjust(pqr, invoice, "debit", [0, 15000])
        self.assertEqual(debit.move_type, "out_invoice")
        self.assertEqual(debit.debit_origin_id, invoice, "Odoo's debit note")
        self.assertEqual(debit.amount_total, 15000)
        self.assertEqual(debit.pqr_adjustment_kind, "debit_note")
        self.assertEqual(invoice.amount_residual, 100000)

    def test_what_cannot_be_adjusted(self):
        # a decision that grants nothing needs no change and gets none
        pqr, invoice = self._granted_claim(response=3)
        self.assertEqual(pqr.bill_adjustment_state, "none")
        with self.assertRaisesRegex(UserError, "no decision that changes the bill"):
            pqr.with_user(self.billing).action_adjust_bill()
        self._close(pqr, bog(2026, 3, 27, 9))
        # only Billing adjusts
        pqr, invoice = self._granted_claim(response=2)
        for role in ("clerk", "manager", "area", "technician"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                pqr.with_user(self.users[role]).action_adjust_bill()
        with self.assertRaises(AccessError):
            self._adjust(pqr, invoice, "credit", [0, 1000], user=self.clerk)
        # never more than billed, line by line and in total
        with self.assertRaisesRegex(UserError, "at most"):
            self._adjust(pqr, invoice, "credit", [0, 60001])
        self._adjust(pqr, invoice, "credit", [30000, 50000])
        with self.assertRaisesRegex(UserError, "already credited"):
            self._adjust(pqr, invoice, "credit", [20000, 1000])
        with self.assertRaisesRegex(UserError, "changes nothing"):
            self._adjust(pqr, invoice, "debit", [0, 0])
        with self.assertRaisesRegex(UserError, "future"):
            self._adjust(pqr, invoice, "debit", [0, 10], date=date(2026, 3, 21))
        # another customer's invoice
        other = self._bill()
        other.button_draft()
        other.partner_id = self.other_customer
        other.action_post()
        with self.assertRaisesRegex(UserError, "of the petitioner"):
            self._adjust(pqr, other, "credit", [0, 1000])

    def test_the_link_is_set_only_by_adjust_bill(self):
        pqr, invoice = self._granted_claim(response=2)
        credit = self._adjust(pqr, invoice, "credit", [0, 1000])
        Move = self.env["account.move"].with_user(self.accountant)
        for vals in (
            {"pqr_request_id": False},
            {
                "pqr_rebilling_cause_id": self.env.ref(
                    f"{MODULE}.pqr_rebilling_cause_4"
                ).id
            },
            {"pqr_posted_by_id": self.accountant.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                credit.with_user(self.accountant).write(vals)
        with self.assertRaises(UserError):
            Move.create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "pqr_request_id": pqr.id,
                }
            )
        # an accountant outside Billing may reset it to draft (Odoo's right) but
        # not post it again: posting a PQR's bill change is Billing's
        credit.with_user(self.accountant).button_draft()
        with self.assertRaises(AccessError):
            credit.with_user(self.accountant).action_post()
        self.assertEqual(pqr.bill_adjustment_state, "pending")
        self.env["res.users"].browse(self.accountant.id).groups_id = [
            Command.link(self.env.ref(f"{MODULE}.group_pqr_billing").id)
        ]
        credit.with_user(self.accountant).action_post()
        self.assertEqual(credit.pqr_posted_by_id, self.accountant)
        self.assertEqual(pqr.bill_adjustment_state, "posted")

    def test_manager_closes_without_a_bill_change(self):
        pqr, _invoice = self._granted_claim(response=1)
        with freeze_time(bog(2026, 3, 27, 9)):
            with self.assertRaises(AccessError):
                pqr.with_user(self.clerk).action_close_without_bill_change("Ya se hizo")
            with self.assertRaisesRegex(UserError, "reason"):
                pqr.with_user(self.manager).action_close_without_bill_change("  ")
            pqr.with_user(self.manager).action_close_without_bill_change(
                "Nota crédito 4411 del sistema comercial"
            )
        self.assertEqual(pqr.state, "closed")
        self.assertEqual(pqr.bill_adjustment_state, "waived")
        self.assertEqual(pqr.bill_adjustment_waived_by_id, self.manager)
        self.assertTrue(self._messages(pqr, "Nota crédito 4411"))
        # a legal fact: never by editing, nor over a context key
        with self.assertRaises(UserError):
            pqr.with_user(self.manager).write({"bill_adjustment_waiver": "otra"})

    def test_the_window_still_holds_with_the_waiver(self):
        pqr, _invoice = self._granted_claim(response=1)
        # assertRaises rolls back to a savepoint, as the request's transaction would
        with freeze_time(bog(2026, 3, 25, 9)), self.assertRaises(UserError) as caught:
            pqr.with_user(self.manager).action_close_without_bill_change("Motivo")
        self.assertIn("recurso window", str(caught.exception))
        pqr.invalidate_recordset()
        self.assertFalse(pqr.bill_adjustment_waiver, "nothing recorded")
        self.assertEqual(pqr.bill_adjustment_state, "pending")

    def test_a_recurso_that_modifies_carries_the_bill_change(self):
        pqr, invoice = self._granted_claim(response=2)
        with freeze_time(bog(2026, 3, 24, 10)):
            recurso = pqr.with_user(self.clerk).action_file_recurso()
        self._decide(recurso, bog(2026, 4, 8, 10), response=5)  # Modifies
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        self.assertEqual(pqr.bill_adjustment_state, "none", "replaced by the recurso's")
        self.assertEqual(recurso.bill_adjustment_state, "pending")
        with self.assertRaisesRegex(UserError, "R10-01-06"):
            self._close(recurso, bog(2026, 4, 10, 9))
        credit = self._adjust(
            recurso, invoice, "credit", [0, 60000], when=bog(2026, 4, 10, 9)
        )
        self.assertEqual(credit.pqr_rebilling_cause_id.code, "3", "the company's")
        self._close(recurso, bog(2026, 4, 10, 10))
        self.assertEqual(recurso.state, "closed")
        self.assertEqual(pqr.state, "closed", "the parent closes with its recurso")

    def test_a_confirmed_grant_waits_for_its_own_bill_change(self):
        pqr, invoice = self._granted_claim(response=2)
        with freeze_time(bog(2026, 3, 24, 10)):
            recurso = pqr.with_user(self.clerk).action_file_recurso()
        self._decide(recurso, bog(2026, 4, 8, 10), response=4)  # Confirms
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        self._close(recurso, bog(2026, 4, 10, 9))
        self.assertEqual(recurso.bill_adjustment_state, "none")
        self.assertEqual(pqr.bill_adjustment_state, "pending")
        self.assertEqual(pqr.state, "notified", "it waits for its bill change")
        self._adjust(pqr, invoice, "credit", [0, 20000], when=bog(2026, 4, 13, 9))
        self.assertEqual(pqr.state, "closed", "posting it closes the decision")

    def test_a_decision_of_the_sspd_that_revokes(self):
        pqr, invoice = self._granted_claim(response=3)  # does not grant
        with freeze_time(bog(2026, 3, 24, 10)):
            recurso = pqr.with_user(self.clerk).action_file_recurso(apelacion=True)
        self._decide(recurso, bog(2026, 4, 8, 10), response=4)  # Confirms
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        with freeze_time(bog(2026, 4, 10, 9)):
            recurso.with_user(self.clerk).action_transfer_sspd()
            recurso.with_user(self.clerk).action_record_sspd_decision(
                "revokes", date(2026, 4, 10)
            )
        self.assertEqual(recurso.state, "closed", "the Superintendencia decided")
        self.assertEqual(recurso.bill_adjustment_state, "pending")
        self.assertEqual(pqr.bill_adjustment_state, "none")
        credit = self._adjust(
            recurso, invoice, "credit", [0, 60000], when=bog(2026, 4, 13, 9)
        )
        self.assertEqual(credit.pqr_rebilling_cause_id.code, "2")
        self.assertEqual(recurso.bill_adjustment_state, "posted")


@tagged("post_install", "-at_install")
class TestUndisputedAmount(BillChangeCase):
    def test_undisputed_amount_and_average_from_the_invoices(self):
        # six earlier monthly bills of the account, the oldest outside the five
        history = [
            self._bill(date(2025, month, 10), fixed=40000, consumption=amount)
            for month, amount in (
                (8, 100000),
                (9, 10000),
                (10, 20000),
                (11, 30000),
                (12, 40000),
            )
        ] + [self._bill(date(2026, 1, 10), fixed=40000, consumption=50000)]
        self.assertEqual(len(history), 6)
        # a reversed bill and a debit note are not periods
        reversed_bill = self._bill(date(2026, 1, 20), consumption=900000)
        reversed_bill._reverse_moves(cancel=True)
        pqr, invoice = self._granted_claim(response=2, disputed=60000)
        self.assertEqual(pqr.amount_invoiced, 100000)
        self.assertEqual(pqr.amount_undisputed, 40000)
        # Sep-Jan: (50,000 + 60,000 + 70,000 + 80,000 + 90,000) / 5
        self.assertEqual(pqr.average_period_count, 5)
        self.assertEqual(pqr.amount_average_periods, 70000)
        self.assertEqual(pqr.sudo().amount_paid_disputed, 0)
        self._pay(invoice, bog(2026, 3, 19, 9), amount=40000)
        pqr.invalidate_recordset()
        self.assertEqual(pqr.sudo().amount_paid_disputed, 40000)
        # frozen with the decision
        with self.assertRaises(UserError):
            pqr.write({"amount_disputed": 10})
        with self.assertRaises(UserError):
            pqr.write({"amount_undisputed": 10})

    def test_whole_bill_disputed_requires_nothing(self):
        pqr = self._billing_claim()
        pqr.write(
            {"invoice_ids": [Command.set(self._bill().ids)], "amount_disputed": 100000}
        )
        self.assertEqual(pqr.amount_undisputed, 0)
        self.assertEqual(pqr.average_period_count, 0)
        self.assertEqual(pqr.amount_average_periods, 0)


@tagged("post_install", "-at_install")
class TestBillChangeReport(BillChangeCase):
    def test_r10_01_06_workbook(self):
        pqr, invoice = self._granted_claim(response=2)
        credit = self._adjust(pqr, invoice, "credit", [0, 35000])
        pqr2, invoice2 = self._granted_claim(response=1)
        rebill = self._adjust(pqr2, invoice2, "rebill", [40000, 50000])
        with freeze_time(bog(2026, 3, 31, 9)):
            wizard = (
                self.env["pqr.bill.change.export"]
                .with_user(self.billing)
                .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
            )
            action = wizard.action_export()
        self.assertIn(
            f"/web/content/pqr.bill.change.export/{wizard.id}/", action["url"]
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        rows = list(book["R10-01-06"].iter_rows(values_only=True))
        body = rows[1:-1]
        self.assertEqual(len(body), 3)
        by_move = {row[4]: row for row in body}
        row = by_move[credit.name]
        self.assertEqual(row[0], "2026-03")
        self.assertEqual(row[2], pqr.name)
        self.assertEqual(row[3], invoice.name)
        self.assertEqual(row[6], -35000)
        self.assertEqual(row[7], "1")
        self.assertEqual(row[9], self.billing.name)
        self.assertEqual(sorted(by_move[m.name][6] for m in rebill), [-100000, 90000])
        self.assertEqual(rows[-1][6], -45000, "the total")
        # a period without changes: headers and a zero total
        wizard.write({"date_from": date(2026, 4, 1), "date_to": date(2026, 4, 30)})
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(len(list(book.active.iter_rows())), 2)
        # the pivot's figures: by cause, with _read_group
        groups = (
            self.env["account.move"]
            .with_user(self.billing)
            ._read_group(
                [
                    ("pqr_request_id", "in", (pqr | pqr2).ids),
                    ("state", "=", "posted"),
                ],
                ["pqr_rebilling_cause_id"],
                ["amount_total_signed:sum"],
            )
        )
        self.assertEqual({cause.code: total for cause, total in groups}, {"1": -45000})

    def test_technicians_and_portal_see_no_bill_change(self):
        pqr, invoice = self._granted_claim(response=2)
        credit = self._adjust(pqr, invoice, "credit", [0, 1000])
        with self.assertRaises(AccessError):
            credit.with_user(self.users["technician"]).read(["pqr_request_id"])
        with self.assertRaises(AccessError):
            self.env["pqr.bill.change.export"].with_user(
                self.users["technician"]
            ).create({})
        # the portal customer reads her credit note (Odoo's rule), not the link
        self.assertNotIn(
            "pqr_claim_ids",
            credit.with_user(self.portal_user).fields_get(["pqr_claim_ids"]),
        )


@tagged("post_install", "-at_install")
class TestBillChangeRpc(BillChangeCase, HttpCase):
    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http")
    def test_links_and_waiver_refused_over_rpc(self):
        pqr, invoice = self._granted_claim(response=2)
        credit = self._adjust(pqr, invoice, "credit", [0, 1000])
        self.env["res.users"].browse(self.billing.id).groups_id = [
            Command.link(self.env.ref("account.group_account_manager").id)
        ]
        self.authenticate(self.billing.login, self.billing.login)
        for vals in (
            {"pqr_request_id": False},
            {"pqr_posted_by_id": self.accountant.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._call(
                    "account.move",
                    "write",
                    [[credit.id], vals],
                    {"context": {"pqr_transition": True}},
                )
        with self.assertRaises(JsonRpcException):
            self._call(
                "pqr.request",
                "write",
                [[pqr.id], {"bill_adjustment_waiver": "x"}],
                {"context": {"pqr_transition": True}},
            )
        with self.assertRaises(JsonRpcException):  # billing is no PQR manager
            self._call(
                "pqr.request", "action_close_without_bill_change", [[pqr.id], "x"]
            )
        credit.invalidate_recordset()
        pqr.invalidate_recordset()
        self.assertEqual(credit.pqr_request_id, pqr)
        self.assertFalse(pqr.bill_adjustment_waiver)
