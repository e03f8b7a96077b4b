"""Intake channels of the PQR: the acknowledgement of receipt (acuse de recibo),
queued after the filing number is taken, and the mail gateway (the PQR alias)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .pqr_common import transition


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    # ------------------------------------------------------------------
    # Acknowledgement (acuse de recibo)
    # ------------------------------------------------------------------
    def action_print_acknowledgement(self):
        return self.env.ref(
            "pqr_servicios_publicos.action_report_pqr_acknowledgement"
        ).report_action(self)

    def action_send_acknowledgement(self):
        self.ensure_one()
        template = self.env.ref(
            "pqr_servicios_publicos.mail_template_pqr_acknowledgement"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    @api.model
    def _cron_send_acknowledgements(self, batch_size=200):
        """Queued: email the acuse de recibo (PDF attached) of the PQRs filed by
        email or on the web, after their filing number was taken and committed. The
        flag is cleared in the transaction that posts the message: a run killed
        halfway is redone, never twice."""
        template = self.env.ref(
            "pqr_servicios_publicos.mail_template_pqr_acknowledgement"
        )
        while True:
            requests = self.search(
                [("ack_pending", "=", True)], order="id", limit=batch_size
            )
            if not requests:
                return True
            for request in requests.filtered(lambda r: r.partner_id.email):
                request.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            transition(requests).write({"ack_pending": False})

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the PQR alias files a petición through the email channel, as
        received: the message's own date (capped at now), not the moment Odoo
        fetched it."""
        values = dict(custom_values or {})
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = partner.browse(msg_dict["author_id"])
        elif email:
            # a new petitioner speaks the company's language until they choose
            lang = self.env.company._pqr_lang()
            partner = self.env["res.partner"]._find_or_create_from_emails(
                [msg_dict["email_from"]], additional_values={email: {"lang": lang}}
            )[0]
        if not partner:
            raise UserError(_("A PQR received by email needs the sender's address."))
        values["name"] = "/"
        values.setdefault("partner_id", partner.id)
        values.setdefault("channel", "email")
        values.setdefault("subject", msg_dict.get("subject") or _("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("date_received", self._mail_received_on(msg_dict))
        if "type_id" not in values:
            values["type_id"] = self.env.ref(
                "pqr_servicios_publicos.pqr_type_peticion"
            ).id
        return super(PqrRequest, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, values
        )

    @api.model
    def _mail_received_on(self, msg_dict):
        """When the message was received: its Date (parsed by the gateway into UTC),
        never in the future; now when it has none."""
        now = fields.Datetime.now()
        try:
            sent = fields.Datetime.to_datetime(msg_dict.get("date"))
        except ValueError:
            sent = None
        return min(sent, now) if sent else now
