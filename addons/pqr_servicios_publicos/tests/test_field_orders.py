"""Field orders: transitions, the art. 155 interlock, the 24-hour rule, the prior
inspection that blocks the decision, charges, and who sees what.

Moments are Bogotá wall-clock times written with ``bog()`` (UTC-5 all year) and frozen
as naive UTC. The 24-hour deadlines are clock hours (domain decision 9): a payment
reconciled Tue 10 Mar 2026 10:30 Bogotá (15:30 UTC) gives a deadline of Wed 11 Mar
2026 10:30 Bogotá (15:30 UTC), whatever the business days.
"""

import base64
import io
from datetime import date, timedelta

from freezegun import freeze_time
from PIL import Image
from PyPDF2 import PdfFileReader

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException, warmup
from odoo.tools import mute_logger

from ..models.pqr_common import transition
from .common import MODULE, render_pdf_text
from .test_resolution import ResolutionCase, bog


def _png():
    """A small PNG, as the signature widget stores it."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 40, 160)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


PNG = _png()


class FieldOrderCase(ResolutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = cls.users["technician"]
        cls.technician_2 = new_test_user(
            cls.env,
            login="pqr_test_technician_2",
            groups=f"{MODULE}.group_pqr_technician",
        )
        cls.dispatcher = cls.users["area"]  # responsible of the field area
        cls.env.company.write(
            {
                "pqr_field_area_id": cls.area.id,
                "pqr_suspension_overdue_periods": 2,
                "pqr_cut_after_days": 30,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Acueducto cargo fijo", "list_price": 40000}
        )
        cls.reconnection = cls.env["product.product"].create(
            {"name": "Cargo por reconexión", "list_price": 25000}
        )
        cls.env.company.pqr_reconnection_product_id = cls.reconnection
        cls.causal_f = cls.env.ref(f"{MODULE}.pqr_causal_f101")
        cls.Order = cls.env["pqr.field.order"]

    # helpers ------------------------------------------------------------
    def _invoice(self, due, amount=40000, account=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "pqr_service_account_id": (account or self.account).id,
                "invoice_date": due - timedelta(days=20),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _pay(self, invoices, when, amount=None):
        with freeze_time(when):
            wizard = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoices.ids)
                .create(
                    {
                        "payment_date": when.date(),
                        "group_payment": True,
                        **({"amount": amount} if amount else {}),
                    }
                )
            )
            wizard._create_payments()

    def _order(self, order_type="suspension", user=None, **vals):
        values = {
            "order_type": order_type,
            "service_account_id": self.account.id,
            "technician_id": self.technician.id,
            "date_scheduled": bog(2026, 3, 5, 8),
        }
        if order_type in ("suspension", "corte"):
            values["cause"] = "non_payment"
        values.update(vals)
        return self.Order.with_user(user or self.dispatcher).create(values)

    def _execute(self, order, when, user=None, **vals):
        """The technician closes the order with the quick Done at ``when``."""
        user = user or order.technician_id
        values = {
            "findings": "Se cerró la válvula y se instaló sello.",
            "meter_reading": 1234.5,
            "seals_installed": "S-0099",
            "attendee_name": "Ana Suscriptora",
            "attendee_vat": "1020304050",
            "attendee_signature": PNG,
        }
        values.update(vals)
        with freeze_time(when):
            wizard = (
                self.env["pqr.field.order.done"]
                .with_user(user)
                .with_context(default_order_id=order.id)
                .create(values)
            )
            wizard.action_confirm()
        return order

    def _suspend(self, when=None):
        order = self._order()
        order.with_user(self.dispatcher).action_schedule()
        return self._execute(order, when or bog(2026, 3, 5, 9))

    def _billing_claim(self, **vals):
        return self._create_pqr(
            type_id=self.type_reclamo.id,
            causal_id=self.causal_f.id,
            service_account_id=self.account.id,
            **vals,
        )


@tagged("post_install", "-at_install")
class TestFieldOrderFlow(FieldOrderCase):
    def test_numbered_and_legal_facts_refused(self):
        order = self._order()
        self.assertRegex(order.name, r"^OC-\d{4}-\d{5}$")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.street, self.account.street)
        self.assertEqual(order.partner_id, self.customer)
        for user in (self.dispatcher, self.manager, self.env.user):
            for vals in (
                {"state": "done"},
                {"date_executed": "2026-03-05 10:00:00"},
                {"deadline": "2026-03-05 10:00:00"},
                {"name": "OC-X"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(UserError),
                ):
                    order.with_user(user).write(vals)
        with self.assertRaises(UserError):
            self.Order.with_user(self.dispatcher).create(
                {
                    "order_type": "orden_trabajo",
                    "service_account_id": self.account.id,
                    "state": "done",
                }
            )
        with self.assertRaises(UserError):
            self.account.with_user(self.manager).write({"service_state": "cut"})
        self.assertEqual(order.state, "draft")

    def test_suspension_executed_changes_the_account(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "technician and the date"):
            self._order(technician_id=False).action_schedule()
        # a technician does not schedule
        with self.assertRaises(AccessError):
            order.with_user(self.technician).action_schedule()
        order.with_user(self.dispatcher).action_schedule()
        self.assertEqual(order.state, "scheduled")
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.user_id == self.technician)
        )
        # the other technician cannot touch it; its own technician starts it
        with self.assertRaises(AccessError):
            order.with_user(self.technician_2).action_start()
        with freeze_time(bog(2026, 3, 5, 8, 30)):
            order.with_user(self.technician).action_start()
        self.assertEqual(order.state, "in_progress")
        # closing without the signature is refused, with what is missing
        with self.assertRaisesRegex(UserError, "signature"):
            order.with_user(self.technician).action_done()
        self._execute(order, bog(2026, 3, 5, 9))
        self.assertEqual(order.state, "done")
        self.assertEqual(order.date_executed, bog(2026, 3, 5, 9))
        self.assertEqual(self.account.service_state, "suspended")
        self.assertEqual(self.account.service_state_order_id, order)
        self.assertTrue(order.acta_file)
        self.assertTrue(order.acta_filename.startswith(f"Acta - {order.name}"))
        # tracked in the account's chatter
        self._flush_tracking()
        self.assertTrue(self._tracked(self.account, "service_state"))
        # what was issued is frozen
        with self.assertRaisesRegex(UserError, "closed"):
            order.with_user(self.dispatcher).write({"findings": "otro"})
        with self.assertRaisesRegex(UserError, "done: it cannot be"):
            order.with_user(self.dispatcher).action_cancel()

    def test_technician_writes_only_what_they_record(self):
        order = self._order()
        with self.assertRaises(AccessError):  # not dispatched yet: not theirs to see
            order.with_user(self.technician).write({"findings": "x"})
        order.with_user(self.dispatcher).action_schedule()
        order.with_user(self.technician).write(
            {"findings": "Medidor en buen estado", "meter_reading": 10}
        )
        for vals in (
            {"instructions": "otra cosa"},
            {"technician_id": self.technician_2.id},
            {"cause": "fraud"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                order.with_user(self.technician).write(vals)
        # the dispatcher reschedules and reassigns, but the type is fixed
        order.with_user(self.dispatcher).write(
            {
                "date_scheduled": bog(2026, 3, 6, 8),
                "technician_id": self.technician_2.id,
            }
        )
        with self.assertRaisesRegex(UserError, "scheduled"):
            order.with_user(self.dispatcher).write({"order_type": "corte"})

    def test_failed_order_posts_on_the_pqr(self):
        pqr = self._create_pqr(
            area_id=self.area.id,
            user_id=self.clerk.id,
            service_account_id=self.account.id,
        )
        order = self._order("revision_previa", request_id=pqr.id)
        order.with_user(self.dispatcher).action_schedule()
        with self.assertRaisesRegex(UserError, "why"):
            order.with_user(self.technician).action_fail(" ")
        with freeze_time(bog(2026, 3, 5, 9)):
            order.with_user(self.technician).action_fail("Nadie en el predio.")
        self.assertEqual(order.state, "failed")
        self.assertEqual(order.fail_reason, "Nadie en el predio.")
        self.assertEqual(self.account.service_state, "connected")
        message = self._messages(pqr, order.name)
        self.assertEqual(len(message), 1)
        self.assertIn("Nadie en el predio.", message.body)
        self.assertIn("no realizada", message.body)  # in the company's language
        self.assertEqual(message.attachment_ids.name, order.acta_filename)
        activity = pqr.activity_ids.filtered(lambda a: order.name in (a.summary or ""))
        self.assertEqual(activity.user_id, self.clerk)

    def test_cause_and_photos_checked(self):
        with self.assertRaisesRegex(ValidationError, "cause"):
            self._order(cause=False)
        with self.assertRaisesRegex(ValidationError, "reason"):
            self._order(cause="service_interest")
        order = self._order("orden_trabajo")
        order.with_user(self.dispatcher).action_schedule()
        text = self.env["ir.attachment"].create(
            {
                "name": "foto.jpg",
                "raw": b"MZ not an image",
                "res_model": "pqr.field.order",
                "res_id": order.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "not a photo"):
            order.with_user(self.technician).write(
                {"photo_ids": [Command.link(text.id)]}
            )
        other = self._order("orden_trabajo")
        other.with_user(self.dispatcher).action_schedule()
        photo = self.env["ir.attachment"].create(
            {
                "name": "medidor.png",
                "raw": base64.b64decode(PNG),
                "res_model": "pqr.field.order",
                "res_id": other.id,
            }
        )
        # a file of another record (e.g. a PQR's letter) is not linked as a photo
        letter = self.env["ir.attachment"].create(
            {
                "name": "carta.png",
                "raw": base64.b64decode(PNG),
                "res_model": "pqr.request",
                "res_id": self._create_pqr().id,
            }
        )
        with self.assertRaises(ValidationError) as refused:  # (rolled back)
            other.with_user(self.technician).write(
                {"photo_ids": [Command.link(letter.id)]}
            )
        self.assertIn("order itself", str(refused.exception))
        other.with_user(self.technician).write({"photo_ids": [Command.link(photo.id)]})
        self.assertEqual(other.photo_ids, photo)

    def test_order_for_a_pqr_its_author_cannot_read(self):
        pqr = self._create_pqr(service_account_id=self.account.id, area_id=self.area.id)
        with self.assertRaises(AccessError):
            self._order(
                "orden_trabajo", request_id=pqr.id, user=self.users["area_other"]
            )


@tagged("post_install", "-at_install")
class TestFieldOrderInterlock(FieldOrderCase):
    """Ley 142 de 1994 art. 155 (domain decision 8)."""

    def test_refused_while_a_billing_claim_is_pending(self):
        claim = self._billing_claim()
        order = self._order()
        with self.assertRaisesRegex(UserError, claim.name):
            order.with_user(self.dispatcher).action_schedule()
        self.assertEqual(order.state, "draft")
        # a claim about the service (group P) does not block
        claim_p = self._create_pqr(
            type_id=self.type_reclamo.id,
            causal_id=self.env["pqr.causal"]
            .search([("causal_group", "=", "P")], limit=1)
            .id,
            service_account_id=self.account.id,
        )
        self.assertFalse(
            self.env["pqr.request"]._pqr_blocking_claims(self.account) & claim_p
        )

    def test_refused_at_execution_for_an_order_scheduled_before_the_claim(self):
        order = self._order()
        order.with_user(self.dispatcher).action_schedule()
        claim = self._billing_claim()
        with self.assertRaisesRegex(UserError, claim.name):
            self._execute(order, bog(2026, 3, 5, 9))
        self.assertEqual(order.state, "scheduled")
        self.assertEqual(self.account.service_state, "connected")

    def test_allowed_once_the_decision_is_notified(self):
        claim = self._billing_claim()
        self._decide(claim, bog(2026, 3, 17, 10))
        order = self._order()
        # decided, notification pending: still blocked
        with self.assertRaisesRegex(UserError, claim.name):
            order.with_user(self.dispatcher).action_schedule()
        self._notify_personally(claim, bog(2026, 3, 18, 9))
        self.assertEqual(claim.state, "notified")
        order.with_user(self.dispatcher).action_schedule()
        self.assertEqual(order.state, "scheduled")

    def test_recurso_pending_blocks(self):
        claim = self._billing_claim()
        self._decide(claim, bog(2026, 3, 17, 10))
        self._notify_personally(claim, bog(2026, 3, 18, 9))
        recurso = claim.with_user(self.clerk)._file_recurso(
            False, bog(2026, 3, 19, 9), "No estoy de acuerdo.", "written"
        )
        order = self._order()
        with self.assertRaisesRegex(UserError, recurso.name):
            order.with_user(self.dispatcher).action_schedule()

    def test_interest_of_the_service_is_the_exception(self):
        self._billing_claim()
        order = self._order(
            cause="service_interest", cause_detail="Reparación de la red matriz."
        )
        order.with_user(self.dispatcher).action_schedule()
        self._execute(order, bog(2026, 3, 5, 9))
        self.assertEqual(self.account.service_state, "suspended")
        # a cut has no such exception
        cut = self._order("corte", cause="service_interest", cause_detail="Obras.")
        with self.assertRaises(UserError):
            cut.with_user(self.dispatcher).action_schedule()


@tagged("post_install", "-at_install")
class TestFieldOrderReconnection(FieldOrderCase):
    """Domain decision 9: within 24 clock hours of the cause removed."""

    def _suspended_for_non_payment(self):
        invoices = self._invoice(date(2026, 1, 31)) | self._invoice(date(2026, 2, 28))
        self.assertTrue(self.account.suspension_due)
        self._suspend()
        self.assertEqual(self.account.service_state, "suspended")
        return invoices

    def _restoring(self):
        return self.Order.search(
            [
                ("service_account_id", "=", self.account.id),
                ("order_type", "=", "reconexion"),
            ]
        )

    def test_payment_creates_the_reconnection(self):
        invoices = self._suspended_for_non_payment()
        # Tue 10 Mar 2026 10:30 Bogotá
        self._pay(invoices, bog(2026, 3, 10, 10, 30))
        order = self._restoring()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.date_cause_removed, bog(2026, 3, 10, 10, 30))
        # + 24 clock hours: Wed 11 Mar 10:30 Bogotá
        self.assertEqual(order.deadline, bog(2026, 3, 11, 10, 30))
        self.assertEqual(order.origin_order_id, self.account.service_state_order_id)
        lead = order.activity_ids.user_id
        self.assertEqual(lead, self.dispatcher)  # the field area's responsible

        # the hourly action: not yet late at 10:29 the next day, late at 10:31, once
        with freeze_time(bog(2026, 3, 11, 10, 29)):
            self.Order._cron_field_orders()
        self.assertFalse(order.deadline_missed)
        for hour in (bog(2026, 3, 11, 10, 31), bog(2026, 3, 12, 9)):
            with freeze_time(hour):
                self.Order._cron_field_orders()
        self.assertTrue(order.deadline_missed)
        late = order.activity_ids.filtered(lambda a: "24" in (a.summary or ""))
        self.assertEqual(len(late), 1)
        self.assertIn("24 horas", late.summary)  # Spanish, as OdooBot runs it

        # executed: connected again, the charge on a draft invoice
        order.write(
            {"technician_id": self.technician.id, "date_scheduled": bog(2026, 3, 12, 8)}
        )
        order.with_user(self.dispatcher).action_schedule()
        self._execute(order, bog(2026, 3, 12, 9))
        self.assertEqual(self.account.service_state, "connected")
        charge = order.sudo().charge_invoice_id
        self.assertEqual(charge.state, "draft")
        self.assertEqual(charge.invoice_line_ids.product_id, self.reconnection)
        self.assertEqual(charge.pqr_service_account_id, self.account)

    def test_partial_payment_creates_nothing(self):
        invoices = self._suspended_for_non_payment()
        self._pay(invoices[0], bog(2026, 3, 10, 10, 30))  # one of two overdue
        self.assertFalse(self._restoring())
        self._pay(invoices[1], bog(2026, 3, 10, 11), amount=10000)  # part of it
        self.assertFalse(self._restoring())
        self._pay(invoices[1], bog(2026, 3, 10, 12))  # the rest
        self.assertEqual(self._restoring().deadline, bog(2026, 3, 11, 12))

    def test_no_charge_for_the_company_error(self):
        invoices = self._suspended_for_non_payment()
        suspension = self.account.service_state_order_id
        with self.assertRaises(AccessError):
            suspension.with_user(self.dispatcher).action_mark_company_error()
        suspension.with_user(self.manager).action_mark_company_error()
        self._pay(invoices, bog(2026, 3, 10, 10, 30))
        order = self._restoring()
        order.with_user(self.dispatcher).write(
            {
                "technician_id": self.technician.id,
                "date_scheduled": bog(2026, 3, 10, 14),
            }
        )
        order.with_user(self.dispatcher).action_schedule()
        self._execute(order, bog(2026, 3, 10, 15))
        self.assertEqual(self.account.service_state, "connected")
        self.assertFalse(order.sudo().charge_invoice_id)

    def test_suspension_for_fraud_is_not_lifted_by_payment(self):
        invoices = self._invoice(date(2026, 1, 31))
        order = self._order(cause="fraud")
        order.with_user(self.dispatcher).action_schedule()
        self._execute(order, bog(2026, 3, 5, 9))
        self._pay(invoices, bog(2026, 3, 10, 10, 30))
        self.assertFalse(self._restoring())

    def test_batch_proposal_and_cut_after_the_term(self):
        self._invoice(date(2026, 1, 31))
        self.assertFalse(self.account.suspension_due)  # one overdue of two
        self._invoice(date(2026, 2, 28))
        due = self.env["pqr.service.account"].search([("suspension_due", "=", True)])
        self.assertIn(self.account, due)
        action = due.with_user(self.dispatcher).action_propose_suspensions()
        proposed = self.Order.search(action["domain"])
        mine = proposed.filtered(lambda o: o.service_account_id == self.account)
        self.assertEqual(mine.cause, "non_payment")
        self.assertIn("2", mine.instructions)
        # the same account is not proposed twice
        with self.assertRaises(UserError):
            self.account.with_user(self.dispatcher).action_propose_suspensions()
        mine.write(
            {"technician_id": self.technician.id, "date_scheduled": bog(2026, 3, 5, 8)}
        )
        mine.with_user(self.dispatcher).action_schedule()
        self._execute(mine, bog(2026, 3, 5, 9))
        # 30 days later (the company's term) the cut is proposed, once
        with freeze_time(bog(2026, 4, 3, 10)):
            self.Order._cron_field_orders()
        self.assertFalse(
            self.Order.search(
                [
                    ("order_type", "=", "corte"),
                    ("service_account_id", "=", self.account.id),
                ]
            )
        )
        for day in (bog(2026, 4, 4, 10), bog(2026, 4, 5, 10)):
            with freeze_time(day):
                self.Order._cron_field_orders()
        cut = self.Order.search(
            [("order_type", "=", "corte"), ("service_account_id", "=", self.account.id)]
        )
        self.assertEqual(len(cut), 1)
        self.assertEqual(cut.origin_order_id, mine)
        self.assertEqual(cut.state, "draft")


@tagged("post_install", "-at_install")
class TestFieldOrderDecision(FieldOrderCase):
    def test_open_inspection_blocks_the_decision(self):
        pqr = self._create_pqr(service_account_id=self.account.id, area_id=self.area.id)
        action = pqr.with_user(self.clerk).action_create_field_order()
        self.assertEqual(action["context"]["default_request_id"], pqr.id)
        order = self._order("revision_previa", request_id=pqr.id)
        self.assertEqual(pqr.field_order_count, 1)
        with self.assertRaisesRegex(UserError, order.name):
            self._decide(pqr, bog(2026, 3, 17, 10))
        self.assertFalse(pqr.response_number)
        # a clerk cannot allow it; a manager can, with the reason, recorded
        with self.assertRaises(AccessError):
            pqr.with_user(self.clerk).action_allow_decision_without_inspection("urge")
        with freeze_time(bog(2026, 3, 16, 9)):
            pqr.with_user(self.manager).action_allow_decision_without_inspection(
                "El usuario aportó fotografías suficientes."
            )
        self.assertEqual(pqr.field_override_uid, self.manager)
        self.assertEqual(pqr.date_field_override, bog(2026, 3, 16, 9))
        self.assertTrue(self._messages(pqr, "fotografías suficientes"))
        self._decide(pqr, bog(2026, 3, 17, 10))
        self.assertEqual(pqr.state, "notifying")

    def test_done_inspection_lets_decide(self):
        pqr = self._create_pqr(service_account_id=self.account.id, area_id=self.area.id)
        order = self._order("revision_previa", request_id=pqr.id)
        order.with_user(self.dispatcher).action_schedule()
        self._execute(order, bog(2026, 3, 5, 9), meter_reading=0)
        self._decide(pqr, bog(2026, 3, 17, 10))
        self.assertTrue(pqr.response_number)

    def test_order_must_match_the_pqr_account(self):
        other = self.env["pqr.service.account"].create(
            {"name": "0999", "partner_id": self.customer.id, "street": "Otra calle"}
        )
        pqr = self._create_pqr(service_account_id=self.account.id, area_id=self.area.id)
        with self.assertRaises(ValidationError):
            self._order("orden_trabajo", request_id=pqr.id, service_account_id=other.id)


@tagged("post_install", "-at_install")
class TestFieldOrderAccess(FieldOrderCase):
    def test_technicians_see_their_own_orders_only(self):
        pqr = self._create_pqr(service_account_id=self.account.id, area_id=self.area.id)
        mine = self._order("revision_previa", request_id=pqr.id)
        theirs = self._order("orden_trabajo", technician_id=self.technician_2.id)
        (mine | theirs).with_user(self.dispatcher).action_schedule()
        draft = self._order("orden_trabajo")  # not dispatched yet: not shown
        Order = self.Order.with_user(self.technician)
        self.assertEqual(Order.search([]), mine)
        with self.assertRaises(AccessError):
            draft.with_user(self.technician).read(["instructions"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).read(["findings"])
        # the PQR's radicado without reading the PQR, its letters or its decision
        (values,) = mine.with_user(self.technician).read(["request_name", "street"])
        self.assertEqual(values["request_name"], pqr.name)
        with self.assertRaises(AccessError):
            pqr.with_user(self.technician).read(["subject"])
        with self.assertRaises(AccessError):
            pqr.with_user(self.technician).read(["response_type_id"])
        # no invoice amounts
        invoice = self._invoice(date(2026, 1, 31))
        with self.assertRaises(AccessError):
            invoice.with_user(self.technician).read(["amount_total"])
        with self.assertRaises(AccessError):
            mine.with_user(self.technician).read(["charge_invoice_id"])
        with self.assertRaises(AccessError):
            self.account.with_user(self.technician).read(["overdue_invoice_count"])
        # and creates no order
        with self.assertRaises(AccessError):
            Order.create(
                {"order_type": "orden_trabajo", "service_account_id": self.account.id}
            )

    def test_areas_see_their_orders_managers_all(self):
        order = self._order("orden_trabajo")  # executed by the field area
        other_area_user = self.users["area_other"]
        self.assertFalse(
            self.Order.with_user(other_area_user).search([("id", "=", order.id)])
        )
        self.assertEqual(
            self.Order.with_user(self.dispatcher).search([("id", "=", order.id)]), order
        )
        for role in ("clerk", "manager", "billing"):
            self.assertEqual(
                self.Order.with_user(self.users[role]).search([("id", "=", order.id)]),
                order,
            )
        with self.assertRaises(AccessError):
            order.with_user(self.users["billing"]).write({"instructions": "x"})
        # the PQR's area sees the orders of its PQRs
        pqr = self._create_pqr(
            service_account_id=self.account.id, area_id=self.area_other.id
        )
        inspection = self._order("revision_previa", request_id=pqr.id, user=self.clerk)
        self.assertEqual(self.Order.with_user(other_area_user).search([]), inspection)


@tagged("post_install", "-at_install")
class TestFieldOrderActaAndRpc(HttpCase):
    """The acta as a real PDF (wkhtmltopdf), and the legal facts over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(
            cls.env,
            login="acta_tech",
            groups=f"{MODULE}.group_pqr_technician",
            name="Carlos Técnico",
        )
        cls.roles = {
            "area": new_test_user(
                cls.env, login="acta_area", groups=f"{MODULE}.group_pqr_area"
            ),
            "clerk": new_test_user(
                cls.env, login="acta_clerk", groups=f"{MODULE}.group_pqr_clerk"
            ),
            "manager": new_test_user(
                cls.env, login="acta_manager", groups=f"{MODULE}.group_pqr_manager"
            ),
            "tech": cls.technician,
        }
        partner = cls.env["res.partner"].create({"name": "Beatriz Usuaria"})
        cls.account = cls.env["pqr.service.account"].create(
            {"name": "0200777", "partner_id": partner.id, "street": "Carrera 7 # 12-30"}
        )

    def _order(self, order_type, **vals):
        order = self.env["pqr.field.order"].create(
            {
                "order_type": order_type,
                "service_account_id": self.account.id,
                "technician_id": self.technician.id,
                "date_scheduled": bog(2026, 3, 5, 8),
                **vals,
            }
        )
        order.action_schedule()
        return order

    def test_suspension_acta_read_back(self):
        order = self._order("suspension", cause="non_payment")
        order.with_user(self.technician).write(
            {
                "findings": "Se cerró la válvula de la acometida.",
                "meter_reading": 4521.0,
                "seals_installed": "S-7781",
                "attendee_name": "Beatriz Usuaria",
                "attendee_vat": "52111222",
                "attendee_signature": PNG,
                "technician_signature": PNG,
            }
        )
        with freeze_time(bog(2026, 3, 5, 9, 15)):
            order.with_user(self.technician).action_done()
        text = render_pdf_text(self, "report_pqr_field_order_acta", order)
        for expected in (
            "Acta de suspensión del servicio",
            order.name,
            "0200777",
            "Carrera 7 # 12-30",
            "Falta de pago",  # the cause
            "4.521,00",  # the reading, in the company's language
            "S-7781",
            "Beatriz Usuaria",
            "52111222",
            "Carlos Técnico",
            "recurso de reposición",
            "recurso de apelación",
            "cinco (5) días hábiles",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"{MODULE}.report_pqr_field_order_acta", order.ids)
        )
        reader = PdfFileReader(io.BytesIO(pdf))
        images = [
            name
            for page in reader.pages
            for name, obj in (page["/Resources"].get("/XObject") or {}).items()
            if obj.getObject().get("/Subtype") == "/Image"
        ]
        self.assertGreaterEqual(len(images), 2)  # both signatures

    def test_reconnection_acta_has_its_own_text(self):
        order = self._order("reconexion")
        order.with_user(self.technician).write(
            {
                "findings": "Se abrió la válvula.",
                "meter_reading": 4522.0,
                "attendee_name": "Beatriz Usuaria",
                "attendee_vat": "52111222",
                "attendee_signature": PNG,
            }
        )
        order.with_user(self.technician).action_done()
        text = render_pdf_text(self, "report_pqr_field_order_acta", order)
        self.assertIn("Acta de reconexión del servicio", text)
        self.assertIn("art. 142", text)
        self.assertNotIn("recurso de apelación", text)

    def test_legal_facts_refused_over_rpc(self):
        order = self._order("orden_trabajo")
        forged = {"pqr_transition": True, "import_file": True}
        attempts = [
            ("pqr.field.order", "write", [[order.id], {"state": "done"}]),
            (
                "pqr.field.order",
                "write",
                [[order.id], {"date_executed": "2026-03-05 10:00:00"}],
            ),
            ("pqr.field.order", "write", [[order.id], {"deadline_missed": True}]),
            ("pqr.field.order", "write", [[order.id], {"acta_file": PNG.decode()}]),
            (
                "pqr.service.account",
                "write",
                [[self.account.id], {"service_state": "cut"}],
            ),
            ("pqr.field.order", "_pqr_apply_to_account", [[order.id]]),
            (
                "pqr.service.account",
                "_pqr_cause_removed",
                [[self.account.id], "2026-03-05 10:00:00"],
            ),
        ]
        for role in self.roles:
            login = self.roles[role].login
            self.authenticate(login, login)
            for model, method, args in attempts:
                with (
                    self.subTest(role=role, method=method, args=args[1:]),
                    mute_logger("odoo.http"),
                    self.assertRaises(JsonRpcException),
                ):
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": {"context": forged},
                        },
                    )
        order.invalidate_recordset()
        self.account.invalidate_recordset()
        self.assertEqual(order.state, "scheduled")
        self.assertFalse(order.date_executed)
        self.assertFalse(order.acta_file)
        self.assertEqual(self.account.service_state, "connected")
        # the transition, over RPC, by the order's technician: allowed
        self.authenticate("acta_tech", "acta_tech")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "pqr.field.order",
                "method": "action_start",
                "args": [[order.id]],
                "kwargs": {},
            },
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "in_progress")


@tagged("post_install", "-at_install")
class TestFieldOrderQueries(FieldOrderCase):
    """The reconnection trigger costs the same whatever the number of invoices of
    each account (no query per invoice)."""

    def _suspended_accounts(self, count, invoices_each):
        accounts = self.env["pqr.service.account"].create(
            [
                {
                    "name": f"Q{invoices_each}-{n}",
                    "partner_id": self.customer.id,
                    "street": f"Calle {n}",
                }
                for n in range(count)
            ]
        )
        for account in accounts:
            for _i in range(invoices_each):  # billed, not yet due: not overdue
                self._invoice(date(2026, 4, 30), account=account)
        suspensions = transition(self.Order).create(
            [
                {
                    "order_type": "suspension",
                    "cause": "non_payment",
                    "service_account_id": account.id,
                    "state": "done",
                }
                for account in accounts
            ]
        )
        for account, suspension in zip(accounts, suspensions, strict=True):
            transition(account).write(
                {"service_state": "suspended", "service_state_order_id": suspension.id}
            )
        self.env.flush_all()
        return accounts

    @warmup
    def test_cause_removed_does_not_grow_with_invoices(self):
        for invoices_each in (1, 4):
            accounts = self._suspended_accounts(3, invoices_each)
            with (
                self.subTest(invoices_each=invoices_each),
                freeze_time(bog(2026, 3, 10, 10, 30)),
                self.assertQueryCount(default=CAUSE_REMOVED_3),
            ):
                orders = accounts._pqr_cause_removed(bog(2026, 3, 10, 10, 30))
                self.env.flush_all()
            self.assertEqual(len(orders), 3)
            self.assertEqual(set(orders.mapped("deadline")), {bog(2026, 3, 11, 10, 30)})


# 3 accounts: the order batch, one activity batch, the overdue and busy checks
# (measured; the 5,000-account run is in tests/benchmarks/README.md)
CAUSE_REMOVED_3 = 26
