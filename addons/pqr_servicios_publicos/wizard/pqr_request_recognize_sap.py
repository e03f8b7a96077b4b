from odoo import fields, models


class PqrRequestRecognizeSap(models.TransientModel):
    _name = "pqr.request.recognize.sap"
    _description = "Recognise Positive Administrative Silence"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Recognition Act")

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_recognize_sap(self.attachment_ids[:1])
