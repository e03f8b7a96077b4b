"""Transfer for lack of competence (traslado por competencia, CPACA art. 21, Ley 1437
de 2011 as substituted by Ley 1755 de 2015).

A written petition the company is not competent to decide goes to the competent
authority within 5 business days of its filing (a verbal one at once), with a copy of
the covering letter to the petitioner. It is the SUI answer "transfers" and ends the
PQR for the company (notification: not applicable).
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .pqr_common import (
    CODE_TRANSFERS,
    NOTIFICATION_NOT_APPLICABLE,
    OPEN_STATES,
    VERBAL_CHANNELS,
    office,
    transition,
)


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
        compute="_compute_transfer_deadline",
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
        groups="base.group_user",
        copy=False,
        help="The transfer deadline passed before the petition was sent.",
    )

    @api.depends("date_filed", "channel", "company_id")
    def _compute_transfer_deadline(self):
        for company, requests in self.grouped("company_id").items():
            company = company or self.env.company
            filed = requests.filtered("date_filed")
            days = company._pqr_calendar().pqr_add_business_days_batch(
                [
                    (
                        r.date_filed,
                        0
                        if r.channel in VERBAL_CHANNELS
                        else company.pqr_transfer_days,
                    )
                    for r in filed
                ]
            )
            for request, day in zip(filed, days, strict=True):
                request.transfer_deadline = day
            (requests - filed).transfer_deadline = False

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
        self.check_access("write")
        self._check_open(
            _(
                "Only a PQR being processed can be marked outside the competence (%(name)s)."
            )
        )
        transition(self).write({"outside_competence": True})
        today = self.company_id[:1]._pqr_today()
        for request in self:
            office(request).activity_schedule(
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
        transition(self).write(
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
        note = office(self)
        if len(annexes) == 1:
            body = note.env._(
                "Petition %(name)s sent to %(authority)s, competent to decide it "
                "(CPACA art. 21): covering letter and 1 annex attached; a copy goes "
                "to the petitioner.",
                name=self.name,
                authority=authority.display_name,
            )
        elif annexes:
            body = note.env._(
                "Petition %(name)s sent to %(authority)s, competent to decide it "
                "(CPACA art. 21): covering letter and %(count)s annexes attached; a "
                "copy goes to the petitioner.",
                name=self.name,
                authority=authority.display_name,
                count=len(annexes),
            )
        else:
            body = note.env._(
                "Petition %(name)s sent to %(authority)s, competent to decide it "
                "(CPACA art. 21): covering letter attached, without annexes; a copy "
                "goes to the petitioner.",
                name=self.name,
                authority=authority.display_name,
            )
        self._send_letter(
            "pqr_servicios_publicos.action_report_pqr_transfer",
            note.env._("Traslado - %(name)s.pdf", name=self.name),
            body,
            authority | self.partner_id,
            annexes=annexes,
        )
        if late:
            note.message_post(
                body=note.env._(
                    "Transferred after the legal term (%(deadline)s).",
                    deadline=note.company_id._pqr_format(self.transfer_deadline),
                )
            )
        return True

    # ------------------------------------------------------------------
    # Daily check (called by _cron_silence_and_notifications, per company)
    # ------------------------------------------------------------------
    @api.model
    def _check_transfer_terms(self, today, company):
        """Flag, once each: transfers not done by their deadline."""
        late = office(self.with_company(company)).search(
            [
                ("company_id", "=", company.id),
                ("outside_competence", "=", True),
                ("state", "in", OPEN_STATES),
                ("transfer_late", "=", False),
                ("transfer_deadline", "<", today),
            ]
        )
        if late:
            transition(late).write({"transfer_late": True})
            late._message_log_batch(
                bodies={
                    request.id: late.env._(
                        "The term to transfer the petition to the competent authority "
                        "ended on %(date)s (CPACA art. 21).",
                        date=request.company_id._pqr_format(request.transfer_deadline),
                    )
                    for request in late
                }
            )
