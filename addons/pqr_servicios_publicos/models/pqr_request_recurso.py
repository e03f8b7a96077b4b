"""Recursos against a decision, the transfer of the apelación to the Superintendencia,
and closing (the decision becomes final).

A recurso is a new PQR linked to the decision it attacks, with its own clock. Which
recursos lie was fixed when the decision was issued (``recursos_allowed``); filed
after the window, it is still answered, with the response type "Rejects".
"""

from odoo import _, fields, models
from odoo.exceptions import UserError

from .pqr_common import CODE_REJECTS, RECURSOS, office, transition


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    parent_id = fields.Many2one(
        "pqr.request", string="Appealed PQR", index="btree_not_null", readonly=True
    )
    child_ids = fields.One2many("pqr.request", "parent_id", string="Recursos")
    is_late_recurso = fields.Boolean(
        string="Late Recurso",
        readonly=True,
        help="Filed after the recurso window: it is answered anyway, with the "
        "response type 'Rejects'.",
    )
    date_sspd_transfer = fields.Date(string="Sent to the SSPD", readonly=True)
    sspd_outcome = fields.Selection(
        [
            ("confirms", "Confirms"),
            ("modifies", "Modifies"),
            ("revokes", "Revokes"),
        ],
        string="SSPD Decision",
        readonly=True,
        tracking=True,
    )
    date_sspd_decision = fields.Date(string="SSPD Decision Date", readonly=True)

    def action_file_recurso(
        self, apelacion=False, date_received=None, description=None
    ):
        """File a recurso against this decision: a new PQR with its own clock.

        Filed before the notification is effective, it notifies the decision by
        conducta concluyente (CPACA art. 72).
        """
        self.ensure_one()
        self._check_decider()
        return self._file_recurso(apelacion, date_received, description)

    def _file_recurso(
        self, apelacion=False, date_received=None, description=None, channel=None
    ):
        """The rules of a recurso, for the office (``action_file_recurso``) and for
        the petitioner on the portal (``_portal_file_recurso``): each caller checked
        who may file it."""
        self.ensure_one()
        if self.state not in ("notifying", "notified", "closed"):
            raise UserError(
                _("A recurso is filed against a decision being notified or notified.")
            )
        if self.parent_id:
            raise UserError(
                _("A recurso cannot be filed against the answer to a recurso.")
            )
        allowed = self._pqr_recursos()
        if allowed == "none" or (apelacion and allowed != "appeal"):
            raise UserError(
                _(
                    "Against decision %(number)s lies: %(recursos)s.",
                    number=self.response_number,
                    recursos=dict(RECURSOS)[allowed]
                    if allowed != "none"
                    else _("no recurso"),
                )
            )
        received = fields.Datetime.to_datetime(date_received) or fields.Datetime.now()
        if received > fields.Datetime.now():
            raise UserError(_("A recurso cannot be received in the future."))
        if self.state == "notifying":
            self.env["pqr.notification"]._register_conduct(
                self, received, _("Recurso filed")
            )
        code = "recurso_apelacion" if apelacion else "recurso_reposicion"
        recurso = transition(self).create(
            {
                "parent_id": self.id,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "type_id": self.env.ref(f"pqr_servicios_publicos.pqr_type_{code}").id,
                "channel": channel or self.channel,
                "service": self.service,
                "causal_id": self.causal_id.id,
                "service_account_id": self.service_account_id.id,
                "invoice_ids": [(6, 0, self.invoice_ids.ids)],
                "amount_disputed": self.amount_disputed,
                "area_id": self.area_id.id,
                "user_id": self.user_id.id,
                "date_received": received,
                "subject": office(self).env._(
                    "Recurso against %(name)s", name=self.name
                ),
                "description": description,
            }
        )
        # a closed decision is final: any recurso against it is late
        late = self.state == "closed" or recurso.date_filed > self.recurso_deadline
        transition(recurso).is_late_recurso = late
        if late:
            note = office(recurso)
            note.message_post(
                body=note.env._(
                    "Filed after the recurso window (%(window)s): answer it with the "
                    "response type 'Rejects'.",
                    window=note.company_id._pqr_format(self.recurso_deadline),
                )
            )
        return recurso.with_env(self.env)

    def action_transfer_sspd(self):
        """The reposición did not fully grant and apelación was requested: send the
        file to the Superintendencia (Ley 142 de 1994 art. 159)."""
        self._check_decider()
        for request in self:
            if not request._goes_to_sspd():
                raise UserError(
                    _(
                        "Only a notified reposición with subsidiary apelación that "
                        "does not fully grant goes to the Superintendencia."
                    )
                )
        transition(self).write(
            {"state": "sspd", "date_sspd_transfer": self.company_id._pqr_today()}
        )
        return True

    def _goes_to_sspd(self):
        """A notified reposición with subsidiary apelación whose answer does not
        fully grant it (a late one, rejected, does not go: CPACA art. 74)."""
        self.ensure_one()
        return (
            self.state == "notified"
            and self.type_id.code == "recurso_apelacion"
            and not self.response_type_id.fully_grants
            and self.response_type_id.code != CODE_REJECTS
        )

    def action_record_sspd_decision(self, outcome, decided_on):
        self._check_decider()
        if self.filtered(lambda r: r.state != "sspd"):
            raise UserError(
                _("Only a file sent to the Superintendencia has its decision.")
            )
        if outcome not in dict(self._fields["sspd_outcome"].selection):
            raise UserError(_("Choose what the Superintendencia decided."))
        decided_on = fields.Date.to_date(decided_on)
        for request in self:
            if not (
                request.date_sspd_transfer
                <= decided_on
                <= request.company_id._pqr_today()
            ):
                raise UserError(
                    _(
                        "The Superintendencia decides %(name)s after it was sent "
                        "(%(date)s) and not in the future.",
                        name=request.name,
                        date=request.company_id._pqr_format(request.date_sspd_transfer),
                    )
                )
        transition(self).write(
            {
                "sspd_outcome": outcome,
                "date_sspd_decision": decided_on,
                "state": "closed",
            }
        )
        self.parent_id._close_if_done()
        return True

    def action_close(self):
        """Close (ejecutoriada): notified, and the recurso window passed with no
        recurso, or every recurso resolved."""
        self._check_decider()
        for request in self:
            today = request.company_id._pqr_today()
            if request.state != "notified" or not request.date_notified:
                raise UserError(
                    _(
                        "%(name)s cannot be closed without an effective notification "
                        "of its decision.",
                        name=request.name,
                    )
                )
            open_recursos = request.child_ids.filtered(lambda c: c.state != "closed")
            if open_recursos:
                raise UserError(
                    _(
                        "%(name)s has recursos still open: %(recursos)s.",
                        name=request.name,
                        recursos=", ".join(open_recursos.mapped("name")),
                    )
                )
            if request._goes_to_sspd():
                raise UserError(
                    _(
                        "%(name)s goes to the Superintendencia (apelación): transfer it.",
                        name=request.name,
                    )
                )
            # the answer to a recurso is final once notified (CPACA art. 87)
            if (
                request.recurso_deadline
                and not request.child_ids
                and today <= request.recurso_deadline
            ):
                raise UserError(
                    _(
                        "The recurso window of %(name)s is open until %(window)s.",
                        name=request.name,
                        window=request.recurso_deadline,
                    )
                )
        transition(self).state = "closed"
        self.parent_id._close_if_done()
        return True

    def _close_if_done(self):
        """A decision whose recursos are all resolved becomes final."""
        for request in self.filtered(lambda r: r.state == "notified"):
            if request.child_ids and all(
                c.state == "closed" for c in request.child_ids
            ):
                transition(request).state = "closed"
