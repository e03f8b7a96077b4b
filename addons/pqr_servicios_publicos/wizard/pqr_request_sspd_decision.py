from odoo import fields, models


class PqrRequestSspdDecision(models.TransientModel):
    _name = "pqr.request.sspd.decision"
    _description = "Record the Superintendencia's Decision"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    outcome = fields.Selection(
        [("confirms", "Confirms"), ("modifies", "Modifies"), ("revokes", "Revokes")],
        required=True,
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company._pqr_today()
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_record_sspd_decision(self.outcome, self.date)
