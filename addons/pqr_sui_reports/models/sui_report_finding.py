from odoo import fields, models


class SuiReportFinding(models.Model):
    _name = "sui.report.finding"
    _description = "Validation Finding of a SUI Report"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one(
        "sui.report", required=True, ondelete="cascade", index=True, readonly=True
    )
    sequence = fields.Integer(readonly=True)
    request_id = fields.Many2one("pqr.request", string="PQR", readonly=True)
    interruption_id = fields.Many2one("sui.service.interruption", readonly=True)
    column = fields.Char(readonly=True)
    message = fields.Char(required=True, readonly=True)

    def action_open_request(self):
        """Open the PQR, or the entry of the register, to fix it."""
        self.ensure_one()
        record = self.request_id or self.interruption_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }
