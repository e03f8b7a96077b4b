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
    column = fields.Char(readonly=True)
    message = fields.Char(required=True, readonly=True)

    def action_open_request(self):
        """Open the PQR to fix it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "pqr.request",
            "res_id": self.request_id.id,
            "view_mode": "form",
            "target": "current",
        }
