"""CPACA notification of a decision: the one place for notification rules and effects.

- Electronic (art. 56): only with the petitioner's consent and an email address;
  effective when the petitioner accesses the decision — the token holder or the
  petitioner's own portal user, after a confirmation step — with date-time, IP and
  user agent kept as the certificate of access. A link not opened within N business
  days (setting), or whose consent is withdrawn, falls back to a citation.
- Citation (art. 68): sent within N business days of the decision (default 5).
- Personal (art. 67): an acta (PDF) with date, time, who received and their ID.
- Notice / aviso (art. 69): when no personal notification N business days after the
  citation was sent; effective at the end of the business day after delivery.
- Conduct (art. 72, conducta concluyente): the petitioner shows knowledge of the
  decision or files a recurso.

Lines are created and changed only by these methods (``write`` refuses the rest).
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .pqr_common import in_transition, office, transition
from .pqr_notification_type import METHODS
from .pqr_request import OFFICE_GROUPS


class PqrNotification(models.Model):
    _name = "pqr.notification"
    _description = "PQR Notification"
    _order = "id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "pqr.request", string="PQR", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    method = fields.Selection(METHODS, required=True)
    state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("effective", "Effective"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
    )
    display_state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("effective", "Effective"),
            ("done", "Done"),
            ("not_needed", "Not Needed"),
            ("cancelled", "Cancelled"),
        ],
        string="Step Status",
        compute="_compute_display_state",
        help="Once the decision is notified, a citation that was sent did its job "
        "(done) and a step never sent is no longer needed.",
    )
    date_due = fields.Date(
        string="Send Before",
        help="Citation: within 5 business days of the decision (CPACA art. 68). "
        "Notice: once 5 business days passed since the citation without personal "
        "notification (CPACA art. 69).",
    )
    date_sent = fields.Datetime(string="Sent On")
    date_delivered = fields.Date(string="Delivered On")
    date_effective = fields.Datetime(string="Effective On", readonly=True)
    date_accessed = fields.Datetime(
        string="Accessed On",
        readonly=True,
        help="Electronic notification: when the petitioner opened the decision "
        "(CPACA art. 56).",
    )
    access_ip = fields.Char(string="Accessed From (IP)", readonly=True)
    access_user_agent = fields.Char(string="Accessed With (Browser)", readonly=True)
    access_user_id = fields.Many2one(
        "res.users",
        string="Accessed By (Portal User)",
        readonly=True,
        help="Empty when the petitioner used the emailed link.",
    )
    cancel_reason = fields.Char(readonly=True)
    is_late = fields.Boolean(
        compute="_compute_is_late",
        store=True,
        help="Sent after its legal date: a defective notification puts the PQR at "
        "risk of silencio administrativo positivo.",
    )
    receiver_name = fields.Char(string="Received By")
    receiver_identification = fields.Char(string="Receiver's ID", groups=OFFICE_GROUPS)
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Proof", groups=OFFICE_GROUPS
    )
    acta_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Acta",
        readonly=True,
        groups=OFFICE_GROUPS,
        help="Personal notification: the acta signed by who received it.",
    )
    notification_type_id = fields.Many2one(
        "pqr.notification.type",
        compute="_compute_notification_type",
        store=True,
        string="SUI Notification Type",
    )

    @api.depends("state", "request_id.date_notified")
    def _compute_display_state(self):
        """Display only: the stored state of a line stays as its step left it."""
        for line in self:
            state = line.state
            if line.request_id.date_notified and state in ("pending", "sent"):
                state = "done" if state == "sent" else "not_needed"
            line.display_state = state

    @api.depends("date_due", "date_sent")
    def _compute_is_late(self):
        for line in self:
            sent = line.date_sent and line._calendar().pqr_local_date(line.date_sent)
            line.is_late = bool(line.date_due and sent and sent > line.date_due)

    @api.depends("method")
    def _compute_notification_type(self):
        types = self.env["pqr.notification.type"].search([("method", "!=", False)])
        by_method = {t.method: t for t in types}
        for line in self:
            method = "personal" if line.method == "electronic" else line.method
            line.notification_type_id = by_method.get(method)

    def _calendar(self):
        return self.request_id.company_id._pqr_calendar()

    # ------------------------------------------------------------------
    # Guards: lines change only through the methods below
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            raise UserError(
                _(
                    "Notification steps are created by the decision and its actions "
                    "(Register Notification), not by hand."
                )
            )
        return super().create(vals_list).with_env(self.env)

    def write(self, vals):
        if not in_transition(self):
            self.check_access("write")  # who may not write at all hears it first
        if not in_transition(self) and set(vals) - {"attachment_ids"}:
            raise UserError(
                _(
                    "A notification step changes only through its actions (Mark "
                    "Sent, Register Notification)."
                )
            )
        # keep the legal record: an effective notification is final
        if self.filtered(lambda n: n.state == "effective") and set(vals) - {
            "attachment_ids"
        }:
            raise UserError(_("An effective notification cannot be changed."))
        return super().write(vals)

    def _check_moment(self, request, when):
        """A step registered now or in the past, never before the decision."""
        now = fields.Datetime.now()
        if when > now:
            raise UserError(
                _("A notification step cannot be registered in the future.")
            )
        day = request.company_id._pqr_calendar().pqr_local_date(when)
        if request.date_response and day < request.date_response:
            raise UserError(
                _(
                    "The decision of %(name)s was issued on %(date)s: a notification "
                    "step cannot be earlier.",
                    name=request.name,
                    date=request.company_id._pqr_format(request.date_response),
                )
            )

    # ------------------------------------------------------------------
    # Start, fallback
    # ------------------------------------------------------------------
    @api.model
    def _start_for(self, request):
        """First step of the decision's notification: electronic when the
        petitioner consented and has an email, otherwise a citation."""
        partner = request.partner_id
        if partner.pqr_electronic_consent and partner.email:
            transition(self).create(
                {
                    "request_id": request.id,
                    "method": "electronic",
                    "state": "sent",
                    "date_sent": fields.Datetime.now(),
                }
            )
            request._send_decision_link()
        else:
            if partner.pqr_electronic_consent:
                office(request).message_post(
                    body=office(request).env._(
                        "The petitioner accepted electronic notification but has no "
                        "email address: the decision is notified by citation."
                    )
                )
            self._create_citations(request)
        transition(request).state = "notifying"

    @api.model
    def _create_citations(self, requests):
        """A citation per PQR, due N business days after its decision (CPACA art.
        68), and an activity for the responsible to send it."""
        citations = transition(self).create(
            [{"request_id": r.id, "method": "citation"} for r in requests]
        )
        due = citations._add_business_days_by_calendar(
            lambda c: c.request_id.date_response,
            lambda c: c.request_id.company_id.pqr_citation_days,
        )
        for citation in citations:
            transition(citation).date_due = due[citation.id]
            request = office(citation.request_id)
            request.activity_schedule(
                "pqr_servicios_publicos.mail_activity_pqr_notification",
                date_deadline=citation.date_due,
                summary=request.env._("Send the citation for personal notification"),
                user_id=request._default_responsible().id,
            )
        return citations

    def _fallback_to_citation(self, reason):
        """Electronic lines not achieved (link never opened, consent withdrawn):
        cancelled, the decision is notified by citation. A citation created after
        its legal date is flagged by the daily check (risk of silence)."""
        lines = self.filtered(lambda n: n.method == "electronic" and n.state == "sent")
        if not lines:
            return self.browse()
        if callable(reason):  # said in the office's language
            reason = reason(office(lines.request_id[:1]).env)
        transition(lines).write({"state": "cancelled", "cancel_reason": reason})
        for line in lines:
            request = office(line.request_id)
            request.message_post(
                body=request.env._(
                    "Electronic notification not achieved (%(reason)s): the decision "
                    "is notified by citation.",
                    reason=reason,
                )
            )
        return self._create_citations(lines.request_id)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def action_mark_sent(self, when=None):
        """Citation or notice sent (mail or courier)."""
        self.request_id._check_decider()
        when = fields.Datetime.to_datetime(when) or fields.Datetime.now()
        for line in self:
            if line.state != "pending" or line.method not in ("citation", "notice"):
                raise UserError(_("Only a citation or notice to send can be sent."))
            self._check_moment(line.request_id, when)
        transition(self).write({"state": "sent", "date_sent": when})
        for line in self.filtered(lambda n: n.method == "citation"):
            request = office(line.request_id)
            request.message_post(
                body=request.env._(
                    "Citation sent on %(date)s. Personal notification is expected "
                    "within %(days)s business days; after that the notice (aviso) "
                    "must be sent.",
                    date=request.company_id._pqr_format(line.date_sent),
                    days=line.request_id.company_id.pqr_notice_after_days,
                )
            )
        return True

    def action_register_delivery(self, delivered_on, proof=None):
        """Notice delivered: effective at the end of the next business day. The
        proof of delivery is kept on the line."""
        self.ensure_one()
        request = self.request_id
        request._check_decider()
        if self.method != "notice" or self.state != "sent":
            raise UserError(_("Only a sent notice (aviso) can be delivered."))
        if not proof:
            raise UserError(_("Attach the proof of delivery (courier receipt)."))
        delivered_on = fields.Date.to_date(delivered_on)
        today = request.company_id._pqr_today()
        if delivered_on > today:
            raise UserError(_("A notice cannot be delivered in the future."))
        if delivered_on < request._letter_sent_date("notice"):
            raise UserError(_("A notice cannot be delivered before it was sent."))
        proof_ids = proof.ids if isinstance(proof, models.BaseModel) else list(proof)
        proofs = request._pqr_adopt_attachments(proof_ids, self)
        effective_day = self._calendar().pqr_add_business_days(delivered_on, 1)
        transition(self).write(
            {
                "date_delivered": delivered_on,
                "attachment_ids": [(4, a.id) for a in proofs],
            }
        )
        return self._make_effective(self._calendar().pqr_end_of_day_utc(effective_day))

    @api.model
    def _register_personal(
        self, request, receiver_name, receiver_identification, when, proof_ids=None
    ):
        """Personal notification: its acta (PDF) and the proofs on the line."""
        request._check_decider()
        if not (receiver_name and receiver_identification):
            raise UserError(
                _("The acta needs who received the notification and their ID.")
            )
        self._check_moment(request, when)
        line = transition(self).create(
            {
                "request_id": request.id,
                "method": "personal",
                "receiver_name": receiver_name,
                "receiver_identification": receiver_identification,
                "date_sent": when,
            }
        )
        proofs = request._pqr_adopt_attachments(proof_ids, line)
        acta = request._pqr_render_attachment(
            "pqr_servicios_publicos.action_report_pqr_personal_notification",
            line,
            _("Acta de notificación personal - %(name)s.pdf", name=request.name),
        )
        transition(line).write(
            {
                "acta_attachment_id": acta.id,
                "attachment_ids": [(4, a.id) for a in proofs | acta],
            }
        )
        return line._make_effective(when)

    @api.model
    def _register_conduct(self, request, when, reason):
        """Conducta concluyente: the petitioner shows knowledge of the decision."""
        self._check_moment(request, when)
        line = transition(self).create(
            {"request_id": request.id, "method": "conduct", "receiver_name": reason}
        )
        return line._make_effective(when)

    def _make_effective(self, when):
        self.ensure_one()
        if self.request_id.state not in ("decided", "notifying"):
            raise UserError(
                _(
                    "The decision of %(name)s is not awaiting notification.",
                    name=self.request_id.name,
                )
            )
        transition(self).write({"state": "effective", "date_effective": when})
        transition(self.request_id.notification_ids - self).filtered(
            lambda n: n.state in ("pending", "sent") and n.method != "citation"
        ).write({"state": "cancelled"})
        self._apply_effect()
        return True

    def _apply_effect(self):
        """The notification became effective: date, SUI type, recurso window."""
        self.ensure_one()
        request = office(self.request_id)
        _ = request.env._
        fmt = request.company_id._pqr_format
        calendar = request.company_id._pqr_calendar()
        day = calendar.pqr_local_date(self.date_effective)
        window = request._pqr_recursos() != "none" and calendar.pqr_add_business_days(
            day, request.company_id.pqr_recurso_days
        )
        transition(request).write(
            {
                "state": "notified",
                "date_notified": day,
                "notification_type_id": self.notification_type_id.id,
                "recurso_deadline": window,
            }
        )
        method = dict(self._fields["method"]._description_selection(request.env))[
            self.method
        ]
        if window:
            body = _(
                "Decision notified (%(method)s), effective %(date)s. Recursos can be "
                "filed until %(window)s.",
                method=method,
                date=fmt(day),
                window=fmt(window),
            )
        elif request.parent_id:
            body = _(
                "Answer to the recurso notified (%(method)s), effective %(date)s: it "
                "is final.",
                method=method,
                date=fmt(day),
            )
        else:
            body = _(
                "Decision notified (%(method)s), effective %(date)s. No recurso lies "
                "against it.",
                method=method,
                date=fmt(day),
            )
        request.message_post(body=body)
        request.activity_unlink(
            ["pqr_servicios_publicos.mail_activity_pqr_notification"]
        )

    def _register_access(self, ip=None, user_agent=None, user=None, when=None):
        """Electronic notification: the petitioner accessed the decision. The
        caller (the portal controller) checked that it is the token holder or the
        petitioner's own portal user; date-time, IP and user agent are kept as the
        certificate of access (CPACA art. 56)."""
        self.ensure_one()
        if self.method != "electronic":
            raise UserError(_("Only an electronic notification records accesses."))
        if self.date_accessed or self.state != "sent":
            return False
        when = when or fields.Datetime.now()
        transition(self.sudo()).write(
            {
                "date_accessed": when,
                "access_ip": (ip or "")[:64],
                "access_user_agent": (user_agent or "")[:512],
                "access_user_id": user.id if user else False,
            }
        )
        self.sudo()._make_effective(when)
        return True

    # ------------------------------------------------------------------
    # Daily check (called by _cron_silence_and_notifications, per company)
    # ------------------------------------------------------------------
    def _notice_deadlines(self):
        """{citation id: last business day for personal notification}, one calendar
        pass per calendar."""
        return self._add_business_days_by_calendar(
            lambda c: c._calendar().pqr_local_date(c.date_sent),
            lambda c: c.request_id.company_id.pqr_notice_after_days,
        )

    def _add_business_days_by_calendar(self, start, days):
        """{line id: ``days(line)`` business days after ``start(line)``}."""
        result = {}
        for calendar, lines in self.grouped(lambda n: n._calendar()).items():
            ends = calendar.pqr_add_business_days_batch(
                [(start(line), days(line)) for line in lines]
            )
            result.update(zip(lines.ids, ends, strict=True))
        return result

    def _check_notification_steps(self, today):
        """Daily: electronic links not opened in time, late citations, notices due,
        notices not sent in time."""
        electronic = self.filtered(
            lambda n: n.method == "electronic" and n.state == "sent"
        )
        fallback_ends = electronic._add_business_days_by_calendar(
            lambda n: n._calendar().pqr_local_date(n.date_sent),
            lambda n: n.request_id.company_id.pqr_electronic_fallback_days,
        )
        electronic.filtered(
            lambda n: today > fallback_ends[n.id]
        )._fallback_to_citation(lambda env: env._("the link was not opened in time"))
        sent = self.filtered(lambda n: n.method == "citation" and n.state == "sent")
        deadlines = sent._notice_deadlines()
        notice_due = sent.filtered(
            lambda c: today > deadlines[c.id]
            and not c.request_id.notification_ids.filtered(
                lambda n: n.method == "notice" and n.state != "cancelled"
            )
        )
        notice_dates = notice_due._add_business_days_by_calendar(
            lambda c: deadlines[c.id],
            lambda c: c.request_id.company_id.pqr_citation_days,
        )
        notices = transition(self).create(
            [
                {
                    "request_id": citation.request_id.id,
                    "method": "notice",
                    "date_due": notice_dates[citation.id],
                }
                for citation in notice_due
            ]
        )
        for notice in notices:
            request = office(notice.request_id)
            request.activity_schedule(
                "pqr_servicios_publicos.mail_activity_pqr_notification",
                date_deadline=notice.date_due,
                summary=request.env._(
                    "No personal notification: send the notice (aviso)"
                ),
                user_id=request._default_responsible().id,
            )
        for line in (self - sent - electronic).filtered(lambda n: n.state == "pending"):
            request = office(line.request_id)
            if not line.date_due or today <= line.date_due or request.sap_risk:
                continue
            if line.method == "citation":
                request._flag_sap_risk(
                    request.env._(
                        "The citation was not sent by %(date)s (CPACA art. 68).",
                        date=request.company_id._pqr_format(line.date_due),
                    )
                )
            elif line.method == "notice":
                request._flag_sap_risk(
                    request.env._(
                        "The notice (aviso) was not sent by %(date)s (CPACA art. 69).",
                        date=request.company_id._pqr_format(line.date_due),
                    )
                )


class PqrRequest(models.Model):
    """The PQR's entry points to its notification."""

    _inherit = "pqr.request"

    notification_ids = fields.One2many(
        "pqr.notification",
        "request_id",
        string="Notifications",
        groups="base.group_portal," + OFFICE_GROUPS,
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

    def _send_decision_link(self):
        """Email the tokenized link; the petitioner's access makes the notification
        effective."""
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

    def _pqr_pending_electronic(self):
        self.ensure_one()
        return self.sudo().notification_ids.filtered(
            lambda n: n.method == "electronic" and n.state == "sent"
        )[:1]

    def action_register_personal(
        self, receiver_name, receiver_identification, when=None, proof_ids=None
    ):
        """Personal notification with its acta."""
        self.ensure_one()
        return self.env["pqr.notification"]._register_personal(
            self,
            receiver_name,
            receiver_identification,
            fields.Datetime.to_datetime(when) or fields.Datetime.now(),
            proof_ids,
        )

    def action_register_conduct(self, when=None, reason=None):
        """Conducta concluyente: the petitioner shows knowledge of the decision."""
        self.ensure_one()
        self._check_decider()
        return self.env["pqr.notification"]._register_conduct(
            self, fields.Datetime.to_datetime(when) or fields.Datetime.now(), reason
        )
