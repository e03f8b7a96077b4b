"""Query-count guards: intake, the daily actions and the decision do not grow with
the number of records (no N+1). Each count is measured twice (``warmup``), on batches
of two sizes that must cost the same."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tests.common import warmup

from .common import PqrCase


@tagged("post_install", "-at_install")
class TestQueryCounts(PqrCase):
    def _vals(self, count, **values):
        return [self._pqr_vals(**values) for _i in range(count)]

    @warmup
    def test_intake_batch(self):
        Request = self.env["pqr.request"].with_user(self.users["clerk"])
        Request.create(self._vals(5, channel="web"))  # warm the code paths
        for size in (10, 40):
            vals = self._vals(size, channel="web")
            with self.subTest(size=size), self.assertQueryCount(default=INTAKE):
                Request.create(vals)

    @warmup
    def test_daily_actions_per_batch(self):
        for size in (10, 40):
            # received Tue 3 Mar 2026: deadline Wed 25 Mar
            pqrs = self.env["pqr.request"].create(
                self._vals(size, user_id=self.users["clerk"].id)
            )
            pqrs.flush_recordset()
            with (
                self.subTest(size=size, action="alerts"),
                freeze_time(datetime(2026, 3, 20, 11)),
                # (flush=False: the tracking messages written at commit, one per
                # record, are mail's)
                self.assertQueryCount(default=DAILY_ALERTS, flush=False),
            ):
                pqrs._pqr_refresh_deadline_status()
                pqrs._pqr_schedule_deadline_alerts()
                self.env.flush_all()
            with (
                self.subTest(size=size, action="silence"),
                freeze_time(datetime(2026, 3, 26, 11)),
                self.assertQueryCount(default=DAILY_SILENCE, flush=False),
            ):
                pqrs._flag_silence(digest=True)
                self.env.flush_all()
            pqrs.invalidate_recordset()

    @warmup
    def test_decision(self):
        pqr = self._create_pqr(
            response_type_id=self.env.ref(
                "pqr_servicios_publicos.pqr_response_type_1"
            ).id,
            response_body="<p>Se accede.</p>",
        )
        pqr.flush_recordset()
        with self.assertQueryCount(default=DECISION):
            pqr.with_user(self.users["clerk"]).action_issue_decision()
            self.env.flush_all()


INTAKE = 16
# per run: + 1 search of the companies, + 1 empty search per other company (demo: 2)
DAILY_ALERTS = 15
DAILY_SILENCE = 20
DECISION = 93
