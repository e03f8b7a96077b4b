"""Demo data of the field orders: run once by demo/pqr_field_order_demo.xml, through
the same transitions a dispatcher and a technician use."""

import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_open

from .pqr_common import office
from .pqr_field_order import CUTTING_TYPES, ORDER_TYPES

STATES = ("draft", "scheduled", "in_progress", "done", "failed", "cancelled")


class PqrFieldOrder(models.Model):
    _inherit = "pqr.field.order"

    @api.model
    def _pqr_demo_populate(
        self, technician_id, dispatcher_id, account_ids, payment_account_ids
    ):
        """Orders of every type in every state on ``account_ids``; a suspension for
        non-payment on the first of ``payment_account_ids`` whose invoices are then
        paid (its reconnection follows), the second left due for suspension; and
        one refusal of the art. 155 interlock."""
        with file_open(
            "pqr_servicios_publicos/static/img/pqr_demo_signature.png", "rb"
        ) as f:
            signature = base64.b64encode(f.read())
        technician = self.env["res.users"].browse(technician_id)
        dispatcher = self.env["res.users"].browse(dispatcher_id)
        accounts = self.env["pqr.service.account"].browse(account_ids)
        blocked = (
            self.env["pqr.request"]
            .sudo()
            ._pqr_blocking_claims(accounts)
            .service_account_id
        )
        free = accounts - blocked
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        Order = self.with_user(dispatcher)
        for index, (order_type, _label) in enumerate(ORDER_TYPES):
            for offset, state in enumerate(STATES):
                account = free[(index * len(STATES) + offset) % len(free)]
                if order_type in CUTTING_TYPES and state == "done":
                    # a done suspension or cut changes the account: one of its own
                    account = free[-1 - index % 2]
                when = now + timedelta(days=offset - 3, hours=index)
                order = Order.create(
                    {
                        "order_type": order_type,
                        "service_account_id": account.id,
                        "technician_id": technician.id,
                        "date_scheduled": when,
                        "cause": "user_request"
                        if order_type in CUTTING_TYPES
                        else False,
                        "instructions": office(account).env._(
                            "Demo order: visit the address and record what was found."
                        ),
                    }
                )
                self._pqr_demo_advance(order, state, technician, signature)
        self._pqr_demo_non_payment(
            self.env["pqr.service.account"].browse(payment_account_ids),
            technician,
            dispatcher,
            signature,
        )
        refused = Order.create(
            {
                "order_type": "suspension",
                "service_account_id": blocked[:1].id,
                "technician_id": technician.id,
                "date_scheduled": now + timedelta(days=1),
                "cause": "non_payment",
            }
        )
        try:
            with self.env.cr.savepoint():
                refused.action_schedule()
        except UserError as error:
            refused.message_post(body=error.args[0])
        return True

    def _pqr_demo_advance(self, order, state, technician, signature):
        if state == "draft":
            return
        if state == "cancelled":
            order.action_cancel()
            return
        order.action_schedule()
        if state == "scheduled":
            return
        work = order.with_user(technician)
        work.action_start()
        if state == "in_progress":
            return
        if state == "failed":
            work.action_fail(office(order).env._("Nobody at the address; notice left."))
            return
        work.write(
            {
                "findings": office(order).env._(
                    "Work done as instructed; meter in good state."
                ),
                "meter_reading": 1000 + order.id,
                "seals_installed": f"S-{order.id:05d}",
                "attendee_name": order.partner_id.name,
                "attendee_vat": order.partner_id.vat or "1000000000",
                "attendee_signature": signature,
                "technician_signature": signature,
            }
        )
        work.action_done()

    def _pqr_demo_non_payment(self, accounts, technician, dispatcher, signature):
        paid_account, due_account = accounts[0], accounts[1]
        product = self.env.ref("pqr_servicios_publicos.product_pqr_water_bill_demo")
        today = fields.Date.context_today(self)
        invoices = {}
        for account in (paid_account, due_account):
            moves = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": account.partner_id.id,
                        "pqr_service_account_id": account.id,
                        "invoice_date": today - timedelta(days=days + 20),
                        "invoice_date_due": today - timedelta(days=days),
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
                    for days in (70, 40)
                ]
            )
            moves.action_post()
            invoices[account] = moves
        suspension = self.with_user(dispatcher).create(
            {
                "order_type": "suspension",
                "service_account_id": paid_account.id,
                "technician_id": technician.id,
                "date_scheduled": fields.Datetime.now() - timedelta(days=3),
                "cause": "non_payment",
            }
        )
        self._pqr_demo_advance(suspension, "done", technician, signature)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices[paid_account].ids
        ).create({"group_payment": True})._create_payments()
