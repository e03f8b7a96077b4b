"""The decision link of an electronic notification (CPACA art. 56) and the legal
guards over JSON-RPC, through Odoo's real HTTP stack."""

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import MODULE


@tagged("post_install", "-at_install")
class TestDecisionLink(HttpCase):
    """Only the petitioner's access notifies, after a confirmation (POST with
    CSRF); it keeps date-time, IP and user agent. A link scanner's GET, a clerk or
    another contact of the company reading it changes nothing."""

    def setUp(self):
        super().setUp()
        company_partner = self.env["res.partner"].create(
            {"name": "Inversiones Carla SAS", "is_company": True}
        )
        self.partner = self.env["res.partner"].create(
            {
                "name": "Carla Electrónica",
                "email": "carla@example.com",
                "parent_id": company_partner.id,
                "pqr_electronic_consent": True,
                "lang": "es_CO",
            }
        )
        colleague = self.env["res.partner"].create(
            {"name": "Colega de Carla", "parent_id": company_partner.id}
        )
        self.portal_petitioner = new_test_user(
            self.env,
            login="carla_portal",
            groups="base.group_portal",
            partner_id=self.partner.id,
        )
        self.portal_colleague = new_test_user(
            self.env,
            login="colega_portal",
            groups="base.group_portal",
            partner_id=colleague.id,
        )
        new_test_user(self.env, login="clerk_http", groups=f"{MODULE}.group_pqr_clerk")
        self.pqr = self.env["pqr.request"].create(
            {
                "partner_id": self.partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_reclamo").id,
                "channel": "written",
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                "response_body": "<p>Se accede a lo solicitado.</p>",
            }
        )
        self.pqr.action_issue_decision()
        self.line = self.pqr.notification_ids
        self.url = f"/pqr/decision/{self.pqr.id}"
        self.authenticate(None, None)  # a visitor's session (CSRF token)

    def _refresh(self):
        self.env.invalidate_all()
        return self.line.state, self.pqr.state

    def _confirm(self, token=None):
        data = {"csrf_token": http.Request.csrf_token(self)}
        if token:
            data["access_token"] = token
        return self.url_open(
            f"{self.url}/access",
            data=data,
            headers={"User-Agent": "PQR-Test-Browser/1.0"},
        )

    def test_get_asks_to_confirm_and_records_nothing(self):
        response = self.url_open(f"{self.url}?access_token={self.pqr.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/access", response.text)
        self.assertIn("csrf_token", response.text)
        # Spanish for a Spanish-speaking petitioner
        self.assertIn("Abrir la decisión y notificarme", response.text)
        self.assertEqual(self._refresh(), ("sent", "notifying"))
        self.assertFalse(self.line.date_accessed)

    def test_token_holder_confirms_and_is_notified(self):
        response = self._confirm(self.pqr.access_token)
        self.assertEqual(response.status_code, 200)
        # redirected to the letter as issued (HTML in test mode)
        self.assertIn("Se accede a lo solicitado.", response.text)
        self.assertIn(self.pqr.response_number, response.text)
        self.assertEqual(self._refresh(), ("effective", "notified"))
        self.assertTrue(self.line.date_accessed)
        self.assertEqual(self.line.access_ip, "127.0.0.1")
        self.assertEqual(self.line.access_user_agent, "PQR-Test-Browser/1.0")
        self.assertFalse(self.line.access_user_id)
        first = self.line.date_accessed
        self._confirm(self.pqr.access_token)  # a second access changes nothing
        self.env.invalidate_all()
        self.assertEqual(self.line.date_accessed, first)

    def test_post_without_csrf_is_refused(self):
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"{self.url}/access", data={"access_token": self.pqr.access_token}
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._refresh(), ("sent", "notifying"))

    def test_wrong_token_shows_a_page_and_records_nothing(self):
        self.env.company.partner_id.lang = "es_CO"
        response = self.url_open(f"{self.url}?access_token=nope")
        self.assertEqual(response.status_code, 403)
        self.assertIn("Este enlace no es válido", response.text)
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))
        self._confirm("nope")
        self.assertEqual(self._refresh(), ("sent", "notifying"))

    def test_internal_users_read_and_notify_nobody(self):
        self.authenticate("clerk_http", "clerk_http")
        response = self.url_open(f"{self.url}?access_token={self.pqr.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Se accede a lo solicitado.", response.text)
        self._confirm(self.pqr.access_token)
        self.assertEqual(self._refresh(), ("sent", "notifying"))

    def test_another_contact_of_the_company_notifies_nobody(self):
        self.authenticate("colega_portal", "colega_portal")
        response = self.url_open(self.url)  # readable: same commercial partner
        self.assertEqual(response.status_code, 200)
        self._confirm()
        self.assertEqual(self._refresh(), ("sent", "notifying"))

    def test_petitioners_portal_user_is_notified_after_confirming(self):
        self.authenticate("carla_portal", "carla_portal")
        response = self.url_open(self.url)
        self.assertIn("/access", response.text)
        self.assertEqual(self._refresh(), ("sent", "notifying"))
        self._confirm()
        self.assertEqual(self._refresh(), ("effective", "notified"))
        self.assertEqual(self.line.access_user_id, self.portal_petitioner)

    def test_not_issued_shows_a_page(self):
        pqr = self.env["pqr.request"].create(
            {
                "partner_id": self.partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_reclamo").id,
            }
        )
        pqr._portal_ensure_token()
        response = self.url_open(
            f"/pqr/decision/{pqr.id}?access_token={pqr.access_token}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertIn(pqr.name, response.text)


@tagged("post_install", "-at_install")
class TestLegalGuardsRpc(HttpCase):
    """Over /web/dataset/call_kw, as each group, with a forged context: the legal
    facts do not move."""

    def setUp(self):
        super().setUp()
        self.roles = {
            "area": new_test_user(
                self.env, login="rpc_area", groups=f"{MODULE}.group_pqr_area"
            ),
            "clerk": new_test_user(
                self.env, login="rpc_clerk", groups=f"{MODULE}.group_pqr_clerk"
            ),
            "manager": new_test_user(
                self.env, login="rpc_manager", groups=f"{MODULE}.group_pqr_manager"
            ),
        }
        area = self.env["pqr.area"].create(
            {"name": "Área RPC", "member_ids": [(4, self.roles["area"].id)]}
        )
        partner = self.env["res.partner"].create({"name": "Cliente RPC"})
        self.pqr = self.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_peticion").id,
                "area_id": area.id,
            }
        )
        self.suspension = self.env["pqr.term.suspension"].create(
            {
                "request_id": self.pqr.id,
                "reason": "evidence",
                "description": "Pruebas.",
                "date_start": self.pqr.date_filed,
                "date_end": self.pqr.date_filed,
            }
        )
        self.forged = {
            "pqr_transition": True,
            "pqr_suspension_decision": True,
            "import_file": True,
        }

    def _call(self, model, method, args):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": self.forged},
            },
        )

    def test_legal_facts_refused_over_rpc(self):
        deadline = self.pqr.date_deadline
        attempts = [
            ("pqr.request", "write", [[self.pqr.id], {"state": "closed"}]),
            ("pqr.request", "write", [[self.pqr.id], {"is_sap": True}]),
            ("pqr.request", "write", [[self.pqr.id], {"date_notified": "2026-01-02"}]),
            (
                "pqr.request",
                "write",
                [[self.pqr.id], {"recurso_deadline": "2027-01-02"}],
            ),
            (
                "pqr.request",
                "write",
                [[self.pqr.id], {"date_received": "2020-01-02 15:00:00"}],
            ),
            ("pqr.request", "write", [[self.pqr.id], {"response_number": "RES-X"}]),
            (
                "pqr.term.suspension",
                "write",
                [[self.suspension.id], {"state": "approved"}],
            ),
        ]
        for role in self.roles:
            self.authenticate(f"rpc_{role}", f"rpc_{role}")
            for model, method, args in attempts:
                with (
                    self.subTest(role=role, call=args[1]),
                    mute_logger("odoo.http"),
                    self.assertRaises(JsonRpcException),
                ):
                    self._call(model, method, args)
        self.env.invalidate_all()
        self.assertEqual(self.pqr.state, "filed")
        self.assertFalse(self.pqr.is_sap)
        self.assertFalse(self.pqr.date_notified)
        self.assertEqual(self.pqr.date_deadline, deadline)
        self.assertEqual(self.suspension.state, "draft")

    def test_private_transition_methods_not_callable(self):
        self.authenticate("rpc_manager", "rpc_manager")
        for method in ("_pqr_freeze_response_letter", "_flag_sap", "_apply_effect"):
            with (
                self.subTest(method=method),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException),
            ):
                self._call("pqr.request", method, [[self.pqr.id]])
