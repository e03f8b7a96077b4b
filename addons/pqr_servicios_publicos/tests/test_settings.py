"""The Subgerente (PQR manager, not an Odoo administrator) edits the PQR office's
legal settings; nobody else does, through the form or over RPC."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PqrCase


@tagged("post_install", "-at_install")
class TestPqrSettings(PqrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.users["manager"]
        cls.company = cls.env.company

    def _open(self, user):
        Settings = self.env["pqr.settings"].with_user(user)
        return Settings.create({})

    def test_manager_is_not_an_administrator(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))

    def test_manager_reads_and_saves_the_company_settings(self):
        settings = self._open(self.manager)
        self.assertEqual(settings.company_id, self.company)
        self.assertEqual(settings.pqr_citation_days, self.company.pqr_citation_days)
        self.assertEqual(
            sorted(settings.pqr_alert_threshold_ids.mapped("days")), [0, 2, 5]
        )
        ten = self.env.ref("pqr_servicios_publicos.pqr_alert_threshold_10")
        settings.write(
            {
                "pqr_citation_days": 6,
                "pqr_closing_hour": 16.5,
                "pqr_alert_threshold_ids": [(4, ten.id)],
                "sui_dane_department": "23",
                "sui_dane_municipality": "001",
                "sui_dane_centro_poblado": "000",
            }
        )
        self.assertEqual(self.company.pqr_citation_days, 6)
        self.assertEqual(self.company.pqr_closing_hour, 16.5)
        self.assertEqual(self.company._pqr_alert_thresholds(), [10, 5, 2, 0])
        self.assertEqual(self.company.sui_dane_department, "23")
        action = settings.action_save()
        self.assertEqual(action["res_model"], "pqr.settings")
        reopened = self.env["pqr.settings"].browse(action["res_id"])
        self.assertEqual(reopened.pqr_citation_days, 6)
        self.assertEqual(
            reopened.with_context(lang="es_CO").display_name,
            "Ajustes de la oficina de PQR",
        )

    def test_the_form_opens_on_the_current_values(self):
        """As the web client opens it (defaults and onchange), then saves it."""
        self.company.pqr_recurso_days = 7
        form = Form(self.env["pqr.settings"].with_user(self.manager))
        self.assertEqual(form.pqr_recurso_days, 7)
        self.assertEqual(form.pqr_citation_days, 5)
        self.assertEqual(form.pqr_closing_hour, 17.0)
        self.assertEqual(form.pqr_calendar_id, self.company.pqr_calendar_id)
        alerts = form.pqr_alert_threshold_ids
        self.assertEqual(sorted(alerts[i].days for i in range(len(alerts))), [0, 2, 5])
        form.pqr_notice_after_days = 6
        form.save()
        self.assertEqual(self.company.pqr_notice_after_days, 6)
        self.assertEqual(self.company.pqr_recurso_days, 7)

    def test_opening_writes_nothing(self):
        """The menu opens the form without writing the company: values that no
        longer pass the checks (set before them) can still be seen and fixed."""
        self.env.cr.execute(
            "UPDATE res_company SET pqr_electronic_fallback_days = 9 WHERE id = %s",
            [self.company.id],
        )
        self.company.invalidate_recordset()
        action = self.env["pqr.settings"].with_user(self.manager).action_open()
        settings = self.env["pqr.settings"].browse(action["res_id"])
        self.assertEqual(settings.pqr_electronic_fallback_days, 9)
        with self.assertRaises(ValidationError):
            settings.with_user(self.manager).write({"pqr_citation_days": 5})
        settings.with_user(self.manager).write({"pqr_electronic_fallback_days": 2})
        self.assertEqual(self.company.pqr_electronic_fallback_days, 2)

    def test_others_cannot_change_the_settings(self):
        for role in ("clerk", "area", "technician", "billing"):
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self._open(self.users[role])
        settings = self._open(self.manager)
        with self.assertRaises(AccessError):
            settings.with_user(self.users["clerk"]).write({"pqr_citation_days": 1})
        # the company itself stays closed to the manager: only this form
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).write({"pqr_citation_days": 1})
        self.assertEqual(self.company.pqr_citation_days, 5)

    def test_alerts_are_numbers(self):
        Threshold = self.env["pqr.alert.threshold"].with_user(self.manager)
        seven_id, name = Threshold.name_create("7")
        self.assertEqual(name, "D-7")
        self.assertEqual(Threshold.name_create("D-7")[0], seven_id)
        for text in ("cinco", "5,2,0", "-1", "45", ""):
            with self.subTest(text=text), self.assertRaises(UserError):
                Threshold.name_create(text)

    def test_settings_are_validated(self):
        settings = self._open(self.manager)
        cases = [
            {"sui_dane_department": "2"},
            {"sui_dane_municipality": "0a1"},
            {"pqr_citation_days": 0},
            {"pqr_electronic_fallback_days": 5},  # not below the citation term
            {"pqr_closing_hour": 25},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    settings.write(vals)
