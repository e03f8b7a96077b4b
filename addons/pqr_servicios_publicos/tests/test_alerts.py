from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MODULE, PqrCase


@tagged("post_install", "-at_install")
class TestDeadlineAlerts(PqrCase):
    """Filed Tue 3 Mar 2026, 15 business days -> Wed 25 Mar 2026 (Mon 23 Mar, San
    José observed, is a holiday)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pqr = cls._create_pqr(area_id=cls.area.id, user_id=cls.users["area"].id)
        cls.activity_type = cls.env.ref(f"{MODULE}.mail_activity_pqr_deadline")

    def _run_cron(self, day):
        with freeze_time(day):
            self.env["pqr.request"]._cron_deadline_alerts()
        self.pqr.invalidate_recordset()

    def _alerts(self):
        return self.pqr.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def test_status_and_alerts_over_time(self):
        self.assertEqual(self.pqr.date_deadline, date(2026, 3, 25))
        # Thu 5 Mar: (5, 25] holds 13 business days
        self._run_cron(datetime(2026, 3, 5, 12))
        self.assertEqual(self.pqr.business_days_left, 13)
        self.assertEqual(self.pqr.deadline_status, "on_time")
        self.assertFalse(self._alerts())
        # Tue 17 Mar: 18, 19, 20, 24, 25 -> D-5; twice, still one activity
        self._run_cron(datetime(2026, 3, 17, 12))
        self._run_cron(datetime(2026, 3, 17, 18))
        self.assertEqual(self.pqr.business_days_left, 5)
        self.assertEqual(self.pqr.deadline_status, "due_soon")
        self.assertEqual(len(self._alerts()), 1)
        self.assertEqual(self._alerts().user_id, self.users["area"])
        self.assertEqual(self._alerts().date_deadline, date(2026, 3, 25))
        # Fri 20 Mar: 24, 25 -> D-2
        self._run_cron(datetime(2026, 3, 20, 12))
        self.assertEqual(self.pqr.business_days_left, 2)
        self.assertEqual(len(self._alerts()), 2)
        # Wed 25 Mar: due today, D-0
        self._run_cron(datetime(2026, 3, 25, 12))
        self._run_cron(datetime(2026, 3, 25, 13))
        self.assertEqual(self.pqr.business_days_left, 0)
        self.assertEqual(self.pqr.deadline_status, "due_today")
        self.assertEqual(len(self._alerts()), 3)
        # Thu 26 Mar: overdue, no new alert
        self._run_cron(datetime(2026, 3, 26, 12))
        self.assertEqual(self.pqr.business_days_left, -1)
        self.assertEqual(self.pqr.deadline_status, "overdue")
        self.assertEqual(len(self._alerts()), 3)
        # Mon 30 Mar: 26, 27, 30 elapsed
        self._run_cron(datetime(2026, 3, 30, 12))
        self.assertEqual(self.pqr.business_days_left, -3)

    def test_late_start_gets_only_the_nearest_alert(self):
        """A PQR first seen with 2 business days left gets the D-2 alert only."""
        self._run_cron(datetime(2026, 3, 20, 12))
        self.assertEqual(len(self._alerts()), 1)
        self.assertIn("2", self._alerts().summary)

    def test_no_responsible_falls_back_to_area_manager(self):
        pqr = self._create_pqr(area_id=self.area.id)
        self._run_cron(datetime(2026, 3, 17, 12))
        alert = pqr.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )
        self.assertEqual(alert.user_id, self.area.manager_id)

    def test_killed_halfway_then_rerun(self):
        """Killed after its first batch, the alerts run leaves nothing (one
        transaction); run again, each PQR gets its D-5 activity once."""

        class Killed(Exception):
            pass

        pqrs = self.pqr | self._create_pqr(
            area_id=self.area.id, user_id=self.users["area"].id
        )
        Request = type(self.env["pqr.request"])
        schedule = Request._pqr_schedule_deadline_alerts

        def schedule_then_die(records):
            schedule(records)
            raise Killed()

        def alerts():
            return [
                len(
                    p.activity_ids.filtered(
                        lambda a: a.activity_type_id == self.activity_type
                    )
                )
                for p in pqrs
            ]

        with freeze_time(datetime(2026, 3, 17, 12)):
            with (
                patch.object(
                    Request, "_pqr_schedule_deadline_alerts", schedule_then_die
                ),
                self.assertRaises(Killed),
                self.env.cr.savepoint(),
            ):
                self.env["pqr.request"]._cron_deadline_alerts(batch_size=1)
            self.env.invalidate_all()
            self.assertEqual(alerts(), [0, 0])
            self.assertEqual(pqrs.mapped("alert_threshold_done"), [-1, -1])
            self.env["pqr.request"]._cron_deadline_alerts(batch_size=1)
            self.env["pqr.request"]._cron_deadline_alerts(batch_size=1)
        self.assertEqual(alerts(), [1, 1])
        self.assertEqual(pqrs.mapped("alert_threshold_done"), [5, 5])


@tagged("post_install", "-at_install")
class TestSilenceDigest(PqrCase):
    def test_one_email_for_the_silences_of_a_run(self):
        """Two PQRs past their deadline (25 Mar 2026): one activity each, and one
        email to the manager listing both."""
        pqrs = self._create_pqr() | self._create_pqr()
        mails_before = self.env["mail.mail"].search([])
        with freeze_time(datetime(2026, 3, 26, 12)):
            self.env["pqr.request"]._cron_silence_and_notifications()
        self.assertTrue(all(pqrs.mapped("is_sap")))
        sap_type = self.env.ref(f"{MODULE}.mail_activity_pqr_sap")
        for pqr in pqrs:
            self.assertEqual(
                len(
                    pqr.activity_ids.filtered(lambda a: a.activity_type_id == sap_type)
                ),
                1,
            )
        digest = (self.env["mail.mail"].search([]) - mails_before).filtered(
            lambda m: "Silencio administrativo positivo" in (m.subject or "")
        )
        self.assertEqual(len(digest), 1)
        for name in pqrs.mapped("name"):
            self.assertIn(name, digest.body_html)

    def _digests(self, mails_before):
        return (self.env["mail.mail"].search([]) - mails_before).filtered(
            lambda m: "Silencio administrativo positivo" in (m.subject or "")
        )

    def _sap_trace(self, pqrs):
        """(activities, notes) of the silence on each PQR."""
        sap_type = self.env.ref(f"{MODULE}.mail_activity_pqr_sap")
        return [
            (
                len(
                    pqr.activity_ids.filtered(lambda a: a.activity_type_id == sap_type)
                ),
                len(
                    pqr.message_ids.filtered(
                        lambda m: "silencio administrativo positivo. Reconozca"
                        in (m.body or "")
                    )
                ),
            )
            for pqr in pqrs
        ]

    def test_one_email_per_run_across_batches(self):
        pqrs = self._create_pqr() | self._create_pqr() | self._create_pqr()
        mails_before = self.env["mail.mail"].search([])
        with freeze_time(datetime(2026, 3, 26, 12)):
            self.env["pqr.request"]._cron_silence_and_notifications(batch_size=1)
        digest = self._digests(mails_before)
        self.assertEqual(len(digest), 1)
        self.assertIn("3 PQR por reconocer", digest.subject)
        self.assertEqual(self._sap_trace(pqrs), [(1, 1)] * 3)

    def test_killed_halfway_then_rerun(self):
        """The daily action works in one transaction: killed after its first batch,
        it leaves nothing; run again, it flags each PQR once (one activity, one note)
        and sends one email."""

        class Killed(Exception):
            pass

        pqrs = self._create_pqr() | self._create_pqr() | self._create_pqr()
        mails_before = self.env["mail.mail"].search([])
        Request = type(self.env["pqr.request"])
        flag_sap = Request._flag_sap

        def flag_then_die(records, digest=True):
            flag_sap(records, digest=digest)
            raise Killed()

        with freeze_time(datetime(2026, 3, 26, 12)):
            with (
                patch.object(Request, "_flag_sap", flag_then_die),
                self.assertRaises(Killed),
                self.env.cr.savepoint(),
            ):
                self.env["pqr.request"]._cron_silence_and_notifications(batch_size=2)
            self.env.invalidate_all()
            self.assertFalse(any(pqrs.mapped("is_sap")))
            self.assertEqual(self._sap_trace(pqrs), [(0, 0)] * 3)
            self.assertFalse(self._digests(mails_before))

            self.env["pqr.request"]._cron_silence_and_notifications(batch_size=2)
            self.env["pqr.request"]._cron_silence_and_notifications(batch_size=2)
        self.assertTrue(all(pqrs.mapped("is_sap")))
        self.assertEqual(self._sap_trace(pqrs), [(1, 1)] * 3)
        self.assertEqual(len(self._digests(mails_before)), 1)
