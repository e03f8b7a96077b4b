from odoo import fields, models


class PqrRequestRegisterCompletion(models.TransientModel):
    """The petitioner handed in what was requested (CPACA art. 17)."""

    _name = "pqr.request.register.completion"
    _description = "Register the Completion of a Petition"

    def _default_date(self):
        return self.env.company._pqr_today()

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    completion_deadline = fields.Date(related="request_id.completion_deadline")
    date = fields.Date(string="Completed On", required=True, default=_default_date)
    attachment_ids = fields.Many2many("ir.attachment", string="Documents Handed In")

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_register_completion(
            self.date, self.attachment_ids.ids
        )
