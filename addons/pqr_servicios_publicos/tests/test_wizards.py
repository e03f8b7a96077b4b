import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.pqr_common import transition
from .common import MODULE, PqrCase


@tagged("post_install", "-at_install")
class TestResolutionWizards(PqrCase):
    """The backend steps of the chain, through the wizards a clerk uses."""

    def _decided(self, response="pqr_response_type_3", **values):
        pqr = self._create_pqr(**values)
        pqr.write(
            {
                "response_type_id": self.env.ref(f"{MODULE}.{response}").id,
                "response_body": "<p>Se revisó el consumo.</p>",
            }
        )
        pqr.with_user(self.users["clerk"]).action_issue_decision()
        return pqr

    def _wizard(self, model, pqr, **values):
        return (
            self.env[model]
            .with_user(self.users["clerk"])
            .with_context(default_request_id=pqr.id)
            .create(values)
        )

    def test_personal_notification_acta(self):
        pqr = self._decided()
        self.assertEqual(pqr.state, "notifying")
        wizard = Form(
            self.env["pqr.request.register.notification"]
            .with_user(self.users["clerk"])
            .with_context(default_request_id=pqr.id)
        )
        wizard.method = "personal"
        wizard.receiver_name = "Ana Suscriptora"
        wizard.receiver_identification = "1020304050"
        wizard.save().action_confirm()
        self.assertEqual(pqr.state, "notified")
        line = pqr.notification_ids.filtered(lambda n: n.method == "personal")
        self.assertRecordValues(
            line,
            [{"state": "effective", "receiver_identification": "1020304050"}],
        )
        self.assertEqual(pqr.notification_type_id.code, "1")

    def test_notice_needs_proof_of_delivery(self):
        pqr = self._decided()
        citation = pqr.notification_ids
        citation.with_user(self.users["clerk"]).action_mark_sent()
        # the notice the daily action creates
        notice = transition(self.env["pqr.notification"]).create(
            {"request_id": pqr.id, "method": "notice"}
        )
        notice.action_mark_sent()
        wizard = self._wizard("pqr.request.register.notification", pqr, method="notice")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.attachment_ids = [
            (0, 0, {"name": "guia.pdf", "datas": base64.b64encode(b"%PDF-1.4")})
        ]
        wizard.action_confirm()
        self.assertEqual(notice.state, "effective")
        self.assertEqual(pqr.notification_type_id.code, "4")
        self.assertTrue(notice.attachment_ids)

    def test_file_recurso_and_sspd_decision(self):
        pqr = self._decided()
        pqr.action_register_personal("Ana Suscriptora", "1020304050")
        action = self._wizard(
            "pqr.request.file.recurso", pqr, apelacion=True
        ).action_confirm()
        recurso = self.env["pqr.request"].browse(action["res_id"])
        self.assertEqual(recurso.parent_id, pqr)
        self.assertEqual(recurso.type_id.code, "recurso_apelacion")
        recurso.write(
            {
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_4").id,
                "response_body": "<p>Se confirma.</p>",
            }
        )
        recurso.with_user(self.users["clerk"]).action_issue_decision()
        recurso.action_register_personal("Ana Suscriptora", "1020304050")
        recurso.with_user(self.users["clerk"]).action_transfer_sspd()
        self.assertEqual(recurso.state, "sspd")
        self._wizard(
            "pqr.request.sspd.decision", recurso, outcome="confirms"
        ).action_confirm()
        self.assertEqual(recurso.state, "closed")
        self.assertEqual(pqr.state, "closed", "every recurso resolved")

    def test_recognize_sap_wizard_is_for_managers(self):
        pqr = self._create_pqr()
        pqr._flag_sap(digest=False)
        self.assertFalse(
            self.env["ir.model.access"]
            .with_user(self.users["clerk"])
            .check("pqr.request.recognize.sap", "create", raise_exception=False)
        )
        wizard = (
            self.env["pqr.request.recognize.sap"]
            .with_user(self.users["manager"])
            .create({"request_id": pqr.id})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
