from odoo import api, fields, models


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

    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Annexes Sent",
        compute="_compute_attachment_ids",
        store=True,
        readonly=False,
        help="Documents of the PQR sent with it to the competent authority; by "
        "default, those the petitioner handed in.",
    )

    @api.depends("request_id")
    def _compute_attachment_ids(self):
        for wizard in self:
            wizard.attachment_ids = (
                wizard.request_id._petitioner_annexes() if wizard.request_id else False
            )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_transfer_competence(
            self.authority_id.id, self.grounds, self.attachment_ids.ids
        )
