"""What a customer does without the office: file a PQR on the portal or on the
public form, file a recurso against their notified decision, and read where their
PQR stands in plain words.

The controllers check who is asking and parse the form into typed values; the rules
live here. Every input is whitelisted and checked (a type a customer may file, a
cause valid for the service, an account of their own, files by their content);
anything wrong raises ``PqrFilingError`` with one message per form field, before
anything is created.
"""

import re

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .pqr_common import OPEN_STATES, office
from .res_company import UPLOAD_EXTENSIONS

SUBJECT_MAX = 200
DESCRIPTION_MAX = 10000
NAME_MAX = 128
VAT_MAX = 20
STREET_MAX = 200
PHONE_MAX = 32


# control characters a form may carry but a text must not (PostgreSQL refuses NUL)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """A form value as text: a string without control characters (tabs and line
    breaks kept), stripped."""
    return CONTROL_CHARS.sub("", value if isinstance(value, str) else "").strip()


class PqrFilingError(UserError):
    """Bad input on a filing form. ``errors`` maps each form field to the message
    shown beside it."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors.values()))


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    # ------------------------------------------------------------------
    # Catalogues of the filing forms (public information)
    # ------------------------------------------------------------------
    @api.model
    def _portal_filing_types(self):
        """Types a customer may file (recursos are filed from their decision)."""
        # catalogue records, public: read as superuser for the public user
        return (
            self.env["pqr.type"]
            .sudo()
            .search([("portal_filing", "=", True), ("is_recurso", "=", False)])
        )

    @api.model
    def _portal_causals(self, company=None):
        """Causes valid today, for any service (the form filters them by service)."""
        # the company's calendar, public information
        day = (company or self.env.company).sudo()._pqr_today()
        return (
            self.env["pqr.causal"]
            .sudo()
            .search(
                [
                    "|",
                    ("date_from", "=", False),
                    ("date_from", "<=", day),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", day),
                ]
            )
        )

    @api.model
    def _portal_accounts(self, partner, company=None):
        """The service accounts of the customer's commercial partner."""
        company = company or self.env.company
        return (
            self.env["pqr.service.account"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                ]
            )
        )

    @api.model
    def _portal_identification_types(self):
        return (
            self.env["l10n_latam.identification.type"]
            .sudo()
            .search(
                [
                    "|",
                    ("country_id", "=", False),
                    ("country_id.code", "=", "CO"),
                ]
            )
        )

    # ------------------------------------------------------------------
    # Checking a filing
    # ------------------------------------------------------------------
    @api.model
    def _pqr_check_filing(self, partner, company, data):
        """The values of a new PQR from the typed form ``data`` (``type_id``,
        ``service``, ``service_account_id``, ``causal_id``: ints or False;
        ``subject``, ``description``: strings). Returns ``(vals, errors)``."""
        errors = {}
        types = self._portal_filing_types()
        pqr_type = types.filtered(lambda t: t.id == data.get("type_id"))
        if not pqr_type:
            errors["type_id"] = _("Choose what you are filing.")
        services = dict(self._fields["service"]._description_selection(self.env))
        service = data.get("service")
        if service not in services:
            errors["service"] = _("Choose the service your request is about.")
            service = False
        account = self.env["pqr.service.account"]
        if data.get("service_account_id"):
            account = self._portal_accounts(partner, company).filtered(
                lambda a: a.id == data["service_account_id"]
            )
            if not account:
                errors["service_account_id"] = _(
                    "Choose one of your service accounts, or none."
                )
            elif service and not account[f"service_{service}"]:
                errors["service_account_id"] = _(
                    "The service account %(account)s does not have this service.",
                    account=account.name,
                )
        causal = self.env["pqr.causal"]
        if data.get("causal_id"):
            causal = self._portal_causals(company).filtered(
                lambda c: c.id == data["causal_id"]
            )
            if not causal or (service and not causal._applies_to(service, None)):
                errors["causal_id"] = _(
                    "Choose a cause of the service you chose, or leave it empty."
                )
        subject = clean_text(data.get("subject"))
        if len(subject) > SUBJECT_MAX:
            errors["subject"] = _(
                "Write the subject in at most %(max)s characters.", max=SUBJECT_MAX
            )
        description = clean_text(data.get("description"))
        if not description:
            errors["description"] = _("Tell us what your request is about.")
        elif len(description) > DESCRIPTION_MAX:
            errors["description"] = _(
                "Write at most %(max)s characters; attach a document for more.",
                max=DESCRIPTION_MAX,
            )
        vals = {
            "company_id": company.id,
            "partner_id": partner.id,
            "type_id": pqr_type.id,
            "service": service,
            "service_account_id": account.id,
            "causal_id": causal.id,
            "subject": subject or pqr_type.name,
            "description": plaintext2html(description),
            "channel": "web",
        }
        return vals, errors

    @api.model
    def _pqr_check_uploads(self, company, files):
        """The attachments of a filing, checked against the company's limits:
        number, size, and the type read from the content (a renamed executable is
        not a PDF), which the name's extension must agree with. ``files`` is a list
        of ``(filename, content)``; returns ``(uploads, error)``."""
        files = [(name, content) for name, content in files if name or content]
        if not files:
            return [], None
        if len(files) > company.pqr_upload_max_files:
            return [], _(
                "Attach at most %(count)s files.", count=company.pqr_upload_max_files
            )
        accepted = company._pqr_upload_mimetypes()
        max_bytes = company.pqr_upload_max_mb * 1024 * 1024
        names = ", ".join(
            ext.lstrip(".").upper()
            for mimetype in accepted
            for ext in UPLOAD_EXTENSIONS.get(mimetype, ())[:1]
        )
        uploads = []
        for filename, content in files:
            filename = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:128]
            if not content:
                return [], _("The file %(name)s is empty.", name=filename)
            if len(content) > max_bytes:
                return [], _(
                    "The file %(name)s is larger than %(size)s MB.",
                    name=filename,
                    size=company.pqr_upload_max_mb,
                )
            mimetype = guess_mimetype(content, default="")
            extensions = UPLOAD_EXTENSIONS.get(mimetype, ())
            if mimetype not in accepted or not filename.lower().endswith(extensions):
                return [], _(
                    "The file %(name)s is not accepted: attach %(types)s files.",
                    name=filename,
                    types=names,
                )
            uploads.append({"name": filename, "raw": content, "mimetype": mimetype})
        return uploads, None

    # ------------------------------------------------------------------
    # Filing
    # ------------------------------------------------------------------
    @api.model
    def _portal_file(self, data, files):
        """A portal user files a PQR as themselves (the petitioner is their own
        partner, never one from the form)."""
        user = self.env.user
        if user._is_public():
            raise AccessError(_("Sign in to file a PQR on the portal."))
        partner = user.partner_id
        company = self.env.company
        vals, errors = self._pqr_check_filing(partner, company, data)
        uploads, upload_error = self._pqr_check_uploads(company, files)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            raise PqrFilingError(errors)
        return self._pqr_web_file(vals, uploads)

    @api.model
    def _public_file(self, person, data, files):
        """Anybody files a PQR on the public form (Ley 1755 de 2015: no account
        needed). The petitioner is matched by identification or created; an
        existing contact is never changed by an anonymous form: what the person
        typed is kept on the PQR as an internal note for the clerk to check. The
        answer is the same whether the identification was known or not."""
        company = self.env.company
        person, errors = self._pqr_check_person(person)
        partner = self.env["res.partner"]
        if not errors:
            partner = self._pqr_match_petitioner(person)
        vals, filing_errors = self._pqr_check_filing(
            partner or self.env["res.partner"],
            company,
            dict(data, service_account_id=False),
        )
        errors.update(filing_errors)
        uploads, upload_error = self._pqr_check_uploads(company, files)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            raise PqrFilingError(errors)
        matched = bool(partner)
        if not matched:
            partner = self._pqr_create_petitioner(person, company)
        vals["partner_id"] = partner.id
        request = self._pqr_web_file(vals, uploads)
        if matched:
            request._pqr_note_public_contact(person)
        return request

    @api.model
    def _pqr_check_person(self, person):
        """The identity typed on the public form, whitelisted and typed."""
        errors = {}
        clean = {
            "name": clean_text(person.get("name"))[: NAME_MAX + 1],
            "vat": "".join(clean_text(person.get("vat")).split()).upper()[
                : VAT_MAX + 1
            ],
            "email": clean_text(person.get("email")),
            "street": clean_text(person.get("street"))[: STREET_MAX + 1],
            "phone": clean_text(person.get("phone"))[: PHONE_MAX + 1],
            "consent": bool(person.get("consent")),
            "identification_type_id": False,
        }
        if not clean["name"] or len(clean["name"]) > NAME_MAX:
            errors["name"] = _(
                "Write your full name (at most %(max)s characters).", max=NAME_MAX
            )
        id_type = self._portal_identification_types().filtered(
            lambda t: t.id == person.get("identification_type_id")
        )
        if not id_type:
            errors["identification_type_id"] = _("Choose your identification type.")
        clean["identification_type_id"] = id_type.id
        vat = clean["vat"]
        if (
            not vat
            or len(vat) > VAT_MAX
            or not all(c.isalnum() or c == "-" for c in vat)
        ):
            errors["vat"] = _(
                "Write your identification number: letters, digits and dashes, at "
                "most %(max)s.",
                max=VAT_MAX,
            )
        if clean["email"]:
            email = email_normalize(clean["email"])
            if not email or len(email) > 128:
                errors["email"] = _("Write a valid email address, or leave it empty.")
            clean["email"] = email or ""
        if not clean["email"] and not clean["street"]:
            errors["street"] = _(
                "Give an email or a postal address, so that we can answer you."
            )
        if len(clean["street"]) > STREET_MAX:
            errors["street"] = _(
                "Write the address in at most %(max)s characters.", max=STREET_MAX
            )
        if len(clean["phone"]) > PHONE_MAX:
            errors["phone"] = _(
                "Write the phone in at most %(max)s characters.", max=PHONE_MAX
            )
        if clean["consent"] and not clean["email"]:
            errors["email"] = _(
                "To be notified electronically, give your email address."
            )
        return clean, errors

    @api.model
    def _pqr_match_petitioner(self, person):
        """The contact with this identification, if any (read as superuser: the
        public user reads no contacts, and the answer never says which)."""
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("vat", "=", person["vat"]),
                    (
                        "l10n_latam_identification_type_id",
                        "=",
                        person["identification_type_id"],
                    ),
                ],
                order="id",
                limit=1,
            )
        )

    @api.model
    def _pqr_create_petitioner(self, person, company):
        values = {
            "name": person["name"],
            "vat": person["vat"],
            "l10n_latam_identification_type_id": person["identification_type_id"],
            "email": person["email"] or False,
            "street": person["street"] or False,
            "phone": person["phone"] or False,
            "lang": company._pqr_lang(),
            "pqr_electronic_consent": person["consent"],
            "company_id": False,
        }
        try:
            # created after every check passed, for the filing itself
            with self.env.cr.savepoint():
                return self.env["res.partner"].sudo().create(values)
        except ValidationError as error:
            raise PqrFilingError({"vat": str(error.args[0])}) from error

    def _pqr_note_public_contact(self, person):
        """Internal note: the contact data typed on the public form for a known
        identification, which the form does not write on the contact."""
        note = office(self.sudo())
        env = note.env
        lines = [
            (env._("Name"), person["name"]),
            (env._("Email"), person["email"]),
            (env._("Address"), person["street"]),
            (env._("Phone"), person["phone"]),
            (
                env._("Accepts electronic notification"),
                env._("Yes") if person["consent"] else env._("No"),
            ),
        ]
        body = env._(
            "Filed on the public form with a known identification. The contact was "
            "not changed; check these data with the petitioner before using them:"
        )
        note.message_post(
            body=plaintext2html(
                body + "\n" + "\n".join(f"{k}: {v or '-'}" for k, v in lines)
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _pqr_web_file(self, vals, uploads):
        """Create the PQR checked by the callers, with the customer's files on a
        message of theirs, which the portal shows. Created as superuser: customers
        cannot create PQRs by themselves, only through these checks."""
        partner = self.env["res.partner"].browse(vals["partner_id"])
        vals = dict(
            vals,
            annex_count=len(uploads),
            annex_description=", ".join(u["name"] for u in uploads)[:250] or False,
        )
        model = self.sudo().with_context(mail_create_nosubscribe=True)
        request = model.create(vals)
        request.message_subscribe(partner_ids=partner.ids)
        request.with_context(mail_post_autofollow=False).message_post(
            body=vals["description"],
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(upload["name"], upload["raw"]) for upload in uploads],
        )
        return request.with_env(self.env)

    # ------------------------------------------------------------------
    # Recurso from the portal
    # ------------------------------------------------------------------
    def _portal_is_petitioner(self):
        self.ensure_one()
        user = self.env.user
        return not user._is_public() and user.partner_id == self.sudo().partner_id

    def _portal_recurso_offer(self):
        """Whether the petitioner may file a recurso here, and if not why: a dict
        with ``kinds`` (the recursos offered, most first), ``until`` and
        ``reason``."""
        self.ensure_one()
        request = self.sudo()
        offer = {"kinds": [], "until": request.recurso_deadline, "reason": False}
        fmt = request.company_id._pqr_format
        if request.parent_id or request.type_id.is_recurso:
            offer["reason"] = _("No recurso lies against the answer to a recurso.")
            return offer
        if request.state not in ("notified", "sspd", "closed"):
            return offer
        allowed = request.recursos_allowed or "none"
        if allowed == "none":
            offer["reason"] = _("No recurso lies against this decision.")
            return offer
        if request.child_ids:
            offer["reason"] = _(
                "You filed the recurso %(name)s against this decision.",
                name=", ".join(request.child_ids.mapped("name")),
            )
            return offer
        today = request.company_id._pqr_today()
        if (
            request.state != "notified"
            or not request.recurso_deadline
            or (today > request.recurso_deadline)
        ):
            offer["reason"] = _(
                "The term to file a recurso ended on %(date)s: the decision is final.",
                date=fmt(request.recurso_deadline) if request.recurso_deadline else "-",
            )
            return offer
        offer["kinds"] = (
            ["appeal", "reposicion"] if allowed == "appeal" else ["reposicion"]
        )
        return offer

    def _portal_file_recurso(self, kind, description):
        """The petitioner files a recurso against their notified decision, inside
        its window. Checked here again, whoever calls."""
        self.ensure_one()
        if not self._portal_is_petitioner():
            raise AccessError(_("Only the petitioner files a recurso on the portal."))
        offer = self._portal_recurso_offer()
        if kind not in offer["kinds"]:
            raise UserError(
                offer["reason"] or _("This recurso cannot be filed on this decision.")
            )
        description = clean_text(description)
        if not description:
            raise PqrFilingError(
                {"description": _("Tell us why you do not agree with the decision.")}
            )
        if len(description) > DESCRIPTION_MAX:
            raise PqrFilingError(
                {
                    "description": _(
                        "Write at most %(max)s characters.", max=DESCRIPTION_MAX
                    )
                }
            )
        # the petitioner, checked above: the office's rule files it
        recurso = self.sudo()._file_recurso(
            apelacion=kind == "appeal",
            description=plaintext2html(description),
            channel="web",
        )
        recurso.sudo().message_subscribe(partner_ids=recurso.partner_id.ids)
        return recurso.with_env(self.env)

    # ------------------------------------------------------------------
    # Messages from the portal
    # ------------------------------------------------------------------
    def _portal_post_message(self, body, files):
        """The petitioner writes to the office on their PQR (a comment the office
        reads in the chatter), with files checked as at filing."""
        self.ensure_one()
        if not self._portal_is_petitioner():
            raise AccessError(_("Only the petitioner writes on their PQR."))
        body = clean_text(body)
        errors = {}
        if not body:
            errors["body"] = _("Write your message.")
        elif len(body) > DESCRIPTION_MAX:
            errors["body"] = _("Write at most %(max)s characters.", max=DESCRIPTION_MAX)
        request = self.sudo()
        uploads, upload_error = self._pqr_check_uploads(request.company_id, files)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            raise PqrFilingError(errors)
        # the petitioner, checked above: posted as superuser, authored by them
        return request.with_context(mail_post_autofollow=False).message_post(
            body=plaintext2html(body),
            author_id=request.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(upload["name"], upload["raw"]) for upload in uploads],
        )

    # ------------------------------------------------------------------
    # Where the PQR stands, in plain words
    # ------------------------------------------------------------------
    def _portal_status(self):
        """What the customer reads: the next step and by when. One text per state,
        with the dates of the legal clock (never recomputed by the page)."""
        self.ensure_one()
        request = self.sudo()
        fmt = request.company_id._pqr_format
        state = request.state
        if state in OPEN_STATES and request.date_deadline:
            days = request.business_days_left
            if state == "suspended":
                return _(
                    "The term is suspended. The company must answer by %(date)s.",
                    date=fmt(request.date_deadline),
                )
            if days < 0:
                return _(
                    "The term to answer ended on %(date)s.",
                    date=fmt(request.date_deadline),
                )
            if days == 0:
                return _(
                    "The company must answer today, %(date)s, the last day of the "
                    "term.",
                    date=fmt(request.date_deadline),
                )
            return (
                _(
                    "The company studies your request and must answer by %(date)s "
                    "(1 business day left).",
                    date=fmt(request.date_deadline),
                )
                if days == 1
                else _(
                    "The company studies your request and must answer by %(date)s "
                    "(%(days)s business days left).",
                    date=fmt(request.date_deadline),
                    days=days,
                )
            )
        if state in OPEN_STATES:
            return _("The company studies your request.")
        if state == "incomplete":
            return _(
                "We asked you to complete your request: send what is missing by "
                "%(date)s.",
                date=fmt(request.completion_deadline)
                if request.completion_deadline
                else "-",
            )
        if state == "decided":
            return _(
                "The decision was issued on %(date)s. You will be notified of it.",
                date=fmt(request.date_response),
            )
        if state == "notifying":
            if request._pqr_pending_electronic():
                return _(
                    "The decision was issued on %(date)s. Open it to be notified.",
                    date=fmt(request.date_response),
                )
            return _(
                "The decision was issued on %(date)s. We will send you a citation "
                "to notify you of it in person, or a notice with its copy.",
                date=fmt(request.date_response),
            )
        if state == "notified":
            offer = request._portal_recurso_offer()
            if offer["kinds"]:
                return _(
                    "You were notified on %(date)s. If you do not agree, you may file "
                    "a recurso until %(until)s.",
                    date=fmt(request.date_notified),
                    until=fmt(offer["until"]),
                )
            return _("You were notified on %(date)s.", date=fmt(request.date_notified))
        if state == "sspd":
            return _(
                "Your apelación was sent to the Superintendencia de Servicios "
                "Públicos Domiciliarios on %(date)s, which decides it.",
                date=fmt(request.date_sspd_transfer),
            )
        if state == "transferred":
            return _(
                "Your request was sent to %(entity)s, the authority competent to "
                "answer it, on %(date)s.",
                entity=request.transfer_partner_id.name or "-",
                date=fmt(request.date_transfer) if request.date_transfer else "-",
            )
        return _("The procedure ended: the decision is final.")

    @api.model
    def _portal_recurso_types(self):
        """The PQR type each portal recurso files, by kind (catalogue records)."""
        return {
            "appeal": self.env.ref("pqr_servicios_publicos.pqr_type_recurso_apelacion"),
            "reposicion": self.env.ref(
                "pqr_servicios_publicos.pqr_type_recurso_reposicion"
            ),
        }
