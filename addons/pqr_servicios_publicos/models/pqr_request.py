"""The PQR document: identity, petitioner, intake, routing and the write guards.

The document is extended by concern, as Odoo's ``account`` extends ``account.move``:
``pqr_request_clock.py`` (filing date, deadline, alerts, corrections of the clock),
``pqr_request_decision.py`` (the decision and the frozen act), ``pqr_notification.py``
(CPACA notification and its effects), ``pqr_request_recurso.py`` (recursos, SSPD,
closing), ``pqr_request_silence.py``, ``pqr_request_transfer.py`` (CPACA art. 21) and
``pqr_request_completion.py`` (CPACA art. 17).
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .pqr_causal import SERVICES
from .pqr_common import (
    ACT_FIELDS,
    CHANNELS,
    CLOCK_FIELDS,
    CLOCK_INPUTS,
    CLOCK_STATES,
    VERBAL_CHANNELS,
    in_transition,
    office,
    transition,
)

# Groups that read the letters, the act and the internal flags (need-to-know): not
# technicians, not portal users (they get the issued act from the portal pages).
OFFICE_GROUPS = (
    "pqr_servicios_publicos.group_pqr_area,pqr_servicios_publicos.group_pqr_billing"
)
# Models whose uploads a wizard may hand over to a PQR
WIZARD_UPLOAD_MODELS = (
    False,
    "pqr.request.register.notification",
    "pqr.request.register.completion",
    "pqr.request.recognize.sap",
    "pqr.term.suspension",
)


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
        readonly=True,
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
    invoice_warning = fields.Char(
        compute="_compute_invoice_warning", groups="base.group_user"
    )

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
    ack_pending = fields.Boolean(
        string="Acknowledgement to Send",
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_user",
        help="The acknowledgement (acuse de recibo) is emailed by a queued job once "
        "the filing number is taken, so intake never waits for a PDF or a mail "
        "server.",
    )

    goes_to_sspd = fields.Boolean(
        string="Goes to the Superintendence",
        compute="_compute_goes_to_sspd",
        groups="base.group_user",
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
    @api.depends("invoice_ids.invoice_date", "date_filed", "company_id")
    def _compute_invoice_warning(self):
        for request in self:
            months = request.company_id.pqr_invoice_claim_months
            filed = request.date_filed or request.company_id._pqr_today()
            limit = fields.Date.subtract(filed, months=months)
            # area responsibles see the warning without reading accounting
            old = request.sudo().invoice_ids.filtered(
                lambda m, limit=limit: m.invoice_date and m.invoice_date < limit
            )
            request.invoice_warning = (
                _(
                    "Invoices %(invoices)s were issued more than %(months)s months "
                    "before the filing date. Ley 142 de 1994 art. 154 says no claim "
                    "lies against them, but the PQR must still be answered within "
                    "its term.",
                    invoices=", ".join(old.mapped("display_name")),
                    months=months,
                )
                if len(old) > 1
                else _(
                    "Invoice %(invoice)s was issued more than %(months)s months "
                    "before the filing date. Ley 142 de 1994 art. 154 says no claim "
                    "lies against it, but the PQR must still be answered within "
                    "its term.",
                    invoice=old.display_name,
                    months=months,
                )
                if old
                else False
            )

    @api.depends(
        "state",
        "type_id.code",
        "response_type_id.fully_grants",
        "response_type_id.code",
    )
    def _compute_goes_to_sspd(self):
        """Display only: which of Close and Send to the SSPD is the next step."""
        for request in self:
            request.goes_to_sspd = request._goes_to_sspd()

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/pqr/{request.id}"

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """No "View" button in the emails to customers and portal users: its link
        carries the record's token, which is the decision link's credential (CPACA
        art. 56). Customers follow their PQRs by signing in (/my/pqr); the decision
        has its own tokenized link."""
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
                        date=request.company_id._pqr_format(request.date_filed),
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
    # CRUD and the guards of the legal facts
    # ------------------------------------------------------------------
    @api.model
    def _pqr_legal_fields(self):
        """Fields set only by the transition methods: every field of this addon the
        form cannot edit (declared ``readonly``), computed or not — the state, dates,
        numbers, flags and the frozen act."""
        return {
            name
            for name, field in self._fields.items()
            if field.readonly
            and field.store
            and not field.related
            and (field._module or "").startswith("pqr_")
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            self._check_create_vals(vals_list)
        self._assign_radicados(vals_list)
        for vals in vals_list:
            if vals.get("channel") in ("email", "web"):
                vals["ack_pending"] = True
        requests = super(PqrRequest, transition(self)).create(vals_list)
        requests.mapped("term_days")  # the type's term as it is at filing
        if any(vals.get("ack_pending") for vals in vals_list):
            self.env.ref(
                "pqr_servicios_publicos.ir_cron_pqr_acknowledgements",
                raise_if_not_found=False,
            )._trigger()
        return requests.with_env(self.env)

    def _creation_message(self):
        # the file's first note in the office's language, whoever files it
        return super(PqrRequest, office(self))._creation_message()

    @api.model
    def _check_create_vals(self, vals_list):
        self._check_clock_vals(vals_list)
        legal = self._pqr_legal_fields() - {"name"}
        defaults = {"state": "filed", "alert_threshold_done": -1}
        is_manager = self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager")
        # a manager migrating PQRs from another system brings them filed or in
        # progress, with their radicados (base_import's context selects it)
        importing = is_manager and self.env.context.get("import_file")
        for vals in vals_list:
            given = sorted(
                f
                for f in legal & set(vals)
                if vals[f]
                and vals[f] != defaults.get(f)
                and not (importing and f == "state" and vals[f] == "in_progress")
            )
            if given:
                raise UserError(
                    _(
                        "A new PQR is filed, with its legal facts computed or set by "
                        "its actions; they cannot be given (%(fields)s).",
                        fields=", ".join(self._field_labels(given)),
                    )
                )
            if vals.get("name") not in (None, False, "", "/") and not importing:
                # a migrated PQR keeps its radicado: imports by a manager only
                raise UserError(
                    _(
                        "Filing numbers are given by the system. Only a PQR manager "
                        "importing PQRs from another system may give their filing "
                        "numbers."
                    )
                )

    def write(self, vals):
        if not in_transition(self):
            self.check_access("write")  # who may not write at all hears it first
            self._check_manual_write(vals)
        return super().write(vals)

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(
            _("A PQR is not duplicated: file a new one, with its own filing number.")
        )

    def _check_manual_write(self, vals):
        """A plain write (form, import, RPC) changes neither a legal fact, nor the
        inputs of the clock of a filed PQR, nor the act once issued."""
        self._check_clock_vals([vals])
        if "name" in vals and any(r.name != vals["name"] for r in self):
            raise UserError(_("The filing number of a PQR cannot be changed."))
        legal = sorted(self._pqr_legal_fields() & set(vals))
        if legal:
            raise UserError(
                _(
                    "%(fields)s of a PQR change only through its actions (decision, "
                    "notification, recursos, suspensions, silence), never by editing.",
                    fields=", ".join(self._field_labels(legal)),
                )
            )
        inputs = [f for f in CLOCK_INPUTS if f in vals and self._pqr_changes(f, vals)]
        if inputs:
            raise UserError(
                _(
                    "%(fields)s of a filed PQR set its legal term: change them with "
                    "Correct Legal Clock (clerks and managers, with the reason).",
                    fields=", ".join(self._field_labels(inputs)),
                )
            )
        issued = self.filtered(lambda r: r.state not in CLOCK_STATES)
        act = [f for f in ACT_FIELDS if f in vals and issued._pqr_changes(f, vals)]
        if act:
            raise UserError(
                _(
                    "The decision of %(name)s was issued: %(fields)s can no longer "
                    "change.",
                    name=", ".join(issued.mapped("name")),
                    fields=", ".join(self._field_labels(act)),
                )
            )

    def _pqr_changes(self, fname, vals):
        """Whether writing ``vals[fname]`` would change it on any record."""
        field = self._fields[fname]
        for request in self:
            value = field.convert_to_cache(vals[fname], request)
            if field.convert_to_record(value, request) != request[fname]:
                return True
        return False

    @api.model
    def _field_labels(self, names):
        fields_info = self.fields_get(names, ["string"])
        return [fields_info[name]["string"] for name in names]

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
        """Give a radicado to every new PQR without one (a migrated PQR keeps its own),
        per (company, year of reception in the company's time zone), in the order of
        ``vals_list``: see ``ir.sequence._pqr_reserve_radicados``."""
        now = fields.Datetime.now()
        pending = {}
        for vals in vals_list:
            if vals.get("name") in (None, False, "", "/"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                received = fields.Datetime.to_datetime(vals.get("date_received")) or now
                day = company._pqr_calendar().pqr_local_date(received)
                pending.setdefault((company, day.year), []).append((vals, day))
        for (company, _year), items in pending.items():
            names = self.env["ir.sequence"]._pqr_reserve_radicados(
                company, items[0][1], len(items)
            )
            for (vals, _day), name in zip(items, names, strict=True):
                vals["name"] = name

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------
    def _check_decider(self):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_clerk"):
            raise AccessError(_("Only PQR clerks and managers issue decisions."))

    def action_start(self):
        self.check_access("write")
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
        transition(self).state = "in_progress"
        return True

    def _is_verbal(self):
        self.ensure_one()
        return self.channel in VERBAL_CHANNELS

    def _default_responsible(self):
        self.ensure_one()
        return (
            self.user_id
            or self.area_id.manager_id
            or self.company_id._pqr_manager()
            or self.env.user
        )

    def _pqr_adopt_attachments(self, attachment_ids, target=None):
        """Attach the files uploaded in a wizard (or already on this PQR) to the PQR,
        or to ``target`` (a record of it, e.g. its notification line), so that the
        clerks read them once the wizard is gone. Files of other documents are
        refused: an id list from a client never moves someone else's file."""
        self.ensure_one()
        target = target or self
        attachments = self.env["ir.attachment"].browse(attachment_ids or []).exists()
        for attachment in attachments.sudo():
            own_upload = (
                attachment.res_model in WIZARD_UPLOAD_MODELS
                and attachment.create_uid == self.env.user
            )
            here = (attachment.res_model, attachment.res_id) in (
                (self._name, self.id),
                (target._name, target.id),
            )
            if not (own_upload or here):
                raise AccessError(
                    _(
                        "The file %(name)s belongs to another document.",
                        name=attachment.name,
                    )
                )
        attachments.sudo().write({"res_model": target._name, "res_id": target.id})
        return attachments
