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

    @api.model
    def default_get(self, fields_list):
        """A petitioner created from a PQR speaks the company's language until they
        choose another — not the language of the clerk who typed them in."""
        values = super().default_get(fields_list)
        if (
            self.env.context.get("pqr_petitioner")
            and "lang" in fields_list
            and not self.env.context.get("default_lang")
        ):
            values["lang"] = self.env.company._pqr_lang()
        return values

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
        result = super().write(vals)
        if "pqr_electronic_consent" in vals and not vals["pqr_electronic_consent"]:
            self._pqr_cancel_electronic_notifications()
        return result

    def _pqr_cancel_electronic_notifications(self):
        """Consent withdrawn: the decisions still waiting for the petitioner's
        access are notified by citation instead. The law orders it whoever records
        the withdrawal (the petitioner on the portal, a clerk): done as superuser."""
        lines = (
            self.env["pqr.notification"]
            .sudo()
            .search(
                [
                    ("method", "=", "electronic"),
                    ("state", "=", "sent"),
                    ("request_id.partner_id", "in", self.ids),
                ]
            )
        )
        lines._fallback_to_citation(
            lambda env: env._("consent to electronic notification withdrawn")
        )
