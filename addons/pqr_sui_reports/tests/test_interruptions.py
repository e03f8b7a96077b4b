"""The register of suspensions and interruptions, and its monthly export. Times are
Bogotá's (UTC-5); March 2026."""

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.pqr_servicios_publicos.tests.test_field_orders import FieldOrderCase
from odoo.addons.pqr_servicios_publicos.tests.test_resolution import bog

from .test_formato_a import SuiCase


@tagged("post_install", "-at_install")
class TestRegisterFromFieldOrders(FieldOrderCase):
    def test_suspension_opens_and_reconnection_closes(self):
        invoices = self._invoice(date(2026, 1, 31)) | self._invoice(date(2026, 2, 28))
        suspension = self._suspend(bog(2026, 3, 5, 9))
        Register = self.env["sui.service.interruption"]
        entry = Register.search([("field_order_ids", "in", suspension.ids)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.origin, "field_order")
        self.assertEqual(entry.date_start, bog(2026, 3, 5, 9))
        self.assertFalse(entry.date_end)
        self.assertEqual(entry.service_account_ids, self.account)
        self.assertEqual(entry.users_affected, 1)
        self.assertEqual(entry.service, "acueducto")
        self.assertEqual(entry.cause, "Falta de pago (Ley 142 art. 140)")
        self.assertEqual(entry.name, f"Suspensión {suspension.name}")
        self._pay(invoices, bog(2026, 3, 10, 10, 30))
        reconnection = self.Order.search(
            [
                ("service_account_id", "=", self.account.id),
                ("order_type", "=", "reconexion"),
            ]
        )
        self.assertEqual(len(reconnection), 1, "the payment created it")
        reconnection.write(
            {"technician_id": self.technician.id, "date_scheduled": bog(2026, 3, 11, 8)}
        )
        reconnection.with_user(self.dispatcher).action_schedule()
        self._execute(reconnection, bog(2026, 3, 11, 9, 30))
        self.assertEqual(entry.date_end, bog(2026, 3, 11, 9, 30))
        self.assertEqual(entry.duration_hours, 144.5)
        self.assertEqual(entry.field_order_ids, suspension | reconnection)
        # the links and the origin are the orders', not the clerk's
        clerk_entry = entry.with_user(self.clerk)
        for vals in ({"origin": "manual"}, {"field_order_ids": [(5, 0, 0)]}):
            with self.assertRaises(UserError):
                clerk_entry.write(vals)


@tagged("post_install", "-at_install")
class TestInterruptionsReport(SuiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Register = cls.env["sui.service.interruption"].with_user(cls.clerk)
        cls.scheduled = Register.create(
            {
                "name": "Cambio de válvula, Calle 10",
                "scheduled": True,
                "date_start": bog(2026, 3, 10, 8),
                "date_end": bog(2026, 3, 10, 14, 30),
                "cause": "Mantenimiento programado",
                "sector": "Barrio El Centro",
                "users_affected": 240,
                "notice_given": True,
                "date_notice": bog(2026, 3, 7, 9),
            }
        )
        # under way at the month's end: ends 1 Apr 06:00
        cls.unexpected = Register.create(
            {
                "name": "Daño en la conducción",
                "date_start": bog(2026, 3, 31, 20),
                "date_end": bog(2026, 4, 1, 6),
                "cause": "Daño imprevisto",
                "service_account_ids": [(6, 0, (cls.account | cls.account_rural).ids)],
            }
        )
        # from February into March: counted in March
        cls.long = Register.create(
            {
                "name": "Sequía",
                "date_start": bog(2026, 2, 27, 6),
                "date_end": bog(2026, 3, 2, 18),
                "cause": "Racionamiento por sequía",
                "users_affected": 1200,
            }
        )
        # left out: ended in February, another service
        Register.create(
            {
                "name": "Febrero",
                "date_start": bog(2026, 2, 3, 6),
                "date_end": bog(2026, 2, 3, 9),
                "cause": "Reparación",
                "users_affected": 10,
            }
        )
        Register.create(
            {
                "name": "Alcantarillado",
                "service": "alcantarillado",
                "date_start": bog(2026, 3, 12, 6),
                "date_end": bog(2026, 3, 12, 9),
                "cause": "Reparación del colector",
                "users_affected": 30,
            }
        )

    def test_month_cell_by_cell(self):
        report = self._report(kind="interruptions")
        self.assertEqual(
            report.layout_id, self.env.ref("pqr_sui_reports.sui_layout_interruptions")
        )
        report.action_validate()
        self.assertFalse(report.finding_ids.mapped("message"))
        report.action_export()
        self.assertEqual(
            report.csv_attachment_id.name, "Suspensiones_2026_03_acueducto.csv"
        )
        rows = self._read_csv(report)
        self.assertEqual(
            rows,
            [
                [
                    "Código Departamento",
                    "Código Municipio",
                    "Código Centro Poblado",
                    "Programada",
                    "Fecha inicio",
                    "Hora inicio",
                    "Fecha fin",
                    "Hora fin",
                    "Duración (horas)",
                    "Causa",
                    "Sector",
                    "Usuarios afectados",
                    "Aviso previo",
                    "Fecha del aviso",
                    "Órdenes",
                ],
                # 27 Feb 06:00 to 2 Mar 18:00: 84 hours
                ["23", "001", "000", "N", "27-02-2026", "06:00", "02-03-2026",
                 "18:00", "84.00", "Racionamiento por sequía", "", "1200", "N", "",
                 ""],
                ["23", "001", "000", "S", "10-03-2026", "08:00", "10-03-2026",
                 "14:30", "6.50", "Mantenimiento programado", "Barrio El Centro",
                 "240", "S", "07-03-2026", ""],
                # two accounts with different DANE codes: the company's; the end
                # (1 Apr) was not known on 31 Mar
                ["23", "001", "000", "N", "31-03-2026", "20:00", "", "", "",
                 "Daño imprevisto", "", "2", "N", "", ""],
            ],
        )  # fmt: skip

    def test_findings(self):
        self.scheduled.write({"notice_given": False})
        self.long.write({"users_affected": 0})
        report = self._report(kind="interruptions")
        report.action_validate()
        self.assertEqual(
            sorted((f.interruption_id.name, f.message) for f in report.finding_ids),
            sorted(
                [
                    (
                        "Cambio de válvula, Calle 10",
                        "Una interrupción programada sin aviso a los usuarios.",
                    ),
                    (
                        "Sequía",
                        "Ningún usuario afectado: liste las cuentas o ingrese el "
                        "número.",
                    ),
                ]
            ),
        )
        self.scheduled.write({"notice_given": True, "date_notice": bog(2026, 3, 10, 9)})
        report.action_validate()
        self.assertIn(
            "El aviso de una interrupción programada es posterior a su inicio.",
            report.finding_ids.mapped("message"),
        )
        action = report.finding_ids[:1].action_open_request()
        self.assertEqual(action["res_model"], "sui.service.interruption")

    def test_register_checks_and_access(self):
        Register = self.env["sui.service.interruption"]
        with self.assertRaises(ValidationError):
            Register.create(
                {
                    "name": "Al revés",
                    "date_start": datetime(2026, 3, 10, 12),
                    "date_end": datetime(2026, 3, 10, 11),
                    "cause": "Prueba",
                }
            )
        with self.assertRaises(UserError):
            Register.create(
                {
                    "name": "Con orden",
                    "date_start": datetime(2026, 3, 10, 12),
                    "cause": "Prueba",
                    "origin": "field_order",
                    "field_order_ids": [(6, 0, [1])],
                }
            )
        imported = Register.with_context(import_file=True).create(
            {"name": "Importada", "date_start": datetime(2026, 3, 10, 12), "cause": "X"}
        )
        self.assertEqual(imported.origin, "import")
        forged = Register.create(
            {
                "name": "Forjada",
                "date_start": datetime(2026, 3, 10, 12),
                "cause": "X",
                "origin": "field_order",
            }
        )
        self.assertEqual(forged.origin, "manual")
        for role in ("area", "technician", "billing"):
            with self.assertRaises(AccessError):
                self.scheduled.with_user(self.users[role]).read(["name"])
        with self.assertRaises(AccessError):
            self.scheduled.with_user(self.portal_user).read(["name"])
