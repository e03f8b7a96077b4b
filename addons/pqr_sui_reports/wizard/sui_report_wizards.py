"""The dialogs of a SUI report's steps: each calls the report's method, which checks
the rights and the rules."""

from odoo import fields, models


class SuiReportCertify(models.TransientModel):
    _name = "sui.report.certify"
    _description = "Certify a SUI Report"

    report_id = fields.Many2one("sui.report", required=True, readonly=True)
    date_uploaded = fields.Date(
        string="Uploaded to the SUI On",
        required=True,
        default=fields.Date.context_today,
    )
    reference = fields.Char(
        string="SUI Reference",
        required=True,
        help="The number or reference the SUI gave the upload.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.report_id.action_certify(self.date_uploaded, self.reference)
        return {"type": "ir.actions.act_window_close"}


class SuiReportJustify(models.TransientModel):
    _name = "sui.report.justify"
    _description = "Export a SUI Report with a Justification"

    report_id = fields.Many2one("sui.report", required=True, readonly=True)
    mode = fields.Selection(
        [
            ("export_anyway", "Export With Findings"),
            ("reexport", "Export a Certified Period Again"),
        ],
        required=True,
        readonly=True,
    )
    finding_count = fields.Integer(related="report_id.finding_count")
    justification = fields.Text(
        required=True, help="Kept on the report and in its chatter."
    )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reexport":
            self.report_id.action_reexport(self.justification)
        else:
            self.report_id.action_export(self.justification)
        return {"type": "ir.actions.act_window_close"}
