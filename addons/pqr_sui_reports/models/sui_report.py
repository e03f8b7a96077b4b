"""The monthly reports to the Superintendencia's SUI: Formato A (reclamaciones)
and the suspensions and interruptions of the service (``sui.service.interruption``).

A report holds the rows of a calendar month for one company and service, as they
stood at the month's end (regulation brief 4.2-4.3, domain decisions 10-11), written
through the layout valid on the month's last day. It is validated before export,
exported as a CSV for the SUI and an XLSX for review (both kept as attachments with
their SHA-256), and certified with the regulator's upload date and reference. Each
step is a method; a certified period is re-exported only by a manager, with a
reason, and the earlier files stay on the report."""

import calendar
import codecs
import csv
import hashlib
import io
import itertools
from collections import Counter
from datetime import timedelta
from operator import contains, itemgetter

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, Query

from odoo.addons.pqr_servicios_publicos.models.pqr_common import (
    CODE_TRANSFERS,
    NOTIFICATION_NOT_APPLICABLE,
    in_transition,
    office,
    transition,
)

from .sui_layout import LAYOUT_KINDS, REPORT_SERVICES
from .sui_layout_column import ROW_MODELS

KIND_NAMES = {
    "formato_a": "Formato A",
    "interruptions": "Suspensiones e interrupciones",
}
# the report's service, in the office's terms (pqr.request.service)
SERVICE_OF = {"acueducto": "water", "alcantarillado": "sewer", "aseo": "waste"}
CAUSAL_APPLIES = {
    "water": "applies_water",
    "sewer": "applies_sewer",
    "waste": "applies_waste",
}
# tipo de respuesta of a PQR without a decision at the period's end (brief 4.3)
RESPONSE_PENDING = "9"
RESPONSE_UNANSWERED = "10"
# rows read at a time while the files are written
ROW_CHUNK = 5000
# names of the server-side cursors the rows are read through
CURSOR_NUMBERS = itertools.count()
MANAGER = "pqr_servicios_publicos.group_pqr_manager"
CLERK = "pqr_servicios_publicos.group_pqr_clerk"
# what only the report's methods write
LOCKED_FIELDS = {
    "state",
    "line_count",
    "csv_attachment_id",
    "xlsx_attachment_id",
    "csv_sha256",
    "xlsx_sha256",
    "date_validated",
    "date_exported",
    "exported_by_id",
    "export_justification",
    "date_certified",
    "certification_reference",
    "certified_by_id",
}
# what defines the report: fixed once it is exported
PERIOD_FIELDS = {"company_id", "kind", "service", "date_from", "date_to", "layout_id"}


class SuiReport(models.Model):
    _name = "sui.report"
    _description = "SUI Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, kind, service"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(LAYOUT_KINDS, required=True, default="formato_a")
    service = fields.Selection(REPORT_SERVICES, required=True, default="acueducto")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    layout_id = fields.Many2one(
        "sui.layout",
        compute="_compute_layout_id",
        store=True,
        readonly=False,
        domain="[('kind', '=', kind)]",
        help="The layout valid on the period's last day, unless another is chosen.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("validated", "Validated"),
            ("exported", "Exported"),
            ("certified", "Certified"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_count = fields.Integer(string="Rows", readonly=True, copy=False)
    finding_ids = fields.One2many(
        "sui.report.finding", "report_id", string="Findings", readonly=True
    )
    finding_count = fields.Integer(compute="_compute_finding_count")
    date_validated = fields.Datetime(string="Validated On", readonly=True, copy=False)
    csv_attachment_id = fields.Many2one(
        "ir.attachment", string="SUI File", readonly=True, copy=False
    )
    xlsx_attachment_id = fields.Many2one(
        "ir.attachment", string="Review Workbook", readonly=True, copy=False
    )
    csv_sha256 = fields.Char(string="SUI File SHA-256", readonly=True, copy=False)
    xlsx_sha256 = fields.Char(string="Workbook SHA-256", readonly=True, copy=False)
    date_exported = fields.Datetime(string="Exported On", readonly=True, copy=False)
    exported_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    export_justification = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        help="Why a manager exported the report with findings, or exported a "
        "certified period again.",
    )
    date_certified = fields.Date(
        string="Uploaded to the SUI On", readonly=True, copy=False, tracking=True
    )
    certification_reference = fields.Char(
        string="SUI Reference", readonly=True, copy=False, tracking=True
    )
    certified_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, kind, service, date_from)",
            "There is already a report of this kind and service for this month.",
        )
    ]

    @api.depends("kind", "service", "date_from")
    def _compute_name(self):
        # the SUI's own names (Spanish in every language): one stored name
        services = dict(REPORT_SERVICES)
        for report in self:
            period = report.date_from.strftime("%Y-%m") if report.date_from else ""
            report.name = (
                f"{KIND_NAMES.get(report.kind, '')} {services.get(report.service, '')}"
                f" {period}"
            )

    @api.depends("kind", "date_to", "company_id")
    def _compute_layout_id(self):
        for report in self:
            if report.date_to and report.kind:
                report.layout_id = self.env["sui.layout"]._for_period(
                    report.kind, report.date_to, report.company_id
                )

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        for report in self:
            report.finding_count = len(report.finding_ids)

    @api.constrains("date_from", "date_to")
    def _check_month(self):
        for report in self:
            start = report.date_from
            if (
                start.day != 1
                or report.date_to.year != start.year
                or report.date_to.month != start.month
                or report.date_to.day != calendar.monthrange(start.year, start.month)[1]
            ):
                raise ValidationError(
                    _("A SUI report covers one calendar month, first to last day.")
                )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            for vals in vals_list:
                given = sorted(f for f in LOCKED_FIELDS & set(vals) if vals[f])
                if vals.get("state", "draft") == "draft" and "state" in given:
                    given.remove("state")
                if given:
                    raise UserError(
                        _(
                            "A new SUI report starts as a draft; %(fields)s are set "
                            "by its actions.",
                            fields=", ".join(self._labels(given)),
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not in_transition(self):
            locked = sorted(LOCKED_FIELDS & set(vals))
            if locked:
                raise UserError(
                    _(
                        "%(fields)s of a SUI report change only through its actions "
                        "(validate, export, certify).",
                        fields=", ".join(self._labels(locked)),
                    )
                )
            fixed = self.filtered(lambda r: r.state in ("exported", "certified"))
            if fixed and PERIOD_FIELDS & set(vals):
                raise UserError(
                    _(
                        "%(names)s was exported: its period, service and layout no "
                        "longer change.",
                        names=", ".join(fixed.mapped("name")),
                    )
                )
            if PERIOD_FIELDS & set(vals):
                # the findings were of the former period
                self.finding_ids.sudo().unlink()
                transition(self).write({"state": "draft", "line_count": 0})
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state in ("exported", "certified")):
            raise UserError(_("An exported SUI report is kept: it was sent."))
        return super().unlink()

    def _labels(self, names):
        return [self._fields[name]._description_string(self.env) for name in names]

    def _check_user(self, group=CLERK):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                _("Only the PQR office works on the SUI reports.")
                if group == CLERK
                else _("Only a PQR manager does this on a SUI report.")
            )
        self.check_access("write")

    # ------------------------------------------------------------------
    # Rows
    # ------------------------------------------------------------------
    @api.model
    def _request_domain(self, company, date_from, date_to, service=None):
        """The PQRs of a month's Formato A: of a type reported to the SUI, filed by
        the month's end, and filed in the month, decided or notified in it, or still
        open at its end (no decision, or a decision not yet notified), whenever
        filed."""
        domain = [
            ("company_id", "=", company.id),
            ("type_id.sui_reported", "=", True),
            ("date_filed", "<=", date_to),
            "|",
            "|",
            "|",
            "|",
            "|",
            ("date_filed", ">=", date_from),
            "&",
            ("date_response", ">=", date_from),
            ("date_response", "<=", date_to),
            "&",
            ("date_notified", ">=", date_from),
            ("date_notified", "<=", date_to),
            ("date_response", "=", False),
            ("date_response", ">", date_to),
            "&",
            ("response_type_id.code", "!=", CODE_TRANSFERS),
            "|",
            ("date_notified", "=", False),
            ("date_notified", ">", date_to),
        ]
        if service:
            domain = [("service", "=", SERVICE_OF[service])] + domain
        return domain

    def _layout(self):
        """The report's layout, or a clear error without one."""
        self.ensure_one()
        if not self.layout_id:
            raise UserError(
                _(
                    "No layout of this kind is valid on %(date)s: a manager adds "
                    "one (SUI > Layouts).",
                    date=self.company_id._pqr_format(self.date_to),
                )
            )
        return self.layout_id

    def _row_query(self):
        """The SQL of the report's rows in the file's order: per row the record's
        id, the codes of the checks it fails (``_formato_a_sql``), what it is
        counted under in the totals by cause, then one text per column of the
        layout, as the file writes it (sui.layout.column._cell_sql)."""
        layout = self._layout()
        model = self.env[ROW_MODELS[self.kind]].sudo().with_context(active_test=False)
        if self.kind == "formato_a":
            query, checks, total_key, named = self._formato_a_sql(model)
        else:
            query, checks, total_key, named = self._interruption_sql(model)
        failed = SQL(
            "array_remove(ARRAY[%s]::integer[], NULL)",
            SQL(", ").join(
                SQL("CASE WHEN %s THEN %s END", condition, code)
                for code, condition in checks
            ),
        )
        cells = [
            column._cell_sql(*named[column.source], layout)
            if column.source in named
            else column._cell_sql(*column._path_sql(query, model, query.table), layout)
            for column in layout.column_ids
        ]
        return query.select(
            SQL.identifier(query.table, "id"), failed, *total_key, *cells
        )

    def _formato_a_sql(self, requests):
        """(query, checks, totals key, named values) of Formato A, as the PQRs
        stood at the period's end: the checks are [(code, SQL true when the row
        fails it)], the totals key [SQL], the named values {name: (SQL, kind)}."""
        end = self.date_to
        query = requests._search(
            self._request_domain(
                self.company_id, self.date_from, self.date_to, self.service
            ),
            order="date_filed, name, id",
        )
        r = query.table
        t = query.left_join(r, "type_id", "pqr_type", "id", "type_id")
        c = query.left_join(r, "causal_id", "pqr_causal", "id", "causal_id")
        a = query.left_join(
            r, "service_account_id", "pqr_service_account", "id", "service_account_id"
        )
        rt = query.left_join(
            r, "response_type_id", "pqr_response_type", "id", "response_type_id"
        )
        nt = query.left_join(
            r,
            "notification_type_id",
            "pqr_notification_type",
            "id",
            "notification_type_id",
        )

        def col(alias, name):
            return SQL.identifier(alias, name)

        decided = SQL("coalesce(%s <= %s, false)", col(r, "date_response"), end)
        code = col(rt, "code")
        notified = SQL(
            "(%s AND coalesce(%s, '') <> %s AND coalesce(%s <= %s, false))",
            decided,
            code,
            CODE_TRANSFERS,
            col(r, "date_notified"),
            end,
        )
        date_response = SQL(
            "CASE WHEN %s THEN %s END", decided, col(r, "date_response")
        )
        date_notified = SQL(
            "CASE WHEN %s THEN %s END", notified, col(r, "date_notified")
        )
        date_sspd = SQL(
            "CASE WHEN %s <= %s THEN %s END",
            col(r, "date_sspd_transfer"),
            end,
            col(r, "date_sspd_transfer"),
        )
        notification_type = SQL(
            "CASE WHEN NOT %s OR %s = %s THEN %s WHEN %s THEN %s END",
            decided,
            code,
            CODE_TRANSFERS,
            NOTIFICATION_NOT_APPLICABLE,
            notified,
            col(nt, "code"),
        )
        # the disputed invoice: the latest by invoice date (a join, not a
        # subquery per row: its cost estimate would switch PostgreSQL's JIT on)
        invoices = requests._fields["invoice_ids"]
        i = Query.make_alias(r, "sui_invoice")
        query.add_join(
            "LEFT JOIN",
            i,
            SQL(
                """(SELECT DISTINCT ON (rel.%(request)s)
                           rel.%(request)s AS request_id, m.name
                      FROM %(relation)s rel
                      JOIN account_move m ON m.id = rel.%(move)s
                     ORDER BY rel.%(request)s, m.invoice_date DESC NULLS LAST,
                              m.id DESC)""",
                relation=SQL.identifier(invoices.relation),
                move=SQL.identifier(invoices.column2),
                request=SQL.identifier(invoices.column1),
            ),
            SQL("%s = %s", col(i, "request_id"), col(r, "id")),
        )
        filed = col(r, "date_filed")
        has_causal = SQL("%s IS NOT NULL", col(r, "causal_id"))
        # the checks of a row, by code (CHECK_MESSAGES): true when it fails
        checks = [
            (1, SQL("%s IS NULL", col(r, "causal_id"))),
            (
                2,
                SQL(
                    "%s AND NOT coalesce(%s, false)",
                    has_causal,
                    col(c, CAUSAL_APPLIES[SERVICE_OF[self.service]]),
                ),
            ),
            (
                3,
                SQL(
                    "%s AND coalesce(%s < %s OR %s > %s, false)",
                    has_causal,
                    filed,
                    col(c, "date_from"),
                    filed,
                    col(c, "date_to"),
                ),
            ),
            (4, SQL("%s AND %s IS NULL", decided, col(r, "response_type_id"))),
            (5, SQL("%s AND %s IS NULL", notified, notification_type)),
            (
                6,
                SQL(
                    "%s AND %s < %s",
                    notified,
                    col(r, "date_notified"),
                    col(r, "date_response"),
                ),
            ),
            (7, SQL("%s AND %s < %s", decided, col(r, "date_response"), filed)),
            (
                8,
                SQL(
                    "coalesce(%s < %s OR (%s AND %s < %s), false)",
                    date_sspd,
                    filed,
                    decided,
                    date_sspd,
                    col(r, "date_response"),
                ),
            ),
            (
                9,
                SQL(
                    "coalesce(%s, false) AND %s IS NULL",
                    col(t, "is_recurso"),
                    col(r, "parent_id"),
                ),
            ),
        ]
        total_key = [col(c, "causal_group"), col(c, "code")]
        named = {
            **self._dane_sql(col(a, "dane_code")),
            "radicado": (col(r, "name"), "text"),
            "date_filed": (col(r, "date_filed"), "date"),
            "tramite_type": (col(t, "sui_code"), "text"),
            "causal_group": (col(c, "causal_group"), "text"),
            "causal_code": (col(c, "code"), "text"),
            "account_number": (col(a, "name"), "text"),
            "invoice_number": (col(i, "name"), "text"),
            "response_type": (
                SQL(
                    "CASE WHEN %s THEN %s WHEN %s < %s THEN %s ELSE %s END",
                    decided,
                    code,
                    col(r, "date_deadline"),
                    end,
                    RESPONSE_UNANSWERED,
                    RESPONSE_PENDING,
                ),
                "text",
            ),
            "date_response": (date_response, "date"),
            "response_number": (
                SQL("CASE WHEN %s THEN %s END", decided, col(r, "response_number")),
                "text",
            ),
            "date_notified": (date_notified, "date"),
            "notification_type": (notification_type, "text"),
            "date_sspd_transfer": (date_sspd, "date"),
        }
        return query, checks, total_key, named

    def _interruption_sql(self, entries):
        """(query, checks, totals key, named values) of the register: the entries of the
        report's service under way at some time of the month (started by its end,
        not ended before its start), as they stood at its end (an end after it is
        not known yet), at the office's local time."""
        calendar = self.company_id._pqr_calendar()
        start = calendar.pqr_end_of_day_utc(self.date_from - timedelta(days=1))
        end = calendar.pqr_end_of_day_utc(self.date_to)
        query = entries._search(
            [
                ("company_id", "=", self.company_id.id),
                ("service", "=", self.service),
                ("date_start", "<=", end),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", start),
            ],
            order="date_start, id",
        )
        e = query.table
        tz = calendar._pqr_tz().zone

        def col(name):
            return SQL.identifier(e, name)

        def local(name):
            return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)", col(name), tz)

        def flag(name):
            return SQL("CASE WHEN %s THEN 'S' ELSE 'N' END", col(name))

        ended = SQL("coalesce(%s <= %s, false)", col("date_end"), end)
        accounts = entries._fields["service_account_ids"]
        orders = entries._fields["field_order_ids"]
        dane = SQL(
            """(SELECT CASE WHEN count(DISTINCT coalesce(a.dane_code, '')) = 1
                            THEN max(a.dane_code) END
                  FROM %(relation)s rel
                  JOIN pqr_service_account a ON a.id = rel.%(account)s
                 WHERE rel.%(entry)s = %(id)s)""",
            relation=SQL.identifier(accounts.relation),
            account=SQL.identifier(accounts.column2),
            entry=SQL.identifier(accounts.column1),
            id=col("id"),
        )
        field_orders = SQL(
            """(SELECT string_agg(o.name, ', '
                                  ORDER BY o.date_scheduled DESC, o.id DESC)
                  FROM %(relation)s rel
                  JOIN pqr_field_order o ON o.id = rel.%(order)s
                 WHERE rel.%(entry)s = %(id)s)""",
            relation=SQL.identifier(orders.relation),
            order=SQL.identifier(orders.column2),
            entry=SQL.identifier(orders.column1),
            id=col("id"),
        )
        checks = [
            (
                21,
                SQL(
                    "coalesce(%s, false) AND NOT coalesce(%s, false)",
                    col("scheduled"),
                    col("notice_given"),
                ),
            ),
            (22, SQL("%s AND %s IS NULL", col("notice_given"), col("date_notice"))),
            (
                23,
                SQL(
                    "%s AND %s AND %s > %s",
                    col("notice_given"),
                    col("scheduled"),
                    col("date_notice"),
                    col("date_start"),
                ),
            ),
            (24, SQL("coalesce(%s, 0) = 0", col("users_affected"))),
        ]
        total_key = [col("cause")]
        named = {
            **self._dane_sql(dane),
            "scheduled": (flag("scheduled"), "text"),
            "date_start": (SQL("%s::date", local("date_start")), "date"),
            "time_start": (SQL("to_char(%s, 'HH24:MI')", local("date_start")), "text"),
            "date_end": (
                SQL("CASE WHEN %s THEN %s::date END", ended, local("date_end")),
                "date",
            ),
            "time_end": (
                SQL(
                    "CASE WHEN %s THEN to_char(%s, 'HH24:MI') END",
                    ended,
                    local("date_end"),
                ),
                "text",
            ),
            "duration_hours": (
                SQL("CASE WHEN %s THEN %s END", ended, col("duration_hours")),
                "number",
            ),
            "cause": (col("cause"), "text"),
            "sector": (col("sector"), "text"),
            "users_affected": (col("users_affected"), "number"),
            "notice_given": (flag("notice_given"), "text"),
            "date_notice": (
                SQL(
                    "CASE WHEN %s THEN %s::date END",
                    col("notice_given"),
                    local("date_notice"),
                ),
                "date",
            ),
            "field_orders": (field_orders, "text"),
        }
        return query, checks, total_key, named

    def _dane_sql(self, code):
        """The named DANE values of a row: the 8-digit ``code`` (SQL) of its
        service accounts, else the company's codes."""
        company = self.company_id
        valid = SQL("coalesce(%s ~ '^[0-9]{8}$', false)", code)
        return {
            name: (
                SQL(
                    "CASE WHEN %s THEN substr(%s, %s, %s) ELSE %s END",
                    valid,
                    code,
                    start,
                    length,
                    default or None,
                ),
                "text",
            )
            for name, start, length, default in (
                ("dane_department", 1, 2, company.sui_dane_department),
                ("dane_municipality", 3, 3, company.sui_dane_municipality),
                ("dane_centro_poblado", 6, 3, company.sui_dane_centro_poblado),
            )
        }

    def _rows(self):
        """The report's rows, (id, failed checks, *totals key, *cells), read ROW_CHUNK at a time
        through a server-side cursor: nothing of the month is held in memory at
        once."""
        self.ensure_one()
        # the rows are read in SQL: what the ORM still holds goes first
        self.env.flush_all()
        cr = self.env.cr
        name = SQL.identifier(f"sui_rows_{next(CURSOR_NUMBERS)}")
        # every row is read: planned for all of them, not for the first tenth
        # (a cursor's default, which picks a slower plan here)
        cr.execute("SET LOCAL cursor_tuple_fraction = 1")
        cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", name, self._row_query()))
        cr.execute("SET LOCAL cursor_tuple_fraction TO DEFAULT")
        while True:
            cr.execute(SQL("FETCH %s FROM %s", ROW_CHUNK, name))
            rows = cr.fetchall()
            yield from rows
            if len(rows) < ROW_CHUNK:
                break
        cr.execute(SQL("CLOSE %s", name))

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def _scan(self, writers=()):
        """One pass over the rows: (row count, findings, totals by cause). The
        findings are (record, column header or False, message) for every row the
        SUI would reject, and why; each of ``writers`` gets (row number, cells) as
        the rows come."""
        self.ensure_one()
        layout = self._layout()
        columns = layout.column_ids
        rules = [(c.header, c.required, c._allowed()) for c in columns]
        required = [i for i, column in enumerate(columns) if column.required]
        # the required cells of a row as a tuple (the first named twice:
        # itemgetter of one index gives the item, not a tuple)
        required_of = (
            itemgetter(*required, required[0]) if required else (lambda cells: ())
        )
        # the cells with allowed codes, and those codes (an empty cell is for the
        # required rule)
        coded = [i for i, (_h, _r, codes) in enumerate(rules) if codes]
        allowed_of = itemgetter(*coded, coded[0]) if coded else (lambda cells: ())
        code_sets = [{*rules[i][2], None} for i in [*coded, *coded[:1]]]
        encoding = layout.encoding
        check_encoding = codecs.lookup(encoding).name != "utf-8"
        first_cell = 4 if self.kind == "formato_a" else 3
        model = self.env[ROW_MODELS[self.kind]]
        findings, hashes, totals = [], [], Counter()
        count = 0
        for row in self._rows():
            count += 1
            failed, cells = row[1], row[first_cell:]
            wrong = (
                failed
                or None in required_of(cells)
                or not all(map(contains, code_sets, allowed_of(cells)))
                or (check_encoding and not self._encodes(cells, encoding))
            )
            if wrong:
                record = model.browse(row[0])
                findings += [
                    (record, False, self._check_message(record, code))
                    for code in failed
                ]
                findings += [
                    (record, header, message)
                    for header, message in self._cell_findings(rules, cells, encoding)
                ]
            # radicados are unique per company (pqr.request); a layout that
            # leaves out what tells two PQRs apart writes identical rows, which
            # the SUI refuses
            hashes.append((row[0], hash(cells)))
            totals[row[2:first_cell]] += 1
            for write in writers:
                write(count, cells)
        repeated = Counter(digest for _id, digest in hashes)
        identical = _("Another row of the file is identical.")
        findings += [
            (model.browse(record_id), False, identical)
            for record_id, digest in hashes
            if repeated[digest] > 1
        ]
        return count, findings, totals

    @staticmethod
    def _encodes(cells, encoding):
        try:
            "".join(cell for cell in cells if cell).encode(encoding)
        except UnicodeEncodeError:
            return False
        return True

    def _check_message(self, record, code):
        """Why ``record``'s row fails the check ``code`` (the checks are in
        ``_formato_a_sql`` and ``_interruption_sql``)."""
        if code in (2, 3):
            causal = record.causal_id.display_name
            if code == 2:
                return _(
                    "The cause %(cause)s does not apply to the service %(service)s.",
                    cause=causal,
                    service=dict(REPORT_SERVICES)[self.service],
                )
            return _(
                "The cause %(cause)s was not in force on the filing date %(date)s.",
                cause=causal,
                date=self.company_id._pqr_format(record.date_filed),
            )
        messages = {
            1: _("The cause (causal) is missing."),
            4: _("Decided without a response type."),
            5: _("Notified without a notification type."),
            6: _("The notification is dated before the response."),
            7: _("The response is dated before the filing date."),
            8: _("The file went to the SSPD before the PQR was filed or decided."),
            9: _("A recurso without the decision it challenges."),
            21: _("A scheduled interruption without notice to the users."),
            22: _("The notice was given: its date is missing."),
            23: _("The notice of a scheduled interruption is after its start."),
            24: _("No user affected: list the accounts or enter the number."),
        }
        return messages[code]

    def _cell_findings(self, rules, cells, encoding):
        """(column header, message) for each cell the layout refuses."""
        for (header, required, allowed), cell in zip(rules, cells, strict=True):
            if required and not cell:
                yield header, _("The column is required and empty.")
            if cell and allowed and cell not in allowed:
                yield (
                    header,
                    _(
                        "%(value)s is not one of the codes allowed (%(codes)s).",
                        value=cell,
                        codes=", ".join(allowed),
                    ),
                )
            if cell and not self._encodes((cell,), encoding):
                yield (
                    header,
                    _(
                        "%(value)s cannot be written in %(encoding)s.",
                        value=cell,
                        encoding=encoding,
                    ),
                )

    def action_validate(self):
        """Compute the rows and list what the SUI would reject."""
        self._check_user()
        for report in self:
            if report.state not in ("draft", "validated"):
                raise UserError(
                    _(
                        "%(name)s was exported: its rows are those of its files.",
                        name=report.name,
                    )
                )
            report._validate()
        return True

    def _validate(self):
        """The rows and findings, the findings kept: in the office's language,
        whoever validates."""
        self.ensure_one()
        count, findings, totals = office(self)._scan()
        self._store_findings(count, findings)
        return count, findings, totals

    def _store_findings(self, count, findings):
        self.finding_ids.sudo().unlink()
        self.env["sui.report.finding"].sudo().create(
            [
                {
                    "report_id": self.id,
                    "sequence": sequence,
                    "request_id": record.id if record._name == "pqr.request" else False,
                    "interruption_id": record.id
                    if record._name == "sui.service.interruption"
                    else False,
                    "column": column,
                    "message": message,
                }
                for sequence, (record, column, message) in enumerate(findings)
            ]
        )
        transition(self).write(
            {
                "state": "validated",
                "line_count": count,
                "date_validated": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def action_export(self, justification=None):
        """Validate again and write the SUI file and the review workbook. With
        findings, only a PQR manager exports, with a justification kept on the
        report."""
        self.ensure_one()
        self._check_user()
        if self.state == "certified":
            raise UserError(
                _(
                    "%(name)s was certified: a PQR manager exports it again, with "
                    "the reason.",
                    name=self.name,
                )
            )
        justification = (justification or "").strip()
        if justification:
            self._check_user(MANAGER)
        return self._export(justification)

    def action_reexport(self, reason):
        """A PQR manager exports a certified period again, with the reason: new
        files, the earlier ones kept on the report; it is certified again."""
        self.ensure_one()
        self._check_user(MANAGER)
        reason = (reason or "").strip()
        if self.state != "certified":
            raise UserError(_("Only a certified report is exported again this way."))
        if not reason:
            raise UserError(
                _("Give the reason for exporting a certified period again.")
            )
        self.message_post(
            body=office(self).env._(
                "Certified on %(date)s (reference %(reference)s); exported again "
                "because: %(reason)s",
                date=self.company_id._pqr_format(self.date_certified),
                reference=self.certification_reference,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return self._export(reason)

    def _export(self, justification):
        """Validate and write the two files in one pass over the rows; refused
        while findings remain, unless justified (by a manager: checked by the
        callers)."""
        layout = self.layout_id
        csv_buffer = io.StringIO(newline="")
        write_csv = self._csv_writer(csv_buffer)
        xlsx_buffer = io.BytesIO()
        book, write_xlsx, bold = self._xlsx_book(xlsx_buffer)
        count, findings, totals = office(self)._scan((write_csv, write_xlsx))
        if findings and not justification:
            book.close()
            raise UserError(
                _(
                    "%(count)s findings block the export of %(name)s: fix them and "
                    "validate again, or a PQR manager exports anyway with a "
                    "justification.",
                    count=len(findings),
                    name=self.name,
                )
            )
        self._xlsx_close(book, bold, findings, totals, count)
        # a value the encoding cannot write is a finding; exported anyway, it is
        # replaced
        csv_data = csv_buffer.getvalue().encode(layout.encoding, errors="replace")
        xlsx_data = xlsx_buffer.getvalue()
        self._store_findings(count, findings)
        csv_name = layout._file_name(self)
        base_name = csv_name.rsplit(".", 1)[0]
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": csv_name,
                        "raw": csv_data,
                        "mimetype": "text/csv",
                        "res_model": self._name,
                        "res_id": self.id,
                    },
                    {
                        "name": f"{base_name}_revision.xlsx",
                        "raw": xlsx_data,
                        "mimetype": "application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet",
                        "res_model": self._name,
                        "res_id": self.id,
                    },
                ]
            )
        )
        csv_sha = hashlib.sha256(csv_data).hexdigest()
        xlsx_sha = hashlib.sha256(xlsx_data).hexdigest()
        transition(self).write(
            {
                "state": "exported",
                "csv_attachment_id": attachments[0].id,
                "xlsx_attachment_id": attachments[1].id,
                "csv_sha256": csv_sha,
                "xlsx_sha256": xlsx_sha,
                "date_exported": fields.Datetime.now(),
                "exported_by_id": self.env.user.id,
                "export_justification": justification or False,
                "date_certified": False,
                "certification_reference": False,
                "certified_by_id": False,
            }
        )
        note = office(self)
        note.message_post(
            body=note.env._(
                "Exported by %(user)s: %(rows)s rows, %(findings)s findings. "
                "%(file)s SHA-256 %(sha)s.",
                user=self.env.user.name,
                rows=count,
                findings=len(findings),
                file=csv_name,
                sha=csv_sha,
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _csv_writer(self, buffer):
        """The SUI file's writer into ``buffer`` (Python's csv, the layout's
        separator, CRLF), its header row written: a function of (row, cells)."""
        layout = self.layout_id
        writer = csv.writer(
            buffer, delimiter=layout._delimiter(), lineterminator="\r\n"
        )
        if layout.header:
            writer.writerow(layout.column_ids.mapped("header"))
        return lambda _index, cells: writer.writerow(cells)

    def _xlsx_book(self, buffer):
        """The review workbook into ``buffer`` (xlsxwriter in constant memory: the
        rows go to a temporary file as they are written) and the writer of its
        first sheet, the rows: (workbook, function of (row, cells), bold format)."""
        report = office(self)
        # the cells are the file's texts: written as they are, never read as
        # numbers, formulas or links
        book = xlsxwriter.Workbook(
            buffer,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(report.env._("Rows"))
        sheet.write_row(0, 0, self.layout_id.column_ids.mapped("header"), bold)

        def write(index, cells):
            for col, cell in enumerate(cells):
                if cell:
                    sheet.write_string(index, col, cell)

        return book, write, bold

    def _xlsx_close(self, book, bold, findings, totals, count):
        """The workbook's other sheets, the findings and the totals by cause."""
        report = office(self)
        sheet = book.add_worksheet(report.env._("Findings"))
        sheet.write_row(
            0,
            0,
            [report.env._("Radicado"), report.env._("Column"), report.env._("Finding")],
            bold,
        )
        for index, (record, column, message) in enumerate(findings, start=1):
            sheet.write_row(index, 0, [record.name or "", column or "", message])
        headers, lines = self._totals(totals)
        sheet = book.add_worksheet(report.env._("Totals by Cause"))
        sheet.write_row(0, 0, headers, bold)
        index = 0
        for index, line in enumerate(lines, start=1):
            sheet.write_row(index, 0, line)
        blanks = [""] * (len(headers) - 2)
        sheet.write_row(index + 1, 0, [report.env._("Total"), *blanks, count], bold)
        book.close()

    def _totals(self, counts):
        """The headers and lines of the workbook's totals: rows by cause
        (``counts`` by the totals key of the rows)."""
        report = office(self)
        merged = Counter()
        for key, count in counts.items():
            merged[tuple(value or "" for value in key)] += count
        if self.kind == "formato_a":
            names = {
                (causal.causal_group, causal.code): causal.name
                for causal in report.env["pqr.causal"]
                .with_context(active_test=False)
                .search([])
            }
            return (
                [
                    report.env._("Group"),
                    report.env._("Code"),
                    report.env._("Cause"),
                    report.env._("PQRs"),
                ],
                [
                    [group, code, names.get((group, code), ""), count]
                    for (group, code), count in sorted(merged.items())
                ],
            )
        return (
            [report.env._("Cause"), report.env._("Interruptions")],
            [[cause, count] for (cause,), count in sorted(merged.items())],
        )

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_draft_reports(self):
        """From the first business day of a month on, draft the previous month's
        Formato A of each service that has PQRs in it (once), and give the
        company's PQR clerk an activity to validate and export it."""
        services = {office: report for report, office in SERVICE_OF.items()}
        created = self.browse()
        for company in self.env["res.company"].search([]):
            calendar = company._pqr_calendar()
            today = calendar.pqr_today()
            first = today.replace(day=1)
            if today < calendar.pqr_business_day_on_or_after(first):
                continue
            date_to = first - timedelta(days=1)
            date_from = date_to.replace(day=1)
            drafted = set(
                self.search(
                    [
                        ("company_id", "=", company.id),
                        ("kind", "=", "formato_a"),
                        ("date_from", "=", date_from),
                    ]
                ).mapped("service")
            )
            groups = self.env["pqr.request"]._read_group(
                self._request_domain(company, date_from, date_to),
                ["service"],
                ["__count"],
            )
            missing = [
                services[service]
                for service, _count in groups
                if service in services and services[service] not in drafted
            ]
            if not missing:
                continue
            reports = self.create(
                [
                    {
                        "company_id": company.id,
                        "kind": "formato_a",
                        "service": service,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                    for service in sorted(missing)
                ]
            )
            clerk = self._sui_clerk(company)
            for report in office(reports):
                report.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    summary=report.env._(
                        "Validate and export %(name)s", name=report.name
                    ),
                    note=report.env._(
                        "The month's report to the SUI was drafted: validate it, fix "
                        "the findings, export the file and upload it."
                    ),
                    user_id=clerk.id or self.env.uid,
                )
            created |= reports
        return created

    @api.model
    def _sui_clerk(self, company):
        """Who prepares the SUI reports of ``company``: a PQR clerk of the company
        (not only a manager), else a PQR manager."""
        clerks = self.env.ref(CLERK).users.filtered(
            lambda u: company in u.company_ids and u.active and not u.share
        )
        plain = clerks.filtered(lambda u: not u.has_group(MANAGER))
        return (plain or clerks).sorted("id")[:1]

    # ------------------------------------------------------------------
    # Certification
    # ------------------------------------------------------------------
    def action_certify(self, date_uploaded, reference):
        """Record the regulator's upload date and reference, entered by hand."""
        self.ensure_one()
        self._check_user()
        date_uploaded = fields.Date.to_date(date_uploaded)
        reference = (reference or "").strip()
        if self.state != "exported":
            raise UserError(_("Only an exported report is certified."))
        if not date_uploaded or not reference:
            raise UserError(_("Give the upload date and the SUI's reference."))
        today = self.company_id._pqr_today()
        exported = fields.Datetime.context_timestamp(self, self.date_exported).date()
        if date_uploaded > today or date_uploaded < exported:
            raise UserError(
                _(
                    "The upload date falls between the export (%(exported)s) and "
                    "today.",
                    exported=self.company_id._pqr_format(exported),
                )
            )
        transition(self).write(
            {
                "state": "certified",
                "date_certified": date_uploaded,
                "certification_reference": reference,
                "certified_by_id": self.env.user.id,
            }
        )
        return True

    def _dialog(self, model, name, **context):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id, **context},
        }

    def action_open_certify(self):
        return self._dialog("sui.report.certify", _("Certify the Upload"))

    def action_open_export_anyway(self):
        return self._dialog(
            "sui.report.justify",
            _("Export With Findings"),
            default_mode="export_anyway",
        )

    def action_open_reexport(self):
        return self._dialog(
            "sui.report.justify",
            _("Export a Certified Period Again"),
            default_mode="reexport",
        )

    def action_download_csv(self):
        self.ensure_one()
        return self._download(self.csv_attachment_id)

    def action_download_xlsx(self):
        self.ensure_one()
        return self._download(self.xlsx_attachment_id)

    def _download(self, attachment):
        if not attachment:
            raise UserError(_("Export the report first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
