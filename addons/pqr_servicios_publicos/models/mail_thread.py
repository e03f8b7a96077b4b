import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# RFC 3834 and the headers common mail servers put on automatic replies
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
BULK_PRECEDENCE = ("bulk", "junk", "auto_reply", "auto-reply")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """An automatic reply (out-of-office, auto-responder) to the PQR alias files
        no PQR: no radicado for a machine. Bounces are already handled by Odoo's
        gateway (bounce alias, mailer-daemon, delivery reports). Replies in existing
        threads are kept as usual."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if not self._pqr_is_auto_reply(message):
            return routes
        kept = [
            route
            for route in routes
            if not (route[0] == "pqr.request" and not route[1])
        ]
        if len(kept) < len(routes):
            _logger.info(
                "Automatic reply %s from %s: no PQR filed",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
            )
        return kept

    @api.model
    def _pqr_is_auto_reply(self, message):
        auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        return (
            auto_submitted != "no"
            or any(message.get(header) for header in AUTO_REPLY_HEADERS)
            or precedence in BULK_PRECEDENCE
        )
