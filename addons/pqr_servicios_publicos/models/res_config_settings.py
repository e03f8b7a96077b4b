from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pqr_calendar_id = fields.Many2one(
        related="company_id.pqr_calendar_id", readonly=False
    )
    pqr_closing_hour = fields.Float(
        related="company_id.pqr_closing_hour", readonly=False
    )
    pqr_due_soon_days = fields.Integer(
        related="company_id.pqr_due_soon_days", readonly=False
    )
    pqr_alert_days = fields.Char(related="company_id.pqr_alert_days", readonly=False)
    pqr_invoice_claim_months = fields.Integer(
        related="company_id.pqr_invoice_claim_months", readonly=False
    )
    pqr_citation_days = fields.Integer(
        related="company_id.pqr_citation_days", readonly=False
    )
    pqr_notice_after_days = fields.Integer(
        related="company_id.pqr_notice_after_days", readonly=False
    )
    pqr_recurso_days = fields.Integer(
        related="company_id.pqr_recurso_days", readonly=False
    )
    pqr_sap_recognition_hours = fields.Integer(
        related="company_id.pqr_sap_recognition_hours", readonly=False
    )
    pqr_electronic_fallback_days = fields.Integer(
        related="company_id.pqr_electronic_fallback_days", readonly=False
    )
    pqr_copies_days = fields.Integer(
        related="company_id.pqr_copies_days", readonly=False
    )
    pqr_transfer_days = fields.Integer(
        related="company_id.pqr_transfer_days", readonly=False
    )
    pqr_completion_request_days = fields.Integer(
        related="company_id.pqr_completion_request_days", readonly=False
    )
    pqr_completion_months = fields.Integer(
        related="company_id.pqr_completion_months", readonly=False
    )
    pqr_letter_signer_id = fields.Many2one(
        related="company_id.pqr_letter_signer_id", readonly=False
    )
    pqr_letter_signer_title = fields.Char(
        related="company_id.pqr_letter_signer_title", readonly=False
    )
