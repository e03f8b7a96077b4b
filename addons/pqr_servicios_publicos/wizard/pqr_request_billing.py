from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.pqr_common import CLOCK_STATES


class PqrRequestBilling(models.TransientModel):
    """Billing records what a claim disputes: the invoices and the disputed amount;
    the amount the customer must still pay to file a recurso follows from them (Ley
    142 de 1994 art. 155). Billing users read every PQR but edit nothing else of
    it."""

    _name = "pqr.request.billing"
    _description = "Record the Claimed Invoices"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    commercial_partner_id = fields.Many2one(related="request_id.commercial_partner_id")
    company_id = fields.Many2one(related="request_id.company_id")
    currency_id = fields.Many2one(related="request_id.currency_id")
    invoice_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id)]",
    )
    amount_disputed = fields.Monetary(string="Disputed Amount")
    amount_undisputed = fields.Monetary(
        string="Undisputed Amount",
        compute="_compute_amount_undisputed",
        help="What the customer must pay to file a recurso: the invoices' total "
        "less the disputed amount (Ley 142 de 1994 art. 155).",
    )

    @api.depends("invoice_ids", "amount_disputed")
    def _compute_amount_undisputed(self):
        for wizard in self:
            billed = sum(wizard.invoice_ids.mapped("amount_total_signed"))
            wizard.amount_undisputed = max(billed - wizard.amount_disputed, 0.0)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["pqr.request"].browse(values.get("request_id"))
        if request:
            request.check_access("read")
            values.update(
                invoice_ids=[(6, 0, request.sudo().invoice_ids.ids)],
                amount_disputed=request.amount_disputed,
            )
        return values

    def action_confirm(self):
        self.ensure_one()
        user = self.env.user
        if not (
            user.has_group("pqr_servicios_publicos.group_pqr_billing")
            or user.has_group("pqr_servicios_publicos.group_pqr_clerk")
        ):
            raise AccessError(_("Only billing and PQR clerks record claimed invoices."))
        request = self.request_id
        request.check_access("read")
        if request.state not in CLOCK_STATES:
            raise UserError(
                _(
                    "The decision of %(name)s was issued: what it disputes can no "
                    "longer change.",
                    name=request.name,
                )
            )
        if self.amount_disputed < 0:
            raise UserError(_("Amounts cannot be negative."))
        foreign = self.invoice_ids.filtered(
            lambda m: m.commercial_partner_id != request.commercial_partner_id
            or m.move_type != "out_invoice"
            or m.state != "posted"
        )
        if foreign:
            raise UserError(
                _("Only posted customer invoices of the petitioner can be claimed.")
            )
        # checked above (group, the reader's access, the state); the write is
        # limited to these two fields and still passes the PQR's own guards
        request.sudo().write(
            {
                "invoice_ids": [(6, 0, self.invoice_ids.ids)],
                "amount_disputed": self.amount_disputed,
            }
        )
        return True
