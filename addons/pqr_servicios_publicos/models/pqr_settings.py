"""The PQR office's legal settings, edited by the Subgerente (PQR manager) without
being an Odoo administrator.

The numbers live on the company (one place); this form shows them with their legal
citation and writes them back. Only the fields of this form can be written through
it, and only by a PQR manager: the check is in ``create``/``write`` (a group, never a
context key), then the write on the company is done as superuser.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PqrAlertThreshold(models.Model):
    """A number of business days before the legal deadline on which the
    responsible gets an activity (D-5, D-2, D-0)."""

    _name = "pqr.alert.threshold"
    _description = "PQR Deadline Alert"
    _order = "days desc"
    _rec_name = "name"

    days = fields.Integer(string="Business Days Before", required=True)
    name = fields.Char(compute="_compute_name", store=True)

    _sql_constraints = [
        ("days_unique", "unique(days)", "This alert exists already."),
        (
            "days_range",
            "CHECK(days >= 0 AND days <= 30)",
            "An alert is between 0 (the deadline day) and 30 business days before.",
        ),
    ]

    @api.depends("days")
    def _compute_name(self):
        for threshold in self:
            threshold.name = f"D-{threshold.days}"

    @api.model
    def name_create(self, name):
        """Typed in the tags field: "5" or "D-5"."""
        text = (name or "").strip().upper().removeprefix("D-").strip()
        if not text.isdigit() or not 0 <= int(text) <= 30:
            raise UserError(
                _(
                    "An alert is a whole number of business days before the legal "
                    "deadline, from 0 (the deadline day) to 30: “%(value)s” is not.",
                    value=name,
                )
            )
        existing = self.search([("days", "=", int(text))], limit=1)
        record = existing or self.create({"days": int(text)})
        return record.id, record.display_name


class PqrSettings(models.TransientModel):
    _name = "pqr.settings"
    _description = "PQR Office Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    pqr_calendar_id = fields.Many2one(
        related="company_id.pqr_calendar_id", readonly=False
    )
    pqr_closing_hour = fields.Float(
        related="company_id.pqr_closing_hour", readonly=False
    )
    pqr_due_soon_days = fields.Integer(
        related="company_id.pqr_due_soon_days", readonly=False
    )
    pqr_alert_threshold_ids = fields.Many2many(
        related="company_id.pqr_alert_threshold_ids", readonly=False
    )
    pqr_invoice_claim_months = fields.Integer(
        related="company_id.pqr_invoice_claim_months", readonly=False
    )
    pqr_citation_days = fields.Integer(
        related="company_id.pqr_citation_days", readonly=False
    )
    pqr_notice_after_days = fields.Integer(
        related="company_id.pqr_notice_after_days", readonly=False
    )
    pqr_recurso_days = fields.Integer(
        related="company_id.pqr_recurso_days", readonly=False
    )
    pqr_sap_recognition_hours = fields.Integer(
        related="company_id.pqr_sap_recognition_hours", readonly=False
    )
    pqr_electronic_fallback_days = fields.Integer(
        related="company_id.pqr_electronic_fallback_days", readonly=False
    )
    pqr_copies_days = fields.Integer(
        related="company_id.pqr_copies_days", readonly=False
    )
    pqr_transfer_days = fields.Integer(
        related="company_id.pqr_transfer_days", readonly=False
    )
    pqr_completion_request_days = fields.Integer(
        related="company_id.pqr_completion_request_days", readonly=False
    )
    pqr_completion_months = fields.Integer(
        related="company_id.pqr_completion_months", readonly=False
    )
    pqr_letter_signer_id = fields.Many2one(
        related="company_id.pqr_letter_signer_id", readonly=False
    )
    pqr_letter_signer_title = fields.Char(
        related="company_id.pqr_letter_signer_title", readonly=False
    )
    sui_dane_department = fields.Char(
        related="company_id.sui_dane_department", readonly=False
    )
    sui_dane_municipality = fields.Char(
        related="company_id.sui_dane_municipality", readonly=False
    )
    sui_dane_centro_poblado = fields.Char(
        related="company_id.sui_dane_centro_poblado", readonly=False
    )

    pqr_upload_max_files = fields.Integer(
        related="company_id.pqr_upload_max_files", readonly=False
    )
    pqr_upload_max_mb = fields.Integer(
        related="company_id.pqr_upload_max_mb", readonly=False
    )
    pqr_upload_mimetypes = fields.Char(
        related="company_id.pqr_upload_mimetypes", readonly=False
    )

    pqr_suspension_overdue_periods = fields.Integer(
        related="company_id.pqr_suspension_overdue_periods", readonly=False
    )
    pqr_restore_hours = fields.Integer(
        related="company_id.pqr_restore_hours", readonly=False
    )
    pqr_cut_after_days = fields.Integer(
        related="company_id.pqr_cut_after_days", readonly=False
    )
    pqr_field_area_id = fields.Many2one(
        related="company_id.pqr_field_area_id", readonly=False
    )
    pqr_reconnection_product_id = fields.Many2one(
        related="company_id.pqr_reconnection_product_id", readonly=False
    )
    pqr_reinstatement_product_id = fields.Many2one(
        related="company_id.pqr_reinstatement_product_id", readonly=False
    )
    pqr_min_down_payment_percent = fields.Float(
        related="company_id.pqr_min_down_payment_percent", readonly=False
    )
    pqr_financing_installments = fields.Integer(
        related="company_id.pqr_financing_installments", readonly=False
    )
    pqr_financing_default_installments = fields.Integer(
        related="company_id.pqr_financing_default_installments", readonly=False
    )
    pqr_financed_account_id = fields.Many2one(
        related="company_id.pqr_financed_account_id", readonly=False
    )
    pqr_financing_interest_account_id = fields.Many2one(
        related="company_id.pqr_financing_interest_account_id", readonly=False
    )
    pqr_financing_journal_id = fields.Many2one(
        related="company_id.pqr_financing_journal_id", readonly=False
    )
    pqr_field_charge_policy = fields.Selection(
        related="company_id.pqr_field_charge_policy", readonly=False
    )

    @api.model
    def default_get(self, fields_list):
        """A new form shows the company's current values (as Odoo's settings do
        with ``get_values``). Not when ``action_open`` saves the record at once: its
        related fields read the company, and defaults would be written back to it."""
        values = super().default_get(fields_list)
        if self.env.context.get("pqr_settings_saved_open"):
            return values
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        for name in fields_list:
            field = self._fields[name]
            if not (field.related or "").startswith("company_id."):
                continue
            value = company[field.related.split(".", 1)[1]]
            if field.type == "many2many":
                values[name] = [(6, 0, value.ids)]
            elif field.type == "many2one":
                values[name] = value.id
            else:
                values[name] = value
        return values

    def _check_pqr_manager(self, company_ids):
        user = self.env.user
        if not user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(_("Only a PQR manager changes the PQR office settings."))
        if not set(company_ids) <= set(user.company_ids.ids):
            raise AccessError(_("You can only change the settings of your companies."))

    @api.model_create_multi
    def create(self, vals_list):
        company_ids = [
            vals.get("company_id") or self.env.company.id for vals in vals_list
        ]
        self._check_pqr_manager(company_ids)
        for vals, company_id in zip(vals_list, company_ids, strict=True):
            vals["company_id"] = company_id
        # checked above: the company's PQR fields are written as superuser
        return super(PqrSettings, self.sudo()).create(vals_list).with_env(self.env)

    def write(self, vals):
        self._check_pqr_manager(self.company_id.ids)
        vals.pop("company_id", None)
        return super(PqrSettings, self.sudo()).write(vals)

    @api.depends("company_id")
    def _compute_display_name(self):
        for settings in self:
            settings.display_name = _("PQR Office Settings")

    @api.model
    def action_open(self):
        """The menu: the form on the current company's values."""
        settings = self.with_context(pqr_settings_saved_open=True).create(
            {"company_id": self.env.company.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("PQR Office Settings"),
            "res_model": self._name,
            "res_id": settings.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_save(self):
        """The values were written with the record: reopen the form on them."""
        return self.action_open()
