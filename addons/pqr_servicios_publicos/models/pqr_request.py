from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq, email_normalize, is_html_empty

from .pqr_causal import SERVICES
from .pqr_notification import end_of_day_utc

CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Verbal / Telephone"),
    ("written", "Written"),
    ("email", "Email"),
    ("web", "Web Portal"),
]
VERBAL_CHANNELS = ("in_person", "phone")
# The legal term runs (deadline status, alerts, silence) in these states.
OPEN_STATES = ("filed", "in_progress", "suspended")
# ... and is kept while waiting for an incomplete petition (CPACA art. 17).
CLOCK_STATES = OPEN_STATES + ("incomplete",)
CODE_REJECTS = "7"
CODE_TRANSFERS = "8"
CODE_ARCHIVES = "11"
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
            ("incomplete", "Awaiting Completion"),
            ("decided", "Decided"),
            ("notifying", "Notifying"),
            ("notified", "Notified"),
            ("sspd", "At the Superintendence"),
            ("closed", "Closed"),
            ("transferred", "Transferred"),
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

    # Decision
    response_type_id = fields.Many2one("pqr.response.type", tracking=True, index=True)
    response_body = fields.Html(string="Response Letter")
    date_response = fields.Date(string="Decision Date", readonly=True, tracking=True)
    response_number = fields.Char(readonly=True, copy=False)
    amount_undisputed = fields.Monetary(
        string="Undisputed Amount",
        help="Ley 142 de 1994 art. 155: to file a recurso the customer must pay the "
        "amounts not in dispute, or the average of the last five periods. Payment "
        "of the disputed amount is never required.",
    )

    # Notification
    notification_ids = fields.One2many(
        "pqr.notification", "request_id", string="Notifications"
    )
    date_notified = fields.Date(
        string="Notified On",
        readonly=True,
        tracking=True,
        help="Date the notification of the decision became effective.",
    )
    notification_type_id = fields.Many2one("pqr.notification.type", readonly=True)
    recurso_deadline = fields.Date(
        string="Recurso Window Ends",
        readonly=True,
        help="Last business day to file a recurso: N business days after the "
        "effective notification (Ley 142 de 1994 art. 154).",
    )

    # Recursos
    parent_id = fields.Many2one(
        "pqr.request", string="Appealed PQR", index="btree_not_null", readonly=True
    )
    child_ids = fields.One2many("pqr.request", "parent_id", string="Recursos")
    is_late_recurso = fields.Boolean(
        string="Late Recurso",
        readonly=True,
        help="Filed after the recurso window: it is answered anyway, with the "
        "response type 'Rejects'.",
    )
    date_sspd_transfer = fields.Date(string="Sent to the SSPD", readonly=True)
    sspd_outcome = fields.Selection(
        [
            ("confirms", "Confirms"),
            ("modifies", "Modifies"),
            ("revokes", "Revokes"),
        ],
        string="SSPD Decision",
        readonly=True,
        tracking=True,
    )
    date_sspd_decision = fields.Date(string="SSPD Decision Date", readonly=True)

    # Silencio administrativo positivo
    is_sap = fields.Boolean(
        string="Positive Administrative Silence",
        readonly=True,
        tracking=True,
        index=True,
        help="The legal deadline ended without a decision issued: the petition is "
        "deemed granted (Ley 142 de 1994 art. 158).",
    )
    date_sap = fields.Datetime(string="Silence Since", readonly=True)
    sap_recognition_deadline = fields.Datetime(
        string="Recognise Silence Before", readonly=True
    )
    date_sap_recognized = fields.Datetime(
        string="Silence Recognised On", readonly=True, tracking=True
    )
    sap_recognition_attachment_id = fields.Many2one(
        "ir.attachment", string="Recognition Act", readonly=True
    )
    sap_recognized_late = fields.Boolean(
        string="Recognised Late", compute="_compute_sap_recognized_late", store=True
    )
    sap_risk = fields.Boolean(
        string="Silence Risk",
        readonly=True,
        tracking=True,
        help="A notification was found defective (citation late, notice not sent): "
        "the SSPD treats it as no answer.",
    )

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
            today = today or company._pqr_today()
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
            filed = request.date_filed or request.company_id._pqr_today()
            limit = filed - relativedelta(months=months)
            # area responsibles see the warning without reading accounting
            old = request.sudo().invoice_ids.filtered(
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

    @api.depends("date_sap_recognized", "sap_recognition_deadline")
    def _compute_sap_recognized_late(self):
        for request in self:
            request.sap_recognized_late = bool(
                request.date_sap_recognized
                and request.date_sap_recognized > request.sap_recognition_deadline
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

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """No "View" button in the emails to customers and portal users: the portal
        pages of PQRs (/my/pqr) are not built yet and the button would lead to a
        missing page. The decision has its own tokenized link."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        for name, _check, data in groups:
            if name in ("portal_customer", "portal"):
                data["has_button_access"] = False
        return groups

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

    @api.constrains("service_account_id", "service")
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
    # Decision, notification, recursos
    # ------------------------------------------------------------------
    def _check_decider(self):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_clerk"):
            raise AccessError(_("Only PQR clerks and managers issue decisions."))

    def action_issue_decision(self):
        """Issue the decision: response number, date, and the first notification
        step (electronic with consent, otherwise a citation)."""
        self._check_decider()
        for request in self:
            if request.state not in CLOCK_STATES:
                raise UserError(
                    _("%(name)s already has a decision.", name=request.name)
                )
            if not request.response_type_id or not request.response_type_id.is_decision:
                raise UserError(
                    _("Choose the response type of %(name)s.", name=request.name)
                )
            if is_html_empty(request.response_body):
                raise UserError(
                    _("Write the response letter of %(name)s.", name=request.name)
                )
            if (
                request.is_late_recurso
                and request.response_type_id.code != CODE_REJECTS
            ):
                raise UserError(
                    _(
                        "%(name)s is a late recurso: it is answered with the response "
                        "type 'Rejects'.",
                        name=request.name,
                    )
                )
            if request.response_type_id.code == CODE_TRANSFERS:
                raise UserError(
                    _(
                        "A petition outside the company's competence is not decided: "
                        "use Transfer (%(name)s).",
                        name=request.name,
                    )
                )
            if (
                request.state == "incomplete"
                and request.response_type_id.code != CODE_ARCHIVES
            ):
                raise UserError(
                    _(
                        "%(name)s is waiting for the petitioner to complete it: register "
                        "the completion, or archive it as desisted once the term ends.",
                        name=request.name,
                    )
                )
        today = self.company_id[:1]._pqr_today()
        # decided after the deadline day: the silence happened already (not while
        # waiting for the petitioner: the term does not run, CPACA art. 17)
        self.filtered(
            lambda r: not r.is_sap
            and r.state in OPEN_STATES
            and r.date_deadline
            and r.date_deadline < today
        )._flag_sap(fields.Datetime.now())
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_deadline"])
        for request in self:
            request.write(
                {
                    "state": "decided",
                    "date_response": today,
                    "response_number": request._next_response_number(),
                }
            )
            request._start_notification()
        return True

    def _next_response_number(self):
        self.ensure_one()
        return (
            self.env["ir.sequence"]
            .with_company(self.company_id)
            .next_by_code("pqr.response")
            or "/"
        )

    def _start_notification(self):
        self.ensure_one()
        Notification = self.env["pqr.notification"]
        if self.partner_id.pqr_electronic_consent:
            Notification.create(
                {
                    "request_id": self.id,
                    "method": "electronic",
                    "state": "sent",
                    "date_sent": fields.Datetime.now(),
                }
            )
            self._send_decision_link()
        else:
            citation = Notification.create(
                {"request_id": self.id, "method": "citation"}
            )
            citation._compute_due_dates(self.date_response)
            self.activity_schedule(
                "pqr_servicios_publicos.mail_activity_pqr_notification",
                date_deadline=citation.date_due,
                summary=_("Send the citation for personal notification"),
                user_id=(self.user_id or self.env.user).id,
            )
        self.state = "notifying"

    def _send_decision_link(self):
        """Email the tokenized link; opening it makes the notification effective."""
        self.ensure_one()
        self._portal_ensure_token()
        template = self.env.ref(
            "pqr_servicios_publicos.mail_template_pqr_decision_link",
            raise_if_not_found=False,
        )
        if template and self.partner_id.email:
            self.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _decision_url(self):
        self.ensure_one()
        token = self._portal_ensure_token()
        return f"{self.get_base_url()}/pqr/decision/{self.id}?access_token={token}"

    def register_decision_access(self, access_token):
        """Called when the petitioner opens the decision through the tokenized link
        (the portal page comes later): records the access time."""
        self.ensure_one()
        if not access_token or not consteq(
            self.sudo().access_token or "", access_token
        ):
            raise AccessError(_("Invalid access link."))
        line = self.sudo().notification_ids.filtered(
            lambda n: n.method == "electronic" and n.state == "sent"
        )[:1]
        return line.register_access() if line else False

    def action_register_personal(
        self, receiver_name, receiver_identification, when=None
    ):
        """Personal notification with its acta."""
        self.ensure_one()
        self._check_decider()
        if not (receiver_name and receiver_identification):
            raise UserError(
                _("The acta needs who received the notification and their ID.")
            )
        line = self.env["pqr.notification"].create(
            {
                "request_id": self.id,
                "method": "personal",
                "receiver_name": receiver_name,
                "receiver_identification": receiver_identification,
                "date_sent": when or fields.Datetime.now(),
            }
        )
        return line._make_effective(when or fields.Datetime.now())

    def action_register_conduct(self, when=None, reason=None):
        """Conducta concluyente: the petitioner shows knowledge of the decision."""
        self.ensure_one()
        line = self.env["pqr.notification"].create(
            {"request_id": self.id, "method": "conduct", "receiver_name": reason}
        )
        return line._make_effective(when or fields.Datetime.now())

    def _on_notified(self, line):
        """A notification became effective: date, SUI type, recurso window."""
        self.ensure_one()
        day = fields.Datetime.context_timestamp(
            self.with_context(tz="America/Bogota"), line.date_effective
        ).date()
        window = (
            not self.parent_id
            and self.company_id._pqr_calendar().pqr_add_business_days(
                day, self.company_id.pqr_recurso_days
            )
        )
        self.write(
            {
                "state": "notified",
                "date_notified": day,
                "notification_type_id": line.notification_type_id.id,
                "recurso_deadline": window,
            }
        )
        method = dict(line._fields["method"]._description_selection(self.env))[
            line.method
        ]
        if window:
            body = _(
                "Decision notified (%(method)s), effective %(date)s. Recursos can be "
                "filed until %(window)s.",
                method=method,
                date=day,
                window=window,
            )
        else:
            body = _(
                "Answer to the recurso notified (%(method)s), effective %(date)s: it "
                "is final.",
                method=method,
                date=day,
            )
        self.message_post(body=body)
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_notification"])

    def action_file_recurso(
        self, apelacion=False, date_received=None, description=None
    ):
        """File a recurso against this decision: a new PQR with its own clock.

        Filed before the notification is effective, it notifies the decision by
        conducta concluyente (CPACA art. 72).
        """
        self.ensure_one()
        if self.state not in ("notifying", "notified", "closed"):
            raise UserError(
                _("A recurso is filed against a decision being notified or notified.")
            )
        if self.parent_id:
            raise UserError(
                _("A recurso cannot be filed against the answer to a recurso.")
            )
        allowed = self.response_type_id.recursos
        if allowed == "none" or (apelacion and allowed != "appeal"):
            raise UserError(
                _(
                    "Against a decision of type %(type)s lies: %(recursos)s.",
                    type=self.response_type_id.name,
                    recursos=dict(
                        self.response_type_id._fields[
                            "recursos"
                        ]._description_selection(self.env)
                    )[allowed],
                )
            )
        received = date_received or fields.Datetime.now()
        if self.state == "notifying":
            self.action_register_conduct(received, _("Recurso filed"))
        code = "recurso_apelacion" if apelacion else "recurso_reposicion"
        recurso = self.create(
            {
                "parent_id": self.id,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "type_id": self.env.ref(f"pqr_servicios_publicos.pqr_type_{code}").id,
                "channel": self.channel,
                "service": self.service,
                "causal_id": self.causal_id.id,
                "service_account_id": self.service_account_id.id,
                "invoice_ids": [(6, 0, self.invoice_ids.ids)],
                "amount_disputed": self.amount_disputed,
                "area_id": self.area_id.id,
                "user_id": self.user_id.id,
                "date_received": received,
                "subject": _("Recurso against %(name)s", name=self.name),
                "description": description,
            }
        )
        # a closed decision is final: any recurso against it is late
        recurso.is_late_recurso = (
            self.state == "closed" or recurso.date_filed > self.recurso_deadline
        )
        if recurso.is_late_recurso:
            recurso.message_post(
                body=_(
                    "Filed after the recurso window (%(window)s): answer it with the "
                    "response type 'Rejects'.",
                    window=self.recurso_deadline,
                )
            )
        return recurso

    def action_transfer_sspd(self):
        """The reposición did not fully grant and apelación was requested: send the
        file to the Superintendencia (Ley 142 de 1994 art. 159)."""
        self._check_decider()
        for request in self:
            if not request._goes_to_sspd():
                raise UserError(
                    _(
                        "Only a notified reposición with subsidiary apelación that "
                        "does not fully grant goes to the Superintendencia."
                    )
                )
        self.write(
            {"state": "sspd", "date_sspd_transfer": self.company_id._pqr_today()}
        )
        return True

    def _goes_to_sspd(self):
        """A notified reposición with subsidiary apelación whose answer does not
        fully grant it (a late one, rejected, does not go: CPACA art. 74)."""
        self.ensure_one()
        return (
            self.state == "notified"
            and self.type_id.code == "recurso_apelacion"
            and not self.response_type_id.fully_grants
            and self.response_type_id.code != CODE_REJECTS
        )

    def action_record_sspd_decision(self, outcome, decided_on):
        self._check_decider()
        if self.filtered(lambda r: r.state != "sspd"):
            raise UserError(
                _("Only a file sent to the Superintendencia has its decision.")
            )
        self.write(
            {
                "sspd_outcome": outcome,
                "date_sspd_decision": decided_on,
                "state": "closed",
            }
        )
        self.parent_id._close_if_done()
        return True

    def action_close(self):
        """Close (ejecutoriada): notified, and the recurso window passed with no
        recurso, or every recurso resolved."""
        self._check_decider()
        today = self.company_id[:1]._pqr_today()
        for request in self:
            if request.state != "notified" or not request.date_notified:
                raise UserError(
                    _(
                        "%(name)s cannot be closed without an effective notification "
                        "of its decision.",
                        name=request.name,
                    )
                )
            open_recursos = request.child_ids.filtered(lambda c: c.state != "closed")
            if open_recursos:
                raise UserError(
                    _(
                        "%(name)s has recursos still open: %(recursos)s.",
                        name=request.name,
                        recursos=", ".join(open_recursos.mapped("name")),
                    )
                )
            if request._goes_to_sspd():
                raise UserError(
                    _(
                        "%(name)s goes to the Superintendencia (apelación): transfer it.",
                        name=request.name,
                    )
                )
            # the answer to a recurso is final once notified (CPACA art. 87)
            if (
                not request.parent_id
                and not request.child_ids
                and today <= request.recurso_deadline
            ):
                raise UserError(
                    _(
                        "The recurso window of %(name)s is open until %(window)s.",
                        name=request.name,
                        window=request.recurso_deadline,
                    )
                )
        self.state = "closed"
        self.parent_id._close_if_done()
        return True

    def _close_if_done(self):
        """A decision whose recursos are all resolved becomes final."""
        for request in self.filtered(lambda r: r.state == "notified"):
            if request.child_ids and all(
                c.state == "closed" for c in request.child_ids
            ):
                request.state = "closed"

    def action_recognize_sap(self, attachment):
        """Record the act that recognises the silencio administrativo positivo."""
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(_("Only a PQR manager recognises the silence."))
        for request in self:
            if not request.is_sap or request.date_sap_recognized:
                raise UserError(
                    _("%(name)s has no silence to recognise.", name=request.name)
                )
        if not attachment:
            raise UserError(_("Attach the act that recognises the silence."))
        now = fields.Datetime.now()
        attachment.sudo().write({"res_model": self._name, "res_id": self[:1].id})
        self.write(
            {"date_sap_recognized": now, "sap_recognition_attachment_id": attachment.id}
        )
        for request in self:
            request.message_post(
                body=_("Silence recognised on %(date)s.", date=now),
                attachment_ids=attachment.ids,
            )
            if request.sap_recognized_late:
                request.message_post(
                    body=_(
                        "Recognised after the legal %(hours)s hours (deadline "
                        "%(deadline)s).",
                        hours=request.company_id.pqr_sap_recognition_hours,
                        deadline=request.sap_recognition_deadline,
                    )
                )
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_sap"])
        return True

    @api.model
    def _cron_silence_and_notifications(self, batch_size=2000):
        """Daily, idempotent and crash-safe (one transaction; flags set with the
        activities, so a rerun creates nothing twice):

        - silencio administrativo positivo: an open PQR whose deadline day ended
          without a decision;
        - citations not sent in time, notices (aviso) due, notices not sent in time;
        - transfers for lack of competence late, incomplete petitions whose time to
          complete ended (``_check_preliminary_terms``).
        """
        now = fields.Datetime.now()
        today = self.env.company._pqr_today()
        last_id = 0
        flagged = self.browse()
        while True:
            requests = self.search(
                [
                    ("state", "in", OPEN_STATES),
                    ("is_sap", "=", False),
                    ("date_deadline", "<", today),
                    ("id", ">", last_id),
                ],
                order="id",
                limit=batch_size,
            )
            if not requests:
                break
            requests._flag_sap(now, digest=False)
            flagged |= requests
            last_id = requests[-1].id
            requests.invalidate_recordset()
        flagged._notify_sap_digest()
        self.env["pqr.notification"].search(
            [
                ("state", "in", ("pending", "sent")),
                ("request_id.state", "=", "notifying"),
            ]
        )._check_notification_steps(today)
        self._check_preliminary_terms(today)
        return True

    def _flag_sap_risk(self, reason):
        self.ensure_one()
        self.sap_risk = True
        self.message_post(
            body=_(
                "Defective notification, risk of silencio administrativo positivo: "
                "%(reason)s",
                reason=reason,
            )
        )

    def _flag_sap(self, now, digest=True):
        """Flag the silence: one UPDATE per deadline day (tracked: old and new
        value on the record), the notes saying why in one batch, the manager's
        activities in one create per deadline day, and (``digest``) one email to
        the manager listing them (the 72-hour clock runs)."""
        for company, requests in self.grouped("company_id").items():
            hours = company.pqr_sap_recognition_hours
            manager = company._pqr_manager()
            for deadline, group in requests.grouped("date_deadline").items():
                start = end_of_day_utc(deadline)
                limit = start + timedelta(hours=hours)
                group.write(
                    {
                        "is_sap": True,
                        "date_sap": start,
                        "sap_recognition_deadline": limit,
                    }
                )
                if manager:
                    group.with_context(
                        mail_activity_quick_update=True
                    ).activity_schedule(
                        "pqr_servicios_publicos.mail_activity_pqr_sap",
                        date_deadline=fields.Datetime.context_timestamp(
                            group.with_context(tz="America/Bogota"), limit
                        ).date(),
                        user_id=manager.id,
                    )
            requests._message_log_batch(
                bodies={
                    request.id: self.env._(
                        "The legal deadline (%(deadline)s) ended without a decision: "
                        "silencio administrativo positivo. Recognise its effects "
                        "before %(limit)s (Ley 142 de 1994 art. 158).",
                        deadline=request.date_deadline,
                        limit=request.sap_recognition_deadline,
                    )
                    for request in requests
                }
            )
        if digest:
            self._notify_sap_digest()

    def _notify_sap_digest(self):
        """One email per company to its PQR manager for all the silences flagged
        in a run."""
        mails = []
        for company, requests in self.grouped("company_id").items():
            manager = company._pqr_manager()
            if not manager:
                continue
            lines = Markup("").join(
                Markup("<li>%s — %s</li>") % (request.name, request.partner_id.name)
                for request in requests
            )
            mails.append(
                {
                    "email_to": manager.email_formatted,
                    "subject": self.env._(
                        "Positive administrative silence: %(count)s PQR(s) to "
                        "recognise within %(hours)s hours",
                        count=len(requests),
                        hours=company.pqr_sap_recognition_hours,
                    ),
                    "body_html": Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        self.env._(
                            "The legal deadline of these PQRs ended without a "
                            "decision (Ley 142 de 1994 art. 158). Each one has an "
                            "activity for you."
                        ),
                        lines,
                    ),
                    "auto_delete": True,
                }
            )
        self.env["mail.mail"].sudo().create(mails)

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
        """Write the new days left/status, grouped by value: one UPDATE per value.
        None of these fields is tracked: skip mail's tracking snapshot."""
        values = self._pqr_deadline_values()
        changed = defaultdict(lambda: self.browse())
        for request in self:
            new = values[request.id]
            if (request.business_days_left, request.deadline_status) != new:
                changed[new] |= request
        for (left, status), requests in changed.items():
            requests.with_context(mail_notrack=True).write(
                {"business_days_left": left, "deadline_status": status}
            )

    def _pqr_schedule_deadline_alerts(self):
        """Deadline alerts are activities for the responsible (shown in Odoo, not
        emailed one by one), created in one batch per (threshold, user, deadline)."""
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
            batches[(min(crossed), user, request.date_deadline)] |= request
        alerted = defaultdict(lambda: self.browse())
        for (threshold, user, deadline), requests in batches.items():
            if user:
                requests.with_context(
                    mail_activity_quick_update=True
                ).activity_schedule(
                    "pqr_servicios_publicos.mail_activity_pqr_deadline",
                    date_deadline=deadline,
                    summary=_(
                        "Legal deadline in %(days)s business days",
                        days=threshold,
                    )
                    if threshold
                    else _("Legal deadline today"),
                    user_id=user.id,
                )
            alerted[threshold] |= requests
        for threshold, requests in alerted.items():
            requests.with_context(mail_notrack=True).write(
                {"alert_threshold_done": threshold}
            )

    # ------------------------------------------------------------------
    # Letters: helpers of report/pqr_letter_reports.xml
    # ------------------------------------------------------------------
    def _letter_sent_date(self, method, or_today=False):
        """Day (Bogotá) the last citation or notice of the decision was sent; when
        none was sent, today if ``or_today`` (the letter is being printed to send),
        else False."""
        self.ensure_one()
        line = self.notification_ids.filtered(
            lambda n: n.method == method and n.state != "cancelled" and n.date_sent
        )[-1:]
        if line:
            return fields.Datetime.context_timestamp(
                self.with_context(tz="America/Bogota"), line.date_sent
            ).date()
        return self.company_id._pqr_today() if or_today else False

    def _letter_office_hours(self):
        """Opening periods [(hour from, hour to)] of the PQR office on business days:
        those of the company's business-day calendar, ending at the closing hour."""
        self.ensure_one()
        closing = self.company_id.pqr_closing_hour
        attendances = self.company_id._pqr_calendar().attendance_ids.filtered(
            lambda a: not a.display_type and a.day_period != "lunch"
        )
        return sorted(
            {
                (a.hour_from, min(a.hour_to, closing) if closing else a.hour_to)
                for a in attendances
                if not closing or a.hour_from < closing
            }
        )
