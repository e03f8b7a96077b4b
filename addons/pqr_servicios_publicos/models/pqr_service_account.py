from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .pqr_common import in_transition, office, transition

# who reads PQRs (technicians work field orders only)
PQR_READERS = (
    "pqr_servicios_publicos.group_pqr_area,pqr_servicios_publicos.group_pqr_billing,"
    "base.group_portal"
)

SERVICE_STATES = [
    ("connected", "Connected"),
    ("suspended", "Suspended"),
    ("cut", "Cut Off"),
    ("terminated", "Terminated"),
]
# the restoring order each state calls for (Ley 142 de 1994 art. 142)
RESTORING_ORDER = {"suspended": "reconexion", "cut": "reinstalacion"}


class PqrServiceAccount(models.Model):
    _name = "pqr.service.account"
    _description = "Service Account (Subscriber Contract)"
    _inherit = ["mail.thread"]
    _order = "name"
    _rec_names_search = ["name", "partner_id.name", "street", "meter_number"]
    _check_company_auto = True

    name = fields.Char(
        string="Account Number",
        required=True,
        tracking=True,
        help="Número de cuenta / matrícula of the subscriber contract.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, tracking=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    street = fields.Char(string="Property Address", required=True)
    estrato = fields.Selection(
        [
            ("1", "1 - Low-low"),
            ("2", "2 - Low"),
            ("3", "3 - Medium-low"),
            ("4", "4 - Medium"),
            ("5", "5 - Medium-high"),
            ("6", "6 - High"),
        ],
        string="Socio-economic Stratum",
        tracking=True,
        help="Estrato of residential properties (Ley 142 de 1994 arts. 101-104).",
    )
    use_class = fields.Selection(
        [
            ("residential", "Residential"),
            ("commercial", "Commercial"),
            ("industrial", "Industrial"),
            ("official", "Official"),
            ("special", "Special"),
            ("temporary", "Temporary"),
        ],
        required=True,
        default="residential",
        tracking=True,
    )
    meter_number = fields.Char(tracking=True)
    service_water = fields.Boolean(string="Water Supply", default=True)
    service_sewer = fields.Boolean(string="Sewerage", default=True)
    service_waste = fields.Boolean(string="Waste Collection", default=True)
    dane_code = fields.Char(
        string="DANE Populated Centre",
        size=8,
        help="DIVIPOLA code: department (2) + municipality (3) + centro poblado (3).",
    )
    request_ids = fields.One2many(
        "pqr.request", "service_account_id", string="PQRs", groups=PQR_READERS
    )
    request_count = fields.Integer(
        compute="_compute_request_count", string="PQR Count", groups=PQR_READERS
    )
    service_state = fields.Selection(
        SERVICE_STATES,
        default="connected",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        help="Changed only by an executed field order (suspension, cut, "
        "reconnection, reinstatement).",
    )
    service_state_order_id = fields.Many2one(
        "pqr.field.order",
        string="Changed By",
        readonly=True,
        help="The executed field order that set the service state.",
    )
    field_order_ids = fields.One2many(
        "pqr.field.order", "service_account_id", string="Field Orders"
    )
    field_order_count = fields.Integer(compute="_compute_field_order_count")
    overdue_invoice_count = fields.Integer(
        string="Overdue Invoices",
        compute="_compute_overdue_invoice_count",
        groups="account.group_account_readonly",
        help="Posted invoices of the account past their due date and not paid.",
    )
    suspension_due = fields.Boolean(
        compute="_compute_suspension_due",
        search="_search_suspension_due",
        help="Connected, with at least as many overdue invoices as the company's "
        "setting (Ley 142 de 1994 art. 140), and no open suspension.",
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The account number must be unique per company.",
        ),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["pqr.request"]._read_group(
                [("service_account_id", "in", self.ids)],
                ["service_account_id"],
                ["__count"],
            )
        )
        for account in self:
            account.request_count = counts.get(account, 0)

    def write(self, vals):
        if "service_state" in vals and not in_transition(self):
            raise UserError(
                _(
                    "The service state of an account changes only when a field order "
                    "(suspension, cut, reconnection, reinstatement) is executed."
                )
            )
        return super().write(vals)

    def _compute_field_order_count(self):
        counts = dict(
            self.env["pqr.field.order"]._read_group(
                [("service_account_id", "in", self.ids)],
                ["service_account_id"],
                ["__count"],
            )
        )
        for account in self:
            account.field_order_count = counts.get(account, 0)

    # ------------------------------------------------------------------
    # Overdue invoices (Ley 142 de 1994 art. 140)
    # ------------------------------------------------------------------
    def _pqr_overdue_domain(self, today=None):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today or fields.Date.context_today(self)),
        ]

    def _pqr_overdue_counts(self):
        """Overdue invoices per account, in one query."""
        Move = self.env["account.move"].sudo()
        return dict(
            Move._read_group(
                self._pqr_overdue_domain()
                + [("pqr_service_account_id", "in", self.ids)],
                ["pqr_service_account_id"],
                ["__count"],
            )
        )

    def _compute_overdue_invoice_count(self):
        counts = self._pqr_overdue_counts()
        for account in self:
            account.overdue_invoice_count = counts.get(account, 0)

    def _compute_suspension_due(self):
        due = self.search([("id", "in", self.ids), ("suspension_due", "=", True)])
        for account in self:
            account.suspension_due = account in due

    def _search_suspension_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on Suspension Due."))
        ids = []
        Move = self.env["account.move"].sudo()
        for company in self.env["res.company"].sudo().search([]):
            groups = Move._read_group(
                self._pqr_overdue_domain()
                + [
                    ("company_id", "=", company.id),
                    ("pqr_service_account_id", "!=", False),
                    ("pqr_service_account_id.service_state", "=", "connected"),
                ],
                ["pqr_service_account_id"],
                having=[("__count", ">=", company.pqr_suspension_overdue_periods)],
            )
            ids += [account.id for (account,) in groups]
        open_orders = (
            self.env["pqr.field.order"]
            .sudo()
            ._read_group(
                [
                    ("service_account_id", "in", ids),
                    ("order_type", "=", "suspension"),
                    ("state", "in", ("draft", "scheduled", "in_progress")),
                ],
                ["service_account_id"],
            )
        )
        ids = list(set(ids) - {account.id for (account,) in open_orders})
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def action_propose_suspensions(self):
        """Batch action on the proposed list: one draft suspension order for
        non-payment per account that is due; the others are left out and named."""
        self.env["pqr.field.order"].check_access("create")
        due = self.search([("id", "in", self.ids), ("suspension_due", "=", True)])
        if not due:
            raise UserError(
                _(
                    "None of the selected accounts is due for suspension: they need "
                    "the company's number of overdue invoices, the service connected "
                    "and no open suspension."
                )
            )
        counts = due._pqr_overdue_counts()
        orders = self.env["pqr.field.order"].create(
            [
                {
                    "order_type": "suspension",
                    "service_account_id": account.id,
                    "company_id": account.company_id.id,
                    "cause": "non_payment",
                    "instructions": office(account).env._(
                        "Suspension for non-payment: %(count)s overdue invoices "
                        "(Ley 142 de 1994 art. 140).",
                        count=counts.get(account, 0),
                    ),
                }
                for account in due
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_field_order_action"
        )
        action["domain"] = [("id", "in", orders.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # The cause removed: restore within 24 hours (domain decision 9)
    # ------------------------------------------------------------------
    def _pqr_cause_removed(self, when, reason=None):
        """The cause of a suspension or cut for non-payment was removed at ``when``
        (its overdue invoices paid, or a signed financing order activated once its
        down payment is paid; ``reason`` says which): for each account that no
        longer has overdue invoices, a reconnection (after a suspension) or
        reinstatement (after a cut) order due ``when`` + the company's hours, and
        an activity for the dispatcher. Batched: a fixed number of queries whatever the number of
        accounts or invoices. Idempotent: an account with an open restoring order
        gets no other."""
        accounts = self.filtered(
            lambda a: a.service_state in RESTORING_ORDER
            and a.service_state_order_id.cause == "non_payment"
        )
        if not accounts:
            return self.env["pqr.field.order"]
        overdue = accounts._pqr_overdue_counts()
        accounts = accounts.filtered(lambda a: not overdue.get(a))
        Order = self.env["pqr.field.order"].sudo()
        busy = {
            account.id
            for (account,) in Order._read_group(
                [
                    ("service_account_id", "in", accounts.ids),
                    ("order_type", "in", tuple(RESTORING_ORDER.values())),
                    ("state", "in", ("draft", "scheduled", "in_progress")),
                ],
                ["service_account_id"],
            )
        }
        accounts = accounts.filtered(lambda a: a.id not in busy)
        if not accounts:
            return Order
        vals_list = []
        for account in accounts:
            company = account.company_id
            note = office(account).env
            vals_list.append(
                {
                    "order_type": RESTORING_ORDER[account.service_state],
                    "service_account_id": account.id,
                    "company_id": company.id,
                    "area_id": company.pqr_field_area_id.id,
                    "request_id": account.service_state_order_id.request_id.id,
                    "origin_order_id": account.service_state_order_id.id,
                    "date_cause_removed": when,
                    "deadline": when + timedelta(hours=company.pqr_restore_hours),
                    "instructions": reason
                    or note._("The overdue invoices were paid: restore the service."),
                }
            )
        orders = transition(Order).create(vals_list)
        orders._pqr_dispatch_activity(
            {
                order: office(order).env._(
                    "Restore the service before %(deadline)s",
                    deadline=order.company_id._pqr_format(order.deadline),
                )
                for order in orders
            }
        )
        return orders

    @api.model
    def _pqr_propose_cuts(self, company):
        """Suspensions not resolved within the company's days: a draft cut order
        (it follows the suspension, with its cause) and an activity for the
        dispatcher, once per suspension."""
        if not company.pqr_cut_after_days:
            return self.env["pqr.field.order"]
        limit = fields.Datetime.now() - timedelta(days=company.pqr_cut_after_days)
        Order = self.env["pqr.field.order"].sudo()
        suspensions = Order.search(
            [
                ("company_id", "=", company.id),
                ("order_type", "=", "suspension"),
                ("state", "=", "done"),
                ("date_executed", "<", limit),
                ("service_account_id.service_state", "=", "suspended"),
            ]
        )
        suspensions = suspensions.filtered(
            lambda o: o.service_account_id.service_state_order_id == o
        )
        followed = {
            origin.id
            for (origin,) in Order._read_group(
                [
                    ("origin_order_id", "in", suspensions.ids),
                    ("order_type", "in", ("corte", "reconexion")),
                ],
                ["origin_order_id"],
            )
        }
        suspensions = suspensions.filtered(lambda o: o.id not in followed)
        if not suspensions:
            return Order
        env = office(suspensions[:1]).env
        cuts = transition(Order).create(
            [
                {
                    "order_type": "corte",
                    "service_account_id": suspension.service_account_id.id,
                    "company_id": company.id,
                    "area_id": suspension.area_id.id,
                    "request_id": suspension.request_id.id,
                    "origin_order_id": suspension.id,
                    "cause": suspension.cause,
                    "cause_detail": suspension.cause_detail,
                    "instructions": env._(
                        "Suspension %(order)s executed on %(date)s was not resolved "
                        "within %(days)s days.",
                        order=suspension.name,
                        date=company._pqr_format(suspension.date_executed),
                        days=company.pqr_cut_after_days,
                    ),
                }
                for suspension in suspensions
            ]
        )
        cuts._pqr_dispatch_activity(
            env._("Cut proposed: the suspension was not resolved")
        )
        return cuts

    def action_view_field_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_field_order_action"
        )
        action["domain"] = [("service_account_id", "=", self.id)]
        action["context"] = {"default_service_account_id": self.id}
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_request_action"
        )
        action["domain"] = [("service_account_id", "=", self.id)]
        action["context"] = {
            "default_service_account_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
