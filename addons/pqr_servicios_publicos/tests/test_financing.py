"""Debt financing orders (R10-01-05) on Odoo's accounting.

The schedules are checked line by line against numbers worked out independently in
this file (``decimal`` arithmetic, ROUND_HALF_UP, written out for the first case);
dates run on a controlled clock (freezegun), never on sleeps.
"""

import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from freezegun import freeze_time
from PyPDF2 import PdfFileReader

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..models.pqr_financing_order import french_schedule
from .common import MODULE, render_pdf_text
from .test_field_orders import PNG, FieldOrderCase
from .test_resolution import bog

CENT = Decimal("0.01")


def reference_schedule(amount, rate_percent, count):
    """The French schedule worked out with decimals, independently of the addon:
    (principal, interest, instalment, balance after) per line."""
    amount, rate = Decimal(str(amount)), Decimal(str(rate_percent)) / 100
    if rate:
        installment = (amount * rate / (1 - (1 + rate) ** -count)).quantize(
            CENT, ROUND_HALF_UP
        )
    else:
        installment = (amount / count).quantize(CENT, ROUND_HALF_UP)
    balance, lines = amount, []
    for number in range(1, count + 1):
        interest = (balance * rate).quantize(CENT, ROUND_HALF_UP)
        principal = balance if number == count else installment - interest
        balance -= principal
        lines.append(
            (
                float(principal),
                float(interest),
                float(principal + interest),
                float(balance),
            )
        )
    return lines


@tagged("post_install", "-at_install")
class TestFinancingSchedule(FieldOrderCase):
    def _schedule(self, amount, rate, count, first=date(2026, 4, 15)):
        return french_schedule(amount, rate, count, first, self.env.ref("base.COP"))

    def test_schedule_worked_out_by_hand(self):
        # 1,000,000 at 2 % a month in 3 instalments:
        # A = 1,000,000 x 0.02 / (1 - 1.02^-3) = 20,000 / 0.0576776... = 346,754.67
        # 1: interest 20,000.00, principal 326,754.67, balance 673,245.33
        # 2: interest 673,245.33 x 0.02 = 13,464.9066 -> 13,464.91, principal
        #    333,289.76, balance 339,955.57
        # 3: interest 6,799.1114 -> 6,799.11, principal 339,955.57 (the rest),
        #    instalment 346,754.68
        lines = self._schedule(1000000, 2, 3)
        self.assertEqual(
            [
                (
                    line["amount_principal"],
                    line["amount_interest"],
                    line["amount_installment"],
                    line["balance"],
                )
                for line in lines
            ],
            [
                (326754.67, 20000.00, 346754.67, 673245.33),
                (333289.76, 13464.91, 346754.67, 339955.57),
                (339955.57, 6799.11, 346754.68, 0.0),
            ],
        )
        self.assertEqual(
            [line["date_due"] for line in lines],
            [date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 15)],
        )

    def test_schedules_against_the_reference(self):
        cases = [
            (64000, 1.5, 4),
            (2500000, 1.8, 6),
            (100000, 0, 3),
            (1000000, 0, 7),
            (350000.50, 2.1, 5),
            (12345678.91, 1.25, 36),
            (999.99, 1.99, 12),
            (80000, 0.5, 1),
        ]
        for amount, rate, count in cases:
            with self.subTest(amount=amount, rate=rate, count=count):
                lines = self._schedule(amount, rate, count)
                expected = reference_schedule(amount, rate, count)
                self.assertEqual(len(lines), count)
                for line, (principal, interest, installment, balance) in zip(
                    lines, expected, strict=True
                ):
                    self.assertAlmostEqual(line["amount_principal"], principal, 2)
                    self.assertAlmostEqual(line["amount_interest"], interest, 2)
                    self.assertAlmostEqual(line["amount_installment"], installment, 2)
                    self.assertAlmostEqual(line["balance"], balance, 2)
                # principals add up to the financed amount exactly
                total = sum(Decimal(str(line["amount_principal"])) for line in lines)
                self.assertEqual(total, Decimal(str(amount)).quantize(CENT))
                # constant instalment, except maybe the last
                self.assertEqual(
                    len({line["amount_installment"] for line in lines[:-1]}),
                    min(1, count - 1),
                )

    def test_rate_zero_gives_equal_principals(self):
        lines = self._schedule(100000, 0, 3)
        self.assertEqual(
            [line["amount_principal"] for line in lines], [33333.33, 33333.33, 33333.34]
        )
        self.assertEqual({line["amount_interest"] for line in lines}, {0.0})

    def test_due_dates_on_the_last_day_of_short_months(self):
        lines = self._schedule(40000, 1, 4, first=date(2026, 1, 31))
        self.assertEqual(
            [line["date_due"] for line in lines],
            [
                date(2026, 1, 31),
                date(2026, 2, 28),
                date(2026, 3, 31),
                date(2026, 4, 30),
            ],
        )

    def test_amount_in_words(self):
        words = self.env["pqr.financing.order"].amount_to_words_co
        cases = {
            0: "CERO PESOS M/CTE",
            1: "UN PESO M/CTE",
            2: "DOS PESOS M/CTE",
            21: "VEINTIÚN PESOS M/CTE",
            31: "TREINTA Y UN PESOS M/CTE",
            100: "CIEN PESOS M/CTE",
            101: "CIENTO UN PESOS M/CTE",
            1000: "MIL PESOS M/CTE",
            1001: "MIL UN PESOS M/CTE",
            21000: "VEINTIÚN MIL PESOS M/CTE",
            101000: "CIENTO UN MIL PESOS M/CTE",
            221000: "DOSCIENTOS VEINTIÚN MIL PESOS M/CTE",
            1000000: "UN MILLÓN DE PESOS M/CTE",
            1250000: "UN MILLÓN DOSCIENTOS CINCUENTA MIL PESOS M/CTE",
            2000000: "DOS MILLONES DE PESOS M/CTE",
            21000000: "VEINTIÚN MILLONES DE PESOS M/CTE",
            21000021: "VEINTIÚN MILLONES VEINTIÚN PESOS M/CTE",
            1000000000: "MIL MILLONES DE PESOS M/CTE",
            10.50: "DIEZ PESOS CON CINCUENTA CENTAVOS M/CTE",
            1000000.01: "UN MILLÓN DE PESOS CON UN CENTAVO M/CTE",
            346754.67: "TRESCIENTOS CUARENTA Y SEIS MIL SETECIENTOS CINCUENTA Y CUATRO "
            "PESOS CON SESENTA Y SIETE CENTAVOS M/CTE",
        }
        for amount, text in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(words(amount), text)
        with self.assertRaises(UserError):
            words(-1)


class FinancingCase(FieldOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.billing = cls.users["billing"]
        cls.financed_account = cls.env["account.account"].create(
            {
                "code": "139099",
                "name": "Cartera financiada (prueba)",
                "account_type": "asset_current",
            }
        )
        cls.interest_account = cls.env["account.account"].create(
            {
                "code": "421099",
                "name": "Intereses de financiación (prueba)",
                "account_type": "income",
            }
        )
        company.write(
            {
                "pqr_financed_account_id": cls.financed_account.id,
                "pqr_financing_interest_account_id": cls.interest_account.id,
                "pqr_min_down_payment_percent": 10,
                "pqr_financing_default_installments": 3,
            }
        )
        Rate = cls.env["pqr.usury.rate"]
        # the demo's example rates cover the months before the install day (the
        # tests run after 2026-03)
        cls.rate_march = Rate.create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "annual_rate": 26.76,
                "resolution": "Resolución 0345 de 2026",
            }
        )
        cls.Financing = cls.env["pqr.financing.order"]

    def _debt(self):
        """Two overdue invoices of 40,000 (31 Jan and 28 Feb 2026)."""
        return self._invoice(date(2026, 1, 31)) | self._invoice(date(2026, 2, 28))

    def _draft(self, invoices, user=None, **vals):
        values = {
            "partner_id": self.customer.id,
            "service_account_id": self.account.id,
            "source_invoice_ids": [Command.set(invoices.ids)],
            "down_payment_amount": 16000,
            "installment_count": 4,
            "interest_rate": 1.5,
            "first_due_date": date(2026, 4, 15),
            "signer_name": "Ana Suscriptora",
            "signer_vat": "1020304050",
            "signature": PNG,
        }
        values.update(vals)
        return self.Financing.with_user(user or self.clerk).create(values)

    def _signed(self, invoices=None, when=None, **vals):
        order = self._draft(invoices or self._debt(), **vals)
        with freeze_time(when or bog(2026, 3, 10, 9)):
            order.with_user(self.clerk).action_sign()
        return order

    def _active(self, when=None, **vals):
        invoices = self._debt()
        order = self._signed(invoices, **vals)
        self._pay(
            invoices, when or bog(2026, 3, 10, 10), amount=order.down_payment_amount
        )
        with freeze_time(when or bog(2026, 3, 10, 10)):
            order.with_user(self.billing).action_activate()
        return order

    def _cron(self, day):
        with freeze_time(datetime(day.year, day.month, day.day, 12)):
            self.Financing._cron_financing()


@tagged("post_install", "-at_install")
class TestFinancingTerms(FinancingCase):
    def test_draft_schedule_and_debt(self):
        invoices = self._debt()
        order = self._draft(invoices)
        self.assertTrue(order.name.startswith("FIN-"))
        self.assertEqual(order.amount_debt, 80000)
        self.assertEqual(order.amount_financed, 64000)
        order.with_user(self.clerk).action_compute_schedule()
        self.assertEqual(
            order.line_ids.mapped("amount_installment"),
            [16604.47, 16604.47, 16604.47, 16604.46],
        )
        self.assertEqual(sum(order.line_ids.mapped("amount_principal")), 64000)
        # recomputing replaces the lines
        order.installment_count = 2
        order.with_user(self.clerk).action_compute_schedule()
        self.assertEqual(len(order.line_ids), 2)

    def test_usury_cap_refused_with_the_rate_named(self):
        # 2.5 % a month is (1.025^12 - 1) = 34.49 % effective annual > 26.76 %
        order = self._draft(self._debt(), interest_rate=2.5)
        with freeze_time(bog(2026, 3, 10, 9)), self.assertRaises(UserError) as error:
            order.with_user(self.clerk).action_sign()
        message = str(error.exception)
        self.assertIn("Resolución 0345 de 2026", message)
        self.assertIn(self.Financing.with_user(self.clerk)._pqr_percent(26.76), message)
        self.assertEqual(order.state, "draft")
        # 1.99 % a month is 26.68 % effective annual: allowed
        order.interest_rate = 1.99
        with freeze_time(bog(2026, 3, 10, 9)):
            order.with_user(self.clerk).action_sign()
        self.assertEqual(order.state, "signed")
        self.assertEqual(order.usury_rate_id, self.rate_march)

    def test_past_the_last_rate_the_latest_applies_with_a_warning(self):
        order = self._draft(self._debt(), first_due_date=date(2026, 5, 15))
        with freeze_time(bog(2026, 4, 10, 9)):
            order.invalidate_recordset(["usury_warning"])
            self.assertIn("Resolución 0345 de 2026", order.usury_warning)
            order.with_user(self.clerk).action_sign()
        self.assertEqual(order.usury_rate_id, self.rate_march)
        # no rate at all: refused, clearly
        order_2 = self._draft(
            self._invoice(date(2026, 1, 15)), down_payment_amount=4000
        )
        with freeze_time(bog(2026, 2, 10, 9)), self.assertRaises(UserError) as error:
            order_2.with_user(self.clerk).action_sign()
        self.assertIn("usury", str(error.exception))

    def test_minimum_down_payment_refused(self):
        order = self._draft(self._debt(), down_payment_amount=5000)
        with freeze_time(bog(2026, 3, 10, 9)), self.assertRaises(UserError) as error:
            order.with_user(self.clerk).action_sign()
        percent = self.Financing.with_user(self.clerk)._pqr_percent(10)
        self.assertIn(f"{percent} %", str(error.exception))
        self.assertIn(
            order.with_user(self.clerk)._pqr_money(8000), str(error.exception)
        )

    def test_signing_needs_the_signature_and_a_future_first_due_date(self):
        order = self._draft(self._debt(), signature=False)
        with freeze_time(bog(2026, 3, 10, 9)), self.assertRaises(UserError):
            order.with_user(self.clerk).action_sign()
        order.write({"signature": PNG, "first_due_date": date(2026, 3, 10)})
        with freeze_time(bog(2026, 3, 10, 9)), self.assertRaises(UserError):
            order.with_user(self.clerk).action_sign()

    def test_signed_terms_are_frozen(self):
        order = self._signed()
        self.assertEqual(order.state, "signed")
        self.assertTrue(order.agreement_file)
        for user in (self.clerk, self.billing, self.manager):
            for vals in (
                {"state": "active"},
                {"interest_rate": 0.5},
                {"down_payment_amount": 1},
                {"amount_debt": 1},
                {"date_signed": "2026-01-01 00:00:00"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(UserError),
                ):
                    order.with_user(user).write(vals)
        with self.assertRaises(UserError):
            order.line_ids[0].with_user(self.billing).write({"amount_principal": 1})
        with self.assertRaises(UserError):
            order.with_user(self.manager).unlink()
        # a draft cannot be created in another state either
        with self.assertRaises(UserError):
            self._draft(self._debt(), state="active")

    def test_invoices_of_another_customer_refused(self):
        other = self.env["res.partner"].create({"name": "Tercero"})
        invoice = self._invoice(date(2026, 1, 31))
        invoice.button_draft()
        invoice.partner_id = other
        invoice.action_post()
        with self.assertRaises(ValidationError):
            self._draft(invoice)


@tagged("post_install", "-at_install")
class TestFinancingAccounting(FinancingCase):
    def test_activation_needs_the_down_payment(self):
        order = self._signed()
        with freeze_time(bog(2026, 3, 10, 10)), self.assertRaises(UserError) as error:
            order.with_user(self.billing).action_activate()
        money = order.with_user(self.billing)._pqr_money(16000)
        self.assertIn(money, str(error.exception))
        # clerks prepare and sign; only billing activates
        with self.assertRaises(AccessError):
            order.with_user(self.clerk).action_activate()

    def test_activation_reconciles_the_source_invoices(self):
        order = self._active()
        self.assertEqual(order.state, "active")
        invoices = order.source_invoice_ids
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        move = order.activation_move_id
        self.assertEqual(move.state, "posted")
        financed = move.line_ids.filtered(
            lambda ml: ml.account_id == self.financed_account
        )
        self.assertEqual(financed.debit, 64000)
        receivable = move.line_ids - financed
        self.assertEqual(sum(receivable.mapped("credit")), 64000)
        self.assertTrue(all(receivable.mapped("reconciled")))
        # the invoices were paid by reconciliation, never edited
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(order.amount_balance, 64000)
        self.assertEqual(order.next_due_date, date(2026, 4, 15))
        # the invoice shows the order it belongs to
        self.assertEqual(
            invoices[0].with_user(self.billing).pqr_financing_order_ids, order
        )

    def test_instalments_invoiced_once_paid_and_balance(self):
        order = self._active()
        self._cron(date(2026, 4, 14))
        self.assertFalse(order.line_ids.invoice_id)
        self._cron(date(2026, 4, 15))
        self._cron(date(2026, 4, 15))  # twice: one invoice per line
        first = order.line_ids[0]
        self.assertEqual(len(order.invoice_ids), 1)
        invoice = first.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 16604.47)
        self.assertEqual(invoice.invoice_date_due, date(2026, 4, 15))
        self.assertEqual(invoice.pqr_service_account_id, self.account)
        lines = invoice.invoice_line_ids
        self.assertEqual(
            lines.filtered(
                lambda ml: ml.account_id == self.financed_account
            ).price_subtotal,
            15644.47,
        )
        self.assertEqual(
            lines.filtered(
                lambda ml: ml.account_id == self.interest_account
            ).price_subtotal,
            960.00,
        )
        self.assertIn(invoice, first.invoice_id)
        self.assertEqual(invoice.with_user(self.billing).pqr_financing_order_ids, order)
        # paid: the line follows, the balance drops by its principal
        self._pay(invoice, bog(2026, 4, 16, 9))
        self.assertTrue(first.paid)
        self.assertEqual(order.amount_balance, 64000 - 15644.47)
        self.assertEqual(order.next_due_date, date(2026, 5, 15))
        # the rest, month by month, all paid: the order is paid
        for month in (5, 6, 7):
            self._cron(date(2026, month, 15))
            self._pay(order.line_ids[month - 4].invoice_id, bog(2026, month, 16, 9))
        self.assertEqual(len(order.invoice_ids), 4)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_balance, 0)
        self.assertEqual(self.financed_account.current_balance, 0)

    def test_default_after_three_overdue_instalments(self):
        order = self._active(installment_count=6)
        for month in (4, 5, 6):
            self._cron(date(2026, month, 15))
        self.assertEqual(order.state, "active")  # two overdue, the third due today
        self._cron(date(2026, 6, 16))
        self.assertEqual(order.state, "defaulted")
        rest = order.acceleration_invoice_id
        self.assertEqual(rest.state, "posted")
        self.assertAlmostEqual(
            rest.amount_total, sum(order.line_ids[3:].mapped("amount_principal")), 2
        )
        self.assertEqual(order.line_ids[3:].invoice_id, rest)
        # as OdooBot writes it: in the company's language
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "Incumplida: 3 cuotas vencidas" in (m.body or "")
            )
        )
        self._cron(date(2026, 6, 17))  # once
        self.assertEqual(len(order.invoice_ids), 4)
        # every principal billed: the financed account is empty
        self.assertAlmostEqual(self.financed_account.current_balance, 0, 2)

    def test_cancel(self):
        order = self._signed()
        order.with_user(self.clerk).action_cancel()
        self.assertEqual(order.state, "cancelled")
        active = self._active()
        with self.assertRaises(UserError):
            active.with_user(self.billing).action_cancel()
        self.assertEqual(active.state, "active")

    def test_link_invoice_checks_partner_company_and_amount(self):
        order = self._active()
        line = order.line_ids[0]

        def bill(amount, partner=None):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or self.customer).id,
                    "invoice_date": date(2026, 4, 15),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Cuota", "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
            invoice.action_post()
            return invoice

        Link = self.env["pqr.financing.link"].with_user(self.billing)
        for invoice in (bill(16000), bill(16604.47, self.other_customer)):
            with self.assertRaises(UserError):
                Link.create(
                    {"order_id": order.id, "line_id": line.id, "invoice_id": invoice.id}
                ).action_confirm()
        with self.assertRaises(AccessError):
            line.with_user(self.clerk)._pqr_link_invoice(bill(16604.47))
        good = bill(16604.47)
        Link.create(
            {"order_id": order.id, "line_id": line.id, "invoice_id": good.id}
        ).action_confirm()
        self.assertEqual(line.invoice_id, good)
        self._cron(date(2026, 4, 15))  # not billed again
        self.assertEqual(order.line_ids[0].invoice_id, good)
        self.assertEqual(len(order.invoice_ids), 1)

    def test_activation_restores_a_suspended_account(self):
        invoices = self._debt()
        self._suspend(bog(2026, 3, 5, 9))
        self.assertEqual(self.account.service_state, "suspended")
        order = self._signed(invoices)
        self._pay(invoices, bog(2026, 3, 10, 10), amount=order.down_payment_amount)
        Order = self.env["pqr.field.order"]
        restoring = [
            ("service_account_id", "=", self.account.id),
            ("order_type", "=", "reconexion"),
        ]
        self.assertFalse(Order.search(restoring))
        with freeze_time(bog(2026, 3, 10, 11)):
            order.with_user(self.billing).action_activate()
        restoring = Order.search(
            [
                ("service_account_id", "=", self.account.id),
                ("order_type", "=", "reconexion"),
            ]
        )
        self.assertEqual(len(restoring), 1)
        self.assertEqual(restoring.date_cause_removed, bog(2026, 3, 10, 11))
        self.assertEqual(restoring.deadline, bog(2026, 3, 11, 11))
        self.assertIn(order.name, restoring.instructions)

    def test_activation_with_other_overdue_invoices_restores_nothing(self):
        invoices = self._debt()
        self._invoice(date(2026, 2, 10))  # overdue, not financed
        self._suspend(bog(2026, 3, 5, 9))
        order = self._signed(invoices)
        self._pay(invoices, bog(2026, 3, 10, 10), amount=order.down_payment_amount)
        with freeze_time(bog(2026, 3, 10, 11)):
            order.with_user(self.billing).action_activate()
        self.assertFalse(
            self.env["pqr.field.order"].search(
                [
                    ("service_account_id", "=", self.account.id),
                    ("order_type", "=", "reconexion"),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestFinancingAccess(FinancingCase):
    def test_access_per_group(self):
        order = self._signed()
        technician, area = self.users["technician"], self.users["area"]
        for user in (technician, area):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Financing.with_user(user).browse(order.id).read(["name"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._draft(self._debt(), user=user)
        # clerks and billing read; the portal customer reads their own once signed
        for user in (self.clerk, self.billing, self.portal_user):
            self.assertEqual(
                self.Financing.with_user(user)
                .browse(order.id)
                .read(["name"])[0]["name"],
                order.name,
            )
        draft = self._draft(self._debt())
        self.assertFalse(
            self.Financing.with_user(self.portal_user).search([("id", "=", draft.id)])
        )
        stranger = new_test_user(
            self.env, login="pqr_test_portal_stranger", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Financing.with_user(stranger).browse(order.id).read(["name"])
        # nobody but billing and clerks prepares an order; a portal user writes nothing
        with self.assertRaises(AccessError):
            order.with_user(self.portal_user).write({"note": "x"})

    def test_usury_rates_are_kept_by_managers(self):
        values = {
            "date_from": date(2026, 4, 1),
            "date_to": date(2026, 4, 30),
            "annual_rate": 26.5,
            "resolution": "Resolución 0500 de 2026",
        }
        with self.assertRaises(AccessError):
            self.env["pqr.usury.rate"].with_user(self.billing).create(values)
        rate = self.env["pqr.usury.rate"].with_user(self.manager).create(values)
        self.assertEqual(
            rate.with_context(lang="es_CO").display_name,
            "26,50 % E.A. (Resolución 0500 de 2026)",
        )
        with self.assertRaises(ValidationError):
            self.env["pqr.usury.rate"].with_user(self.manager).create(
                dict(values, date_from=date(2026, 3, 20), resolution="Otra")
            )


@tagged("post_install", "-at_install")
class TestFinancingRpcAndPortal(FinancingCase, HttpCase):
    """Over JSON-RPC, as a client would call it, and on the portal."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    @mute_logger("odoo.http")
    def test_state_refused_over_rpc(self):
        order = self._signed()
        self.authenticate(self.billing.login, self.billing.login)
        for vals in ({"state": "active"}, {"state": "paid"}, {"amount_debt": 1}):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._call("pqr.financing.order", "write", [[order.id], vals])
        # a context key grants nothing
        with self.assertRaises(JsonRpcException):
            self._call(
                "pqr.financing.order",
                "write",
                [[order.id], {"state": "active"}],
                {"context": {"pqr_transition": True}},
            )
        order.invalidate_recordset()
        self.assertEqual(order.state, "signed")

    def _images(self, order):
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"{MODULE}.report_pqr_financing_order", order.ids)
        )
        return [
            name
            for page in PdfFileReader(io.BytesIO(pdf)).pages
            for name, obj in (page["/Resources"].get("/XObject") or {}).items()
            if obj.getObject().get("/Subtype") == "/Image"
        ]

    def test_agreement_pdf_in_spanish_with_the_signature(self):
        order = self._signed()
        text = render_pdf_text(self, "report_pqr_financing_order", order)
        for expected in (
            "Orden de financiación (R10-01-05)",
            order.name,
            "Pagaré",
            "Yo, Ana Suscriptora, identificado(a) con documento de identidad 1020304050, "
            "prometo pagar incondicionalmente",
            "la suma de SESENTA Y CUATRO MIL PESOS M/CTE",
            "OCHENTA MIL PESOS M/CTE",
            "Resolución 0345 de 2026",
            "16.604,47",
            "16.604,46",
            "1,50 % mensual (19,56 % efectivo anual)",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        unsigned = self._draft(self._debt(), signature=False)
        unsigned.with_user(self.clerk).action_compute_schedule()
        self.assertEqual(len(self._images(order)), len(self._images(unsigned)) + 1)

    def test_portal_reads_own_order_and_pdf_only(self):
        order = self._signed()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/financing/{order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)
        self.assertIn("16,604.47", page.text)  # the schedule
        pdf = self.url_open(f"/my/financing/{order.id}/agreement")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn(order.name.encode(), pdf.content)
        listing = self.url_open("/my/financing")
        self.assertIn(order.name, listing.text)
        # another customer's order, by URL
        other = self.env["res.partner"].create({"name": "Otro"})
        new_test_user(
            self.env,
            login="pqr_test_portal_other",
            groups="base.group_portal",
            partner_id=other.id,
        )
        self.authenticate("pqr_test_portal_other", "pqr_test_portal_other")
        for url in (f"/my/financing/{order.id}", f"/my/financing/{order.id}/agreement"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (303, 403, 404))
            self.assertNotIn(order.name, response.text)
        self.assertNotIn(order.name, self.url_open("/my/financing").text)
