from odoo import fields, models


class PqrRebillingCause(models.Model):
    """Causal de refacturación: why a bill was changed (R10-01-06), as the SUI billing
    file reports it (regulation brief §1.7; the list is not confirmed as official,
    hence data a manager can edit)."""

    _name = "pqr.rebilling.cause"
    _description = "Re-billing Cause (SUI)"
    _order = "sequence, code"
    _rec_names_search = ["name", "code"]

    code = fields.Char(string="SUI Code", required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The SUI code of a re-billing cause is unique.")
    ]

    def _compute_display_name(self):
        for cause in self:
            cause.display_name = f"{cause.code} - {cause.name}"
