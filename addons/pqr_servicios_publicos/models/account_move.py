"""Invoices of a service account, the payment that removes the cause of a
suspension or cut for non-payment, and the financing orders an invoice belongs to."""

from odoo import api, fields, models

_SKIP_RESTORE = object()


def skip_restore(records):
    """``records`` reconciled by a financing order's activation: the order itself
    removes the cause of the suspension, with its reason (module-private mark,
    unreachable over RPC)."""
    return records.with_context(pqr_skip_restore=_SKIP_RESTORE)


class AccountMove(models.Model):
    _inherit = "account.move"

    pqr_service_account_id = fields.Many2one(
        "pqr.service.account",
        string="Service Account",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The subscriber contract this invoice bills. Its overdue invoices count "
        "for a suspension for non-payment (Ley 142 de 1994 art. 140).",
    )
    pqr_financing_source_order_ids = fields.Many2many(
        "pqr.financing.order",
        "pqr_financing_order_source_rel",
        "move_id",
        "order_id",
        string="Financed By",
        readonly=True,
        copy=False,
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )
    pqr_financing_line_ids = fields.One2many(
        "pqr.financing.line",
        "invoice_id",
        string="Financing Instalments",
        readonly=True,
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )
    pqr_financing_order_ids = fields.Many2many(
        "pqr.financing.order",
        string="Financing Orders",
        compute="_compute_pqr_financing_order_ids",
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
        help="The financing orders this invoice belongs to, as a financed invoice or "
        "as an instalment.",
    )
    pqr_financing_order_count = fields.Integer(
        string="Financing Order Count",
        compute="_compute_pqr_financing_order_ids",
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )

    @api.depends("pqr_financing_source_order_ids", "pqr_financing_line_ids.order_id")
    def _compute_pqr_financing_order_ids(self):
        for move in self:
            move.pqr_financing_order_ids = (
                move.pqr_financing_source_order_ids
                | move.pqr_financing_line_ids.order_id
            )
            move.pqr_financing_order_count = len(move.pqr_financing_order_ids)

    def action_view_pqr_financing_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_financing_order_action"
        )
        action["domain"] = [("id", "in", self.pqr_financing_order_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _invoice_paid_hook(self):
        """Called by Odoo's reconciliation, in its transaction, for the invoices that
        just became paid: the accounts they bill whose suspension or cut was for
        non-payment and that have no overdue invoice left get their restoring
        order (domain decision 9); financing orders whose instalments are all paid
        become paid. The payment is the accountant's act; restoring is the
        office's rule, hence superuser."""
        res = super()._invoice_paid_hook()
        lines = (
            self.env["pqr.financing.line"]
            .sudo()
            .search([("invoice_id", "in", self.ids)])
        )
        if lines:
            lines.order_id._pqr_follow_payments()
        if self.env.context.get("pqr_skip_restore") is _SKIP_RESTORE:
            return res
        accounts = self.sudo().pqr_service_account_id.filtered(
            lambda a: a.service_state in ("suspended", "cut")
        )
        if accounts:
            # Two payments of the same account's last overdue invoices, committed
            # at the same time, would each still see the other invoice unpaid and
            # create nothing. Updating the accounts' rows makes the second
            # transaction fail to serialise: Odoo retries it with a fresh snapshot,
            # where the other invoice is paid.
            self.env.cr.execute(
                "UPDATE pqr_service_account SET write_date = write_date "
                "WHERE id IN %s",
                [tuple(accounts.ids)],
            )
            accounts._pqr_cause_removed(fields.Datetime.now())
        return res
