from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

PQR_MODELS = ("pqr.request", "pqr.notification", "pqr.term.suspension")


class IrAttachment(models.Model):
    """Need-to-know: a field technician reads the PQRs assigned to them, not their
    letters, acts, proofs or the petitioner's documents; only the files they
    attached themselves (e.g. photographs of a visit)."""

    _inherit = "ir.attachment"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._pqr_technician_only():
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("res_model", "not in", PQR_MODELS),
                        ("create_uid", "=", self.env.uid),
                    ],
                ]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read":
            return result
        forbidden = self._pqr_forbidden_to_technician()
        if forbidden:
            return forbidden, self._pqr_technician_error
        return None

    def check(self, mode, values=None):
        result = super().check(mode, values)
        if mode == "read" and self._pqr_forbidden_to_technician():
            raise self._pqr_technician_error()
        return result

    def _pqr_technician_error(self):
        return AccessError(_("Field technicians do not read the documents of a PQR."))

    def _pqr_technician_only(self):
        if self.env.su:
            return False
        user = self.env.user
        return user.has_group("pqr_servicios_publicos.group_pqr_technician") and not (
            user.has_group("pqr_servicios_publicos.group_pqr_area")
            or user.has_group("pqr_servicios_publicos.group_pqr_billing")
        )

    def _pqr_forbidden_to_technician(self):
        if not self.ids or not self._pqr_technician_only():
            return self.browse()
        self.flush_model(["res_model", "create_uid"])
        self.env.cr.execute(
            "SELECT id FROM ir_attachment WHERE id IN %s AND res_model IN %s "
            "AND create_uid != %s",
            [tuple(self.ids), PQR_MODELS, self.env.uid],
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())
