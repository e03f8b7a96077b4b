"""The texts the office writes by itself come out in the company's language.

Each daily action runs as OdooBot with OdooBot in English (as a scheduled action
does), on a company whose language is Spanish (Colombia): every note, activity and
email it writes is read in Spanish, with dates in the language's format (es_CO:
dd-mm-yyyy) and times in the calendar's time zone (America/Bogota), never ISO,
never UTC. Petitioners created by the office speak the company's language.
"""

import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MODULE
from .test_resolution import ResolutionCase, bog

ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@tagged("post_install", "-at_install")
class TestOfficeLanguage(ResolutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.lang = "es_CO"
        cls.odoobot = cls.env.ref("base.user_root")
        cls.odoobot.partner_id.lang = "en_US"

    def _as_bot(self, method, when, model="pqr.request"):
        """Run a daily action as the scheduler does: OdooBot, in its language."""
        bot_env = self.env(user=self.odoobot, context={"lang": "en_US"})
        with freeze_time(when):
            getattr(bot_env[model], method)()
        self.env.invalidate_all()

    def _notes(self, record, since=0):
        return [
            re.sub(r"<[^>]+>", "", m.body or "")
            for m in record.message_ids.sorted("id")
            if m.id > since and m.body
        ]

    def _last_id(self):
        return self.env["mail.message"].search([], order="id desc", limit=1).id

    def _assert_local_texts(self, texts):
        for text in texts:
            self.assertNotRegex(text, ISO_DATE, "an ISO date in a text")

    @staticmethod
    def _d(day):
        return day.strftime("%d-%m-%Y")

    # ------------------------------------------------------------------
    def test_deadline_alerts_in_spanish(self):
        """D-5 alert of a petición filed Tue 3 Mar 2026 (deadline Wed 25 Mar,
        Mon 23 Mar being San José), run on Wed 18 Mar."""
        pqr = self._create_pqr(user_id=self.clerk.id)
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))
        self._as_bot("_cron_deadline_alerts", bog(2026, 3, 18, 6))
        alert = pqr.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref(f"{MODULE}.mail_activity_pqr_deadline")
        )
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.summary, "Vencimiento legal en 5 días hábiles")

    def test_silence_note_activity_and_digest_in_spanish(self):
        pqr = self._create_pqr()
        mails_before = self.env["mail.mail"].search([])
        since = self._last_id()
        self._as_bot("_cron_silence_and_notifications", bog(2026, 3, 26, 7))
        self.assertTrue(pqr.is_sap)
        notes = self._notes(pqr, since)
        self.assertEqual(len(notes), 1)
        # the 72 hours run from the end of 25 Mar in Bogotá: 28 Mar 23:59:59 there
        self.assertEqual(
            notes[0],
            "El vencimiento legal (25-03-2026) pasó sin decisión: silencio "
            "administrativo positivo. Reconozca sus efectos antes de 28-03-2026 "
            "23:59:59 (Ley 142 de 1994 art. 158).",
        )
        activity = pqr.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref(f"{MODULE}.mail_activity_pqr_sap")
        )
        self.assertEqual(
            activity.summary, "Reconocer el silencio administrativo positivo (72 horas)"
        )
        digest = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(len(digest), 1)
        self.assertIn("Silencio administrativo positivo", digest.subject)
        self.assertIn(pqr.name, digest.subject)
        self.assertIn("Ley 142 de 1994 art. 158", digest.body_html)
        self.assertNotIn("The legal deadline", digest.body_html)

    def test_information_deemed_accepted_in_spanish(self):
        pqr = self._create_pqr(
            type_id=self.env.ref(f"{MODULE}.pqr_type_informacion").id
        )
        since = self._last_id()
        deadline = pqr.date_deadline
        # the morning after the deadline day, in Bogotá
        self._as_bot(
            "_cron_silence_and_notifications",
            bog(deadline.year, deadline.month, deadline.day, 7) + timedelta(days=1),
        )
        self.assertTrue(pqr.is_deemed_granted)
        notes = self._notes(pqr, since)
        self.assertEqual(len(notes), 1)
        self.assertIn(
            f"El término para responder la solicitud ({self._d(deadline)}) venció "
            "sin respuesta",
            notes[0],
        )
        self.assertIn(self._d(pqr.copies_deadline), notes[0])
        self._assert_local_texts(notes)
        self.assertIn(
            "Entregar las copias solicitadas", pqr.activity_ids.mapped("summary")
        )

    def test_late_citation_and_notice_in_spanish(self):
        """Decision on Tue 17 Mar: citation due 5 business days later; not sent,
        the daily action flags the defective step. Another PQR whose citation was
        sent gets the notice (aviso) activity."""
        late = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        sent = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = self._lines(sent, "citation")
        with freeze_time(bog(2026, 3, 18, 9)):
            citation.with_user(self.clerk).action_mark_sent(when=bog(2026, 3, 18, 9))
        self.assertIn(
            "Envíe la citación para notificación personal",
            late.activity_ids.mapped("summary"),
        )
        due = self._lines(late, "citation").date_due
        since = self._last_id()
        self._as_bot("_cron_silence_and_notifications", bog(2026, 4, 6, 7))
        self.assertTrue(late.sap_risk)
        notes = self._notes(late, since)
        self.assertEqual(len(notes), 1)
        self.assertTrue(
            notes[0].startswith(
                "Notificación defectuosa, riesgo de silencio administrativo positivo"
            ),
            notes[0],
        )
        self.assertIn(self._d(due), notes[0])
        self.assertIn(
            "Sin notificación personal: envíe el aviso",
            sent.activity_ids.mapped("summary"),
        )
        self._assert_local_texts(notes + self._notes(sent))

    def test_electronic_fallback_in_spanish(self):
        self.customer.pqr_electronic_consent = True
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        since = self._last_id()
        self._as_bot("_cron_silence_and_notifications", bog(2026, 3, 26, 7))
        notes = self._notes(pqr, since)
        self.assertIn(
            "No se logró la notificación electrónica (el enlace no se abrió a "
            "tiempo): la decisión se notifica mediante citación.",
            notes,
        )

    def test_notified_decision_in_spanish(self):
        """A personal notification registered by an English-speaking user: the
        note on the file is the office's, in Spanish."""
        self.clerk.lang = "en_US"
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        since = self._last_id()
        self._notify_personally(pqr, bog(2026, 3, 18, 9))
        notes = self._notes(pqr, since)
        self.assertTrue(
            any(
                n.startswith("Decisión notificada (Personal)")
                and "18-03-2026" in n
                and self._d(pqr.recurso_deadline) in n
                for n in notes
            ),
            notes,
        )
        self._assert_local_texts(notes)

    def test_preliminary_terms_in_spanish(self):
        """A transfer not done in time and an incomplete petition not completed
        in time: the daily action's notes and activity in Spanish."""
        transfer = self._create_pqr()
        transfer.with_user(self.clerk).action_mark_outside_competence()
        incomplete = self._create_pqr()
        with freeze_time(bog(2026, 3, 4, 9)):
            incomplete.with_user(self.clerk).action_request_completion(
                "<p>Copia de la factura</p>"
            )
        since = self._last_id()
        self._as_bot("_cron_silence_and_notifications", bog(2026, 5, 4, 7))
        transfer_notes = self._notes(transfer, since)
        self.assertIn(
            "El término para trasladar la petición a la autoridad competente venció "
            f"el {self._d(transfer.transfer_deadline)} (CPACA art. 21).",
            transfer_notes,
        )
        incomplete_notes = self._notes(incomplete, since)
        self.assertIn(
            f"El plazo para completar la petición venció el "
            f"{self._d(incomplete.completion_deadline)} sin que se completara: "
            "archívela por desistimiento (CPACA art. 17).",
            incomplete_notes,
        )
        self.assertIn(
            "Archivar la petición por desistimiento",
            incomplete.activity_ids.mapped("summary"),
        )

    def test_acknowledgement_to_a_new_petitioner_in_spanish(self):
        """A mail to the alias from an unknown sender, fetched by the scheduler:
        the petitioner is created in the company's language and the queued
        acknowledgement is in Spanish."""
        bot_env = self.env(user=self.odoobot, context={"lang": "en_US"})
        with freeze_time(bog(2026, 3, 9, 9)):
            pqr = bot_env["pqr.request"].message_new(
                {
                    "email_from": "Nuevo Usuario <nuevo.usuario@example.com>",
                    "subject": "Fuga en el andén",
                    "body": "<p>Hay una fuga frente a mi casa.</p>",
                    "date": "2026-03-09 13:00:00",
                }
            )
        self.assertEqual(pqr.partner_id.lang, "es_CO")
        since = self._last_id()
        self._as_bot("_cron_send_acknowledgements", bog(2026, 3, 9, 9, 5))
        mail = pqr.message_ids.filtered(lambda m: m.id > since)
        self.assertEqual(len(mail), 1)
        self.assertIn("Recibimos su", mail.body)
        self.assertNotIn("We received", mail.body)

    def test_petitioner_created_from_a_pqr_speaks_the_company_language(self):
        clerk = self.clerk
        clerk.lang = "en_US"
        partner_id, _name = (
            self.env["res.partner"]
            .with_user(clerk)
            .with_context(lang="en_US", pqr_petitioner=True)
            .name_create("Pedro Peticionario")
        )
        self.assertEqual(self.env["res.partner"].browse(partner_id).lang, "es_CO")
        # elsewhere, Odoo's default (the creator's language) is untouched
        other_id, _name = (
            self.env["res.partner"]
            .with_user(clerk)
            .with_context(lang="en_US")
            .name_create("Contacto de compras")
        )
        self.assertEqual(self.env["res.partner"].browse(other_id).lang, "en_US")

    def test_creation_note_in_spanish(self):
        bot_env = self.env(user=self.odoobot, context={"lang": "en_US"})
        pqr = bot_env["pqr.request"].create(self._pqr_vals())
        first = pqr.message_ids.sorted("id")[:1]
        self.assertNotIn("created", first.body)
        self.assertIn("cread", first.body)
