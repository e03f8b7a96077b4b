"""A PQR manager computes a month's indicator values again, with the reason."""

from odoo import api, fields, models


class PqrIndicatorRecompute(models.TransientModel):
    _name = "pqr.indicator.recompute"
    _description = "Compute a Month's Indicator Values"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.subtract(
            fields.Date.context_today(self).replace(day=1), months=1
        ),
        help="Any day of the month.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    reason = fields.Text(required=True)

    @api.model
    def _month_action(self, month):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_sui_reports.pqr_indicator_value_action"
        )
        action["domain"] = [("month", "=", month)]
        return action

    def action_recompute(self):
        self.ensure_one()
        values = self.env["pqr.indicator.value"].action_recompute_month(
            self.month, self.reason, self.company_id
        )
        return self._month_action(values[:1].month or self.month.replace(day=1))
