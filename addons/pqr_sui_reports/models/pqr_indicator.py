"""Management indicators of the PQR office (the process sheet's *ficha técnica de
indicador*; ISO 9001:2015 9.1.3), computed live from the records of a period.

Each shipped code has one definition here: the model and domain of the records
behind the figure (what its drill-down opens) and, for a rate, the SQL condition
of its numerator over those records. The figures are read with one aggregate query
per indicator, whatever the number of PQRs."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.pqr_servicios_publicos.models.pqr_common import CODE_TRANSFERS
from odoo.addons.pqr_servicios_publicos.models.pqr_field_order import RESTORING_TYPES

# response types that grant what was asked (pqr.response.type codes, brief 4.4)
FAVOURABLE_CODES = ("1", "2")
UNITS = [
    ("percent", "%"),
    ("days", "Business Days"),
    ("per_1000", "Per 1,000 Accounts"),
]


class PqrIndicator(models.Model):
    _name = "pqr.indicator"
    _description = "PQR Management Indicator"
    _order = "sequence, id"

    code = fields.Char(
        required=True,
        help="The code the office computes the indicator by (on_time_rate, "
        "avg_business_days, ...): see its formula.",
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    formula = fields.Text(
        translate=True, help="What is counted, over what, in which period."
    )
    unit = fields.Selection(UNITS, required=True, default="percent")
    higher_is_better = fields.Boolean(
        default=True, help="Off when a lower figure is the better one."
    )
    target = fields.Float(help="The figure the office aims at (green from it on).")
    threshold_warning = fields.Float(
        string="Warning Threshold",
        help="Between the target and this figure the light is yellow; beyond it, "
        "red.",
    )
    reference = fields.Char(
        string="Legal or ISO Reference",
        translate=True,
        help="The norm or clause the indicator evidences.",
    )
    value_ids = fields.One2many("pqr.indicator.value", "indicator_id", "Monthly Values")

    _sql_constraints = [
        ("code_unique", "unique(code)", "An indicator with this code exists already.")
    ]

    def _light(self, value):
        """The traffic light of ``value`` (None: no data): green when it meets
        the target, yellow up to the warning threshold, red beyond it."""
        self.ensure_one()
        if value is None:
            return "none"
        sign = 1 if self.higher_is_better else -1
        if sign * (value - self.target) >= 0:
            return "green"
        if sign * (value - self.threshold_warning) >= 0:
            return "yellow"
        return "red"

    # ------------------------------------------------------------------
    # Definitions
    # ------------------------------------------------------------------
    @api.model
    def _definition(self, code, date_from, date_to, company):
        """How the indicator ``code`` is computed over [date_from, date_to] in
        ``company``: (kind, records, domain, numerator, scale), or None for a code
        without a definition. ``records`` and ``domain`` are what the figure
        counts (what its drill-down opens); kind ``share``: ``numerator`` is the
        SQL condition of the numerator over those records; kind ``ratio``: it is
        (records, domain) of the denominator, counted apart; kind ``days``: the
        mean of business days from filing to decision."""
        requests = self.env["pqr.request"].sudo().with_context(active_test=False)
        orders = self.env["pqr.field.order"].sudo()
        accounts = self.env["pqr.service.account"].sudo()
        calendar = company._pqr_calendar()
        start = calendar.pqr_end_of_day_utc(fields.Date.subtract(date_from, days=1))
        end = calendar.pqr_end_of_day_utc(date_to)
        base = [("company_id", "=", company.id), ("type_id.has_term", "=", True)]

        def within(name):
            return [(name, ">=", date_from), (name, "<=", date_to)]

        def column(records, name):
            return SQL.identifier(records._table, name)

        decided = [
            *base,
            *within("date_response"),
            ("response_type_id.code", "!=", CODE_TRANSFERS),
        ]
        definitions = {
            "on_time_rate": (
                "share",
                requests,
                decided,
                SQL(
                    "%s <= %s",
                    column(requests, "date_response"),
                    column(requests, "date_deadline"),
                ),
                100,
            ),
            "avg_business_days": ("days", requests, decided, None, 1),
            "claims_per_1000": (
                "ratio",
                requests,
                [*base, ("type_id.code", "=", "reclamo"), *within("date_filed")],
                (
                    accounts,
                    [("company_id", "=", company.id), ("create_date", "<=", end)],
                ),
                1000,
            ),
            "favourable_rate": (
                "share",
                requests,
                decided,
                SQL(
                    "%s IN (SELECT id FROM pqr_response_type WHERE code IN %s)",
                    column(requests, "response_type_id"),
                    FAVOURABLE_CODES,
                ),
                100,
            ),
            "sap_rate": (
                "share",
                requests,
                [*base, *within("date_deadline")],
                SQL("coalesce(%s, false)", column(requests, "is_sap")),
                100,
            ),
            "recurso_rate": (
                "ratio",
                requests,
                [*base, ("type_id.is_recurso", "=", True), *within("date_filed")],
                (
                    requests,
                    [
                        *base,
                        ("type_id.is_recurso", "=", False),
                        *within("date_notified"),
                        ("response_type_id.code", "!=", CODE_TRANSFERS),
                    ],
                ),
                100,
            ),
            "sspd_reversal_rate": (
                "share",
                requests,
                [*base, *within("date_sspd_decision")],
                SQL("%s IN ('modifies', 'revokes')", column(requests, "sspd_outcome")),
                100,
            ),
            "reconnection_24h_rate": (
                "share",
                orders,
                [
                    ("company_id", "=", company.id),
                    ("order_type", "in", RESTORING_TYPES),
                    ("state", "=", "done"),
                    ("date_executed", ">", start),
                    ("date_executed", "<=", end),
                ],
                SQL(
                    "%s <= %s",
                    column(orders, "date_executed"),
                    column(orders, "deadline"),
                ),
                100,
            ),
        }
        return definitions.get(code)

    @api.model
    def compute_values(self, date_from, date_to, company):
        """{code: value} of every active indicator over [date_from, date_to] in
        ``company`` (a res.company record), computed live; None where there is no
        data (a rate with an empty denominator). One or two aggregate queries per
        indicator, whatever the number of PQRs."""
        return {
            code: value
            for code, (value, _numerator, _denominator) in self._compute_figures(
                date_from, date_to, company
            ).items()
        }

    @api.model
    def _compute_figures(self, date_from, date_to, company):
        """{code: (value, numerator, denominator)} of the active indicators."""
        if not date_from or not date_to or date_to < date_from:
            raise UserError(_("The period ends before it starts."))
        self.env.flush_all()
        return {
            indicator.code: indicator._figure(date_from, date_to, company)
            for indicator in self.search([])
        }

    def _figure(self, date_from, date_to, company):
        """(value, numerator, denominator) of the indicator over the period."""
        self.ensure_one()
        definition = self._definition(self.code, date_from, date_to, company)
        if definition is None:
            return None, None, None
        kind, records, domain, numerator, scale = definition
        if kind == "days":
            return self._average_business_days(records, domain, company)
        if kind == "ratio":
            count = records.search_count(domain)
            other, other_domain = numerator
            return self._ratio(count, other.search_count(other_domain), scale)
        query = records._search(domain)
        self.env.cr.execute(
            query.select(SQL("count(*)"), SQL("count(*) FILTER (WHERE %s)", numerator))
        )
        denominator, count = self.env.cr.fetchone()
        return self._ratio(count, denominator, scale)

    @api.model
    def _ratio(self, numerator, denominator, scale):
        """A rate with an empty denominator has no value ("no data")."""
        if not denominator:
            return None, numerator, denominator
        return numerator * scale / denominator, numerator, denominator

    @api.model
    def _average_business_days(self, requests, domain, company):
        """The mean of the business days after the filing date up to and
        including the decision date: the PQRs grouped by their two dates (at most
        a few thousand pairs a month), the days counted by the company's
        calendar (resource.calendar.pqr_business_days)."""
        rows = [
            (filed, decided, count)
            for filed, decided, count in requests._read_group(
                domain, ["date_filed:day", "date_response:day"], ["__count"]
            )
            if filed and decided
        ]
        if not rows:
            return None, 0, 0
        first = min(filed for filed, _decided, _count in rows)
        last = max(decided for _filed, decided, _count in rows)
        business_days = company._pqr_calendar().pqr_business_days(first, last)
        # business days in (first, day], for each day of the range
        up_to, count, index = {}, 0, 0
        day = first
        while day <= last:
            if index < len(business_days) and business_days[index] == day:
                count += int(day != first)
                index += 1
            up_to[day] = count
            day = fields.Date.add(day, days=1)
        total = sum(
            max(up_to[decided] - up_to[filed], 0) * number
            for filed, decided, number in rows
        )
        number = sum(number for _filed, _decided, number in rows)
        return total / number, total, number

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------
    def _records_action(self, date_from, date_to, company):
        """The records behind the indicator's figure over the period (both
        sides of a ratio of two counts of PQRs)."""
        self.ensure_one()
        definition = self._definition(self.code, date_from, date_to, company)
        if definition is None:
            raise UserError(
                _("The indicator %(name)s has no definition.", name=self.name)
            )
        kind, records, domain, numerator, _scale = definition
        if kind == "ratio" and numerator[0]._name == records._name:
            domain = expression.OR([domain, numerator[1]])
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": records._name,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"active_test": False, "create": False},
        }
