"""CPACA notification of a decision: the one place for notification rules.

- Electronic (art. 56): only with the petitioner's consent; effective when the
  petitioner accesses the decision (access time recorded).
- Citation (art. 68): sent within N business days of the decision (default 5).
- Personal (art. 67): an acta with date, time, who received and their ID.
- Notice / aviso (art. 69): when no personal notification N business days after the
  citation was sent; effective at the end of the business day after delivery.
- Conduct (art. 72, conducta concluyente): the petitioner shows knowledge of the
  decision or files a recurso.
"""

from datetime import datetime, time

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .pqr_notification_type import METHODS

BOGOTA = pytz.timezone("America/Bogota")


def end_of_day_utc(day):
    """23:59:59 of ``day`` in Bogotá, as a naive UTC datetime."""
    local = BOGOTA.localize(datetime.combine(day, time(23, 59, 59)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


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
    is_late = fields.Boolean(
        compute="_compute_is_late",
        store=True,
        help="Sent after its legal date: a defective notification puts the PQR at "
        "risk of silencio administrativo positivo.",
    )
    receiver_name = fields.Char(string="Received By")
    receiver_identification = fields.Char(string="Receiver's ID")
    attachment_ids = fields.Many2many("ir.attachment", string="Proof")
    notification_type_id = fields.Many2one(
        "pqr.notification.type",
        compute="_compute_notification_type",
        store=True,
        string="SUI Notification Type",
    )

    @api.depends("date_due", "date_sent")
    def _compute_is_late(self):
        for line in self:
            sent = (
                line.date_sent
                and fields.Datetime.context_timestamp(
                    line.with_context(tz="America/Bogota"), line.date_sent
                ).date()
            )
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
    # Steps
    # ------------------------------------------------------------------
    def action_mark_sent(self, when=None):
        """Citation or notice sent (mail or courier)."""
        for line in self:
            if line.state != "pending" or line.method not in ("citation", "notice"):
                raise UserError(_("Only a citation or notice to send can be sent."))
        self.write({"state": "sent", "date_sent": when or fields.Datetime.now()})
        for line in self.filtered(lambda n: n.method == "citation"):
            line.request_id.message_post(
                body=_(
                    "Citation sent on %(date)s. Personal notification is expected "
                    "within %(days)s business days; after that the notice (aviso) "
                    "must be sent.",
                    date=line.date_sent,
                    days=line.request_id.company_id.pqr_notice_after_days,
                )
            )
        return True

    def action_register_delivery(self, delivered_on, proof=None):
        """Notice delivered: effective at the end of the next business day."""
        self.ensure_one()
        if self.method != "notice" or self.state != "sent":
            raise UserError(_("Only a sent notice (aviso) can be delivered."))
        delivered_on = fields.Date.to_date(delivered_on)
        effective_day = self._calendar().pqr_add_business_days(delivered_on, 1)
        self.write(
            {
                "date_delivered": delivered_on,
                "attachment_ids": [(4, a.id) for a in proof or []],
            }
        )
        return self._make_effective(end_of_day_utc(effective_day))

    def _make_effective(self, when):
        self.ensure_one()
        if self.request_id.state not in ("decided", "notifying"):
            raise UserError(
                _(
                    "The decision of %(name)s is not awaiting notification.",
                    name=self.request_id.name,
                )
            )
        self.write({"state": "effective", "date_effective": when})
        (self.request_id.notification_ids - self).filtered(
            lambda n: n.state in ("pending", "sent") and n.method != "citation"
        ).write({"state": "cancelled"})
        self.request_id._on_notified(self)
        return True

    def register_access(self, when=None):
        """Electronic notification: the petitioner opened the decision."""
        self.ensure_one()
        if self.method != "electronic":
            raise UserError(_("Only an electronic notification records accesses."))
        if self.date_accessed:
            return False
        when = when or fields.Datetime.now()
        self.sudo().write({"date_accessed": when})
        self.sudo()._make_effective(when)
        return True

    @api.model
    def _notice_deadline(self, citation):
        """Last business day for personal notification after a citation: the notice
        (aviso) is due from the next day on (CPACA art. 69)."""
        return citation._notice_deadlines()[citation.id]

    def _notice_deadlines(self):
        """{citation id: last business day for personal notification}, one calendar
        pass per calendar."""
        return self._add_business_days_by_calendar(
            lambda c: fields.Datetime.context_timestamp(
                c.with_context(tz="America/Bogota"), c.date_sent
            ).date(),
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

    def _compute_due_dates(self, decided_on):
        """Citation due date from the decision date."""
        for line in self.filtered(lambda n: n.method == "citation"):
            days = line.request_id.company_id.pqr_citation_days
            line.date_due = line._calendar().pqr_add_business_days(decided_on, days)

    def write(self, vals):
        # keep the legal record: an effective notification is final
        if self.filtered(lambda n: n.state == "effective") and set(vals) - {
            "attachment_ids"
        }:
            raise UserError(_("An effective notification cannot be changed."))
        return super().write(vals)

    def _check_notification_steps(self, today):
        """Daily: late citations, notices due, notices not sent in time."""
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
        notices = self.create(
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
            request = notice.request_id
            request.activity_schedule(
                "pqr_servicios_publicos.mail_activity_pqr_notification",
                date_deadline=notice.date_due,
                summary=_("No personal notification: send the notice (aviso)"),
                user_id=(request.user_id or self.env.user).id,
            )
        for line in (self - sent).filtered(lambda n: n.state == "pending"):
            request = line.request_id
            if not line.date_due or today <= line.date_due or request.sap_risk:
                continue
            if line.method == "citation":
                request._flag_sap_risk(
                    _(
                        "The citation was not sent by %(date)s (CPACA art. 68).",
                        date=line.date_due,
                    )
                )
            elif line.method == "notice":
                request._flag_sap_risk(
                    _(
                        "The notice (aviso) was not sent by %(date)s (CPACA art. 69).",
                        date=line.date_due,
                    )
                )
