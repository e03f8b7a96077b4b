from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MODULE, PqrCase


@tagged("post_install", "-at_install")
class TestSecurity(PqrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pqr_area = cls._create_pqr(area_id=cls.area.id)
        cls.pqr_other = cls._create_pqr(
            area_id=cls.area_other.id, partner_id=cls.other_customer.id
        )
        cls.pqr_assigned = cls._create_pqr(
            area_id=cls.area_other.id, user_id=cls.users["technician"].id
        )

    def _visible(self, role):
        user = self.users[role] if role in self.users else role
        return (
            self.env["pqr.request"]
            .with_user(user)
            .search(
                [("id", "in", (self.pqr_area | self.pqr_other | self.pqr_assigned).ids)]
            )
        )

    def test_every_model_has_access_rules(self):
        """Each model the addon defines has access rules for groups (Odoo only
        warns), and the list of models is the one expected."""
        model_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "ir.model")])
            .mapped("res_id")
        )
        models = (
            self.env["ir.model"]
            .browse(model_ids)
            .filtered(
                lambda m: not self.env[m.model]._abstract
                and m.model
                not in (
                    "account.move",
                    "res.company",
                    "res.partner",
                    "res.config.settings",
                    "res.users",
                )
                and not m.model.startswith(("ir.", "resource."))
            )
        )
        self.assertEqual(
            sorted(models.mapped("model")),
            [
                "pqr.alert.threshold",
                "pqr.area",
                "pqr.bill.change.export",
                "pqr.causal",
                "pqr.field.order",
                "pqr.field.order.done",
                "pqr.field.order.fail",
                "pqr.financing.line",
                "pqr.financing.link",
                "pqr.financing.order",
                "pqr.notification",
                "pqr.notification.type",
                "pqr.rate.limit",
                "pqr.rebilling.cause",
                "pqr.request",
                "pqr.request.adjust.bill",
                "pqr.request.adjust.bill.line",
                "pqr.request.allow.decision",
                "pqr.request.ask.completion",
                "pqr.request.billing",
                "pqr.request.clear.silence",
                "pqr.request.close.without.bill.change",
                "pqr.request.correct.clock",
                "pqr.request.file.recurso",
                "pqr.request.recognize.sap",
                "pqr.request.register.completion",
                "pqr.request.register.notification",
                "pqr.request.sspd.decision",
                "pqr.request.transfer",
                "pqr.response.type",
                "pqr.service.account",
                "pqr.settings",
                "pqr.term.suspension",
                "pqr.type",
                "pqr.usury.rate",
            ],
        )
        for model in models:
            self.assertTrue(model.access_ids, f"{model.model} has no access rules")
            self.assertTrue(
                all(model.access_ids.mapped("group_id")),
                f"{model.model}: an access rule without a group",
            )

    def test_clerk_and_manager_see_and_create(self):
        for role in ("clerk", "manager"):
            self.assertEqual(len(self._visible(role)), 3)
            pqr = (
                self.env["pqr.request"]
                .with_user(self.users[role])
                .create(self._pqr_vals())
            )
            self.assertTrue(pqr.name.startswith("PQR-2026-"))

    def test_nobody_deletes_a_pqr(self):
        """Radicados are never reused: no group may delete a PQR."""
        for role in ("clerk", "manager", "area", "billing"):
            with self.assertRaises(AccessError):
                self.pqr_area.with_user(self.users[role]).unlink()

    def test_area_responsible_sees_only_their_areas(self):
        self.assertEqual(self._visible("area"), self.pqr_area)
        self.assertEqual(
            self._visible("area_other"), self.pqr_other | self.pqr_assigned
        )
        self.pqr_area.with_user(self.users["area"]).write({"subject": "Visita técnica"})
        with self.assertRaises(AccessError):
            self.pqr_other.with_user(self.users["area"]).write({"subject": "x"})
        with self.assertRaises(AccessError):
            self.env["pqr.request"].with_user(self.users["area"]).create(
                self._pqr_vals()
            )

    def test_every_role_opens_its_pqr_form(self):
        """The form's fields each role may read come without AccessError, with the
        PQR's values."""
        for role, pqr in (
            ("area", self.pqr_area),
            ("billing", self.pqr_area),
            ("clerk", self.pqr_area),
        ):
            user = self.users[role]
            Request = self.env["pqr.request"].with_user(user)
            readable = [
                name
                for name, field in Request._fields.items()
                if field.is_accessible(Request.env) and name != "invoice_ids"
            ]
            (values,) = pqr.with_user(user).read(readable)
            self.assertEqual(values["name"], pqr.name, role)
            self.assertEqual(values["date_deadline"], pqr.date_deadline, role)
        for role in ("billing", "clerk"):
            (values,) = self.pqr_area.with_user(self.users[role]).read(["invoice_ids"])
            self.assertEqual(values["invoice_ids"], [])

    def test_need_to_know_technician(self):
        """A technician works field orders: they read no PQR (not even one assigned
        to them), so neither its letters, decision, notification lines (receivers'
        ID numbers) nor documents; they read the photos of their own orders."""
        technician = self.users["technician"]
        pqr = self.pqr_assigned.with_user(technician)
        for fname in (
            "subject",
            "response_type_id",
            "response_body",
            "notification_ids",
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                pqr.read([fname])
        letter = self.env["ir.attachment"].create(
            {
                "name": "respuesta.pdf",
                "raw": b"%PDF-1.4 respuesta",
                "res_model": "pqr.request",
                "res_id": self.pqr_assigned.id,
            }
        )
        with self.assertRaises(AccessError):
            letter.with_user(technician).read(["raw"])
        order = self.env["pqr.field.order"].create(
            {
                "order_type": "revision_previa",
                "service_account_id": self.account.id,
                "technician_id": technician.id,
                "date_scheduled": "2026-03-05 13:00:00",
            }
        )
        order.action_schedule()
        photo = (
            self.env["ir.attachment"]
            .with_user(technician)
            .create(
                {
                    "name": "medidor.jpg",
                    "raw": b"\xff\xd8\xff photo",
                    "res_model": "pqr.field.order",
                    "res_id": order.id,
                }
            )
        )
        self.assertTrue(photo.with_user(technician).read(["raw"])[0]["raw"])
        with self.assertRaises(AccessError):
            self.env["pqr.notification"].with_user(technician).search([])
        # the area and billing read the letter
        for role in ("area_other", "billing"):
            self.assertTrue(letter.with_user(self.users[role]).read(["raw"])[0]["raw"])

    def test_need_to_know_portal(self):
        """Over RPC a portal user reads their PQR, not the draft answer nor the
        internal flags."""
        pqr = self.pqr_area.with_user(self.portal_user)
        (values,) = pqr.read(["name", "state", "date_deadline", "business_days_left"])
        self.assertEqual(values["name"], self.pqr_area.name)
        for fname in (
            "response_body",
            "response_letter",
            "is_sap",
            "sap_risk",
            "alert_threshold_done",
            "transfer_late",
            "desistimiento_due",
            "invoice_warning",
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                pqr.read([fname])

    def test_technician_reads_no_pqr(self):
        with self.assertRaises(AccessError):
            self._visible("technician")
        with self.assertRaises(AccessError):
            self.pqr_assigned.with_user(self.users["technician"]).write(
                {"subject": "x"}
            )

    def test_billing_reads_all_writes_none(self):
        self.assertEqual(len(self._visible("billing")), 3)
        with self.assertRaises(AccessError):
            self.pqr_area.with_user(self.users["billing"]).write({"subject": "x"})

    def test_plain_employee_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["pqr.request"].with_user(self.employee).search([])

    def test_portal_reads_only_own(self):
        visible = self._visible(self.portal_user)
        self.assertEqual(visible, self.pqr_area | self.pqr_assigned)
        with self.assertRaises(AccessError):
            self.pqr_other.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.pqr_area.with_user(self.portal_user).write({"subject": "x"})
        with self.assertRaises(AccessError):
            self.env["pqr.request"].with_user(self.portal_user).create(self._pqr_vals())
        accounts = (
            self.env["pqr.service.account"].with_user(self.portal_user).search([])
        )
        self.assertEqual(accounts, self.account)

    def test_catalogues_managed_by_manager_only(self):
        for role in ("clerk", "area", "billing"):
            with self.assertRaises(AccessError):
                self.type_peticion.with_user(self.users[role]).write({"term_days": 20})
        self.type_peticion.with_user(self.users["manager"]).write({"term_days": 20})
        self.assertEqual(self.type_peticion.term_days, 20)

    def test_suspension_approval_is_for_managers(self):
        suspension = (
            self.env["pqr.term.suspension"]
            .with_user(self.users["clerk"])
            .create(
                {
                    "request_id": self.pqr_area.id,
                    "reason": "evidence",
                    "description": "Se decretó visita técnica.",
                    "date_start": "2026-03-09",
                    "date_end": "2026-03-13",
                    "attachment_ids": [
                        (0, 0, {"name": "auto.pdf", "raw": b"%PDF-1.4 evidence"})
                    ],
                }
            )
        )
        with self.assertRaises(AccessError):
            suspension.with_user(self.users["clerk"]).action_approve()
        with self.assertRaises(UserError):
            suspension.with_user(self.users["clerk"]).write({"state": "approved"})
        self.assertEqual(suspension.state, "draft")
        suspension.with_user(self.users["manager"]).action_approve()
        self.assertEqual(suspension.state, "approved")

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Aguas del Norte"})
        foreign = self._create_pqr(company_id=other_company.id)
        self.assertEqual(foreign.name, "PQR-2026-000001")
        visible = (
            self.env["pqr.request"]
            .with_user(self.users["clerk"])
            .search([("id", "=", foreign.id)])
        )
        self.assertFalse(visible)
