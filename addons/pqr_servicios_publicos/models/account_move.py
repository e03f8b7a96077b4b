"""Invoices of a service account, the payment that removes the cause of a
suspension or cut for non-payment, the financing orders an invoice belongs to, and
the bill changes a PQR's decision made (R10-01-06): credit notes, reversals with
their corrected invoice, and debit notes, each linked to its PQR and cause."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang

from .pqr_common import in_transition, office, transition

BILLING_GROUP = "pqr_servicios_publicos.group_pqr_billing"
ADJUSTMENT_KINDS = [
    ("credit_note", "Credit Note"),
    ("reversal", "Reversal for Re-billing"),
    ("corrected_invoice", "Corrected Invoice"),
    ("debit_note", "Debit Note"),
]
# set by the Adjust Bill action only (pqr.request.adjust.bill)
ADJUSTMENT_FIELDS = (
    "pqr_request_id",
    "pqr_rebilling_cause_id",
    "pqr_adjusted_invoice_id",
    "pqr_adjustment_kind",
    "pqr_posted_by_id",
    "pqr_date_posted",
)

_SKIP_RESTORE = object()


def skip_restore(records):
    """``records`` reconciled by a financing order's activation: the order itself
    removes the cause of the suspension, with its reason (module-private mark,
    unreachable over RPC)."""
    return records.with_context(pqr_skip_restore=_SKIP_RESTORE)


class AccountMove(models.Model):
    _inherit = "account.move"

    pqr_service_account_id = fields.Many2one(
        "pqr.service.account",
        string="Service Account",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The subscriber contract this invoice bills. Its overdue invoices count "
        "for a suspension for non-payment (Ley 142 de 1994 art. 140).",
    )
    # Bill changes (R10-01-06) ------------------------------------------------
    pqr_request_id = fields.Many2one(
        "pqr.request",
        string="PQR",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The PQR whose decision this bill change carries out (R10-01-06).",
    )
    pqr_rebilling_cause_id = fields.Many2one(
        "pqr.rebilling.cause", string="Re-billing Cause", readonly=True, copy=False
    )
    pqr_adjusted_invoice_id = fields.Many2one(
        "account.move",
        string="Adjusted Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The invoice this bill change corrects.",
    )
    pqr_adjustment_kind = fields.Selection(
        ADJUSTMENT_KINDS, string="Kind of Bill Change", readonly=True, copy=False
    )
    pqr_posted_by_id = fields.Many2one(
        "res.users", string="Posted By", readonly=True, copy=False
    )
    pqr_date_posted = fields.Datetime(string="Posted On", readonly=True, copy=False)
    pqr_adjustment_ids = fields.One2many(
        "account.move",
        "pqr_adjusted_invoice_id",
        string="Bill Changes",
        readonly=True,
    )
    pqr_claim_ids = fields.Many2many(
        "pqr.request",
        "account_move_pqr_request_rel",
        "account_move_id",
        "pqr_request_id",
        string="Claimed In",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The PQRs that dispute this invoice.",
    )
    pqr_request_count = fields.Integer(
        string="PQR Count",
        compute="_compute_pqr_request_count",
        groups="base.group_user",
    )
    pqr_financing_source_order_ids = fields.Many2many(
        "pqr.financing.order",
        "pqr_financing_order_source_rel",
        "move_id",
        "order_id",
        string="Financed By",
        readonly=True,
        copy=False,
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )
    pqr_financing_line_ids = fields.One2many(
        "pqr.financing.line",
        "invoice_id",
        string="Financing Instalments",
        readonly=True,
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )
    pqr_financing_order_ids = fields.Many2many(
        "pqr.financing.order",
        string="Financing Orders",
        compute="_compute_pqr_financing_order_ids",
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
        help="The financing orders this invoice belongs to, as a financed invoice or "
        "as an instalment.",
    )
    pqr_financing_order_count = fields.Integer(
        string="Financing Order Count",
        compute="_compute_pqr_financing_order_ids",
        groups="pqr_servicios_publicos.group_pqr_billing,"
        "pqr_servicios_publicos.group_pqr_clerk",
    )

    @api.depends("pqr_claim_ids", "pqr_request_id", "pqr_adjustment_ids.pqr_request_id")
    def _compute_pqr_request_count(self):
        for move in self:
            move.pqr_request_count = len(move._pqr_requests())

    def _pqr_requests(self):
        """The PQRs of this move: those that dispute it, the one it carries out,
        and those whose changes of it were billed. Read as superuser: the count and
        the button show what the reader's rules then let them open."""
        self.ensure_one()
        move = self.sudo()
        requests = (
            move.pqr_claim_ids
            | move.pqr_request_id
            | move.pqr_adjustment_ids.pqr_request_id
        )
        return requests.with_env(self.env)

    def action_view_pqr_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_request_action"
        )
        requests = self._pqr_requests()
        action["domain"] = [("id", "in", requests.ids)]
        action["context"] = {"create": False}
        if len(requests) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=requests.id)
        return action

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            given = {f for vals in vals_list for f in ADJUSTMENT_FIELDS if vals.get(f)}
            if given:
                raise UserError(
                    _("A bill change is linked to its PQR by the PQR's Adjust Bill.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not in_transition(self) and any(f in vals for f in ADJUSTMENT_FIELDS):
            raise UserError(
                _(
                    "The PQR, cause and poster of a bill change are set by the PQR's "
                    "Adjust Bill, never by editing."
                )
            )
        return super().write(vals)

    def _post(self, soft=True):
        """A bill change of a PQR is posted by Billing (R10-01-06), who is recorded
        with the moment; the PQR's chatter says what changed."""
        changes = self.filtered("pqr_request_id")
        if changes and not self.env.su and not self.env.user.has_group(BILLING_GROUP):
            raise AccessError(_("Only Billing posts the bill changes of a PQR."))
        posted = super()._post(soft=soft)
        changes = changes & posted
        if changes:
            changes._pqr_record_posting()
        return posted

    def _pqr_record_posting(self):
        """Who posted these bill changes and when, and the note on their PQR."""
        transition(self).write(
            {
                "pqr_posted_by_id": self.env.user.id,
                "pqr_date_posted": fields.Datetime.now(),
            }
        )
        self._pqr_log_bill_changes()

    def _pqr_log_bill_changes(self):
        """One note per PQR, in the office's language, for the bill changes just
        posted; a PQR waiting only for them is closed (its recursos resolved)."""
        for request, moves in self.grouped("pqr_request_id").items():
            note = office(request.sudo())
            env = note.env
            kinds = dict(
                self._fields["pqr_adjustment_kind"]._description_selection(env)
            )
            lines = [
                env._(
                    "%(kind)s %(move)s of invoice %(invoice)s: %(amount)s (cause "
                    "%(cause)s)",
                    kind=kinds[move.pqr_adjustment_kind],
                    move=move.name,
                    invoice=move.pqr_adjusted_invoice_id.name,
                    amount=move.with_env(env)._pqr_money(move.amount_total_signed),
                    cause=move.with_env(env).pqr_rebilling_cause_id.display_name,
                )
                for move in moves
            ]
            note.message_post(
                body=env._(
                    "Bill change posted (R10-01-06): %(changes)s.",
                    changes="; ".join(lines),
                ),
                subtype_xmlid="mail.mt_note",
            )
            (request | request.parent_id)._close_if_done()

    def _pqr_money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.company_id.currency_id)

    @api.depends("pqr_financing_source_order_ids", "pqr_financing_line_ids.order_id")
    def _compute_pqr_financing_order_ids(self):
        for move in self:
            move.pqr_financing_order_ids = (
                move.pqr_financing_source_order_ids
                | move.pqr_financing_line_ids.order_id
            )
            move.pqr_financing_order_count = len(move.pqr_financing_order_ids)

    def action_view_pqr_financing_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_financing_order_action"
        )
        action["domain"] = [("id", "in", self.pqr_financing_order_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _invoice_paid_hook(self):
        """Called by Odoo's reconciliation, in its transaction, for the invoices that
        just became paid: the accounts they bill whose suspension or cut was for
        non-payment and that have no overdue invoice left get their restoring
        order (domain decision 9); financing orders whose instalments are all paid
        become paid. The payment is the accountant's act; restoring is the
        office's rule, hence superuser."""
        res = super()._invoice_paid_hook()
        lines = (
            self.env["pqr.financing.line"]
            .sudo()
            .search([("invoice_id", "in", self.ids)])
        )
        if lines:
            lines.order_id._pqr_follow_payments()
        if self.env.context.get("pqr_skip_restore") is _SKIP_RESTORE:
            return res
        accounts = self.sudo().pqr_service_account_id.filtered(
            lambda a: a.service_state in ("suspended", "cut")
        )
        if accounts:
            # Two payments of the same account's last overdue invoices, committed
            # at the same time, would each still see the other invoice unpaid and
            # create nothing. Updating the accounts' rows makes the second
            # transaction fail to serialise: Odoo retries it with a fresh snapshot,
            # where the other invoice is paid.
            self.env.cr.execute(
                "UPDATE pqr_service_account SET write_date = write_date "
                "WHERE id IN %s",
                [tuple(accounts.ids)],
            )
            accounts._pqr_cause_removed(fields.Datetime.now())
        return res
