from odoo import fields, models


class PqrFieldOrderFail(models.TransientModel):
    """The order could not be executed: the reason goes into its acta."""

    _name = "pqr.field.order.fail"
    _description = "Close a Field Order as Failed"

    order_id = fields.Many2one("pqr.field.order", required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="E.g. nobody at the address, access refused, meter not found.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.order_id.action_fail(self.reason)
