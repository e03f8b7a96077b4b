from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from .pqr_causal import SERVICES

CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Verbal / Telephone"),
    ("written", "Written"),
    ("email", "Email"),
    ("web", "Web Portal"),
]
VERBAL_CHANNELS = ("in_person", "phone")
OPEN_STATES = ("filed", "in_progress", "suspended")
DEADLINE_STATUS = [
    ("on_time", "On Time"),
    ("due_soon", "Due Soon"),
    ("due_today", "Due Today"),
    ("overdue", "Overdue"),
]
# Fields derived by the legal clock: never written by hand (domain decision 4).
CLOCK_FIELDS = ("date_filed", "date_deadline")


class PqrRequest(models.Model):
    _name = "pqr.request"
    _description = "PQR (Petición, Queja, Reclamo o Recurso)"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _rec_names_search = ["name", "subject", "partner_id.name", "service_account_id"]
    _mail_post_access = "read"
    _check_company_auto = True

    name = fields.Char(
        string="Filing Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
        help="Radicado: unique per company, gap-free, numbered per year.",
    )
    subject = fields.Char(tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [
            ("filed", "Filed"),
            ("in_progress", "In Progress"),
            ("suspended", "Term Suspended"),
        ],
        default="filed",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    type_id = fields.Many2one("pqr.type", required=True, tracking=True, index=True)
    channel = fields.Selection(
        CHANNELS, required=True, default="written", tracking=True, index=True
    )
    service = fields.Selection(SERVICES, default="water", tracking=True, index=True)
    causal_id = fields.Many2one("pqr.causal", string="Cause", tracking=True, index=True)

    # Petitioner and contract
    partner_id = fields.Many2one(
        "res.partner", string="Petitioner", required=True, tracking=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    partner_identification_type_id = fields.Many2one(
        related="partner_id.l10n_latam_identification_type_id",
        string="Identification Type",
    )
    partner_vat = fields.Char(related="partner_id.vat", string="Identification Number")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    service_account_id = fields.Many2one(
        "pqr.service.account",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id)]",
        check_company=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_disputed = fields.Monetary(string="Disputed Amount", tracking=True)
    invoice_warning = fields.Char(compute="_compute_invoice_warning")

    # Routing
    area_id = fields.Many2one(
        "pqr.area", string="Responsible Area", tracking=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    description = fields.Html()
    annex_count = fields.Integer(
        string="Annexes", help="Number of documents handed in with the PQR."
    )
    annex_description = fields.Char(
        string="Kind of Annexes", help="E.g. copy of the invoice, photographs."
    )

    # The legal clock
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="Moment the office received the PQR, through any channel.",
    )
    date_filed = fields.Date(
        string="Filing Date",
        compute="_compute_date_filed",
        store=True,
        index=True,
        help="Legal filing date: the reception date, or the next business day when "
        "received on a non-business day or after the office's closing hour "
        "(settings).",
    )
    date_deadline = fields.Date(
        string="Legal Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        tracking=True,
        help="Last day to answer: the Nth business day after the filing date, "
        "inclusive (N = the term of the type: Ley 142 de 1994 art. 158, Ley 1755 de "
        "2015 art. 14), plus the business days of approved term suspensions "
        "(práctica de pruebas, delay caused by the user). Nothing else moves it.",
    )
    term_days = fields.Integer(
        related="type_id.term_days", string="Term (business days)"
    )
    suspended_days = fields.Integer(
        compute="_compute_date_deadline",
        store=True,
        string="Suspended Business Days",
    )
    business_days_left = fields.Integer(
        compute="_compute_deadline_status",
        store=True,
        help="Business days from today to the legal deadline; negative when overdue. "
        "Refreshed every day by a scheduled action.",
    )
    deadline_status = fields.Selection(
        DEADLINE_STATUS,
        compute="_compute_deadline_status",
        store=True,
        index=True,
    )
    alert_threshold_done = fields.Integer(
        string="Last Deadline Alert",
        copy=False,
        readonly=True,
        help="Smallest threshold (business days before the deadline) already "
        "alerted; -1 when none.",
        default=-1,
    )
    suspension_ids = fields.One2many(
        "pqr.term.suspension", "request_id", string="Term Suspensions"
    )
    suspension_count = fields.Integer(compute="_compute_suspension_count")

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The filing number must be unique per company.",
        ),
        (
            "amount_disputed_positive",
            "CHECK(amount_disputed >= 0)",
            "The disputed amount cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date_received", "company_id")
    def _compute_date_filed(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            dated = requests.filtered("date_received")
            filed = company._pqr_calendar().pqr_filing_date_batch(
                dated.mapped("date_received"), company.pqr_closing_hour
            )
            for request, day in zip(dated, filed, strict=True):
                request.date_filed = day
            (requests - dated).date_filed = False

    @api.depends(
        "date_filed",
        "type_id.term_days",
        "type_id.has_term",
        "suspension_ids.state",
        "suspension_ids.business_days",
    )
    def _compute_date_deadline(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            timed = requests.filtered(lambda r: r.date_filed and r.type_id.has_term)
            for request in timed:
                request.suspended_days = sum(
                    request.suspension_ids.filtered(
                        lambda s: s.state == "approved"
                    ).mapped("business_days")
                )
            deadlines = company._pqr_calendar().pqr_add_business_days_batch(
                [(r.date_filed, r.type_id.term_days + r.suspended_days) for r in timed]
            )
            for request, deadline in zip(timed, deadlines, strict=True):
                request.date_deadline = deadline
            untimed = requests - timed
            untimed.date_deadline = False
            untimed.suspended_days = 0

    @api.depends("date_deadline", "state", "company_id")
    def _compute_deadline_status(self):
        values = self._pqr_deadline_values()
        for request in self:
            request.business_days_left, request.deadline_status = values[request.id]

    def _pqr_deadline_values(self, today=None):
        """{id: (business days left, status)} for the records, one calendar pass
        per company."""
        values = {}
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            today = today or fields.Date.context_today(self)
            timed = requests.filtered(
                lambda r: r.date_deadline and r.state in OPEN_STATES
            )
            lefts = company._pqr_calendar().pqr_business_days_left_batch(
                timed.mapped("date_deadline"), today
            )
            for request, left in zip(timed, lefts, strict=True):
                if request.date_deadline < today:
                    status = "overdue"
                elif request.date_deadline == today:
                    status = "due_today"
                elif left <= company.pqr_due_soon_days:
                    status = "due_soon"
                else:
                    status = "on_time"
                values[request.id] = (left, status)
            for request in requests - timed:
                values[request.id] = (0, False)
        return values

    @api.depends("invoice_ids.invoice_date", "date_filed", "company_id")
    def _compute_invoice_warning(self):
        for request in self:
            months = request.company_id.pqr_invoice_claim_months
            filed = request.date_filed or fields.Date.context_today(request)
            limit = filed - relativedelta(months=months)
            old = request.invoice_ids.filtered(
                lambda m, limit=limit: m.invoice_date and m.invoice_date < limit
            )
            request.invoice_warning = (
                _(
                    "Invoice(s) %(invoices)s were issued more than %(months)s months "
                    "before the filing date. Ley 142 de 1994 art. 154 says no claim "
                    "lies against them, but the PQR must still be answered within "
                    "its term.",
                    invoices=", ".join(old.mapped("display_name")),
                    months=months,
                )
                if old
                else False
            )

    def _compute_suspension_count(self):
        counts = dict(
            self.env["pqr.term.suspension"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.suspension_count = counts.get(request, 0)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/pqr/{request.id}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("causal_id", "service", "date_filed")
    def _check_causal(self):
        for request in self.filtered("causal_id"):
            if not request.causal_id._applies_to(request.service, request.date_filed):
                raise ValidationError(
                    _(
                        "The cause %(causal)s does not apply to the service "
                        "%(service)s on the filing date %(date)s.",
                        causal=request.causal_id.display_name,
                        service=dict(
                            self._fields["service"]._description_selection(self.env)
                        ).get(request.service),
                        date=request.date_filed,
                    )
                )

    @api.constrains("service_account_id", "partner_id")
    def _check_service_account_service(self):
        for request in self.filtered("service_account_id"):
            account = request.service_account_id
            if request.service and not account[f"service_{request.service}"]:
                raise ValidationError(
                    _(
                        "The service account %(account)s does not have the service "
                        "this PQR is about.",
                        account=account.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_clock_vals(vals_list)
        self._assign_radicados(vals_list)
        requests = super().create(vals_list)
        requests.filtered(
            lambda r: r.channel in ("email", "web")
        )._send_acknowledgement()
        return requests

    def write(self, vals):
        self._check_clock_vals([vals])
        if "name" in vals and any(r.name != vals["name"] for r in self):
            raise UserError(_("The filing number of a PQR cannot be changed."))
        return super().write(vals)

    @api.model
    def _check_clock_vals(self, vals_list):
        for vals in vals_list:
            touched = [f for f in CLOCK_FIELDS if f in vals]
            if touched:
                raise UserError(
                    _(
                        "The filing date and the legal deadline are computed from the "
                        "reception date, the type's term and approved term suspensions;"
                        " they cannot be set by hand (%(fields)s).",
                        fields=", ".join(touched),
                    )
                )

    @api.model
    def _assign_radicados(self, vals_list):
        """Give a radicado to every new PQR without one (a migrated PQR keeps its own).

        Numbers are reserved per (company, year of reception in Bogotá) with one
        locked UPDATE of the year's gap-free range, in the order of ``vals_list``.
        """
        now = fields.Datetime.now()
        pending = defaultdict(list)
        for vals in vals_list:
            if vals.get("name") in (None, False, "", "/"):
                company_id = vals.get("company_id") or self.env.company.id
                received = fields.Datetime.to_datetime(vals.get("date_received")) or now
                day = fields.Datetime.context_timestamp(
                    self.with_context(tz="America/Bogota"), received
                ).date()
                pending[(company_id, day.year)].append((vals, day))
        for (company_id, _year), items in pending.items():
            company = self.env["res.company"].browse(company_id)
            sequence = self._radicado_sequence(company)
            day = items[0][1]
            date_range = self._ensure_radicado_year(sequence, day)
            first = date_range._pqr_reserve_numbers(len(items))
            sequence = sequence.with_context(
                ir_sequence_date=day, ir_sequence_date_range=date_range.date_from
            )
            step = sequence.number_increment
            for index, (vals, _day) in enumerate(items):
                vals["name"] = sequence.get_next_char(first + index * step)

    @api.model
    def _ensure_radicado_year(self, sequence, day):
        """The sequence's numbering range holding ``day``. A missing one is created
        under a row lock on the sequence, so that concurrent first PQRs of a year
        never get two ranges (and duplicate numbers)."""
        DateRange = self.env["ir.sequence.date_range"].sudo()
        domain = [
            ("sequence_id", "=", sequence.id),
            ("date_from", "<=", day),
            ("date_to", ">=", day),
        ]
        date_range = DateRange.search(domain, limit=1)
        if date_range:
            return date_range
        # An UPDATE, not a mere row lock: under REPEATABLE READ a transaction that
        # waited for it then fails to serialize and is retried with a fresh snapshot
        # that sees the range created here.
        self.env.cr.execute(
            "UPDATE ir_sequence SET number_next = number_next WHERE id = %s",
            [sequence.id],
        )
        DateRange.invalidate_model()
        return DateRange.search(
            domain, limit=1
        ) or sequence.sudo()._create_date_range_seq(day)

    @api.model
    def _radicado_sequence(self, company):
        """The company's gap-free yearly radicado sequence."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "pqr.request"), ("company_id", "=", company.id)], limit=1
            )
        )
        return sequence or company._pqr_create_radicado_sequence()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        for request in self:
            if request.state != "filed":
                raise UserError(
                    _(
                        "Only a filed PQR can be put in progress (%(name)s).",
                        name=request.name,
                    )
                )
            if not request.area_id:
                raise UserError(
                    _(
                        "Route %(name)s to a responsible area before starting it.",
                        name=request.name,
                    )
                )
        self.state = "in_progress"
        return True

    def action_view_suspensions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_term_suspension_action"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id}
        return action

    def action_print_acknowledgement(self):
        return self.env.ref(
            "pqr_servicios_publicos.action_report_pqr_acknowledgement"
        ).report_action(self)

    def action_send_acknowledgement(self):
        self.ensure_one()
        template = self.env.ref(
            "pqr_servicios_publicos.mail_template_pqr_acknowledgement"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def _send_acknowledgement(self):
        """Email the acuse de recibo (PDF attached) to petitioners with an email."""
        template = self.env.ref(
            "pqr_servicios_publicos.mail_template_pqr_acknowledgement",
            raise_if_not_found=False,
        )
        for request in self.filtered(lambda r: r.partner_id.email) if template else []:
            request.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _is_verbal(self):
        self.ensure_one()
        return self.channel in VERBAL_CHANNELS

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the PQR alias files a petición through the email channel."""
        values = dict(custom_values or {})
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = partner.browse(msg_dict["author_id"])
        elif email:
            partner = self._mail_find_partner_from_emails([email], force_create=True)[0]
        if not partner:
            raise UserError(_("A PQR received by email needs the sender's address."))
        values["name"] = "/"
        values.setdefault("partner_id", partner.id)
        values.setdefault("channel", "email")
        values.setdefault("subject", msg_dict.get("subject") or _("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("date_received", fields.Datetime.now())
        if "type_id" not in values:
            values["type_id"] = self.env.ref(
                "pqr_servicios_publicos.pqr_type_peticion"
            ).id
        return super(PqrRequest, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, values
        )

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_deadline_alerts(self, batch_size=2000):
        """Daily: refresh days left and status of open PQRs, and schedule activities
        for the responsible at each alert threshold (D-5, D-2, D-0 by default).

        Idempotent: ``alert_threshold_done`` remembers the last threshold alerted,
        in the same transaction as the activity, so a second run (or a rerun after a
        crash) creates nothing new.
        """
        domain = [("state", "in", OPEN_STATES), ("date_deadline", "!=", False)]
        last_id = 0
        while True:
            requests = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not requests:
                break
            requests._pqr_refresh_deadline_status()
            requests._pqr_schedule_deadline_alerts()
            last_id = requests[-1].id
            requests.invalidate_recordset()
        return True

    def _pqr_refresh_deadline_status(self):
        """Write the new days left/status, grouped by value: one UPDATE per value."""
        values = self._pqr_deadline_values()
        changed = defaultdict(lambda: self.browse())
        for request in self:
            new = values[request.id]
            if (request.business_days_left, request.deadline_status) != new:
                changed[new] |= request
        for (left, status), requests in changed.items():
            requests.write({"business_days_left": left, "deadline_status": status})

    def _pqr_schedule_deadline_alerts(self):
        batches = defaultdict(lambda: self.browse())
        for request in self:
            thresholds = request.company_id._pqr_alert_thresholds()
            crossed = [
                t
                for t in thresholds
                if request.business_days_left <= t
                and (
                    request.alert_threshold_done < 0 or t < request.alert_threshold_done
                )
            ]
            if not crossed or request.business_days_left < 0:
                continue
            user = request.user_id or request.area_id.manager_id
            batches[(min(crossed), user)] |= request
        for (threshold, user), requests in batches.items():
            if user:
                for request in requests:
                    request.activity_schedule(
                        "pqr_servicios_publicos.mail_activity_pqr_deadline",
                        date_deadline=request.date_deadline,
                        summary=_(
                            "Legal deadline in %(days)s business days",
                            days=threshold,
                        )
                        if threshold
                        else _("Legal deadline today"),
                        user_id=user.id,
                    )
            requests.write({"alert_threshold_done": threshold})
