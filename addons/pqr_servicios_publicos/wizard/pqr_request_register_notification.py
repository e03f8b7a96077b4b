from odoo import _, fields, models
from odoo.exceptions import UserError


class PqrRequestRegisterNotification(models.TransientModel):
    """Records a notification step: personal notification (acta), delivery of a
    notice (aviso), or conducta concluyente."""

    _name = "pqr.request.register.notification"
    _description = "Register a Notification Step"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    method = fields.Selection(
        [
            ("personal", "Personal notification (acta)"),
            ("notice", "Notice (aviso) delivered"),
            ("conduct", "Conduct (conducta concluyente)"),
        ],
        required=True,
        default="personal",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    receiver_name = fields.Char(string="Received By")
    receiver_identification = fields.Char(string="Receiver's ID")
    reason = fields.Char(help="How the petitioner showed knowledge of the decision.")
    attachment_ids = fields.Many2many("ir.attachment", string="Proof")

    def action_confirm(self):
        self.ensure_one()
        request = self.request_id
        if self.method == "personal":
            return request.action_register_personal(
                self.receiver_name,
                self.receiver_identification,
                self.date,
                self.attachment_ids.ids,
            )
        if self.method == "conduct":
            return request.action_register_conduct(self.date, self.reason)
        notice = request.notification_ids.filtered(
            lambda n: n.method == "notice" and n.state == "sent"
        )[:1]
        if not notice:
            raise UserError(_("There is no sent notice (aviso) to register."))
        return notice.action_register_delivery(
            request.company_id._pqr_calendar().pqr_local_date(self.date),
            self.attachment_ids,
        )
