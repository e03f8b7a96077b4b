"""The R10-01-06 workbook: the bill changes posted in a period, one row each."""

import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

BATCH = 1000


class PqrBillChangeExport(models.TransientModel):
    _name = "pqr.bill.change.export"
    _description = "Bill Changes Workbook (R10-01-06)"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        + relativedelta(months=1, days=-1),
    )
    xlsx_file = fields.Binary(string="Workbook", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.model
    def _pqr_domain(self, company, date_from, date_to):
        return [
            ("pqr_request_id", "!=", False),
            ("state", "=", "posted"),
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]

    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_readonly"):
            raise AccessError(_("Only users who read the accounting export it."))
        if self.date_to < self.date_from:
            raise UserError(_("The period ends before it starts."))
        self.write(
            {
                "xlsx_file": base64.b64encode(self._pqr_workbook()),
                "xlsx_filename": f"R10-01-06_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/"
            f"{self.xlsx_filename}?download=true",
            "target": "self",
        }

    def _pqr_headers(self):
        return [
            _("Period"),
            _("Date"),
            _("PQR"),
            _("Invoice"),
            _("Bill Change"),
            _("Kind"),
            _("Amount"),
            _("Cause Code"),
            _("Re-billing Cause"),
            _("Posted By"),
            _("Posted On"),
        ]

    def _pqr_rows(self):
        """The rows, read in batches (the reader's rules apply)."""
        Move = self.env["account.move"]
        kinds = dict(
            Move._fields["pqr_adjustment_kind"]._description_selection(self.env)
        )
        ids = Move.search(
            self._pqr_domain(self.company_id, self.date_from, self.date_to),
            order="date, name, id",
        ).ids
        for start in range(0, len(ids), BATCH):
            moves = Move.browse(ids[start : start + BATCH])
            for move in moves:
                posted = move.pqr_date_posted and fields.Datetime.context_timestamp(
                    self, move.pqr_date_posted
                )
                yield [
                    move.date.strftime("%Y-%m"),
                    move.date,
                    move.pqr_request_id.name,
                    move.pqr_adjusted_invoice_id.name,
                    move.name,
                    kinds.get(move.pqr_adjustment_kind, ""),
                    move.amount_total_signed,
                    move.pqr_rebilling_cause_id.code,
                    move.pqr_rebilling_cause_id.name,
                    move.pqr_posted_by_id.name or "",
                    posted.replace(tzinfo=None) if posted else "",
                ]
            moves.invalidate_recordset()

    def _pqr_workbook(self):
        output = io.BytesIO()
        # constant memory: the rows go to a temporary file as they are written
        # (in_memory would keep them all)
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = workbook.add_worksheet("R10-01-06")
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd-mm-yyyy"})
        moment = workbook.add_format({"num_format": "dd-mm-yyyy hh:mm"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        formats = {1: day, 6: money, 10: moment}
        sheet.write_row(0, 0, self._pqr_headers(), bold)
        total = 0.0
        row = 0
        for row, values in enumerate(self._pqr_rows(), start=1):
            for col, value in enumerate(values):
                if col in (1, 10) and value:
                    sheet.write_datetime(row, col, value, formats[col])
                elif col == 6:
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write(row, col, value or "")
            total += values[6]
        sheet.write(row + 1, 5, _("Total"), bold)
        sheet.write_number(row + 1, 6, total, money)
        sheet.set_column(0, 1, 11)
        sheet.set_column(2, 4, 20)
        sheet.set_column(5, 5, 24)
        sheet.set_column(6, 7, 14)
        sheet.set_column(8, 10, 28)
        workbook.close()
        return output.getvalue()
