"""A column of a SUI layout: where its value comes from and how it is written."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, Query

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
# how a field's value is written (sui.layout.column._cell_sql); others are texts
FIELD_KINDS = {
    "date": "date",
    "datetime": "date",
    "integer": "number",
    "float": "number",
    "monetary": "number",
    "boolean": "bool",
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
            # as the user who writes the layout: a field they may not read is
            # refused (the rows are read as superuser)
            model = self.env[ROW_MODELS[kind]]
            try:
                column._path_sql(Query(model.env, model._table), model, model._table)
            except (ValueError, AccessError) as error:
                raise ValidationError(
                    _(
                        "Column %(header)s: %(path)s is neither a value of the "
                        "report nor a path of %(model)s through many-to-one fields "
                        "to a stored field.",
                        header=column.header,
                        path=column.source,
                        model=model._description,
                    )
                ) from error

    def _path_sql(self, query, model, alias):
        """(SQL, kind) of this column's field path on ``model``'s rows of
        ``alias`` in ``query``: many-to-one links, joined to the query, to a
        stored field (a many-to-one last gives the record's name). ValueError for
        any other path."""
        self.ensure_one()
        names = self.source.split(".")
        for position, name in enumerate(names):
            field = model._fields.get(name)
            last = position == len(names) - 1
            if field is None or not field.store:
                raise ValueError(name)
            if field.type == "many2one":
                model = model.env[field.comodel_name]
                alias = query.left_join(alias, name, model._table, "id", name)
                if not last:
                    continue
                name = model._rec_name
                field = model._fields[name]
            elif not last:
                raise ValueError(name)
            return model._field_to_sql(alias, name, query), FIELD_KINDS.get(
                field.type, "text"
            )
        raise ValueError(self.source)

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

    def _cell_sql(self, value, kind, layout):
        """The SQL of this column's text for a value of ``kind`` (date, number,
        bool or text) given by the SQL expression ``value``: dates in the layout's
        format, decimals with its separator, codes and integers padded with zeros
        on the left to the width, texts cut to it, empty values as the
        placeholder (NULL without one). The one place where a cell's text is
        made: the rows are written as PostgreSQL returns them."""
        self.ensure_one()
        value_type, width = self.value_type, self.width
        if kind == "date" and value_type == "date":
            text = SQL("to_char(%s, %s)", value, layout._to_char_format())
        elif kind == "number" and value_type == "decimal":
            text = SQL(
                "replace(round((%s)::numeric, %s)::text, '.', %s)",
                value,
                self.digits,
                layout.decimal_separator,
            )
        elif kind == "number" and value_type == "integer":
            text = SQL("trunc((%s)::numeric)::text", value)
        elif kind == "bool":
            text = SQL("CASE WHEN %s THEN 'S' WHEN NOT %s THEN 'N' END", value, value)
        else:
            text = SQL("(%s)::text", value)
        if width and value_type in ("code", "integer"):
            # lpad would cut a longer text: only shorter ones are padded
            text = SQL(
                "CASE WHEN length(%s) < %s AND %s ~ '^[0-9]+$' "
                "THEN lpad(%s, %s, '0') ELSE %s END",
                text,
                width,
                text,
                text,
                width,
                text,
            )
        elif width and value_type == "char":
            text = SQL("left(%s, %s)", text, width)
        return SQL("COALESCE(NULLIF(%s, ''), %s)", text, self.placeholder or None)
