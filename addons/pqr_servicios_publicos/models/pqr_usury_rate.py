"""The tasa de usura: the highest interest a financing order may charge.

The Superintendencia Financiera certifies the interés bancario corriente every month;
the usury rate is 1.5 times it (Código Penal art. 305, Código de Comercio art. 884).
Managers enter each certified rate with its resolution; a financing order is checked
against the rate in force on the day it is signed.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PqrUsuryRate(models.Model):
    _name = "pqr.usury.rate"
    _description = "Usury Rate (Tasa de Usura)"
    _order = "date_from desc"
    _rec_name = "resolution"

    date_from = fields.Date(string="Valid From", required=True)
    date_to = fields.Date(string="Valid To", required=True)
    annual_rate = fields.Float(
        string="Annual Effective Rate (%)",
        digits=(6, 2),
        required=True,
        help="The usury rate certified for the period, as an effective annual rate "
        "in percent (e.g. 25.62).",
    )
    resolution = fields.Char(
        required=True,
        help="The resolution of the Superintendencia Financiera that certifies it "
        "(e.g. Resolución 1234 de 2026).",
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_to >= date_from)",
            "A usury rate ends on or after the day it starts.",
        ),
        (
            "rate_check",
            "CHECK(annual_rate > 0 AND annual_rate < 200)",
            "A usury rate is a positive annual percentage.",
        ),
    ]

    @api.depends("resolution", "annual_rate")
    @api.depends_context("lang")
    def _compute_display_name(self):
        percent = self.env["pqr.financing.order"]._pqr_percent
        for rate in self:
            rate.display_name = (
                f"{percent(rate.annual_rate)} % E.A. ({rate.resolution})"
            )

    @api.constrains("date_from", "date_to")
    def _check_overlap(self):
        for rate in self:
            other = self.search(
                [
                    ("id", "!=", rate.id),
                    ("date_from", "<=", rate.date_to),
                    ("date_to", ">=", rate.date_from),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _(
                        "The usury rate of %(resolution)s overlaps %(other)s: one rate "
                        "is in force on each day.",
                        resolution=rate.resolution,
                        other=other.resolution,
                    )
                )

    @api.model
    def _pqr_rate_on(self, day):
        """The rate in force on ``day`` and whether the table is out of date (the
        day is past the last rate entered: the latest one applies)."""
        rate = self.sudo().search(
            [("date_from", "<=", day), ("date_to", ">=", day)], limit=1
        )
        if rate:
            return rate, False
        latest = self.sudo().search([("date_from", "<=", day)], limit=1)
        return latest, bool(latest)
