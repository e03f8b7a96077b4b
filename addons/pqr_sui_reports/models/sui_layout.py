"""Layouts of the files sent to the SUI, kept as data (domain decisions 10-11).

The official layouts change over time and part of them is uncertain (regulation
brief section 4): a layout says, for a period, how each column of the file is
filled and written. A manager copies a layout and adapts it without code; a report
uses the layout valid on its period's last day."""

from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LAYOUT_KINDS = [
    ("formato_a", "Formato A (Claims)"),
    ("interruptions", "Suspensions and Interruptions"),
]
REPORT_SERVICES = [
    ("acueducto", "Acueducto"),
    ("alcantarillado", "Alcantarillado"),
    ("aseo", "Aseo"),
]
SEPARATORS = {"comma": ",", "semicolon": ";", "pipe": "|", "tab": "\t"}
ENCODINGS = [
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("cp1252", "Windows-1252"),
    ("ascii", "ASCII"),
]
# strftime codes of a layout's date format, as PostgreSQL's to_char writes them
TO_CHAR_CODES = {
    "d": "DD",
    "m": "MM",
    "Y": "YYYY",
    "y": "YY",
    "j": "DDD",
    "H": "HH24",
    "M": "MI",
    "S": "SS",
}


def to_char_format(strftime_format):
    """The ``to_char`` pattern writing what ``strftime_format`` writes (only the
    codes of TO_CHAR_CODES, and %% for a percent sign), the text between codes
    quoted; None for any other code, or without any code."""
    parts, literal, coded = [], "", False
    chars = iter(strftime_format)
    for char in chars:
        code = next(chars, "") if char == "%" else None
        if code is None or code == "%":
            literal += char
            continue
        if code not in TO_CHAR_CODES:
            return None
        parts += [quoted(literal), TO_CHAR_CODES[code]]
        literal, coded = "", True
    return "".join([*parts, quoted(literal)]) if coded else None


def quoted(text):
    """``text`` as a literal of a to_char pattern."""
    if not text:
        return ""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# the names a file-name pattern may use
PATTERN_KEYS = {
    "year": 2026,
    "month": 3,
    "service": "acueducto",
    "company": "890000000",
    "version": "1",
}


class SuiLayout(models.Model):
    _name = "sui.layout"
    _description = "SUI File Layout"
    _order = "kind, date_from desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(LAYOUT_KINDS, required=True, default="formato_a")
    version = fields.Char(help="The version of the official annex this layout follows.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the layout in every company."
    )
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid To")
    separator = fields.Selection(
        [
            ("comma", "Comma (,)"),
            ("semicolon", "Semicolon (;)"),
            ("pipe", "Vertical Bar (|)"),
            ("tab", "Tab"),
        ],
        required=True,
        default="comma",
    )
    date_format = fields.Char(
        required=True,
        default="%d-%m-%Y",
        help="How dates are written, with Python's strftime codes: %d day, %m month, "
        "%Y year (%d-%m-%Y gives 31-03-2026).",
    )
    decimal_separator = fields.Selection(
        [(".", "Point (.)"), (",", "Comma (,)")], required=True, default="."
    )
    encoding = fields.Selection(ENCODINGS, required=True, default="utf-8")
    header = fields.Boolean(
        string="Header Row",
        default=True,
        help="Write the column headers as the file's first row.",
    )
    filename_pattern = fields.Char(
        string="File Name Pattern",
        required=True,
        default="Formato_A_{year}_{month:02d}_{service}.csv",
        help="The name of the file, with {year}, {month}, {service}, {company} (the "
        "company's tax ID) and {version}; {month:02d} writes the month with two "
        "digits.",
    )
    column_ids = fields.One2many(
        "sui.layout.column", "layout_id", string="Columns", copy=True
    )
    column_count = fields.Integer(compute="_compute_column_count")
    notes = fields.Text()

    @api.depends("column_ids")
    def _compute_column_count(self):
        for layout in self:
            layout.column_count = len(layout.column_ids)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for layout in self:
            if (
                layout.date_from
                and layout.date_to
                and layout.date_to < layout.date_from
            ):
                raise ValidationError(
                    _("The layout %(name)s ends before it starts.", name=layout.name)
                )

    @api.constrains("date_format")
    def _check_date_format(self):
        for layout in self:
            pattern = to_char_format(layout.date_format)
            if pattern is None:
                raise ValidationError(
                    _(
                        "The date format %(format)s is not one the files can write: "
                        "use the strftime codes %%d (day), %%m (month), %%Y or %%y "
                        "(year), %%j (day of the year), %%H, %%M and %%S (time), "
                        "e.g. %%d-%%m-%%Y.",
                        format=layout.date_format,
                    )
                )

    def _to_char_format(self):
        """The layout's date format as a PostgreSQL ``to_char`` pattern."""
        self.ensure_one()
        return to_char_format(self.date_format)

    @api.constrains("filename_pattern")
    def _check_filename_pattern(self):
        for layout in self:
            try:
                name = layout.filename_pattern.format(**PATTERN_KEYS)
            except (KeyError, IndexError, ValueError) as error:
                raise ValidationError(
                    _(
                        "The file name pattern %(pattern)s is not valid (%(error)s): "
                        "use {year}, {month}, {service}, {company} and {version}.",
                        pattern=layout.filename_pattern,
                        error=error,
                    )
                ) from error
            if "/" in name or "\\" in name:
                raise ValidationError(_("A file name cannot contain a folder."))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for layout, vals in zip(self, vals_list, strict=True):
            if "name" not in (default or {}):
                vals["name"] = _("%(name)s (copy)", name=layout.name)
        return vals_list

    @api.model
    def _for_period(self, kind, day, company):
        """The layout of ``kind`` valid on ``day`` for ``company``: the company's
        own before the shared ones, the latest start first."""
        layouts = self.search(
            [
                ("kind", "=", kind),
                ("company_id", "in", (company.id, False)),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ]
        )
        return layouts.sorted(
            lambda layout: (
                bool(layout.company_id),
                layout.date_from or date.min,
                layout.id,
            ),
            reverse=True,
        )[:1]

    def _delimiter(self):
        self.ensure_one()
        return SEPARATORS[self.separator]

    def _file_name(self, report):
        self.ensure_one()
        return self.filename_pattern.format(
            year=report.date_to.year,
            month=report.date_to.month,
            service=report.service,
            company=report.company_id.vat or report.company_id.id,
            version=self.version or "",
        )
