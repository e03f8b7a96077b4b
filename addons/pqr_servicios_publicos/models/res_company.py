from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, format_datetime

# Terms of the PQR settings that must be positive numbers
# File types a customer may attach, with the names they may carry; the content
# decides (odoo.tools.mimetypes.guess_mimetype), the name must agree with it.
UPLOAD_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
}

POSITIVE_TERMS = (
    "pqr_citation_days",
    "pqr_notice_after_days",
    "pqr_recurso_days",
    "pqr_electronic_fallback_days",
    "pqr_copies_days",
    "pqr_transfer_days",
    "pqr_completion_request_days",
    "pqr_completion_months",
    "pqr_sap_recognition_hours",
    "pqr_invoice_claim_months",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_pqr_calendar(self):
        return self.env.ref(
            "pqr_servicios_publicos.resource_calendar_pqr", raise_if_not_found=False
        )

    pqr_calendar_id = fields.Many2one(
        "resource.calendar",
        string="PQR Business-Day Calendar",
        default=_default_pqr_calendar,
        help="Working days (Monday to Friday) minus Colombian national holidays and "
        "company closure days: the días hábiles in which every legal term is counted "
        "(Ley 1755 de 2015 art. 14; Ley 142 de 1994 art. 158).",
    )
    pqr_closing_hour = fields.Float(
        string="PQR Office Closing Hour",
        default=17.0,
        help="A PQR received at or after this hour (America/Bogota), or on a "
        "non-business day, counts as filed on the next business day.",
    )
    pqr_due_soon_days = fields.Integer(
        string="Due Soon Threshold (business days)",
        default=5,
        help="A PQR with this many business days left or fewer is shown as due soon.",
    )
    pqr_alert_threshold_ids = fields.Many2many(
        "pqr.alert.threshold",
        string="Deadline Alerts",
        default=lambda self: self._default_pqr_alert_thresholds(),
        help="Business days before the legal deadline on which the responsible "
        "receives an activity: D-5, D-2 and D-0 (the deadline day) by default.",
    )
    sui_dane_department = fields.Char(
        string="DANE Department Code",
        size=2,
        help="DIVIPOLA (DANE) code of the department where the company serves, two "
        "digits (e.g. 23, Córdoba): first column of the SUI reports.",
    )
    sui_dane_municipality = fields.Char(
        string="DANE Municipality Code",
        size=3,
        help="DIVIPOLA (DANE) code of the municipality inside the department, three "
        "digits (e.g. 001).",
    )
    sui_dane_centro_poblado = fields.Char(
        string="DANE Populated Centre Code",
        size=3,
        help="DIVIPOLA (DANE) code of the centro poblado, three digits (000: the "
        "municipal seat).",
    )
    pqr_invoice_claim_months = fields.Integer(
        string="Invoice Claim Limit (months)",
        default=5,
        help="Ley 142 de 1994 art. 154: no claim lies against invoices issued more than "
        "five months before. The PQR shows a warning, but must still be answered.",
    )

    pqr_citation_days = fields.Integer(
        string="Citation Term (business days)",
        default=5,
        help="CPACA art. 68: the citation for personal notification is sent within "
        "five days of the decision.",
    )
    pqr_notice_after_days = fields.Integer(
        string="Notice After (business days)",
        default=5,
        help="CPACA art. 69: without personal notification five days after the "
        "citation was sent, the decision is notified by notice (aviso).",
    )
    pqr_recurso_days = fields.Integer(
        string="Recurso Window (business days)",
        default=5,
        help="Ley 142 de 1994 art. 154: recursos are filed within five days of the "
        "notification of the decision.",
    )
    pqr_electronic_fallback_days = fields.Integer(
        string="Electronic Link Fallback (business days)",
        default=2,
        help="CPACA art. 56 makes an electronic notification effective only when the "
        "petitioner accesses the act. A link not opened within this many business "
        "days falls back to a citation, which CPACA art. 68 wants sent within five "
        "days of the decision: keep this number below the citation term.",
    )
    pqr_copies_days = fields.Integer(
        string="Copies Due After Acceptance (business days)",
        default=3,
        help="Ley 1755 de 2015 art. 14: a request for documents not answered within "
        "its term is deemed accepted, and the copies are delivered within the next "
        "three days.",
    )
    pqr_transfer_days = fields.Integer(
        string="Transfer Term (business days)",
        default=5,
        help="CPACA art. 21 (Ley 1755 de 2015): a written petition the company is not "
        "competent to decide is sent to the competent authority, with a copy of the "
        "covering letter to the petitioner, within five days of its receipt. A verbal "
        "one is answered at once (the filing day).",
    )
    pqr_completion_request_days = fields.Integer(
        string="Request to Complete Within (business days)",
        default=10,
        help="CPACA art. 17 (Ley 1755 de 2015): the company asks the petitioner to "
        "complete an incomplete petition within ten days of its filing.",
    )
    pqr_completion_months = fields.Integer(
        string="Time to Complete (months)",
        default=1,
        help="CPACA art. 17: the petitioner has up to one month to complete the "
        "petition, extendable once by the same term at their request; otherwise the "
        "petition is archived as desisted (desistimiento).",
    )
    pqr_letter_signer_id = fields.Many2one(
        "res.users",
        string="Letters Signed By",
        help="Official who signs the decisions and letters of the PQR office (e.g. "
        "the legal representative or whom they delegated). Empty: the responsible "
        "of each PQR.",
    )
    pqr_letter_signer_title = fields.Char(
        string="Signer's Position",
        translate=True,
        help="Shown under the signature. Empty: 'Office of Peticiones, Quejas y "
        "Recursos'.",
    )
    pqr_sap_recognition_hours = fields.Integer(
        string="Silence Recognition (hours)",
        default=72,
        help="Ley 142 de 1994 art. 158: within 72 hours after the term expires the "
        "company recognises the effects of the silencio administrativo positivo.",
    )

    # Files a customer attaches on the portal or the public form
    pqr_upload_max_files = fields.Integer(
        string="Files per Filing",
        default=5,
        help="Most files a customer may attach when filing on the portal or the "
        "public form (0: none).",
    )
    pqr_upload_max_mb = fields.Integer(
        string="Size per File (MB)",
        default=10,
        help="Largest file a customer may attach, in megabytes.",
    )
    pqr_upload_mimetypes = fields.Char(
        string="Accepted File Types",
        default="application/pdf,image/jpeg,image/png",
        help="MIME types a customer may attach, separated by commas. Each file is "
        "checked by its content, not only by its name.",
    )

    # Field orders (Ley 142 de 1994 arts. 140-142; domain decision 9)
    pqr_suspension_overdue_periods = fields.Integer(
        string="Overdue Invoices for Suspension",
        default=2,
        help="How many overdue billing periods make an account due for suspension "
        "for non-payment. Ley 142 de 1994 art. 140: at most two periods with "
        "bimonthly billing, three with monthly billing; the contract of uniform "
        "conditions may set fewer (SSPD Concepto 536 de 2019).",
    )
    pqr_restore_hours = fields.Integer(
        string="Restore Within (hours)",
        default=24,
        help="Clock hours to reconnect or reinstate the service after the cause is "
        "removed (SSPD; Ley 142 de 1994 art. 142).",
    )
    pqr_cut_after_days = fields.Integer(
        string="Cut After a Suspension of (days)",
        default=60,
        help="Calendar days a suspension may last unresolved before a cut is "
        "proposed (Ley 142 de 1994 art. 141; the contract of uniform conditions "
        "sets it). 0: never proposed.",
    )
    pqr_field_area_id = fields.Many2one(
        "pqr.area",
        string="Field Area",
        help="The area that executes field orders (Subgerencia Técnica Operativa); "
        "its responsible is the technical lead who dispatches them.",
    )
    pqr_reconnection_product_id = fields.Many2one(
        "product.product", string="Reconnection Charge"
    )
    pqr_reinstatement_product_id = fields.Many2one(
        "product.product", string="Reinstatement Charge"
    )
    pqr_field_charge_policy = fields.Selection(
        [
            ("draft_invoice", "On a new draft invoice"),
            ("next_invoice", "Added to the account's next invoice"),
        ],
        string="Bill Charges",
        default="draft_invoice",
        required=True,
        help="How a reconnection or reinstatement charge is billed. Never when the "
        "suspension or cut was the company's error.",
    )

    # Financing orders (R10-01-05)
    pqr_min_down_payment_percent = fields.Float(
        string="Minimum Down Payment (%)",
        default=10.0,
        digits=(5, 2),
        help="The least down payment of a financing order, in percent of the debt.",
    )
    pqr_financing_installments = fields.Integer(
        string="Default Number of Instalments", default=12
    )
    pqr_financing_default_installments = fields.Integer(
        string="Default After Overdue Instalments",
        default=3,
        help="A financing order with this many overdue instalments defaults: its "
        "remaining principal is invoiced at once. 0: never.",
    )
    pqr_financed_account_id = fields.Many2one(
        "account.account",
        string="Financed Receivables Account",
        check_company=True,
        domain="[('account_type', 'in', ('asset_current', 'asset_non_current'))]",
        help="Where activation moves the financed debt from the customer's "
        "receivable; the instalments' principal is billed against it.",
    )
    pqr_financing_interest_account_id = fields.Many2one(
        "account.account",
        string="Financing Interest Income Account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    pqr_financing_journal_id = fields.Many2one(
        "account.journal",
        string="Financing Activation Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="The journal of the activation entries. Empty: the company's first "
        "miscellaneous journal.",
    )

    def _default_pqr_alert_thresholds(self):
        return self.env["pqr.alert.threshold"].search([("days", "in", (5, 2, 0))])

    @api.model
    def _pqr_init_alert_thresholds(self):
        """Companies without alerts (existing at install) get the defaults."""
        self.search([("pqr_alert_threshold_ids", "=", False)]).write(
            {
                "pqr_alert_threshold_ids": [
                    (6, 0, self._default_pqr_alert_thresholds().ids)
                ]
            }
        )
        return True

    @api.constrains(
        "pqr_suspension_overdue_periods", "pqr_restore_hours", "pqr_cut_after_days"
    )
    def _check_pqr_field_terms(self):
        for company in self:
            if not 1 <= company.pqr_suspension_overdue_periods <= 3:
                raise ValidationError(
                    _(
                        "Overdue invoices for suspension: from 1 to 3 (Ley 142 de 1994 "
                        "art. 140 allows at most three monthly periods)."
                    )
                )
            if not 1 <= company.pqr_restore_hours <= 24:
                raise ValidationError(
                    _(
                        "The service is restored within 1 to 24 hours of the cause removed."
                    )
                )
            if company.pqr_cut_after_days < 0:
                raise ValidationError(_("The days before a cut cannot be negative."))

    @api.constrains(
        "pqr_min_down_payment_percent",
        "pqr_financing_installments",
        "pqr_financing_default_installments",
    )
    def _check_pqr_financing_terms(self):
        for company in self:
            if not 0 <= company.pqr_min_down_payment_percent < 100:
                raise ValidationError(
                    _("The minimum down payment is from 0 to less than 100 %.")
                )
            if not 1 <= company.pqr_financing_installments <= 120:
                raise ValidationError(
                    _("A financing order has from 1 to 120 instalments.")
                )
            if company.pqr_financing_default_installments < 0:
                raise ValidationError(
                    _("The overdue instalments before a default cannot be negative.")
                )

    @api.constrains(
        "sui_dane_department", "sui_dane_municipality", "sui_dane_centro_poblado"
    )
    def _check_sui_dane_codes(self):
        sizes = {
            "sui_dane_department": 2,
            "sui_dane_municipality": 3,
            "sui_dane_centro_poblado": 3,
        }
        for company in self:
            for name, size in sizes.items():
                value = company[name]
                if value and not (value.isdigit() and len(value) == size):
                    raise ValidationError(
                        _(
                            "%(field)s is a DANE code of exactly %(size)s digits.",
                            field=self._fields[name]._description_string(self.env),
                            size=size,
                        )
                    )

    @api.constrains(*POSITIVE_TERMS, "pqr_due_soon_days", "pqr_closing_hour")
    def _check_pqr_terms(self):
        for company in self:
            if not 0 < company.pqr_closing_hour <= 24:
                raise ValidationError(_("The closing hour is between 00:00 and 24:00."))
            for name in POSITIVE_TERMS:
                if company[name] <= 0:
                    raise ValidationError(
                        _(
                            "%(field)s must be a positive number.",
                            field=self._fields[name]._description_string(self.env),
                        )
                    )
            if company.pqr_due_soon_days < 0:
                raise ValidationError(_("The due-soon threshold cannot be negative."))
            if company.pqr_electronic_fallback_days >= company.pqr_citation_days:
                raise ValidationError(
                    _(
                        "An unopened decision link must fall back to a citation before "
                        "the citation term ends (CPACA art. 68): keep the electronic "
                        "fallback below the citation term."
                    )
                )

    @api.constrains("pqr_upload_max_files", "pqr_upload_max_mb", "pqr_upload_mimetypes")
    def _check_pqr_uploads(self):
        for company in self:
            if not 0 <= company.pqr_upload_max_files <= 20:
                raise ValidationError(_("A filing takes between 0 and 20 files."))
            if not 1 <= company.pqr_upload_max_mb <= 50:
                raise ValidationError(_("A file may weigh between 1 and 50 MB."))
            if company.pqr_upload_max_files and not company._pqr_upload_mimetypes():
                raise ValidationError(_("Give at least one accepted file type."))
            wrong = [
                m for m in company._pqr_upload_mimetypes() if m not in UPLOAD_EXTENSIONS
            ]
            if wrong:
                raise ValidationError(
                    _(
                        "Unknown file types: %(types)s. Accepted: %(known)s.",
                        types=", ".join(wrong),
                        known=", ".join(UPLOAD_EXTENSIONS),
                    )
                )

    def _pqr_upload_mimetypes(self):
        self.ensure_one()
        return [
            m.strip().lower()
            for m in (self.pqr_upload_mimetypes or "").split(",")
            if m.strip()
        ]

    def _pqr_alert_thresholds(self):
        """Alert thresholds as a descending list of integers."""
        self.ensure_one()
        return sorted(set(self.pqr_alert_threshold_ids.mapped("days")), reverse=True)

    def _pqr_lang(self):
        """The language of the office's automatic texts: the company's."""
        self.ensure_one()
        lang = self.env["res.lang"]._get_code(self.sudo().partner_id.lang or "")
        return lang or self.env["res.lang"]._get_code("es_CO") or "en_US"

    def _pqr_format(self, value):
        """A date or a datetime as a text says it: in the format of the
        environment's language, a datetime in the calendar's time zone (never ISO,
        never UTC)."""
        if not value:
            return ""
        if isinstance(value, datetime):
            tz = self._pqr_calendar()._pqr_tz().zone
            return format_datetime(self.env, value, tz=tz, dt_format=False)
        return format_date(self.env, value)

    def _pqr_manager(self):
        """A PQR manager of the company: who recognises silences and approves
        suspensions."""
        self.ensure_one()
        managers = self.env.ref("pqr_servicios_publicos.group_pqr_manager").users
        return managers.filtered(lambda u: self in u.company_ids)[:1]

    def _pqr_field_lead(self):
        """The technical lead: the field area's responsible, else a PQR manager."""
        self.ensure_one()
        return self.pqr_field_area_id.manager_id or self._pqr_manager()

    def _pqr_calendar(self):
        """The company's business-day calendar, in the company's environment: its
        own closure days apply, whoever runs the code."""
        self.ensure_one()
        calendar = self.pqr_calendar_id or self._default_pqr_calendar()
        return calendar.with_context(pqr_company_id=self.id)

    def _pqr_today(self):
        return (self[:1] or self.env.company)._pqr_calendar().pqr_today()

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._pqr_create_radicado_sequence()
        companies._pqr_create_field_order_sequence()
        companies._pqr_create_financing_sequence()
        return companies

    def _pqr_create_field_order_sequence(self):
        """One field-order sequence per company, numbered per year (OC-2026-00012)."""
        return (
            self.env["ir.sequence"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._(
                            "Field order number (%(company)s)", company=company.name
                        ),
                        "code": "pqr.field.order",
                        "company_id": company.id,
                        "prefix": "OC-%(range_year)s-",
                        "padding": 5,
                        "use_date_range": True,
                    }
                    for company in self
                ]
            )
        )

    def _pqr_create_financing_sequence(self):
        """One financing-order sequence per company, numbered per year
        (FIN-2026-00012)."""
        return (
            self.env["ir.sequence"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._(
                            "Financing order number (%(company)s)", company=company.name
                        ),
                        "code": "pqr.financing.order",
                        "company_id": company.id,
                        "prefix": "FIN-%(range_year)s-",
                        "padding": 5,
                        "use_date_range": True,
                    }
                    for company in self
                ]
            )
        )

    def _pqr_create_radicado_sequence(self):
        """One gap-free radicado sequence per company, numbered per year
        (PQR-2026-000123)."""
        return (
            self.env["ir.sequence"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._(
                            "PQR filing number (%(company)s)", company=company.name
                        ),
                        "code": "pqr.request",
                        "company_id": company.id,
                        "prefix": "PQR-%(range_year)s-",
                        "padding": 6,
                        "implementation": "no_gap",
                        "use_date_range": True,
                    }
                    for company in self
                ]
            )
        )

    @api.model
    def _pqr_setup_companies(self):
        """On install: give every company the PQR calendar, its holidays and its
        radicado sequence."""
        calendar = self._default_pqr_calendar()
        self.search([("pqr_calendar_id", "=", False)]).pqr_calendar_id = calendar
        Sequence = self.env["ir.sequence"].sudo()
        self.search([]).filtered(
            lambda c: not Sequence.search_count(
                [("code", "=", "pqr.request"), ("company_id", "=", c.id)]
            )
        )._pqr_create_radicado_sequence()
        self.search([]).filtered(
            lambda c: not Sequence.search_count(
                [("code", "=", "pqr.field.order"), ("company_id", "=", c.id)]
            )
        )._pqr_create_field_order_sequence()
        self.search([]).filtered(
            lambda c: not Sequence.search_count(
                [("code", "=", "pqr.financing.order"), ("company_id", "=", c.id)]
            )
        )._pqr_create_financing_sequence()
        year = fields.Date.context_today(self).year
        self.search([]).mapped("pqr_calendar_id").pqr_generate_holidays(
            [year, year + 1]
        )
