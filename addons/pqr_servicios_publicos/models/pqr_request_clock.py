"""The legal clock of a PQR: filing date, term, deadline, status, deadline alerts, and
the recorded corrections of its inputs.

Dates come from the business-day service (``resource.calendar.pqr_*``) of the
company's PQR calendar. The term is stored on the PQR when it is filed (a type's term
edited later does not move history) and changes only with a recorded reclassification.
"""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .pqr_common import (
    CLOCK_STATES,
    DEADLINE_STATUS,
    LEGAL_STATUS,
    OPEN_STATES,
    office,
    transition,
)


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="Moment the office received the PQR, through any channel. Once filed, "
        "it changes only with Correct Legal Clock (with the reason).",
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
    term_days = fields.Integer(
        string="Term (business days)",
        compute="_compute_type_terms",
        store=True,
        tracking=True,
        help="Business days to answer, taken from the type when the PQR was filed "
        "(or reclassified): a type's term edited later does not change it.",
    )
    has_term = fields.Boolean(
        string="Legal Term", compute="_compute_type_terms", store=True
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
    suspended_days = fields.Integer(
        compute="_compute_date_deadline",
        store=True,
        string="Suspended Business Days",
    )
    business_days_left = fields.Integer(
        compute="_compute_deadline_status",
        store=True,
        aggregator=False,
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
        groups="base.group_user",
        help="Smallest threshold (business days before the deadline) already "
        "alerted; -1 when none.",
        default=-1,
    )
    legal_status = fields.Selection(
        LEGAL_STATUS,
        compute="_compute_legal_status",
        groups="base.group_user",
        help="Where the PQR stands with the law: its deadline status while the term "
        "runs, or the silence (or the defective notification) that the daily check "
        "found.",
    )
    days_left_label = fields.Char(
        string="Time Left", compute="_compute_legal_status", groups="base.group_user"
    )
    suspension_ids = fields.One2many(
        "pqr.term.suspension", "request_id", string="Term Suspensions"
    )
    suspension_count = fields.Integer(compute="_compute_suspension_count")

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

    @api.depends("type_id")
    def _compute_type_terms(self):
        """The type's term and silence rule as they are when the PQR is filed or
        reclassified (depends on the type only, not on its settings)."""
        for request in self:
            request.term_days = request.type_id.term_days
            request.has_term = request.type_id.has_term
            request.silence_effect = request.type_id.silence_effect or "sap"

    @api.depends(
        "date_filed",
        "term_days",
        "has_term",
        "suspension_ids.state",
        "suspension_ids.business_days",
    )
    def _compute_date_deadline(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            timed = requests.filtered(lambda r: r.date_filed and r.has_term)
            for request in timed:
                request.suspended_days = sum(
                    request.suspension_ids.filtered(
                        lambda s: s.state == "approved"
                    ).mapped("business_days")
                )
            deadlines = company._pqr_calendar().pqr_add_business_days_batch(
                [(r.date_filed, r.term_days + r.suspended_days) for r in timed]
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

    @api.depends(
        "deadline_status",
        "business_days_left",
        "is_sap",
        "is_deemed_granted",
        "sap_risk",
    )
    def _compute_legal_status(self):
        """Display only: the silence flags come before the deadline status (a PQR in
        silence is not merely overdue)."""
        for request in self:
            if request.is_sap:
                request.legal_status = "sap"
            elif request.is_deemed_granted:
                request.legal_status = "deemed_granted"
            elif request.sap_risk:
                request.legal_status = "notification_defect"
            else:
                request.legal_status = request.deadline_status
            left = request.business_days_left
            if not request.deadline_status:
                label = False
            elif request.deadline_status == "overdue":
                label = (
                    _("1 business day overdue")
                    if left == -1
                    else _("%(days)s business days overdue", days=abs(left))
                )
            elif request.deadline_status == "due_today":
                label = _("Last day to answer")
            elif left == 1:
                label = _("1 business day left")
            else:
                label = _("%(days)s business days left", days=left)
            request.days_left_label = label

    def _pqr_deadline_values(self, today=None):
        """{id: (business days left, status)} for the records, one calendar pass
        per company, each from its own today (or ``today``)."""
        values = {}
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            day = today or company._pqr_today()
            timed = requests.filtered(
                lambda r: r.date_deadline and r.state in OPEN_STATES
            )
            lefts = company._pqr_calendar().pqr_business_days_left_batch(
                timed.mapped("date_deadline"), day
            )
            for request, left in zip(timed, lefts, strict=True):
                if request.date_deadline < day:
                    status = "overdue"
                elif request.date_deadline == day:
                    status = "due_today"
                elif left <= company.pqr_due_soon_days:
                    status = "due_soon"
                else:
                    status = "on_time"
                values[request.id] = (left, status)
            for request in requests - timed:
                values[request.id] = (0, False)
        return values

    # ------------------------------------------------------------------
    # Views
    # ------------------------------------------------------------------
    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        """The search view names the company's due-soon threshold (below)."""
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return key + (self.env.company.pqr_due_soon_days,)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """The filter of the PQRs due soon says how soon: the company's threshold
        (settings), the one that ``deadline_status`` uses."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "search":
            for node in arch.xpath("//filter[@name='due_soon']"):
                node.set(
                    "string",
                    _(
                        "Due within %(days)s business days",
                        days=self.env.company.pqr_due_soon_days,
                    ),
                )
        return arch, view

    def _compute_suspension_count(self):
        counts = dict(
            self.env["pqr.term.suspension"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.suspension_count = counts.get(request, 0)

    def action_view_suspensions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_term_suspension_action"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Recorded corrections of the clock's inputs
    # ------------------------------------------------------------------
    def _check_correctable(self, reason):
        self.ensure_one()
        self._check_decider()
        if self.state not in CLOCK_STATES:
            raise UserError(
                _(
                    "The decision of %(name)s was issued: its legal clock is history "
                    "and cannot be corrected.",
                    name=self.name,
                )
            )
        if not reason or is_html_empty(reason):
            raise UserError(
                _("Say why the legal clock of %(name)s is corrected.", name=self.name)
            )

    def _log_correction(self, what, old, new, reason, old_deadline):
        """Record a correction of the clock. ``what``: "type", "channel" or
        "reception"; ``old``/``new``: the type records, channel keys or moments."""
        note = office(self)
        _ = note.env._
        fmt = note.company_id._pqr_format
        if what == "type":
            label = _("Type")
            old, new = old.with_env(note.env).name, new.with_env(note.env).name
        elif what == "channel":
            channels = dict(self._fields["channel"]._description_selection(note.env))
            label, old, new = _("Channel"), channels[old], channels[new]
        else:
            label, old, new = _("Reception"), fmt(old), fmt(new)
        note.message_post(
            body=_(
                "%(what)s corrected from %(old)s to %(new)s by %(user)s. Reason: "
                "%(reason)s. Legal deadline: %(before)s → %(after)s.",
                what=label,
                old=old,
                new=new,
                user=self.env.user.name,
                reason=reason,
                before=fmt(old_deadline) or "-",
                after=fmt(self.date_deadline) or "-",
            )
        )

    def action_reclassify(self, type_id, reason, channel=None):
        """Change the type (and the channel) of a filed PQR: the term of the new type
        applies from the filing date, the deadline is recomputed by the calendar
        service; the change and its reason are recorded. Clerks and managers."""
        self._check_correctable(reason)
        new_type = self.env["pqr.type"].browse(type_id).exists()
        if not new_type:
            raise UserError(_("Choose the type of the PQR."))
        if new_type.is_recurso != self.type_id.is_recurso:
            raise UserError(
                _(
                    "A recurso is filed against a decision, not reclassified from or "
                    "into another type (%(name)s).",
                    name=self.name,
                )
            )
        channel = channel or self.channel
        if new_type == self.type_id and channel == self.channel:
            raise UserError(_("Nothing to correct: the type and channel are the same."))
        old_deadline, old_type, old_channel = (
            self.date_deadline,
            self.type_id,
            self.channel,
        )
        transition(self).write({"type_id": new_type.id, "channel": channel})
        if new_type != old_type:
            self._log_correction("type", old_type, new_type, reason, old_deadline)
        if channel != old_channel:
            self._log_correction("channel", old_channel, channel, reason, old_deadline)
        self._pqr_rearm_alerts()
        return True

    def action_correct_reception(self, date_received, reason):
        """Correct the moment the office received a filed PQR (a typing error, a
        letter dated at the window): the filing date and deadline are recomputed by
        the calendar service; the change and its reason are recorded."""
        self._check_correctable(reason)
        received = fields.Datetime.to_datetime(date_received)
        if not received:
            raise UserError(_("Give the moment the PQR was received."))
        if received > fields.Datetime.now():
            raise UserError(_("A PQR cannot be received in the future."))
        calendar = self.company_id._pqr_calendar()
        if (
            calendar.pqr_local_date(received).year
            != calendar.pqr_local_date(self.date_received).year
        ):
            raise UserError(
                _(
                    "The filing number %(name)s belongs to the year it was received: "
                    "a reception in another year is filed again.",
                    name=self.name,
                )
            )
        old, old_deadline = self.date_received, self.date_deadline
        transition(self).write({"date_received": received})
        self._log_correction("reception", old, received, reason, old_deadline)
        self._pqr_rearm_alerts()
        return True

    # ------------------------------------------------------------------
    # Deadline alerts
    # ------------------------------------------------------------------
    def _pqr_rearm_alerts(self):
        """The deadline moved (approved suspension, correction): the pending
        deadline activities are replaced on the next run of the daily action."""
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_deadline"])
        transition(self).with_context(mail_notrack=True).write(
            {"alert_threshold_done": -1}
        )
        self._pqr_refresh_deadline_status()

    @api.model
    def _cron_deadline_alerts(self, batch_size=2000):
        """Daily: refresh days left and status of open PQRs, and schedule activities
        for the responsible at each alert threshold (D-5, D-2, D-0 by default).

        Idempotent: ``alert_threshold_done`` remembers the last threshold alerted,
        in the same transaction as the activity, so a second run (or a rerun after a
        crash) creates nothing new.
        """
        domain = [("state", "in", OPEN_STATES), ("date_deadline", "!=", False)]
        for company in self.env["res.company"].search([]):
            # the activities in the company's language, not OdooBot's
            model = self.with_context(lang=company._pqr_lang())
            last_id = 0
            while True:
                requests = model.search(
                    domain + [("company_id", "=", company.id), ("id", ">", last_id)],
                    order="id",
                    limit=batch_size,
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
            transition(requests).with_context(mail_notrack=True).write(
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
                requests = office(requests)
                requests.with_context(
                    mail_activity_quick_update=True
                ).activity_schedule(
                    "pqr_servicios_publicos.mail_activity_pqr_deadline",
                    date_deadline=deadline,
                    summary=requests.env._(
                        "Legal deadline in %(days)s business days",
                        days=threshold,
                    )
                    if threshold > 1
                    else requests.env._("Legal deadline in 1 business day")
                    if threshold == 1
                    else requests.env._("Legal deadline today"),
                    user_id=user.id,
                )
            alerted[threshold] |= requests
        for threshold, requests in alerted.items():
            transition(requests).with_context(mail_notrack=True).write(
                {"alert_threshold_done": threshold}
            )
