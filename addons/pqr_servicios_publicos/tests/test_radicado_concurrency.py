import random
import threading
import time
from datetime import datetime

from psycopg2 import errors

from odoo import SUPERUSER_ID, api, sql_db
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

THREADS = 6
PER_THREAD = 5
YEAR = 2031  # a year nothing else in the test database numbers


@tagged("post_install", "-at_install")
class TestRadicadoConcurrency(TransactionCase):
    """Radicados stay unique and gap-free when several transactions create PQRs at
    the same time. The workers' own connections must commit for that to be real
    (their data is removed at the end). Each worker has its own database connection and transaction
    (outside the test transaction), commits, and retries on lock conflicts as Odoo's
    RPC/HTTP layer does (odoo.service.model.retrying)."""

    def _real_env(self, cr):
        # The test runner holds Registry._lock while tests run: give the transaction
        # the registry directly instead of letting Environment look it up.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _worker(self, barrier, partner_id, type_id, names, failures):
        db = sql_db.db_connect(self.env.cr.dbname)
        try:
            with db.cursor() as cr:
                env = self._real_env(cr)
                barrier.wait(timeout=30)
                for _attempt in range(50):
                    try:
                        pqrs = env["pqr.request"].create(
                            [
                                {
                                    "partner_id": partner_id,
                                    "type_id": type_id,
                                    "channel": "written",
                                    "date_received": datetime(YEAR, 2, 4, 15, 0),
                                }
                                for _i in range(PER_THREAD)
                            ]
                        )
                        created = pqrs.mapped("name")
                        cr.commit()  # pylint: disable=invalid-commit
                        names.extend(created)
                        return
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        cr.rollback()
                        env.invalidate_all()
                        # back off like odoo.service.model.retrying
                        time.sleep(random.uniform(0.0, 0.02 * (_attempt + 1)))
                failures.append("gave up after 50 tries")
        except (errors.Error, threading.BrokenBarrierError) as error:
            failures.append(repr(error))

    def _run(self, workers):
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)

    def test_concurrent_transactions(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as cr:  # committed fixtures the workers can see
            env = self._real_env(cr)
            partner = env["res.partner"].create({"name": "Concurrency Customer"})
            type_id = env.ref("pqr_servicios_publicos.pqr_type_peticion").id
            cr.commit()  # pylint: disable=invalid-commit
        names, failures = [], []
        barrier = threading.Barrier(THREADS)
        workers = [
            threading.Thread(
                target=self._worker,
                args=(barrier, partner.id, type_id, names, failures),
            )
            for _i in range(THREADS)
        ]
        try:
            # lock conflicts are expected and retried: odoo.sql_db logs them
            with mute_logger("odoo.sql_db"):
                self._run(workers)
            self.assertFalse([w for w in workers if w.is_alive()], "workers hung")
            self.assertFalse(failures)
            expected = [
                f"PQR-{YEAR}-{n:06d}" for n in range(1, THREADS * PER_THREAD + 1)
            ]
            self.assertEqual(sorted(names), expected, "unique and gap-free")
        finally:
            with db.cursor() as cr:
                env = self._real_env(cr)
                env["pqr.request"].search([("partner_id", "=", partner.id)]).unlink()
                env["ir.sequence.date_range"].search(
                    [("date_from", "=", f"{YEAR}-01-01")]
                ).unlink()
                env["res.partner"].browse(partner.id).unlink()
                cr.commit()  # pylint: disable=invalid-commit
