from odoo import fields, models


class PqrRequestClearSilence(models.TransientModel):
    """A PQR manager clears a silence flag raised wrongly, with the reason."""

    _name = "pqr.request.clear.silence"
    _description = "Clear a Silence Flag"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="Why the flag is wrong (e.g. the term did not run: the petition was "
        "waiting to be completed). Recorded in the chatter.",
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_clear_silence_flag(self.reason)
