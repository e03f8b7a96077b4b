from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class PqrTermSuspension(models.Model):
    """An approved suspension of the legal term (domain decision 4).

    Only two causes may move the silencio administrativo positivo date (Ley 142 de 1994
    art. 158): a decree of práctica de pruebas, or a delay caused by the user. Each needs
    a reason, evidence and a PQR manager's approval; its business days are then added to
    the deadline of the PQR.
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

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(
                _(
                    "A term suspension is created to be approved: use the Approve button."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not self.env.context.get("pqr_suspension_decision"):
            raise UserError(
                _(
                    "Approve or refuse a term suspension with its buttons, not by editing."
                )
            )
        locked = {"reason", "date_start", "date_end", "request_id"} & set(vals)
        if locked and self.filtered(lambda s: s.state == "approved"):
            raise UserError(_("An approved suspension cannot be changed."))
        return super().write(vals)

    def _check_manager(self):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(
                _("Only a PQR manager can approve or refuse suspensions.")
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
        self.with_context(pqr_suspension_decision=True).write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "date_approved": fields.Datetime.now(),
            }
        )
        today = self.company_id[:1]._pqr_today()
        for suspension in self:
            request = suspension.request_id
            request.message_post(
                body=_(
                    "Term suspended from %(start)s to %(end)s (%(days)s business days, "
                    "%(reason)s), approved by %(user)s. New legal deadline: "
                    "%(deadline)s.",
                    start=suspension.date_start,
                    end=suspension.date_end,
                    days=suspension.business_days,
                    reason=dict(
                        self._fields["reason"]._description_selection(self.env)
                    )[suspension.reason],
                    user=self.env.user.name,
                    deadline=request.date_deadline,
                )
            )
            if (
                suspension.date_start <= today <= suspension.date_end
                and request.state in ("filed", "in_progress")
            ):
                request.state = "suspended"
        return True

    def action_refuse(self):
        self._check_manager()
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(_("Only a suspension to approve can be refused."))
        self.with_context(pqr_suspension_decision=True).write({"state": "refused"})
        return True

    @api.model
    def _cron_resume_terms(self):
        """Daily: PQRs whose approved suspension is over go back in progress."""
        today = self.env.company._pqr_today()
        suspended = self.env["pqr.request"].search([("state", "=", "suspended")])
        running = self.search(
            [
                ("request_id", "in", suspended.ids),
                ("state", "=", "approved"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        ).request_id
        (suspended - running).state = "in_progress"
