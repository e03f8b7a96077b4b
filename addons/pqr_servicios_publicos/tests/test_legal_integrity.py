"""Legal facts change only through the transition methods the law allows (issue 8, A).

Dates are counted by hand on the 2026 calendar (holidays that matter here: Mon 23 Mar
San José, Thu 2 and Fri 3 Apr Semana Santa). ``PqrCase._create_pqr`` receives a PQR on
Tue 3 Mar 2026 at 10:00 Bogotá: filed that day, its 15 business days end Wed 25 Mar.
"""

import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MODULE
from .test_resolution import ResolutionCase, bog

# A legal fact of each kind, with a value an attacker would like
LEGAL_VALUES = {
    "state": "closed",
    "is_sap": True,
    "sap_risk": True,
    "date_notified": "2026-03-10",
    "recurso_deadline": "2026-12-31",
    "response_number": "RES-2026-999999",
    "date_response": "2026-03-04",
    "is_late_recurso": True,
    "alert_threshold_done": 0,
    "transfer_late": True,
    "term_days": 30,
    "date_sap_recognized": "2026-03-30 10:00:00",
    "recursos_allowed": "appeal",
}


@tagged("post_install", "-at_install")
class TestOnlyTransitions(ResolutionCase):
    def test_legal_fields_refused_to_every_group(self):
        pqr = self._create_pqr(area_id=self.area.id)
        for role in ("area", "clerk", "manager"):
            for fname, value in LEGAL_VALUES.items():
                with (
                    self.subTest(role=role, field=fname),
                    self.assertRaises(UserError),
                ):
                    pqr.with_user(self.users[role]).write({fname: value})
        pqr.invalidate_recordset()
        self.assertRecordValues(
            pqr,
            [
                {
                    "state": "filed",
                    "is_sap": False,
                    "sap_risk": False,
                    "date_notified": False,
                    "response_number": False,
                    "term_days": 15,
                    "date_deadline": date(2026, 3, 25),
                }
            ],
        )
        # the rest of the PQR is still edited as usual
        pqr.with_user(self.users["area"]).write({"subject": "Fuga en el andén"})
        self.assertEqual(pqr.subject, "Fuga en el andén")

    def test_a_context_key_grants_nothing(self):
        pqr = self._create_pqr(area_id=self.area.id)
        forged = {
            "pqr_transition": True,
            "pqr_suspension_decision": True,
            "tracking_disable": True,
        }
        with self.assertRaises(UserError):
            pqr.with_user(self.users["area"]).with_context(**forged).write(
                {"state": "closed"}
            )
        self.assertEqual(pqr.state, "filed")

    def test_clock_inputs_of_a_filed_pqr(self):
        pqr = self._create_pqr(area_id=self.area.id)
        for vals in (
            {"date_received": datetime(2026, 3, 20, 15, 0)},
            {"type_id": self.env.ref(f"{MODULE}.pqr_type_consulta").id},
            {"channel": "phone"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                pqr.with_user(self.users["clerk"]).write(vals)
        # a form saved with the same values is fine
        pqr.with_user(self.users["clerk"]).write(
            {"type_id": self.type_peticion.id, "channel": "written"}
        )
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))

    def test_act_frozen_once_issued(self):
        pqr = self._create_pqr(area_id=self.area.id)
        # before the decision, the area drafts the answer
        pqr.with_user(self.users["area"]).write(
            {"response_body": "<p>Borrador del área.</p>"}
        )
        self._decide(pqr, bog(2026, 3, 17, 10))
        letter = pqr.response_letter
        self.assertTrue(letter)
        for vals in (
            {"response_body": "<p>Otra respuesta.</p>"},
            {"response_type_id": self._response(3).id},
            {"partner_id": self.other_customer.id},
            {"amount_disputed": 1000.0},
            {"response_letter": False},
        ):
            for role in ("clerk", "manager"):
                with (
                    self.subTest(vals=vals, role=role),
                    self.assertRaises(UserError),
                ):
                    pqr.with_user(self.users[role]).write(vals)
        pqr.invalidate_recordset()
        self.assertEqual(pqr.response_letter, letter)
        self.assertIn("Se resuelve la petición.", pqr.response_body)

    def test_create_refuses_legal_facts(self):
        Request = self.env["pqr.request"].with_user(self.users["clerk"])
        count = Request.search_count([])
        for vals in (
            {"state": "closed"},
            {"is_sap": True},
            {"response_number": "RES-1"},
            {"name": "PQR-2026-777777"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Request.create(self._pqr_vals(**vals))
        self.assertEqual(Request.search_count([]), count)
        # a manager importing PQRs from another system keeps their radicados
        manager = self.env["pqr.request"].with_user(self.users["manager"])
        with self.assertRaises(UserError):
            manager.create(self._pqr_vals(name="PQR-2020-000123"))
        migrated = manager.with_context(import_file=True).create(
            self._pqr_vals(name="PQR-2020-000123")
        )
        self.assertEqual(migrated.name, "PQR-2020-000123")

    def test_not_duplicated(self):
        with self.assertRaises(UserError):
            self._create_pqr().copy()


@tagged("post_install", "-at_install")
class TestClockCorrections(ResolutionCase):
    def test_reclassify(self):
        pqr = self._create_pqr(area_id=self.area.id)
        info = self.env.ref(f"{MODULE}.pqr_type_informacion")
        with self.assertRaises(AccessError):
            pqr.with_user(self.users["area"]).action_reclassify(info.id, "Pide copias")
        with self.assertRaises(UserError):
            pqr.with_user(self.clerk).action_reclassify(info.id, "")
        pqr.with_user(self.clerk).action_reclassify(
            info.id, "El peticionario solo pide copias de las facturas."
        )
        # 10 business days after Tue 3 Mar: 4, 5, 6, 9, 10, 11, 12, 13, 16, 17
        self.assertEqual(pqr.term_days, 10)
        self.assertEqual(pqr.date_deadline, date(2026, 3, 17))
        self.assertEqual(pqr.silence_effect, "information")
        note = self._messages(pqr, "solo pide copias")
        self.assertEqual(len(note), 1)
        self.assertIn("25-03-2026", note.body)
        self._flush_tracking()
        self.assertTrue(self._tracked(pqr, "type_id"))
        # after the decision the clock is history
        self._decide(pqr, bog(2026, 3, 16, 10))
        with self.assertRaises(UserError):
            pqr.with_user(self.clerk).action_reclassify(self.type_peticion.id, "Error")

    def test_correct_reception(self):
        pqr = self._create_pqr()
        with freeze_time(bog(2026, 3, 4, 9)):
            # received Fri 27 Feb 16:00 Bogotá: filed that day; 15 business days:
            # Mar 2-6, 9-13, 16-20 -> Fri 20 Mar
            pqr.with_user(self.clerk).action_correct_reception(
                bog(2026, 2, 27, 16), "Radicado en ventanilla el viernes."
            )
            self.assertEqual(pqr.date_filed, date(2026, 2, 27))
            self.assertEqual(pqr.date_deadline, date(2026, 3, 20))
            with self.assertRaisesRegex(UserError, "future"):
                pqr.with_user(self.clerk).action_correct_reception(
                    bog(2026, 3, 5, 9), "Error"
                )
            with self.assertRaisesRegex(UserError, "year"):
                pqr.with_user(self.clerk).action_correct_reception(
                    bog(2025, 12, 30, 9), "Error"
                )
        self.assertTrue(self._messages(pqr, "Radicado en ventanilla"))

    def test_wizard(self):
        pqr = self._create_pqr()
        consulta = self.env.ref(f"{MODULE}.pqr_type_consulta")
        wizard = (
            self.env["pqr.request.correct.clock"]
            .with_user(self.clerk)
            .create(
                {
                    "request_id": pqr.id,
                    "correction": "type",
                    "type_id": consulta.id,
                    "reason": "Es una consulta.",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(pqr.type_id, consulta)
        self.assertEqual(pqr.term_days, 30)

    def test_history_does_not_move(self):
        """Editing a type's term changes new PQRs only (A7)."""
        pqr = self._create_pqr()
        self.type_peticion.with_user(self.manager).write({"term_days": 20})
        pqr.invalidate_recordset()
        self.assertEqual(pqr.term_days, 15)
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))
        self.assertEqual(self._create_pqr().term_days, 20)


@tagged("post_install", "-at_install")
class TestSuspensionRights(ResolutionCase):
    def _suspension(self, pqr, user, start="2026-03-09", end="2026-03-13"):
        return (
            self.env["pqr.term.suspension"]
            .with_user(user)
            .create(
                {
                    "request_id": pqr.id,
                    "reason": "evidence",
                    "description": "Visita técnica decretada.",
                    "date_start": start,
                    "date_end": end,
                    "attachment_ids": [
                        (0, 0, {"name": "auto.pdf", "raw": b"%PDF-1.4 auto"})
                    ],
                }
            )
        )

    def test_area_cannot_approve_with_a_context_key(self):
        pqr = self._create_pqr(area_id=self.area.id)
        area = self.users["area"]
        suspension = self._suspension(pqr, area)
        for vals in (
            {"state": "approved"},
            {"approved_by_id": area.id},
            {"by_law": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                suspension.with_user(area).with_context(
                    pqr_suspension_decision=True
                ).write(vals)
        with self.assertRaises(UserError):
            self.env["pqr.term.suspension"].with_user(area).with_context(
                pqr_suspension_decision=True
            ).create(
                {
                    "request_id": pqr.id,
                    "reason": "evidence",
                    "description": "x",
                    "date_start": "2026-03-09",
                    "date_end": "2026-03-10",
                    "state": "approved",
                }
            )
        self.assertEqual(suspension.state, "draft")
        self.assertEqual(pqr.date_deadline, date(2026, 3, 25))

    def test_approved_inside_a_running_term_only(self):
        pqr = self._create_pqr(area_id=self.area.id)
        # starts after the deadline: refused
        late = self._suspension(pqr, self.clerk, "2026-03-26", "2026-03-27")
        with self.assertRaisesRegex(UserError, "inside its term"):
            late.with_user(self.manager).action_approve()
        # the term no longer runs once decided
        early = self._suspension(pqr, self.clerk)
        self._decide(pqr, bog(2026, 3, 6, 10))
        with self.assertRaisesRegex(UserError, "not running"):
            early.with_user(self.manager).action_approve()

    def test_approval_rearms_the_deadline_alerts(self):
        pqr = self._create_pqr(area_id=self.area.id, user_id=self.clerk.id)
        deadline_type = self.env.ref(f"{MODULE}.mail_activity_pqr_deadline")
        with freeze_time(bog(2026, 3, 18, 6)):
            self.env["pqr.request"]._cron_deadline_alerts()
        alert = self._activities(pqr, deadline_type)
        self.assertEqual(alert.date_deadline, date(2026, 3, 25))
        with freeze_time(bog(2026, 3, 18, 9)):
            self._suspension(pqr, self.clerk).with_user(self.manager).action_approve()
            # 5 business days more: Mar 26, 27, 30, 31, Apr 1
            self.assertEqual(pqr.date_deadline, date(2026, 4, 1))
            self.assertFalse(self._activities(pqr, deadline_type))
            self.assertEqual(pqr.alert_threshold_done, -1)
        # Thu 26 Mar: 4 business days left (27, 30, 31, Apr 1): the D-5 alert again
        with freeze_time(bog(2026, 3, 26, 6)):
            self.env["pqr.request"]._cron_deadline_alerts()
        alert = self._activities(pqr, deadline_type)
        self.assertEqual(alert.date_deadline, date(2026, 4, 1))


@tagged("post_install", "-at_install")
class TestSilenceByType(ResolutionCase):
    def test_information_request_deemed_accepted(self):
        """Ley 1755 art. 14: no SAP with its 72 hours; accepted, copies in 3 days."""
        pqr = self._create_pqr(
            type_id=self.env.ref(f"{MODULE}.pqr_type_informacion").id,
            user_id=self.clerk.id,
        )
        # 10 business days after Tue 3 Mar: Tue 17 Mar
        self.assertEqual(pqr.date_deadline, date(2026, 3, 17))
        self._cron(bog(2026, 3, 18, 0, 5))
        self.assertFalse(pqr.is_sap)
        self.assertTrue(pqr.is_deemed_granted)
        # 3 business days after Tue 17 Mar: 18, 19, 20
        self.assertEqual(pqr.copies_deadline, date(2026, 3, 20))
        todo = pqr.activity_ids.filtered(lambda a: a.date_deadline == date(2026, 3, 20))
        self.assertEqual(todo.user_id, self.clerk)
        self.assertFalse(self._activities(pqr, self.act_sap))
        self.assertEqual(len(self._messages(pqr, "se entiende aceptada")), 1)
        self._cron(bog(2026, 3, 19, 0, 5))  # once
        self.assertEqual(len(self._messages(pqr, "se entiende aceptada")), 1)

    def test_consulta_only_overdue(self):
        pqr = self._create_pqr(type_id=self.env.ref(f"{MODULE}.pqr_type_consulta").id)
        self._cron(bog(2026, 6, 1, 0, 5))
        self.assertFalse(pqr.is_sap or pqr.is_deemed_granted)

    def test_manager_clears_a_wrong_flag(self):
        pqr = self._create_pqr()
        self._cron(bog(2026, 3, 26, 0, 5))
        self.assertTrue(pqr.is_sap)
        with self.assertRaises(AccessError):
            pqr.with_user(self.clerk).action_clear_silence_flag("No corría el término")
        with self.assertRaises(UserError):
            pqr.with_user(self.manager).action_clear_silence_flag(" ")
        pqr.with_user(self.manager).action_clear_silence_flag(
            "El término estaba suspendido por pruebas decretadas el 10 de marzo."
        )
        self.assertFalse(pqr.is_sap)
        self.assertFalse(self._activities(pqr, self.act_sap))
        self.assertIn("suspendido por pruebas", pqr.silence_clear_reason)
        self.assertEqual(len(self._messages(pqr, "suspendido por pruebas")), 1)
        with self.assertRaises(UserError):
            pqr.with_user(self.manager).action_clear_silence_flag("otra vez")


@tagged("post_install", "-at_install")
class TestRecursosByAct(ResolutionCase):
    def _causal(self, group, code):
        return self.env["pqr.causal"].search(
            [("causal_group", "=", group), ("code", "=", code)], limit=1
        )

    def _issued(self, type_xmlid, causal=None, response=2):
        pqr = self._create_pqr(
            type_id=self.env.ref(f"{MODULE}.{type_xmlid}").id,
            causal_id=causal.id if causal else False,
        )
        self._decide(pqr, bog(2026, 3, 17, 10), response=response)
        self._notify_personally(pqr, bog(2026, 3, 18, 9))
        return pqr

    def test_billing_claim_admits_apelacion(self):
        pqr = self._issued("pqr_type_reclamo", self._causal("F", "102"))
        self.assertEqual(pqr.recursos_allowed, "appeal")
        recurso = pqr.with_user(self.clerk).action_file_recurso(
            apelacion=True, date_received=bog(2026, 3, 19, 9)
        )
        self.assertEqual(recurso.type_id.code, "recurso_apelacion")

    def test_cut_admits_apelacion(self):
        pqr = self._issued("pqr_type_reclamo", self._causal("P", "309"))
        self.assertEqual(pqr.recursos_allowed, "appeal")

    def test_service_quality_claim_only_reposicion(self):
        pqr = self._issued("pqr_type_reclamo", self._causal("P", "303"))
        self.assertEqual(pqr.recursos_allowed, "reposicion")
        with self.assertRaisesRegex(UserError, "Reposición only"):
            pqr.with_user(self.clerk).action_file_recurso(
                apelacion=True, date_received=bog(2026, 3, 19, 9)
            )
        recurso = pqr.with_user(self.clerk).action_file_recurso(
            date_received=bog(2026, 3, 19, 9)
        )
        self.assertEqual(recurso.type_id.code, "recurso_reposicion")

    def test_queja_and_copies_only_reposicion(self):
        for type_xmlid in ("pqr_type_queja", "pqr_type_informacion"):
            with self.subTest(type=type_xmlid):
                pqr = self._issued(type_xmlid)
                self.assertEqual(pqr.recursos_allowed, "reposicion")

    def test_consulta_none_and_closed_at_once(self):
        pqr = self._issued("pqr_type_consulta")
        self.assertEqual(pqr.recursos_allowed, "none")
        self.assertFalse(pqr.recurso_deadline)
        with self.assertRaises(UserError):
            pqr.with_user(self.clerk).action_file_recurso(
                date_received=bog(2026, 3, 19, 9)
            )
        self._close(pqr, bog(2026, 3, 18, 10))
        self.assertEqual(pqr.state, "closed")

    def test_the_letter_states_it(self):
        pqr = self._issued("pqr_type_reclamo", self._causal("P", "303"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"{MODULE}.report_pqr_response", pqr.ids)[0]
            .decode()
        )
        self.assertIn("lies only the recurso de reposición", html)
        self.assertNotIn("subsidiarily the recurso de", html)
        # the issued letter is the file stored at the decision
        self.assertIn(
            b"lies only the recurso de", base64.b64decode(pqr.response_letter)
        )
