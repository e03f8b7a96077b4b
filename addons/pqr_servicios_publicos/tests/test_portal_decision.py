from odoo.tests import HttpCase, tagged

from .common import MODULE


@tagged("post_install", "-at_install")
class TestDecisionLink(HttpCase):
    """The emailed link of an electronic notification records the access."""

    def setUp(self):
        super().setUp()
        partner = self.env["res.partner"].create(
            {
                "name": "Carla Electrónica",
                "email": "carla@example.com",
                "pqr_electronic_consent": True,
            }
        )
        self.pqr = self.env["pqr.request"].create(
            {
                "partner_id": partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_reclamo").id,
                "channel": "written",
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                "response_body": "<p>Se accede a lo solicitado.</p>",
            }
        )
        self.pqr.action_issue_decision()
        self.line = self.pqr.notification_ids

    def test_wrong_token_records_nothing(self):
        response = self.url_open(f"/pqr/decision/{self.pqr.id}?access_token=nope")
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))
        self.env.invalidate_all()
        self.assertFalse(self.line.date_accessed)
        self.assertEqual(self.pqr.state, "notifying")

    def test_link_shows_decision_and_notifies(self):
        self.assertEqual(self.line.method, "electronic")
        url = f"/pqr/decision/{self.pqr.id}?access_token={self.pqr.access_token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        # the response letter (rendered as HTML in test mode, as a PDF otherwise)
        self.assertIn(self.pqr.response_number, response.text)
        self.assertIn("Se accede a lo solicitado.", response.text)
        self.env.invalidate_all()
        self.assertTrue(self.line.date_accessed)
        self.assertEqual(self.pqr.state, "notified")
        first_access = self.line.date_accessed
        self.url_open(url)  # a second visit changes nothing
        self.env.invalidate_all()
        self.assertEqual(self.line.date_accessed, first_access)
