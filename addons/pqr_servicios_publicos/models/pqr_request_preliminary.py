"""Before the decision: a petition outside the company's competence (traslado por
competencia, CPACA art. 21) and an incomplete petition (CPACA art. 17). Both articles
are those of Ley 1437 de 2011 as substituted by Ley 1755 de 2015.

- Transfer: a written petition goes to the competent authority within 5 business days
  of its filing (a verbal one at once), with a copy of the covering letter to the
  petitioner. It is the SUI answer "transfers" and ends the PQR for the company.
- Incomplete petition: within 10 business days of filing the company asks the
  petitioner to complete it; the term to answer waits. The petitioner has one month,
  extendable once. Completed, the term resumes the next day (the waiting business days
  become a "delay caused by the user" suspension for the manager to approve). Not
  completed, the petition is archived as desisted by a decision that is notified and
  admits only reposición.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, is_html_empty

from .pqr_request import CODE_ARCHIVES, CODE_TRANSFERS, OPEN_STATES, VERBAL_CHANNELS

NOTIFICATION_NOT_APPLICABLE = "3"


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    # Traslado por competencia (CPACA art. 21)
    outside_competence = fields.Boolean(
        string="Outside Our Competence",
        readonly=True,
        tracking=True,
        copy=False,
        help="The company is not competent to decide this petition: it must be sent "
        "to the competent authority before the transfer deadline (CPACA art. 21).",
    )
    transfer_deadline = fields.Date(
        string="Transfer Before",
        compute="_compute_preliminary_deadlines",
        store=True,
        tracking=True,
        help="Last day to send the petition to the competent authority when the "
        "company is not competent: the 5th business day after filing for a written "
        "petition, the filing day for a verbal one (CPACA art. 21).",
    )
    transfer_partner_id = fields.Many2one(
        "res.partner",
        string="Competent Authority",
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_transfer = fields.Date(string="Transferred On", readonly=True, copy=False)
    transfer_late = fields.Boolean(
        readonly=True,
        copy=False,
        help="The transfer deadline passed before the petition was sent.",
    )

    # Petición incompleta (CPACA art. 17)
    completion_request_deadline = fields.Date(
        string="Ask to Complete Before",
        compute="_compute_preliminary_deadlines",
        store=True,
        help="Last day to ask the petitioner to complete an incomplete petition: the "
        "10th business day after filing (CPACA art. 17).",
    )
    completion_missing = fields.Html(
        string="Information Requested", readonly=True, copy=False
    )
    date_completion_requested = fields.Date(
        string="Completion Requested On", readonly=True, copy=False, tracking=True
    )
    completion_request_attachment_id = fields.Many2one(
        "ir.attachment", string="Request Letter", readonly=True, copy=False
    )
    completion_deadline = fields.Date(
        string="Complete Before",
        readonly=True,
        copy=False,
        tracking=True,
        help="One month after the request (two with the extension), moved to the "
        "next business day when it ends on a non-business day. Then the petition "
        "is archived as desisted (CPACA art. 17).",
    )
    completion_extended = fields.Boolean(
        string="Extension Granted", readonly=True, copy=False
    )
    date_completed = fields.Date(
        string="Completed On", readonly=True, copy=False, tracking=True
    )
    desistimiento_due = fields.Boolean(
        readonly=True,
        copy=False,
        help="The time to complete ended without the petition being completed: "
        "archive it as desisted.",
    )

    @api.depends("date_filed", "channel", "company_id")
    def _compute_preliminary_deadlines(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            filed = requests.filtered("date_filed")
            pairs = []
            for request in filed:
                transfer = (
                    0
                    if request.channel in VERBAL_CHANNELS
                    else company.pqr_transfer_days
                )
                pairs += [
                    (request.date_filed, transfer),
                    (request.date_filed, company.pqr_completion_request_days),
                ]
            days = company._pqr_calendar().pqr_add_business_days_batch(pairs)
            for index, request in enumerate(filed):
                request.transfer_deadline = days[2 * index]
                request.completion_request_deadline = days[2 * index + 1]
            (requests - filed).update(
                {"transfer_deadline": False, "completion_request_deadline": False}
            )

    # ------------------------------------------------------------------
    # Letters
    # ------------------------------------------------------------------
    def _send_letter(self, report_xmlid, filename, body, partners, annexes=None):
        """Post ``body`` on the PQR with the letter rendered as PDF; the ``partners``
        with an email receive both. Returns the letter's attachment."""
        self.ensure_one()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            report_xmlid, self.ids
        )
        message = self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partners.filtered("email").ids,
            attachments=[(filename, content)],
            attachment_ids=(annexes or self.env["ir.attachment"]).ids,
        )
        return message.attachment_ids.filtered(lambda a: a.name == filename)

    def _default_responsible(self):
        self.ensure_one()
        return (
            self.user_id
            or self.area_id.manager_id
            or self.company_id._pqr_manager()
            or self.env.user
        )

    # ------------------------------------------------------------------
    # Transfer for lack of competence
    # ------------------------------------------------------------------
    def _check_open(self, message):
        for request in self:
            if request.state not in OPEN_STATES:
                raise UserError(message % {"name": request.name})

    def action_mark_outside_competence(self):
        """The company is not competent: the transfer term becomes an activity of
        the responsible, due on the transfer deadline."""
        self._check_open(
            _(
                "Only a PQR being processed can be marked outside the competence (%(name)s)."
            )
        )
        self.write({"outside_competence": True})
        today = self.company_id[:1]._pqr_today()
        for request in self:
            request.activity_schedule(
                "pqr_servicios_publicos.mail_activity_pqr_transfer",
                date_deadline=max(request.transfer_deadline, today),
                user_id=request._default_responsible().id,
            )
        return True

    def _petitioner_annexes(self):
        """Attachments the petitioner handed in: those of the messages they wrote
        (the email or portal intake). The company's letters and internal documents
        are not among them."""
        self.ensure_one()
        return self.message_ids.filtered(
            lambda m: m.author_id.commercial_partner_id == self.commercial_partner_id
        ).attachment_ids

    def action_transfer_competence(self, authority_id, grounds, attachment_ids=None):
        """Send the petition to the competent authority (a partner id) with a
        covering letter, a copy of which goes to the petitioner (CPACA art. 21), and
        the annexes chosen among the PQR's attachments (``attachment_ids``). The PQR
        ends for the company with the SUI answer "transfers" (notification: not
        applicable)."""
        self.ensure_one()
        self._check_decider()
        authority = self.env["res.partner"].browse(authority_id).exists()
        self._check_open(_("Only a PQR being processed can be transferred (%(name)s)."))
        if not authority:
            raise UserError(_("Choose the competent authority."))
        if authority.commercial_partner_id == self.company_id.partner_id:
            raise UserError(
                _("A petition cannot be transferred to the company itself.")
            )
        if is_html_empty(grounds):
            raise UserError(
                _(
                    "Say why the company is not competent and who is (%(name)s).",
                    name=self.name,
                )
            )
        today = self.company_id._pqr_today()
        late = bool(self.transfer_deadline and today > self.transfer_deadline)
        response_type = self.env["pqr.response.type"].search(
            [("code", "=", CODE_TRANSFERS)], limit=1
        )
        self.write(
            {
                "outside_competence": True,
                "transfer_partner_id": authority.id,
                "date_transfer": today,
                "transfer_late": late,
                "response_type_id": response_type.id,
                "response_body": grounds,
                "date_response": today,
                "response_number": self._next_response_number(),
                "notification_type_id": self.env["pqr.notification.type"]
                .search([("code", "=", NOTIFICATION_NOT_APPLICABLE)], limit=1)
                .id,
                "state": "transferred",
            }
        )
        self.activity_unlink(
            [
                "pqr_servicios_publicos.mail_activity_pqr_transfer",
                "pqr_servicios_publicos.mail_activity_pqr_deadline",
            ]
        )
        # only the PQR's own attachments leave the company
        annexes = (
            self.env["ir.attachment"]
            .browse(attachment_ids or [])
            .filtered(lambda a: a.res_model == self._name and a.res_id == self.id)
        )
        self._send_letter(
            "pqr_servicios_publicos.action_report_pqr_transfer",
            _("Traslado - %(name)s.pdf", name=self.name),
            _(
                "Petition %(name)s sent to %(authority)s, competent to decide it "
                "(CPACA art. 21): covering letter and %(count)s annex(es) attached; a "
                "copy goes to the petitioner.",
                name=self.name,
                authority=authority.display_name,
                count=len(annexes),
            ),
            authority | self.partner_id,
            annexes=annexes,
        )
        if late:
            self.message_post(
                body=_(
                    "Transferred after the legal term (%(deadline)s).",
                    deadline=self.transfer_deadline,
                )
            )
        return True

    # ------------------------------------------------------------------
    # Incomplete petition
    # ------------------------------------------------------------------
    def _completion_end(self, requested, periods):
        """End of the time to complete: ``periods`` times the company's months after
        the request, moved to the next business day if needed."""
        self.ensure_one()
        months = self.company_id.pqr_completion_months * periods
        return self.company_id._pqr_calendar().pqr_business_day_on_or_after(
            requested + relativedelta(months=months)
        )

    def action_request_completion(self, missing):
        """Ask the petitioner to complete the petition (CPACA art. 17): within ten
        business days of filing, once. The term to answer waits."""
        self.ensure_one()
        self._check_decider()
        if self.date_completion_requested:
            raise UserError(
                _(
                    "The petitioner of %(name)s was already asked to complete it, on "
                    "%(date)s.",
                    name=self.name,
                    date=self.date_completion_requested,
                )
            )
        if self.state not in ("filed", "in_progress"):
            raise UserError(
                _(
                    "Only a PQR being processed, with its term running, can be asked "
                    "to be completed (%(name)s).",
                    name=self.name,
                )
            )
        if is_html_empty(missing):
            raise UserError(_("Say what the petitioner must provide."))
        today = self.company_id._pqr_today()
        if today > self.completion_request_deadline:
            raise UserError(
                _(
                    "The request to complete %(name)s had to be sent by %(date)s (CPACA "
                    "art. 17: %(days)s business days after filing). Decide on the "
                    "petition as it is.",
                    name=self.name,
                    date=self.completion_request_deadline,
                    days=self.company_id.pqr_completion_request_days,
                )
            )
        self.write(
            {
                "completion_missing": missing,
                "date_completion_requested": today,
                "completion_deadline": self._completion_end(today, 1),
                "state": "incomplete",
            }
        )
        letter = self._send_letter(
            "pqr_servicios_publicos.action_report_pqr_completion_request",
            _("Requerimiento - %(name)s.pdf", name=self.name),
            _(
                "The petitioner is asked to complete the petition by %(date)s (CPACA "
                "art. 17). Letter attached. The term to answer waits until the "
                "petition is completed.",
                date=self.completion_deadline,
            ),
            self.partner_id,
        )
        self.completion_request_attachment_id = letter[:1]
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_deadline"])
        return True

    def _check_incomplete(self):
        for request in self:
            if request.state != "incomplete":
                raise UserError(
                    _(
                        "%(name)s is not waiting for the petitioner to complete it.",
                        name=request.name,
                    )
                )

    def action_extend_completion(self):
        """The petitioner asked for the extension, before the time ended: one more
        month, once (CPACA art. 17)."""
        self._check_decider()
        self._check_incomplete()
        for request in self:
            if request.completion_extended:
                raise UserError(
                    _(
                        "The time to complete %(name)s was already extended once.",
                        name=request.name,
                    )
                )
            today = request.company_id._pqr_today()
            if today > request.completion_deadline:
                raise UserError(
                    _(
                        "The extension must be asked for before the time to complete "
                        "ends (%(date)s).",
                        date=request.completion_deadline,
                    )
                )
            request.write(
                {
                    "completion_deadline": request._completion_end(
                        request.date_completion_requested, 2
                    ),
                    "completion_extended": True,
                }
            )
            request.message_post(
                body=_(
                    "At the petitioner's request, the time to complete the petition is "
                    "extended once, until %(date)s (CPACA art. 17).",
                    date=request.completion_deadline,
                )
            )
        return True

    def action_register_completion(self, day=None, attachment_ids=None):
        """The petitioner completed the petition on ``day``: the term to answer
        resumes the next day. The business days it waited become a "delay caused
        by the user" suspension, with the request letter and what was handed in as
        evidence, for a manager to approve (domain decision 4)."""
        self.ensure_one()
        self._check_decider()
        self._check_incomplete()
        today = self.company_id._pqr_today()
        day = fields.Date.to_date(day) or today
        if not self.date_completion_requested <= day <= today:
            raise UserError(
                _(
                    "The petition is completed between the request (%(requested)s) "
                    "and today.",
                    requested=self.date_completion_requested,
                )
            )
        if day > self.completion_deadline:
            raise UserError(
                _(
                    "The time to complete %(name)s ended on %(date)s: archive it as "
                    "desisted. The petitioner may file it again, complete.",
                    name=self.name,
                    date=self.completion_deadline,
                )
            )
        attachments = self.env["ir.attachment"].browse(attachment_ids or [])
        self.write(
            {
                "date_completed": day,
                "state": "in_progress" if self.area_id else "filed",
                "desistimiento_due": False,
                "alert_threshold_done": -1,
            }
        )
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_completion"])
        self.message_post(
            body=_(
                "Petition completed on %(date)s: the term to answer resumes the next "
                "business day (CPACA art. 17).",
                date=day,
            ),
            attachment_ids=attachments.ids,
        )
        start = self.company_id._pqr_calendar().pqr_add_business_days(
            self.date_completion_requested, 1
        )
        if day < start:
            return True
        suspension = self.env["pqr.term.suspension"].create(
            {
                "request_id": self.id,
                "reason": "user_delay",
                "description": _(
                    "Incomplete petition (CPACA art. 17): asked to complete on "
                    "%(requested)s, completed on %(completed)s.",
                    requested=self.date_completion_requested,
                    completed=day,
                ),
                "date_start": start,
                "date_end": day,
                "attachment_ids": [
                    (6, 0, (self.completion_request_attachment_id | attachments).ids)
                ],
            }
        )
        manager = self.company_id._pqr_manager()
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Approve the term suspension of the incomplete petition"),
                note=_(
                    "%(days)s business days, from %(start)s to %(end)s.",
                    days=suspension.business_days,
                    start=start,
                    end=day,
                ),
                user_id=manager.id,
            )
        return True

    def action_archive_desistimiento(self):
        """The time to complete ended: the decision archiving the petition as
        desisted (SUI answer "archives"), notified like any decision; only
        reposición lies against it (CPACA art. 17)."""
        self._check_decider()
        self._check_incomplete()
        response_type = self.env["pqr.response.type"].search(
            [("code", "=", CODE_ARCHIVES)], limit=1
        )
        for request in self:
            if request.company_id._pqr_today() <= request.completion_deadline:
                raise UserError(
                    _(
                        "The petitioner of %(name)s has until %(date)s to complete "
                        "it or ask for the extension.",
                        name=request.name,
                        date=request.completion_deadline,
                    )
                )
            values = {"response_type_id": response_type.id}
            if is_html_empty(request.response_body):
                values["response_body"] = request._desistimiento_body()
            request.write(values)
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_completion"])
        return self.action_issue_decision()

    def _desistimiento_body(self):
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        return Markup("<p>%s</p>%s<p>%s</p>") % (
            env._(
                "On %(requested)s the company asked you to complete your petition "
                "%(name)s, filed on %(filed)s, by providing:",
                requested=format_date(env, self.date_completion_requested),
                name=self.name,
                filed=format_date(env, self.date_filed),
            ),
            self.completion_missing or Markup(""),
            env._(
                "The time granted, until %(date)s, ended without the petition being "
                "completed. Therefore, under article 17 of Ley 1437 de 2011 (as "
                "substituted by Ley 1755 de 2015), the petition is deemed desisted and "
                "its file is archived. You may file it again with all its requirements.",
                date=format_date(env, self.completion_deadline),
            ),
        )

    # ------------------------------------------------------------------
    # Daily check (called by _cron_silence_and_notifications)
    # ------------------------------------------------------------------
    @api.model
    def _check_preliminary_terms(self, today):
        """Flag, once each: transfers not done by their deadline, and incomplete
        petitions whose time to complete ended (an activity to archive them)."""
        late = self.search(
            [
                ("outside_competence", "=", True),
                ("state", "in", OPEN_STATES),
                ("transfer_late", "=", False),
                ("transfer_deadline", "<", today),
            ]
        )
        if late:
            late.write({"transfer_late": True})
            late._message_log_batch(
                bodies={
                    request.id: self.env._(
                        "The term to transfer the petition to the competent authority "
                        "ended on %(date)s (CPACA art. 21).",
                        date=request.transfer_deadline,
                    )
                    for request in late
                }
            )
        due = self.search(
            [
                ("state", "=", "incomplete"),
                ("desistimiento_due", "=", False),
                ("completion_deadline", "<", today),
            ]
        )
        if due:
            due.write({"desistimiento_due": True})
            # shown in Odoo, not emailed one by one: one batch per responsible
            by_user = defaultdict(lambda: self.browse())
            for request in due:
                by_user[request._default_responsible()] |= request
            for user, requests in by_user.items():
                requests.with_context(
                    mail_activity_quick_update=True
                ).activity_schedule(
                    "pqr_servicios_publicos.mail_activity_pqr_completion",
                    date_deadline=today,
                    summary=self.env._("Archive the petition as desisted"),
                    user_id=user.id,
                )
            due._message_log_batch(
                bodies={
                    request.id: self.env._(
                        "The time to complete the petition ended on %(date)s without "
                        "it being completed: archive it as desisted (CPACA art. 17).",
                        date=request.completion_deadline,
                    )
                    for request in due
                }
            )
