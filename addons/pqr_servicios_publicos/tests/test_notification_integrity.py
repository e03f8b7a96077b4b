"""Notification: nothing left pending forever, proofs kept, dates that make sense
(issue 8, A4, A5, A11). Dates on the 2026 calendar, counted by hand (holidays: Mon 23
Mar San José, Thu 2 and Fri 3 Apr)."""

import base64
import io
from datetime import date

from freezegun import freeze_time
from PyPDF2 import PdfFileReader

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MODULE
from .test_resolution import ResolutionCase, bog


@tagged("post_install", "-at_install")
class TestElectronicFallback(ResolutionCase):
    def _consent(self, **values):
        with freeze_time(bog(2026, 3, 2, 9)):
            self.customer.write(dict(values, pqr_electronic_consent=True))

    def test_link_never_opened_falls_back_to_a_citation(self):
        self._consent()
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        line = pqr.notification_ids
        self.assertEqual(line.method, "electronic")
        # 2 business days after Tue 17 Mar: 18, 19; still pending on Thu 19
        self._cron(bog(2026, 3, 19, 23))
        self.assertEqual(line.state, "sent")
        # Fri 20 Mar: the link was not opened: citation, still in time (due 25 Mar)
        self._cron(bog(2026, 3, 20, 6))
        self.assertEqual(line.state, "cancelled")
        citation = pqr.notification_ids - line
        self.assertEqual(citation.method, "citation")
        self.assertEqual(citation.date_due, date(2026, 3, 25))
        self.assertTrue(self._messages(pqr, "no se abrió a tiempo"))
        self._cron(bog(2026, 3, 23, 6))
        self.assertEqual(len(pqr.notification_ids), 2, "once")
        # a late link can no longer notify
        self.assertFalse(line._register_access(ip="10.0.0.1"))
        self.assertEqual(pqr.state, "notifying")

    def test_fallback_after_the_citation_term_flags_the_risk(self):
        self._consent()
        with self.assertRaises(ValidationError):
            # a fallback that cannot beat the citation term is refused (CPACA 68)
            self.env.company.pqr_electronic_fallback_days = 6
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        # the daily action did not run from 18 to 26 Mar (server down): on Fri 27
        # the link falls back to a citation already due on 25 Mar
        self._cron(bog(2026, 3, 27, 6))
        citation = pqr.notification_ids.filtered(lambda n: n.method == "citation")
        self.assertEqual(citation.date_due, date(2026, 3, 25))
        self.assertFalse(pqr.sap_risk)
        self._cron(bog(2026, 3, 30, 6))
        self.assertTrue(pqr.sap_risk, "the citation is late: risk of silence")

    def test_consent_without_email_notifies_by_citation(self):
        self._consent(email=False)
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        self.assertEqual(pqr.notification_ids.mapped("method"), ["citation"])
        self.assertTrue(self._messages(pqr, "no tiene dirección"))

    def test_withdrawn_consent_cancels_the_pending_link(self):
        self._consent()
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        with freeze_time(bog(2026, 3, 18, 9)):
            self.customer.write({"pqr_electronic_consent": False})
        self.assertEqual(pqr.notification_ids.mapped("state"), ["cancelled", "pending"])
        self.assertEqual(pqr.notification_ids[1].method, "citation")
        self.assertIn(
            "se retiró el consentimiento", pqr.notification_ids[0].cancel_reason
        )


@tagged("post_install", "-at_install")
class TestProofsAndDates(ResolutionCase):
    def _upload(self, user, name="prueba.pdf"):
        # what many2many_binary uploads from a wizard: the user's own file
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "raw": b"%PDF-1.4 proof"})
        )

    def test_personal_notification_keeps_its_acta_and_proof(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        proof = self._upload(self.clerk, "cedula-firmada.pdf")
        wizard = (
            self.env["pqr.request.register.notification"]
            .with_user(self.clerk)
            .create(
                {
                    "request_id": pqr.id,
                    "method": "personal",
                    "date": bog(2026, 3, 18, 9),
                    "receiver_name": "Ana Suscriptora",
                    "receiver_identification": "1020304050",
                    "attachment_ids": [(6, 0, proof.ids)],
                }
            )
        )
        with freeze_time(bog(2026, 3, 18, 10)):
            wizard.action_confirm()
        line = pqr.notification_ids.filtered(lambda n: n.method == "personal")
        self.assertEqual(line.state, "effective")
        self.assertTrue(line.acta_attachment_id)
        self.assertIn("Acta de notificación personal", line.acta_attachment_id.name)
        self.assertEqual(line.attachment_ids, proof | line.acta_attachment_id)
        self.assertEqual((proof.res_model, proof.res_id), ("pqr.notification", line.id))
        # readable by the clerks once the wizard is gone
        other_clerk = self.users["manager"]
        self.assertTrue(proof.with_user(other_clerk).read(["raw"])[0]["raw"])
        html = base64.b64decode(line.acta_attachment_id.datas).decode()
        self.assertIn("1020304050", html)
        self.assertIn(pqr.response_number, html)

    def test_someone_elses_file_is_not_taken(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        invoice_pdf = self.env["ir.attachment"].create(
            {
                "name": "otro.pdf",
                "raw": b"%PDF-1.4 other",
                "res_model": "res.partner",
                "res_id": self.other_customer.id,
            }
        )
        with freeze_time(bog(2026, 3, 18, 10)), self.assertRaises(AccessError):
            pqr.with_user(self.clerk).action_register_personal(
                "Ana Suscriptora", "1020304050", bog(2026, 3, 18, 9), invoice_pdf.ids
            )
        self.assertEqual(invoice_pdf.res_model, "res.partner")

    def test_dates_neither_future_nor_before_the_decision(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = pqr.notification_ids
        with freeze_time(bog(2026, 3, 18, 10)):
            for when in (bog(2026, 3, 19, 9), bog(2026, 3, 16, 9)):
                with self.subTest(when=when), self.assertRaises(UserError):
                    citation.with_user(self.clerk).action_mark_sent(when)
                with self.subTest(when=when), self.assertRaises(UserError):
                    pqr.with_user(self.clerk).action_register_personal(
                        "Ana Suscriptora", "1020304050", when
                    )
            citation.with_user(self.clerk).action_mark_sent(bog(2026, 3, 18, 9))
        self.assertEqual(citation.state, "sent")

    def test_notice_delivery_keeps_its_proof(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        with freeze_time(bog(2026, 3, 18, 9)):
            pqr.notification_ids.with_user(self.clerk).action_mark_sent()
        # 5 business days after Wed 18 Mar: 19, 20, 24, 25, 26: the notice is due Fri 27
        self._cron(bog(2026, 3, 27, 6))
        notice = pqr.notification_ids.filtered(lambda n: n.method == "notice")
        with freeze_time(bog(2026, 3, 27, 9)):
            notice.with_user(self.clerk).action_mark_sent()
        receipt = self._upload(self.clerk, "guia-472.pdf")
        with freeze_time(bog(2026, 3, 30, 9)):
            with self.assertRaises(UserError):  # delivered in the future
                notice.with_user(self.clerk).action_register_delivery(
                    date(2026, 3, 31), receipt
                )
            with self.assertRaises(UserError):  # no proof
                notice.with_user(self.clerk).action_register_delivery(
                    date(2026, 3, 30), self.env["ir.attachment"]
                )
            notice.with_user(self.clerk).action_register_delivery(
                date(2026, 3, 30), receipt
            )
        self.assertEqual(notice.attachment_ids, receipt)
        self.assertEqual(
            (receipt.res_model, receipt.res_id), ("pqr.notification", notice.id)
        )
        # effective at the end of the business day after delivery: Tue 31 Mar
        self.assertEqual(pqr.date_notified, date(2026, 3, 31))

    def test_notification_lines_only_through_their_actions(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = pqr.notification_ids.with_user(self.clerk)
        for vals in ({"state": "effective"}, {"date_sent": "2026-03-10 10:00:00"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                citation.write(vals)
        with self.assertRaises(UserError):
            self.env["pqr.notification"].with_user(self.clerk).create(
                {"request_id": pqr.id, "method": "conduct", "state": "effective"}
            )


@tagged("post_install", "-at_install")
class TestFrozenAct(HttpCase):
    def test_the_issued_pdf_is_stored_and_served(self):
        partner = self.env["res.partner"].create({"name": "Pedro Congelado"})
        pqr = self.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_reclamo").id,
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                "response_body": "<p>Texto original de la decisión.</p>",
            }
        )
        pqr.with_context(force_report_rendering=True).action_issue_decision()
        pdf = base64.b64decode(pqr.response_letter)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(pqr.response_letter_name.endswith(".pdf"))
        with self.assertRaises(UserError):
            pqr.write({"response_body": "<p>Texto cambiado.</p>"})
        # served as issued by the print button
        action = pqr.action_print_response()
        self.authenticate("admin", "admin")
        response = self.url_open(action["url"])
        self.assertEqual(response.content, pdf)
        # and it holds the text of the decision
        text = " ".join(
            page.extractText() for page in PdfFileReader(io.BytesIO(pdf)).pages
        )
        self.assertIn("Texto original de la decisión.", " ".join(text.split()))
