"""Monthly snapshots of the indicators: a closed month keeps its figures when a
PQR is edited later; a PQR manager recomputes a month, and the change is
recorded."""

import calendar

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.pqr_servicios_publicos.models.pqr_common import (
    in_transition,
    office,
    transition,
)

MANAGER = "pqr_servicios_publicos.group_pqr_manager"
# what only the snapshot's methods write
LOCKED_FIELDS = {
    "indicator_id",
    "company_id",
    "month",
    "value",
    "has_value",
    "numerator",
    "denominator",
    "date_computed",
    "computed_by_id",
}


class PqrIndicatorValue(models.Model):
    _name = "pqr.indicator.value"
    _description = "Monthly Value of a PQR Indicator"
    _inherit = ["mail.thread"]
    _order = "month desc, indicator_id"
    _rec_name = "indicator_id"

    indicator_id = fields.Many2one(
        "pqr.indicator", required=True, ondelete="cascade", readonly=True, index=True
    )
    code = fields.Char(related="indicator_id.code", store=True)
    unit = fields.Selection(related="indicator_id.unit")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    month = fields.Date(required=True, readonly=True, help="The month's first day.")
    date_to = fields.Date(compute="_compute_date_to", string="Month's Last Day")
    month_name = fields.Char(compute="_compute_date_to")
    value = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    has_value = fields.Boolean(
        readonly=True, help="Off when the month has no data (an empty denominator)."
    )
    numerator = fields.Float(readonly=True, digits=(16, 2))
    denominator = fields.Float(readonly=True, digits=(16, 2))
    status = fields.Selection(
        [
            ("green", "On Target"),
            ("yellow", "Warning"),
            ("red", "Out of Target"),
            ("none", "No Data"),
        ],
        compute="_compute_status",
        string="Light",
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True)
    computed_by_id = fields.Many2one("res.users", readonly=True)

    _sql_constraints = [
        (
            "month_unique",
            "unique(indicator_id, company_id, month)",
            "An indicator has one value per company and month.",
        )
    ]

    @api.depends("month")
    def _compute_date_to(self):
        for value in self:
            month = value.month
            value.date_to = month and month.replace(
                day=calendar.monthrange(month.year, month.month)[1]
            )
            value.month_name = month and format_date(
                self.env, month, date_format="MMMM y"
            )

    @api.depends("value", "has_value", "indicator_id.target")
    def _compute_status(self):
        for value in self:
            value.status = value.indicator_id._light(
                value.value if value.has_value else None
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            raise AccessError(
                _("Indicator values are computed: use Indicators > Compute a Month.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_FIELDS & set(vals) and not in_transition(self):
            raise AccessError(
                _("A month's figures change only when a PQR manager recomputes " "it.")
            )
        return super().write(vals)

    @api.model
    def _snapshot(self, companies, month, reason=None):
        """Compute and keep the figures of ``month`` (its first day) for each of
        ``companies``: the values not kept yet are created; the kept ones change
        only with a ``reason`` (a recompute), recorded in their chatter."""
        date_to = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        Indicator = self.env["pqr.indicator"]
        self.env.flush_all()
        now = fields.Datetime.now()
        existing = {
            (value.indicator_id.id, value.company_id.id): value
            for value in self.sudo().search(
                [("company_id", "in", companies.ids), ("month", "=", month)]
            )
        }
        new_vals, changed = [], self.browse()
        for company in companies:
            for indicator in Indicator.search([]):
                kept = existing.get((indicator.id, company.id))
                if kept is not None and not reason:
                    continue
                value, numerator, denominator = indicator._figure(
                    month, date_to, company
                )
                vals = {
                    "value": value or 0.0,
                    "has_value": value is not None,
                    "numerator": numerator or 0.0,
                    "denominator": denominator or 0.0,
                    "date_computed": now,
                    "computed_by_id": self.env.user.id,
                }
                if kept is None:
                    new_vals.append(
                        {
                            **vals,
                            "indicator_id": indicator.id,
                            "company_id": company.id,
                            "month": month,
                        }
                    )
                else:
                    kept._record_recompute(vals, reason)
                    changed |= kept
        created = transition(self.sudo()).create(new_vals)
        return created | changed

    def _record_recompute(self, vals, reason):
        note = office(self)
        before = self._shown_value()
        transition(self.sudo()).write(vals)
        note.message_post(
            body=note.env._(
                "Recomputed by %(user)s: %(before)s before, %(after)s now. "
                "Reason: %(reason)s",
                user=self.env.user.name,
                before=before,
                after=self._shown_value(),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _shown_value(self):
        self.ensure_one()
        shown = office(self)
        if not self.has_value:
            return shown.env._("no data")
        return formatLang(shown.env, self.value, digits=2)

    @api.model
    def action_recompute_month(self, month, reason, company=None):
        """A PQR manager recomputes a month's figures, with the reason."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only a PQR manager recomputes a month."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for recomputing the month."))
        month = fields.Date.to_date(month).replace(day=1)
        if month > fields.Date.context_today(self).replace(day=1):
            raise UserError(_("A month that has not started has no figures."))
        company = company or self.env.company
        return self._snapshot(company, month, reason=reason)

    @api.model
    def _cron_snapshot_last_month(self):
        """On the first days of a month, keep the figures of the month before,
        for every company (values kept already stay as they are)."""
        companies = self.env["res.company"].search([])
        today = fields.Date.context_today(self)
        last_month = fields.Date.subtract(today.replace(day=1), months=1)
        self._snapshot(companies, last_month)

    def action_view_records(self):
        """The records behind the figure."""
        self.ensure_one()
        return self.indicator_id._records_action(
            self.month, self.date_to, self.company_id
        )
