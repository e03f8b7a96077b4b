"""A column of a SUI layout: where its value comes from and how it is written."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The values a report computes for each row, by layout kind (the rest of the
# sources are field paths on the row's record).
NAMED_VALUES = {
    "formato_a": (
        "dane_department",
        "dane_municipality",
        "dane_centro_poblado",
        "radicado",
        "date_filed",
        "tramite_type",
        "causal_group",
        "causal_code",
        "account_number",
        "invoice_number",
        "response_type",
        "date_response",
        "response_number",
        "date_notified",
        "notification_type",
        "date_sspd_transfer",
    ),
    "interruptions": (
        "dane_department",
        "dane_municipality",
        "dane_centro_poblado",
        "scheduled",
        "date_start",
        "time_start",
        "date_end",
        "time_end",
        "duration_hours",
        "cause",
        "sector",
        "users_affected",
        "notice_given",
        "date_notice",
        "field_orders",
    ),
}
# the model of a row's record, by layout kind
ROW_MODELS = {"formato_a": "pqr.request", "interruptions": "sui.service.interruption"}


class SuiLayoutColumn(models.Model):
    _name = "sui.layout.column"
    _description = "Column of a SUI Layout"
    _order = "layout_id, sequence, id"

    layout_id = fields.Many2one(
        "sui.layout", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    header = fields.Char(required=True)
    source = fields.Char(
        required=True,
        help="A value the report computes (e.g. radicado, date_filed, response_type) "
        "or a field path on the row's record (e.g. partner_id.vat).",
    )
    value_type = fields.Selection(
        [
            ("char", "Text"),
            ("code", "Code"),
            ("integer", "Integer"),
            ("decimal", "Decimal"),
            ("date", "Date"),
        ],
        string="Type",
        required=True,
        default="char",
    )
    width = fields.Integer(
        help="Codes and integers are padded with zeros on the left to this width; "
        "texts are cut to it. Zero: as they are."
    )
    digits = fields.Integer(default=2, help="Decimals written for a decimal value.")
    required = fields.Boolean(help="A row with this column empty is a finding.")
    allowed_codes = fields.Char(
        help="Comma-separated values the column may hold (e.g. 1,2,3); empty: any."
    )
    placeholder = fields.Char(
        help="Written when the value is empty (e.g. 0000 for a PQR without an "
        "account)."
    )

    @api.constrains("source", "layout_id")
    def _check_source(self):
        for column in self:
            kind = column.layout_id.kind
            if column.source in NAMED_VALUES.get(kind, ()):
                continue
            model = self.env[ROW_MODELS[kind]]
            for name in column.source.split("."):
                field = model._fields.get(name)
                if not field:
                    raise ValidationError(
                        _(
                            "Column %(header)s: %(path)s is neither a value of the "
                            "report nor a field path of %(model)s.",
                            header=column.header,
                            path=column.source,
                            model=model._description,
                        )
                    )
                model = self.env[field.comodel_name] if field.relational else model

    @api.constrains("width", "digits")
    def _check_width(self):
        for column in self:
            if column.width < 0 or column.digits < 0:
                raise ValidationError(
                    _("The width and decimals of a column cannot be negative.")
                )

    def _allowed(self):
        self.ensure_one()
        return [code.strip() for code in (self.allowed_codes or "").split(",") if code]

    def _format(self, value, layout):
        """The text written for ``value`` in this column of ``layout``."""
        return self._formatter(layout)(value)

    def _formatter(self, layout):
        """A function writing a value (str, int, float, date or records) in this
        column of ``layout``: empty values become the placeholder. Built once per
        column and export, called once per cell."""
        self.ensure_one()
        placeholder = self.placeholder or ""
        value_type, width, digits = self.value_type, self.width, self.digits
        date_format, decimal = layout.date_format, layout.decimal_separator

        written_dates = {}  # a month has a few dozen distinct dates

        def write(value):
            if isinstance(value, models.BaseModel):
                value = ", ".join(value.mapped("display_name"))
            if value is False or value is None or value == "":
                return placeholder
            if value_type == "date":
                text = written_dates.get(value)
                if text is None:
                    text = written_dates[value] = value.strftime(date_format)
                return text
            if value_type == "decimal":
                return f"{float(value):.{digits}f}".replace(".", decimal)
            text = str(int(value)) if value_type == "integer" else str(value)
            if width and value_type in ("code", "integer") and text.isdigit():
                return text.zfill(width)
            if width and value_type == "char":
                return text[:width]
            return text

        return write
