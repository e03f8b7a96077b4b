"""What the end of the term without an answer means, and the daily action that sees it.

The consequence is a field of the type (data), stored on the PQR when it is filed:

- ``sap``: silencio administrativo positivo (Ley 142 de 1994 art. 158) for peticiones,
  quejas, reclamos and recursos: flagged at the end of the deadline day, the company
  recognises its effects within 72 hours (the manager gets an activity and one email
  per run).
- ``information``: a request for information or copies not answered in its term is
  deemed accepted and the copies are due within 3 business days (Ley 1755 de 2015 art.
  14): the responsible gets an activity due that day.
- ``none``: the PQR is only overdue.

A defective notification flags ``sap_risk``. A flag raised wrongly is cleared only by a
PQR manager, with the reason, recorded in the chatter.
"""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .pqr_common import OPEN_STATES, SILENCE_EFFECTS, office, transition


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    silence_effect = fields.Selection(
        SILENCE_EFFECTS,
        string="Silence Means",
        compute="_compute_type_terms",
        store=True,
        help="What the end of the term without a decision means for this PQR, "
        "taken from its type when filed.",
    )
    is_sap = fields.Boolean(
        string="Positive Administrative Silence",
        readonly=True,
        tracking=True,
        index=True,
        groups="base.group_user",
        help="The legal deadline ended without a decision issued: the petition is "
        "deemed granted (Ley 142 de 1994 art. 158).",
    )
    date_sap = fields.Datetime(
        string="Silence Since", readonly=True, groups="base.group_user"
    )
    sap_recognition_deadline = fields.Datetime(
        string="Recognise Silence Before", readonly=True, groups="base.group_user"
    )
    date_sap_recognized = fields.Datetime(
        string="Silence Recognised On",
        readonly=True,
        tracking=True,
        groups="base.group_user",
    )
    sap_recognition_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Recognition Act",
        readonly=True,
        groups="pqr_servicios_publicos.group_pqr_area,"
        "pqr_servicios_publicos.group_pqr_billing",
    )
    sap_recognized_late = fields.Boolean(
        string="Recognised Late",
        compute="_compute_sap_recognized_late",
        store=True,
        groups="base.group_user",
    )
    sap_risk = fields.Boolean(
        string="Notification Step Late or Defective",
        readonly=True,
        tracking=True,
        groups="base.group_user",
        help="A notification was found defective (citation late, notice not sent): "
        "the SSPD treats it as no answer.",
    )
    is_deemed_granted = fields.Boolean(
        string="Deemed Accepted",
        readonly=True,
        tracking=True,
        groups="base.group_user",
        help="A request for information or copies not answered in its term is "
        "deemed accepted: the copies are due (Ley 1755 de 2015 art. 14).",
    )
    copies_deadline = fields.Date(
        string="Deliver Copies Before", readonly=True, groups="base.group_user"
    )
    silence_clear_reason = fields.Text(
        string="Flag Cleared Because", readonly=True, groups="base.group_user"
    )

    @api.depends("date_sap_recognized", "sap_recognition_deadline")
    def _compute_sap_recognized_late(self):
        for request in self:
            request.sap_recognized_late = bool(
                request.date_sap_recognized
                and request.date_sap_recognized > request.sap_recognition_deadline
            )

    def _check_pqr_manager(self, message):
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(message)

    def action_recognize_sap(self, attachment):
        """Record the act that recognises the silencio administrativo positivo."""
        self._check_pqr_manager(_("Only a PQR manager recognises the silence."))
        for request in self:
            if not request.is_sap or request.date_sap_recognized:
                raise UserError(
                    _("%(name)s has no silence to recognise.", name=request.name)
                )
        if not attachment:
            raise UserError(_("Attach the act that recognises the silence."))
        now = fields.Datetime.now()
        for request in self:
            act = request._pqr_adopt_attachments(attachment.ids)
            transition(request).write(
                {"date_sap_recognized": now, "sap_recognition_attachment_id": act.id}
            )
            note = office(request)
            fmt = note.company_id._pqr_format
            note.message_post(
                body=note.env._("Silence recognised on %(date)s.", date=fmt(now)),
                attachment_ids=act.ids,
            )
            if request.sap_recognized_late:
                note.message_post(
                    body=note.env._(
                        "Recognised after the legal %(hours)s hours (deadline "
                        "%(deadline)s).",
                        hours=request.company_id.pqr_sap_recognition_hours,
                        deadline=fmt(request.sap_recognition_deadline),
                    )
                )
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_sap"])
        return True

    def action_clear_silence_flag(self, reason):
        """A flag of silence (or of its risk) raised wrongly — e.g. a term that did
        not run — is cleared by a PQR manager with the reason, recorded."""
        self._check_pqr_manager(_("Only a PQR manager clears a silence flag."))
        if not reason or not reason.strip():
            raise UserError(_("Say why the flag is wrong."))
        for request in self:
            if not (request.is_sap or request.sap_risk or request.is_deemed_granted):
                raise UserError(
                    _("%(name)s has no silence flag to clear.", name=request.name)
                )
            if request.date_sap_recognized:
                raise UserError(
                    _(
                        "The silence of %(name)s was recognised by an act: it is not "
                        "cleared.",
                        name=request.name,
                    )
                )
        for request in self:
            transition(request).write(
                {
                    "is_sap": False,
                    "sap_risk": False,
                    "is_deemed_granted": False,
                    "date_sap": False,
                    "sap_recognition_deadline": False,
                    "copies_deadline": False,
                    "silence_clear_reason": reason,
                }
            )
            office(request).message_post(
                body=office(request).env._(
                    "Silence flags cleared by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_sap"])
        return True

    # ------------------------------------------------------------------
    # Daily action
    # ------------------------------------------------------------------
    @api.model
    def _cron_silence_and_notifications(self, batch_size=2000):
        """Daily, per company (each from its own today and its own closure days),
        idempotent and crash-safe (one transaction; flags set with the activities,
        so a rerun creates nothing twice):

        - silence: an open PQR whose deadline day ended without a decision;
        - electronic links not opened, citations not sent in time, notices (aviso)
          due, notices not sent in time;
        - transfers for lack of competence late, incomplete petitions whose time to
          complete ended (``_check_preliminary_terms``).
        """
        for company in self.env["res.company"].search([]):
            # the texts of the run in the company's language, not OdooBot's
            model = self.with_context(lang=company._pqr_lang())
            today = company._pqr_today()
            base = [("company_id", "=", company.id)]
            last_id = 0
            flagged = model.browse()
            while True:
                requests = model.search(
                    base
                    + [
                        ("state", "in", OPEN_STATES),
                        ("is_sap", "=", False),
                        ("is_deemed_granted", "=", False),
                        ("silence_effect", "in", ("sap", "information")),
                        ("date_deadline", "<", today),
                        ("id", ">", last_id),
                    ],
                    order="id",
                    limit=batch_size,
                )
                if not requests:
                    break
                flagged |= requests._flag_silence(digest=False)
                last_id = requests[-1].id
                requests.invalidate_recordset()
            flagged._notify_sap_digest()
            model.env["pqr.notification"].search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("pending", "sent")),
                    ("request_id.state", "=", "notifying"),
                ]
            )._check_notification_steps(today)
            model._check_preliminary_terms(today, company)
        return True

    @api.model
    def _check_preliminary_terms(self, today, company=None):
        """Transfers not done in time (art. 21) and petitions not completed in time
        (art. 17) of ``company``."""
        company = company or self.env.company
        self._check_transfer_terms(today, company)
        self._check_completion_terms(today, company)

    def _flag_silence(self, digest=True):
        """Apply the consequence of the term ended without a decision, per the
        PQR's ``silence_effect``. Returns the PQRs flagged in silence (SAP)."""
        sap = self.filtered(lambda r: r.silence_effect == "sap")
        sap._flag_sap(digest=digest)
        self.filtered(
            lambda r: r.silence_effect == "information"
        )._flag_deemed_granted()
        return sap

    def _flag_sap_risk(self, reason):
        self.ensure_one()
        transition(self).sap_risk = True
        office(self).message_post(
            body=office(self).env._(
                "Defective notification, risk of silencio administrativo positivo: "
                "%(reason)s",
                reason=reason,
            )
        )

    def _flag_sap(self, digest=True):
        """Flag the silence: one UPDATE per deadline day (tracked: old and new
        value on the record), the notes saying why in one batch, the manager's
        activities in one create per deadline day, and (``digest``) one email to
        the manager listing them (the 72-hour clock runs)."""
        for company, requests in office(self).grouped("company_id").items():
            hours = company.pqr_sap_recognition_hours
            manager = company._pqr_manager()
            calendar = company._pqr_calendar()
            for deadline, group in requests.grouped("date_deadline").items():
                start = calendar.pqr_end_of_day_utc(deadline)
                limit = start + timedelta(hours=hours)
                transition(group).write(
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
                        date_deadline=calendar.pqr_local_date(limit),
                        user_id=manager.id,
                    )
            requests._message_log_batch(
                bodies={
                    request.id: requests.env._(
                        "The legal deadline (%(deadline)s) ended without a decision: "
                        "silencio administrativo positivo. Recognise its effects "
                        "before %(limit)s (Ley 142 de 1994 art. 158).",
                        deadline=company._pqr_format(request.date_deadline),
                        limit=company._pqr_format(request.sap_recognition_deadline),
                    )
                    for request in requests
                }
            )
        if digest:
            self._notify_sap_digest()

    def _flag_deemed_granted(self):
        """A request for information or copies not answered in its term: deemed
        accepted, the copies are due within N business days (Ley 1755 art. 14)."""
        for company, requests in office(self).grouped("company_id").items():
            calendar = company._pqr_calendar()
            ends = calendar.pqr_add_business_days_batch(
                [(r.date_deadline, company.pqr_copies_days) for r in requests]
            )
            # one UPDATE per day, one batch of activities per (day, responsible)
            batches = defaultdict(lambda: self.browse())
            for request, end in zip(requests, ends, strict=True):
                batches[(end, request._default_responsible())] |= request
            for (end, user), group in batches.items():
                transition(group).write(
                    {"is_deemed_granted": True, "copies_deadline": end}
                )
                group.with_context(mail_activity_quick_update=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=end,
                    summary=requests.env._("Deliver the copies requested"),
                    user_id=user.id,
                )
            requests._message_log_batch(
                bodies={
                    request.id: requests.env._(
                        "The term to answer the request (%(deadline)s) ended "
                        "without an answer: it is deemed accepted and the copies "
                        "must be delivered by %(date)s (Ley 1755 de 2015 art. 14).",
                        deadline=company._pqr_format(request.date_deadline),
                        date=company._pqr_format(request.copies_deadline),
                    )
                    for request in requests
                }
            )

    def _notify_sap_digest(self):
        """One email per company to its PQR manager for all the silences flagged
        in a run."""
        mails = []
        for company, requests in self.grouped("company_id").items():
            manager = company._pqr_manager()
            if not manager:
                continue
            env = office(requests).env
            lines = Markup("").join(
                Markup("<li>%s — %s</li>") % (request.name, request.partner_id.name)
                for request in requests
            )
            mails.append(
                {
                    "email_to": manager.email_formatted,
                    "subject": env._(
                        "Positive administrative silence: %(count)s PQRs to "
                        "recognise within %(hours)s hours",
                        count=len(requests),
                        hours=company.pqr_sap_recognition_hours,
                    )
                    if len(requests) > 1
                    else env._(
                        "Positive administrative silence: %(name)s to recognise "
                        "within %(hours)s hours",
                        name=requests.name,
                        hours=company.pqr_sap_recognition_hours,
                    ),
                    "body_html": Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        env._(
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
