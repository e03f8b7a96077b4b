"""Demo data of the bill changes (R10-01-06): run once by demo/pqr_bill_demo.xml, three
billing claims decided in the customer's favour, each adjusted by Billing with Adjust
Bill — a credit note, a re-billing and a debit note."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# (causal, response, bill lines (description, quantity, price), kind, new amounts,
#  disputed amount, subject, decision)
CASES = (
    (
        "pqr_causal_f102",
        2,
        [("Acueducto - cargo fijo", 1, 9850), ("Acueducto - consumo (m³)", 58, 2870)],
        "credit",
        [0, 126280],
        126280,
        "Consumo de 58 m³ cuando el habitual es de 14 m³",
        "<p>La revisión encontró el medidor frenado y luego liberado: la empresa "
        "reliquida el periodo con el consumo promedio de 14 m³ y acredita 44 m³.</p>",
    ),
    (
        "pqr_causal_f117",
        1,
        [
            ("Acueducto - cargo fijo estrato 4", 1, 15200),
            ("Acueducto - consumo estrato 4 (m³)", 16, 3960),
        ],
        "rebill",
        [9850, 45920],
        22790,
        "Facturado como estrato 4; el certificado de Planeación dice estrato 2",
        "<p>Con el certificado de estratificación aportado, la empresa anula la "
        "factura y la expide de nuevo con las tarifas del estrato 2.</p>",
    ),
    (
        "pqr_causal_f120",
        1,
        [
            ("Acueducto - cargo fijo", 1, 9850),
            ("Acueducto - consumo por promedio (m³)", 12, 2870),
        ],
        "debit",
        [0, 25830],
        34440,
        "Cobro por promedio con el medidor en buen estado",
        "<p>El medidor funciona: la empresa factura el consumo leído (21 m³) en lugar "
        "del promedio (12 m³) y expide la nota débito por la diferencia.</p>",
    ),
)


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    @api.model
    def _pqr_demo_bill_changes(self, clerk_id, billing_id, account_ids):
        """Five paid earlier bills and the disputed one per account; the claim,
        its decision notified in person, and the bill change posted by Billing."""
        company = self.env.ref("base.main_company")
        clerk = self.env["res.users"].browse(clerk_id)
        billing = self.env["res.users"].browse(billing_id)
        accounts = self.env["pqr.service.account"].browse(account_ids)
        today = fields.Date.context_today(self)
        days = company._pqr_calendar().pqr_business_days(
            today - timedelta(days=60), today - timedelta(days=1)
        )
        for index, (case, account) in enumerate(zip(CASES, accounts, strict=True)):
            causal, response, lines, kind, amounts, disputed_amount = case[:6]
            subject, decision = case[6:]
            self._pqr_demo_bills(account, lines, today, paid=True)
            disputed = self._pqr_demo_bills(account, lines, today, months=(1,))
            received = datetime.combine(days[-12 + index], time(15, 0))
            request = self.with_user(clerk).create(
                {
                    "type_id": self.env.ref(
                        "pqr_servicios_publicos.pqr_type_reclamo"
                    ).id,
                    "channel": "in_person",
                    "service": "water",
                    "causal_id": self.env.ref(f"pqr_servicios_publicos.{causal}").id,
                    "partner_id": account.partner_id.id,
                    "service_account_id": account.id,
                    "date_received": received,
                    "subject": subject,
                    "invoice_ids": [Command.set(disputed.ids)],
                    "amount_disputed": disputed_amount,
                }
            )
            request.write(
                {
                    "response_type_id": self.env.ref(
                        f"pqr_servicios_publicos.pqr_response_type_{response}"
                    ).id,
                    "response_body": decision,
                }
            )
            request.action_issue_decision()
            request.action_register_personal(
                account.partner_id.name, account.partner_id.vat or "1000000000"
            )
            wizard = (
                self.env["pqr.request.adjust.bill"]
                .with_user(billing)
                .with_context(default_request_id=request.id)
                .create({"invoice_id": disputed.id, "kind": kind})
            )
            for line, amount in zip(
                wizard.line_ids.sorted(lambda w: w.move_line_id.sequence),
                amounts,
                strict=True,
            ):
                line.amount = amount
            wizard.action_confirm()

    def _pqr_demo_bills(
        self, account, lines, today, paid=False, months=(2, 3, 4, 5, 6)
    ):
        """The account's bills issued on the 5th, ``months`` ago; the earlier ones
        paid (they are not arrears)."""
        bills = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": account.partner_id.id,
                    "pqr_service_account_id": account.id,
                    "invoice_date": (today - relativedelta(months=month)).replace(
                        day=5
                    ),
                    "invoice_date_due": (today - relativedelta(months=month)).replace(
                        day=25
                    ),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": name,
                                # the earlier periods: the usual consumption
                                "quantity": quantity
                                if not paid or qty_index == 0
                                else 14,
                                "price_unit": price,
                                "tax_ids": [],
                            }
                        )
                        for qty_index, (name, quantity, price) in enumerate(lines)
                    ],
                }
                for month in months
            ]
        )
        bills.action_post()
        if paid:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=bills.ids
            ).create({"group_payment": False})._create_payments()
        return bills
