"""Adjust Bill: Billing carries out what a PQR's decision changes on a bill
(R10-01-06), with Odoo's own documents — a credit note (full or partial) through
the reversal wizard, a re-billing (full reversal and corrected invoice, the
reversal wizard's "modify"), or a debit note through the debit-note wizard — each
posted, linked to the PQR with its re-billing cause, and a credit reconciled with
the invoice it corrects."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..models.pqr_common import office, transition


def _product_lines(move):
    """The product lines of ``move`` in the order its copies keep (a reversal, a
    modification or a debit note copies them in this order)."""
    return move.invoice_line_ids.filtered(
        lambda line: line.display_type == "product"
    ).sorted(lambda line: (line.sequence, line.id))


KINDS = [
    ("credit", "Credit Note"),
    ("rebill", "Re-billing (Corrected Invoice)"),
    ("debit", "Debit Note"),
]


class PqrRequestAdjustBill(models.TransientModel):
    _name = "pqr.request.adjust.bill"
    _description = "Adjust the Bill of a PQR (R10-01-06)"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id")
    currency_id = fields.Many2one(related="request_id.currency_id")
    commercial_partner_id = fields.Many2one(related="request_id.commercial_partner_id")
    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id)]",
        help="The invoice the decision changes: one of the disputed invoices, or "
        "another posted invoice of the petitioner.",
    )
    kind = fields.Selection(
        KINDS,
        string="Bill Change",
        required=True,
        default="credit",
        help="Credit note: credits all or part of the invoice's lines. Re-billing: "
        "reverses the whole invoice and bills the corrected amounts. Debit note: "
        "bills an amount the invoice lacked.",
    )
    cause_id = fields.Many2one(
        "pqr.rebilling.cause", string="Re-billing Cause", required=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    reason = fields.Char(required=True)
    line_ids = fields.One2many(
        "pqr.request.adjust.bill.line",
        "wizard_id",
        string="Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    lines_help = fields.Char(compute="_compute_lines_help")
    amount_change = fields.Monetary(
        string="Change (Untaxed)",
        compute="_compute_amount_change",
        help="What the bill changes, before taxes: negative when it lowers it.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["pqr.request"].browse(values.get("request_id"))
        if request:
            request._pqr_check_bill_adjustable()
            request_sudo = request.sudo()
            values.setdefault(
                "invoice_id",
                request_sudo.invoice_ids.sorted("invoice_date")[-1:].id or False,
            )
            values.setdefault(
                "cause_id", request_sudo._pqr_default_rebilling_cause().id
            )
            values.setdefault(
                "reason",
                office(request).env._(
                    "%(name)s, decision %(number)s",
                    name=request.name,
                    number=request_sudo.response_number or "",
                ),
            )
        return values

    @api.depends("invoice_id", "kind")
    def _compute_line_ids(self):
        for wizard in self:
            lines = _product_lines(wizard.invoice_id)
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "move_line_id": line.id,
                        "amount": 0.0
                        if wizard.kind == "debit"
                        else line.price_subtotal,
                    }
                )
                for line in lines
            ]

    @api.depends("kind")
    def _compute_lines_help(self):
        texts = {
            "credit": _(
                "Amount credited on each line, before taxes: the whole line, part "
                "of it, or zero."
            ),
            "rebill": _(
                "Corrected amount of each line, before taxes: the invoice is "
                "reversed in full and billed again with these amounts."
            ),
            "debit": _("Amount added to each line, before taxes."),
        }
        for wizard in self:
            wizard.lines_help = texts.get(wizard.kind, "")

    @api.depends("kind", "line_ids.amount", "line_ids.amount_invoiced")
    def _compute_amount_change(self):
        for wizard in self:
            amounts = wizard.line_ids.mapped("amount")
            billed = sum(wizard.line_ids.mapped("amount_invoiced"))
            wizard.amount_change = {
                "credit": -sum(amounts),
                "rebill": sum(amounts) - billed,
                "debit": sum(amounts),
            }.get(wizard.kind, 0.0)

    # ------------------------------------------------------------------
    def action_confirm(self):
        """Create and post the bill change (Billing only), linked to the PQR."""
        self.ensure_one()
        request = self.request_id
        request._pqr_check_bill_adjustable()
        self._check_lines()
        invoice = self.invoice_id
        # checked: Billing, reads the PQR, whose decision changes the bill; the
        # invoice is the petitioner's. Billing's accounting rights are Odoo's
        # (read-only for the group): the documents are made as superuser, in the
        # user's name (create_uid, the poster recorded).
        invoice_sudo = invoice.sudo()
        if self.kind == "credit":
            moves = self._pqr_credit_note(invoice_sudo)
        elif self.kind == "rebill":
            moves = self._pqr_rebill(invoice_sudo)
        else:
            moves = self._pqr_debit_note(invoice_sudo)
        return request.action_view_bill_adjustments() if moves else True

    def _check_lines(self):
        invoice = self.invoice_id
        request = self.request_id
        if (
            invoice.move_type != "out_invoice"
            or invoice.state != "posted"
            or invoice.commercial_partner_id != request.commercial_partner_id
            or invoice.company_id != request.company_id
        ):
            raise UserError(
                _("Only a posted customer invoice of the petitioner can be adjusted.")
            )
        if self.date > fields.Date.context_today(self):
            raise UserError(_("A bill change cannot be dated in the future."))
        lines = self.line_ids
        if not lines or lines.move_line_id.move_id != invoice:
            raise UserError(
                _("The lines do not belong to the invoice: choose it again.")
            )
        rounding = self.currency_id.rounding
        if any(
            float_compare(line.amount, 0.0, precision_rounding=rounding) < 0
            for line in lines
        ):
            raise UserError(_("The amounts of a bill change cannot be negative."))
        if float_is_zero(self.amount_change, precision_rounding=rounding):
            raise UserError(_("The bill change changes nothing: enter its amounts."))
        if self.kind == "credit":
            over = lines.filtered(
                lambda line: float_compare(
                    line.amount, line.amount_invoiced, precision_rounding=rounding
                )
                > 0
            )
            if over:
                raise UserError(
                    _(
                        "A credit note credits at most what the line billed "
                        "(%(lines)s).",
                        lines=", ".join(over.mapped("name")),
                    )
                )
            credited = sum(
                invoice.sudo()
                .reversal_move_ids.filtered(lambda m: m.state != "cancel")
                .mapped("amount_untaxed")
            )
            if (
                float_compare(
                    credited - self.amount_change,
                    invoice.amount_untaxed,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise UserError(
                    _(
                        "Invoice %(invoice)s was already credited %(credited)s of "
                        "%(total)s: this credit note would credit more than it "
                        "billed.",
                        invoice=invoice.name,
                        credited=self._money(credited),
                        total=self._money(invoice.amount_untaxed),
                    )
                )
        if self.kind == "rebill" and invoice.sudo().reversal_move_ids.filtered(
            lambda m: m.state != "cancel"
        ):
            raise UserError(
                _(
                    "Invoice %(invoice)s already has a credit note: re-bill it with "
                    "a credit note or a debit note for the difference.",
                    invoice=invoice.name,
                )
            )

    def _money(self, amount):
        return self.invoice_id._pqr_money(amount)

    def _pqr_reversal(self, invoice):
        return (
            self.env["account.move.reversal"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "move_ids": [Command.set(invoice.ids)],
                    "journal_id": invoice.journal_id.id,
                    "date": self.date,
                    "reason": self.reason,
                }
            )
        )

    def _pqr_set_amounts(self, move, amounts):
        """Give the draft ``move``'s product lines (copied in the invoice's order)
        the ``amounts``, before taxes: a line kept whole keeps its quantity and
        price; a changed one becomes one unit at the amount; a zero one goes."""
        rounding = self.currency_id.rounding
        commands = []
        wizard_lines = amounts.sorted(
            lambda w: (w.move_line_id.sequence, w.move_line_id.id)
        )
        for line, wizard_line in zip(_product_lines(move), wizard_lines, strict=True):
            if float_is_zero(wizard_line.amount, precision_rounding=rounding):
                commands.append(Command.delete(line.id))
            elif float_compare(
                wizard_line.amount, line.price_subtotal, precision_rounding=rounding
            ):
                commands.append(
                    Command.update(
                        line.id,
                        {
                            "quantity": 1,
                            "price_unit": wizard_line.amount,
                            "discount": 0,
                        },
                    )
                )
        if commands:
            move.write({"invoice_line_ids": commands})

    def _pqr_link(self, moves, kind):
        """Link the bill change to the PQR (``_post`` then records who posts it)."""
        transition(moves).write(
            {
                "pqr_request_id": self.request_id.id,
                "pqr_rebilling_cause_id": self.cause_id.id,
                "pqr_adjusted_invoice_id": self.invoice_id.id,
                "pqr_adjustment_kind": kind,
            }
        )

    def _pqr_credit_note(self, invoice):
        reversal = self._pqr_reversal(invoice)
        reversal.refund_moves()
        credit = reversal.new_move_ids
        self._pqr_set_amounts(credit, self.line_ids)
        self._pqr_link(credit, "credit_note")
        credit.action_post()
        self._pqr_reconcile(credit, invoice)
        return credit

    def _pqr_rebill(self, invoice):
        reversal = self._pqr_reversal(invoice)
        # Odoo's "modify": the reversal is posted and reconciled with the
        # invoice, and a copy of the invoice is left in draft
        reversal.modify_moves()
        corrected = reversal.new_move_ids
        reversed_move = invoice.reversal_move_ids.filtered(
            lambda m: m.state == "posted"
        ).sorted("id")[-1:]
        # posted by Odoo before it could be linked: recorded as _post would
        self._pqr_link(reversed_move, "reversal")
        reversed_move._pqr_record_posting()
        self._pqr_set_amounts(corrected, self.line_ids)
        self._pqr_link(corrected, "corrected_invoice")
        corrected.action_post()
        return reversed_move | corrected

    def _pqr_debit_note(self, invoice):
        before = invoice.debit_note_ids
        self.env["account.debit.note"].sudo().with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "move_ids": [Command.set(invoice.ids)],
                "journal_id": invoice.journal_id.id,
                "date": self.date,
                "reason": self.reason,
                "copy_lines": True,
            }
        ).create_debit()
        debit = invoice.debit_note_ids - before
        self._pqr_set_amounts(debit, self.line_ids)
        self._pqr_link(debit, "debit_note")
        debit.action_post()
        return debit

    def _pqr_reconcile(self, credit, invoice):
        """The credit note pays the invoice it corrects, as far as it is open."""
        lines = (credit.line_ids | invoice.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        )
        if len(lines.move_id) == 2:
            lines.reconcile()


class PqrRequestAdjustBillLine(models.TransientModel):
    _name = "pqr.request.adjust.bill.line"
    _description = "Line of a Bill Change"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "pqr.request.adjust.bill", required=True, ondelete="cascade"
    )
    move_line_id = fields.Many2one("account.move.line", required=True, readonly=True)
    sequence = fields.Integer(related="move_line_id.sequence")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    name = fields.Char(related="move_line_id.name", string="Description")
    quantity = fields.Float(related="move_line_id.quantity")
    amount_invoiced = fields.Monetary(
        related="move_line_id.price_subtotal", string="Billed"
    )
    amount = fields.Monetary()
