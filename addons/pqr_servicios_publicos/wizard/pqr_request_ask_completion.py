from odoo import fields, models


class PqrRequestAskCompletion(models.TransientModel):
    """Ask the petitioner to complete an incomplete petition (CPACA art. 17)."""

    _name = "pqr.request.ask.completion"
    _description = "Ask to Complete the Petition"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    completion_request_deadline = fields.Date(
        related="request_id.completion_request_deadline"
    )
    missing = fields.Html(
        string="Information Requested",
        required=True,
        help="Documents or information the petitioner must provide; it goes into the "
        "request letter.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_request_completion(self.missing)
