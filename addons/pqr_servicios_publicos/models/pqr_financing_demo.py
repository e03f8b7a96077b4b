"""Demo data of the financing orders: run once by demo/pqr_financing_demo.xml, through
the same actions a clerk and an accountant use."""

import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import file_open

from .pqr_common import transition

# state reached, first due date (months from today), instalments
PLANS = (
    ("draft", 1, 6),
    ("signed", 1, 6),
    ("active", 1, 12),
    ("paid", -3, 3),
    ("defaulted", -4, 6),
    ("cancelled", 1, 6),
)


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _pqr_demo_colombian_chart(self):
        """The demo utility keeps its books with the Colombian chart of accounts, in
        COP. Odoo gave the main company the generic chart when ``account`` was
        installed (it had no country then); with demo data, loading another chart
        replaces it and its demo entries."""
        company = self.env.ref("base.main_company")
        if company.chart_template == "co":
            return
        self.env.ref("base.COP").active = True
        company.country_id = self.env.ref("base.co")
        self.env["account.chart.template"].try_loading(
            "co", company, install_demo=False
        )
        if company.currency_id != self.env.ref("base.COP"):
            company.currency_id = self.env.ref("base.COP")


class PqrFinancingOrder(models.Model):
    _inherit = "pqr.financing.order"

    @api.model
    def _pqr_demo_populate(self, clerk_id, billing_id, account_ids):
        """The usury rates of the last months (examples, not the certified ones),
        the company's financing accounts, and one order in every state."""
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self)
        start = today.replace(day=1) - relativedelta(months=6)
        self.env["pqr.usury.rate"].create(
            [
                {
                    "date_from": start + relativedelta(months=month),
                    "date_to": start + relativedelta(months=month + 1, days=-1),
                    "annual_rate": 25.0 + month * 0.1,
                    "resolution": f"Ejemplo de demostración {month + 1} (no oficial)",
                }
                for month in range(7)
            ]
        )
        financed = self.env["account.account"].create(
            {
                "code": "139095",
                "name": "Deudores - cartera financiada (acuerdos de pago)",
                "account_type": "asset_current",
                "company_ids": [(6, 0, company.ids)],
            }
        )
        interest = self.env["account.account"].search(
            [("code", "=", "421005"), ("company_ids", "in", company.id)], limit=1
        )
        company.write(
            {
                "pqr_financed_account_id": financed.id,
                "pqr_financing_interest_account_id": interest.id,
            }
        )
        with file_open(
            "pqr_servicios_publicos/static/img/pqr_demo_signature.png", "rb"
        ) as f:
            signature = base64.b64encode(f.read())
        clerk = self.env["res.users"].browse(clerk_id)
        billing = self.env["res.users"].browse(billing_id)
        accounts = self.env["pqr.service.account"].browse(account_ids)
        product = self.env.ref("pqr_servicios_publicos.product_pqr_water_bill_demo")
        for (state, months, count), account in zip(PLANS, accounts, strict=False):
            invoices = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": account.partner_id.id,
                        "pqr_service_account_id": account.id,
                        "invoice_date": today - timedelta(days=days + 150),
                        "invoice_date_due": today - timedelta(days=days + 130),
                        "invoice_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "tax_ids": [],
                                },
                            )
                        ],
                    }
                    for days in (60, 30, 0)
                ]
            )
            invoices.action_post()
            debt = sum(invoices.mapped("amount_residual"))
            down = company.currency_id.round(debt * 0.2)
            first_due = today + relativedelta(months=max(months, 1))
            order = self.with_user(clerk).create(
                {
                    "partner_id": account.partner_id.id,
                    "service_account_id": account.id,
                    "source_invoice_ids": [(6, 0, invoices.ids)],
                    "down_payment_amount": down,
                    "installment_count": count,
                    "interest_rate": 1.5,
                    "first_due_date": first_due,
                }
            )
            order.action_compute_schedule()
            if state == "draft":
                continue
            order.write(
                {
                    "signer_name": account.partner_id.name,
                    "signer_vat": account.partner_id.vat or "1000000000",
                    "signature": signature,
                }
            )
            order.action_sign()
            if state == "cancelled":
                order.action_cancel()
                continue
            if state == "signed":
                continue
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create(
                {
                    "group_payment": True,
                    "amount": down,
                    "payment_difference_handling": "open",
                }
            )._create_payments()
            order.with_user(billing).action_activate()
            if state == "active":
                continue
            # as if signed months ago: the instalments fell due in the past
            first_due = today + relativedelta(months=months)
            transition(order).first_due_date = first_due
            for line in order.sudo().line_ids:
                transition(line).date_due = first_due + relativedelta(
                    months=line.number - 1
                )
            self._cron_financing()
            if state == "paid":
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=order.invoice_ids.ids
                ).create({"group_payment": True})._create_payments()
