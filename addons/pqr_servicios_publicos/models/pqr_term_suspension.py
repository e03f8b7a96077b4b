from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .pqr_common import OPEN_STATES, in_transition, office, transition


class PqrTermSuspension(models.Model):
    """An approved suspension of the legal term (domain decision 4).

    Only two causes may move the silencio administrativo positivo date (Ley 142 de 1994
    art. 158): a decree of práctica de pruebas, or a delay caused by the user. Each needs
    a reason, evidence and a PQR manager's approval; its business days are then added to
    the deadline of the PQR. The suspension the law itself orders (an incomplete
    petition: the term does not run while the company waits, CPACA art. 17) is
    effective without approval (``by_law``).

    State and approval change only in ``action_approve``/``action_refuse`` (a
    manager, with evidence, inside a running term) and ``_create_by_law``.
    """

    _name = "pqr.term.suspension"
    _description = "PQR Term Suspension"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    request_id = fields.Many2one(
        "pqr.request",
        string="PQR",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True
    )
    reason = fields.Selection(
        [
            ("evidence", "Evidence gathering decreed (práctica de pruebas)"),
            ("user_delay", "Delay caused by the user"),
        ],
        required=True,
        tracking=True,
        help="Ley 142 de 1994 art. 158: the only two causes that move the deadline.",
    )
    description = fields.Text(string="Grounds", required=True)
    date_start = fields.Date(string="From", required=True, tracking=True)
    date_end = fields.Date(string="To", required=True, tracking=True)
    business_days = fields.Integer(
        compute="_compute_business_days",
        store=True,
        help="Business days in the suspension, added to the legal deadline once "
        "approved.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    state = fields.Selection(
        [("draft", "To Approve"), ("approved", "Approved"), ("refused", "Refused")],
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    by_law = fields.Boolean(
        readonly=True,
        copy=False,
        help="Ordered by the law, not by a decision: the business days the company "
        "waited for an incomplete petition to be completed (CPACA art. 17).",
    )

    @api.depends("date_start", "date_end", "request_id.company_id")
    def _compute_business_days(self):
        for suspension in self:
            if not (suspension.date_start and suspension.date_end):
                suspension.business_days = 0
                continue
            calendar = suspension.request_id.company_id._pqr_calendar()
            suspension.business_days = len(
                calendar.pqr_business_days(suspension.date_start, suspension.date_end)
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for suspension in self:
            if suspension.date_end < suspension.date_start:
                raise ValidationError(_("A suspension cannot end before it starts."))

    @api.constrains("date_start", "date_end", "state")
    def _check_overlap(self):
        for suspension in self.filtered(lambda s: s.state == "approved"):
            others = suspension.request_id.suspension_ids.filtered(
                lambda s, me=suspension: s != me
                and s.state == "approved"
                and s.date_start <= me.date_end
                and s.date_end >= me.date_start
            )
            if others:
                raise ValidationError(
                    _("Approved suspensions of the same PQR cannot overlap.")
                )

    # Fields set only by the approval methods
    _DECISION_FIELDS = ("state", "approved_by_id", "date_approved", "by_law")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            given = [
                f
                for f in self._DECISION_FIELDS
                if vals.get(f) and not (f == "state" and vals[f] == "draft")
            ]
            if given and not in_transition(self):
                raise UserError(
                    _(
                        "A term suspension is created to be approved: use the Approve "
                        "button."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if not in_transition(self) and set(self._DECISION_FIELDS) & set(vals):
            raise UserError(
                _(
                    "Approve or refuse a term suspension with its buttons, not by editing."
                )
            )
        if self.filtered(lambda s: s.state != "draft") and not in_transition(self):
            raise UserError(_("An approved or refused suspension cannot be changed."))
        return super().write(vals)

    def _check_manager(self):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(
                _("Only a PQR manager can approve or refuse suspensions.")
            )

    def _check_inside_term(self):
        """A suspension is approved while the term runs, and covers days of it."""
        for suspension in self:
            request = suspension.request_id
            if request.state not in OPEN_STATES or not request.date_deadline:
                raise UserError(
                    _(
                        "The term of %(name)s is not running: a suspension can no "
                        "longer be approved.",
                        name=request.name,
                    )
                )
            if not request.date_filed < suspension.date_start <= request.date_deadline:
                raise UserError(
                    _(
                        "A suspension of %(name)s starts inside its term: after the "
                        "filing date (%(filed)s) and no later than the deadline "
                        "(%(deadline)s).",
                        name=request.name,
                        filed=request.company_id._pqr_format(request.date_filed),
                        deadline=request.company_id._pqr_format(request.date_deadline),
                    )
                )

    def action_approve(self):
        self._check_manager()
        for suspension in self:
            if suspension.state != "draft":
                raise UserError(_("Only a suspension to approve can be approved."))
            if not suspension.attachment_ids:
                raise UserError(
                    _(
                        "Attach the evidence (decree, user's communication) before approving."
                    )
                )
        self._check_inside_term()
        transition(self).write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "date_approved": fields.Datetime.now(),
            }
        )
        self._on_approved()
        return True

    @api.model
    def _create_by_law(self, vals):
        """The suspension the law orders: effective at once, without approval."""
        suspension = transition(self).create(dict(vals, state="draft"))
        transition(suspension).write(
            {
                "state": "approved",
                "by_law": True,
                "date_approved": fields.Datetime.now(),
            }
        )
        suspension._on_approved()
        return suspension.with_env(self.env)

    def _on_approved(self):
        """The deadline moved: say so on the PQR, re-arm its alerts, and suspend
        the PQR while the suspension runs."""
        for suspension in self:
            request = suspension.request_id
            today = request.company_id._pqr_today()
            note = office(request)
            _ = note.env._
            fmt = note.company_id._pqr_format
            reason = dict(self._fields["reason"]._description_selection(note.env))[
                suspension.reason
            ]
            note.message_post(
                body=_(
                    "Term suspended from %(start)s to %(end)s (%(days)s business days, "
                    "%(reason)s), by law (CPACA art. 17). New legal deadline: "
                    "%(deadline)s.",
                    start=fmt(suspension.date_start),
                    end=fmt(suspension.date_end),
                    days=suspension.business_days,
                    reason=reason,
                    deadline=fmt(request.date_deadline),
                )
                if suspension.by_law
                else _(
                    "Term suspended from %(start)s to %(end)s (%(days)s business days, "
                    "%(reason)s), approved by %(user)s. New legal deadline: "
                    "%(deadline)s.",
                    start=fmt(suspension.date_start),
                    end=fmt(suspension.date_end),
                    days=suspension.business_days,
                    reason=reason,
                    user=self.env.user.name,
                    deadline=fmt(request.date_deadline),
                )
            )
            request._pqr_rearm_alerts()
            if (
                suspension.date_start <= today <= suspension.date_end
                and request.state in ("filed", "in_progress")
            ):
                transition(request).state = "suspended"

    def action_refuse(self):
        self._check_manager()
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(_("Only a suspension to approve can be refused."))
        transition(self).write({"state": "refused"})
        return True

    @api.model
    def _cron_resume_terms(self):
        """Daily, per company (its own today): PQRs whose approved suspension is
        over go back in progress."""
        for company in self.env["res.company"].search([]):
            today = company._pqr_today()
            suspended = self.env["pqr.request"].search(
                [("state", "=", "suspended"), ("company_id", "=", company.id)]
            )
            running = self.search(
                [
                    ("request_id", "in", suspended.ids),
                    ("state", "=", "approved"),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                ]
            ).request_id
            transition(suspended - running).state = "in_progress"
