"""Field orders of the Subgerencia Técnica Operativa and their actas.

A PQR (or the company, for non-payment) orders a prior inspection (revisión previa), a
work order, a suspension, a cut, a reinstatement or a reconnection. A technician
executes it and records what was found and done, with the signature of the person who
attended; the acta is rendered once when the order is done or failed, stored on the
order and posted on the PQR, and it never changes afterwards.

The legal rules live here once:

* the art. 155 interlock (``_pqr_check_interlock``): no suspension, cut or termination
  while a timely billing claim or recurso of the account waits for its decision to be
  notified (domain decision 8), checked when scheduling and again when executing;
* the 24-hour rule (``pqr.service.account._pqr_cause_removed``, domain decision 9):
  the account's field orders restore the service within 24 clock hours of the removal
  of the cause; the daily action flags those late once;
* the service state of the account changes only through an executed order.
"""

import base64

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .pqr_common import in_transition, office, transition

ORDER_TYPES = [
    ("revision_previa", "Prior Inspection"),
    ("orden_trabajo", "Work Order"),
    ("suspension", "Suspension"),
    ("corte", "Cut"),
    ("reinstalacion", "Reinstatement"),
    ("reconexion", "Reconnection"),
]
# Orders that take the service away: the art. 155 interlock applies to them
CUTTING_TYPES = ("suspension", "corte")
# Orders that give it back (Ley 142 art. 142; domain decision 9)
RESTORING_TYPES = ("reconexion", "reinstalacion")
CAUSES = [
    ("non_payment", "Non-payment (Ley 142 art. 140)"),
    ("fraud", "Fraud or unauthorised use"),
    ("user_request", "At the user's request"),
    ("service_interest", "In the interest of the service"),
    ("other", "Other"),
]
OPEN_ORDER_STATES = ("draft", "scheduled", "in_progress")
# What a technician records in the field: the only fields they may write, and only
# while the order is scheduled or in progress
EXECUTION_FIELDS = {
    "findings",
    "meter_number",
    "meter_reading",
    "seals_removed",
    "seals_installed",
    "photo_ids",
    "attendee_name",
    "attendee_vat",
    "attendee_signature",
    "technician_signature",
}
# What the dispatcher may still change once the order is scheduled
DISPATCH_FIELDS = {"technician_id", "date_scheduled", "instructions"}
PHOTO_MIMETYPES = ("image/jpeg", "image/png")
PHOTO_MAX_MB = 10
DISPATCHER_GROUP = "pqr_servicios_publicos.group_pqr_area"
TECHNICIAN_GROUP = "pqr_servicios_publicos.group_pqr_technician"


class PqrFieldOrder(models.Model):
    _name = "pqr.field.order"
    _description = "Field Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_scheduled desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Order Number", readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    order_type = fields.Selection(
        ORDER_TYPES, string="Type", required=True, tracking=True, index=True
    )
    request_id = fields.Many2one(
        "pqr.request",
        string="PQR",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The PQR this order serves. Empty for a suspension for non-payment.",
    )
    # what the technician needs of the PQR, without reading the PQR itself
    request_name = fields.Char(related="request_id.name", string="PQR Filing Number")
    service_account_id = fields.Many2one(
        "pqr.service.account",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="service_account_id.partner_id", string="Holder", store=True
    )
    street = fields.Char(
        related="service_account_id.street", string="Address", store=True
    )
    service_state = fields.Selection(related="service_account_id.service_state")
    area_id = fields.Many2one(
        "pqr.area",
        index=True,
        default=lambda s: s.env.company.pqr_field_area_id,
        check_company=True,
        help="The area that executes the order (the Subgerencia Técnica Operativa).",
    )
    technician_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain=lambda s: [
            ("groups_id", "in", s.env.ref(TECHNICIAN_GROUP).id),
            ("share", "=", False),
        ],
    )
    date_scheduled = fields.Datetime(string="Scheduled For", tracking=True)
    date_started = fields.Datetime(string="Started On", readonly=True, copy=False)
    date_executed = fields.Datetime(
        string="Executed On", readonly=True, copy=False, tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    fail_reason = fields.Text(string="Why It Failed", readonly=True, copy=False)
    cancel_reason = fields.Text(
        string="Why It Was Cancelled", readonly=True, copy=False
    )
    cause = fields.Selection(
        CAUSES,
        tracking=True,
        help="Why the service is suspended or cut. A suspension in the interest of "
        "the service (works, emergencies) is the only one allowed while a billing "
        "claim is pending (Ley 142 de 1994 art. 155).",
    )
    cause_detail = fields.Text(
        string="Reason",
        help="The facts behind the cause; required for a suspension in the interest "
        "of the service and for 'Other'.",
    )
    company_error = fields.Boolean(
        string="Company's Error",
        readonly=True,
        copy=False,
        tracking=True,
        help="The suspension or cut was the company's error: restoring the service "
        "is not charged to the customer.",
    )
    terminate_contract = fields.Boolean(
        string="Terminates the Contract",
        help="A cut that terminates the service contract (Ley 142 de 1994 art. 141): "
        "the account becomes terminated.",
    )
    origin_order_id = fields.Many2one(
        "pqr.field.order",
        string="Restores / Follows",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The suspension or cut this order lifts, or the suspension a cut "
        "follows.",
    )
    instructions = fields.Text()
    findings = fields.Text(string="Findings and Work Done")
    meter_number = fields.Char()
    meter_reading = fields.Float(digits=(12, 2))
    seals_removed = fields.Char()
    seals_installed = fields.Char()
    photo_ids = fields.Many2many(
        "ir.attachment",
        "pqr_field_order_photo_rel",
        "order_id",
        "attachment_id",
        string="Photos",
        help=f"JPEG or PNG, up to {PHOTO_MAX_MB} MB each.",
    )
    attendee_name = fields.Char(string="Attended By")
    attendee_vat = fields.Char(string="Attendee's ID Number")
    attendee_signature = fields.Binary(
        string="Attendee's Signature", copy=False, attachment=True
    )
    technician_signature = fields.Binary(
        string="Technician's Signature", copy=False, attachment=True
    )
    deadline = fields.Datetime(
        readonly=True,
        copy=False,
        tracking=True,
        help="Where the law sets one: the service is restored within 24 clock hours "
        "of the removal of the cause (payment, or a signed financing order with its "
        "down payment paid).",
    )
    date_cause_removed = fields.Datetime(
        string="Cause Removed On", readonly=True, copy=False
    )
    deadline_missed = fields.Boolean(
        string="Late",
        readonly=True,
        copy=False,
        index=True,
        help="Set once by the daily action when the deadline passed before the order "
        "was done.",
    )
    charge_invoice_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        groups="account.group_account_readonly",
    )
    acta_file = fields.Binary(string="Acta", attachment=True, readonly=True, copy=False)
    acta_filename = fields.Char(readonly=True, copy=False)
    # the record of the manager who let a PQR be decided with this order open
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The order number must be unique per company.",
        ),
    ]

    @api.depends("state", "deadline_missed")
    def _compute_color(self):
        colors = {"failed": 1, "done": 10, "cancelled": 0, "in_progress": 4}
        for order in self:
            order.color = 1 if order.deadline_missed else colors.get(order.state, 0)

    @api.depends("name", "order_type")
    def _compute_display_name(self):
        labels = dict(self._fields["order_type"]._description_selection(self.env))
        for order in self:
            order.display_name = f"{order.name} ({labels.get(order.order_type, '')})"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("order_type", "cause", "cause_detail")
    def _check_cause(self):
        for order in self:
            if order.order_type in CUTTING_TYPES and not order.cause:
                raise ValidationError(
                    _("Give the cause of the %(type)s.", type=order._type_label())
                )
            if (
                order.cause in ("service_interest", "other")
                and not (order.cause_detail or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Write the reason of %(order)s: a suspension in the interest "
                        "of the service, or for another cause, states its facts.",
                        order=order.name,
                    )
                )

    @api.constrains("request_id", "service_account_id")
    def _check_request_account(self):
        for order in self.filtered("request_id.service_account_id"):
            if order.request_id.service_account_id != order.service_account_id:
                raise ValidationError(
                    _(
                        "%(order)s is for account %(account)s, but %(pqr)s is about "
                        "account %(other)s.",
                        order=order.name,
                        account=order.service_account_id.name,
                        pqr=order.request_id.name,
                        other=order.request_id.service_account_id.name,
                    )
                )

    @api.constrains("technician_id")
    def _check_technician(self):
        group = self.env.ref(TECHNICIAN_GROUP)
        for order in self.filtered("technician_id"):
            if group not in order.technician_id.groups_id:
                raise ValidationError(
                    _(
                        "%(user)s is not a field technician.",
                        user=order.technician_id.name,
                    )
                )

    @api.constrains("photo_ids")
    def _check_photos(self):
        for order in self.sudo():
            foreign = order.photo_ids.filtered(
                lambda a, o=order: a.res_model != o._name or a.res_id != o.id
            )
            if foreign:
                raise ValidationError(
                    _(
                        "Upload the photos to the order itself: %(files)s are not.",
                        files=", ".join(foreign.mapped("name")),
                    )
                )
        for attachment in self.sudo().photo_ids:
            raw = attachment.raw or b""
            if len(raw) > PHOTO_MAX_MB * 1024 * 1024:
                raise ValidationError(
                    _(
                        "%(file)s is larger than %(mb)s MB.",
                        file=attachment.name,
                        mb=PHOTO_MAX_MB,
                    )
                )
            if guess_mimetype(raw) not in PHOTO_MIMETYPES:
                raise ValidationError(
                    _(
                        "%(file)s is not a photo: attach JPEG or PNG images.",
                        file=attachment.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD and the guard of the legal facts
    # ------------------------------------------------------------------
    @api.model
    def _pqr_legal_fields(self):
        """Set only by the transition methods: the state, its dates, the deadline,
        the acta."""
        return {
            name
            for name, field in self._fields.items()
            if field.readonly and field.store and not field.related and name != "name"
        } | {"name"}

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            given = sorted(
                {f for vals in vals_list for f, v in vals.items() if v}
                & (self._pqr_legal_fields() - {"company_id"}) - {"name"}
            )
            if given or any(vals.get("name", "/") != "/" for vals in vals_list):
                raise UserError(
                    _(
                        "A new field order starts as a draft; its number, state, dates "
                        "and acta are set by its actions (%(fields)s).",
                        fields=", ".join(self._field_labels(given or ["name"])),
                    )
                )
            self._check_request_access(vals_list)
        for vals in vals_list:
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            vals["name"] = (
                self.env["ir.sequence"]
                .with_company(company)
                .next_by_code("pqr.field.order")
                or "/"
            )
        orders = super(PqrFieldOrder, transition(self)).create(vals_list)
        for order in orders.filtered(
            lambda o: not o.meter_number and o.service_account_id.meter_number
        ):
            transition(order).meter_number = order.service_account_id.meter_number
        return orders.with_env(self.env)

    def write(self, vals):
        if not in_transition(self):
            self.check_access("write")
            self._check_manual_write(vals)
            self._check_request_access([vals])
        return super().write(vals)

    @api.model
    def _check_request_access(self, vals_list):
        """An order serves a PQR its author may read: its result is posted there."""
        ids = [vals["request_id"] for vals in vals_list if vals.get("request_id")]
        if ids:
            self.env["pqr.request"].browse(ids).check_access("read")

    def _check_manual_write(self, vals):
        legal = sorted(self._pqr_legal_fields() & set(vals))
        if legal:
            raise UserError(
                _(
                    "%(fields)s of a field order change only through its actions "
                    "(schedule, start, done, failed, cancel), never by editing.",
                    fields=", ".join(self._field_labels(legal)),
                )
            )
        closed = self.filtered(lambda o: o.state not in OPEN_ORDER_STATES)
        if closed:
            raise UserError(
                _(
                    "%(orders)s is closed: its acta was issued and nothing on it "
                    "changes. Write in its chatter.",
                    orders=", ".join(closed.mapped("name")),
                )
            )
        fields_set = set(vals)
        if not self.env.user.has_group(DISPATCHER_GROUP):
            # a technician: what they record in the field, on their orders at work
            extra = sorted(fields_set - EXECUTION_FIELDS)
            if extra:
                raise AccessError(
                    _(
                        "A technician records what was found and done; %(fields)s are "
                        "set by the dispatcher.",
                        fields=", ".join(self._field_labels(extra)),
                    )
                )
            if self.filtered(lambda o: o.state == "draft"):
                raise UserError(_("The order is not scheduled yet."))
            return
        started = self.filtered(lambda o: o.state != "draft")
        frozen = sorted(fields_set - EXECUTION_FIELDS - DISPATCH_FIELDS)
        if started and frozen:
            raise UserError(
                _(
                    "%(orders)s is scheduled: %(fields)s no longer change. Cancel it "
                    "and create another order.",
                    orders=", ".join(started.mapped("name")),
                    fields=", ".join(self._field_labels(frozen)),
                )
            )

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(_("A field order is not duplicated: create a new one."))

    def unlink(self):
        if self.filtered(lambda o: o.state != "draft"):
            raise UserError(
                _("Only draft field orders are deleted; cancel the others.")
            )
        return super().unlink()

    @api.model
    def _field_labels(self, names):
        info = self.fields_get(names, ["string"])
        return [info[name]["string"] for name in names]

    def _type_label(self):
        self.ensure_one()
        return dict(self._fields["order_type"]._description_selection(self.env))[
            self.order_type
        ]

    # ------------------------------------------------------------------
    # Art. 155: no suspension, cut or termination while a billing claim waits
    # ------------------------------------------------------------------
    def _pqr_check_interlock(self):
        """Refuse to schedule or execute a suspension or cut of an account with a
        timely billing reclamación or recurso whose decision is not notified yet
        (Ley 142 de 1994 art. 155; domain decision 8). The only exception is a
        suspension in the interest of the service, with its reason."""
        cutting = self.filtered(
            lambda o: o.order_type in CUTTING_TYPES
            and not (o.order_type == "suspension" and o.cause == "service_interest")
        )
        if not cutting:
            return
        pending = (
            self.env["pqr.request"]
            .sudo()
            ._pqr_blocking_claims(cutting.service_account_id)
        )
        for order in cutting:
            claims = pending.filtered(
                lambda r, o=order: r.service_account_id == o.service_account_id
            )
            if claims:
                raise UserError(
                    _(
                        "%(order)s cannot go ahead: account %(account)s has a billing "
                        "claim or recurso pending, %(pqr)s, whose decision is not "
                        "notified yet. While it is pending the service may not be "
                        "suspended, cut or terminated (Ley 142 de 1994 art. 155), "
                        "except a suspension in the interest of the service.",
                        order=order.name,
                        account=order.service_account_id.name,
                        pqr=", ".join(claims.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _check_dispatcher(self):
        if not self.env.user.has_group(DISPATCHER_GROUP):
            raise AccessError(
                _("Only the dispatcher (the office or the technical area) does this.")
            )
        self.check_access("write")

    def _check_worker(self):
        """The technician of the order, or a dispatcher."""
        self.check_access("write")
        if self.env.user.has_group(DISPATCHER_GROUP):
            return
        if self.filtered(lambda o: o.technician_id != self.env.user):
            raise AccessError(_("This order is assigned to another technician."))

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda o: o.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(order)s is %(state)s: it cannot be %(action)s.",
                    order=wrong[0].name,
                    state=labels[wrong[0].state].lower(),
                    action=action,
                )
            )

    def action_schedule(self):
        self._check_dispatcher()
        self._check_state(("draft",), _("scheduled"))
        for order in self:
            if not order.technician_id or not order.date_scheduled:
                raise UserError(
                    _(
                        "Assign the technician and the date of %(order)s first.",
                        order=order.name,
                    )
                )
        self._pqr_check_interlock()
        transition(self).write({"state": "scheduled"})
        for order in self:
            order.message_subscribe(order.technician_id.partner_id.ids)
            office(order).activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.to_date(
                    order.company_id._pqr_calendar().pqr_local_date(
                        order.date_scheduled
                    )
                ),
                summary=office(order).env._(
                    "Field visit: %(type)s", type=office(order)._type_label()
                ),
                note=order.street,
                user_id=order.technician_id.id,
            )
        return True

    def action_start(self):
        self._check_worker()
        self._check_state(("scheduled",), _("started"))
        transition(self).write(
            {"state": "in_progress", "date_started": fields.Datetime.now()}
        )
        return True

    def action_done(self):
        """Executed: the acta is issued, the account's service state follows the
        order, the result goes back to the PQR."""
        self._check_worker()
        self._check_state(("scheduled", "in_progress"), _("done"))
        for order in self:
            missing = [
                label
                for fname, label in (
                    ("findings", _("the findings")),
                    ("attendee_signature", _("the signature of who attended")),
                )
                if not order[fname]
            ]
            if (
                order.order_type in CUTTING_TYPES + RESTORING_TYPES
                and not order.meter_reading
            ):
                missing.append(_("the meter reading"))
            if missing:
                raise UserError(
                    _(
                        "Record %(missing)s before closing %(order)s.",
                        missing=", ".join(missing),
                        order=order.name,
                    )
                )
        self._pqr_check_interlock()
        terminated = self.filtered(
            lambda o: o.order_type in RESTORING_TYPES
            and o.service_account_id.service_state == "terminated"
        )
        if terminated:
            raise UserError(
                _(
                    "The contract of account %(account)s was terminated: the service "
                    "is not restored by %(order)s, it needs a new contract.",
                    account=terminated[0].service_account_id.name,
                    order=terminated[0].name,
                )
            )
        now = fields.Datetime.now()
        transition(self).write({"state": "done", "date_executed": now})
        for order in self:
            order._pqr_apply_to_account()
        self._pqr_close()
        return True

    def action_fail(self, reason):
        """Not executed (nobody home, access refused...): the reason is recorded in
        the acta, the PQR's responsible decides what follows."""
        self._check_worker()
        self._check_state(("scheduled", "in_progress"), _("marked as failed"))
        if not (reason or "").strip():
            raise UserError(_("Say why the order could not be executed."))
        transition(self).write(
            {
                "state": "failed",
                "fail_reason": reason.strip(),
                "date_executed": fields.Datetime.now(),
            }
        )
        self._pqr_close()
        return True

    def action_cancel(self, reason=None):
        self._check_dispatcher()
        self._check_state(OPEN_ORDER_STATES, _("cancelled"))
        transition(self).write({"state": "cancelled", "cancel_reason": reason or False})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_mark_company_error(self):
        """A manager records that a suspension or cut was the company's error:
        restoring the service is not charged."""
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(_("Only a PQR manager records the company's error."))
        if self.filtered(
            lambda o: o.order_type not in CUTTING_TYPES or o.state != "done"
        ):
            raise UserError(
                _("Only an executed suspension or cut is the company's error.")
            )
        transition(self).write({"company_error": True})
        return True

    # ------------------------------------------------------------------
    # Effects
    # ------------------------------------------------------------------
    def _pqr_apply_to_account(self):
        """The executed order's effect on the account's service state, tracked in
        the account's chatter; a restoring order bills its charge."""
        self.ensure_one()
        account = self.service_account_id
        new_state = {
            "suspension": "suspended",
            "corte": "terminated" if self.terminate_contract else "cut",
            "reconexion": "connected",
            "reinstalacion": "connected",
        }.get(self.order_type)
        if new_state and account.service_state != new_state:
            transition(account.sudo()).write(
                {"service_state": new_state, "service_state_order_id": self.id}
            )
        if self.order_type in RESTORING_TYPES:
            self.sudo()._pqr_bill_charge()

    def _pqr_bill_charge(self):
        """The reconnection or reinstatement charge (a product per type, in the
        company's settings), never when the suspension or cut was the company's
        error: on a new draft invoice of the holder, or on its open draft."""
        self.ensure_one()
        company = self.company_id
        product = (
            company.pqr_reconnection_product_id
            if self.order_type == "reconexion"
            else company.pqr_reinstatement_product_id
        )
        if not product or self.origin_order_id.company_error or self.charge_invoice_id:
            return
        Move = self.env["account.move"].with_company(company)
        invoice = Move.browse()
        if company.pqr_field_charge_policy == "next_invoice":
            invoice = Move.search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "draft"),
                    ("company_id", "=", company.id),
                    ("pqr_service_account_id", "=", self.service_account_id.id),
                ],
                order="id desc",
                limit=1,
            )
        line = {
            "product_id": product.id,
            "quantity": 1,
            "name": office(self).env._(
                "%(product)s - order %(order)s",
                product=product.display_name,
                order=self.name,
            ),
        }
        if invoice:
            invoice.write({"invoice_line_ids": [(0, 0, line)]})
        else:
            invoice = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "pqr_service_account_id": self.service_account_id.id,
                    "invoice_line_ids": [(0, 0, line)],
                }
            )
        transition(self).charge_invoice_id = invoice

    def _pqr_close(self):
        """Done or failed: freeze the acta, post it on the PQR with the result and
        give the PQR's responsible an activity to answer."""
        for order in self:
            content, name = order._pqr_render_acta()
            transition(order.sudo()).write(
                {"acta_file": base64.b64encode(content), "acta_filename": name}
            )
            order.activity_unlink(["mail.mail_activity_data_todo"])
            if not order.request_id:
                continue
            request = office(order.request_id.sudo())
            env = request.env
            states = dict(order._fields["state"]._description_selection(env))
            body = Markup("<p>%s</p>") % env._(
                "Field order %(order)s (%(type)s) %(state)s on %(date)s.",
                order=order.name,
                type=order.with_env(env)._type_label(),
                state=states[order.state].lower(),
                date=order.company_id._pqr_format(order.date_executed),
            )
            body += Markup("<p>%s</p>") % (
                order.findings if order.state == "done" else order.fail_reason
            )
            request.message_post(
                body=body,
                attachments=[(name, content)],
                subtype_xmlid="mail.mt_note",
            )
            responsible = request.user_id or request.company_id._pqr_manager()
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Answer with the result of %(order)s", order=order.name),
                user_id=responsible.id or self.env.user.id,
            )

    def _pqr_render_acta(self):
        self.ensure_one()
        content, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=self.company_id._pqr_lang())
            ._render_qweb_pdf(
                "pqr_servicios_publicos.action_report_pqr_field_order_acta", self.ids
            )
        )
        extension = "pdf" if report_type == "pdf" else "html"  # HTML in test mode
        name = office(self).env._(
            "Acta - %(order)s.%(ext)s", order=self.name, ext=extension
        )
        return content, name

    def action_print_acta(self):
        """The acta as issued (never re-rendered)."""
        self.ensure_one()
        if not self.acta_file:
            raise UserError(
                _(
                    "The acta of %(order)s is issued when it is done or failed.",
                    order=self.name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/pqr.field.order/{self.id}/acta_file/"
            f"{self.acta_filename}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Helpers of the acta (report/pqr_field_order_reports.xml)
    # ------------------------------------------------------------------
    def _acta_title(self):
        self.ensure_one()
        return {
            "revision_previa": _("Prior Inspection Order"),
            "orden_trabajo": _("Work Order"),
            "suspension": _("Record of Suspension of the Service"),
            "corte": _("Record of Cut of the Service"),
            "reinstalacion": _("Record of Reinstatement of the Service"),
            "reconexion": _("Record of Reconnection of the Service"),
        }[self.order_type]

    def _acta_legal_text(self):
        """The legal text of the acta's type, in the company's language."""
        self.ensure_one()
        recursos = _(
            "Against this act lie the recurso de reposición before the company and, "
            "as subsidiary, the recurso de apelación before the Superintendencia de "
            "Servicios Públicos Domiciliarios, filed within the five (5) business days "
            "after its notification (Ley 142 de 1994 arts. 154 and 159)."
        )
        texts = {
            "revision_previa": _(
                "Prior inspection ordered to gather the facts needed to decide the PQR "
                "(Ley 142 de 1994 art. 158). The user may attend it and state what they "
                "consider; this record is part of the file."
            ),
            "orden_trabajo": _(
                "Work ordered by the company in the provision of the service. The user "
                "signs as a witness of the work done."
            ),
            "suspension": _(
                "The service is suspended for the cause stated above (Ley 142 de 1994 "
                "art. 140 and the contract of uniform conditions). It will be restored "
                "within 24 hours after the cause is removed (art. 142), once the "
                "reconnection charge is paid when the suspension was the user's fault."
            )
            + " "
            + recursos,
            "corte": _(
                "The service is cut and, if stated above, the contract is terminated "
                "(Ley 142 de 1994 art. 141). It will be reinstated within 24 hours after "
                "the cause is removed and the reinstatement charge is paid (art. 142)."
            )
            + " "
            + recursos,
            "reinstalacion": _(
                "The service was reinstated after the removal of the cause of the cut "
                "(Ley 142 de 1994 art. 142)."
            ),
            "reconexion": _(
                "The service was reconnected after the removal of the cause of the "
                "suspension (Ley 142 de 1994 art. 142)."
            ),
        }
        return texts[self.order_type]

    # ------------------------------------------------------------------
    # Daily action
    # ------------------------------------------------------------------
    @api.model
    def _cron_field_orders(self, batch_size=1000):
        """Daily: flag once the restoring orders whose 24-hour deadline passed, with
        an activity for the technical lead; propose a cut for suspensions not
        resolved within the company's term. Idempotent."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            model = self.with_context(lang=company._pqr_lang()).with_company(company)
            while True:
                late = model.search(
                    [
                        ("company_id", "=", company.id),
                        ("order_type", "in", RESTORING_TYPES),
                        ("state", "in", OPEN_ORDER_STATES),
                        ("deadline", "<", now),
                        ("deadline_missed", "=", False),
                    ],
                    limit=batch_size,
                )
                if not late:
                    break
                transition(late).write({"deadline_missed": True})
                lead = company._pqr_field_lead()
                for order in late:
                    order.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=model.env._("Service not restored within 24 hours"),
                        note=model.env._(
                            "The cause was removed on %(date)s; the deadline was "
                            "%(deadline)s.",
                            date=company._pqr_format(order.date_cause_removed),
                            deadline=company._pqr_format(order.deadline),
                        ),
                        user_id=lead.id or self.env.user.id,
                    )
            model.env["pqr.service.account"]._pqr_propose_cuts(company)
        return True

    def _pqr_dispatch_activity(self, summaries):
        """An activity for the dispatcher (the technical lead) on each order, created
        in one batch and without one email each: they show in the lead's activities.
        ``summaries``: one text for all, or a dict order -> text."""
        if not self:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        leads = {
            company: company._pqr_field_lead() or self.env.user
            for company in self.company_id
        }
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": summaries[order]
                    if isinstance(summaries, dict)
                    else summaries,
                    "date_deadline": today,
                    "user_id": leads[order.company_id].id,
                }
                for order in self
            ]
        )
