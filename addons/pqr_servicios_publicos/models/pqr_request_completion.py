"""Incomplete petitions (CPACA art. 17, Ley 1437 de 2011 as substituted by Ley 1755 de
2015).

Within 10 business days of filing the company may ask the petitioner, once, to
complete the petition; the term to answer waits (state *Awaiting Completion*). The
petitioner has one month, extendable once. Completed, the term resumes the next day:
the business days waited become a "delay caused by the user" suspension, effective by
law (it is not a discretionary decision). Not completed, the petition is archived as
desisted by a decision that is notified and admits only reposición.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .pqr_common import CODE_ARCHIVES, office, petitioner_lang, transition


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    # Petición incompleta (CPACA art. 17)
    completion_request_deadline = fields.Date(
        string="Ask to Complete Before",
        compute="_compute_completion_request_deadline",
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
        groups="base.group_user",
        copy=False,
        help="The time to complete ended without the petition being completed: "
        "archive it as desisted.",
    )

    @api.depends("date_filed", "company_id")
    def _compute_completion_request_deadline(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            filed = requests.filtered("date_filed")
            days = company._pqr_calendar().pqr_add_business_days_batch(
                [(r.date_filed, company.pqr_completion_request_days) for r in filed]
            )
            for request, day in zip(filed, days, strict=True):
                request.completion_request_deadline = day
            (requests - filed).completion_request_deadline = False

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
                    date=self.company_id._pqr_format(self.date_completion_requested),
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
                    date=self.company_id._pqr_format(self.completion_request_deadline),
                    days=self.company_id.pqr_completion_request_days,
                )
            )
        transition(self).write(
            {
                "completion_missing": missing,
                "date_completion_requested": today,
                "completion_deadline": self._completion_end(today, 1),
                "state": "incomplete",
            }
        )
        # the petitioner receives this note with the letter: in their language
        note = self.with_context(lang=petitioner_lang(self.partner_id, self.company_id))
        letter = self._send_letter(
            "pqr_servicios_publicos.action_report_pqr_completion_request",
            note.env._("Requerimiento - %(name)s.pdf", name=self.name),
            note.env._(
                "The petitioner is asked to complete the petition by %(date)s (CPACA "
                "art. 17). Letter attached. The term to answer waits until the "
                "petition is completed.",
                date=note.company_id._pqr_format(self.completion_deadline),
            ),
            self.partner_id,
        )
        transition(self).completion_request_attachment_id = letter[:1]
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
                        date=request.company_id._pqr_format(
                            request.completion_deadline
                        ),
                    )
                )
            transition(request).write(
                {
                    "completion_deadline": request._completion_end(
                        request.date_completion_requested, 2
                    ),
                    "completion_extended": True,
                }
            )
            note = office(request)
            note.message_post(
                body=note.env._(
                    "At the petitioner's request, the time to complete the petition is "
                    "extended once, until %(date)s (CPACA art. 17).",
                    date=note.company_id._pqr_format(request.completion_deadline),
                )
            )
        return True

    def action_register_completion(self, day=None, attachment_ids=None):
        """The petitioner completed the petition on ``day``: the term to answer
        resumes the next day. The business days it waited become a "delay caused
        by the user" suspension, effective by law (CPACA art. 17: the term does not
        run while the company waits), with the request letter and what was handed
        in as evidence."""
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
                    requested=self.company_id._pqr_format(
                        self.date_completion_requested
                    ),
                )
            )
        if day > self.completion_deadline:
            raise UserError(
                _(
                    "The time to complete %(name)s ended on %(date)s: archive it as "
                    "desisted. The petitioner may file it again, complete.",
                    name=self.name,
                    date=self.company_id._pqr_format(self.completion_deadline),
                )
            )
        attachments = self._pqr_adopt_attachments(attachment_ids)
        transition(self).write(
            {
                "date_completed": day,
                "state": "in_progress" if self.area_id else "filed",
                "desistimiento_due": False,
            }
        )
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_completion"])
        note = office(self)
        fmt = note.company_id._pqr_format
        note.message_post(
            body=note.env._(
                "Petition completed on %(date)s: the term to answer resumes the next "
                "business day (CPACA art. 17).",
                date=fmt(day),
            ),
            attachment_ids=attachments.ids,
        )
        start = self.company_id._pqr_calendar().pqr_add_business_days(
            self.date_completion_requested, 1
        )
        if day >= start:
            self.env["pqr.term.suspension"]._create_by_law(
                {
                    "request_id": self.id,
                    "reason": "user_delay",
                    "description": note.env._(
                        "Incomplete petition (CPACA art. 17): asked to complete on "
                        "%(requested)s, completed on %(completed)s.",
                        requested=fmt(self.date_completion_requested),
                        completed=fmt(day),
                    ),
                    "date_start": start,
                    "date_end": day,
                    "attachment_ids": [
                        (
                            6,
                            0,
                            (self.completion_request_attachment_id | attachments).ids,
                        )
                    ],
                }
            )
        self._pqr_rearm_alerts()
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
                        date=request.company_id._pqr_format(
                            request.completion_deadline
                        ),
                    )
                )
            values = {"response_type_id": response_type.id}
            if is_html_empty(request.response_body):
                values["response_body"] = request._desistimiento_body()
            request.write(values)  # the act, before its issue: a plain write
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_completion"])
        return self.action_issue_decision()

    def _desistimiento_body(self):
        self.ensure_one()
        letter = self.with_context(
            lang=petitioner_lang(self.partner_id, self.company_id)
        )
        env, fmt = letter.env, letter.company_id._pqr_format
        return Markup("<p>%s</p>%s<p>%s</p>") % (
            env._(
                "On %(requested)s the company asked you to complete your petition "
                "%(name)s, filed on %(filed)s, by providing:",
                requested=fmt(self.date_completion_requested),
                name=self.name,
                filed=fmt(self.date_filed),
            ),
            self.completion_missing or Markup(""),
            env._(
                "The time granted, until %(date)s, ended without the petition being "
                "completed. Therefore, under article 17 of Ley 1437 de 2011 (as "
                "substituted by Ley 1755 de 2015), the petition is deemed desisted and "
                "its file is archived. You may file it again with all its requirements.",
                date=fmt(self.completion_deadline),
            ),
        )

    # ------------------------------------------------------------------
    # Daily check (called by _cron_silence_and_notifications, per company)
    # ------------------------------------------------------------------
    @api.model
    def _check_completion_terms(self, today, company):
        """Flag, once each: incomplete petitions whose time to complete ended (an
        activity to archive them)."""
        due = office(self.with_company(company)).search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "incomplete"),
                ("desistimiento_due", "=", False),
                ("completion_deadline", "<", today),
            ]
        )
        if due:
            transition(due).write({"desistimiento_due": True})
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
                    summary=due.env._("Archive the petition as desisted"),
                    user_id=user.id,
                )
            due._message_log_batch(
                bodies={
                    request.id: due.env._(
                        "The time to complete the petition ended on %(date)s without "
                        "it being completed: archive it as desisted (CPACA art. 17).",
                        date=request.company_id._pqr_format(
                            request.completion_deadline
                        ),
                    )
                    for request in due
                }
            )
