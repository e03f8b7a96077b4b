"""Billing and the areas do their part on a PQR they can see, and nothing more."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_resolution import ResolutionCase, bog


@tagged("post_install", "-at_install")
class TestOfficeParts(ResolutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = cls.users["billing"]
        cls.area_user = cls.users["area"]
        cls.technician = cls.users["technician"]
        cls.area.member_ids = [(4, cls.technician.id)]
        product = cls.env["product.product"].create({"name": "Acueducto"})
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": "2026-02-15",
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {"product_id": product.id, "price_unit": 85000, "tax_ids": []},
                    )
                ],
            }
        )
        cls.invoice.action_post()

    def _billing_wizard(self, pqr, user, **vals):
        Wizard = self.env["pqr.request.billing"].with_user(user)
        return Wizard.with_context(default_request_id=pqr.id).create(vals)

    def test_billing_records_the_claimed_invoices(self):
        pqr = self._create_pqr(type_id=self.type_reclamo.id)
        # billing reads the PQR but cannot edit it directly
        with self.assertRaises(AccessError):
            pqr.with_user(self.billing).write({"subject": "Otro asunto"})
        wizard = self._billing_wizard(
            pqr,
            self.billing,
            invoice_ids=[(6, 0, self.invoice.ids)],
            amount_disputed=50000,
        )
        wizard.action_confirm()
        self.assertEqual(pqr.sudo().invoice_ids, self.invoice)
        self.assertEqual(pqr.amount_disputed, 50000)
        # art. 155: what is not disputed, from the invoice (85,000 - 50,000)
        self.assertEqual(pqr.amount_undisputed, 35000)

    def test_billing_wizard_refuses_what_is_not_its_part(self):
        pqr = self._create_pqr(type_id=self.type_reclamo.id)
        other = self.invoice.copy({"partner_id": self.other_customer.id})
        other.action_post()
        wizard = self._billing_wizard(
            pqr, self.billing, invoice_ids=[(6, 0, other.ids)]
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        for role in ("technician", "area"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._billing_wizard(pqr, self.users[role]).action_confirm()
        # after the decision, what it disputes is frozen
        self._decide(pqr, bog(2026, 3, 17, 10))
        with self.assertRaises(UserError):
            self._billing_wizard(pqr, self.billing, amount_disputed=1).action_confirm()

    def test_area_drafts_the_answer_for_the_clerk(self):
        pqr = (
            self.env["pqr.request"]
            .with_user(self.clerk)
            .create(self._pqr_vals(area_id=self.area.id))
        )
        as_area = pqr.with_user(self.area_user)
        with self.assertRaises(UserError):
            as_area.action_submit_draft()  # nothing drafted yet
        as_area.write(
            {
                "response_type_id": self._response(1).id,
                "response_body": "<p>Se accede a lo pedido.</p>",
            }
        )
        as_area.action_submit_draft()
        todo = pqr.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(todo.user_id, self.clerk)
        self.assertEqual(todo.summary, "Revisar y expedir el borrador de respuesta")
        # issuing stays with the office
        with self.assertRaises(AccessError):
            as_area.action_issue_decision()
        self.assertFalse(pqr.response_number)
        self.assertIn(pqr.state, ("filed", "in_progress"))

    def test_technician_reports_on_their_order_only(self):
        pqr = self._create_pqr(area_id=self.area.id, service_account_id=self.account.id)
        order = self.env["pqr.field.order"].create(
            {
                "order_type": "revision_previa",
                "request_id": pqr.id,
                "service_account_id": self.account.id,
                "technician_id": self.technician.id,
                "date_scheduled": "2026-03-05 13:00:00",
            }
        )
        order.action_schedule()
        order.with_user(self.technician).message_post(
            body="Visita: fuga en la acometida.", message_type="comment"
        )
        self.assertIn("fuga en la acometida", order.message_ids[0].body)
        as_tech = pqr.with_user(self.technician)
        with self.assertRaises(AccessError):
            as_tech.message_post(body="x", message_type="comment")
        with self.assertRaises(AccessError):
            as_tech.write({"subject": "x"})
        with self.assertRaises(AccessError):
            as_tech.action_submit_draft()
