"""The public pages (/pqr/radicar, /pqr/consulta) through Odoo's real HTTP stack, as
a visitor without an account: real form posts with the CSRF token.

The pages are checked by their structure (element ids, ARIA attributes), not by
their English texts, which are translated to the company's language."""

import random
import re
import time

from lxml import html

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import MODULE

PARAM = f"{MODULE}.rate_limit_%s"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CSRF = re.compile(r'(csrf_token["\']?\s*[:=]\s*["\']|name="csrf_token" value=")[^"\']*')


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase):
    def setUp(self):
        super().setUp()
        self.company = self.env.company
        self.company.partner_id.lang = "es_CO"
        self.env["ir.config_parameter"].set_param(PARAM % "radicar", "1000/600")
        self.env["ir.config_parameter"].set_param(PARAM % "consulta", "1000/60")
        self.cc = self.env.ref("l10n_co.national_citizen_id")
        self.peticion = self.env.ref(f"{MODULE}.pqr_type_peticion")
        self.authenticate(None, None)  # a visitor's session (CSRF token)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _form(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "name": "Ana María Pública",
            "identification_type_id": str(self.cc.id),
            "vat": "7700112233",
            "email": "ana.publica@example.com",
            "street": "Calle 10 # 4-21",
            "phone": "3001234567",
            "consent": "1",
            "type_id": str(self.peticion.id),
            "service": "water",
            "causal_id": "",
            "subject": "Fuga en el medidor",
            "description": "El medidor tiene una fuga desde el lunes.",
            "website_url": "",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def _file(self, files=None, **values):
        return self.url_open("/pqr/radicar", data=self._form(**values), files=files)

    def _lookup(self, radicado, vat, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "radicado": radicado,
            "vat": vat,
        }
        data.update(values)
        return self.url_open("/pqr/consulta", data=data)

    def _counts(self):
        partners = self.env["res.partner"].with_context(active_test=False)
        return self.env["pqr.request"].search_count([]), partners.search_count([])

    def _last_pqr(self):
        return self.env["pqr.request"].search([], order="id desc", limit=1)

    @staticmethod
    def _option(doc, field, value):
        options = doc.xpath(f"//select[@id='pqr_{field}']/option[@value='{value}']")
        return options[0] if options else None

    @staticmethod
    def _doc(response):
        return html.fromstring(response.content)

    @staticmethod
    def _normalised(response, *typed):
        """The page without its CSRF tokens and the given typed values."""
        text = CSRF.sub(r"\1TOKEN", response.text)
        for value in typed:
            text = text.replace(value, "TYPED")
        return text

    def _lang_es(self, record):
        return record.with_context(lang="es_CO")

    def assertFieldError(self, doc, field):
        """The message beside the field, tied to it, and in the summary."""
        error = doc.get_element_by_id(f"pqr_{field}_error")
        self.assertTrue(error.text_content().strip())
        control = doc.get_element_by_id(f"pqr_{field}")
        self.assertEqual(control.get("aria-invalid"), "true")
        self.assertIn(f"pqr_{field}_error", control.get("aria-describedby").split())
        summary = doc.get_element_by_id("pqr_errors")
        self.assertEqual(summary.get("role"), "alert")
        self.assertIn(f"#pqr_{field}", [a.get("href") for a in summary.iter("a")])
        self.assertIn(
            error.text_content().strip(), summary.text_content().replace("\n", " ")
        )

    def assertKept(self, doc, data):
        """What the person typed is in the form again."""
        for field in ("name", "vat", "email", "street", "phone", "subject"):
            if data.get(field):
                value = doc.get_element_by_id(f"pqr_{field}").get("value")
                self.assertEqual(value, data[field], field)
        if data.get("description"):
            self.assertEqual(
                doc.get_element_by_id("pqr_description").text_content(),
                data["description"],
            )
        for field in ("identification_type_id", "type_id", "service", "causal_id"):
            options = doc.get_element_by_id(f"pqr_{field}").iter("option")
            options = {o.get("value"): o.get("selected") for o in options}
            wanted = data.get(field)
            selected = [value for value, flag in options.items() if flag]
            expected = [wanted] if wanted and wanted in options else []
            self.assertEqual(selected, expected, field)
        consent = doc.get_element_by_id("pqr_consent").get("checked")
        self.assertEqual(bool(consent), data.get("consent") == "1")

    def _causal_not_water(self):
        causal = self.env["pqr.causal"].search([("applies_water", "=", False)], limit=1)
        return causal or self.env["pqr.causal"].create(
            {
                "causal_group": "P",
                "code": "999",
                "name": "Causa solo de aseo",
                "applies_water": False,
                "applies_waste": True,
            }
        )

    # ------------------------------------------------------------------
    # The form
    # ------------------------------------------------------------------
    def test_form_page(self):
        response = self.url_open("/pqr/radicar")
        self.assertEqual(response.status_code, 200)
        doc = self._doc(response)
        self.assertEqual(doc.get("lang"), "es-CO")
        form = doc.xpath("//form[contains(@class, 'o_pqr_filing_form')]")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("enctype"), "multipart/form-data")
        self.assertTrue(form.xpath(".//input[@name='csrf_token'][@value]"))
        labels = {label.get("for") for label in form.iter("label")}
        for control in form.xpath(".//input | .//select | .//textarea"):
            if control.get("type") != "hidden":
                self.assertIn(control.get("id"), labels, control.get("name"))
        for field in ("name", "identification_type_id", "vat", "type_id", "service"):
            self.assertEqual(
                doc.get_element_by_id(f"pqr_{field}").get("required"), "required"
            )
        self.assertEqual(
            doc.get_element_by_id("pqr_description").get("required"), "required"
        )
        honeypot = doc.get_element_by_id("pqr_website_url")
        self.assertEqual(honeypot.get("tabindex"), "-1")
        self.assertEqual(honeypot.get("autocomplete"), "off")
        self.assertEqual(honeypot.getparent().get("aria-hidden"), "true")
        self.assertIn("visually-hidden", honeypot.getparent().get("class"))
        files = doc.get_element_by_id("pqr_attachments")
        self.assertEqual(files.get("multiple"), "multiple")
        self.assertIn("application/pdf", files.get("accept"))
        self.assertIn(".pdf", files.get("accept"))
        self.assertIn(
            "10", doc.get_element_by_id("pqr_attachments_help").text_content()
        )
        # the causes carry their services (the script hides the others)
        water_only = self.env["pqr.causal"].search(
            [("applies_water", "=", True), ("applies_sewer", "=", False)], limit=1
        )
        option = self._option(doc, "causal_id", water_only.id)
        self.assertEqual(option.get("data-services"), "water")
        recurso = self.env.ref(f"{MODULE}.pqr_type_recurso_reposicion")
        self.assertIsNone(self._option(doc, "type_id", recurso.id))
        self.assertIsNotNone(self._option(doc, "type_id", self.peticion.id))

    def test_filing_creates_one_pqr_and_its_petitioner(self):
        for vat, consent in (("7700112233", "1"), ("7700112244", None)):
            with self.subTest(consent=consent):
                before = self._counts()
                response = self._file(vat=vat, consent=consent)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._counts(), (before[0] + 1, before[1] + 1))
                pqr = self._last_pqr()
                partner = pqr.partner_id
                self.assertEqual(pqr.channel, "web")
                self.assertEqual(pqr.type_id, self.peticion)
                self.assertEqual(pqr.service, "water")
                self.assertTrue(pqr.ack_pending)
                self.assertEqual(partner.vat, vat)
                self.assertEqual(partner.l10n_latam_identification_type_id, self.cc)
                self.assertEqual(partner.email, "ana.publica@example.com")
                self.assertEqual(partner.lang, "es_CO")
                self.assertEqual(partner.pqr_electronic_consent, bool(consent))
                doc = self._doc(response)
                self.assertEqual(
                    doc.get_element_by_id("pqr_radicado").text_content(), pqr.name
                )
                fmt = self._lang_es(pqr.company_id)._pqr_format
                self.assertEqual(
                    doc.get_element_by_id("pqr_date_filed").text_content(),
                    fmt(pqr.date_filed),
                )
                self.assertEqual(
                    doc.get_element_by_id("pqr_date_deadline").text_content(),
                    fmt(pqr.date_deadline),
                )
                self.assertEqual(
                    doc.get_element_by_id("pqr_status").text_content(),
                    self._lang_es(pqr)._portal_status(),
                )
                self.assertTrue(doc.get_element_by_id("pqr_ack").text_content().strip())
                self.assertEqual(
                    doc.get_element_by_id("pqr_lookup_link").get("href"),
                    "/pqr/consulta",
                )
                # nothing of the petitioner on the page
                for value in (partner.name, partner.email, partner.vat, partner.street):
                    self.assertNotIn(value, response.text)
                # post/redirect/get: reloading the result files nothing again,
                # and the result link is signed
                self.assertIn(f"filed={pqr.id}&check=", response.url)
                after = self._counts()
                again = self.url_open(response.url)
                self.assertIn(pqr.name, again.text)
                self.assertEqual(self._counts(), after)
                forged = self.url_open(f"/pqr/radicar?filed={pqr.id}&check=nope")
                self.assertNotIn(pqr.name, forged.text)
                other = self.url_open(
                    response.url.replace(f"filed={pqr.id}", f"filed={pqr.id - 1}")
                )
                self.assertNotIn(pqr.name, other.text)

    def test_known_identification_is_matched_and_never_changed(self):
        first = self._file(vat="7700112255")
        pqr_first = self._last_pqr()
        partner = pqr_first.partner_id
        before = self._counts()
        second = self._file(
            vat=" 7700112255 ",
            name="Otro Nombre",
            email="otra@example.com",
            street="Carrera 7 # 1-1",
            consent=None,
        )
        self.assertEqual(second.status_code, first.status_code)
        self.assertEqual(self._counts(), (before[0] + 1, before[1]))
        pqr_second = self._last_pqr()
        self.assertEqual(pqr_second.partner_id, partner)
        self.env.invalidate_all()
        self.assertEqual(partner.name, "Ana María Pública")
        self.assertEqual(partner.email, "ana.publica@example.com")
        self.assertTrue(partner.pqr_electronic_consent)
        notes = pqr_second.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
            and "otra@example.com" in m.body
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("Otro Nombre", notes.body)
        # the page says the same whether the identification was known or not
        self.assertEqual(
            self._normalised(first, pqr_first.name),
            self._normalised(second, pqr_second.name),
        )

    def test_post_without_csrf_is_refused(self):
        before = self._counts()
        data = self._form()
        del data["csrf_token"]
        with mute_logger("odoo.http"):
            response = self.url_open("/pqr/radicar", data=data)
        self.assertIn(response.status_code, (400, 403))
        with mute_logger("odoo.http"):
            response = self.url_open("/pqr/radicar", data=dict(data, csrf_token="x"))
        self.assertIn(response.status_code, (400, 403))
        self.assertEqual(self._counts(), before)

    def test_honeypot_files_nothing(self):
        before = self._counts()
        response = self._file(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(
            self._doc(response).get_element_by_id("pqr_not_filed") is not None
        )
        self.assertEqual(self._counts(), before)

    def test_wrong_input_shows_the_form_again_and_files_nothing(self):
        recurso = self.env.ref(f"{MODULE}.pqr_type_recurso_apelacion")
        causal = self._causal_not_water()
        cases = [
            ({"name": ""}, "name"),
            ({"name": "x" * 200}, "name"),
            ({"vat": ""}, "vat"),
            ({"vat": "12 34;--"}, "vat"),
            ({"identification_type_id": ""}, "identification_type_id"),
            ({"description": "   "}, "description"),
            ({"email": "", "street": "", "consent": None}, "street"),
            ({"email": "not-an-email"}, "email"),
            ({"email": "", "consent": "1"}, "email"),
            ({"type_id": "99999999"}, "type_id"),
            ({"type_id": str(recurso.id)}, "type_id"),
            ({"service": "electricity"}, "service"),
            ({"causal_id": str(causal.id), "service": "water"}, "causal_id"),
            ({"subject": "s" * 201}, "subject"),
            ({"phone": "3" * 40}, "phone"),
        ]
        for garbage in (
            "1; DROP TABLE pqr_request",
            "-1",
            "9999999999999",
            "١٢",
            "0x1",
        ):
            cases += [
                ({"type_id": garbage}, "type_id"),
                ({"identification_type_id": garbage}, "identification_type_id"),
                ({"causal_id": garbage}, "causal_id"),
            ]
        for values, field in cases:
            with self.subTest(values=values):
                before = self._counts()
                data = self._form(**dict({"vat": "7700112266"}, **values))
                response = self.url_open("/pqr/radicar", data=data)
                self.assertEqual(response.status_code, 400)
                doc = self._doc(response)
                self.assertFieldError(doc, field)
                self.assertKept(doc, data)
                self.assertIsNone(doc.get_element_by_id("pqr_files_lost", None))
                self.assertEqual(self._counts(), before)

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    def test_files_checked_by_content_size_and_number(self):
        self.company.pqr_upload_max_mb = 1
        big = PDF + b"0" * int(1.2 * 1024 * 1024)
        cases = {
            "renamed executable": [("factura.pdf", b"MZ\x90\x00" + b"\x00" * 512)],
            "oversized": [("factura.pdf", big)],
            "too many": [(f"f{i}.pdf", PDF) for i in range(6)],
        }
        for case, uploads in cases.items():
            with self.subTest(case=case):
                before = self._counts()
                files = [
                    ("attachments", (name, content, "application/pdf"))
                    for name, content in uploads
                ]
                response = self._file(files=files, vat="7700112277")
                self.assertEqual(response.status_code, 400)
                doc = self._doc(response)
                self.assertFieldError(doc, "attachments")
                # the files are not kept: the person is told to attach them again
                self.assertIsNotNone(doc.get_element_by_id("pqr_files_lost"))
                self.assertEqual(self._counts(), before)

    def test_valid_pdf_is_attached_to_the_petitioners_message(self):
        files = [("attachments", ("factura.pdf", PDF, "application/pdf"))]
        response = self._file(files=files, vat="7700112288")
        self.assertEqual(response.status_code, 200)
        pqr = self._last_pqr()
        self.assertEqual(pqr.annex_count, 1)
        message = pqr.message_ids.filtered(lambda m: m.author_id == pqr.partner_id)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids.mapped("name"), ["factura.pdf"])
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(message.attachment_ids.raw, PDF)

    # ------------------------------------------------------------------
    # Throttle
    # ------------------------------------------------------------------
    def test_throttle_refuses_the_fourth_filing(self):
        self.env["ir.config_parameter"].set_param(PARAM % "radicar", "3/600")
        for i in range(3):
            self.assertEqual(self._file(vat=f"770011230{i}").status_code, 200)
        before = self._counts()
        data = self._form(vat="7700112309")
        response = self.url_open("/pqr/radicar", data=data)
        self.assertEqual(response.status_code, 429)
        doc = self._doc(response)
        self.assertEqual(doc.get_element_by_id("pqr_notice").get("role"), "alert")
        self.assertKept(doc, data)
        self.assertEqual(self._counts(), before)

    # ------------------------------------------------------------------
    # /pqr/consulta
    # ------------------------------------------------------------------
    def _pqr_to_look_up(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Beatriz Consulta",
                "vat": "7700554433",
                "l10n_latam_identification_type_id": self.cc.id,
                "email": "beatriz@example.com",
                "street": "Calle Secreta 1",
                "lang": "es_CO",
            }
        )
        return self.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_reclamo").id,
                "channel": "written",
                "service": "water",
            }
        )

    def test_lookup_form_page(self):
        response = self.url_open("/pqr/consulta?access_token=abc")
        self.assertEqual(response.status_code, 200)
        doc = self._doc(response)
        form = doc.xpath("//form[contains(@class, 'o_pqr_lookup_form')]")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertTrue(form.xpath(".//input[@name='csrf_token'][@value]"))
        token = form.xpath(".//input[@name='access_token']")[0]
        self.assertEqual(token.get("type"), "hidden")
        self.assertEqual(token.get("value"), "abc")
        for field in ("radicado", "vat"):
            control = doc.get_element_by_id(f"pqr_{field}")
            self.assertEqual(control.get("required"), "required")
            self.assertTrue(form.xpath(f".//label[@for='pqr_{field}']"))

    def test_lookup_by_the_right_pair(self):
        pqr = self._pqr_to_look_up()
        response = self._lookup(f"  {pqr.name.lower()} ", " 7700 554433 ")
        self.assertEqual(response.status_code, 200)
        doc = self._doc(response)
        result = doc.get_element_by_id("pqr_result")
        self.assertEqual(result.get("data-state"), "filed")
        self.assertEqual(doc.get_element_by_id("pqr_radicado").text_content(), pqr.name)
        states = dict(
            self._lang_es(pqr)
            ._fields["state"]
            ._description_selection(self._lang_es(pqr).env)
        )
        self.assertEqual(
            doc.get_element_by_id("pqr_state").text_content(), states["filed"]
        )
        self.assertEqual(
            doc.get_element_by_id("pqr_days_left").text_content(),
            str(pqr.business_days_left),
        )
        self.assertEqual(
            doc.get_element_by_id("pqr_status").text_content(),
            self._lang_es(pqr)._portal_status(),
        )
        self.assertIsNone(doc.get_element_by_id("pqr_date_response", None))
        for value in ("Beatriz", "beatriz@example.com", "7700554433", "Calle Secreta"):
            self.assertNotIn(value, response.text)

    def test_lookup_by_the_companys_identification(self):
        """A contact of a company is found by the company's identification."""
        pqr = self._pqr_to_look_up()
        company = self.env["res.partner"].create(
            {
                "name": "Acueducto Cliente SAS",
                "is_company": True,
                "vat": "8001234561",
                "l10n_latam_identification_type_id": self.cc.id,
            }
        )
        pqr.partner_id.parent_id = company
        response = self._lookup(pqr.name, "8001234561")
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(self._doc(response).get_element_by_id("pqr_result"))

    def test_wrong_pair_and_unknown_radicado_answer_the_same(self):
        pqr = self._pqr_to_look_up()
        other = self._pqr_to_look_up()  # the same petitioner's other PQR is no help
        other.partner_id.vat = "7700554499"
        wrong_pair = self._lookup(pqr.name, "7700554499")
        unknown = self._lookup("PQR-1999-999999", "7700554499")
        self.assertEqual(wrong_pair.status_code, unknown.status_code)
        self.assertEqual(wrong_pair.status_code, 404)
        self.assertEqual(
            self._normalised(wrong_pair, pqr.name),
            self._normalised(unknown, "PQR-1999-999999"),
        )
        doc = self._doc(wrong_pair)
        self.assertIsNone(doc.get_element_by_id("pqr_result", None))
        self.assertEqual(doc.get_element_by_id("pqr_notice").get("role"), "alert")

    def test_lookup_fields_are_required(self):
        pqr = self._pqr_to_look_up()
        for radicado, vat, fields in (
            ("", "7700554433", ["radicado"]),
            (pqr.name, "  ", ["vat"]),
            ("", "", ["radicado", "vat"]),
        ):
            with self.subTest(radicado=radicado, vat=vat):
                response = self._lookup(radicado, vat)
                self.assertEqual(response.status_code, 400)
                doc = self._doc(response)
                self.assertIsNone(doc.get_element_by_id("pqr_result", None))
                for field in fields:
                    self.assertFieldError(doc, field)

    def test_five_lookups_a_minute_with_the_default_limit(self):
        self.env["ir.config_parameter"].set_param(PARAM % "consulta", False)
        pqr = self._pqr_to_look_up()
        for _i in range(5):
            response = self._lookup(pqr.name, "7700554433")
            self.assertEqual(response.status_code, 200)
            self.assertIsNotNone(self._doc(response).get_element_by_id("pqr_result"))

    def test_lookup_throttle(self):
        self.env["ir.config_parameter"].set_param(PARAM % "consulta", "2/60")
        pqr = self._pqr_to_look_up()
        self._lookup(pqr.name, "7700554433")
        self._lookup(pqr.name, "7700554433")
        response = self._lookup(pqr.name, "7700554433")
        self.assertEqual(response.status_code, 429)
        doc = self._doc(response)
        self.assertIsNone(doc.get_element_by_id("pqr_result", None))
        self.assertEqual(doc.get_element_by_id("pqr_notice").get("role"), "alert")

    def test_decision_link_only_with_the_right_token(self):
        pqr = self._pqr_to_look_up()
        pqr.partner_id.pqr_electronic_consent = True
        pqr.write(
            {
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                "response_body": "<p>Se accede a lo solicitado.</p>",
            }
        )
        pqr.action_issue_decision()
        token = pqr.access_token
        self.assertTrue(token)
        response = self._lookup(pqr.name, "7700554433", access_token=token)
        doc = self._doc(response)
        self.assertEqual(
            doc.get_element_by_id("pqr_decision_link").get("href"),
            f"/pqr/decision/{pqr.id}?access_token={token}",
        )
        fmt = self._lang_es(pqr.company_id)._pqr_format
        self.assertEqual(
            doc.get_element_by_id("pqr_date_response").text_content(),
            fmt(pqr.date_response),
        )
        self.assertIsNone(doc.get_element_by_id("pqr_days_left", None))
        for wrong in (None, "", token[:-1] + "x", "x" * 200):
            with self.subTest(token=wrong):
                values = {} if wrong is None else {"access_token": wrong}
                response = self._lookup(pqr.name, "7700554433", **values)
                self.assertEqual(response.status_code, 200)
                doc = self._doc(response)
                self.assertIsNone(doc.get_element_by_id("pqr_decision_link", None))
                self.assertIsNotNone(doc.get_element_by_id("pqr_decision_help"))
                self.assertNotIn(token, response.text)

    # ------------------------------------------------------------------
    # Nothing else for a visitor
    # ------------------------------------------------------------------
    def test_visitor_reaches_nothing_else(self):
        pqr = self._pqr_to_look_up()
        for url in ("/my", "/my/pqr"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                # /my/pqr exists once the customer portal is in (auth="user")
                if url == "/my" or response.status_code != 404:
                    self.assertIn(response.status_code, (302, 303))
                    self.assertIn("/web/login", response.headers["Location"])
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "pqr.request",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {"fields": ["name", "partner_id"]},
                },
            )
        response = self.url_open(f"/pqr/decision/{pqr.id}")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(pqr.partner_id.name, response.text)

    # ------------------------------------------------------------------
    # Fuzz
    # ------------------------------------------------------------------
    def test_fuzz_filing_form(self):
        """Random values in each field: never a server error, and either one PQR
        with its petitioner or nothing at all."""
        rng = random.Random(42)
        specials = [
            "",
            " ",
            "'; DROP TABLE res_partner; --",
            "' OR '1'='1",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "{{ 7*7 }}",
            "${7*7}",
            "%s%s%n",
            "\x00",
            "a\x00b",
            "\r\n\t\x1b[31m",
            "1",
            "-1",
            "0",
            "1e9",
            "9999999999999999999999",
            "1; DROP",
            "NaN",
            "null",
            "[]",
            "water",
            "ñandú@example.com",
            "a@b",
            "x" * 20000,
            "🙂" * 300,
        ]

        def random_text():
            kind = rng.random()
            if kind < 0.4:
                return rng.choice(specials)
            if kind < 0.7:
                return "".join(
                    chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0xD7FF)]))
                    for _i in range(rng.randint(0, 60))
                )
            if kind < 0.9:
                return str(rng.randint(-(10**12), 10**12))
            return "z" * rng.randint(100, 12000)

        fields = [
            "name",
            "identification_type_id",
            "vat",
            "email",
            "street",
            "phone",
            "consent",
            "type_id",
            "service",
            "causal_id",
            "subject",
            "description",
        ]
        self.env["ir.config_parameter"].set_param(PARAM % "radicar", "100000/600")
        deadline = time.monotonic() + 60
        posts = 0
        for field in fields:
            for _i in range(100):
                if time.monotonic() > deadline:
                    break
                posts += 1
                value = random_text()
                before = self._counts()
                data = self._form(vat=str(8000000000 + posts))
                data[field] = value
                response = self.url_open("/pqr/radicar", data=data, timeout=30)
                pqrs, partners = self._counts()
                self.assertIn(response.status_code, (200, 400), (field, value[:80]))
                if response.status_code == 200:
                    self.assertEqual(pqrs, before[0] + 1, (field, value[:80]))
                    self.assertIn(partners - before[1], (0, 1), (field, value[:80]))
                    self.assertTrue(self._last_pqr().partner_id.vat)
                else:
                    self.assertEqual((pqrs, partners), before, (field, value[:80]))
        self.assertGreater(posts, 50)

    # ------------------------------------------------------------------
    # In a browser
    # ------------------------------------------------------------------
    def test_tour_file_then_look_up(self):
        self.start_tour("/pqr/radicar", "pqr_public_filing_tour", login=None)
        partner = self.env["res.partner"].search([("vat", "=", "8800990011")])
        self.assertEqual(len(partner), 1)
        pqr = self.env["pqr.request"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(pqr), 1)
        self.assertEqual(pqr.service, "sewer")
        self.assertEqual(pqr.channel, "web")
