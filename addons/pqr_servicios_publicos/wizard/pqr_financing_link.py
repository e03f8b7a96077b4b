from odoo import fields, models


class PqrFinancingLink(models.TransientModel):
    """Billing links an instalment to an invoice issued outside the daily action."""

    _name = "pqr.financing.link"
    _description = "Link an Invoice to an Instalment"

    order_id = fields.Many2one("pqr.financing.order", required=True, readonly=True)
    commercial_partner_id = fields.Many2one(related="order_id.commercial_partner_id")
    company_id = fields.Many2one(related="order_id.company_id")
    line_id = fields.Many2one(
        "pqr.financing.line",
        string="Instalment",
        required=True,
        domain="[('order_id', '=', order_id), ('invoice_id', '=', False)]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id)]",
    )

    def action_confirm(self):
        self.ensure_one()
        self.line_id._pqr_link_invoice(self.invoice_id)
        return {"type": "ir.actions.act_window_close"}
