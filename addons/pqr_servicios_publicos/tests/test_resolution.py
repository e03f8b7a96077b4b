"""Decision -> CPACA notification -> recursos -> silencio administrativo positivo.

Every date below is counted by hand. Business days skip weekends and the Colombian
holidays of 2026 that matter here: Mon 23 Mar (San José), Thu 2 and Fri 3 Apr (Semana
Santa). Terms start on the business day after their start date and end on the Nth
business day, inclusive.

The PQR of ``PqrCase._create_pqr`` is received Tue 3 Mar 2026 10:00 Bogotá and filed that
day; 15 business days (4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 24, 25) put its
deadline on Wed 25 Mar 2026.

Moments are written in Bogotá time with ``bog()`` (UTC-5, no daylight saving) and frozen
as naive UTC, as Odoo stores them.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MODULE, PqrCase


def bog(year, month, day, hour=0, minute=0, second=0):
    """Naive UTC datetime of a Bogotá wall-clock moment (UTC-5 all year)."""
    return datetime(year, month, day, hour, minute, second) + timedelta(hours=5)


class ResolutionCase(PqrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.users["clerk"]
        cls.manager = cls.users["manager"]
        cls.act_notification = cls.env.ref(f"{MODULE}.mail_activity_pqr_notification")
        cls.act_sap = cls.env.ref(f"{MODULE}.mail_activity_pqr_sap")

    # helpers ------------------------------------------------------------
    def _response(self, number):
        return self.env.ref(f"{MODULE}.pqr_response_type_{number}")

    def _decide(self, pqr, when, response=1, user=None):
        """Issue the decision of ``pqr`` at ``when`` (naive UTC)."""
        pqr.write(
            {
                "response_type_id": self._response(response).id,
                "response_body": "<p>Se resuelve la petición.</p>",
            }
        )
        with freeze_time(when):
            pqr.with_user(user or self.clerk).action_issue_decision()
        return pqr

    def _notify_personally(self, pqr, when):
        return pqr.with_user(self.clerk).action_register_personal(
            "Ana Suscriptora", "1020304050", when=when
        )

    def _close(self, pqr, when):
        with freeze_time(when):
            return pqr.with_user(self.clerk).action_close()

    def _cron(self, when):
        with freeze_time(when):
            self.env["pqr.request"]._cron_silence_and_notifications()

    def _lines(self, pqr, method):
        return pqr.notification_ids.filtered(lambda n: n.method == method)

    def _activities(self, pqr, activity_type):
        return pqr.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _messages(self, record, text):
        return record.message_ids.filtered(lambda m: text in (m.body or ""))

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.flush()  # runs the precommit hooks that write tracking values

    def _tracked(self, record, field_name):
        return record.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == field_name
        )


@tagged("post_install", "-at_install")
class TestResolutionNotification(ResolutionCase):
    """Full chain per CPACA notification path, each ending in ``action_close``."""

    def test_electronic_consent_given_and_revoked(self):
        with freeze_time(bog(2026, 3, 2, 9)):
            self.customer.write({"pqr_electronic_consent": True})
        self.assertEqual(self.customer.pqr_consent_date, bog(2026, 3, 2, 9))
        self.assertFalse(self.customer.pqr_consent_revoked_date)
        self._flush_tracking()
        self.assertTrue(self._tracked(self.customer, "pqr_electronic_consent"))
        self.assertTrue(self._tracked(self.customer, "pqr_consent_date"))

        with freeze_time(bog(2026, 3, 10, 16)):
            self.customer.write({"pqr_electronic_consent": False})
        self.assertEqual(self.customer.pqr_consent_revoked_date, bog(2026, 3, 10, 16))
        # the consent date stays as evidence of when it was given
        self.assertEqual(self.customer.pqr_consent_date, bog(2026, 3, 2, 9))
        self._flush_tracking()
        self.assertTrue(self._tracked(self.customer, "pqr_consent_revoked_date"))
        self.assertEqual(len(self._tracked(self.customer, "pqr_electronic_consent")), 2)

        # without consent the decision is notified by citation, never electronically
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        self.assertEqual(pqr.notification_ids.mapped("method"), ["citation"])

    def test_electronic_path(self):
        with freeze_time(bog(2026, 3, 2, 9)):
            self.customer.write({"pqr_electronic_consent": True})
        pqr = self._create_pqr()
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))

        # Tue 17 Mar 10:00: decision, the electronic line is sent with the link
        self._decide(pqr, bog(2026, 3, 17, 10))
        self.assertEqual(pqr.state, "notifying")
        self.assertEqual(pqr.date_response, date(2026, 3, 17))
        self.assertTrue(pqr.response_number)
        line = pqr.notification_ids
        self.assertEqual(line.method, "electronic")
        self.assertEqual(line.state, "sent")
        self.assertEqual(line.date_sent, bog(2026, 3, 17, 10))
        self.assertFalse(line.date_accessed)
        self.assertTrue(pqr.access_token)
        link = f"/pqr/decision/{pqr.id}?access_token={pqr.access_token}"
        mail = self._messages(pqr, link)
        self.assertEqual(len(mail), 1, "one mail with the tokenized link")
        self.assertIn(self.customer, mail.partner_ids)
        self.assertTrue(
            mail.notification_ids.filtered(
                lambda n: n.res_partner_id == self.customer
                and n.notification_type == "email"
            ),
            "the link is emailed to the petitioner",
        )

        # not notified yet: it cannot be closed
        with self.assertRaisesRegex(UserError, "without an effective notification"):
            self._close(pqr, bog(2026, 3, 17, 11))

        # the page of the link records the petitioner's access (test_portal_decision):
        # Wed 18 Mar 20:30 Bogotá (Thu 19 Mar 01:30 UTC) the petitioner opens it
        with freeze_time(bog(2026, 3, 18, 20, 30)):
            self.assertTrue(line._register_access(ip="10.0.0.7", user_agent="Firefox"))
        self.assertEqual(line.date_accessed, datetime(2026, 3, 19, 1, 30))
        self.assertEqual(line.state, "effective")
        self.assertEqual(line.date_effective, line.date_accessed)
        self.assertEqual(pqr.state, "notified")
        # the Bogotá date of the access, not the UTC one
        self.assertEqual(pqr.date_notified, date(2026, 3, 18))
        # 5 business days after Wed 18 Mar: 19, 20, (23 holiday) 24, 25, 26
        self.assertEqual(pqr.recurso_deadline, date(2026, 3, 26))
        # electronic notification is reported to the SUI as personal
        self.assertEqual(pqr.notification_type_id.code, "1")
        # a second opening changes nothing
        with freeze_time(bog(2026, 3, 19, 9)):
            self.assertFalse(line._register_access(ip="10.0.0.8"))
        self.assertEqual(line.access_ip, "10.0.0.7")
        self.assertEqual(line.date_accessed, datetime(2026, 3, 19, 1, 30))

        with self.assertRaisesRegex(UserError, "recurso window"):
            self._close(pqr, bog(2026, 3, 26, 16))
        self._close(pqr, bog(2026, 3, 27, 8))
        self.assertEqual(pqr.state, "closed")

    def test_personal_path(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = pqr.notification_ids
        self.assertEqual(citation.method, "citation")
        self.assertEqual(citation.state, "pending")
        # 5 business days after Tue 17 Mar: 18, 19, 20, (23 holiday) 24, 25
        self.assertEqual(citation.date_due, date(2026, 3, 25))
        step = self._activities(pqr, self.act_notification)
        self.assertEqual(len(step), 1)
        self.assertEqual(step.date_deadline, date(2026, 3, 25))

        with freeze_time(bog(2026, 3, 18, 9)):
            citation.with_user(self.clerk).action_mark_sent()
        self.assertEqual(citation.state, "sent")
        self.assertEqual(citation.date_sent, bog(2026, 3, 18, 9))
        self.assertFalse(citation.is_late)
        self.assertTrue(self._messages(pqr, "Citación enviada"))
        with self.assertRaises(UserError):
            citation.action_mark_sent()  # already sent

        with self.assertRaisesRegex(UserError, "without an effective notification"):
            self._close(pqr, bog(2026, 3, 19, 9))
        with self.assertRaisesRegex(UserError, "their ID"):
            pqr.with_user(self.clerk).action_register_personal("Ana", False)

        # Fri 20 Mar 09:00: the petitioner comes, the acta is signed
        self._notify_personally(pqr, bog(2026, 3, 20, 9))
        personal = self._lines(pqr, "personal")
        self.assertEqual(personal.state, "effective")
        self.assertEqual(personal.date_effective, bog(2026, 3, 20, 9))
        self.assertEqual(personal.receiver_name, "Ana Suscriptora")
        self.assertEqual(personal.receiver_identification, "1020304050")
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(pqr.date_notified, date(2026, 3, 20))
        # 5 business days after Fri 20 Mar: (23 holiday) 24, 25, 26, 27, 30
        self.assertEqual(pqr.recurso_deadline, date(2026, 3, 30))
        self.assertEqual(pqr.notification_type_id.code, "1")
        self.assertFalse(self._activities(pqr, self.act_notification))

        with self.assertRaisesRegex(UserError, "open until"):
            self._close(pqr, bog(2026, 3, 30, 16))
        self._close(pqr, bog(2026, 3, 31, 8))
        self.assertEqual(pqr.state, "closed")

    def test_notice_path(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = pqr.notification_ids
        # Wed 18 Mar 10:00: citation sent. Personal notification can be made during
        # the next 5 business days: 19, 20, (23 holiday) 24, 25, 26.
        with freeze_time(bog(2026, 3, 18, 10)):
            citation.action_mark_sent()
        self.assertEqual(citation._notice_deadlines()[citation.id], date(2026, 3, 26))

        self._cron(bog(2026, 3, 25, 0, 5))
        self._cron(bog(2026, 3, 25, 23, 30))
        self.assertFalse(self._lines(pqr, "notice"))

        # Fri 27 Mar: the 5 business days ended without personal notification
        self._cron(bog(2026, 3, 27, 0, 5))
        self._cron(bog(2026, 3, 27, 11))
        notice = self._lines(pqr, "notice")
        self.assertEqual(len(notice), 1, "the cron creates the notice once")
        self.assertEqual(notice.state, "pending")
        # sent within 5 business days of Thu 26 Mar: 27, 30, 31, 1 Apr,
        # (2, 3 Semana Santa) 6 Apr
        self.assertEqual(notice.date_due, date(2026, 4, 6))
        self.assertEqual(citation.state, "sent")
        self.assertFalse(pqr.sap_risk)
        steps = self._activities(pqr, self.act_notification)
        self.assertIn(date(2026, 4, 6), steps.mapped("date_deadline"))

        with self.assertRaises(UserError):
            notice.action_register_delivery(date(2026, 3, 31))  # not sent yet
        with freeze_time(bog(2026, 3, 27, 15)):
            notice.action_mark_sent()
        self.assertEqual(notice.state, "sent")
        self.assertFalse(notice.is_late)
        self._cron(bog(2026, 3, 30, 0, 5))
        self.assertEqual(len(self._lines(pqr, "notice")), 1)

        # delivered Wed 1 Apr: effective at the end of the next business day,
        # (2, 3 Semana Santa, 4, 5 weekend) Mon 6 Apr 23:59:59 Bogotá
        proof = self.env["ir.attachment"].create(
            {"name": "guia-courier.pdf", "raw": b"%PDF-1.4 guia"}
        )
        with freeze_time(bog(2026, 4, 2, 9)):
            notice.action_register_delivery(date(2026, 4, 1), proof=proof)
        self.assertEqual(notice.state, "effective")
        self.assertEqual(notice.date_delivered, date(2026, 4, 1))
        self.assertEqual(notice.attachment_ids, proof)
        self.assertEqual(notice.date_effective, datetime(2026, 4, 7, 4, 59, 59))
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(pqr.date_notified, date(2026, 4, 6))
        self.assertEqual(pqr.notification_type_id.code, "4")
        # 5 business days after Mon 6 Apr: 7, 8, 9, 10, 13
        self.assertEqual(pqr.recurso_deadline, date(2026, 4, 13))
        with self.assertRaises(UserError):
            notice.write({"date_delivered": date(2026, 4, 2)})  # final

        with self.assertRaisesRegex(UserError, "open until"):
            self._close(pqr, bog(2026, 4, 13, 16))
        self._close(pqr, bog(2026, 4, 14, 8))
        self.assertEqual(pqr.state, "closed")

    def test_notice_not_created_on_last_day_of_personal_notification(self):
        """CPACA art. 69: the aviso comes when personal notification could not be
        made *al cabo de* the 5 days after the citation was sent; on the 5th day
        (Thu 26 Mar) the petitioner may still come."""
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        with freeze_time(bog(2026, 3, 18, 10)):
            pqr.notification_ids.action_mark_sent()
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertFalse(self._lines(pqr, "notice"))

    def test_conduct_path(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        with self.assertRaisesRegex(UserError, "without an effective notification"):
            self._close(pqr, bog(2026, 3, 18, 9))
        # Thu 19 Mar 16:00: the petitioner cites the decision in a letter
        pqr.action_register_conduct(bog(2026, 3, 19, 16), "Letter citing the decision")
        conduct = self._lines(pqr, "conduct")
        self.assertEqual(conduct.state, "effective")
        self.assertEqual(conduct.receiver_name, "Letter citing the decision")
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(pqr.date_notified, date(2026, 3, 19))
        self.assertEqual(pqr.notification_type_id.code, "5")
        # 5 business days after Thu 19 Mar: 20, (23 holiday) 24, 25, 26, 27
        self.assertEqual(pqr.recurso_deadline, date(2026, 3, 27))
        # the pending citation stays as a record of the attempt
        self.assertEqual(self._lines(pqr, "citation").state, "pending")

        with self.assertRaisesRegex(UserError, "open until"):
            self._close(pqr, bog(2026, 3, 27, 12))
        self._close(pqr, bog(2026, 3, 30, 8))
        self.assertEqual(pqr.state, "closed")

    def test_conduct_by_filing_a_recurso(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10), response=3)
        # Thu 19 Mar 10:00: a recurso while the decision is being notified
        with freeze_time(bog(2026, 3, 19, 10)):
            recurso = pqr.with_user(self.clerk).action_file_recurso()
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(self._lines(pqr, "conduct").state, "effective")
        self.assertEqual(pqr.notification_type_id.code, "5")
        self.assertEqual(pqr.date_notified, date(2026, 3, 19))
        # 20, (23 holiday) 24, 25, 26, 27
        self.assertEqual(pqr.recurso_deadline, date(2026, 3, 27))
        self.assertEqual(recurso.parent_id, pqr)
        self.assertEqual(pqr.child_ids, recurso)
        self.assertEqual(recurso.type_id.code, "recurso_reposicion")
        self.assertEqual(recurso.date_filed, date(2026, 3, 19))
        self.assertFalse(recurso.is_late_recurso)
        # its own 15 business days: 20, 24, 25, 26, 27, 30, 31, 1 Apr,
        # (2, 3 Semana Santa) 6, 7, 8, 9, 10, 13, 14
        self.assertEqual(recurso.date_deadline, date(2026, 4, 14))
        # the window has passed, but the recurso is still open
        with self.assertRaisesRegex(UserError, "recursos still open"):
            self._close(pqr, bog(2026, 3, 30, 8))

    def test_notification_posts_the_recurso_window(self):
        pqr = self._create_pqr()
        self._flush_tracking()  # filed in an earlier transaction
        self._decide(pqr, bog(2026, 3, 17, 10))
        self._notify_personally(pqr, bog(2026, 3, 20, 9))
        message = self._messages(pqr, "Los recursos pueden interponerse hasta")
        self.assertEqual(len(message), 1)
        self.assertIn("20-03-2026", message.body)
        self.assertIn("30-03-2026", message.body)
        self._flush_tracking()
        for field_name in ("state", "date_response", "date_notified"):
            self.assertTrue(self._tracked(pqr, field_name), field_name)


@tagged("post_install", "-at_install")
class TestResolutionRecurso(ResolutionCase):
    """A decision notified personally Fri 20 Mar: recurso window until Mon 30 Mar
    ((23 holiday) 24, 25, 26, 27, 30)."""

    def setUp(self):
        super().setUp()
        self.pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10), response=3)
        self._notify_personally(self.pqr, bog(2026, 3, 20, 9))
        self.assertEqual(self.pqr.recurso_deadline, date(2026, 3, 30))

    def _file(self, when, apelacion=False):
        with freeze_time(when):
            return self.pqr.with_user(self.clerk).action_file_recurso(
                apelacion=apelacion
            )

    def test_recurso_in_time(self):
        recurso = self._file(bog(2026, 3, 26, 10))
        self.assertFalse(recurso.is_late_recurso)
        self.assertEqual(recurso.state, "filed")
        self.assertEqual(recurso.date_filed, date(2026, 3, 26))
        # its own 15 business days from Thu 26 Mar: 27, 30, 31, 1 Apr,
        # (2, 3 Semana Santa) 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20
        self.assertEqual(recurso.date_deadline, date(2026, 4, 20))
        self.assertEqual(recurso.partner_id, self.pqr.partner_id)
        with self.assertRaisesRegex(UserError, "recursos still open"):
            self._close(self.pqr, bog(2026, 3, 31, 8))
        self._decide(recurso, bog(2026, 4, 8, 10), response=6)  # Revokes
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        with self.assertRaises(UserError):  # no recurso against a recurso's answer
            recurso.action_file_recurso()
        self.assertEqual(recurso.state, "notified")
        # the answer to a recurso is final once notified: no recurso window
        self.assertFalse(recurso.recurso_deadline, "the answer to a recurso is final")
        self.assertEqual(self.pqr.state, "notified")
        self._close(recurso, bog(2026, 4, 17, 8))
        self.assertEqual(recurso.state, "closed")
        self.assertEqual(self.pqr.state, "closed", "the parent closes with its recurso")

    def test_recurso_on_last_day_is_in_time(self):
        recurso = self._file(bog(2026, 3, 30, 16))
        self.assertEqual(recurso.date_filed, date(2026, 3, 30))
        self.assertFalse(recurso.is_late_recurso)

    def test_late_recurso_is_rejected(self):
        recurso = self._file(bog(2026, 3, 31, 10))
        self.assertEqual(recurso.date_filed, date(2026, 3, 31))
        self.assertTrue(recurso.is_late_recurso)
        self.assertTrue(
            self._messages(recurso, "Interpuesto después del término para recurrir")
        )
        # still answered within its own 15 business days: 1 Apr, (2, 3 Semana
        # Santa) 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23
        self.assertEqual(recurso.date_deadline, date(2026, 4, 23))
        with self.assertRaisesRegex(UserError, "late recurso"):
            self._decide(recurso, bog(2026, 4, 8, 10), response=4)
        self.assertEqual(recurso.state, "filed")
        self.assertFalse(recurso.date_response)
        self._decide(recurso, bog(2026, 4, 8, 10), response=7)
        self.assertEqual(recurso.state, "notifying")
        self.assertEqual(recurso.response_type_id.code, "7")
        self.assertEqual(recurso.date_response, date(2026, 4, 8))

    def test_apelacion_goes_to_the_sspd(self):
        recurso = self._file(bog(2026, 3, 25, 10), apelacion=True)
        self.assertEqual(recurso.type_id.code, "recurso_apelacion")
        self.assertFalse(recurso.is_late_recurso)
        self._decide(recurso, bog(2026, 4, 8, 10), response=4)  # Confirms
        with self.assertRaises(UserError):  # not notified yet
            recurso.with_user(self.clerk).action_transfer_sspd()
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        self.assertEqual(recurso.state, "notified")
        with self.assertRaisesRegex(UserError, "Superintendencia"):
            self._close(recurso, bog(2026, 4, 20, 8))
        with self.assertRaises(AccessError):
            recurso.with_user(self.users["area"]).action_transfer_sspd()

        with freeze_time(bog(2026, 4, 10, 10)):
            recurso.with_user(self.clerk).action_transfer_sspd()
        self.assertEqual(recurso.state, "sspd")
        self.assertEqual(recurso.date_sspd_transfer, date(2026, 4, 10))
        with self.assertRaisesRegex(UserError, "recursos still open"):
            self._close(self.pqr, bog(2026, 4, 20, 8))
        with self.assertRaises(UserError):
            self.pqr.with_user(self.clerk).action_record_sspd_decision(
                "confirms", date(2026, 6, 1)
            )

        recurso.with_user(self.clerk).action_record_sspd_decision(
            "confirms", date(2026, 6, 1)
        )
        self.assertEqual(recurso.state, "closed")
        self.assertEqual(recurso.sspd_outcome, "confirms")
        self.assertEqual(recurso.date_sspd_decision, date(2026, 6, 1))
        self.assertEqual(self.pqr.state, "closed")

    def test_granted_reposicion_does_not_go_to_the_sspd(self):
        recurso = self._file(bog(2026, 3, 25, 10), apelacion=True)
        self._decide(recurso, bog(2026, 4, 8, 10), response=6)  # Revokes
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        with (
            freeze_time(bog(2026, 4, 10, 10)),
            self.assertRaisesRegex(UserError, "does not fully grant"),
        ):
            recurso.with_user(self.clerk).action_transfer_sspd()
        self.assertEqual(recurso.state, "notified")
        self.assertFalse(recurso.date_sspd_transfer)
        # Thu 9 Apr + 5: 10, 13, 14, 15, 16
        self._close(recurso, bog(2026, 4, 17, 8))
        self.assertEqual(recurso.state, "closed")
        self.assertEqual(self.pqr.state, "closed")

    def test_reposicion_without_apelacion_stays_in_the_company(self):
        recurso = self._file(bog(2026, 3, 25, 10))
        self._decide(recurso, bog(2026, 4, 8, 10), response=4)  # Confirms
        self._notify_personally(recurso, bog(2026, 4, 9, 9))
        with self.assertRaises(UserError):
            recurso.with_user(self.clerk).action_transfer_sspd()
        self._close(recurso, bog(2026, 4, 17, 8))
        self.assertEqual(self.pqr.state, "closed")


@tagged("post_install", "-at_install")
class TestResolutionSilence(ResolutionCase):
    """Deadline Wed 25 Mar 2026: silence from 25 Mar 23:59:59 Bogotá = 26 Mar
    04:59:59 UTC; the 72 clock hours end 29 Mar 04:59:59 UTC (28 Mar 23:59:59
    Bogotá)."""

    def _sap_messages(self, pqr):
        return self._messages(pqr, "silencio administrativo positivo. Reconozca")

    def _attachment(self, pqr):
        """The act, uploaded by the manager on the PQR."""
        return (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create(
                {
                    "name": "reconocimiento-sap.pdf",
                    "raw": b"%PDF-1.4 acto de reconocimiento",
                    "res_model": "pqr.request",
                    "res_id": pqr.id,
                }
            )
        )

    def test_flagged_after_the_deadline_day_once(self):
        pqr = self._create_pqr()
        self._flush_tracking()  # filed in an earlier transaction
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))
        # any time on Wed 25 Mar in Bogotá: still on time
        for hour, minute in ((0, 1), (12, 0), (19, 30), (23, 59)):
            self._cron(bog(2026, 3, 25, hour, minute))
            self.assertFalse(pqr.is_sap, f"flagged on 25 Mar {hour}:{minute:02d}")
        self.assertFalse(self._sap_messages(pqr))

        # Thu 26 Mar, the scheduled run (00:05 Bogotá)
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertTrue(pqr.is_sap)
        self.assertEqual(pqr.date_sap, datetime(2026, 3, 26, 4, 59, 59))
        self.assertEqual(pqr.sap_recognition_deadline, datetime(2026, 3, 29, 4, 59, 59))
        self.assertEqual(
            pqr.sap_recognition_deadline - pqr.date_sap, timedelta(hours=72)
        )
        self.assertFalse(pqr.sap_recognized_late)
        activity = self._activities(pqr, self.act_sap)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group(f"{MODULE}.group_pqr_manager"))
        self.assertEqual(len(self._sap_messages(pqr)), 1)

        self._cron(bog(2026, 3, 26, 15))
        self._cron(bog(2026, 3, 27, 0, 5))
        self.assertEqual(len(self._activities(pqr, self.act_sap)), 1)
        self.assertEqual(len(self._sap_messages(pqr)), 1)
        self.assertEqual(pqr.date_sap, datetime(2026, 3, 26, 4, 59, 59))
        self._flush_tracking()
        self.assertTrue(self._tracked(pqr, "is_sap"))

    def test_decided_pqr_never_flagged(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 24, 10))
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertFalse(pqr.is_sap)
        self._notify_personally(pqr, bog(2026, 3, 27, 9))
        self._cron(bog(2026, 4, 1, 0, 5))
        self.assertFalse(pqr.is_sap)
        self.assertFalse(self._activities(pqr, self.act_sap))
        # decided on the deadline day itself: on time too
        on_deadline = self._decide(self._create_pqr(), bog(2026, 3, 25, 16))
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertFalse(on_deadline.is_sap)

    def test_recognize_sap(self):
        pqr = self._create_pqr()
        late = self._create_pqr()
        with self.assertRaisesRegex(UserError, "no silence"):
            pqr.with_user(self.manager).action_recognize_sap(self._attachment(pqr))
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertTrue(pqr.is_sap and late.is_sap)

        with self.assertRaises(AccessError):
            pqr.with_user(self.clerk).action_recognize_sap(self._attachment(pqr))
        with self.assertRaisesRegex(UserError, "Attach"):
            pqr.with_user(self.manager).action_recognize_sap(self.env["ir.attachment"])
        self.assertFalse(pqr.date_sap_recognized)

        act = self._attachment(pqr)
        # Fri 27 Mar 10:00 Bogotá, within the 72 hours
        with freeze_time(bog(2026, 3, 27, 10)):
            pqr.with_user(self.manager).action_recognize_sap(act)
        self.assertEqual(pqr.date_sap_recognized, bog(2026, 3, 27, 10))
        self.assertEqual(pqr.sap_recognition_attachment_id, act)
        self.assertFalse(pqr.sap_recognized_late)
        self.assertFalse(self._activities(pqr, self.act_sap))
        self.assertTrue(
            self._messages(pqr, "Silencio administrativo positivo reconocido el")
        )
        self.assertFalse(self._messages(pqr, "Reconocido después"))
        with self.assertRaisesRegex(UserError, "no silence"):
            pqr.with_user(self.manager).action_recognize_sap(act)

        # Sun 29 Mar 00:00:01 Bogotá: one second after the 72 hours
        with freeze_time(bog(2026, 3, 29, 0, 0, 1)):
            late.with_user(self.manager).action_recognize_sap(self._attachment(late))
        self.assertTrue(late.sap_recognized_late)
        self.assertTrue(
            self._messages(late, "Reconocido después de las 72 horas legales")
        )

    def test_recognized_at_the_last_second_is_on_time(self):
        pqr = self._create_pqr()
        self._cron(bog(2026, 3, 26, 0, 5))
        with freeze_time(bog(2026, 3, 28, 23, 59, 59)):
            pqr.with_user(self.manager).action_recognize_sap(self._attachment(pqr))
        self.assertFalse(pqr.sap_recognized_late)

    def test_citation_not_sent_flags_sap_risk_once(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = pqr.notification_ids
        # due (18, 19, 20, (23 holiday) 24) Wed 25 Mar, inclusive
        self.assertEqual(citation.date_due, date(2026, 3, 25))
        self._cron(bog(2026, 3, 25, 0, 5))
        self._cron(bog(2026, 3, 25, 23, 0))
        self.assertFalse(pqr.sap_risk)
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertTrue(pqr.sap_risk)
        risk = self._messages(pqr, "Notificación defectuosa")
        self.assertEqual(len(risk), 1)
        self.assertIn("25-03-2026", risk.body)
        self._cron(bog(2026, 3, 26, 12))
        self._cron(bog(2026, 3, 27, 0, 5))
        self.assertEqual(len(self._messages(pqr, "Notificación defectuosa")), 1)
        self.assertFalse(pqr.is_sap, "SAP risk is not SAP: the decision was issued")
        # sent late, the citation is marked as such
        with freeze_time(bog(2026, 3, 27, 9)):
            citation.action_mark_sent()
        self.assertTrue(citation.is_late)


@tagged("post_install", "-at_install")
class TestResolutionAccess(ResolutionCase):
    def setUp(self):
        super().setUp()
        self.pqr = self._create_pqr(area_id=self.area.id)
        self.pqr.write(
            {
                "response_type_id": self._response(1).id,
                "response_body": "<p>Se accede.</p>",
            }
        )

    def test_clerk_and_manager_issue_decisions(self):
        other = self._create_pqr(area_id=self.area.id)
        for pqr, role in ((self.pqr, "clerk"), (other, "manager")):
            self._decide(pqr, bog(2026, 3, 17, 10), user=self.users[role])
            self.assertEqual(pqr.state, "notifying", role)
            self.assertEqual(pqr.date_response, date(2026, 3, 17), role)

    def test_other_roles_cannot_decide(self):
        for role in ("area", "technician", "billing"):
            with self.assertRaises(AccessError, msg=role):
                self.pqr.with_user(self.users[role]).action_issue_decision()
        with self.assertRaises(AccessError):
            self.pqr.with_user(self.portal_user).action_issue_decision()
        self.assertEqual(self.pqr.state, "filed")
        self.assertFalse(self.pqr.date_response)

    def test_other_roles_cannot_notify_or_close(self):
        self._decide(self.pqr, bog(2026, 3, 17, 10))
        area = self.pqr.with_user(self.users["area"])
        with self.assertRaises(AccessError):
            area.action_register_personal("Ana Suscriptora", "1020304050")
        self._notify_personally(self.pqr, bog(2026, 3, 20, 9))
        with freeze_time(bog(2026, 3, 31, 8)), self.assertRaises(AccessError):
            area.action_close()
        self.assertEqual(self.pqr.state, "notified")

    def test_portal_user_cannot_write(self):
        portal_pqr = self.pqr.with_user(self.portal_user)
        self.assertEqual(portal_pqr.subject, self.pqr.subject)  # can read their own
        with self.assertRaises(AccessError):
            portal_pqr.write({"subject": "Cambiado desde el portal"})
        with self.assertRaises(AccessError):
            portal_pqr.write({"response_type_id": self._response(1).id})
        self._decide(self.pqr, bog(2026, 3, 17, 10))
        with self.assertRaises(AccessError):
            self.pqr.notification_ids.with_user(self.portal_user).write(
                {"state": "sent"}
            )
        self.assertEqual(self.pqr.notification_ids.state, "pending")
