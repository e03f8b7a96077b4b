from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal


class PqrPortal(CustomerPortal):
    """The tokenized link of an electronic notification (CPACA art. 56).

    GET shows the decision page: for the petitioner while the notification is
    pending, a confirmation step (link scanners follow GETs, people press buttons);
    otherwise the response letter as issued. POST (CSRF-protected) records the access
    of the token holder or of the petitioner's own portal user, with date-time, IP
    and user agent as the certificate of access. Nobody else's reading — clerks,
    billing, another contact of the company — changes anything.
    """

    def _pqr_decision_sudo(self, pqr_id, access_token):
        """The PQR, sudoed, once the reader passed Odoo's portal gate (record rules
        or the record's token)."""
        return self._document_check_access("pqr.request", pqr_id, access_token)

    def _pqr_is_recipient(self, pqr_sudo, access_token):
        """The petitioner: holder of the emailed token, or their own portal user.
        Internal users never are (they read the file, notify nobody)."""
        user = request.env.user
        if user._is_internal():
            return False
        if access_token and consteq(pqr_sudo.access_token or "", access_token):
            return True
        return not user._is_public() and user.partner_id == pqr_sudo.partner_id

    def _pqr_page(self, template, status=200, **values):
        """A page in the petitioner's language (else the company's)."""
        pqr = values.get("pqr")
        # the company's language is public information: read it as superuser
        company_lang = request.env.company.sudo().partner_id.lang
        lang = (pqr and pqr.partner_id.lang) or company_lang
        if lang:
            request.update_context(lang=lang)
            if pqr:
                values["pqr"] = pqr.with_context(lang=lang)
        return request.render(
            f"pqr_servicios_publicos.{template}", values, status=status
        )

    @http.route("/pqr/decision/<int:pqr_id>", type="http", auth="public")
    def pqr_decision(self, pqr_id, access_token=None, **kw):
        try:
            pqr_sudo = self._pqr_decision_sudo(pqr_id, access_token)
        except (AccessError, MissingError):
            return self._pqr_page("pqr_decision_invalid_link", status=403)
        if not pqr_sudo.response_letter:
            return self._pqr_page("pqr_decision_not_issued", pqr=pqr_sudo, status=404)
        line = pqr_sudo._pqr_pending_electronic()
        if line and self._pqr_is_recipient(pqr_sudo, access_token):
            return self._pqr_page(
                "pqr_decision_confirm", pqr=pqr_sudo, access_token=access_token or ""
            )
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                pqr_sudo, "response_letter", filename=pqr_sudo.response_letter_name
            )
            .get_response(as_attachment=False)
        )

    @http.route(
        "/pqr/decision/<int:pqr_id>/access",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def pqr_decision_access(self, pqr_id, access_token=None, **kw):
        try:
            pqr_sudo = self._pqr_decision_sudo(pqr_id, access_token)
        except (AccessError, MissingError):
            return self._pqr_page("pqr_decision_invalid_link", status=403)
        line = pqr_sudo._pqr_pending_electronic()
        if line and self._pqr_is_recipient(pqr_sudo, access_token):
            user = request.env.user
            line._register_access(
                ip=request.httprequest.remote_addr,
                user_agent=request.httprequest.headers.get("User-Agent"),
                user=user if not user._is_public() else None,
            )
        query = f"?access_token={access_token}" if access_token else ""
        return request.redirect(f"/pqr/decision/{pqr_id}{query}")
