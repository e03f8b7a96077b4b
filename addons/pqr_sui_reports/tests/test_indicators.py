"""Management indicators for March 2026 worked out by hand (holiday: Mon 23 Mar,
San José). Business days count from the day after the filing date up to and
including the decision date; terms are 15 business days.

The month, by letter (company of the tests, types with a term):

- S: filed Mon 2 Mar, deadline Tue 24 Mar (3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17,
  18, 19, 20, 24), no answer: flagged silencio administrativo positivo by the daily
  action of Wed 25 Mar.
- A: filed Tue 3 Mar, deadline Wed 25 Mar, decided Tue 17 Mar (3, does not grant):
  on time, 10 business days (4, 5, 6, 9, 10, 11, 12, 13, 16, 17); notified Fri 20 Mar.
- B: a reclamo filed Tue 3 Mar, deadline Wed 25 Mar, decided Thu 26 Mar (1, grants):
  late, 16 business days (A's 10, then 18, 19, 20, 24, 25, 26); decided after its
  deadline, it is flagged silencio administrativo positivo.
- E: filed Thu 5 Mar, deadline Fri 27 Mar, transferred Mon 9 Mar for lack of
  competence (response 8): not a decision.
- C: filed Mon 9 Mar, deadline Tue 31 Mar (10, 11, 12, 13, 16, 17, 18, 19, 20, 24, 25,
  26, 27, 30, 31), decided Fri 20 Mar (2, partially grants): on time, 9 business
  days; notified Tue 24 Mar.
- F: apelación against A filed Wed 25 Mar (deadline in April), decided Fri 27 Mar (4,
  confirms): on time, 2 business days (26, 27); sent to the SSPD Mon 30 Mar, which
  modifies the decision Tue 31 Mar.
- other: another company's PQR decided in March: not counted.

Expected figures:
- on_time_rate: A, C, F of A, B, C, F = 3 / 4 = 75.0
- avg_business_days: (10 + 16 + 9 + 2) / 4 = 9.25
- claims_per_1000: 1 reclamo (B) per 5 accounts = 200.0
- favourable_rate: B (1), C (2) of 4 = 50.0
- sap_rate: S and B of the deadlines in March (S, A, B, E, C) = 2 / 5 = 40.0
- recurso_rate: 1 recurso (F) over 2 first-instance decisions notified (A, C) = 50.0
- sspd_reversal_rate: F's modified of 1 SSPD decision = 100.0
- reconnection_24h_rate: no order done: no data
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_formato_a import SuiCase, bog

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestIndicators(SuiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Indicator = cls.env["pqr.indicator"]
        cls.Value = cls.env["pqr.indicator.value"]
        accounts = cls.account | cls.account_rural
        accounts |= cls.env["pqr.service.account"].create(
            [
                {
                    "name": f"03000{i}",
                    "partner_id": cls.customer.id,
                    "street": "Calle 1",
                }
                for i in range(3)
            ]
        )
        # the accounts existed before March (create_date is the database's clock)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE pqr_service_account SET create_date = '2026-01-02' WHERE id IN %s",
            [tuple(accounts.ids)],
        )
        cls.env.invalidate_all()

    def _month(self):
        pqrs = {"S": self._filed(bog(2026, 3, 2, 10))}
        # on a cause appealed to the SSPD
        pqrs["A"] = self._decide(
            self._filed(bog(2026, 3, 3, 10), causal_id=self.causal_appeal.id),
            bog(2026, 3, 17, 10),
            response=3,
        )
        self._notify_personally(pqrs["A"], bog(2026, 3, 20, 9))
        pqrs["B"] = self._filed(bog(2026, 3, 3, 11), type_id=self.type_reclamo.id)
        pqrs["E"] = self._filed(bog(2026, 3, 5, 10))
        with freeze_time(bog(2026, 3, 9, 10)):
            pqrs["E"].with_user(self.clerk).action_transfer_competence(
                self.authority.id, "<p>Energía eléctrica.</p>"
            )
        pqrs["C"] = self._decide(
            self._filed(bog(2026, 3, 9, 10)), bog(2026, 3, 20, 10), response=2
        )
        self._notify_personally(pqrs["C"], bog(2026, 3, 24, 9))
        self._cron(bog(2026, 3, 25, 1))
        with freeze_time(bog(2026, 3, 25, 10)):
            pqrs["F"] = (
                pqrs["A"].with_user(self.clerk).action_file_recurso(apelacion=True)
            )
        self._decide(pqrs["B"], bog(2026, 3, 26, 10), response=1)
        self._decide(pqrs["F"], bog(2026, 3, 27, 10), response=4)
        self._notify_personally(pqrs["F"], bog(2026, 3, 27, 15))
        with freeze_time(bog(2026, 3, 30, 10)):
            pqrs["F"].with_user(self.clerk).action_transfer_sspd()
        with freeze_time(bog(2026, 3, 31, 10)):
            pqrs["F"].with_user(self.clerk).action_record_sspd_decision(
                "modifies", date(2026, 3, 31)
            )
        other = self.env["res.company"].create({"name": "Otra E.S.P."})
        self.clerk.company_ids = [Command.link(other.id)]
        pqrs["other"] = self._decide(
            self._filed(
                bog(2026, 3, 12, 10), company_id=other.id, service_account_id=False
            ),
            bog(2026, 3, 16, 10),
        )
        return pqrs

    def test_march_by_hand(self):
        p = self._month()
        self.assertEqual(
            [p[k].date_deadline for k in "SABEC"],
            [
                date(2026, 3, 24),
                date(2026, 3, 25),
                date(2026, 3, 25),
                date(2026, 3, 27),
                date(2026, 3, 31),
            ],
        )
        self.assertTrue(p["S"].is_sap)
        self.assertTrue(p["B"].is_sap, "decided after its deadline")
        self.assertFalse(p["A"].is_sap or p["C"].is_sap or p["E"].is_sap)
        self.assertEqual(p["E"].response_type_id.code, "8")
        values = self.Indicator.compute_values(*MARCH, self.company)
        self.assertEqual(
            {
                code: value if value is None else round(value, 2)
                for code, value in values.items()
            },
            {
                "on_time_rate": 75.0,
                "avg_business_days": 9.25,
                "claims_per_1000": 200.0,
                "favourable_rate": 50.0,
                "sap_rate": 40.0,
                "recurso_rate": 50.0,
                "sspd_reversal_rate": 100.0,
                "reconnection_24h_rate": None,
            },
        )

    def test_empty_denominators_are_no_data(self):
        self._month()
        values = self.Indicator.compute_values(
            date(2026, 1, 1), date(2026, 1, 31), self.company
        )
        self.assertEqual(
            values,
            {
                "on_time_rate": None,
                "avg_business_days": None,
                # 5 accounts existed, no reclamo: a figure, not "no data"
                "claims_per_1000": 0.0,
                "favourable_rate": None,
                "sap_rate": None,
                "recurso_rate": None,
                "sspd_reversal_rate": None,
                "reconnection_24h_rate": None,
            },
        )
        with freeze_time(bog(2026, 2, 2, 8)):
            value = self.Value.with_user(self.manager).action_recompute_month(
                date(2026, 1, 15), "Primer cálculo"
            )
        on_time = value.filtered(lambda v: v.code == "on_time_rate")
        self.assertFalse(on_time.has_value)
        self.assertEqual(on_time.status, "none")

    def test_queries_do_not_grow_with_the_pqrs(self):
        self._month()
        # the calendar's holidays of the year are generated once
        self.Indicator.compute_values(*MARCH, self.company)
        with self.assertQueryCount(15):
            self.Indicator.compute_values(*MARCH, self.company)
        for day in (10, 11, 12):
            self._decide(self._filed(bog(2026, 3, day, 10)), bog(2026, 3, 19, 10))
        self.env.flush_all()
        with self.assertQueryCount(15):
            values = self.Indicator.compute_values(*MARCH, self.company)
        self.assertEqual(values["on_time_rate"], 6 / 7 * 100)

    def test_closed_month_snapshot_and_recompute(self):
        p = self._month()
        with freeze_time(bog(2026, 4, 1, 6)):
            self.Value._cron_snapshot_last_month()
        kept = self.Value.search(
            [("company_id", "=", self.company.id), ("month", "=", date(2026, 3, 1))]
        )
        self.assertEqual(len(kept), 8)
        on_time = kept.filtered(lambda v: v.code == "on_time_rate")
        self.assertEqual(
            (on_time.value, on_time.numerator, on_time.denominator), (75.0, 3, 4)
        )
        self.assertEqual(on_time.status, "red", "below the warning threshold of 95")
        # a PQR decided late in March, recorded after the month closed
        late = self._filed(bog(2026, 3, 2, 11))
        self.assertEqual(late.date_deadline, date(2026, 3, 24))
        self._decide(late, bog(2026, 3, 30, 10))
        self.assertEqual(
            self.Indicator.compute_values(*MARCH, self.company)["on_time_rate"],
            60.0,
            "live: 3 of 5",
        )
        with freeze_time(bog(2026, 4, 2, 6)):
            self.Value._cron_snapshot_last_month()
        self.assertEqual(on_time.value, 75.0, "the closed month did not change")
        # only a PQR manager recomputes, with a reason; the change is recorded
        with self.assertRaises(AccessError):
            self.Value.with_user(self.clerk).action_recompute_month(
                date(2026, 3, 1), "Corrección"
            )
        with self.assertRaises(UserError):
            self.Value.with_user(self.manager).action_recompute_month(
                date(2026, 3, 1), " "
            )
        with freeze_time(bog(2026, 4, 6, 9)):
            self.Value.with_user(self.manager).action_recompute_month(
                date(2026, 3, 20), "Decisión de marzo registrada tarde"
            )
        self.assertEqual(
            (on_time.value, on_time.numerator, on_time.denominator), (60.0, 3, 5)
        )
        self.assertEqual(on_time.computed_by_id, self.manager)
        self.assertIn(
            "75,00 antes, 60,00 ahora. Motivo: Decisión de marzo registrada tarde",
            on_time.message_ids[:1].body,
        )
        # drill-down: the PQRs behind the figure
        action = on_time.with_user(self.clerk).action_view_records()
        self.assertEqual(
            self.env["pqr.request"].search(action["domain"]),
            p["A"] | p["B"] | p["C"] | p["F"] | late,
        )

    def test_values_only_through_their_methods(self):
        self._month()
        with freeze_time(bog(2026, 4, 1, 6)):
            self.Value._cron_snapshot_last_month()
        value = self.Value.search(
            [
                ("code", "=", "on_time_rate"),
                ("company_id", "=", self.company.id),
                ("month", "=", date(2026, 3, 1)),
            ]
        )
        self.assertEqual((value.value, value.month_name), (75.0, "marzo 2026"))
        indicator = value.indicator_id
        for user in (self.clerk, self.manager):
            with self.assertRaises(AccessError):
                value.with_user(user).write({"value": 100.0})
            with self.assertRaises(AccessError):
                self.Value.with_user(user).create(
                    {
                        "indicator_id": indicator.id,
                        "company_id": self.company.id,
                        "month": date(2026, 5, 1),
                        "value": 100.0,
                    }
                )
        with self.assertRaises(AccessError):
            value.with_user(self.manager).unlink()
        # clerks read the indicators, managers set their targets
        with self.assertRaises(AccessError):
            indicator.with_user(self.clerk).target = 50
        indicator.with_user(self.manager).target = 90
        self.assertEqual(value.status, "red")
        portal = self.env["pqr.indicator.value"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            portal.search([])
        # the indicator sheets ship in Spanish
        self.assertEqual(
            indicator.with_context(lang="es_CO").name, "Respuestas a tiempo"
        )
