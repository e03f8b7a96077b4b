"""The customer's financing orders on the portal, read only: /my/financing (list),
/my/financing/<id> (terms and schedule) and the agreement as signed.

Access is checked first (``_document_check_access``: the record rule of the portal
group, or the order's access token); ``sudo()`` comes only after it."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# what a customer sees: the orders they signed (never drafts or cancelled ones)
PORTAL_STATES = ("signed", "active", "paid", "defaulted")


class PqrFinancingPortal(CustomerPortal):
    def _pqr_financing_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            ("state", "in", PORTAL_STATES),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "pqr_financing_count" in counters:
            Order = request.env["pqr.financing.order"]
            values["pqr_financing_count"] = (
                Order.search_count(self._pqr_financing_domain())
                if Order.has_access("read")
                else 0
            )
        return values

    def _pqr_financing_check(self, order_id, access_token=None):
        order_sudo = self._document_check_access(
            "pqr.financing.order", order_id, access_token=access_token
        )
        if order_sudo.state not in PORTAL_STATES:
            raise MissingError(request.env._("This financing order is not available."))
        return order_sudo

    @http.route(
        "/my/financing", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_my_financing_orders(self, **kw):
        Order = request.env["pqr.financing.order"]
        orders = (
            Order.search(self._pqr_financing_domain())
            if Order.has_access("read")
            else Order
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pqr_financing",
                "orders": orders,
                "states": dict(
                    Order._fields["state"]._description_selection(request.env)
                ),
            }
        )
        return request.render(
            "pqr_servicios_publicos.portal_my_financing_orders", values
        )

    @http.route(
        "/my/financing/<int:order_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_my_financing_order(self, order_id, access_token=None, **kw):
        try:
            order_sudo = self._pqr_financing_check(order_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(
            order_sudo, access_token, values, "my_financing_history", False
        )
        Order = request.env["pqr.financing.order"]
        values.update(
            {
                "page_name": "pqr_financing",
                "order": order_sudo,
                "states": dict(
                    Order._fields["state"]._description_selection(request.env)
                ),
                "access_token": access_token,
            }
        )
        return request.render(
            "pqr_servicios_publicos.portal_my_financing_order", values
        )

    @http.route(
        "/my/financing/<int:order_id>/agreement",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_my_financing_agreement(self, order_id, access_token=None, **kw):
        """The agreement as signed: the stored file, never rendered again."""
        try:
            order_sudo = self._pqr_financing_check(order_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        if not order_sudo.agreement_file:
            return request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                order_sudo, "agreement_file", filename=order_sudo.agreement_filename
            )
            .get_response(as_attachment=True)
        )
