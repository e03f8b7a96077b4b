"""Formato A for a month worked out by hand: March 2026 (holiday: Mon 23 Mar, San
José), company DANE codes 23 / 001 / 000, service acueducto."""

import csv
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.pqr_servicios_publicos.tests.test_resolution import (
    ResolutionCase,
    bog,
)

MODULE = "pqr_servicios_publicos"
# queries of action_validate for a month, whatever its number of rows
VALIDATE_QUERIES = 14
HEADERS = [
    "Código Departamento",
    "Código Municipio",
    "Código Centro Poblado",
    "Radicado recibido",
    "Fecha radicación",
    "Tipo de trámite",
    "Causal",
    "Detalle de la causal",
    "Número de cuenta",
    "Número o identificador de factura",
    "Tipo respuesta",
    "Fecha respuesta",
    "Radicado respuesta",
    "Fecha notificación",
    "Tipo de notificación",
    "Fecha traslado a la SSPD",
]


class SuiCase(ResolutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "sui_dane_department": "23",
                "sui_dane_municipality": "001",
                "sui_dane_centro_poblado": "000",
            }
        )
        cls.causal_p = cls.env.ref(f"{MODULE}.pqr_causal_p304")
        cls.causal_f = cls.env.ref(f"{MODULE}.pqr_causal_f102")
        cls.causal_appeal = cls.env.ref(f"{MODULE}.pqr_causal_p309")
        cls.account_rural = cls.env["pqr.service.account"].create(
            {
                "name": "0200777",
                "partner_id": cls.customer.id,
                "street": "Vereda El Limón",
                "estrato": "1",
                "dane_code": "23162004",
            }
        )
        cls.authority = cls.env["res.partner"].create(
            {
                "name": "Empresa de Energía de Córdoba",
                "is_company": True,
                "email": "pqr@energia.example.com",
            }
        )

    def _filed(self, when, **vals):
        vals.setdefault("causal_id", self.causal_p.id)
        vals.setdefault("service_account_id", self.account.id)
        return self._create_pqr(date_received=when, **vals)

    def _report(self, user=None, month=3, **vals):
        last = {2: 28, 3: 31, 4: 30}[month]
        return (
            self.env["sui.report"]
            .with_user(user or self.clerk)
            .create(
                {
                    "service": "acueducto",
                    "date_from": date(2026, month, 1),
                    "date_to": date(2026, month, last),
                    **vals,
                }
            )
        )

    def _read_csv(self, report, encoding="utf-8", delimiter=","):
        text = report.csv_attachment_id.raw.decode(encoding)
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@tagged("post_install", "-at_install")
class TestFormatoA(SuiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_feb = cls._invoice(date(2026, 2, 10))
        cls.invoice_mar = cls._invoice(date(2026, 3, 2))

    @classmethod
    def _invoice(cls, day):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Consumo de acueducto", "price_unit": 45000}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _month(self):
        """The PQRs of the hand-made month, by letter."""
        pqrs = {}
        # C: filed Mon 2 Feb, 15 business days: deadline Mon 23 Feb; no answer
        pqrs["C"] = self._filed(bog(2026, 2, 2, 10))
        # J: filed Tue 10 Feb, decided 24 Feb, notified Mon 2 Mar (in the month)
        pqrs["J"] = self._decide(
            self._filed(bog(2026, 2, 10, 10)), bog(2026, 2, 24, 10)
        )
        self._notify_personally(pqrs["J"], bog(2026, 3, 2, 9))
        # K: January's, decided and notified in February: not in March
        pqrs["K"] = self._decide(
            self._filed(bog(2026, 1, 13, 10)), bog(2026, 1, 27, 10)
        )
        self._notify_personally(pqrs["K"], bog(2026, 2, 3, 9))
        # A: filed Tue 3 Mar, decided 17 Mar (no accede), notified Fri 20 Mar, on
        # the rural account (its own DANE code), on a cause appealed to the SSPD
        pqrs["A"] = self._decide(
            self._filed(
                bog(2026, 3, 3, 10),
                service_account_id=self.account_rural.id,
                causal_id=self.causal_appeal.id,
            ),
            bog(2026, 3, 17, 10),
            response=3,
        )
        self._notify_personally(pqrs["A"], bog(2026, 3, 20, 9))
        # E: filed Thu 5 Mar, transferred Mon 9 Mar for lack of competence
        pqrs["E"] = self._filed(bog(2026, 3, 5, 10))
        with freeze_time(bog(2026, 3, 9, 10)):
            pqrs["E"].with_user(self.clerk).action_transfer_competence(
                self.authority.id, "<p>Energía eléctrica.</p>"
            )
        # B: a billing claim filed Tue 10 Mar on two invoices, decided Fri 27 Mar,
        # notified Thu 2 Apr (after the month)
        pqrs["B"] = self._filed(
            bog(2026, 3, 10, 10),
            type_id=self.type_reclamo.id,
            causal_id=self.causal_f.id,
            invoice_ids=[Command.set((self.invoice_mar | self.invoice_feb).ids)],
        )
        self._decide(pqrs["B"], bog(2026, 3, 27, 10), response=1)
        self._notify_personally(pqrs["B"], bog(2026, 4, 2, 9))
        # F: apelación against A filed Wed 25 Mar, confirmed Fri 27 Mar, notified
        # the same day, sent to the SSPD Mon 30 Mar
        with freeze_time(bog(2026, 3, 25, 10)):
            pqrs["F"] = (
                pqrs["A"].with_user(self.clerk).action_file_recurso(apelacion=True)
            )
        self._decide(pqrs["F"], bog(2026, 3, 27, 10), response=4)
        self._notify_personally(pqrs["F"], bog(2026, 3, 27, 15))
        with freeze_time(bog(2026, 3, 30, 10)):
            pqrs["F"].with_user(self.clerk).action_transfer_sspd()
        # D: filed Thu 26 Mar, its term runs into April
        pqrs["D"] = self._filed(bog(2026, 3, 26, 10))
        # left out: another service, another company, April, a type not reported
        pqrs["sewer"] = self._filed(
            bog(2026, 3, 12, 10), service="sewer", causal_id=self.causal_appeal.id
        )
        other = self.env["res.company"].create({"name": "Otra E.S.P."})
        self.clerk.company_ids = [Command.link(other.id)]
        pqrs["other"] = self._filed(
            bog(2026, 3, 12, 10), company_id=other.id, service_account_id=False
        )
        pqrs["april"] = self._filed(bog(2026, 4, 1, 10))
        pqrs["consulta"] = self._filed(
            bog(2026, 3, 12, 10),
            type_id=self.env.ref(f"{MODULE}.pqr_type_consulta").id,
        )
        return pqrs

    def test_month_cell_by_cell(self):
        p = self._month()
        self.assertEqual(p["C"].date_deadline, date(2026, 2, 23))
        self.assertEqual(p["D"].date_deadline, date(2026, 4, 20))
        report = self._report()
        self.assertEqual(
            report.layout_id, self.env.ref("pqr_sui_reports.sui_layout_formato_a")
        )
        report.action_validate()
        self.assertEqual(report.state, "validated")
        self.assertFalse(report.finding_ids.mapped("message"))
        self.assertEqual(report.line_count, 7)
        with freeze_time(bog(2026, 4, 3, 9)):
            report.action_export()
        self.assertEqual(report.state, "exported")
        self.assertEqual(
            report.csv_attachment_id.name, "Formato_A_2026_03_acueducto.csv"
        )
        rows = self._read_csv(report)

        def row(pqr, response, notification, sspd=""):
            dane = (
                ["23", "162", "004"]
                if pqr.service_account_id == self.account_rural
                else ["23", "001", "000"]
            )
            return [
                *dane,
                pqr.name,
                pqr.date_filed.strftime("%d-%m-%Y"),
                pqr.type_id.sui_code,
                pqr.causal_id.causal_group,
                pqr.causal_id.code,
                pqr.service_account_id.name,
                pqr.invoice_ids and self.invoice_mar.name or "N",
                *response,
                *notification,
                sspd,
            ]

        answer = lambda pqr: [  # noqa: E731
            pqr.response_type_id.code,
            pqr.date_response.strftime("%d-%m-%Y"),
            pqr.response_number,
        ]
        expected = [
            HEADERS,
            # filing order: 2 Feb, 10 Feb, 3 Mar, 5 Mar, 10 Mar, 25 Mar, 26 Mar
            row(p["C"], ["10", "", ""], ["", "3"]),
            row(p["J"], answer(p["J"]), ["02-03-2026", "1"]),
            row(p["A"], answer(p["A"]), ["20-03-2026", "1"]),
            row(p["E"], ["8", "09-03-2026", p["E"].response_number], ["", "3"]),
            row(p["B"], answer(p["B"]), ["", ""]),
            row(p["F"], answer(p["F"]), ["27-03-2026", "1"], "30-03-2026"),
            row(p["D"], ["9", "", ""], ["", "3"]),
        ]
        self.assertEqual(rows, expected)
        # spot checks of the hand-made values
        self.assertEqual(rows[3][:3], ["23", "162", "004"])
        self.assertEqual(rows[3][10:13], ["3", "17-03-2026", p["A"].response_number])
        self.assertEqual(rows[5][9], self.invoice_mar.name, "the latest invoice")
        self.assertEqual(rows[6][5], "5", "an apelación")
        self.assertEqual(rows[6][15], "30-03-2026")
        # the workbook: rows, findings, totals by cause
        book = openpyxl.load_workbook(io.BytesIO(report.xlsx_attachment_id.raw))
        self.assertEqual(book.sheetnames, ["Filas", "Hallazgos", "Totales por causal"])
        self.assertEqual(
            [
                ["" if cell is None else cell for cell in line]
                for line in book["Filas"].iter_rows(values_only=True)
            ],
            expected,
        )
        totals = list(book["Totales por causal"].iter_rows(values_only=True))
        self.assertEqual(
            totals[1:],
            [
                ("F", "102", self.causal_f.name, 1),
                ("P", "304", self.causal_p.name, 4),
                ("P", "309", self.causal_appeal.name, 2),
                ("Total", None, None, 7),
            ],
        )
        self.assertEqual(len(report.csv_sha256), 64)

    def test_as_it_stood_at_the_periods_end(self):
        """February's report, exported in April: C's deadline (23 Feb) had passed
        on the 28th (10, unanswered); J was decided, not yet notified; K was
        notified in February; nothing filed in March is in it."""
        p = self._month()
        report = self._report(month=2)
        report.action_validate()
        with freeze_time(bog(2026, 4, 3, 9)):
            report.action_export()
        rows = self._read_csv(report)[1:]
        # filing order: K 13 Jan, C 2 Feb, J 10 Feb
        self.assertEqual([r[3] for r in rows], [p["K"].name, p["C"].name, p["J"].name])
        self.assertEqual(rows[0][13:15], ["03-02-2026", "1"])
        self.assertEqual(rows[1][10:15], ["10", "", "", "", "3"])
        self.assertEqual(
            rows[2][10:15],
            ["1", "24-02-2026", p["J"].response_number, "", ""],
            "decided, not notified at the end of February",
        )


@tagged("post_install", "-at_install")
class TestFormatoAValidation(SuiCase):
    """The findings are kept in the office's language (es_CO), whoever validates."""

    def _findings(self, report):
        report.action_validate()
        return [(f.request_id, f.column, f.message) for f in report.finding_ids]

    def test_each_rule_has_its_finding(self):
        # the catalogue edited after the filing (the ORM checks it at filing)
        sewer_only = self.causal_p.copy({"code": "399"})
        old = self.causal_p.copy({"code": "398"})
        no_cause = self._filed(bog(2026, 3, 3, 10), causal_id=False)
        wrong_service = self._filed(bog(2026, 3, 4, 10), causal_id=sewer_only.id)
        expired = self._filed(bog(2026, 3, 5, 10), causal_id=old.id)
        sewer_only.write({"applies_water": False, "applies_sewer": True})
        old.date_to = date(2026, 3, 1)
        report = self._report()
        found = self._findings(report)
        self.assertIn((no_cause, False, "Falta la causal."), found)
        self.assertIn(
            (no_cause, "Causal", "La columna es obligatoria y está vacía."), found
        )
        self.assertIn(
            (
                wrong_service,
                False,
                f"La causal {sewer_only.display_name} no aplica al servicio Acueducto.",
            ),
            found,
        )
        self.assertIn(
            (
                expired,
                False,
                f"La causal {old.display_name} no estaba vigente en la fecha de "
                "radicación 05-03-2026.",
            ),
            found,
        )
        with self.assertRaises(UserError) as caught:
            report.action_export()
        self.assertIn("findings block the export", str(caught.exception))
        self.assertEqual(report.state, "validated")
        self.assertFalse(report.csv_attachment_id)

    def test_dates_and_codes(self):
        pqr = self._decide(self._filed(bog(2026, 3, 3, 10)), bog(2026, 3, 17, 10))
        self._notify_personally(pqr, bog(2026, 3, 20, 9))
        recurso_type = self.env.ref(f"{MODULE}.pqr_type_recurso_reposicion")
        orphan = self._filed(bog(2026, 3, 6, 10), type_id=recurso_type.id)
        report = self._report()
        self.assertEqual(
            self._findings(report),
            [(orphan, False, "Un recurso sin la decisión que impugna.")],
        )
        # facts the office could not record, written in the database (an import,
        # a repair): the report still refuses them
        self.env.cr.execute(
            "UPDATE pqr_request SET date_notified = '2026-03-16', notification_type_id"
            " = NULL WHERE id = %s",
            (pqr.id,),
        )
        pqr.invalidate_recordset()
        found = self._findings(report)
        self.assertIn((pqr, False, "Notificada sin tipo de notificación."), found)
        self.assertIn(
            (pqr, False, "La notificación tiene fecha anterior a la respuesta."), found
        )
        self.env.cr.execute(
            "UPDATE pqr_request SET date_response = '2026-03-02' WHERE id = %s",
            (pqr.id,),
        )
        pqr.invalidate_recordset()
        found = self._findings(report)
        self.assertIn(
            (pqr, False, "La respuesta tiene fecha anterior a la radicación."), found
        )
        self.env.cr.execute(
            "UPDATE pqr_request SET response_type_id = NULL,"
            " date_sspd_transfer = '2026-03-01' WHERE id = %s",
            (pqr.id,),
        )
        pqr.invalidate_recordset()
        found = self._findings(report)
        self.assertIn((pqr, False, "Decidida sin tipo de respuesta."), found)
        self.assertIn(
            (
                pqr,
                False,
                "El expediente se envió a la SSPD antes de radicar o decidir la PQR.",
            ),
            found,
        )
        self.assertIn(
            (pqr, "Tipo respuesta", "La columna es obligatoria y está vacía."), found
        )
        # a code not allowed
        self.env.ref(
            "pqr_sui_reports.sui_layout_formato_a_col_06"
        ).allowed_codes = "1,2,3"
        found = self._findings(report)
        self.assertIn(
            (
                orphan,
                "Tipo de trámite",
                "4 no es uno de los códigos permitidos (1, 2, 3).",
            ),
            found,
        )

    @mute_logger("odoo.models.unlink")
    def test_export_anyway_and_reexport_need_a_manager(self):
        self._filed(bog(2026, 3, 3, 10), causal_id=False)
        report = self._report()
        report.action_validate()
        with self.assertRaises(AccessError):
            report.action_export("Lo exige la Superintendencia hoy.")
        with freeze_time(bog(2026, 4, 3, 9)):
            report.with_user(self.manager).action_export(
                "Lo exige la Superintendencia hoy."
            )
        self.assertEqual(
            report.export_justification, "Lo exige la Superintendencia hoy."
        )
        first = report.csv_attachment_id
        with self.assertRaises(UserError):  # not before the export, not in the future
            report.action_certify(date(2026, 4, 2), "SUI-123")
        report.action_certify(date(2026, 4, 3), "SUI-123")
        self.assertEqual(report.state, "certified")
        with self.assertRaises(UserError):
            report.action_export()
        with self.assertRaises(AccessError):
            report.action_reexport("Corrección")
        with self.assertRaises(UserError):
            report.with_user(self.manager).action_reexport("  ")
        report.with_user(self.manager).action_reexport("Corrección del causal")
        self.assertEqual(report.state, "exported")
        self.assertNotEqual(report.csv_attachment_id, first)
        self.assertTrue(first.exists(), "the earlier file is kept")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "sui.report"), ("res_id", "=", report.id)]
            ),
            4,
        )
        with self.assertRaises(UserError):
            report.with_user(self.manager).unlink()


@tagged("post_install", "-at_install")
class TestSuiLayouts(SuiCase):
    def test_copied_layout_exports_accordingly(self):
        pqr = self._decide(self._filed(bog(2026, 3, 3, 10)), bog(2026, 3, 17, 10))
        self._notify_personally(pqr, bog(2026, 3, 20, 9))
        shipped = self.env.ref("pqr_sui_reports.sui_layout_formato_a")
        layout = shipped.with_user(self.manager).copy(
            {
                "name": "Formato A 2026",
                "date_from": date(2026, 1, 1),
                "date_format": "%Y/%m/%d",
                "separator": "semicolon",
                "header": False,
                "encoding": "cp1252",
                "filename_pattern": "{company}_A_{year}{month:02d}.txt",
            }
        )
        self.assertEqual(len(layout.column_ids), 16)
        layout.column_ids.filtered(lambda c: c.source == "invoice_number").unlink()
        layout.column_ids = [
            Command.create(
                {
                    "sequence": 999,
                    "header": "Documento",
                    "source": "partner_id.vat",
                    "value_type": "char",
                }
            )
        ]
        report = self._report()
        self.assertEqual(report.layout_id, layout, "the latest valid on 31 Mar")
        report.action_validate()
        with freeze_time(bog(2026, 4, 3, 9)):
            report.action_export()
        self.assertEqual(
            report.csv_attachment_id.name,
            f"{self.company.vat or self.company.id}_A_202603.txt",
        )
        rows = self._read_csv(report, encoding="cp1252", delimiter=";")
        self.assertEqual(len(rows), 1, "no header row")
        self.assertEqual(len(rows[0]), 16)
        self.assertEqual(rows[0][4], "2026/03/03")
        self.assertEqual(rows[0][9:12], ["1", "2026/03/17", pqr.response_number])
        self.assertEqual(rows[0][-1], "1020304050")
        self.assertTrue(report.csv_attachment_id.raw.endswith(b"\r\n"))
        # the shipped layout is unchanged
        self.assertEqual(len(shipped.column_ids), 16)
        self.assertTrue(shipped.header)

    def test_utf8_header_and_encoding_findings(self):
        pqr = self._filed(bog(2026, 3, 3, 10))
        report = self._report()
        report.action_validate()
        with freeze_time(bog(2026, 4, 3, 9)):
            report.action_export()
        raw = report.csv_attachment_id.raw
        self.assertTrue(raw.startswith("Código Departamento,".encode()))
        self.assertEqual(self._read_csv(report)[1][3], pqr.name)
        ascii_layout = self.env.ref("pqr_sui_reports.sui_layout_formato_a").copy(
            {"encoding": "ascii", "date_from": date(2026, 1, 1)}
        )
        ascii_layout.column_ids.filtered(
            lambda c: c.source == "radicado"
        ).source = "partner_id.name"
        self.customer.name = "Ana Suscriptora Muñoz"
        report2 = self._report(service="acueducto", month=4)
        self._filed(bog(2026, 4, 6, 10))
        report2.action_validate()
        self.assertIn(
            "Ana Suscriptora Muñoz no se puede escribir en ascii.",
            report2.finding_ids.mapped("message"),
        )

    def test_identical_rows(self):
        """A layout that leaves out what tells two PQRs apart writes identical
        rows: the SUI refuses them."""
        layout = self.env.ref("pqr_sui_reports.sui_layout_formato_a").copy(
            {"date_from": date(2026, 1, 1)}
        )
        layout.column_ids.filtered(
            lambda c: c.source == "radicado"
        ).source = "partner_id.vat"
        first = self._filed(bog(2026, 3, 3, 10))
        second = self._filed(bog(2026, 3, 3, 11))
        report = self._report()
        report.action_validate()
        self.assertEqual(
            [(f.request_id, f.message) for f in report.finding_ids],
            [
                (first, "Otra fila del archivo es idéntica."),
                (second, "Otra fila del archivo es idéntica."),
            ],
        )

    def test_column_types_widths_and_placeholders(self):
        """How each column type is written, by PostgreSQL, from the layout: dates
        in its format (literal text kept), decimals with its separator, integers
        and codes padded to the width (a longer value kept whole), texts cut to
        it, booleans S/N, empty values as the placeholder."""
        pqr = self._filed(bog(2026, 3, 3, 10))
        pqr.partner_id.ref = "12"
        layout = self.env.ref("pqr_sui_reports.sui_layout_formato_a").copy(
            {
                "date_from": date(2026, 1, 1),
                "date_format": '%Y "%j" día %d/%m %%',
                "decimal_separator": ",",
                "header": False,
            }
        )
        layout.column_ids.unlink()
        specs = [
            ("date_filed", "date", 0, ""),
            ("amount_invoiced", "decimal", 0, ""),
            ("partner_id.id", "integer", 9, ""),
            ("partner_id.ref", "code", 4, ""),
            ("radicado", "code", 3, ""),
            ("partner_id.name", "char", 3, ""),
            ("partner_id.active", "char", 0, ""),
            ("response_number", "char", 0, "SIN"),
            ("date_response", "date", 0, ""),
        ]
        layout.column_ids = [
            Command.create(
                {
                    "sequence": index,
                    "header": source,
                    "source": source,
                    "value_type": value_type,
                    "width": width,
                    "placeholder": placeholder,
                }
            )
            for index, (source, value_type, width, placeholder) in enumerate(specs)
        ]
        report = self._report()
        with freeze_time(bog(2026, 4, 3, 9)):
            report.with_user(self.manager).action_export(justification="prueba")
        [row] = self._read_csv(report)
        self.assertEqual(
            row,
            [
                '2026 "062" día 03/03 %',
                "0,00",
                str(pqr.partner_id.id).zfill(9),
                "0012",
                pqr.name,
                pqr.partner_id.name[:3],
                "S",
                "SIN",
                "",
            ],
        )

    def test_layout_checks(self):
        layout = self.env.ref("pqr_sui_reports.sui_layout_formato_a")
        with self.assertRaises(ValidationError):
            layout.copy({"date_format": "dd-mm-yyyy"})
        with self.assertRaises(ValidationError, msg="%B is not written"):
            layout.copy({"date_format": "%d de %B"})
        with self.assertRaises(ValidationError, msg="not through a many-to-many"):
            layout.column_ids[:1].source = "invoice_ids.name"
        with self.assertRaises(ValidationError, msg="not a computed field"):
            layout.column_ids[:1].source = "partner_id.display_name"
        # the rows are read as superuser: a field the manager may not read is
        # refused to them
        copy = layout.with_user(self.manager).copy()
        copy.column_ids[:1].source = "partner_id.vat"
        self.patch(
            self.env["res.partner"]._fields["vat"], "groups", "base.group_system"
        )
        with self.assertRaises(ValidationError):
            copy.column_ids[1:2].source = "partner_id.vat"
        with self.assertRaises(ValidationError):
            layout.copy({"filename_pattern": "A_{anio}.csv"})
        with self.assertRaises(ValidationError):
            layout.copy({"filename_pattern": "../A_{year}.csv"})
        with self.assertRaises(ValidationError):
            layout.column_ids[:1].source = "no_such_field"
        with self.assertRaises(ValidationError):
            self._report(date_to=date(2026, 3, 30))


@tagged("post_install", "-at_install")
class TestSuiSecurity(SuiCase):
    def test_states_only_through_the_methods(self):
        report = self._report()
        for vals in (
            {"state": "certified"},
            {"line_count": 3},
            {"csv_sha256": "0" * 64},
            {"date_certified": "2026-04-03"},
        ):
            for user in (self.clerk, self.manager):
                with self.assertRaises(UserError):
                    report.with_user(user).write(vals)
        with self.assertRaises(UserError):
            self.env["sui.report"].create(
                {
                    "service": "aseo",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                    "state": "exported",
                }
            )
        self._filed(bog(2026, 3, 3, 10))
        report.action_validate()
        with freeze_time(bog(2026, 4, 3, 9)):
            report.action_export()
        with self.assertRaises(UserError):  # an exported period is fixed
            report.write({"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)})

    def test_others_see_nothing(self):
        report = self._report()
        for role in ("area", "technician", "billing"):
            user = self.users[role]
            with self.assertRaises(AccessError):
                report.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["sui.layout"].with_user(user).search([])
        with self.assertRaises(AccessError):
            report.with_user(self.portal_user).read(["name"])
        # clerks read layouts; only managers change them
        layout = self.env.ref("pqr_sui_reports.sui_layout_formato_a")
        with self.assertRaises(AccessError):
            layout.with_user(self.clerk).write({"header": False})
        layout.with_user(self.manager).write({"header": False})
        menu = self.env.ref("pqr_sui_reports.sui_menu_root")
        self.assertEqual(
            menu.groups_id, self.env.ref(f"{MODULE}.group_pqr_clerk"), "clerks and up"
        )


@tagged("post_install", "-at_install")
class TestSuiCron(SuiCase):
    def test_drafts_the_month_on_its_first_business_day(self):
        """April 2026 reported from Mon 4 May (Fri 1 May is a holiday)."""
        self._filed(bog(2026, 4, 6, 10))
        self._filed(
            bog(2026, 4, 7, 10), service="sewer", causal_id=self.causal_appeal.id
        )
        reports = self.env["sui.report"]
        with freeze_time(bog(2026, 5, 1, 7)):
            self.assertFalse(reports._cron_draft_reports())
        with freeze_time(bog(2026, 5, 4, 7)):
            created = reports._cron_draft_reports()
        self.assertEqual(
            sorted(created.mapped("service")), ["acueducto", "alcantarillado"]
        )
        self.assertEqual(set(created.mapped("date_from")), {date(2026, 4, 1)})
        self.assertEqual(set(created.mapped("state")), {"draft"})
        activities = created.activity_ids
        self.assertEqual(len(activities), 2)
        clerk = activities.user_id
        self.assertEqual(len(clerk), 1)
        self.assertTrue(clerk.has_group(f"{MODULE}.group_pqr_clerk"))
        self.assertFalse(clerk.has_group(f"{MODULE}.group_pqr_manager"))
        self.assertEqual(
            activities[0].summary, f"Validar y exportar {activities[0].res_name}"
        )
        with freeze_time(bog(2026, 5, 5, 7)):
            self.assertFalse(reports._cron_draft_reports(), "once per month")


@tagged("post_install", "-at_install")
class TestSuiQueryCount(SuiCase):
    def _validate_queries(self, report):
        """Queries of a validation, the registry's caches warm: the access rules
        and groups are read once (8 queries), on the first measured run."""
        for _warm in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            report.action_validate()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        report.action_validate()
        return self.env.cr.sql_log_count - before

    def test_validation_queries_do_not_grow_with_the_rows(self):
        for day in (3, 4, 5):
            pqr = self._filed(bog(2026, 3, day, 10))
            self._decide(pqr, bog(2026, 3, 17, 10))
            self._notify_personally(pqr, bog(2026, 3, 20, 9))
        report = self._report()
        few = self._validate_queries(report)
        for day in (9, 10, 11, 12, 13, 16, 17, 18, 19):
            pqr = self._filed(bog(2026, 3, day, 10))
            self._decide(pqr, bog(2026, 3, 24, 10))
            self._notify_personally(pqr, bog(2026, 3, 25, 9))
        many = self._validate_queries(report)
        self.assertEqual(report.line_count, 12)
        self.assertEqual(few, many, "3 rows and 12 rows: the same queries")
        self.env.invalidate_all()
        with self.assertQueryCount(VALIDATE_QUERIES):
            report.action_validate()


@tagged("post_install", "-at_install")
class TestSuiDialogs(SuiCase):
    def test_period_change_and_the_dialogs(self):
        self._filed(bog(2026, 3, 3, 10), causal_id=False)
        report = self._report()
        report.action_validate()
        self.assertTrue(report.finding_ids)
        # a clerk moves the draft to February: the findings were March's
        report.write({"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)})
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.finding_ids)
        report.write({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        report.action_validate()
        # export with findings: the manager's dialog (the mode selects, the
        # method checks the right)
        action = report.action_open_export_anyway()
        self.assertEqual(action["context"]["default_mode"], "export_anyway")
        with self.assertRaises(AccessError):
            self.env["sui.report.justify"].with_user(self.clerk).create(
                {"report_id": report.id, "mode": "export_anyway", "justification": "x"}
            )
        dialog = (
            self.env["sui.report.justify"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"justification": "Plazo del SUI vence hoy."})
        )
        with freeze_time(bog(2026, 4, 3, 9)):
            dialog.action_confirm()
        self.assertEqual(report.state, "exported")
        self.assertEqual(report.export_justification, "Plazo del SUI vence hoy.")
        certify = (
            self.env["sui.report.certify"]
            .with_user(self.clerk)
            .with_context(**report.action_open_certify()["context"])
            .create({"date_uploaded": date(2026, 4, 3), "reference": "SUI-2026-0042"})
        )
        with freeze_time(bog(2026, 4, 6, 9)):
            certify.action_confirm()
        self.assertEqual(report.state, "certified")
        self.assertEqual(report.certification_reference, "SUI-2026-0042")
        self.assertEqual(report.certified_by_id, self.clerk)
        self.assertEqual(report.action_download_csv()["type"], "ir.actions.act_url")
