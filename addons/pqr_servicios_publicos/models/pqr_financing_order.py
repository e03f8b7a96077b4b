"""Debt financing orders (R10-01-05 "Orden de financiación") on Odoo's accounting.

A customer who owes overdue invoices signs a payment agreement: a down payment, then
equal monthly instalments (French system) at a monthly rate that may not exceed the
usury rate in force on the signing day. Nothing is kept on the side:

* activation posts one journal entry moving the financed debt from the customer's
  receivable to the company's *financed receivables* account, reconciled with the
  source invoices (they become paid by reconciliation);
* each instalment is a customer invoice (principal against the financed receivables
  account, interest as income), issued by a daily action when due; payments reconcile
  as usual and the order follows Odoo's payment state;
* too many overdue instalments default the order: the remaining principal is invoiced
  at once.

Activation removes the cause of a suspension for non-payment: the reconnection order
follows in the same transaction (``pqr.service.account._pqr_cause_removed``).
"""

import base64

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, formatLang

from .account_move import skip_restore
from .pqr_common import in_transition, office, transition

STATES = [
    ("draft", "Draft"),
    ("signed", "Signed"),
    ("active", "In Force"),
    ("paid", "Paid"),
    ("defaulted", "Defaulted"),
    ("cancelled", "Cancelled"),
]
# What a draft may still change; everything else is set by the actions
DRAFT_FIELDS = {
    "partner_id",
    "service_account_id",
    "source_invoice_ids",
    "down_payment_amount",
    "installment_count",
    "interest_rate",
    "first_due_date",
    "signer_name",
    "signer_vat",
    "signature",
    "note",
}
PAID_STATES = ("paid", "in_payment")
BILLING_GROUP = "pqr_servicios_publicos.group_pqr_billing"
CLERK_GROUP = "pqr_servicios_publicos.group_pqr_clerk"

UNITS_WORDS = {"uno": "un", "veintiuno": "veintiún"}


def french_schedule(amount, rate_percent, count, first_due_date, currency):
    """The lines of a constant-instalment schedule: ``count`` monthly instalments of
    ``amount`` at ``rate_percent`` a month, rounded with ``currency``. Each line's
    interest is the rate times the balance before it; its principal is the
    instalment minus that interest; the last line takes the remaining balance, so
    only its instalment may differ. Due dates are counted from ``first_due_date``
    (a month without that day uses its last day)."""
    rate = rate_percent / 100.0
    if rate:
        installment = currency.round(amount * rate / (1 - (1 + rate) ** -count))
    else:
        installment = currency.round(amount / count)
    balance = currency.round(amount)
    lines = []
    for number in range(1, count + 1):
        interest = currency.round(balance * rate)
        principal = (
            balance if number == count else currency.round(installment - interest)
        )
        balance = currency.round(balance - principal)
        lines.append(
            {
                "number": number,
                "date_due": first_due_date + relativedelta(months=number - 1),
                "amount_principal": principal,
                "amount_interest": interest,
                "amount_installment": currency.round(principal + interest),
                "balance": balance,
            }
        )
    return lines


class PqrFinancingOrder(models.Model):
    _name = "pqr.financing.order"
    _description = "Financing Order (R10-01-05)"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Order Number", readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    service_account_id = fields.Many2one(
        "pqr.service.account",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    source_invoice_ids = fields.Many2many(
        "account.move",
        "pqr_financing_order_source_rel",
        "order_id",
        "move_id",
        string="Financed Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('payment_state', 'in', ('not_paid', 'partial')),"
        " ('commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id)]",
        help="The overdue invoices the agreement finances.",
    )
    amount_debt = fields.Monetary(
        string="Debt",
        readonly=True,
        copy=False,
        tracking=True,
        help="What the financed invoices owe (their residual amounts) when the "
        "schedule is computed and when the order is signed.",
    )
    down_payment_amount = fields.Monetary(string="Down Payment", tracking=True)
    amount_financed = fields.Monetary(
        string="Financed Amount", compute="_compute_amount_financed", store=True
    )
    installment_count = fields.Integer(
        string="Instalments", default=lambda s: s.env.company.pqr_financing_installments
    )
    interest_rate = fields.Float(
        string="Monthly Interest Rate (%)",
        digits=(6, 4),
        tracking=True,
        help="Nominal monthly rate, in percent. Its effective annual equivalent may "
        "not exceed the usury rate in force on the signing day.",
    )
    effective_annual_rate = fields.Float(
        string="Effective Annual Rate (%)",
        digits=(6, 2),
        compute="_compute_effective_annual_rate",
    )
    first_due_date = fields.Date(string="First Instalment Due")
    line_ids = fields.One2many(
        "pqr.financing.line", "order_id", string="Schedule", readonly=True
    )
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    note = fields.Text(string="Terms and Notes")
    signer_name = fields.Char(string="Signed By")
    signer_vat = fields.Char(string="Signer's ID Number")
    signature = fields.Binary(
        string="Customer's Signature", copy=False, attachment=True
    )
    date_signed = fields.Datetime(string="Signed On", readonly=True, copy=False)
    usury_rate_id = fields.Many2one(
        "pqr.usury.rate",
        string="Usury Rate Applied",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    usury_warning = fields.Char(compute="_compute_usury_warning")
    agreement_file = fields.Binary(
        string="Agreement", attachment=True, readonly=True, copy=False
    )
    agreement_filename = fields.Char(readonly=True, copy=False)
    date_activated = fields.Datetime(string="Activated On", readonly=True, copy=False)
    activation_move_id = fields.Many2one(
        "account.move",
        string="Activation Entry",
        readonly=True,
        copy=False,
        groups="account.group_account_readonly",
    )
    date_defaulted = fields.Datetime(string="Defaulted On", readonly=True, copy=False)
    acceleration_invoice_id = fields.Many2one(
        "account.move",
        string="Remaining Principal Invoice",
        readonly=True,
        copy=False,
        help="Issued when the order defaulted: the whole remaining principal.",
    )
    date_cancelled = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    amount_balance = fields.Monetary(
        string="Balance",
        compute="_compute_amount_balance",
        store=True,
        help="Principal not paid yet: the financed amount minus the principal of the "
        "paid instalments.",
    )
    next_due_date = fields.Date(compute="_compute_amount_balance", store=True)
    invoice_ids = fields.Many2many(
        "account.move", string="Instalment Invoices", compute="_compute_invoice_ids"
    )
    invoice_count = fields.Integer(
        string="Instalment Invoice Count", compute="_compute_invoice_ids"
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The financing order number must be unique per company.",
        ),
        (
            "installment_count_check",
            "CHECK(installment_count > 0 AND installment_count <= 120)",
            "A financing order has from 1 to 120 instalments.",
        ),
        (
            "interest_rate_check",
            "CHECK(interest_rate >= 0)",
            "The interest rate cannot be negative.",
        ),
        (
            "down_payment_check",
            "CHECK(down_payment_amount >= 0)",
            "The down payment cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("amount_debt", "down_payment_amount")
    def _compute_amount_financed(self):
        for order in self:
            order.amount_financed = order.currency_id.round(
                order.amount_debt - order.down_payment_amount
            )

    @api.depends("interest_rate")
    def _compute_effective_annual_rate(self):
        for order in self:
            order.effective_annual_rate = order._pqr_effective_annual() * 100

    def _pqr_effective_annual(self):
        return (1 + self.interest_rate / 100.0) ** 12 - 1

    @api.depends("state", "date_signed")
    def _compute_usury_warning(self):
        Rate = self.env["pqr.usury.rate"]
        for order in self:
            warning = False
            if order.state in ("draft", "signed"):
                day = fields.Date.to_date(
                    order.company_id._pqr_calendar().pqr_local_date(
                        order.date_signed or fields.Datetime.now()
                    )
                )
                rate, stale = Rate._pqr_rate_on(day)
                if not rate:
                    warning = _(
                        "No usury rate is entered: a manager enters the certified "
                        "rates in PQR > Configuration > Usury Rates before any order "
                        "is signed."
                    )
                elif stale:
                    warning = _(
                        "The usury rates table ends on %(date)s: the latest rate "
                        "(%(rate)s) applies. Enter this month's certified rate.",
                        date=order.company_id._pqr_format(rate.date_to),
                        rate=rate.display_name,
                    )
            order.usury_warning = warning

    @api.depends(
        "amount_financed",
        "state",
        "line_ids.paid",
        "line_ids.amount_principal",
        "line_ids.date_due",
    )
    def _compute_amount_balance(self):
        for order in self:
            unpaid = order.line_ids.filtered(lambda line: not line.paid)
            order.amount_balance = (
                0.0
                if order.state in ("cancelled", "paid")
                else order.currency_id.round(sum(unpaid.mapped("amount_principal")))
                if order.line_ids
                else order.amount_financed
            )
            order.next_due_date = (
                min(unpaid.mapped("date_due"))
                if unpaid and order.state in ("active", "defaulted")
                else False
            )

    @api.depends("line_ids.invoice_id", "acceleration_invoice_id")
    def _compute_invoice_ids(self):
        for order in self:
            order.invoice_ids = (
                order.line_ids.invoice_id | order.acceleration_invoice_id
            )
            order.invoice_count = len(order.invoice_ids)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/financing/{order.id}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("partner_id", "service_account_id", "source_invoice_ids")
    def _check_invoices(self):
        for order in self:
            partner = order.commercial_partner_id
            if order.service_account_id.commercial_partner_id != partner:
                raise ValidationError(
                    _(
                        "Account %(account)s is not held by %(partner)s.",
                        account=order.service_account_id.name,
                        partner=order.partner_id.display_name,
                    )
                )
            wrong = order.source_invoice_ids.filtered(
                lambda m, o=order: m.move_type != "out_invoice"
                or m.state != "posted"
                or m.commercial_partner_id != o.commercial_partner_id
                or m.company_id != o.company_id
                or m.currency_id != o.currency_id
            )
            if wrong:
                raise ValidationError(
                    _(
                        "%(invoices)s cannot be financed on %(order)s: only posted "
                        "customer invoices of %(partner)s, of the same company and in "
                        "%(currency)s.",
                        invoices=", ".join(wrong.mapped("name")),
                        order=order.name,
                        partner=order.partner_id.display_name,
                        currency=order.currency_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD and the guard of what was signed
    # ------------------------------------------------------------------
    @api.model
    def _pqr_legal_fields(self):
        """Everything but the terms of a draft (and what the mail and portal
        mixins keep) is set by the actions."""
        return {
            name
            for name in self._fields
            if name not in DRAFT_FIELDS
            and not name.startswith(("message_", "activity_", "access_"))
            and name
            not in models.MAGIC_COLUMNS + ["website_message_ids", "display_name"]
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            self._check_editor()
            given = sorted(
                {f for vals in vals_list for f, v in vals.items() if v}
                & (self._pqr_legal_fields() - {"company_id", "name", "state"})
            )
            if any(vals.get("state", "draft") != "draft" for vals in vals_list):
                given.append("state")
            if any(vals.get("name", "/") != "/" for vals in vals_list):
                given.append("name")
            if given:
                raise UserError(
                    _(
                        "A new financing order starts as a draft; %(fields)s are set "
                        "by its actions.",
                        fields=", ".join(self._field_labels(given)),
                    )
                )
        for vals in vals_list:
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            vals["name"] = (
                self.env["ir.sequence"]
                .with_company(company)
                .next_by_code("pqr.financing.order")
                or "/"
            )
        orders = super(PqrFinancingOrder, transition(self)).create(vals_list)
        orders._pqr_refresh_debt()
        return orders.with_env(self.env)

    def write(self, vals):
        if not in_transition(self):
            self._check_editor()
            legal = sorted(self._pqr_legal_fields() & set(vals))
            if legal:
                raise UserError(
                    _(
                        "%(fields)s of a financing order change only through its "
                        "actions (compute the schedule, sign, activate, cancel).",
                        fields=", ".join(self._field_labels(legal)),
                    )
                )
            signed = self.filtered(lambda o: o.state != "draft")
            if signed and set(vals) & DRAFT_FIELDS:
                raise UserError(
                    _(
                        "%(orders)s was signed: its terms no longer change. Write in "
                        "its chatter, or cancel it and sign a new order.",
                        orders=", ".join(signed.mapped("name")),
                    )
                )
        res = super().write(vals)
        if "source_invoice_ids" in vals and not in_transition(self):
            self._pqr_refresh_debt()
        return res

    def unlink(self):
        if self.filtered(lambda o: o.state != "draft"):
            raise UserError(
                _("Only draft financing orders are deleted; cancel the others.")
            )
        return super().unlink()

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(_("A financing order is not duplicated: create a new one."))

    @api.model
    def _field_labels(self, names):
        info = self.fields_get(names, ["string"])
        return [info[name]["string"] for name in names]

    @api.model
    def _check_editor(self):
        user = self.env.user
        if not self.env.su and not (
            user.has_group(CLERK_GROUP) or user.has_group(BILLING_GROUP)
        ):
            raise AccessError(
                _("Only billing and PQR clerks prepare financing orders.")
            )

    @api.model
    def _check_billing(self, what):
        if not self.env.su and not self.env.user.has_group(BILLING_GROUP):
            raise AccessError(_("Only billing %(what)s financing orders.", what=what))

    def _check_state(self, states, what):
        wrong = self.filtered(lambda o: o.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(order)s is %(state)s: it cannot be %(what)s.",
                    order=wrong[0].name,
                    state=labels[wrong[0].state].lower(),
                    what=what,
                )
            )

    def _pqr_refresh_debt(self):
        """The debt of drafts: what their invoices owe now."""
        for order in self.filtered(lambda o: o.state == "draft"):
            debt = order.currency_id.round(
                sum(order.sudo().source_invoice_ids.mapped("amount_residual"))
            )
            if float_compare(
                debt, order.amount_debt, precision_rounding=order.currency_id.rounding
            ):
                transition(order).amount_debt = debt

    @api.onchange("source_invoice_ids")
    def _onchange_source_invoice_ids(self):
        for order in self:
            order.amount_debt = order.currency_id.round(
                sum(order.source_invoice_ids.mapped("amount_residual"))
            )

    @api.onchange("service_account_id")
    def _onchange_service_account_id(self):
        for order in self.filtered("service_account_id"):
            order.partner_id = order.service_account_id.partner_id

    # ------------------------------------------------------------------
    # Amounts in words (the agreement and the pagaré)
    # ------------------------------------------------------------------
    @api.model
    def amount_to_words_co(self, amount):
        """``amount`` in Colombian pesos as a legal document writes it, in capitals:
        1 -> "UN PESO M/CTE", 21,000 -> "VEINTIÚN MIL PESOS M/CTE", 1,000,000 -> "UN
        MILLÓN DE PESOS M/CTE", 10.50 -> "DIEZ PESOS CON CINCUENTA CENTAVOS M/CTE".
        num2words writes the full forms ("uno", "veintiuno") and no "de" after
        millón: before a noun Spanish shortens them."""
        from num2words import num2words  # pylint: disable=import-outside-toplevel

        if amount is None or amount < 0:
            raise UserError(_("An amount in words is a positive number."))
        cents_total = round(amount * 100)
        pesos, cents = divmod(int(cents_total), 100)

        def words(number):
            text = num2words(number, lang="es")
            return " ".join(UNITS_WORDS.get(word, word) for word in text.split())

        text = words(pesos)
        if text.split()[-1] in ("millón", "millones", "billón", "billones"):
            text += " de"
        text += " peso" if pesos == 1 else " pesos"
        if cents:
            text += " con " + words(cents)
            text += " centavo" if cents == 1 else " centavos"
        return text.upper() + " M/CTE"

    # The sentences of the agreement, whole (one text to translate each)
    def _pqr_rate_text(self):
        self.ensure_one()
        return self.env._(
            "%(rate)s %% monthly (%(annual)s %% effective annual)",
            rate=self._pqr_percent(self.interest_rate, 4),
            annual=self._pqr_percent(self.effective_annual_rate),
        )

    def _pqr_installments_text(self):
        self.ensure_one()
        return self.env._(
            "%(count)s monthly instalments, the first due on %(date)s",
            count=self.installment_count,
            date=self.company_id.with_env(self.env)._pqr_format(self.first_due_date),
        )

    def _pqr_usury_text(self):
        self.ensure_one()
        return self.env._(
            "%(rate)s %% effective annual (%(resolution)s)",
            rate=self._pqr_percent(self.usury_rate_id.annual_rate),
            resolution=self.usury_rate_id.resolution,
        )

    def _pqr_promissory_text(self):
        """The pagaré: the customer's unconditional promise to pay."""
        self.ensure_one()
        identity = (
            self.env._(", holder of identity document %(vat)s", vat=self.signer_vat)
            if self.signer_vat
            else ""
        )
        return self.env._(
            "I, %(signer)s%(identity)s, unconditionally promise to pay to the order of "
            "%(company)s the sum of %(words)s (%(amount)s), in %(count)s monthly "
            "instalments as in the schedule above, with interest at %(rate)s %% a month "
            "on the balance owed. If %(default)s instalments are overdue, the company may "
            "declare the remaining balance due at once. The interest never exceeds the "
            "usury rate certified by the Superintendencia Financiera de Colombia.",
            signer=self.signer_name or "________________",
            identity=identity,
            company=self.company_id.name,
            words=self.amount_to_words_co(self.amount_financed),
            amount=self.with_env(self.env)._pqr_money(self.amount_financed),
            count=self.installment_count,
            rate=self._pqr_percent(self.interest_rate, 4),
            default=self.company_id.pqr_financing_default_installments,
        )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_compute_schedule(self):
        """(Re)build the schedule of a draft from its terms and today's debt."""
        self._check_editor()
        self._check_state(("draft",), _("recomputed"))
        self._pqr_refresh_debt()
        Line = transition(self.env["pqr.financing.line"]).sudo()
        vals_list = []
        for order in self:
            order._pqr_check_terms()
            vals_list += [
                dict(values, order_id=order.id)
                for values in french_schedule(
                    order.amount_financed,
                    order.interest_rate,
                    order.installment_count,
                    order.first_due_date,
                    order.currency_id,
                )
            ]
        Line.search([("order_id", "in", self.ids)]).unlink()
        Line.create(vals_list)
        return True

    def _pqr_check_terms(self):
        """The terms the law and the company allow."""
        self.ensure_one()
        currency = self.currency_id
        if not self.source_invoice_ids or currency.is_zero(self.amount_debt):
            raise UserError(
                _(
                    "Choose the unpaid invoices %(order)s finances.",
                    order=self.name,
                )
            )
        if not self.first_due_date or self.installment_count < 1:
            raise UserError(
                _(
                    "Give the number of instalments and the first due date of "
                    "%(order)s.",
                    order=self.name,
                )
            )
        minimum = currency.round(
            self.amount_debt * self.company_id.pqr_min_down_payment_percent / 100.0
        )
        if currency.compare_amounts(self.down_payment_amount, minimum) < 0:
            raise UserError(
                _(
                    "The down payment of %(order)s is %(amount)s: the company asks at "
                    "least %(percent)s %% of the debt, %(minimum)s.",
                    order=self.name,
                    amount=self._pqr_money(self.down_payment_amount),
                    percent=self._pqr_percent(
                        self.company_id.pqr_min_down_payment_percent, 2
                    ),
                    minimum=self._pqr_money(minimum),
                )
            )
        if currency.compare_amounts(self.amount_financed, 0) <= 0:
            raise UserError(
                _(
                    "The down payment of %(order)s covers the whole debt: there is "
                    "nothing to finance.",
                    order=self.name,
                )
            )

    def _pqr_check_usury(self, day):
        """The monthly rate's effective annual equivalent against the usury rate in
        force on ``day``; returns the rate applied."""
        self.ensure_one()
        rate, _stale = self.env["pqr.usury.rate"]._pqr_rate_on(day)
        if not rate:
            raise UserError(
                _(
                    "No usury rate is entered for %(date)s: a manager enters the rate "
                    "certified by the Superintendencia Financiera before %(order)s is "
                    "signed.",
                    date=self.company_id._pqr_format(day),
                    order=self.name,
                )
            )
        if self._pqr_effective_annual() * 100 > rate.annual_rate + 1e-9:
            raise UserError(
                _(
                    "A monthly rate of %(rate)s %% is %(annual)s %% effective annual: "
                    "more than the usury rate of %(usury)s %% certified by "
                    "%(resolution)s, in force on %(date)s.",
                    rate=self._pqr_percent(self.interest_rate, 4),
                    annual=self._pqr_percent(self._pqr_effective_annual() * 100),
                    usury=self._pqr_percent(rate.annual_rate),
                    resolution=rate.resolution,
                    date=self.company_id._pqr_format(day),
                )
            )
        return rate

    def action_sign(self):
        """The customer signs: the terms, the schedule and the agreement PDF are
        frozen."""
        self._check_editor()
        self._check_state(("draft",), _("signed"))
        now = fields.Datetime.now()
        for order in self:
            if not (order.signer_name or "").strip() or not order.signature:
                raise UserError(
                    _(
                        "%(order)s needs the name and the signature of the customer "
                        "who signs it.",
                        order=order.name,
                    )
                )
            order._pqr_refresh_debt()
            order._pqr_check_terms()
            day = fields.Date.to_date(
                order.company_id._pqr_calendar().pqr_local_date(now)
            )
            if order.first_due_date <= day:
                raise UserError(
                    _(
                        "The first instalment of %(order)s falls due on %(date)s: sign "
                        "it with a first due date after today.",
                        order=order.name,
                        date=order.company_id._pqr_format(order.first_due_date),
                    )
                )
            rate = order._pqr_check_usury(day)
            order.action_compute_schedule()
            transition(order).write(
                {"state": "signed", "date_signed": now, "usury_rate_id": rate.id}
            )
            content, name = order._pqr_render_agreement()
            transition(order.sudo()).write(
                {
                    "agreement_file": base64.b64encode(content),
                    "agreement_filename": name,
                }
            )
            order._pqr_post(
                office(order).env._(
                    "Signed by %(signer)s: %(count)s instalments of %(amount)s.",
                    signer=order.signer_name,
                    count=order.installment_count,
                    amount=order._pqr_money(order.line_ids[:1].amount_installment),
                )
            )
        return True

    def _pqr_render_agreement(self):
        self.ensure_one()
        content, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=self.company_id._pqr_lang())
            ._render_qweb_pdf(
                "pqr_servicios_publicos.action_report_pqr_financing_order", self.ids
            )
        )
        extension = "pdf" if report_type == "pdf" else "html"  # HTML in test mode
        name = office(self).env._(
            "Financing agreement - %(order)s.%(ext)s", order=self.name, ext=extension
        )
        return content, name

    def action_print_agreement(self):
        """The agreement as signed (never re-rendered); a draft prints its terms."""
        self.ensure_one()
        if not self.agreement_file:
            return self.env.ref(
                "pqr_servicios_publicos.action_report_pqr_financing_order"
            ).report_action(self)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/agreement_file/"
            f"{self.agreement_filename}?download=true",
            "target": "self",
        }

    def action_activate(self):
        """The down payment is paid: the financed debt moves to the financed
        receivables account, reconciled with the source invoices, and a suspension
        for non-payment is lifted."""
        self._check_billing(_("activate"))
        self._check_state(("signed",), _("activated"))
        now = fields.Datetime.now()
        for order in self:
            order = order.sudo()
            move = order._pqr_post_activation_entry()
            transition(order).write(
                {
                    "state": "active",
                    "date_activated": now,
                    "activation_move_id": move.id,
                }
            )
            order._pqr_post(
                office(order).env._(
                    "Down payment received: the order is active, entry %(move)s.",
                    move=move.name,
                )
            )
            order.service_account_id._pqr_cause_removed(
                now,
                reason=office(order).env._(
                    "Financing order %(order)s signed and its down payment paid: "
                    "restore the service.",
                    order=order.name,
                ),
            )
        return True

    def _pqr_post_activation_entry(self):
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        account = company.pqr_financed_account_id
        if not account:
            raise UserError(
                _(
                    "Set the financed receivables account in the PQR settings before "
                    "activating %(order)s.",
                    order=self.name,
                )
            )
        receivables = self.source_invoice_ids.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        )
        remaining = currency.round(sum(receivables.mapped("amount_residual")))
        difference = currency.compare_amounts(remaining, self.amount_financed)
        if difference > 0:
            raise UserError(
                _(
                    "The down payment of %(order)s is not paid: the financed invoices "
                    "still owe %(remaining)s, and the agreement finances %(financed)s. "
                    "Register the down payment (%(down)s) on those invoices first.",
                    order=self.name,
                    remaining=self._pqr_money(remaining),
                    financed=self._pqr_money(self.amount_financed),
                    down=self._pqr_money(self.down_payment_amount),
                )
            )
        if difference < 0:
            raise UserError(
                _(
                    "The financed invoices of %(order)s owe %(remaining)s, less than "
                    "the %(financed)s it finances: the customer paid more than the "
                    "down payment. Cancel it and sign a new order for the new debt.",
                    order=self.name,
                    remaining=self._pqr_money(remaining),
                    financed=self._pqr_money(self.amount_financed),
                )
            )
        journal = company.pqr_financing_journal_id or self.env[
            "account.journal"
        ].search([("company_id", "=", company.id), ("type", "=", "general")], limit=1)
        label = office(self).env._("Financing order %(order)s", order=self.name)
        partner = self.commercial_partner_id
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "date": fields.Date.context_today(self),
                    "ref": label,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": label,
                                "account_id": account.id,
                                "partner_id": partner.id,
                                "debit": self.amount_financed,
                            },
                        )
                    ]
                    + [
                        (
                            0,
                            0,
                            {
                                "name": f"{label} - {line.move_id.name}",
                                "account_id": line.account_id.id,
                                "partner_id": partner.id,
                                "credit": line.amount_residual,
                            },
                        )
                        for line in receivables
                    ],
                }
            )
        )
        move.action_post()
        credits = move.line_ids.filtered(lambda line: line.credit)
        for account in receivables.account_id:
            # the payment of the invoices by reconciliation: the restoring order
            # follows the activation, with its own reason
            skip_restore(
                (credits | receivables).filtered(
                    lambda line, a=account: line.account_id == a
                )
            ).reconcile()
        return move

    def action_cancel(self):
        """Only before it is active: an active order moved money."""
        self._check_editor()
        self._check_state(("draft", "signed"), _("cancelled"))
        transition(self).write(
            {"state": "cancelled", "date_cancelled": fields.Datetime.now()}
        )
        for order in self:
            order._pqr_post(office(order).env._("Cancelled before activation."))
        return True

    def _pqr_post(self, text):
        self.ensure_one()
        self.sudo().message_post(body=text, subtype_xmlid="mail.mt_note")

    def _pqr_money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    @api.model
    def _pqr_percent(self, value, digits=2):
        """A rate as the language writes it (1,5 in Spanish), without trailing
        zeros beyond two decimals."""
        text = formatLang(self.env, value, digits=digits)
        point = self.env["res.lang"]._lang_get(self.env.lang or "en_US").decimal_point
        if point in text:
            whole, decimals = text.split(point)
            decimals = decimals[:2] + decimals[2:].rstrip("0")
            text = f"{whole}{point}{decimals}"
        return text

    # ------------------------------------------------------------------
    # The daily action: instalments invoiced when due, defaults
    # ------------------------------------------------------------------
    @api.model
    def _cron_financing(self, batch_size=500):
        """Daily: invoice the instalments due (one invoice per line, once), then
        default the orders with too many overdue instalments. Idempotent."""
        for company in self.env["res.company"].search([]):
            model = self.with_company(company).with_context(lang=company._pqr_lang())
            today = company._pqr_today()
            Line = model.env["pqr.financing.line"].sudo()
            while True:
                lines = Line.search(
                    [
                        ("company_id", "=", company.id),
                        ("order_state", "=", "active"),
                        ("invoice_id", "=", False),
                        ("date_due", "<=", today),
                    ],
                    limit=batch_size,
                    order="date_due, id",
                )
                if not lines:
                    break
                lines._pqr_invoice(today)
                # the invoices' computed fields (payment state, the lines' `paid`)
                # per batch, not all at once at the end
                self.env.flush_all()
            model._pqr_default_overdue(company, today)
        return True

    @api.model
    def _pqr_default_overdue(self, company, today):
        limit = company.pqr_financing_default_installments
        if not limit:
            return self.browse()
        Line = self.env["pqr.financing.line"].sudo()
        groups = Line._read_group(
            [
                ("company_id", "=", company.id),
                ("order_state", "=", "active"),
                ("invoice_id", "!=", False),
                ("paid", "=", False),
                ("invoice_id.invoice_date_due", "<", today),
            ],
            ["order_id"],
            having=[("__count", ">=", limit)],
        )
        orders = self.browse([order.id for (order,) in groups]).sudo()
        for order in orders:
            order._pqr_default(today, limit)
        return orders

    def _pqr_default(self, today, limit):
        """The remaining principal falls due at once: one invoice of it, linked to
        the lines not invoiced yet."""
        self.ensure_one()
        env = office(self).env
        rest = self.line_ids.filtered(lambda line: not line.invoice_id)
        invoice = self.env["account.move"]
        if rest:
            invoice = rest._pqr_create_invoices(
                today,
                [
                    (
                        rest,
                        [
                            (
                                env._(
                                    "%(order)s: remaining principal (default)",
                                    order=self.name,
                                ),
                                self.company_id.pqr_financed_account_id,
                                sum(rest.mapped("amount_principal")),
                            )
                        ],
                    )
                ],
            )
            transition(rest).write({"invoice_id": invoice.id})
        transition(self).write(
            {
                "state": "defaulted",
                "date_defaulted": fields.Datetime.now(),
                "acceleration_invoice_id": invoice.id,
            }
        )
        self._pqr_post(
            env._(
                "Defaulted: %(count)s instalments overdue. The remaining principal "
                "was invoiced at once.",
                count=limit,
            )
        )
        billing = self.env.ref(BILLING_GROUP).users.filtered(
            lambda u, c=self.company_id: c in u.company_ids
        )[:1]
        if billing:
            office(self).activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Financing order defaulted: collect the debt"),
                user_id=billing.id,
            )

    def _pqr_follow_payments(self):
        """Orders whose every instalment is paid become paid."""
        done = self.filtered(
            lambda o: o.state in ("active", "defaulted")
            and o.line_ids
            and all(o.line_ids.mapped("paid"))
        )
        if done:
            transition(done).write({"state": "paid"})
            for order in done:
                order._pqr_post(office(order).env._("Every instalment is paid."))

    # ------------------------------------------------------------------
    # Views
    # ------------------------------------------------------------------
    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_activation_entry(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.activation_move_id.id,
            "view_mode": "form",
        }


class PqrFinancingLine(models.Model):
    _name = "pqr.financing.line"
    _description = "Financing Order Instalment"
    _order = "order_id, number"

    order_id = fields.Many2one(
        "pqr.financing.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    order_state = fields.Selection(related="order_id.state", store=True, index=True)
    number = fields.Integer(required=True)
    date_due = fields.Date(string="Due Date", required=True, index=True)
    amount_principal = fields.Monetary(string="Principal")
    amount_interest = fields.Monetary(string="Interest")
    amount_installment = fields.Monetary(string="Instalment")
    balance = fields.Monetary(
        string="Balance After", help="Principal still owed after this instalment."
    )
    invoice_id = fields.Many2one("account.move", index="btree_not_null", copy=False)
    paid = fields.Boolean(compute="_compute_paid", store=True, index=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")

    _sql_constraints = [
        (
            "number_unique",
            "unique(order_id, number)",
            "An instalment number appears once per order.",
        ),
    ]

    @api.depends("invoice_id.payment_state", "invoice_id.state")
    def _compute_paid(self):
        for line in self:
            line.paid = (
                line.invoice_id.state == "posted"
                and line.invoice_id.payment_state in PAID_STATES
            )

    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.days_overdue = 0 if line.paid else max((today - line.date_due).days, 0)

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            raise UserError(
                _("The schedule is computed from the order's terms, never typed.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not in_transition(self):
            raise UserError(
                _(
                    "An instalment changes only through its order (compute the "
                    "schedule, invoice, link an invoice)."
                )
            )
        return super().write(vals)

    def unlink(self):
        if not in_transition(self):
            raise UserError(
                _("The schedule is recomputed from the order, never edited.")
            )
        return super().unlink()

    @api.depends("order_id.name", "number")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.order_id.name} / {line.number}"

    def _pqr_invoice(self, today):
        """One posted invoice per instalment: principal against the financed
        receivables account, interest as income. Lines already invoiced (a run
        in parallel) are skipped."""
        self.env.cr.execute(
            "SELECT id FROM pqr_financing_line WHERE id IN %s AND invoice_id IS NULL "
            "FOR UPDATE SKIP LOCKED",
            [tuple(self.ids)],
        )
        lines = self.browse([row[0] for row in self.env.cr.fetchall()])
        lines.invalidate_recordset(["invoice_id"])
        if not lines:
            return self.env["account.move"]
        groups = []
        for line in lines:
            order = line.order_id
            company = order.company_id
            env = office(order).env
            items = [
                (
                    env._(
                        "%(order)s: instalment %(number)s of %(count)s, principal",
                        order=order.name,
                        number=line.number,
                        count=order.installment_count,
                    ),
                    company.pqr_financed_account_id,
                    line.amount_principal,
                )
            ]
            if not line.currency_id.is_zero(line.amount_interest):
                items.append(
                    (
                        env._(
                            "%(order)s: instalment %(number)s, interest",
                            order=order.name,
                            number=line.number,
                        ),
                        company.pqr_financing_interest_account_id,
                        line.amount_interest,
                    )
                )
            groups.append((line, items))
        invoices = lines._pqr_create_invoices(today, groups)
        for line, invoice in zip(lines, invoices, strict=True):
            transition(line).invoice_id = invoice
        return invoices

    def _pqr_create_invoices(self, today, groups):
        """Post one customer invoice per (lines, items) of ``groups``, in one batch:
        items are (label, account, amount)."""
        vals_list = []
        for lines, items in groups:
            order = lines[:1].order_id
            company = order.company_id
            missing = [label for label, account, _amount in items if not account]
            if missing:
                raise UserError(
                    _(
                        "Set the financed receivables and interest accounts in the PQR "
                        "settings before invoicing %(order)s.",
                        order=order.name,
                    )
                )
            due = min(lines.mapped("date_due"))
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": order.partner_id.id,
                    "pqr_service_account_id": order.service_account_id.id,
                    "invoice_date": today,
                    "invoice_date_due": due,
                    "invoice_origin": order.name,
                    "ref": order.name,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": label,
                                "account_id": account.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [(6, 0, [])],
                            },
                        )
                        for label, account, amount in items
                    ],
                }
            )
        Move = (
            self.env["account.move"]
            .sudo()
            .with_context(default_move_type="out_invoice")
        )
        invoices = Move.create(vals_list)
        invoices.action_post()
        return invoices

    def _pqr_link_invoice(self, invoice):
        """An instalment billed outside the daily action: the invoice must be of
        the same customer and company, posted, and of the instalment's amount."""
        self.ensure_one()
        order = self.order_id
        order._check_billing(_("link invoices to"))
        if order.state != "active":
            raise UserError(_("Link invoices to the instalments of an active order."))
        if self.invoice_id:
            raise UserError(
                _(
                    "Instalment %(line)s is already billed by %(invoice)s.",
                    line=self.display_name,
                    invoice=self.invoice_id.name,
                )
            )
        problems = []
        if invoice.move_type != "out_invoice" or invoice.state != "posted":
            problems.append(_("it is not a posted customer invoice"))
        if invoice.commercial_partner_id != order.commercial_partner_id:
            problems.append(
                _("it is billed to %(partner)s", partner=invoice.partner_id.name)
            )
        if invoice.company_id != order.company_id:
            problems.append(_("it belongs to another company"))
        if order.currency_id.compare_amounts(
            invoice.amount_total, self.amount_installment
        ):
            problems.append(
                _(
                    "its total is %(total)s, the instalment %(amount)s",
                    total=order._pqr_money(invoice.amount_total),
                    amount=order._pqr_money(self.amount_installment),
                )
            )
        taken = self.search([("invoice_id", "=", invoice.id), ("id", "!=", self.id)])
        if taken:
            problems.append(_("it already bills %(line)s", line=taken[0].display_name))
        if problems:
            raise UserError(
                _(
                    "%(invoice)s cannot bill instalment %(line)s: %(problems)s.",
                    invoice=invoice.name,
                    line=self.display_name,
                    problems="; ".join(problems),
                )
            )
        transition(self.sudo()).invoice_id = invoice
        order.sudo()._pqr_follow_payments()
        return True
