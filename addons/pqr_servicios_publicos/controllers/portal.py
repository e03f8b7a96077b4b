from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class PqrPortal(CustomerPortal):
    @http.route("/pqr/decision/<int:pqr_id>", type="http", auth="public")
    def pqr_decision(self, pqr_id, access_token=None, **kw):
        """The tokenized link of an electronic notification (CPACA art. 56): shows
        the response letter and records the access, which makes the notification
        effective. The full portal pages come later."""
        try:
            pqr_sudo = self._document_check_access("pqr.request", pqr_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not pqr_sudo.response_number:
            raise request.not_found()
        # access checked above (token or ownership): record it with the token
        pqr_sudo.register_decision_access(pqr_sudo.access_token)
        content, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "pqr_servicios_publicos.action_report_pqr_response", [pqr_sudo.id]
            )
        )
        if report_type != "pdf":  # test mode renders reports as HTML
            return request.make_response(content)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(content)),
                ("Content-Disposition", f'inline; filename="{pqr_sudo.name}.pdf"'),
            ],
        )
