"""Intake through the mail gateway: filed when received, never for a machine, never
losing a mail under concurrency (issue 8, A10, A12, A14, A15)."""

import threading
from datetime import date, datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, sql_db
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MODULE, PqrCase


def raw_email(number, date_header, extra_headers="", sender="carlos@example.com"):
    return (
        f"Return-Path: <{sender}>\n"
        "To: pqr@example.com\n"
        f"From: Remitente <{sender}>\n"
        f"Subject: Solicitud {number}\n"
        f"Message-ID: <pqr-intake-{number}@example.com>\n"
        f"Date: {date_header}\n"
        f"{extra_headers}"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "\n"
        f"Solicito revisar mi cuenta ({number}).\n"
    )


@tagged("post_install", "-at_install")
class TestMailIntake(PqrCase):
    def _process(self, raw):
        return self.env["mail.thread"].message_process("pqr.request", raw)

    def test_filed_when_received_not_when_fetched(self):
        # arrived Fri 6 Mar 2026 16:00 Bogotá, fetched Mon 9 Mar 08:00
        with freeze_time(datetime(2026, 3, 9, 13, 0)):
            pqr = self.env["pqr.request"].browse(
                self._process(raw_email(1, "Fri, 06 Mar 2026 16:00:00 -0500"))
            )
        self.assertEqual(pqr.date_received, datetime(2026, 3, 6, 21, 0))
        self.assertEqual(pqr.date_filed, date(2026, 3, 6))
        # 15 business days from Mon 9 Mar: 9-13, 16-20, 24-27, 30 -> Mon 30 Mar
        self.assertEqual(pqr.date_deadline, date(2026, 3, 30))

    def test_a_date_in_the_future_is_capped(self):
        with freeze_time(datetime(2026, 3, 9, 13, 0)):
            pqr = self.env["pqr.request"].browse(
                self._process(raw_email(2, "Fri, 20 Mar 2026 16:00:00 -0500"))
            )
        self.assertEqual(pqr.date_received, datetime(2026, 3, 9, 13, 0))

    def test_the_new_petitioner_speaks_the_companys_language(self):
        self.env.company.partner_id.lang = "es_CO"
        pqr = self.env["pqr.request"].browse(
            self._process(
                raw_email(
                    3, "Tue, 03 Mar 2026 10:00:00 -0500", sender="nueva@example.com"
                )
            )
        )
        self.assertEqual(pqr.partner_id.lang, "es_CO")

    def test_no_radicado_for_auto_replies_and_bounces(self):
        count = self.env["pqr.request"].search_count([])
        machine = [
            raw_email(
                10, "Tue, 03 Mar 2026 10:00:00 -0500", "Auto-Submitted: auto-replied\n"
            ),
            raw_email(11, "Tue, 03 Mar 2026 10:00:00 -0500", "X-Autoreply: yes\n"),
            raw_email(
                12, "Tue, 03 Mar 2026 10:00:00 -0500", "Precedence: auto_reply\n"
            ),
            raw_email(
                13,
                "Tue, 03 Mar 2026 10:00:00 -0500",
                sender="MAILER-DAEMON@example.com",
            ),
        ]
        for raw in machine:
            with self.subTest(raw=raw.splitlines()[4]):
                self.assertFalse(self._process(raw))
        self.assertEqual(self.env["pqr.request"].search_count([]), count)
        # a person still gets one, also with "Auto-Submitted: no"
        human = raw_email(14, "Tue, 03 Mar 2026 10:00:00 -0500", "Auto-Submitted: no\n")
        self.assertTrue(self._process(human))
        self.assertEqual(self.env["pqr.request"].search_count([]), count + 1)


@tagged("post_install", "-at_install")
class TestCompanyRules(PqrCase):
    def test_each_company_its_calendar_and_closure_days(self):
        """A closure day of company B moves B's PQRs only, in the daily action run
        by OdooBot (whose current company is A)."""
        company_b = self.env["res.company"].create({"name": "Aguas del Sur"})
        calendar = self.env.ref(f"{MODULE}.resource_calendar_pqr")
        self.assertEqual(company_b.pqr_calendar_id, calendar)
        pqr_a = self._create_pqr()
        pqr_b = self._create_pqr(company_id=company_b.id)
        self.assertEqual(pqr_b.date_deadline, date(2026, 3, 25))
        # B closes Wed 25 Mar (a company-wide leave of B only)
        self.env["resource.calendar.leaves"].with_company(company_b).create(
            {
                "name": "Cierre por inventario",
                "company_id": company_b.id,
                "calendar_id": False,
                "date_from": datetime(2026, 3, 25, 5, 0),
                "date_to": datetime(2026, 3, 26, 4, 59, 59),
                "time_type": "leave",
            }
        )
        self.env.invalidate_all()
        self.assertEqual(pqr_a.date_deadline, date(2026, 3, 25))
        self.assertEqual(pqr_b.date_deadline, date(2026, 3, 26))
        # Thu 26 Mar at dawn: A is in silence, B is due today
        odoobot = self.env.ref("base.user_root")
        with freeze_time(datetime(2026, 3, 26, 10, 5)):
            self.env["pqr.request"].with_user(odoobot)._cron_silence_and_notifications()
            self.env["pqr.request"].with_user(odoobot)._cron_deadline_alerts()
        self.assertTrue(pqr_a.is_sap)
        self.assertFalse(pqr_b.is_sap)
        self.assertEqual(pqr_b.deadline_status, "due_today")

    def test_time_zone_from_the_calendar(self):
        """A calendar in another time zone files and numbers by its own day."""
        calendar = self.env.ref(f"{MODULE}.resource_calendar_pqr").copy(
            {"name": "Días hábiles (UTC)", "tz": "UTC"}
        )
        company = self.env["res.company"].create(
            {"name": "Aguas UTC", "pqr_calendar_id": calendar.id}
        )
        # Tue 3 Mar 2026 23:30 UTC is 18:30 in Bogotá (after closing) but 23:30 UTC
        # too: both file on Wed 4 Mar; 2 Jan 2026 03:00 UTC is still 1 Jan in Bogotá
        pqr = self._create_pqr(
            company_id=company.id, date_received=datetime(2027, 1, 1, 3, 0)
        )
        self.assertTrue(pqr.name.startswith("PQR-2027-"), "numbered in UTC's year")
        bogota = self._create_pqr(date_received=datetime(2027, 1, 1, 3, 0))
        self.assertTrue(bogota.name.startswith("PQR-2026-"), "31 Dec in Bogotá")


@tagged("post_install", "-at_install")
class TestConcurrentMailIntake(TransactionCase):
    """Mails processed at the same time by several gateway workers: every mail
    files one PQR with a unique, gap-free radicado, and every one gets its
    acknowledgement once (queued, sent after the number is committed)."""

    THREADS = 4
    PER_THREAD = 3

    def _real_env(self, cr):
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _worker(self, barrier, index, ids, failures):
        db = sql_db.db_connect(self.env.cr.dbname)
        try:
            with db.cursor() as cr:
                env = self._real_env(cr)
                barrier.wait(timeout=30)
                for number in range(self.PER_THREAD):
                    raw = raw_email(
                        f"c{index}-{number}",
                        "Mon, 30 Nov 2026 10:00:00 -0500",
                        sender=f"concurrente{index}@example.com",
                    )
                    for _attempt in range(50):
                        try:
                            pqr_id = env["mail.thread"].message_process(
                                "pqr.request", raw
                            )
                            cr.commit()  # pylint: disable=invalid-commit
                            ids.append(pqr_id)
                            break
                        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                            cr.rollback()
                            env.invalidate_all()
                    else:
                        failures.append("gave up")
        except Exception as error:  # noqa: BLE001 - reported by the test
            failures.append(repr(error))

    def test_concurrent_mails(self):
        ids, failures = [], []
        barrier = threading.Barrier(self.THREADS)
        workers = [
            threading.Thread(target=self._worker, args=(barrier, i, ids, failures))
            for i in range(self.THREADS)
        ]
        db = sql_db.db_connect(self.env.cr.dbname)
        company = self.env.company
        sequence = self.env["ir.sequence"]._pqr_radicado_sequence(company)
        year_range = sequence._pqr_ensure_year(date(2026, 11, 30))
        first = year_range.number_next
        try:
            with mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_thread"):
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join(timeout=120)
            self.assertFalse(failures)
            total = self.THREADS * self.PER_THREAD
            self.assertEqual(len(ids), total, "no mail lost")
            with db.cursor() as cr:
                env = self._real_env(cr)
                pqrs = env["pqr.request"].browse(ids)
                self.assertEqual(
                    sorted(pqrs.mapped("name")),
                    [f"PQR-2026-{n:06d}" for n in range(first, first + total)],
                    "unique and gap-free",
                )
                self.assertTrue(all(pqrs.mapped("ack_pending")))
                env["pqr.request"]._cron_send_acknowledgements()
                for pqr in pqrs:
                    acks = pqr.message_ids.filtered(
                        lambda m, p=pqr: m.message_type == "comment"
                        and p.name in (m.subject or "")
                    )
                    self.assertEqual(len(acks), 1, pqr.name)
                cr.rollback()
        finally:
            with db.cursor() as cr:
                env = self._real_env(cr)
                pqrs = env["pqr.request"].browse(ids).exists()
                partners = pqrs.partner_id
                env["mail.message"].search(
                    [("model", "=", "pqr.request"), ("res_id", "in", pqrs.ids)]
                ).unlink()
                pqrs.unlink()
                partners.unlink()
                # the numbering as it was before the test
                cr.execute(
                    "UPDATE ir_sequence_date_range SET number_next = %s WHERE id = %s",
                    [first, year_range.id],
                )
                cr.commit()  # pylint: disable=invalid-commit
