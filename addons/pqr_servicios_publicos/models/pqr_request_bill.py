"""What a billing PQR means for the bill: the amount the customer must pay to file a
recurso (Ley 142 de 1994 art. 155), and the bill changes its decision requires
(R10-01-06: credit notes, re-billing, debit notes, posted by Billing with
``pqr.request.adjust.bill``). A PQR whose decision grants something on a billing
cause is not closed before its bill change is posted, unless a PQR manager closes it
without one, with the reason."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .pqr_common import office, transition

# states in which a decision was issued
ISSUED_STATES = ("decided", "notifying", "notified", "sspd", "closed")
ADJUSTMENT_STATES = [
    ("none", "Not Needed"),
    ("pending", "Pending"),
    ("posted", "Posted"),
    ("waived", "Closed Without Bill Change"),
]
# the periods averaged for art. 155
AVERAGE_PERIODS = 5


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    # Art. 155: what must be paid to file a recurso, from the invoices. Computed
    # when the disputed invoices or amount are recorded and frozen with them once
    # the decision is issued (they are act fields).
    amount_invoiced = fields.Monetary(
        string="Amount Billed",
        compute="_compute_amount_undisputed",
        store=True,
        readonly=True,
        help="Total of the disputed invoices when they were recorded.",
    )
    amount_undisputed = fields.Monetary(
        string="Undisputed Amount",
        compute="_compute_amount_undisputed",
        store=True,
        readonly=True,
        help="Ley 142 de 1994 art. 155: to file a recurso the customer must prove "
        "payment of the amounts not in dispute (the disputed invoices' total less "
        "the disputed amount), or of the average of the last five periods. Payment "
        "of the disputed amount is never required; when the whole bill is disputed, "
        "nothing is.",
    )
    amount_average_periods = fields.Monetary(
        string="Average of the Last Periods",
        compute="_compute_amount_undisputed",
        store=True,
        readonly=True,
        help="Average of the invoices of the service account for the periods before "
        "the disputed ones (at most five; reversed invoices, debit notes and "
        "financing instalments left out): the alternative amount of art. 155.",
    )
    average_period_count = fields.Integer(
        string="Periods Averaged",
        compute="_compute_amount_undisputed",
        store=True,
        readonly=True,
    )
    amount_paid_disputed = fields.Monetary(
        string="Paid on the Disputed Invoices",
        compute="_compute_amount_paid_disputed",
        groups="account.group_account_readonly",
    )

    # R10-01-06
    bill_adjustment_ids = fields.One2many(
        "account.move",
        "pqr_request_id",
        string="Bill Changes",
        readonly=True,
        groups="account.group_account_readonly",
    )
    bill_adjustment_count = fields.Integer(
        string="Bill Change Count",
        compute="_compute_bill_adjustment_count",
        groups="account.group_account_readonly",
    )
    bill_adjustment_state = fields.Selection(
        ADJUSTMENT_STATES,
        string="Bill Change",
        compute="_compute_bill_adjustment_state",
        store=True,
        readonly=True,
        index=True,
        help="Whether the decision requires a bill change (R10-01-06): a billing "
        "cause whose decision grants something (grants, partially grants, modifies, "
        "revokes, a decision of the Superintendencia that modifies or revokes, or "
        "positive administrative silence), unless a recurso's decision replaced it.",
    )
    bill_adjustment_waiver = fields.Text(
        string="Closed Without Bill Change Because", readonly=True, tracking=True
    )
    bill_adjustment_waived_by_id = fields.Many2one(
        "res.users", string="Closed Without Bill Change By", readonly=True
    )

    @api.depends("invoice_ids", "amount_disputed", "service_account_id")
    def _compute_amount_undisputed(self):
        for request in self:
            # a figure for the PQR's readers, from invoices they may not read
            invoices = request.sudo().invoice_ids
            billed = sum(invoices.mapped("amount_total_signed"))
            request.amount_invoiced = billed
            request.amount_undisputed = max(billed - request.amount_disputed, 0.0)
            previous = request._pqr_previous_periods(invoices)
            request.average_period_count = len(previous)
            request.amount_average_periods = (
                request.currency_id.round(
                    sum(previous.mapped("amount_total_signed")) / len(previous)
                )
                if previous
                else 0.0
            )

    def _pqr_previous_periods(self, invoices):
        """The invoices of the last periods before the disputed ``invoices``: of the
        same service account (else the petitioner), posted, neither reversed nor a
        debit note nor a financing instalment."""
        self.ensure_one()
        if not invoices:
            return invoices
        domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("company_id", "=", self.company_id.id),
            ("id", "not in", invoices.ids),
            ("invoice_date", "<", min(invoices.mapped("invoice_date"))),
            ("payment_state", "!=", "reversed"),
            ("debit_origin_id", "=", False),
            ("pqr_financing_line_ids", "=", False),
        ]
        if self.service_account_id:
            domain.append(("pqr_service_account_id", "=", self.service_account_id.id))
        else:
            domain.append(("commercial_partner_id", "=", self.commercial_partner_id.id))
        return (
            self.env["account.move"]
            .sudo()
            .search(domain, order="invoice_date desc, id desc", limit=AVERAGE_PERIODS)
        )

    @api.depends("invoice_ids.amount_residual_signed")
    def _compute_amount_paid_disputed(self):
        for request in self:
            invoices = request.invoice_ids
            request.amount_paid_disputed = sum(
                invoices.mapped("amount_total_signed")
            ) - sum(invoices.mapped("amount_residual_signed"))

    @api.depends("bill_adjustment_ids")
    def _compute_bill_adjustment_count(self):
        for request in self:
            request.bill_adjustment_count = len(request.bill_adjustment_ids)

    @api.depends(
        "state",
        "causal_id.causal_group",
        "response_type_id.grants_request",
        "sspd_outcome",
        "is_sap",
        "child_ids.response_type_id.grants_request",
        "child_ids.sspd_outcome",
        "child_ids.is_sap",
        "child_ids.state",
        "bill_adjustment_ids.state",
        "bill_adjustment_waiver",
    )
    def _compute_bill_adjustment_state(self):
        for request in self:
            # the decision's facts and the postings, whoever triggers the compute
            request_sudo = request.sudo()
            if not request_sudo._pqr_needs_bill_change():
                request.bill_adjustment_state = "none"
            elif "posted" in request_sudo.bill_adjustment_ids.mapped("state"):
                request.bill_adjustment_state = "posted"
            elif request.bill_adjustment_waiver:
                request.bill_adjustment_state = "waived"
            else:
                request.bill_adjustment_state = "pending"

    def _pqr_grants(self):
        """Whether this PQR's own decision grants something."""
        self.ensure_one()
        decided = self.state in ISSUED_STATES
        return bool(
            self.is_sap
            or self.sspd_outcome in ("modifies", "revokes")
            or (decided and self.response_type_id.grants_request)
        )

    def _pqr_needs_bill_change(self):
        """A billing PQR whose decision grants something needs a bill change, unless
        the decision on one of its recursos grants something too: that one replaced
        it and carries the change."""
        self.ensure_one()
        return (
            self.causal_id.causal_group == "F"
            and self._pqr_grants()
            and not any(child._pqr_grants() for child in self.child_ids)
        )

    def _pqr_default_rebilling_cause(self):
        """The cause a bill change of this PQR usually has: 2 after a decision of
        the Superintendencia, 3 after the company's answer to a recurso, 1 after
        the answer to the user's claim."""
        self.ensure_one()
        if self.sspd_outcome in ("modifies", "revokes"):
            code = "2"
        elif self.parent_id:
            code = "3"
        else:
            code = "1"
        return self.env["pqr.rebilling.cause"].search([("code", "=", code)], limit=1)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_adjust_bill(self):
        self.ensure_one()
        self._pqr_check_bill_adjustable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Adjust Bill"),
            "res_model": "pqr.request.adjust.bill",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _pqr_check_bill_adjustable(self):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_billing"):
            raise AccessError(_("Only Billing adjusts the bill of a PQR."))
        self.check_access("read")
        for request in self:
            if not request._pqr_needs_bill_change():
                raise UserError(
                    _(
                        "%(name)s has no decision that changes the bill: only a "
                        "billing PQR whose decision grants something (grants, "
                        "partially grants, modifies, revokes) is adjusted.",
                        name=request.name,
                    )
                )

    def action_view_bill_adjustments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_bill_change_action"
        )
        action["domain"] = [("pqr_request_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_close_without_bill_change(self, reason):
        """A PQR manager closes a PQR whose bill change is pending (e.g. the bill
        was corrected outside Odoo, or the amount was already credited), with the
        reason, recorded in the chatter."""
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(
                _("Only a PQR manager closes a PQR without its bill change.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for closing without the bill change."))
        for request in self:
            if request.bill_adjustment_state != "pending":
                raise UserError(
                    _("%(name)s has no pending bill change.", name=request.name)
                )
        transition(self).write(
            {
                "bill_adjustment_waiver": reason,
                "bill_adjustment_waived_by_id": self.env.user.id,
            }
        )
        for request in self:
            note = office(request)
            note.message_post(
                body=note.env._(
                    "Closed without a bill change by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        notified = self.filtered(lambda r: r.state == "notified")
        if notified:
            notified.action_close()
        return True

    def action_close(self):
        self._check_decider()
        pending = self.filtered(lambda r: r.bill_adjustment_state == "pending")
        if pending:
            raise UserError(
                _(
                    "%(names)s: the decision grants a billing claim and its bill "
                    "change (R10-01-06) is not posted. Billing posts it with Adjust "
                    "Bill; or a PQR manager closes it without one, with the reason.",
                    names=", ".join(pending.mapped("name")),
                )
            )
        return super().action_close()

    def _close_if_done(self):
        """A decision waiting for its bill change stays open: posting the change
        closes it (``account.move._pqr_log_bill_changes``)."""
        return super(
            PqrRequest, self.filtered(lambda r: r.bill_adjustment_state != "pending")
        )._close_if_done()
