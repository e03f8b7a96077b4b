import base64
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MODULE, PqrCase, render_pdf_text

RAW_EMAIL = """Return-Path: <carlos@example.com>
To: pqr@example.com
From: Carlos Usuario <carlos@example.com>
Subject: Cobro excesivo en la factura de marzo
Message-ID: <pqr-test-0001@example.com>
Date: Tue, 03 Mar 2026 10:00:00 -0500
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Solicito revisar el consumo facturado de mi cuenta 0100234.
"""


@tagged("post_install", "-at_install")
class TestPqrRequest(PqrCase):
    def test_radicado_yearly_gap_free(self):
        vals = [
            self._pqr_vals(date_received=datetime(2026, 5, 4, 15, 0)) for _i in range(3)
        ]
        vals.append(self._pqr_vals(date_received=datetime(2032, 1, 6, 15, 0)))
        requests = self.env["pqr.request"].create(vals)
        numbers = [int(name.rsplit("-", 1)[1]) for name in requests[:3].mapped("name")]
        self.assertTrue(
            all(n.startswith("PQR-2026-") for n in requests[:3].mapped("name"))
        )
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertEqual(requests[3].name, "PQR-2032-000001")
        self.assertRegex(requests[0].name, r"^PQR-2026-\d{6}$")

    def test_radicado_cannot_change(self):
        pqr = self._create_pqr()
        with self.assertRaises(UserError):
            pqr.write({"name": "PQR-2026-999999"})
        self.assertNotEqual(pqr.name, "PQR-2026-999999")

    def test_import_keeps_original_radicado(self):
        """PQRs migrated from the previous system keep their number and dates."""
        # base_import's context: a manager's import keeps the original radicado
        result = (
            self.env["pqr.request"]
            .with_context(import_file=True)
            .load(
                [
                    "name",
                    "partner_id/id",
                    "type_id/id",
                    "date_received",
                    "state",
                    "channel",
                ],
                [
                    [
                        "HAS-2019-0042",
                        self.customer.get_external_id()[self.customer.id]
                        or self._xmlid(self.customer),
                        f"{MODULE}.pqr_type_reclamo",
                        "2019-12-20 15:00:00",
                        "in_progress",
                        "written",
                    ]
                ],
            )
        )
        self.assertFalse(result["messages"], result["messages"])
        pqr = self.env["pqr.request"].browse(result["ids"])
        self.assertEqual(pqr.name, "HAS-2019-0042")
        self.assertEqual(pqr.state, "in_progress")
        # Fri 20 Dec 2019 10:00 Bogotá; 15 business days skipping 25 Dec, 1 Jan,
        # Mon 6 Jan (Reyes): 23, 24, 26, 27, 30, 31 Dec, 2, 3, 7, 8, 9, 10, 13,
        # 14, 15 Jan -> Wed 15 Jan 2020.
        self.assertEqual(pqr.date_filed, date(2019, 12, 20))
        self.assertEqual(pqr.date_deadline, date(2020, 1, 15))

    def _xmlid(self, record):
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": f"partner_{record.id}",
                "model": record._name,
                "res_id": record.id,
            }
        )
        return f"__import__.partner_{record.id}"

    def test_batch_create_and_channels(self):
        channels = ["in_person", "phone", "written", "email", "web"]
        requests = self.env["pqr.request"].create(
            [self._pqr_vals(channel=channel) for channel in channels]
        )
        self.assertEqual(requests.mapped("channel"), channels)
        self.assertEqual(len(set(requests.mapped("name"))), 5)
        self.assertTrue(all(r.date_deadline == date(2026, 3, 25) for r in requests))

    def test_email_channel_sends_acknowledgement(self):
        cron = self.env.ref(f"{MODULE}.ir_cron_pqr_acknowledgements")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        pqr = self._create_pqr(channel="email")
        # queued: nothing rendered or sent while the filing number is locked
        self.assertTrue(pqr.ack_pending)
        self.assertFalse(
            pqr.message_ids.filtered(lambda m: m.message_type == "comment")
        )
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
            "the queue is triggered",
        )
        self.env["pqr.request"]._cron_send_acknowledgements()
        self.assertFalse(pqr.ack_pending)
        self.env["pqr.request"]._cron_send_acknowledgements()  # sent once
        message = pqr.message_ids.filtered(
            lambda m: m.message_type == "comment" and pqr.name in (m.subject or "")
        )
        self.assertEqual(len(message), 1, "the acuse de recibo was posted and mailed")
        self.assertIn(self.customer, message.partner_ids)
        self.assertTrue(message.attachment_ids, "the acuse PDF is attached")
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(mails)
        self.assertNotIn("/mail/view", "".join(mails.mapped("body_html")))

    def test_mail_alias_creates_pqr(self):
        alias = self.env.ref(f"{MODULE}.mail_alias_pqr")
        self.assertEqual(alias.alias_model_id.model, "pqr.request")
        pqr_id = self.env["mail.thread"].message_process("pqr.request", RAW_EMAIL)
        pqr = self.env["pqr.request"].browse(pqr_id)
        self.assertEqual(pqr.channel, "email")
        self.assertEqual(pqr.subject, "Cobro excesivo en la factura de marzo")
        self.assertEqual(pqr.partner_id.email, "carlos@example.com")
        self.assertEqual(pqr.type_id, self.type_peticion)
        self.assertRegex(pqr.name, r"^PQR-\d{4}-\d{6}$")
        self.assertIn("cuenta 0100234", pqr.description)

    def test_acknowledgement_content(self):
        self.customer.lang = "en_US"  # the document speaks the petitioner's language
        pqr = self._create_pqr(
            channel="phone",
            annex_count=2,
            annex_description="Copia de factura, fotografías",
            subject="Fuga en el medidor",
        )
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html(f"{MODULE}.report_pqr_acknowledgement", pqr.ids)[0]
            .decode()
        )
        self.assertIn(pqr.name, html)
        self.assertIn("Record of a verbal petition", html)
        self.assertIn("Copia de factura, fotograf", html)
        self.assertIn("03/03/2026 10:00:00", html)  # received, Bogotá time
        self.assertIn("03/25/2026", html)  # deadline

    def test_old_invoice_warning(self):
        pqr = self._create_pqr(type_id=self.type_reclamo.id)
        self.assertFalse(pqr.invoice_warning)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2025-09-30",
                "invoice_line_ids": [
                    (0, 0, {"name": "Acueducto", "price_unit": 50000})
                ],
            }
        )
        recent = invoice.copy({"invoice_date": "2025-10-10"})
        pqr.invoice_ids = recent
        self.assertFalse(pqr.invoice_warning)  # filed 3 Mar 2026: limit 3 Oct 2025
        pqr.invoice_ids = invoice | recent
        self.assertIn("art. 154", pqr.invoice_warning)
        self.assertTrue(pqr.date_deadline, "it must still be answered")

    def test_causal_of_another_service_refused(self):
        water_only = self.env.ref(f"{MODULE}.pqr_causal_f102")
        self.assertFalse(water_only.applies_waste)
        with self.assertRaises(ValidationError):
            self._create_pqr(service="waste", causal_id=water_only.id)
        self.assertFalse(
            self.env["pqr.request"].search(
                [
                    ("causal_id", "=", water_only.id),
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )
        pqr = self._create_pqr(service="water", causal_id=water_only.id)
        with self.assertRaises(ValidationError):
            pqr.service = "waste"

    def test_causal_not_valid_on_filing_date_refused(self):
        causal = self.env["pqr.causal"].create(
            {
                "causal_group": "F",
                "code": "199",
                "name": "Causal derogada",
                "date_from": "2018-01-01",
                "date_to": "2025-12-31",
            }
        )
        with self.assertRaises(ValidationError):
            self._create_pqr(causal_id=causal.id)
        old = self._create_pqr(
            causal_id=causal.id, date_received=datetime(2025, 6, 3, 15, 0)
        )
        self.assertEqual(old.causal_id, causal)
        with self.assertRaises(ValidationError):
            self.env["pqr.causal"].create(
                {"causal_group": "P", "code": "12", "name": "Código inválido"}
            )

    def test_service_account_without_service_refused(self):
        with self.assertRaises(ValidationError):
            self._create_pqr(service="waste", service_account_id=self.account.id)

    def test_start_requires_area(self):
        pqr = self._create_pqr()
        with self.assertRaises(UserError):
            pqr.action_start()
        self.assertEqual(pqr.state, "filed")
        pqr.area_id = self.area
        pqr.action_start()
        self.assertEqual(pqr.state, "in_progress")
        with self.assertRaises(UserError):
            pqr.action_start()

    def test_deadline_change_is_tracked(self):
        pqr = self._create_pqr()
        self.env.cr.flush()  # the change happens in a later transaction
        pqr.action_reclassify(
            self.env.ref(f"{MODULE}.pqr_type_informacion").id, "Solo pide copias."
        )
        self.env.flush_all()
        self.env.cr.flush()  # runs the precommit hooks that write tracking values
        pqr.invalidate_recordset(["message_ids"])
        tracking = pqr.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "date_deadline"
        )
        self.assertTrue(tracking)
        self.assertEqual(pqr.date_deadline, date(2026, 3, 17))

    def test_suspension_bad_input(self):
        pqr = self._create_pqr()
        manager = self.users["manager"]
        with self.assertRaises(UserError):
            self.env["pqr.term.suspension"].create(
                {
                    "request_id": pqr.id,
                    "reason": "user_delay",
                    "description": "x",
                    "date_start": "2026-03-09",
                    "date_end": "2026-03-10",
                    "state": "approved",
                }
            )
        suspension = self.env["pqr.term.suspension"].create(
            {
                "request_id": pqr.id,
                "reason": "user_delay",
                "description": "El usuario no permitió la visita.",
                "date_start": "2026-03-09",
                "date_end": "2026-03-10",
            }
        )
        with self.assertRaises(UserError):  # no evidence
            suspension.with_user(manager).action_approve()
        self.assertEqual(suspension.state, "draft")
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))
        with self.assertRaises(ValidationError):
            self.env["pqr.term.suspension"].create(
                {
                    "request_id": pqr.id,
                    "reason": "evidence",
                    "description": "x",
                    "date_start": "2026-03-10",
                    "date_end": "2026-03-09",
                }
            )
        suspension.attachment_ids = [
            (0, 0, {"name": "acta.pdf", "datas": base64.b64encode(b"%PDF-1.4")})
        ]
        suspension.with_user(manager).action_approve()
        # 9 and 10 March are business days: 25 Mar + 2 business days = 27 Mar
        self.assertEqual(pqr.date_deadline, date(2026, 3, 27))
        with self.assertRaises(UserError):
            suspension.date_end = "2026-03-20"
        posted = pqr.message_ids.filtered(lambda m: "27-03-2026" in (m.body or ""))
        self.assertTrue(posted, "the approval and the new deadline are on the record")


@tagged("post_install", "-at_install")
class TestAcknowledgementPdf(HttpCase):
    """wkhtmltopdf fetches the report's assets from the test server: HttpCase."""

    def test_acknowledgement_pdf(self):
        partner = self.env["res.partner"].create({"name": "Luis Pdf"})
        pqr = self.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_peticion").id,
                "channel": "written",
                "annex_count": 1,
            }
        )
        text = render_pdf_text(self, "report_pqr_acknowledgement", pqr)
        self.assertIn(pqr.name, text)
        self.assertIn("Acknowledgement of receipt", text)
        self.assertIn("Legal deadline to answer", text)
        self.assertIn("Ley 142 de 1994 art. 158", text)
