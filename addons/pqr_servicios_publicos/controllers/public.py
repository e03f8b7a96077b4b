"""Public pages: file a PQR without an account (/pqr/radicar) and look up its status
(/pqr/consulta).

Both are plain HTML forms (they work without script), CSRF-protected, throttled
per IP address and shown in the company's language. The controller only parses
the form into typed values and calls the model, which checks everything again."""

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import consteq, hmac

from ..models.pqr_common import OPEN_STATES
from ..models.pqr_request_portal import CONTROL_CHARS, PqrFilingError
from ..models.res_company import UPLOAD_EXTENSIONS

# Text fields of the filing form, and the select fields holding a database id
PERSON_TEXT = ("name", "vat", "email", "street", "phone")
FILING_TEXT = ("service", "subject", "description")
FILING_IDS = ("identification_type_id", "type_id", "causal_id")
HONEYPOT = "website_url"
TEXT_MAX = 20000  # longer than any field takes: the model says what is too long
LOOKUP_MAX = 64
# what a select sent that is not an id: a choice that matches no record (the model
# refuses it beside its field), never "no choice"
NO_RECORD = -1


def parse_text(value, limit=TEXT_MAX):
    """A form value as a string: '' for a missing value or an uploaded file,
    without control characters other than tabs and line breaks."""
    if not isinstance(value, str):
        return ""
    return CONTROL_CHARS.sub("", value[:limit])


def parse_int(value):
    """A positive database id from a form value, else False ("1; DROP", "-1",
    "9999999999999" and non-ASCII digits are all False)."""
    value = parse_text(value, 32).strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value) or False
    return False


def form_files(name="attachments"):
    """The files of a multipart form field as ``[(filename, content)]``."""
    return [
        (upload.filename or "", upload.read())
        for upload in request.httprequest.files.getlist(name)
    ]


class PqrPublic(http.Controller):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _pqr_public_company(self):
        """The company whose office the visitor writes to; the page (and the
        messages of the model) in its language."""
        company = request.env.company
        request.update_context(lang=company._pqr_lang())
        return request.env.company

    def _pqr_public_allowed(self, action):
        return request.env["pqr.rate.limit"]._pqr_hit(
            action, request.httprequest.remote_addr
        )

    def _pqr_public_render(self, template, values, status=200):
        return request.render(
            f"pqr_servicios_publicos.{template}", values, status=status
        )

    # ------------------------------------------------------------------
    # /pqr/radicar: file a PQR
    # ------------------------------------------------------------------
    def _pqr_filing_form(self, kw):
        """The typed values of the filing form (also what the page shows again)."""
        form = {field: parse_text(kw.get(field)) for field in PERSON_TEXT + FILING_TEXT}
        for field in FILING_IDS:
            raw = parse_text(kw.get(field)).strip()
            form[field] = parse_int(raw) or (NO_RECORD if raw else False)
        form["consent"] = parse_text(kw.get("consent")) == "1"
        return form

    def _pqr_filing_page(
        self, company, form=None, errors=None, notice=None, files_lost=False, status=200
    ):
        Request = request.env["pqr.request"]
        services = Request._fields["service"]._description_selection(request.env)
        causals = [
            (
                causal,
                ",".join(key for key, _label in services if causal[f"applies_{key}"]),
            )
            for causal in Request._portal_causals(company)
        ]
        # the company's upload limits are public information: read as superuser
        company = company.sudo()
        mimetypes = company._pqr_upload_mimetypes()
        extensions = [ext for m in mimetypes for ext in UPLOAD_EXTENSIONS.get(m, ())]
        values = {
            "form": form or {"consent": False},
            "errors": errors or {},
            "notice": notice,
            "files_lost": files_lost,
            "id_types": Request._portal_identification_types(),
            "types": Request._portal_filing_types(),
            "services": services,
            "causals": causals,
            "upload_accept": ",".join(extensions + mimetypes),
            "upload_max_files": company.pqr_upload_max_files,
            "upload_help": _(
                "Up to %(count)s files of at most %(size)s MB each, of these types: "
                "%(types)s.",
                count=company.pqr_upload_max_files,
                size=company.pqr_upload_max_mb,
                types=", ".join(
                    UPLOAD_EXTENSIONS[m][0].lstrip(".").upper()
                    for m in mimetypes
                    if m in UPLOAD_EXTENSIONS
                ),
            ),
        }
        return self._pqr_public_render("pqr_public_filing", values, status=status)

    def _pqr_filed_check(self, pqr_id):
        """A signature of the result page's link (not the PQR's access token, which
        opens its decision: the filer may not be the petitioner)."""
        return hmac(request.env(su=True), "pqr-public-filed", pqr_id)

    @http.route("/pqr/radicar", type="http", auth="public", methods=["GET"])
    def pqr_filing_form(self, filed=None, check=None, **kw):
        company = self._pqr_public_company()
        pqr_id = parse_int(filed)
        if pqr_id and consteq(parse_text(check, 128), self._pqr_filed_check(pqr_id)):
            # the PQR this visitor just filed (signed link): shown as superuser
            # (the public user reads no PQR), never its petitioner's data
            pqr = request.env["pqr.request"].sudo().browse(pqr_id).exists()
            if pqr:
                return self._pqr_public_render("pqr_public_filed", {"pqr": pqr})
        return self._pqr_filing_page(company)

    @http.route("/pqr/radicar", type="http", auth="public", methods=["POST"])
    def pqr_filing_submit(self, **kw):
        company = self._pqr_public_company()
        form = self._pqr_filing_form(kw)
        if not self._pqr_public_allowed("radicar"):
            notice = _(
                "Too many filings were sent from your connection. Wait a few minutes "
                "and send the form again, or file your PQR at our offices."
            )
            return self._pqr_filing_page(company, form, notice=notice, status=429)
        if kw.get(HONEYPOT):
            return self._pqr_public_render("pqr_public_not_filed", {}, status=400)
        person = {field: form[field] for field in PERSON_TEXT}
        person.update(
            identification_type_id=form["identification_type_id"],
            consent=form["consent"],
        )
        data = {field: form[field] for field in FILING_TEXT}
        data.update(type_id=form["type_id"], causal_id=form["causal_id"])
        files = form_files()
        try:
            with request.env.cr.savepoint():
                pqr = request.env["pqr.request"]._public_file(person, data, files)
        except PqrFilingError as error:
            errors = error.errors
        except ValidationError as error:
            errors = {"form": error.args[0]}
        else:
            # post/redirect/get: reloading the result page never files twice
            return request.redirect(
                f"/pqr/radicar?filed={pqr.id}&check={self._pqr_filed_check(pqr.id)}"
            )
        return self._pqr_filing_page(
            company, form, errors=errors, files_lost=bool(files), status=400
        )

    # ------------------------------------------------------------------
    # /pqr/consulta: where a PQR stands
    # ------------------------------------------------------------------
    def _pqr_lookup_page(self, form, errors=None, notice=None, pqr=None, status=200):
        values = {"form": form, "errors": errors or {}, "notice": notice, "pqr": pqr}
        if pqr:
            token = form["access_token"]
            states = dict(pqr._fields["state"]._description_selection(request.env))
            values.update(
                state_label=states.get(pqr.state, ""),
                fmt=pqr.company_id._pqr_format,
                show_days_left=pqr.state in OPEN_STATES and bool(pqr.date_deadline),
                status=pqr._portal_status(),
                decision_url=(
                    f"/pqr/decision/{pqr.id}?access_token={token}"
                    if pqr.date_response
                    and token
                    and pqr.access_token
                    and consteq(pqr.access_token, token)
                    else False
                ),
            )
        return self._pqr_public_render("pqr_public_lookup", values, status=status)

    @http.route("/pqr/consulta", type="http", auth="public", methods=["GET"])
    def pqr_lookup_form(self, access_token=None, **kw):
        self._pqr_public_company()
        form = {
            "radicado": "",
            "vat": "",
            "access_token": parse_text(access_token, 128),
        }
        return self._pqr_lookup_page(form)

    @http.route("/pqr/consulta", type="http", auth="public", methods=["POST"])
    def pqr_lookup_submit(self, **kw):
        company = self._pqr_public_company()
        form = {
            "radicado": parse_text(kw.get("radicado"), LOOKUP_MAX).strip(),
            "vat": parse_text(kw.get("vat"), LOOKUP_MAX).strip(),
            "access_token": parse_text(kw.get("access_token"), 128),
        }
        if not self._pqr_public_allowed("consulta"):
            notice = _(
                "Too many lookups were sent from your connection. Wait a minute and "
                "try again."
            )
            return self._pqr_lookup_page(form, notice=notice, status=429)
        errors = {}
        if not form["radicado"]:
            errors["radicado"] = _("Write the filing number of your PQR.")
        if not form["vat"]:
            errors["vat"] = _("Write the identification number of the petitioner.")
        if errors:
            return self._pqr_lookup_page(form, errors=errors, status=400)
        # normalised as the filing form stores it (_pqr_check_person)
        vat = "".join(form["vat"].split()).upper()
        # The pair (filing number, identification number) is the credential: the
        # public user reads no PQR, so the lookup runs as superuser on this exact
        # pair only, and the page shows nothing of the petitioner.
        pqr = (
            request.env["pqr.request"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("name", "=", form["radicado"].upper()),
                    "|",
                    ("partner_id.vat", "=", vat),
                    ("commercial_partner_id.vat", "=", vat),
                ],
                limit=1,
            )
        )
        if not pqr:
            # the same answer for an unknown filing number and a wrong pair
            notice = _(
                "No PQR matches this filing number and identification number. Check "
                "both as they appear on your acknowledgement of receipt."
            )
            return self._pqr_lookup_page(form, notice=notice, status=404)
        return self._pqr_lookup_page(form, pqr=pqr)
