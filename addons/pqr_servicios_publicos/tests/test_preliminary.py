"""Transfer for lack of competence (CPACA art. 21) and incomplete petitions (CPACA
art. 17), with dates counted by hand.

The PQR of ``PqrCase._create_pqr`` is received Tue 3 Mar 2026 10:00 Bogotá and filed
that day (deadline Wed 25 Mar 2026, see test_resolution). Holidays that matter: Mon 23
Mar (San José), Thu 2 and Fri 3 Apr (Semana Santa) 2026.

- Transfer deadline, written: 5 business days after 3 Mar = 4, 5, 6, 9, 10 -> Tue 10
  Mar. Verbal: at once, the filing day, Tue 3 Mar.
- Request to complete: 10 business days after 3 Mar = 4, 5, 6, 9, 10, 11, 12, 13, 16,
  17 -> Tue 17 Mar.
- Asked on Wed 11 Mar: one month -> Sat 11 Apr, a non-business day -> Mon 13 Apr. The
  extension: two months -> Mon 11 May (a business day).
- Completed on Wed 25 Mar: waited from Thu 12 Mar to Wed 25 Mar = 12, 13, 16, 17, 18,
  19, 20, 24, 25 = 9 business days (23 Mar is a holiday). The term had run 6 business
  days (4, 5, 6, 9, 10, 11); the other 9 run from 26 Mar: 26, 27, 30, 31 Mar, 1, 6, 7,
  8, 9 Apr -> new deadline Thu 9 Apr 2026 (= 15 + 9 business days after 3 Mar).
"""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import MODULE
from .test_resolution import ResolutionCase, bog


class PreliminaryCase(ResolutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authority = cls.env["res.partner"].create(
            {
                "name": "Empresa de Energía de Cundinamarca",
                "is_company": True,
                "email": "pqr@energia.example.com",
            }
        )
        cls.act_transfer = cls.env.ref(f"{MODULE}.mail_activity_pqr_transfer")
        cls.act_completion = cls.env.ref(f"{MODULE}.mail_activity_pqr_completion")

    def _ask(
        self, pqr, when, missing="<p>Copia de la factura de febrero.</p>", user=None
    ):
        with freeze_time(when):
            return pqr.with_user(user or self.clerk).action_request_completion(missing)


@tagged("post_install", "-at_install")
class TestTransfer(PreliminaryCase):
    def test_transfer_deadlines(self):
        written = self._create_pqr()
        verbal = self._create_pqr(channel="phone")
        self.assertEqual(written.transfer_deadline, date(2026, 3, 10))
        self.assertEqual(verbal.transfer_deadline, date(2026, 3, 3))

    def test_transfer_in_time(self):
        pqr = self._create_pqr(area_id=self.area.id)
        # what the petitioner handed in goes with the petition; an internal
        # document of the company does not
        pqr.message_post(
            body="Anexo",
            author_id=self.customer.id,
            attachments=[("recibo.pdf", b"%PDF-1.4 recibo de energia")],
        )
        pqr.message_post(
            body="Informe interno",
            attachments=[("informe-interno.pdf", b"%PDF-1.4 informe")],
        )
        with freeze_time(bog(2026, 3, 4, 9)):
            pqr.with_user(self.users["area"]).action_mark_outside_competence()
        activity = self._activities(pqr, self.act_transfer)
        self.assertEqual(activity.date_deadline, date(2026, 3, 10))
        self.assertEqual(activity.user_id, self.users["area"])  # the area's manager

        # the last day of the term is in time, the day after it is flagged once
        self._cron(bog(2026, 3, 10, 23, 59))
        self.assertFalse(pqr.transfer_late)

        wizard = Form(
            self.env["pqr.request.transfer"]
            .with_user(self.clerk)
            .with_context(default_request_id=pqr.id)
        )
        self.assertEqual([a.name for a in wizard.attachment_ids], ["recibo.pdf"])
        wizard.authority_id = self.authority
        wizard.grounds = "<p>La queja es sobre el servicio de energía eléctrica.</p>"
        with freeze_time(bog(2026, 3, 10, 16)):
            wizard.save().action_confirm()
        self.assertRecordValues(
            pqr,
            [
                {
                    "state": "transferred",
                    "date_transfer": date(2026, 3, 10),
                    "date_response": date(2026, 3, 10),
                    "transfer_late": False,
                    "transfer_partner_id": self.authority.id,
                }
            ],
        )
        self.assertEqual(pqr.response_type_id.code, "8")
        self.assertEqual(pqr.notification_type_id.code, "3")  # not applicable
        self.assertTrue(pqr.response_number.startswith("RES-2026-"))
        self.assertFalse(self._activities(pqr, self.act_transfer))

        # one message to the authority and the petitioner: the covering letter and
        # the petition's annex
        message = self._messages(pqr, "remitida a Empresa de Energía")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.authority | self.customer)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            [f"Traslado - {pqr.name}.pdf", "recibo.pdf"],
        )
        emailed = message.notification_ids.filtered(
            lambda n: n.notification_type == "email"
        ).res_partner_id
        # (and the PQR's followers)
        self.assertEqual(
            emailed & (self.authority | self.customer), self.authority | self.customer
        )

        # ended for the company: no silence, no decision, no recurso
        self._cron(bog(2026, 3, 30, 0, 5))
        self.assertFalse(pqr.is_sap)
        self.assertFalse(pqr.transfer_late)
        with self.assertRaises(UserError):
            pqr.with_user(self.clerk).action_issue_decision()
        with self.assertRaises(UserError):
            pqr.action_file_recurso()

    def test_late_transfer_flagged(self):
        pqr = self._create_pqr()
        with freeze_time(bog(2026, 3, 4, 9)):
            pqr.with_user(self.clerk).action_mark_outside_competence()
        self._cron(bog(2026, 3, 11, 0, 5))
        self._cron(bog(2026, 3, 11, 6, 0))  # idempotent
        self.assertTrue(pqr.transfer_late)
        self.assertEqual(len(self._messages(pqr, "venció el 10-03-2026")), 1)
        with freeze_time(bog(2026, 3, 12, 9)):
            pqr.with_user(self.clerk).action_transfer_competence(
                self.authority.id, "<p>Energía eléctrica.</p>"
            )
        self.assertTrue(pqr.transfer_late)
        self.assertEqual(len(self._messages(pqr, "después del término legal")), 1)

    def test_transfer_checks(self):
        pqr = self._create_pqr()
        clerk_pqr = pqr.with_user(self.clerk)
        with self.assertRaises(UserError):
            clerk_pqr.action_transfer_competence(self.authority.id, "<p><br></p>")
        with self.assertRaises(UserError):
            clerk_pqr.action_transfer_competence(
                self.env.company.partner_id.id, "<p>Nosotros mismos.</p>"
            )
        with self.assertRaisesRegex(UserError, "competent authority"):
            clerk_pqr.action_transfer_competence(False, "<p>Energía.</p>")
        for role in ("technician", "billing"):
            with self.assertRaises(AccessError):
                pqr.with_user(self.users[role]).action_mark_outside_competence()
        self.assertFalse(pqr.outside_competence)
        for role in ("area", "technician", "billing"):
            with self.assertRaises(AccessError):
                pqr.with_user(self.users[role]).action_transfer_competence(
                    self.authority.id, "<p>Energía.</p>"
                )
        # the transfer answer is not issued as a decision
        pqr.write(
            {
                "response_type_id": self._response(8).id,
                "response_body": "<p>Energía.</p>",
            }
        )
        with self.assertRaisesRegex(UserError, "Transfer"):
            clerk_pqr.action_issue_decision()
        self.assertEqual(pqr.state, "filed")


@tagged("post_install", "-at_install")
class TestIncompletePetition(PreliminaryCase):
    def test_request_window(self):
        pqr = self._create_pqr()
        self.assertEqual(pqr.completion_request_deadline, date(2026, 3, 17))
        with self.assertRaisesRegex(UserError, "17-03-2026"):
            self._ask(pqr, bog(2026, 3, 18, 9))
        with self.assertRaises(UserError):
            self._ask(pqr, bog(2026, 3, 17, 9), missing="<p><br></p>")
        self._ask(pqr, bog(2026, 3, 17, 16))  # the last day is in time
        self.assertEqual(pqr.state, "incomplete")
        self.assertEqual(pqr.completion_deadline, date(2026, 4, 17))
        with self.assertRaisesRegex(UserError, "already asked"):
            self._ask(pqr, bog(2026, 3, 17, 16, 30))

    def test_completed_resumes_the_term(self):
        pqr = self._create_pqr(area_id=self.area.id)
        self._ask(pqr, bog(2026, 3, 11, 10))
        self.assertRecordValues(
            pqr,
            [
                {
                    "state": "incomplete",
                    "date_completion_requested": date(2026, 3, 11),
                    "completion_deadline": date(2026, 4, 13),
                }
            ],
        )
        letter = pqr.completion_request_attachment_id
        self.assertEqual(letter.name, f"Requerimiento - {pqr.name}.pdf")
        # mailed to the petitioner with the letter: in their language (en_US here)
        self.assertEqual(self.customer.lang, "en_US")
        message = self._messages(pqr, "asked to complete the petition by 04/13/2026")
        self.assertEqual(message.partner_ids, self.customer)
        self.assertIn(letter, message.attachment_ids)

        # waiting: no silence on the original deadline (Wed 25 Mar), no alerts
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertFalse(pqr.is_sap)
        self.assertFalse(pqr.deadline_status)

        documents = self.env["ir.attachment"].create(
            {
                "name": "factura-febrero.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 factura"),
                "res_model": "pqr.request",
                "res_id": pqr.id,
            }
        )
        wizard = Form(
            self.env["pqr.request.register.completion"]
            .with_user(self.clerk)
            .with_context(default_request_id=pqr.id)
        )
        wizard.date = date(2026, 3, 25)
        wizard.attachment_ids.add(documents)
        with freeze_time(bog(2026, 3, 26, 9)):
            wizard.save().action_confirm()
        self.assertEqual(pqr.state, "in_progress")
        self.assertEqual(pqr.date_completed, date(2026, 3, 25))
        suspension = pqr.suspension_ids
        self.assertRecordValues(
            suspension,
            [
                {
                    "reason": "user_delay",
                    # the law suspends the term: effective without approval (A6)
                    "state": "approved",
                    "by_law": True,
                    "date_start": date(2026, 3, 12),
                    "date_end": date(2026, 3, 25),
                    "business_days": 9,
                }
            ],
        )
        self.assertEqual(suspension.attachment_ids, letter | documents)
        self.assertEqual(pqr.date_deadline, date(2026, 4, 9))
        self.assertFalse(
            pqr.activity_ids.filtered(lambda a: "suspension" in (a.summary or "")),
            "nothing for a manager to approve",
        )
        # the nightly action the day after the old deadline flags no silence
        with freeze_time(bog(2026, 3, 27, 6)):
            self.env["pqr.request"]._cron_silence_and_notifications()
        self.assertFalse(pqr.is_sap)

    def test_completed_the_day_it_was_asked_needs_no_suspension(self):
        pqr = self._create_pqr()
        self._ask(pqr, bog(2026, 3, 11, 10))
        with freeze_time(bog(2026, 3, 11, 15)):
            pqr.with_user(self.clerk).action_register_completion(date(2026, 3, 11))
        self.assertEqual(pqr.state, "filed")  # no area yet
        self.assertFalse(pqr.suspension_ids)
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))

    def test_extension_once_and_in_time(self):
        pqr = self._create_pqr()
        self._ask(pqr, bog(2026, 3, 11, 10))
        with freeze_time(bog(2026, 4, 13, 16)):  # the last day
            pqr.with_user(self.clerk).action_extend_completion()
        self.assertEqual(pqr.completion_deadline, date(2026, 5, 11))
        self.assertTrue(pqr.completion_extended)
        with (
            freeze_time(bog(2026, 4, 20, 9)),
            self.assertRaisesRegex(UserError, "already extended"),
        ):
            pqr.with_user(self.clerk).action_extend_completion()

        other = self._create_pqr()
        self._ask(other, bog(2026, 3, 11, 10))
        with (
            freeze_time(bog(2026, 4, 14, 9)),
            self.assertRaisesRegex(UserError, "before the time"),
        ):
            other.with_user(self.clerk).action_extend_completion()
        # completed after its time: archive it
        with (
            freeze_time(bog(2026, 4, 14, 9)),
            self.assertRaisesRegex(UserError, "desisted"),
        ):
            other.with_user(self.clerk).action_register_completion(date(2026, 4, 14))

    def test_desistimiento(self):
        pqr = self._create_pqr(channel="written")
        self._ask(pqr, bog(2026, 3, 11, 10))
        clerk_pqr = pqr.with_user(self.clerk)
        # another decision while waiting is refused; so is archiving too early
        pqr.write(
            {"response_type_id": self._response(3).id, "response_body": "<p>No</p>"}
        )
        with self.assertRaisesRegex(UserError, "waiting for the petitioner"):
            clerk_pqr.action_issue_decision()
        pqr.write({"response_body": False})
        with (
            freeze_time(bog(2026, 4, 13, 16)),
            self.assertRaisesRegex(UserError, "13-04-2026"),
        ):
            clerk_pqr.action_archive_desistimiento()

        # the day after the time ended: flagged once, activity for the responsible
        self._cron(bog(2026, 4, 13, 23, 59))
        self.assertFalse(pqr.desistimiento_due)
        self._cron(bog(2026, 4, 14, 0, 5))
        self._cron(bog(2026, 4, 14, 6, 0))
        self.assertTrue(pqr.desistimiento_due)
        self.assertEqual(len(self._activities(pqr, self.act_completion)), 1)
        self.assertEqual(len(self._messages(pqr, "archívela por desistimiento")), 1)

        with freeze_time(bog(2026, 4, 14, 9)):
            clerk_pqr.action_archive_desistimiento()
        self.assertRecordValues(
            pqr,
            [
                {
                    "state": "notifying",
                    "date_response": date(2026, 4, 14),
                    "is_sap": False,
                }
            ],
        )
        self.assertEqual(pqr.response_type_id.code, "11")
        self.assertIn("Copia de la factura de febrero", pqr.response_body)
        self.assertIn("2026", pqr.response_body)
        self.assertFalse(self._activities(pqr, self.act_completion))

        # notified, only reposición lies against it
        self._notify_personally(pqr, bog(2026, 4, 15, 10))
        self.assertEqual(pqr.state, "notified")
        with self.assertRaisesRegex(UserError, "Reposición only"):
            pqr.action_file_recurso(apelacion=True)
        recurso = pqr.action_file_recurso(date_received=bog(2026, 4, 16, 10))
        self.assertEqual(recurso.type_id.code, "recurso_reposicion")
        self.assertFalse(recurso.is_late_recurso)

    def test_only_clerks_ask(self):
        pqr = self._create_pqr(area_id=self.area.id)
        for role in ("area", "technician", "billing"):
            with self.assertRaises(AccessError):
                self._ask(pqr, bog(2026, 3, 5, 9), user=self.users[role])
        with self.assertRaises(AccessError):
            self._ask(pqr, bog(2026, 3, 5, 9), user=self.portal_user)
        self.assertEqual(pqr.state, "filed")

    def test_wizards_for_clerks_only(self):
        pqr = self._create_pqr(area_id=self.area.id)
        wizards = {
            "pqr.request.transfer": {
                "authority_id": self.authority.id,
                "grounds": "<p>Energía</p>",
            },
            "pqr.request.ask.completion": {"missing": "<p>Factura</p>"},
            "pqr.request.register.completion": {},
        }
        for model, values in wizards.items():
            for user in (self.users["area"], self.users["billing"], self.portal_user):
                with self.assertRaises(AccessError, msg=f"{model} as {user.login}"):
                    self.env[model].with_user(user).create(
                        {"request_id": pqr.id, **values}
                    )
            self.assertTrue(
                self.env[model]
                .with_user(self.clerk)
                .create({"request_id": pqr.id, **values})
            )
