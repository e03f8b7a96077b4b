"""A throttle for the public pages (the filing form and the status lookup), kept in
the database so that it holds across the workers of a prefork server, as Odoo's
``auth_totp_mail_enforce`` keeps its rate-limit log."""

from datetime import timedelta

from odoo import api, fields, models

# Limits per IP address, overridable with system parameters
# ("pqr_servicios_publicos.rate_limit_<action>" = "<hits>/<seconds>").
DEFAULT_LIMITS = {
    "radicar": (10, 600),
    "consulta": (20, 60),
}


class PqrRateLimit(models.Model):
    _name = "pqr.rate.limit"
    _description = "PQR Public Page Hit"
    _log_access = False

    key = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _pqr_limit(self, action):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"pqr_servicios_publicos.rate_limit_{action}", "")
        )
        parts = param.split("/")
        if len(parts) == 2 and all(part.strip().isdigit() for part in parts):
            hits, seconds = (int(part) for part in parts)
            if hits > 0 and seconds > 0:
                return hits, seconds
        return DEFAULT_LIMITS[action]

    @api.model
    def _pqr_hit(self, action, address):
        """Count a hit of ``address`` on ``action``; False when over the limit (the
        refused hit is not counted: a person who waits gets through)."""
        hits, seconds = self._pqr_limit(action)
        key = f"{action}:{address or '-'}"
        now = fields.Datetime.now()
        model = self.sudo()
        # nobody reads this table but this method: as superuser
        if (
            model.search_count(
                [("key", "=", key), ("date", ">", now - timedelta(seconds=seconds))],
                limit=hits,
            )
            >= hits
        ):
            return False
        model.create({"key": key, "date": now})
        return True

    @api.autovacuum
    def _gc_old_hits(self):
        longest = max(self._pqr_limit(action)[1] for action in DEFAULT_LIMITS)
        self.sudo().search(
            [("date", "<", fields.Datetime.now() - timedelta(seconds=longest))]
        ).unlink()
