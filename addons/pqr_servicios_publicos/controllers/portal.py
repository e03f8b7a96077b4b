"""The customer's portal: /my counters and consent, /my/pqr (list, detail, filing,
messages, recurso), and the decision link of an electronic notification.

Every route checks access first (``_document_check_access`` or the user's own
partner), parses the form into typed values and calls a model method, which checks
again; ``sudo()`` comes only after those checks."""

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.pqr_request_portal import DESCRIPTION_MAX, PqrFilingError
from .public import form_files, parse_int, parse_text

STATE_GROUPS = {
    "open": ("filed", "in_progress", "suspended", "incomplete"),
    "decided": ("decided", "notifying", "notified", "sspd"),
    "closed": ("closed", "transferred"),
}
# mail.message types a customer reads on the portal (never notes or tracking)
PUBLIC_MESSAGE_TYPES = ("comment", "email", "email_outgoing")


class PqrPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # /my: counters and consent to electronic notification
    # ------------------------------------------------------------------
    def _pqr_domain(self):
        """The customer's PQRs (the record rule says the same for portal users;
        an employee visiting /my sees the PQRs of their own partner only)."""
        partner = request.env.user.partner_id.commercial_partner_id
        return [("commercial_partner_id", "=", partner.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "pqr_count" in counters:
            Request = request.env["pqr.request"]
            values["pqr_count"] = (
                Request.search_count(self._pqr_domain())
                if Request.has_access("read")
                else 0
            )
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        partner = request.env.user.partner_id
        values["pqr_consent"] = partner.pqr_electronic_consent
        values["pqr_consent_date"] = (
            partner.pqr_consent_date
            if partner.pqr_electronic_consent
            else partner.pqr_consent_revoked_date
        )
        return values

    @http.route(
        "/my/pqr/consent", type="http", auth="user", methods=["POST"], website=True
    )
    def pqr_consent(self, consent=None, **kw):
        """Give or withdraw consent to electronic notification (CPACA art. 56): on
        the user's own contact only, tracked there."""
        partner = request.env.user.partner_id
        wanted = consent == "1"
        if consent in ("0", "1") and partner.pqr_electronic_consent != wanted:
            # the user's own contact (no id comes from the form): as superuser,
            # since portal users cannot write contacts
            partner.sudo().write({"pqr_electronic_consent": wanted})
        return request.redirect("/my#pqr_consent")

    # ------------------------------------------------------------------
    # /my/pqr: the list
    # ------------------------------------------------------------------
    def _pqr_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_received desc, id desc"},
            "deadline": {"label": _("Deadline"), "order": "date_deadline asc, id"},
            "name": {"label": _("Filing Number"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _pqr_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Being answered"),
                "domain": [("state", "in", STATE_GROUPS["open"])],
            },
            "decided": {
                "label": _("Decided"),
                "domain": [("state", "in", STATE_GROUPS["decided"])],
            },
            "closed": {
                "label": _("Finished"),
                "domain": [("state", "in", STATE_GROUPS["closed"])],
            },
        }

    @http.route(
        ["/my/pqr", "/my/pqr/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_pqrs(
        self, page=1, sortby=None, filterby=None, type_id=None, service=None, **kw
    ):
        Request = request.env["pqr.request"]
        sortings = self._pqr_searchbar_sortings()
        filters = self._pqr_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        types = request.env["pqr.type"].sudo().search([])
        type_id = parse_int(type_id)
        services = dict(Request._fields["service"]._description_selection(request.env))
        service = service if service in services else None
        domain = expression.AND([self._pqr_domain(), filters[filterby]["domain"]])
        if type_id:
            domain = expression.AND([domain, [("type_id", "=", type_id)]])
        if service:
            domain = expression.AND([domain, [("service", "=", service)]])
        total = Request.search_count(domain)
        pager = portal_pager(
            url="/my/pqr",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "type_id": type_id or "",
                "service": service or "",
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )
        pqrs = Request.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_pqr_history"] = pqrs.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pqr",
                "pqrs": pqrs,
                "pager": pager,
                "default_url": "/my/pqr",
                "sortings": sortings,
                "sortby": sortby,
                "filters": filters,
                "filterby": filterby,
                "types": types,
                "type_id": type_id,
                "services": services,
                "service": service,
                "states": dict(
                    Request._fields["state"]._description_selection(request.env)
                ),
            }
        )
        return request.render("pqr_servicios_publicos.portal_my_pqrs", values)

    # ------------------------------------------------------------------
    # /my/pqr/<id>: one PQR
    # ------------------------------------------------------------------
    def _pqr_check(self, pqr_id):
        """The customer's PQR, sudoed, or an AccessError/MissingError (answered
        with 404 on pages and 403 on posts: nothing tells another customer's PQR
        from a missing one)."""
        return self._document_check_access("pqr.request", pqr_id)

    def _pqr_forbidden(self):
        """Another customer's PQR, or none: the same answer, without a trace of
        it."""
        return request.make_response(
            _("You cannot act on this PQR."),
            status=403,
            headers=[("Content-Type", "text/plain; charset=utf-8")],
        )

    def _pqr_public_messages(self, pqr_sudo):
        """The messages a customer reads: comments and emails, never internal notes
        or tracking."""
        return (
            request.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", pqr_sudo._name),
                    ("res_id", "=", pqr_sudo.id),
                    ("message_type", "in", PUBLIC_MESSAGE_TYPES),
                    ("is_internal", "=", False),
                    ("subtype_id.internal", "=", False),
                ],
                order="date asc, id asc",
            )
        )

    def _pqr_detail_values(self, pqr_sudo, **extra):
        messages = self._pqr_public_messages(pqr_sudo)
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(
            pqr_sudo, None, values, "my_pqr_history", False
        )
        Request = request.env["pqr.request"]
        values.update(
            {
                "page_name": "pqr",
                "pqr": pqr_sudo,
                "states": dict(
                    Request._fields["state"]._description_selection(request.env)
                ),
                "services": dict(
                    Request._fields["service"]._description_selection(request.env)
                ),
                "status_text": pqr_sudo.with_env(request.env)._portal_status(),
                "offer": pqr_sudo.with_env(request.env)._portal_recurso_offer(),
                "recurso_types": Request._portal_recurso_types(),
                "is_petitioner": pqr_sudo.with_env(request.env)._portal_is_petitioner(),
                "pending_electronic": pqr_sudo._pqr_pending_electronic(),
                "letter_available": self._pqr_letter_available(pqr_sudo),
                "messages": messages,
                "attachments": messages.attachment_ids.sorted("id"),
                "notifications": pqr_sudo.notification_ids.filtered(
                    lambda n: n.state != "cancelled"
                ),
                "fmt": pqr_sudo.company_id._pqr_format,
                "errors": {},
                "form": {},
                "upload_limits": self._pqr_upload_limits(pqr_sudo.company_id),
            }
        )
        values.update(extra)
        return values

    def _pqr_letter_available(self, pqr_sudo):
        """The issued letter is read once the notification is effective (or
        through the confirmation of the electronic one)."""
        return bool(pqr_sudo.response_letter) and pqr_sudo.state in (
            "notified",
            "sspd",
            "closed",
        )

    def _pqr_upload_limits(self, company):
        return {
            "max_files": company.pqr_upload_max_files,
            "max_mb": company.pqr_upload_max_mb,
            "accept": ",".join(company._pqr_upload_mimetypes()),
        }

    @http.route(
        "/my/pqr/<int:pqr_id>", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_my_pqr(self, pqr_id, report_type=None, download=None, **kw):
        try:
            pqr_sudo = self._pqr_check(pqr_id)
        except (AccessError, MissingError):
            return request.not_found()
        if report_type is not None:
            return self._pqr_letter_response(pqr_sudo, report_type, download)
        values = self._pqr_detail_values(pqr_sudo, filed=kw.get("filed") == "1")
        return request.render("pqr_servicios_publicos.portal_my_pqr", values)

    def _pqr_letter_response(self, pqr_sudo, report_type, download):
        """``?report_type=pdf``: the letter as issued (never rendered again). While
        the electronic notification waits for the petitioner, the confirmation page
        of the decision link comes first: opening it notifies."""
        if report_type != "pdf" or not pqr_sudo.response_letter:
            return request.redirect(f"/my/pqr/{pqr_sudo.id}")
        pending = pqr_sudo._pqr_pending_electronic()
        if pending and self._pqr_is_recipient(pqr_sudo, None):
            return request.redirect(f"/pqr/decision/{pqr_sudo.id}")
        if not self._pqr_letter_available(pqr_sudo):
            return request.redirect(f"/my/pqr/{pqr_sudo.id}")
        return self._pqr_letter_stream(pqr_sudo, as_attachment=bool(download))

    def _pqr_letter_stream(self, pqr_sudo, as_attachment=False):
        """The response letter as issued (the stored file)."""
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                pqr_sudo, "response_letter", filename=pqr_sudo.response_letter_name
            )
            .get_response(as_attachment=as_attachment)
        )

    @http.route(
        "/my/pqr/<int:pqr_id>/attachment/<int:attachment_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_pqr_attachment(self, pqr_id, attachment_id, **kw):
        """A file of a message the customer reads on this PQR; nothing else."""
        try:
            pqr_sudo = self._pqr_check(pqr_id)
        except (AccessError, MissingError):
            return request.not_found()
        attachment = self._pqr_public_messages(pqr_sudo).attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            return request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )

    @http.route(
        "/my/pqr/<int:pqr_id>/message",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_pqr_message(self, pqr_id, body=None, **kw):
        """The petitioner writes to the office on their PQR, with files checked as
        at filing."""
        try:
            pqr_sudo = self._pqr_check(pqr_id)
        except (AccessError, MissingError):
            return self._pqr_forbidden()
        try:
            with request.env.cr.savepoint():
                pqr_sudo.with_env(request.env)._portal_post_message(
                    body or "", form_files()
                )
        except PqrFilingError as error:
            values = self._pqr_detail_values(
                pqr_sudo, errors=error.errors, form={"body": body or ""}
            )
            return request.render(
                "pqr_servicios_publicos.portal_my_pqr", values, status=400
            )
        return request.redirect(f"/my/pqr/{pqr_id}#pqr_messages")

    @http.route(
        "/my/pqr/<int:pqr_id>/recurso",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_pqr_recurso(self, pqr_id, kind=None, description=None, **kw):
        """File a recurso against the notified decision of this PQR."""
        try:
            pqr_sudo = self._pqr_check(pqr_id)
        except (AccessError, MissingError):
            return self._pqr_forbidden()
        form = {"kind": kind or "", "description": description or ""}
        try:
            with request.env.cr.savepoint():
                recurso = pqr_sudo.with_env(request.env)._portal_file_recurso(
                    kind, description or ""
                )
        except PqrFilingError as error:
            values = self._pqr_detail_values(pqr_sudo, errors=error.errors, form=form)
            return request.render(
                "pqr_servicios_publicos.portal_my_pqr", values, status=400
            )
        except (UserError, AccessError) as error:
            values = self._pqr_detail_values(
                pqr_sudo, errors={"kind": error.args[0]}, form=form
            )
            return request.render(
                "pqr_servicios_publicos.portal_my_pqr", values, status=400
            )
        return request.redirect(f"/my/pqr/{recurso.id}?filed=1")

    # ------------------------------------------------------------------
    # /my/pqr/new: filing
    # ------------------------------------------------------------------
    def _pqr_filing_values(self, **extra):
        Request = request.env["pqr.request"]
        company = request.env.company
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pqr_new",
                "types": Request._portal_filing_types(),
                "services": Request._fields["service"]._description_selection(
                    request.env
                ),
                "causals": Request._portal_causals(company),
                "accounts": Request._portal_accounts(partner, company),
                "upload_limits": self._pqr_upload_limits(company),
                "description_max": DESCRIPTION_MAX,
                "errors": {},
                "form": {},
            }
        )
        values.update(extra)
        return values

    @http.route("/my/pqr/new", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_pqr_new(self, **kw):
        return request.render(
            "pqr_servicios_publicos.portal_my_pqr_new", self._pqr_filing_values()
        )

    @http.route("/my/pqr/new", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_pqr_file(self, **post):
        form = {
            key: parse_text(post.get(key))
            for key in (
                "type_id",
                "service",
                "service_account_id",
                "causal_id",
                "subject",
                "description",
            )
        }
        data = dict(
            form,
            type_id=parse_int(form["type_id"]),
            service_account_id=parse_int(form["service_account_id"]),
            causal_id=parse_int(form["causal_id"]),
        )
        try:
            with request.env.cr.savepoint():
                pqr = request.env["pqr.request"]._portal_file(data, form_files())
        except PqrFilingError as error:
            values = self._pqr_filing_values(errors=error.errors, form=form)
            return request.render(
                "pqr_servicios_publicos.portal_my_pqr_new", values, status=400
            )
        return request.redirect(f"/my/pqr/{pqr.id}?filed=1")

    # ------------------------------------------------------------------
    # The decision link (CPACA art. 56)
    # ------------------------------------------------------------------
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
        return self._pqr_letter_stream(pqr_sudo)

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
        if not access_token and not request.env.user._is_public():
            # signed in: back to their PQR, with the letter and the recursos
            return request.redirect(f"/my/pqr/{pqr_id}#pqr_decision_title")
        query = f"?access_token={access_token}" if access_token else ""
        return request.redirect(f"/pqr/decision/{pqr_id}{query}")
