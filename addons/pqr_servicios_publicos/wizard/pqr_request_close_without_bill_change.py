from odoo import fields, models


class PqrRequestCloseWithoutBillChange(models.TransientModel):
    """A PQR manager closes a PQR whose bill change is pending, with the reason."""

    _name = "pqr.request.close.without.bill.change"
    _description = "Close Without a Bill Change"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="Why no bill change is posted (e.g. the amount was credited in another "
        "system). Recorded in the chatter.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_close_without_bill_change(self.reason)
