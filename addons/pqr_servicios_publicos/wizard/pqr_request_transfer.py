from odoo import fields, models


class PqrRequestTransfer(models.TransientModel):
    """Transfer a petition outside the company's competence (CPACA art. 21)."""

    _name = "pqr.request.transfer"
    _description = "Transfer for Lack of Competence"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    transfer_deadline = fields.Date(related="request_id.transfer_deadline")
    authority_id = fields.Many2one(
        "res.partner",
        string="Competent Authority",
        required=True,
        help="Receives the petition, its annexes and the covering letter by email "
        "when it has an address; otherwise print the letter.",
    )
    grounds = fields.Html(
        required=True,
        help="Why the company is not competent and why this authority is. It goes "
        "into the covering letter.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_transfer_competence(
            self.authority_id.id, self.grounds
        )
