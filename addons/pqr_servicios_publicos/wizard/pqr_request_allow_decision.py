from odoo import fields, models


class PqrRequestAllowDecision(models.TransientModel):
    """A PQR manager lets a PQR be decided while its prior inspection is open."""

    _name = "pqr.request.allow.decision"
    _description = "Allow a Decision Without the Prior Inspection"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="Why the decision cannot wait for the inspection. Recorded on the PQR.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_allow_decision_without_inspection(self.reason)
