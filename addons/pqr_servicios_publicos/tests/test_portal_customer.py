"""The customer's portal (/my, /my/pqr, /my/pqr/<id>, /my/pqr/new) through Odoo's
real HTTP stack: form posts with CSRF, another customer's records out of reach,
bad input refused with nothing created, and the main flow as a tour in Chromium."""

import json
import random
import time

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.pqr_servicios_publicos.models.pqr_common import transition

from .common import MODULE

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


class PortalCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.lang = "es_CO"
        cls.company.write(
            {
                "pqr_upload_max_files": 3,
                "pqr_upload_max_mb": 1,
                "pqr_upload_mimetypes": "application/pdf,image/png",
            }
        )
        cls.ana = cls.env["res.partner"].create(
            {
                "name": "Ana Portal",
                "email": "ana.portal@example.com",
                "lang": "es_CO",
                "pqr_electronic_consent": True,
            }
        )
        cls.beto = cls.env["res.partner"].create(
            {"name": "Beto Portal", "email": "beto.portal@example.com", "lang": "es_CO"}
        )
        cls.user_ana = new_test_user(
            cls.env,
            login="ana_portal",
            groups="base.group_portal",
            partner_id=cls.ana.id,
        )
        cls.user_beto = new_test_user(
            cls.env,
            login="beto_portal",
            groups="base.group_portal",
            partner_id=cls.beto.id,
        )
        cls.clerk = new_test_user(
            cls.env, login="clerk_portal", groups=f"{MODULE}.group_pqr_clerk"
        )
        Account = cls.env["pqr.service.account"]
        cls.account_ana = Account.create(
            {
                "name": "0200001",
                "partner_id": cls.ana.id,
                "street": "Calle 1 # 2-3",
                "service_waste": False,
            }
        )
        cls.account_beto = Account.create(
            {"name": "0200002", "partner_id": cls.beto.id, "street": "Calle 9 # 9-9"}
        )
        cls.type_reclamo = cls.env.ref(f"{MODULE}.pqr_type_reclamo")
        cls.type_peticion = cls.env.ref(f"{MODULE}.pqr_type_peticion")
        Causal = cls.env["pqr.causal"]
        cls.causal_water = Causal.search(
            [("applies_water", "=", True), ("causal_group", "=", "F")], limit=1
        )
        cls.causal_not_water = Causal.create(
            {
                "causal_group": "P",
                "code": "998",
                "name": "Olores del alcantarillado",
                "applies_water": False,
                "applies_sewer": True,
            }
        )
        cls.pqr_ana = cls._pqr(cls.ana, subject="Cobro doble")
        cls.pqr_beto = cls._pqr(cls.beto, subject="Fuga en la calle")

    @classmethod
    def _pqr(cls, partner, **values):
        return cls.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": cls.type_reclamo.id,
                "channel": "written",
                "service": "water",
                **values,
            }
        )

    def _login(self, login):
        self.authenticate(login, login)

    def _post(self, url, data=None, files=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def _counts(self):
        return (
            self.env["pqr.request"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "pqr.request")]),
            self.env["mail.message"].search_count([("model", "=", "pqr.request")]),
        )

    def _decide(self, pqr, response_xmlid="pqr_response_type_2"):
        pqr = pqr.with_user(self.clerk)
        pqr.write(
            {
                "response_type_id": self.env.ref(f"{MODULE}.{response_xmlid}").id,
                "response_body": "<p>Se revisó la factura y se corrige el consumo.</p>",
            }
        )
        pqr.action_issue_decision()
        return pqr.with_env(self.env)


@tagged("post_install", "-at_install")
class TestPortalPages(PortalCase):
    def test_home_counts_all_own_pqrs_and_offers_filing(self):
        for index in range(3):
            self._pqr(self.ana, subject=f"Otra {index}")
        self._login("ana_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["pqr_count"]}
        )
        self.assertEqual(counters["pqr_count"], 4)
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        self.assertIn('href="/my/pqr"', page.text)
        self.assertIn('href="/my/pqr/new"', page.text)
        self.assertIn('action="/my/pqr/consent"', page.text)
        self._login("beto_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["pqr_count"]}
        )
        self.assertEqual(counters["pqr_count"], 1)

    def test_list_shows_own_pqrs_filtered_and_in_spanish(self):
        other_service = self._pqr(self.ana, service="sewer", subject="Alcantarilla")
        petition = self._pqr(self.ana, type_id=self.type_peticion.id, subject="Copia")
        self._login("ana_portal")
        page = self.url_open("/my/pqr").text
        for pqr in (self.pqr_ana, other_service, petition):
            self.assertIn(pqr.name, page)
        self.assertNotIn(self.pqr_beto.name, page)
        self.assertIn("Radicada", page)  # the state in Spanish
        self.assertIn("Mis PQR", page)
        page = self.url_open("/my/pqr?service=sewer").text
        self.assertIn(other_service.name, page)
        self.assertNotIn(self.pqr_ana.name, page)
        page = self.url_open(f"/my/pqr?type_id={self.type_peticion.id}").text
        self.assertIn(petition.name, page)
        self.assertNotIn(other_service.name, page)
        page = self.url_open("/my/pqr?filterby=closed").text
        self.assertNotIn(self.pqr_ana.name, page)
        # garbage in the query string is ignored, never a 500
        for query in (
            "sortby=;drop",
            "filterby=nope",
            "type_id=abc",
            "service=<script>",
            "type_id=99999999999999",
            "type_id=²",
            "type_id=١٢",
        ):
            response = self.url_open(f"/my/pqr?{query}")
            self.assertEqual(response.status_code, 200, query)
        self.assertEqual(self.url_open("/my/pqr/page/7").status_code, 200)

    def test_detail_shows_the_legal_clock_and_hides_internal_notes(self):
        pqr = self.pqr_ana
        pqr.message_post(
            body="Nota interna: revisar medidor", subtype_xmlid="mail.mt_note"
        )
        pqr.message_post(
            body="Le informamos que visitaremos el predio.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._login("ana_portal")
        page = self.url_open(f"/my/pqr/{pqr.id}").text
        fmt = pqr.company_id.with_context(lang="es_CO")._pqr_format
        self.assertIn(pqr.name, page)
        self.assertIn(fmt(pqr.date_filed), page)
        self.assertIn(fmt(pqr.date_deadline), page)
        self.assertIn(f"quedan {pqr.business_days_left} días hábiles", page)
        self.assertIn("Le informamos que visitaremos el predio.", page)
        self.assertNotIn("Nota interna", page)

    def test_another_customer_gets_nothing_of_anas_pqr(self):
        pqr = self.pqr_ana
        attachment = pqr.message_post(
            body="Factura escaneada",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("factura.pdf", PDF)],
        ).attachment_ids
        self._decide(pqr)
        before = self._counts()
        self._login("beto_portal")
        for url in (
            f"/my/pqr/{pqr.id}",
            f"/my/pqr/{pqr.id}?report_type=pdf",
            f"/my/pqr/{pqr.id}?report_type=pdf&download=1",
            f"/my/pqr/{pqr.id}?access_token={pqr._portal_ensure_token()}",
            f"/my/pqr/{pqr.id}?access_token={self.pqr_beto._portal_ensure_token()}",
            "/my/pqr/99999999",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(pqr.name, response.text, url)
            self.assertNotIn(
                "application/pdf", response.headers.get("Content-Type", "")
            )
        response = self.url_open(f"/my/pqr/{pqr.id}/attachment/{attachment.id}")
        self.assertEqual(response.status_code, 404)
        # Beto's own PQR does not open Ana's file either
        response = self.url_open(
            f"/my/pqr/{self.pqr_beto.id}/attachment/{attachment.id}"
        )
        self.assertEqual(response.status_code, 404)
        for route, data in (
            ("message", {"body": "Hola"}),
            ("recurso", {"kind": "reposicion", "description": "x"}),
        ):
            response = self._post(f"/my/pqr/{pqr.id}/{route}", data)
            self.assertEqual(response.status_code, 403, route)
        # the decision link with Beto's own token (a reused token) opens nothing
        token = self.pqr_beto._portal_ensure_token()
        response = self.url_open(f"/pqr/decision/{pqr.id}?access_token={token}")
        self.assertEqual(response.status_code, 403)
        self._post(f"/pqr/decision/{pqr.id}/access", {"access_token": token})
        self._post(f"/pqr/decision/{pqr.id}/access")
        self.assertEqual(self._counts(), before)
        self.env.invalidate_all()
        self.assertEqual(pqr.state, "notifying")
        self.assertFalse(pqr.notification_ids.date_accessed)

    def test_portal_user_over_json_rpc_reads_only_own_and_changes_nothing(self):
        self._login("beto_portal")

        def call(model, method, args, kwargs=None):
            return self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()

        with mute_logger("odoo.http"):
            rows = call("pqr.request", "search_read", [[]], {"fields": ["name"]})
            self.assertEqual([r["name"] for r in rows["result"]], [self.pqr_beto.name])
            read = call("pqr.request", "read", [[self.pqr_ana.id], ["name"]])
            self.assertIn("error", read)
            for method, args in (
                (
                    "create",
                    [{"partner_id": self.beto.id, "type_id": self.type_reclamo.id}],
                ),
                ("write", [[self.pqr_beto.id], {"subject": "x"}]),
                ("_portal_file", [{}, []]),
                ("_portal_file_recurso", [[self.pqr_beto.id], "reposicion", "x"]),
                ("_pqr_web_file", [{}, []]),
            ):
                self.assertIn("error", call("pqr.request", method, args), method)
            self.assertIn(
                "error",
                call("pqr.notification", "_register_access", [[1]]),
            )
        self.assertEqual(self.pqr_beto.subject, "Fuga en la calle")

    def test_consent_is_given_and_withdrawn_on_own_contact_only(self):
        self._login("beto_portal")
        self._post("/my/pqr/consent", {"consent": "1", "partner_id": self.ana.id})
        self.env.invalidate_all()
        self.assertTrue(self.beto.pqr_electronic_consent)
        self.assertTrue(self.beto.pqr_consent_date)
        self.assertTrue(self.ana.pqr_electronic_consent)  # untouched
        self.assertIn('name="consent" value="0"', self.url_open("/my").text)
        self._post("/my/pqr/consent", {"consent": "<forged>"})  # changes nothing
        self.env.invalidate_all()
        self.assertTrue(self.beto.pqr_electronic_consent)
        self._post("/my/pqr/consent", {"consent": "0"})
        self.env.invalidate_all()
        self.assertFalse(self.beto.pqr_electronic_consent)
        self.assertTrue(self.beto.pqr_consent_revoked_date)
        tracked = self.beto.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "pqr_electronic_consent"
        )
        self.assertEqual(len(tracked), 2)
        with mute_logger("odoo.http"):
            response = self._post("/my/pqr/consent", {"consent": "1"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertFalse(self.beto.pqr_electronic_consent)

    def test_petitioner_writes_and_reads_files_of_public_messages_only(self):
        pqr = self.pqr_ana
        internal = pqr.message_post(
            body="Informe técnico interno",
            subtype_xmlid="mail.mt_note",
            attachments=[("informe.pdf", PDF)],
        ).attachment_ids
        self._login("ana_portal")
        response = self._post(
            f"/my/pqr/{pqr.id}/message",
            {"body": "Adjunto la foto del medidor"},
            files=[("attachments", ("medidor.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 200)
        message = pqr.message_ids.filtered(
            lambda m: "foto del medidor" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.ana)
        self.assertEqual(message.attachment_ids.mapped("name"), ["medidor.png"])
        self.assertIn("Adjunto la foto del medidor", response.text)
        download = self.url_open(
            f"/my/pqr/{pqr.id}/attachment/{message.attachment_ids.id}"
        )
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PNG)
        self.assertEqual(
            self.url_open(f"/my/pqr/{pqr.id}/attachment/{internal.id}").status_code,
            404,
        )
        before = self._counts()
        response = self._post(f"/my/pqr/{pqr.id}/message", {"body": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Escriba su mensaje", response.text)
        response = self._post(
            f"/my/pqr/{pqr.id}/message",
            {"body": "otro"},
            files=[("attachments", ("foto.pdf", EXE, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestPortalFiling(PortalCase):
    def _file(self, files=None, **values):
        data = {
            "type_id": self.type_reclamo.id,
            "service": "water",
            "service_account_id": self.account_ana.id,
            "causal_id": self.causal_water.id,
            "subject": "Consumo elevado",
            "description": "El consumo de octubre es el triple del habitual.",
        }
        data.update(values)
        return self._post("/my/pqr/new", data, files=files)

    def test_filing_gives_the_radicado_and_emails_the_acknowledgement(self):
        self._login("ana_portal")
        form = self.url_open("/my/pqr/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn('enctype="multipart/form-data"', form.text)
        self.assertIn(f'value="{self.causal_water.id}" data-services="water', form.text)
        response = self._file(
            files=[("attachments", ("factura.pdf", PDF, "application/pdf"))]
        )
        self.assertEqual(response.status_code, 200)
        pqr = self.env["pqr.request"].search(
            [("partner_id", "=", self.ana.id), ("channel", "=", "web")]
        )
        self.assertEqual(len(pqr), 1)
        self.assertIn(f"/my/pqr/{pqr.id}", response.url)
        fmt = pqr.company_id.with_context(lang="es_CO")._pqr_format
        self.assertIn(
            f"quedó radicada con el número <strong>{pqr.name}</strong>", response.text
        )
        self.assertIn(fmt(pqr.date_deadline), response.text)
        self.assertEqual(pqr.service_account_id, self.account_ana)
        self.assertEqual(pqr.causal_id, self.causal_water)
        self.assertEqual(pqr.annex_count, 1)
        first = pqr.message_ids.filtered(lambda m: m.author_id == self.ana)
        self.assertEqual(first.attachment_ids.mapped("name"), ["factura.pdf"])
        self.assertEqual(first.attachment_ids.raw, PDF)
        self.assertTrue(pqr.ack_pending)
        self.env["pqr.request"]._cron_send_acknowledgements()
        ack = pqr.message_ids.filtered(lambda m: pqr.name in (m.subject or ""))
        self.assertTrue(ack, "acknowledgement posted")
        self.assertIn(fmt(pqr.date_filed), ack.body)
        self.assertIn(fmt(pqr.date_deadline), ack.body)
        self.assertFalse(pqr.ack_pending)

    def test_bad_input_gives_a_clear_message_keeps_the_text_and_creates_nothing(self):
        self._login("ana_portal")
        big = PDF + b"0" * (1024 * 1024)
        recurso_type = self.env.ref(f"{MODULE}.pqr_type_recurso_reposicion")
        cases = {
            "oversized": (
                {},
                [("attachments", ("factura.pdf", big, "application/pdf"))],
                "mayor que 1 MB",
            ),
            "renamed executable": (
                {},
                [("attachments", ("factura.pdf", EXE, "application/pdf"))],
                "no se acepta",
            ),
            "pdf named as image": (
                {},
                [("attachments", ("foto.png", PDF, "image/png"))],
                "no se acepta",
            ),
            "too many files": (
                {},
                [
                    ("attachments", (f"f{i}.pdf", PDF, "application/pdf"))
                    for i in range(4)
                ],
                "como máximo 3 archivos",
            ),
            "missing description": ({"description": "   "}, None, "Cuéntenos"),
            "missing type": ({"type_id": ""}, None, "Elija qué presenta"),
            "recurso type": ({"type_id": recurso_type.id}, None, "Elija qué presenta"),
            "forged type id": ({"type_id": "99999999"}, None, "Elija qué presenta"),
            "garbage type id": ({"type_id": "1 OR 1=1"}, None, "Elija qué presenta"),
            "unknown service": ({"service": "electricity"}, None, "Elija el servicio"),
            "other service's cause": (
                {"causal_id": self.causal_not_water.id},
                None,
                "causal del servicio",
            ),
            "another customer's account": (
                {"service_account_id": self.account_beto.id},
                None,
                "sus cuentas",
            ),
            "account without the service": (
                {"service": "waste", "causal_id": ""},
                None,
                "no tiene este servicio",
            ),
        }
        before = self._counts()
        for name, (values, files, message) in cases.items():
            with self.subTest(name):
                description = values.get(
                    "description",
                    f"Texto que escribí para el caso {name.replace(chr(39), '')}",
                )
                response = self._file(
                    files=files, **dict(values, description=description)
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn('aria-invalid="true"', response.text)
                if description.strip():
                    self.assertIn(description, response.text)  # kept
                self.assertEqual(self._counts(), before)

    def test_post_without_csrf_is_refused(self):
        self._login("ana_portal")
        before = self._counts()
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/pqr/new",
                data={
                    "type_id": self.type_reclamo.id,
                    "service": "water",
                    "description": "sin token",
                },
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_public_visitor_is_sent_to_login(self):
        self.authenticate(None, None)
        response = self.url_open("/my/pqr/new")
        self.assertIn("/web/login", response.url)
        before = self._counts()
        self._post("/my/pqr/new", {"type_id": self.type_reclamo.id, "description": "x"})
        self.assertEqual(self._counts(), before)

    def test_fuzz_never_errors_nor_leaves_a_partial_record(self):
        """A few hundred random values per field, bounded in time."""
        self._login("ana_portal")
        rng = random.Random(42)
        alphabet = "aZ09 ñáé\u0000\u202e\ufeff<>\"'%;&\\/\n\t🙂"
        specials = [
            "",
            "0",
            "-1",
            "1e9",
            "99999999999999999999",
            "1; DROP TABLE pqr_request",
            "<script>alert(1)</script>",
            "{{7*7}}",
            "%00",
            "water\x00",
            str(self.type_reclamo.id),
            str(self.account_beto.id),
        ]

        def value():
            if rng.random() < 0.4:
                return rng.choice(specials)
            return "".join(rng.choice(alphabet) for _i in range(rng.randint(0, 300)))

        fields_ = (
            "type_id",
            "service",
            "service_account_id",
            "causal_id",
            "subject",
            "description",
        )
        deadline = time.monotonic() + 60
        posts = statuses_500 = 0
        for field in fields_:
            for _i in range(60):
                if time.monotonic() > deadline:
                    break
                before = self._counts()
                response = self._file(**{field: value()})
                posts += 1
                statuses_500 += response.status_code >= 500
                after = self._counts()
                if response.status_code == 200:
                    # one PQR, with its first message
                    self.assertEqual(after[0], before[0] + 1)
                else:
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(after, before)
        self.assertGreater(posts, 100)
        self.assertEqual(statuses_500, 0)


@tagged("post_install", "-at_install")
class TestPortalDecisionAndRecurso(PortalCase):
    def _notify_ana(self):
        pqr = self._decide(self.pqr_ana)
        line = pqr.notification_ids
        self.assertEqual(line.method, "electronic")
        self._login("ana_portal")
        page = self.url_open(f"/my/pqr/{pqr.id}").text
        self.assertIn(f'action="/pqr/decision/{pqr.id}/access"', page)
        # the PDF link goes through the confirmation first: nothing recorded yet
        response = self.url_open(f"/my/pqr/{pqr.id}?report_type=pdf")
        self.assertIn(f"/pqr/decision/{pqr.id}", response.url)
        self.assertIn("Abrir la decisión y notificarme", response.text)
        self.env.invalidate_all()
        self.assertFalse(line.date_accessed)
        self._post(f"/pqr/decision/{pqr.id}/access")
        self.env.invalidate_all()
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(line.access_user_id, self.user_ana)
        return pqr

    def test_opening_the_decision_notifies_once_and_the_letter_is_frozen(self):
        pqr = self._notify_ana()
        first = pqr.notification_ids.date_accessed
        self._post(f"/pqr/decision/{pqr.id}/access")
        self.env.invalidate_all()
        self.assertEqual(pqr.notification_ids.date_accessed, first)
        letter = self.url_open(f"/my/pqr/{pqr.id}?report_type=pdf")
        self.assertEqual(letter.status_code, 200)
        stored = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "pqr.request"),
                ("res_id", "=", pqr.id),
                ("res_field", "=", "response_letter"),
            ]
        )
        self.assertEqual(letter.content, stored.raw)

    def test_recurso_inside_the_window_creates_the_linked_recurso(self):
        pqr = self._notify_ana()
        page = self.url_open(f"/my/pqr/{pqr.id}").text
        self.assertIn(f'action="/my/pqr/{pqr.id}/recurso"', page)
        window = pqr.company_id.with_context(lang="es_CO")._pqr_format(
            pqr.recurso_deadline
        )
        self.assertIn(window, page)
        before = self._counts()
        response = self._post(
            f"/my/pqr/{pqr.id}/recurso", {"kind": "reposicion", "description": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Cuéntenos por qué", response.text)
        self.assertEqual(self._counts(), before)
        response = self._post(
            f"/my/pqr/{pqr.id}/recurso",
            {"kind": "appeal", "description": "No estoy de acuerdo con el consumo."},
        )
        self.assertEqual(response.status_code, 200)
        recurso = pqr.child_ids
        self.assertEqual(len(recurso), 1)
        self.assertEqual(
            recurso.type_id, self.env.ref(f"{MODULE}.pqr_type_recurso_apelacion")
        )
        self.assertEqual(recurso.channel, "web")
        self.assertEqual(recurso.partner_id, self.ana)
        self.assertFalse(recurso.is_late_recurso)
        self.assertIn(f"/my/pqr/{recurso.id}", response.url)
        # one recurso per decision: the page says so and a second post is refused
        self.assertIn(recurso.name, self.url_open(f"/my/pqr/{pqr.id}").text)
        response = self._post(
            f"/my/pqr/{pqr.id}/recurso", {"kind": "reposicion", "description": "otra"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(pqr.child_ids), 1)

    def test_recurso_after_the_window_is_not_offered_and_refused(self):
        pqr = self._notify_ana()
        past = pqr.company_id._pqr_today().replace(year=2020)
        transition(pqr).write({"recurso_deadline": past})
        page = self.url_open(f"/my/pqr/{pqr.id}").text
        self.assertNotIn(f'action="/my/pqr/{pqr.id}/recurso"', page)
        self.assertIn("terminó el", page)
        self.assertIn(pqr.company_id.with_context(lang="es_CO")._pqr_format(past), page)
        before = self._counts()
        response = self._post(
            f"/my/pqr/{pqr.id}/recurso", {"kind": "reposicion", "description": "tarde"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_only_the_recursos_that_lie_are_offered(self):
        pqr = self._pqr(self.ana, type_id=self.env.ref(f"{MODULE}.pqr_type_queja").id)
        pqr = self._decide(pqr)
        self._login("ana_portal")
        self._post(f"/pqr/decision/{pqr.id}/access")
        self.env.invalidate_all()
        self.assertEqual(pqr.state, "notified")
        offer = pqr.with_user(self.user_ana)._portal_recurso_offer()
        before = self._counts()
        if "appeal" not in offer["kinds"]:
            response = self._post(
                f"/my/pqr/{pqr.id}/recurso", {"kind": "appeal", "description": "x"}
            )
            self.assertEqual(response.status_code, 400)
            self.assertEqual(self._counts(), before)
        response = self._post(
            f"/my/pqr/{pqr.id}/recurso", {"kind": "<forged>", "description": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestPortalQueries(PortalCase):
    def _list_queries(self):
        self.url_open("/my/pqr")  # warm the caches
        before = self.cr.sql_log_count
        response = self.url_open("/my/pqr")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_list_queries_do_not_grow_with_the_pqrs(self):
        self.env["pqr.request"].create(
            [
                {
                    "partner_id": self.ana.id,
                    "type_id": self.type_reclamo.id,
                    "channel": "written",
                    "service": "water",
                    "subject": f"PQR {i}",
                }
                for i in range(4)
            ]
        )
        self._login("ana_portal")
        with_5 = self._list_queries()
        self.env["pqr.request"].create(
            [
                {
                    "partner_id": self.ana.id,
                    "type_id": self.type_peticion.id,
                    "channel": "written",
                    "service": "sewer",
                    "subject": f"PQR {i}",
                }
                for i in range(45)
            ]
        )
        with_50 = self._list_queries()
        self.assertEqual(with_50, with_5)


@tagged("post_install", "-at_install")
class TestPortalTour(PortalCase):
    def test_customer_files_is_notified_and_files_a_recurso(self):
        self.start_tour("/my/pqr/new", "pqr_portal_filing_tour", login="ana_portal")
        pqr = self.env["pqr.request"].search(
            [("partner_id", "=", self.ana.id), ("channel", "=", "web")]
        )
        self.assertEqual(len(pqr), 1)
        self.assertEqual(pqr.subject, "Lectura equivocada")
        self.assertEqual(pqr.message_ids.attachment_ids.mapped("name"), ["lectura.pdf"])
        # the office decides (server side)
        self._decide(pqr)
        self.start_tour(
            f"/my/pqr/{pqr.id}", "pqr_portal_decision_tour", login="ana_portal"
        )
        self.env.invalidate_all()
        line = pqr.notification_ids
        self.assertEqual(line.state, "effective")
        self.assertEqual(line.access_user_id, self.user_ana)
        self.assertEqual(
            pqr.child_ids.type_id, self.env.ref(f"{MODULE}.pqr_type_recurso_apelacion")
        )
        self.assertIn("no corresponde", pqr.child_ids.description)
