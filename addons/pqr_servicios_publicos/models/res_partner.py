from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    pqr_electronic_consent = fields.Boolean(
        string="Accepts Electronic Notification",
        tracking=True,
        help="CPACA art. 56 (Ley 2080 de 2021 art. 10): decisions are notified "
        "electronically only with the petitioner's explicit consent, which can be "
        "withdrawn at any time. Changes are tracked.",
    )
    pqr_consent_date = fields.Datetime(
        string="Consent Given On", readonly=True, tracking=True
    )
    pqr_consent_revoked_date = fields.Datetime(
        string="Consent Withdrawn On", readonly=True, tracking=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("pqr_electronic_consent"):
                vals.setdefault("pqr_consent_date", fields.Datetime.now())
        return super().create(vals_list)

    def write(self, vals):
        if "pqr_electronic_consent" in vals:
            now = fields.Datetime.now()
            key = (
                "pqr_consent_date"
                if vals["pqr_electronic_consent"]
                else ("pqr_consent_revoked_date")
            )
            vals = dict(vals, **{key: now})
        return super().write(vals)
