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
import csv
import hashlib
import io
from collections import Counter
from datetime import timedelta

import pytz
import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.pqr_servicios_publicos.models.pqr_common import (
    CODE_TRANSFERS,
    NOTIFICATION_NOT_APPLICABLE,
    in_transition,
    office,
    transition,
)

from .sui_layout import LAYOUT_KINDS, REPORT_SERVICES
from .sui_layout_column import NAMED_VALUES, ROW_MODELS

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
# PQRs whose facts are read in one query while the rows are written
ROW_CHUNK = 5000
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

    def _requests(self):
        """The report's PQRs, ordered by legal filing date, then radicado."""
        self.ensure_one()
        domain = self._request_domain(
            self.company_id, self.date_from, self.date_to, self.service
        )
        return (
            self.env["pqr.request"]
            .sudo()
            .with_context(active_test=False)
            .search(domain, order="date_filed, name, id")
        )

    def _facts(self, requests):
        """What the rows of ``requests`` say, read in one query (the ORM would
        read it record by record through a dozen relations): {id: dict}."""
        if not requests:
            return {}
        invoices = self.env["pqr.request"]._fields["invoice_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id, r.name, r.date_filed, r.date_deadline, r.date_response,
                       r.response_number, r.date_notified, r.date_sspd_transfer,
                       r.parent_id, t.sui_code, t.is_recurso, r.causal_id,
                       c.causal_group, c.code AS causal_code, c.applies_water,
                       c.applies_sewer, c.applies_waste, c.date_from AS causal_from,
                       c.date_to AS causal_to, a.name AS account, a.dane_code,
                       r.response_type_id, rt.code AS response_code,
                       nt.code AS notification_code,
                       (SELECT m.name
                          FROM %(relation)s rel
                          JOIN account_move m ON m.id = rel.%(move)s
                         WHERE rel.%(request)s = r.id
                         ORDER BY m.invoice_date DESC NULLS LAST, m.id DESC
                         LIMIT 1) AS invoice
                  FROM pqr_request r
                  JOIN pqr_type t ON t.id = r.type_id
                  LEFT JOIN pqr_causal c ON c.id = r.causal_id
                  LEFT JOIN pqr_service_account a ON a.id = r.service_account_id
                  LEFT JOIN pqr_response_type rt ON rt.id = r.response_type_id
                  LEFT JOIN pqr_notification_type nt
                         ON nt.id = r.notification_type_id
                 WHERE r.id = ANY(%(ids)s)
                """,
                relation=SQL.identifier(invoices.relation),
                move=SQL.identifier(invoices.column2),
                request=SQL.identifier(invoices.column1),
                ids=requests.ids,
            )
        )
        return {fact["id"]: fact for fact in self.env.cr.dictfetchall()}

    def _row_values(self, fact, end, company_dane):
        """The named values of a PQR's row (its ``fact``), as it stood at the
        period's ``end``; the key _fact is for the findings."""
        date_response = fact["date_response"]
        decided = bool(date_response and date_response <= end)
        response_code = fact["response_code"] if decided else False
        date_notified = fact["date_notified"]
        notified = bool(
            decided
            and response_code != CODE_TRANSFERS
            and date_notified
            and date_notified <= end
        )
        if not decided:
            deadline = fact["date_deadline"]
            response_code = (
                RESPONSE_UNANSWERED if deadline and end > deadline else RESPONSE_PENDING
            )
            notification_code = NOTIFICATION_NOT_APPLICABLE
        elif response_code == CODE_TRANSFERS:
            notification_code = NOTIFICATION_NOT_APPLICABLE
        elif notified:
            notification_code = fact["notification_code"]
        else:
            notification_code = False
        department, municipality, centro = self._dane_codes(
            [fact["dane_code"]], company_dane
        )
        sspd = fact["date_sspd_transfer"]
        return {
            "dane_department": department,
            "dane_municipality": municipality,
            "dane_centro_poblado": centro,
            "radicado": fact["name"],
            "date_filed": fact["date_filed"],
            "tramite_type": fact["sui_code"],
            "causal_group": fact["causal_group"],
            "causal_code": fact["causal_code"],
            "account_number": fact["account"],
            "invoice_number": fact["invoice"],
            "response_type": response_code,
            "date_response": decided and date_response,
            "response_number": decided and fact["response_number"],
            "date_notified": notified and date_notified,
            "notification_type": notification_code,
            "date_sspd_transfer": sspd if sspd and sspd <= end else False,
            "_fact": fact,
        }

    def _iter_rows(self):
        """(record, named values, cells) per row, through the report's layout: a
        PQR per row of Formato A, an entry of the register per row of the
        interruptions. A generator: the PQRs' facts are read ROW_CHUNK at a time,
        and nothing of the month is held in memory at once."""
        self.ensure_one()
        layout = self.layout_id
        if not layout:
            raise UserError(
                _(
                    "No layout of this kind is valid on %(date)s: a manager adds "
                    "one (SUI > Layouts).",
                    date=self.company_id._pqr_format(self.date_to),
                )
            )
        named = NAMED_VALUES[self.kind]
        formatters = [
            (column.source in named, column.source, column._formatter(layout))
            for column in layout.column_ids
        ]

        def path_value(record, source):
            value = record
            for part in source.split("."):
                value = value[part]
            return value

        def row(record, values):
            cells = [
                formatter(values[source] if is_named else path_value(record, source))
                for is_named, source, formatter in formatters
            ]
            return record, values, cells

        # the facts are read in SQL: what the ORM still holds goes first, once
        self.env.flush_all()
        end, company_dane = self.date_to, self._company_dane()
        if self.kind == "formato_a":
            records = self._requests()
            for start in range(0, len(records), ROW_CHUNK):
                chunk = records[start : start + ROW_CHUNK]
                facts = self._facts(chunk)
                for record in chunk:
                    values = self._row_values(facts[record.id], end, company_dane)
                    yield row(record, values)
        else:
            for record in self._interruptions():
                yield row(record, self._interruption_values(record, company_dane))

    def _interruptions(self):
        """The register's entries of the report's service that were under way at
        some time of the month: started by its end, not ended before its start."""
        self.ensure_one()
        calendar = self.company_id._pqr_calendar()
        start = calendar.pqr_end_of_day_utc(self.date_from - timedelta(days=1))
        end = calendar.pqr_end_of_day_utc(self.date_to)
        return (
            self.env["sui.service.interruption"]
            .sudo()
            .search(
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
        )

    def _company_dane(self):
        company = self.company_id
        return (
            company.sui_dane_department,
            company.sui_dane_municipality,
            company.sui_dane_centro_poblado,
        )

    @api.model
    def _dane_codes(self, codes, company_dane):
        """The DANE codes of a row: the accounts' common 8-digit code, else the
        company's (``company_dane``)."""
        codes = set(codes)
        dane = codes.pop() if len(codes) == 1 else ""
        if dane and len(dane) == 8 and dane.isdigit():
            return dane[:2], dane[2:5], dane[5:]
        return company_dane

    def _interruption_values(self, entry, company_dane):
        """The named values of an entry's row, as it stood at the period's end: an
        end after it is not known yet."""
        calendar = self.company_id._pqr_calendar()
        tz = calendar._pqr_tz()
        end_of_period = calendar.pqr_end_of_day_utc(self.date_to)

        def local(moment):
            return moment and pytz.utc.localize(moment).astimezone(tz)

        start = local(entry.date_start)
        ended = entry.date_end and entry.date_end <= end_of_period
        end = local(entry.date_end) if ended else False
        notice = local(entry.date_notice) if entry.notice_given else False
        department, municipality, centro = self._dane_codes(
            entry.service_account_ids.mapped("dane_code"), company_dane
        )
        return {
            "dane_department": department,
            "dane_municipality": municipality,
            "dane_centro_poblado": centro,
            "scheduled": "S" if entry.scheduled else "N",
            "date_start": start and start.date(),
            "time_start": start and start.strftime("%H:%M"),
            "date_end": end and end.date(),
            "time_end": end and end.strftime("%H:%M"),
            "duration_hours": entry.duration_hours if ended else False,
            "cause": entry.cause,
            "sector": entry.sector,
            "users_affected": entry.users_affected,
            "notice_given": "S" if entry.notice_given else "N",
            "date_notice": notice and notice.date(),
            "field_orders": ", ".join(entry.field_order_ids.mapped("name")),
        }

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def _scan(self, writers=()):
        """One pass over the rows: (row count, findings, totals by cause). The
        findings are (record, column header or False, message) for every row the
        SUI would reject, and why; each of ``writers`` gets (row number, cells) as
        the rows come."""
        self.ensure_one()
        rules = self._cell_rules()
        encoding = self.layout_id.encoding
        formato_a = self.kind == "formato_a"
        row_findings = self._row_findings if formato_a else self._interruption_findings
        findings, hashes, totals = [], [], Counter()
        count = 0
        for record, values, cells in self._iter_rows():
            count += 1
            findings += [(record, False, m) for m in row_findings(record, values)]
            findings += [
                (record, column, message)
                for column, message in self._cell_findings(rules, cells, encoding)
            ]
            # radicados are unique per company (pqr.request); a layout that
            # leaves out what tells two PQRs apart writes identical rows, which
            # the SUI refuses
            hashes.append((record.id, hash(tuple(cells))))
            key = (
                (values["causal_group"] or "", values["causal_code"] or "")
                if formato_a
                else values["cause"] or ""
            )
            totals[key] += 1
            for write in writers:
                write(count, cells)
        repeated = Counter(digest for _id, digest in hashes)
        model = self.env[ROW_MODELS[self.kind]]
        identical = _("Another row of the file is identical.")
        findings += [
            (model.browse(record_id), False, identical)
            for record_id, digest in hashes
            if repeated[digest] > 1
        ]
        return count, findings, totals

    def _row_findings(self, request, values):
        """What is wrong with the facts of ``request``'s row."""
        messages = []
        fact = values["_fact"]
        filed = fact["date_filed"]
        if not fact["causal_id"]:
            messages.append(_("The cause (causal) is missing."))
        else:
            causal = self.env["pqr.causal"].browse(fact["causal_id"])
            if not fact[CAUSAL_APPLIES[SERVICE_OF[self.service]]]:
                messages.append(
                    _(
                        "The cause %(cause)s does not apply to the service "
                        "%(service)s.",
                        cause=causal.display_name,
                        service=dict(REPORT_SERVICES)[self.service],
                    )
                )
            if (fact["causal_from"] and filed < fact["causal_from"]) or (
                fact["causal_to"] and filed > fact["causal_to"]
            ):
                messages.append(
                    _(
                        "The cause %(cause)s was not in force on the filing date "
                        "%(date)s.",
                        cause=causal.display_name,
                        date=self.company_id._pqr_format(filed),
                    )
                )
        decided = values["date_response"]
        notified = values["date_notified"]
        sspd = values["date_sspd_transfer"]
        if decided and not fact["response_type_id"]:
            messages.append(_("Decided without a response type."))
        if notified and not values["notification_type"]:
            messages.append(_("Notified without a notification type."))
        if notified and decided and notified < decided:
            messages.append(_("The notification is dated before the response."))
        if decided and decided < filed:
            messages.append(_("The response is dated before the filing date."))
        if sspd and (sspd < filed or (decided and sspd < decided)):
            messages.append(
                _("The file went to the SSPD before the PQR was filed or decided.")
            )
        if fact["is_recurso"] and not fact["parent_id"]:
            messages.append(_("A recurso without the decision it challenges."))
        return messages

    def _interruption_findings(self, entry, values):
        """What is wrong with an entry of the register."""
        messages = []
        if entry.scheduled and not entry.notice_given:
            messages.append(_("A scheduled interruption without notice to the users."))
        if entry.notice_given and not entry.date_notice:
            messages.append(_("The notice was given: its date is missing."))
        if (
            entry.notice_given
            and entry.date_notice
            and entry.scheduled
            and entry.date_notice > entry.date_start
        ):
            messages.append(
                _("The notice of a scheduled interruption is after its start.")
            )
        if not values["users_affected"]:
            messages.append(
                _("No user affected: list the accounts or enter the number.")
            )
        return messages

    def _cell_rules(self):
        """What the layout requires of each column, read once per pass: (header,
        required, allowed codes)."""
        return [
            (column.header, column.required, column._allowed())
            for column in self.layout_id.column_ids
        ]

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
        try:
            "".join(cells).encode(encoding)
        except UnicodeEncodeError:
            for (header, _required, _allowed), cell in zip(rules, cells, strict=True):
                try:
                    cell.encode(encoding)
                except UnicodeEncodeError:
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
        """The headers and lines of the workbook's totals: rows by cause."""
        report = office(self)
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
                    for (group, code), count in sorted(counts.items())
                ],
            )
        return (
            [report.env._("Cause"), report.env._("Interruptions")],
            [[cause, count] for cause, count in sorted(counts.items())],
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
