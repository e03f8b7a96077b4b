"""The decision of a PQR and the frozen act.

Issuing the decision gives it its number and date, fixes which recursos lie against
it (from the response type, the PQR's type and its causal: Ley 142 de 1994 art. 154),
renders the response letter once and stores the file (as Odoo stores a posted
invoice's PDF): that file is what every later reader gets, and the body cannot change
after issue (``pqr_request.py`` guards ``ACT_FIELDS``). Notification then starts
(``pqr_notification.py``).
"""

import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from .pqr_common import (
    CLOCK_STATES,
    CODE_ARCHIVES,
    CODE_REJECTS,
    CODE_TRANSFERS,
    OPEN_STATES,
    RECURSOS,
    RECURSOS_ORDER,
    office,
    transition,
)
from .pqr_request import OFFICE_GROUPS


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    response_type_id = fields.Many2one("pqr.response.type", tracking=True, index=True)
    response_body = fields.Html(string="Response Letter", groups=OFFICE_GROUPS)
    date_response = fields.Date(string="Decision Date", readonly=True, tracking=True)
    response_number = fields.Char(readonly=True, copy=False)
    recursos_allowed = fields.Selection(
        RECURSOS,
        string="Recursos That Lie",
        readonly=True,
        copy=False,
        help="Fixed when the decision is issued and stated in its letter: the "
        "recursos of the response type, limited by the PQR's type and cause "
        "(apelación before the SSPD lies only against acts on billing, refusal of "
        "the contract, suspension, termination and cut: Ley 142 de 1994 art. 154).",
    )
    response_letter = fields.Binary(
        string="Issued Response Letter",
        attachment=True,
        readonly=True,
        copy=False,
        groups=OFFICE_GROUPS,
        help="The letter as issued, rendered and stored when the decision was issued.",
    )
    response_letter_name = fields.Char(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Which recursos lie
    # ------------------------------------------------------------------
    def _pqr_recursos(self):
        """The recursos that lie against this act: as fixed at issue, or as they
        would be if it were issued now."""
        self.ensure_one()
        if self.recursos_allowed:
            return self.recursos_allowed
        if self.parent_id:  # the answer to a recurso is final (CPACA art. 87)
            return "none"
        levels = [
            self.response_type_id.recursos or "appeal",
            self.type_id.recursos or "appeal",
        ]
        if self.causal_id:
            levels.append("appeal" if self.causal_id.sspd_appeal else "reposicion")
        return min(levels, key=RECURSOS_ORDER.get)

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------
    def _check_can_decide(self):
        for request in self:
            if request.state not in CLOCK_STATES:
                raise UserError(
                    _("%(name)s already has a decision.", name=request.name)
                )
            if not request.response_type_id or not request.response_type_id.is_decision:
                raise UserError(
                    _("Choose the response type of %(name)s.", name=request.name)
                )
            if is_html_empty(request.sudo().response_body):
                raise UserError(
                    _("Write the response letter of %(name)s.", name=request.name)
                )
            code = request.response_type_id.code
            if request.is_late_recurso and code != CODE_REJECTS:
                raise UserError(
                    _(
                        "%(name)s is a late recurso: it is answered with the response "
                        "type 'Rejects'.",
                        name=request.name,
                    )
                )
            if code == CODE_TRANSFERS:
                raise UserError(
                    _(
                        "A petition outside the company's competence is not decided: "
                        "use Transfer (%(name)s).",
                        name=request.name,
                    )
                )
            if request.state == "incomplete" and code != CODE_ARCHIVES:
                raise UserError(
                    _(
                        "%(name)s is waiting for the petitioner to complete it: register "
                        "the completion, or archive it as desisted once the term ends.",
                        name=request.name,
                    )
                )

    def action_issue_decision(self):
        """Issue the decision: response number and date, the recursos that lie, the
        letter frozen as a file, and the first notification step (electronic with
        consent, otherwise a citation)."""
        self._check_decider()
        self.check_access("write")
        self._check_can_decide()
        today = self.company_id[:1]._pqr_today()
        # decided after the deadline day: the silence happened already (not while
        # waiting for the petitioner: the term does not run, CPACA art. 17)
        self.filtered(
            lambda r: not r.is_sap
            and r.silence_effect != "none"
            and r.state in OPEN_STATES
            and r.date_deadline
            and r.date_deadline < r.company_id._pqr_today()
        )._flag_silence()
        self.activity_unlink(["pqr_servicios_publicos.mail_activity_pqr_deadline"])
        for request in self:
            transition(request).write(
                {
                    "state": "decided",
                    "date_response": today,
                    "response_number": request._next_response_number(),
                    "recursos_allowed": request._pqr_recursos(),
                }
            )
            request._pqr_freeze_response_letter()
            self.env["pqr.notification"]._start_for(request)
        return True

    def action_submit_draft(self):
        """An area user drafted the answer (type and text): the office (the clerk
        who filed the PQR, else the PQR manager) gets an activity to review and
        issue it. Issuing stays with clerks and managers."""
        self.ensure_one()
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_area"):
            raise AccessError(_("Only the responsible areas send a draft answer."))
        self.check_access("write")
        if self.state not in OPEN_STATES:
            raise UserError(_("%(name)s is not waiting for an answer.", name=self.name))
        if not self.response_type_id or is_html_empty(self.response_body):
            raise UserError(
                _("Write the draft answer and choose its response type first.")
            )
        filer = self.create_uid
        reviewer = (
            filer
            if filer.has_group("pqr_servicios_publicos.group_pqr_clerk")
            and self.company_id in filer.company_ids
            else self.company_id._pqr_manager()
        )
        note = office(self)
        note.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=note.env._("Review and issue the draft answer"),
            note=note.env._(
                "Draft answer prepared by %(user)s (%(area)s).",
                user=self.env.user.name,
                area=self.area_id.name or "-",
            ),
            user_id=(reviewer or self.env.user).id,
        )
        note.message_post(
            body=note.env._(
                "%(user)s sent the draft answer to the office for review and issue.",
                user=self.env.user.name,
            )
        )
        return True

    def _next_response_number(self):
        self.ensure_one()
        return (
            self.env["ir.sequence"]
            .with_company(self.company_id)
            .next_by_code("pqr.response")
            or "/"
        )

    def _pqr_freeze_response_letter(self):
        """Render the response letter as issued and store it on the PQR."""
        self.ensure_one()
        content, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "pqr_servicios_publicos.action_report_pqr_response", self.ids
            )
        )
        extension = "pdf" if report_type == "pdf" else "html"  # HTML in test mode
        transition(self.sudo()).write(
            {
                "response_letter": base64.b64encode(content),
                "response_letter_name": _(
                    "Respuesta - %(name)s.%(ext)s", name=self.name, ext=extension
                ),
            }
        )

    def action_print_response(self):
        """The response letter as issued (never re-rendered)."""
        self.ensure_one()
        if not self.sudo().response_letter:
            raise UserError(_("%(name)s has no decision issued yet.", name=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/pqr.request/{self.id}/response_letter/"
            f"{self.response_letter_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Letters: helpers of report/pqr_letter_reports.xml
    # ------------------------------------------------------------------
    def _letter_sent_date(self, method, or_today=False):
        """Day (company's time zone) the last citation or notice of the decision was
        sent; when none was sent, today if ``or_today`` (the letter is being printed
        to send), else False."""
        self.ensure_one()
        line = self.notification_ids.filtered(
            lambda n: n.method == method and n.state != "cancelled" and n.date_sent
        )[-1:]
        if line:
            return self.company_id._pqr_calendar().pqr_local_date(line.date_sent)
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

    @api.model
    def _pqr_render_attachment(self, report_xmlid, record, filename):
        """Render ``report_xmlid`` for ``record`` and store it as an attachment of
        ``record`` (an acta, a proof the office issues)."""
        content, _report_type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(report_xmlid, record.ids)
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": content,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        )
