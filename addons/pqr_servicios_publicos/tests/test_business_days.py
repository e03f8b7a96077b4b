"""Business days, filing dates and legal deadlines (domain decisions 1 to 4).

Every expected date below was counted by hand on a printed calendar, with the
Colombian national holidays of ``holidays.country_holidays("CO", observed=True)``
(package 0.109). Bogotá is UTC-5 all year (no daylight saving time), so a
reception at 10:00 Bogotá is written as 15:00 UTC, the naive UTC value stored
in ``date_received``.

Holidays used in the hand counts:
  2019: Mon 25 Mar (San José, observed).
  2025: Wed 1 Jan, Mon 6 Jan, Mon 24 Mar, Thu 17 Apr, Fri 18 Apr, Thu 1 May,
        Mon 2 Jun, Mon 23 Jun, Mon 30 Jun, Sun 20 Jul, Thu 7 Aug, Mon 18 Aug,
        Mon 13 Oct, Mon 3 Nov, Mon 17 Nov, Mon 8 Dec, Thu 25 Dec.
  2026: Thu 1 Jan, Mon 12 Jan, Mon 23 Mar, Thu 2 Apr, Fri 3 Apr, Fri 1 May,
        Mon 18 May, Mon 8 Jun, Mon 15 Jun, Mon 29 Jun, Mon 13 Jul, Mon 20 Jul, ...
  2031: Wed 1 Jan, Mon 6 Jan, ...
"""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBusinessDays(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = cls.env.ref("pqr_servicios_publicos.resource_calendar_pqr")
        cls.company.write(
            {"pqr_calendar_id": cls.calendar.id, "pqr_closing_hour": 17.0}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Usuaria de Prueba"})
        cls.manager = new_test_user(
            cls.env,
            login="pqr_bd_manager",
            groups="base.group_user,pqr_servicios_publicos.group_pqr_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _type(self, code):
        return self.env.ref(f"pqr_servicios_publicos.pqr_type_{code}")

    def _create(self, received_utc, code="peticion"):
        return self.env["pqr.request"].create(
            {
                "partner_id": self.partner.id,
                "type_id": self._type(code).id,
                "channel": "written",
                "subject": "Caso de prueba de días hábiles",
                "date_received": received_utc,
            }
        )

    def _assert_case(self, received_utc, code, filed, deadline):
        request = self._create(received_utc, code)
        self.assertEqual(request.date_filed, filed, f"filing date of {received_utc}")
        self.assertEqual(
            request.date_deadline, deadline, f"deadline of {received_utc} ({code})"
        )
        return request

    def _closure(self, day_utc_from, day_utc_to, name="Cierre de la oficina"):
        """A closure day entered by hand: a global leave of the PQR calendar."""
        return self.env["resource.calendar.leaves"].create(
            {
                "name": name,
                "calendar_id": self.calendar.id,
                "resource_id": False,
                "date_from": day_utc_from,
                "date_to": day_utc_to,
                "time_type": "leave",
            }
        )

    def _holiday_dates(self, calendar, year):
        """Local (Bogotá) dates of the generated holidays of ``year``."""
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", calendar.id),
                ("resource_id", "=", False),
                ("pqr_holiday", "=", True),
                # 00:00 Bogotá on 1 Jan = 05:00 UTC
                ("date_from", ">=", datetime(year, 1, 1, 5, 0)),
                ("date_from", "<", datetime(year + 1, 1, 1, 5, 0)),
            ]
        )
        # date_from is 00:00 Bogotá = 05:00 UTC of the same calendar day
        return leaves, sorted(leave.date_from.date() for leave in leaves)

    def _suspension(self, request, start, end):
        return self.env["pqr.term.suspension"].create(
            {
                "request_id": request.id,
                "reason": "evidence",
                "description": "Auto que decreta la práctica de pruebas",
                "date_start": start,
                "date_end": end,
            }
        )

    def _attach_evidence(self, suspension):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "auto_pruebas.pdf",
                "raw": b"%PDF-1.4 evidence",
                "res_model": "pqr.term.suspension",
                "res_id": suspension.id,
            }
        )
        suspension.attachment_ids = [(4, attachment.id)]

    # ------------------------------------------------------------------
    # Deadlines of PQRs created through the ORM (hand-counted cases)
    # ------------------------------------------------------------------
    def test_01_friday_san_jose_observed_2025(self):
        # The brief's example. Received Fri 14 Mar 2025 10:00 Bogotá: filed that day.
        # Term from Mon 17 Mar: 17-21 (5), Sat 22/Sun 23 skipped, Mon 24 skipped
        # (San José observed), 25-28 (9), 31 (10), 1-4 Apr (14), Mon 7 Apr (15).
        self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )

    def test_02_saturday(self):
        # Received Sat 15 Mar 2025 10:00 Bogotá: filed on the next business day,
        # Mon 17 Mar. Term from Tue 18: 18-21 (4), 22-24 skipped (weekend and
        # San José observed), 25-28 (8), 31 (9), 1-4 Apr (13), 7 (14), Tue 8 Apr (15).
        self._assert_case(
            "2025-03-15 15:00:00", "queja", date(2025, 3, 17), date(2025, 4, 8)
        )

    def test_03_sunday_before_emiliani_monday(self):
        # Received Sun 23 Mar 2025 11:00 Bogotá. Mon 24 is San José observed, so it
        # is filed Tue 25 Mar. Term from Wed 26: 26-28 (3), 31 (4), 1-4 Apr (8),
        # 7-11 (13), Mon 14 (14), Tue 15 Apr (15) (Jueves Santo 17 Apr not reached).
        self._assert_case(
            "2025-03-23 16:00:00", "reclamo", date(2025, 3, 25), date(2025, 4, 15)
        )

    def test_04_closing_hour_1659_same_day(self):
        # Received Wed 2 Jul 2025 at 16:59 Bogotá (21:59 UTC): before closing, filed
        # that day. Term from Thu 3 Jul: 3-4 (2), 7-11 (7), 14-18 (12), 21-23
        # (15). Sun 20 Jul (Independencia) falls on a weekend. Deadline Wed 23 Jul.
        self._assert_case(
            "2025-07-02 21:59:00", "peticion", date(2025, 7, 2), date(2025, 7, 23)
        )

    def test_05_closing_hour_1700_next_day(self):
        # Received Wed 2 Jul 2025 at 17:00 Bogotá exactly (22:00 UTC): at the closing
        # hour, so filed Thu 3 Jul. Term from Fri 4: 4 (1), 7-11 (6), 14-18 (11),
        # 21-24 (15). Deadline Thu 24 Jul 2025.
        self._assert_case(
            "2025-07-02 22:00:00", "peticion", date(2025, 7, 3), date(2025, 7, 24)
        )

    def test_06_evening_reception_next_utc_day(self):
        # Received Wed 2 Jul 2025 at 21:30 Bogotá = Thu 3 Jul 02:30 UTC: local day
        # is Wed 2 Jul, after closing, so filed Thu 3 Jul (same as test_05).
        self._assert_case(
            "2025-07-03 02:30:00", "peticion", date(2025, 7, 3), date(2025, 7, 24)
        )

    def test_07_before_semana_santa_2025(self):
        # Received Wed 16 Apr 2025 10:00 Bogotá: filed that day. Term: Thu 17 and
        # Fri 18 skipped (Jueves/Viernes Santo), weekend, 21-25 (5), 28-30 (8),
        # Thu 1 May skipped (Día del Trabajo), Fri 2 May (9), 5-9 (14),
        # Mon 12 May (15).
        self._assert_case(
            "2025-04-16 15:00:00",
            "recurso_reposicion",
            date(2025, 4, 16),
            date(2025, 5, 12),
        )

    def test_08_received_on_jueves_santo_2025(self):
        # Received Thu 17 Apr 2025 (Jueves Santo) 09:00 Bogotá: not a business day;
        # Fri 18 (Viernes Santo) and the weekend neither: filed Mon 21 Apr.
        # Term from Tue 22: 22-25 (4), 28-30 (7), Fri 2 May (8), 5-9 (13),
        # 12-13 (15). Deadline Tue 13 May 2025.
        self._assert_case(
            "2025-04-17 14:00:00",
            "recurso_apelacion",
            date(2025, 4, 21),
            date(2025, 5, 13),
        )

    def test_09_before_semana_santa_2026(self):
        # Received Wed 1 Apr 2026 16:30 Bogotá (21:30 UTC): filed that day. Term:
        # Thu 2 and Fri 3 Apr skipped (Semana Santa), weekend, 6-10 (5),
        # 13-17 (10), 20-24 (15). Deadline Fri 24 Apr 2026.
        self._assert_case(
            "2026-04-01 21:30:00", "peticion", date(2026, 4, 1), date(2026, 4, 24)
        )

    def test_10_after_closing_before_semana_santa_2026(self):
        # Received Wed 1 Apr 2026 17:30 Bogotá (22:30 UTC): after closing. Thu 2,
        # Fri 3 (Semana Santa) and the weekend are not business days: filed Mon
        # 6 Apr. Term from Tue 7: 7-10 (4), 13-17 (9), 20-24 (14), Mon 27 Apr (15).
        self._assert_case(
            "2026-04-01 22:30:00", "peticion", date(2026, 4, 6), date(2026, 4, 27)
        )

    def test_11_chiquinquira_and_independencia_2026(self):
        # Received Fri 3 Jul 2026 10:00 Bogotá: filed that day (a Friday). Term from
        # Mon 6: 6-10 (5), Mon 13 skipped (Chiquinquirá, new in holidays 0.109),
        # 14-17 (9), Mon 20 skipped (Independencia), 21-24 (13), 27-28 (15).
        # Deadline Tue 28 Jul 2026.
        self._assert_case(
            "2026-07-03 15:00:00", "reclamo", date(2026, 7, 3), date(2026, 7, 28)
        )

    def test_12_three_emiliani_mondays_june_2026(self):
        # Received Thu 4 Jun 2026 11:00 Bogotá: filed that day. Term from Fri 5:
        # 5 (1), Mon 8 skipped (Corpus Christi), 9-12 (5), Mon 15 skipped (Sagrado
        # Corazón), 16-19 (9), 22-26 (14), Mon 29 skipped (San Pedro y San Pablo),
        # Tue 30 Jun (15).
        self._assert_case(
            "2026-06-04 16:00:00", "queja", date(2026, 6, 4), date(2026, 6, 30)
        )

    def test_13_christmas_new_year_reyes(self):
        # Received Mon 22 Dec 2025 10:00 Bogotá: filed that day. Term from Tue 23:
        # 23-24 (2), Thu 25 skipped (Navidad), Fri 26 (3), 29-31 (6), Thu 1 Jan 2026
        # skipped (Año Nuevo), Fri 2 (7), 5-9 (12), Mon 12 Jan skipped (Reyes
        # observed), 13-15 (15). Deadline Thu 15 Jan 2026.
        self._assert_case(
            "2025-12-22 15:00:00", "peticion", date(2025, 12, 22), date(2026, 1, 15)
        )

    def test_14_christmas_eve_after_closing(self):
        # Received Wed 24 Dec 2025 18:00 Bogotá (23:00 UTC): after closing; Thu 25 is
        # Navidad: filed Fri 26 Dec. Term from Mon 29: 29-31 (3), Thu 1 Jan skipped,
        # Fri 2 (4), 5-9 (9), Mon 12 skipped (Reyes observed), 13-16 (13),
        # 19-20 (15). Deadline Tue 20 Jan 2026.
        self._assert_case(
            "2025-12-24 23:00:00", "peticion", date(2025, 12, 26), date(2026, 1, 20)
        )

    def test_15_information_request_10_days(self):
        # Solicitud de información: 10 business days. Received Mon 9 Jun 2025
        # 09:00 Bogotá: filed that day. Term from Tue 10: 10-13 (4), 16-20 (9),
        # Mon 23 skipped (Corpus Christi observed), Tue 24 Jun (10).
        self._assert_case(
            "2025-06-09 14:00:00", "informacion", date(2025, 6, 9), date(2025, 6, 24)
        )

    def test_16_consultation_30_days(self):
        # Consulta: 30 business days. Received Tue 1 Jul 2025 10:00 Bogotá: filed
        # that day. Term from Wed 2: 2-4 (3), 7-11 (8), 14-18 (13), 21-25 (18)
        # (Sun 20 Jul holiday on a weekend), 28-31 (22), Fri 1 Aug (23),
        # 4-6 (26), Thu 7 skipped (Batalla de Boyacá), Fri 8 (27), 11-13 (30).
        # Deadline Wed 13 Aug 2025.
        self._assert_case(
            "2025-07-01 15:00:00", "consulta", date(2025, 7, 1), date(2025, 8, 13)
        )

    def test_17_suggestion_has_no_deadline(self):
        # Sugerencia: no legal term. Received Sat 15 Mar 2025: it still gets the
        # filing date Mon 17 Mar, but no deadline, days left or status.
        request = self._assert_case(
            "2025-03-15 15:00:00", "sugerencia", date(2025, 3, 17), False
        )
        self.assertFalse(request.date_deadline)
        self.assertEqual(request.business_days_left, 0)
        self.assertFalse(request.deadline_status)
        self.assertEqual(request.suspended_days, 0)

    def test_18_far_years_computed_on_demand(self):
        calendar = self.calendar
        # 2019: received Fri 15 Mar 2019 10:00 Bogotá: filed that day. Term from
        # Mon 18: 18-22 (5), Mon 25 skipped (San José observed), 26-29 (9),
        # 1-5 Apr (14), Mon 8 Apr (15).
        self._assert_case(
            "2019-03-15 15:00:00", "peticion", date(2019, 3, 15), date(2019, 4, 8)
        )
        # 2031: received Fri 3 Jan 2031 10:00 Bogotá: filed that day. Term from
        # Mon 6: Mon 6 Jan skipped (Reyes, on a Monday), 7-10 (4), 13-17 (9),
        # 20-24 (14), Mon 27 Jan (15).
        self._assert_case(
            "2031-01-03 15:00:00", "peticion", date(2031, 1, 3), date(2031, 1, 27)
        )
        years = calendar._pqr_generated_years()
        self.assertIn(2019, years)
        self.assertIn(2031, years)
        self.assertIn(date(2019, 3, 25), self._holiday_dates(calendar, 2019)[1])
        self.assertIn(date(2031, 1, 6), self._holiday_dates(calendar, 2031)[1])

    def test_19_company_closure_day_pushes_deadline(self):
        # Closure entered by hand: Fri 28 Mar 2025, 00:00-23:59:59 Bogotá
        # (05:00 UTC to 04:59:59 UTC the next day).
        self._closure("2025-03-28 05:00:00", "2025-03-29 04:59:59")
        # Received Fri 14 Mar 2025 10:00: filed that day. Term from Mon 17: 17-21
        # (5), Mon 24 skipped (San José), 25-27 (8), Fri 28 skipped (closure),
        # 31 (9), 1-4 Apr (13), 7-8 (15). Deadline Tue 8 Apr 2025 (one day later
        # than test_01).
        self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 8)
        )
        # Received on the closure day itself (Fri 28 Mar 09:00): filed Mon 31 Mar.
        # Term from Tue 1 Apr: 1-4 (4), 7-11 (9), 14-16 (12), Thu 17 and Fri 18
        # skipped (Semana Santa), 21-23 (15). Deadline Wed 23 Apr 2025.
        self._assert_case(
            "2025-03-28 14:00:00", "peticion", date(2025, 3, 31), date(2025, 4, 23)
        )

    def test_20_closure_of_another_calendar_is_ignored(self):
        # A leave of another calendar (or of a single resource) is no closure of the
        # PQR office: the brief's example stays Mon 7 Apr 2025.
        other = self.env["resource.calendar"].create(
            {"name": "Otro horario", "tz": "America/Bogota"}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Cierre de otra sede",
                "calendar_id": other.id,
                "date_from": "2025-03-28 05:00:00",
                "date_to": "2025-03-29 04:59:59",
            }
        )
        self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )

    def test_21_closing_hour_is_a_company_setting(self):
        # Closing hour moved to 12:30. Received Wed 2 Jul 2025 12:29 Bogotá (17:29
        # UTC): filed that day (deadline Wed 23 Jul, see test_04); at 12:30 Bogotá
        # (17:30 UTC): filed Thu 3 Jul (deadline Thu 24 Jul, see test_05).
        self.company.pqr_closing_hour = 12.5
        self._assert_case(
            "2025-07-02 17:29:00", "peticion", date(2025, 7, 2), date(2025, 7, 23)
        )
        self._assert_case(
            "2025-07-02 17:30:00", "peticion", date(2025, 7, 3), date(2025, 7, 24)
        )

    # ------------------------------------------------------------------
    # Term suspensions (domain decision 4)
    # ------------------------------------------------------------------
    def test_30_approved_suspension_moves_deadline(self):
        request = self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )
        # Suspension Mon 24 Mar to Mon 31 Mar 2025: business days 25, 26, 27, 28,
        # 31 = 5 (Mon 24 is San José observed, 29-30 the weekend).
        suspension = self._suspension(request, date(2025, 3, 24), date(2025, 3, 31))
        self.assertEqual(suspension.business_days, 5)
        self._attach_evidence(suspension)
        suspension.with_user(self.manager).action_approve()
        self.assertEqual(suspension.state, "approved")
        self.assertEqual(suspension.approved_by_id, self.manager)
        # 15 + 5 = 20 business days after Fri 14 Mar: Mon 7 Apr (15), 8-11 (19),
        # Mon 14 Apr (20).
        self.assertEqual(request.suspended_days, 5)
        self.assertEqual(request.date_deadline, date(2025, 4, 14))
        # The filing date does not move.
        self.assertEqual(request.date_filed, date(2025, 3, 14))

    def test_31_draft_and_refused_suspensions_move_nothing(self):
        request = self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )
        suspension = self._suspension(request, date(2025, 3, 24), date(2025, 3, 31))
        self._attach_evidence(suspension)
        self.assertEqual(suspension.state, "draft")
        self.assertEqual(request.suspended_days, 0)
        self.assertEqual(request.date_deadline, date(2025, 4, 7))
        suspension.with_user(self.manager).action_refuse()
        self.assertEqual(suspension.state, "refused")
        self.assertEqual(request.suspended_days, 0)
        self.assertEqual(request.date_deadline, date(2025, 4, 7))

    def test_32_suspension_needs_evidence_and_a_manager(self):
        request = self._create("2025-03-14 15:00:00")
        suspension = self._suspension(request, date(2025, 3, 24), date(2025, 3, 31))
        with self.assertRaises(UserError):
            suspension.with_user(self.manager).action_approve()
        self.assertEqual(suspension.state, "draft")
        self.assertEqual(request.date_deadline, date(2025, 4, 7))

    # ------------------------------------------------------------------
    # Holiday generation
    # ------------------------------------------------------------------
    def test_40_generate_holidays_2025(self):
        calendar = self.calendar
        calendar.pqr_generate_holidays([2025])
        self.assertIn(2025, calendar._pqr_generated_years())
        leaves, dates = self._holiday_dates(calendar, 2025)
        # Fixed: 1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec, 25 Dec. Moved to the next
        # Monday (Ley Emiliani): 6 Jan (already a Monday), 19 Mar -> 24 Mar,
        # 29 Jun -> 30 Jun, 15 Aug -> 18 Aug, 12 Oct -> 13 Oct, 1 Nov -> 3 Nov,
        # 11 Nov -> 17 Nov. Easter 20 Apr 2025: Jueves Santo 17 Apr, Viernes Santo
        # 18 Apr, Ascensión 29 May -> 2 Jun, Corpus 19 Jun -> 23 Jun, Sagrado
        # Corazón 27 Jun -> 30 Jun (same day as San Pedro): 17 dates.
        expected = [
            date(2025, 1, 1),
            date(2025, 1, 6),
            date(2025, 3, 24),
            date(2025, 4, 17),
            date(2025, 4, 18),
            date(2025, 5, 1),
            date(2025, 6, 2),
            date(2025, 6, 23),
            date(2025, 6, 30),
            date(2025, 7, 20),
            date(2025, 8, 7),
            date(2025, 8, 18),
            date(2025, 10, 13),
            date(2025, 11, 3),
            date(2025, 11, 17),
            date(2025, 12, 8),
            date(2025, 12, 25),
        ]
        self.assertEqual(sorted(set(dates)), expected)
        # Each holiday covers the whole Bogotá day and is a global leave.
        san_jose = leaves.filtered(
            lambda leave: leave.date_from.date() == date(2025, 3, 24)
        )
        self.assertEqual(san_jose.date_from, datetime(2025, 3, 24, 5, 0, 0))
        self.assertEqual(san_jose.date_to, datetime(2025, 3, 25, 4, 59, 59))
        self.assertFalse(leaves.resource_id)
        self.assertEqual(set(leaves.mapped("time_type")), {"leave"})
        christmas = leaves.filtered(lambda leave: leave.date_from.month == 12)
        self.assertIn("Navidad", christmas.mapped("name"))
        # The nominal dates of moved holidays are business days.
        self.assertTrue(calendar.pqr_is_business_day(date(2025, 3, 19)))
        self.assertTrue(calendar.pqr_is_business_day(date(2025, 8, 15)))
        self.assertFalse(calendar.pqr_is_business_day(date(2025, 3, 24)))

    def test_41_generation_is_idempotent(self):
        calendar = self.calendar
        calendar.pqr_generate_holidays([2025])
        leaves, dates = self._holiday_dates(calendar, 2025)
        self.assertEqual(len(dates), len(set(dates)))
        count = len(leaves)
        # Twice: no duplicates.
        calendar.pqr_generate_holidays([2025])
        calendar.pqr_generate_holidays([2024, 2025])
        self.assertEqual(len(self._holiday_dates(calendar, 2025)[0]), count)
        # Deleted by hand (e.g. a holiday the office works): not regenerated, and
        # the day is a business day again.
        immaculate = leaves.filtered(
            lambda leave: leave.date_from.date() == date(2025, 12, 8)
        )
        self.assertEqual(len(immaculate), 1)
        immaculate.unlink()
        calendar.pqr_generate_holidays([2025])
        leaves, dates = self._holiday_dates(calendar, 2025)
        self.assertEqual(len(leaves), count - 1)
        self.assertNotIn(date(2025, 12, 8), dates)
        self.assertTrue(calendar.pqr_is_business_day(date(2025, 12, 8)))
        # Using the year through the service does not bring it back either.
        self.assertEqual(
            calendar.pqr_add_business_days(date(2025, 12, 5), 1), date(2025, 12, 8)
        )

    def test_42_new_2026_holidays(self):
        calendar = self.calendar
        # Emiliani Mondays of 2026, including the Chiquinquirá holiday of 0.109.
        for day in (
            date(2026, 1, 12),
            date(2026, 3, 23),
            date(2026, 6, 15),
            date(2026, 7, 13),
        ):
            self.assertFalse(calendar.pqr_is_business_day(day), day)
        # Their nominal dates: Tue 6 Jan, Thu 19 Mar, Fri 12 Jun, Thu 9 Jul 2026.
        for day in (
            date(2026, 1, 6),
            date(2026, 3, 19),
            date(2026, 6, 12),
            date(2026, 7, 9),
        ):
            self.assertTrue(calendar.pqr_is_business_day(day), day)

    # ------------------------------------------------------------------
    # The service, called directly
    # ------------------------------------------------------------------
    def test_50_add_business_days(self):
        calendar = self.calendar
        add = calendar.pqr_add_business_days
        # The brief's example.
        self.assertEqual(add(date(2025, 3, 14), 15), date(2025, 4, 7))
        # 0 days: the start date itself.
        self.assertEqual(add(date(2025, 3, 14), 0), date(2025, 3, 14))
        # From Sat 22 Mar 2025: Sun 23, Mon 24 (San José) skipped -> Tue 25.
        self.assertEqual(add(date(2025, 3, 22), 1), date(2025, 3, 25))
        # From a holiday, Jueves Santo 17 Apr 2025: Fri 18 and weekend -> Mon 21.
        self.assertEqual(add(date(2025, 4, 17), 1), date(2025, 4, 21))
        # Across the year: from Wed 31 Dec 2025, Thu 1 Jan skipped -> Fri 2 Jan;
        # 2 more: Mon 5, Tue 6 Jan 2026.
        self.assertEqual(add(date(2025, 12, 31), 1), date(2026, 1, 2))
        self.assertEqual(add(date(2025, 12, 31), 3), date(2026, 1, 6))
        # Batch: same answers in one call, in order.
        self.assertEqual(
            calendar.pqr_add_business_days_batch(
                [
                    (date(2025, 4, 16), 15),
                    (date(2025, 6, 9), 10),
                    (date(2019, 3, 15), 15),
                ]
            ),
            [date(2025, 5, 12), date(2025, 6, 24), date(2019, 4, 8)],
        )

    def test_51_business_days_of_a_range(self):
        days = self.calendar.pqr_business_days
        # [Sat 15 Mar, Mon 7 Apr 2025]: the 15 days of test_01.
        self.assertEqual(len(days(date(2025, 3, 15), date(2025, 4, 7))), 15)
        self.assertEqual(days(date(2025, 4, 7), date(2025, 3, 14)), [])
        # [Thu 25 Dec 2025, Fri 2 Jan 2026]: 26, 29, 30, 31 Dec, 2 Jan = 5.
        self.assertEqual(len(days(date(2025, 12, 25), date(2026, 1, 2))), 5)
        # [Thu 17 Apr, Fri 25 Apr 2025]: 17, 18 skipped; 21-25 = 5.
        self.assertEqual(len(days(date(2025, 4, 17), date(2025, 4, 25))), 5)
        # Business days of a range, inclusive (as used by suspensions):
        # Mon 24 - Mon 31 Mar 2025 -> 25, 26, 27, 28, 31.
        self.assertEqual(
            self.calendar.pqr_business_days(date(2025, 3, 24), date(2025, 3, 31)),
            [
                date(2025, 3, 25),
                date(2025, 3, 26),
                date(2025, 3, 27),
                date(2025, 3, 28),
                date(2025, 3, 31),
            ],
        )

    def test_52_business_days_left(self):
        left = self.calendar.pqr_business_days_left_batch
        deadline = date(2025, 4, 7)  # Mon 7 Apr 2025
        cases = [
            # Mon 24 Mar (a holiday): 25-28, 31, 1-4, 7 = 10.
            (date(2025, 3, 24), 10),
            # Mon 31 Mar: 1-4, 7 = 5.
            (date(2025, 3, 31), 5),
            # Fri 4 Apr: Mon 7 = 1.
            (date(2025, 4, 4), 1),
            # Sat 5 Apr: Mon 7 = 1.
            (date(2025, 4, 5), 1),
            # On the deadline day: 0.
            (date(2025, 4, 7), 0),
            # Tue 8 Apr: overdue by 1.
            (date(2025, 4, 8), -1),
            # Mon 14 Apr: overdue by 8, 9, 10, 11, 14 = -5.
            (date(2025, 4, 14), -5),
            # Mon 21 Apr: 8-11, 14-16, 21 (17-18 Semana Santa) = -8.
            (date(2025, 4, 21), -8),
        ]
        for today, expected in cases:
            with self.subTest(today=today):
                self.assertEqual(left([deadline], today), [expected])
        # Deadline Fri 4 Apr, seen on Sat 5 Apr: no business day since, still -1.
        self.assertEqual(left([date(2025, 4, 4)], date(2025, 4, 5)), [-1])
        # Batch with an empty deadline.
        self.assertEqual(
            left([deadline, False, date(2025, 4, 4)], date(2025, 4, 4)), [1, 0, 0]
        )

    def test_53_deadline_status(self):
        request = self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )
        self.company.pqr_due_soon_days = 5
        cases = [
            (date(2025, 3, 24), (10, "on_time")),
            (date(2025, 3, 31), (5, "due_soon")),
            (date(2025, 4, 7), (0, "due_today")),
            (date(2025, 4, 8), (-1, "overdue")),
        ]
        for today, expected in cases:
            with self.subTest(today=today):
                values = request._pqr_deadline_values(today=today)
                self.assertEqual(values[request.id], expected)
        # Stored value, computed against the real today (after April 2025).
        self.assertLess(request.business_days_left, 0)
        self.assertEqual(request.deadline_status, "overdue")

    def test_54_filing_date(self):
        def filing(received, closing):
            return self.calendar.pqr_filing_date_batch([received], closing)[0]

        cases = [
            # Fri 14 Mar 2025 16:59 Bogotá -> same day.
            (datetime(2025, 3, 14, 21, 59), 17.0, date(2025, 3, 14)),
            # Fri 14 Mar 2025 17:00 Bogotá -> Mon 17 Mar.
            (datetime(2025, 3, 14, 22, 0), 17.0, date(2025, 3, 17)),
            # Fri 21 Mar 2025 17:00 Bogotá -> Mon 24 is San José -> Tue 25 Mar.
            (datetime(2025, 3, 21, 22, 0), 17.0, date(2025, 3, 25)),
            # Sat 15 Mar 2025 -> Mon 17 Mar.
            (datetime(2025, 3, 15, 15, 0), 17.0, date(2025, 3, 17)),
            # Sun 16 Mar 2025 23:30 Bogotá = Mon 17 Mar 04:30 UTC -> Mon 17 Mar.
            (datetime(2025, 3, 17, 4, 30), 17.0, date(2025, 3, 17)),
            # Mon 17 Mar 2025 00:30 Bogotá (05:30 UTC): before closing -> same day.
            (datetime(2025, 3, 17, 5, 30), 17.0, date(2025, 3, 17)),
            # Wed 31 Dec 2025 19:30 Bogotá = Thu 1 Jan 2026 00:30 UTC -> Fri 2 Jan.
            (datetime(2026, 1, 1, 0, 30), 17.0, date(2026, 1, 2)),
            # Closing at 12:30: 12:29 Bogotá same day, 12:30 next business day.
            (datetime(2025, 3, 14, 17, 29), 12.5, date(2025, 3, 14)),
            (datetime(2025, 3, 14, 17, 30), 12.5, date(2025, 3, 17)),
        ]
        for received, closing, expected in cases:
            with self.subTest(received=received, closing=closing):
                self.assertEqual(filing(received, closing), expected)

    # ------------------------------------------------------------------
    # Bad input: the clock is never written by hand
    # ------------------------------------------------------------------
    def test_60_clock_fields_cannot_be_written(self):
        request = self._assert_case(
            "2025-03-14 15:00:00", "peticion", date(2025, 3, 14), date(2025, 4, 7)
        )
        for vals in (
            {"date_deadline": date(2025, 5, 30)},
            {"date_filed": date(2025, 3, 10)},
            {"date_filed": False, "date_deadline": False},
            {"subject": "Nuevo asunto", "date_deadline": date(2025, 5, 30)},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.write(vals)
        request.invalidate_recordset()
        self.assertEqual(request.date_filed, date(2025, 3, 14))
        self.assertEqual(request.date_deadline, date(2025, 4, 7))
        self.assertEqual(request.subject, "Caso de prueba de días hábiles")

    def test_61_clock_fields_cannot_be_given_on_create(self):
        count = self.env["pqr.request"].search_count([])
        with self.assertRaises(UserError):
            self.env["pqr.request"].create(
                {
                    "partner_id": self.partner.id,
                    "type_id": self._type("peticion").id,
                    "date_received": "2025-03-14 15:00:00",
                    "date_deadline": "2025-12-31",
                }
            )
        self.assertEqual(self.env["pqr.request"].search_count([]), count)
