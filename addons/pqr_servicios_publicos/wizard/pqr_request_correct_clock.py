from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.pqr_common import CHANNELS


class PqrRequestCorrectClock(models.TransientModel):
    """A recorded correction of the inputs of a filed PQR's legal clock: its type
    (and channel), or the moment it was received."""

    _name = "pqr.request.correct.clock"
    _description = "Correct the Legal Clock of a PQR"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    correction = fields.Selection(
        [("type", "Reclassify (type or channel)"), ("reception", "Reception moment")],
        required=True,
        default="type",
    )
    type_id = fields.Many2one(
        "pqr.type",
        string="New Type",
        compute="_compute_current",
        store=True,
        readonly=False,
    )
    channel = fields.Selection(
        CHANNELS,
        string="New Channel",
        compute="_compute_current",
        store=True,
        readonly=False,
    )
    date_received = fields.Datetime(
        string="Received On",
        compute="_compute_current",
        store=True,
        readonly=False,
    )
    date_deadline = fields.Date(related="request_id.date_deadline")
    reason = fields.Text(required=True)

    @api.depends("request_id")
    def _compute_current(self):
        for wizard in self:
            wizard.type_id = wizard.request_id.type_id
            wizard.channel = wizard.request_id.channel
            wizard.date_received = wizard.request_id.date_received

    def action_confirm(self):
        self.ensure_one()
        if self.correction == "type":
            return self.request_id.action_reclassify(
                self.type_id.id, self.reason, channel=self.channel
            )
        if not self.date_received:
            raise UserError(_("Give the moment the PQR was received."))
        return self.request_id.action_correct_reception(self.date_received, self.reason)
