"""The register of suspensions and interruptions of the service (domain decision 11;
the official SUI layout was not found, brief 4.6): scheduled or not, start and end,
cause, sector, the accounts or the number of users affected, the notice given and the
field orders behind it. Executed suspension and cut orders open an entry for their
account; the reconnection or reinstatement that restores it closes it. Outages are
entered by hand or imported. Exported through its own layout, like Formato A."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.pqr_servicios_publicos.models.pqr_common import (
    in_transition,
    office,
    transition,
)
from odoo.addons.pqr_servicios_publicos.models.pqr_field_order import (
    CUTTING_TYPES,
    RESTORING_TYPES,
)

from .sui_layout import REPORT_SERVICES


class SuiServiceInterruption(models.Model):
    _name = "sui.service.interruption"
    _description = "Service Suspension or Interruption"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Description", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    service = fields.Selection(
        REPORT_SERVICES, required=True, default="acueducto", tracking=True
    )
    scheduled = fields.Boolean(
        tracking=True, help="Planned in advance (works, maintenance), with notice."
    )
    origin = fields.Selection(
        [
            ("manual", "Entered by Hand"),
            ("import", "Imported"),
            ("field_order", "Field Order"),
        ],
        required=True,
        default="manual",
        readonly=True,
    )
    date_start = fields.Datetime(string="Start", required=True, tracking=True)
    date_end = fields.Datetime(string="End", tracking=True)
    duration_hours = fields.Float(
        string="Duration (hours)", compute="_compute_duration", store=True
    )
    cause = fields.Char(required=True, tracking=True)
    sector = fields.Char(string="Sector or Area", tracking=True)
    service_account_ids = fields.Many2many(
        "pqr.service.account", string="Service Accounts Affected"
    )
    users_affected = fields.Integer(
        compute="_compute_users_affected",
        store=True,
        readonly=False,
        tracking=True,
        help="The accounts affected when they are listed; otherwise the number "
        "entered.",
    )
    notice_given = fields.Boolean(tracking=True)
    date_notice = fields.Datetime(string="Notice Given On", tracking=True)
    notice_means = fields.Char(
        string="Notice Given By", help="E.g. local radio, the bill, a door notice."
    )
    field_order_ids = fields.Many2many(
        "pqr.field.order", string="Field Orders", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not in_transition(self):
            if any(vals.get("field_order_ids") for vals in vals_list):
                raise UserError(
                    _("The field orders of the register are linked when they run.")
                )
            # what the origin says is who entered it: by hand, or Odoo's import
            origin = "import" if self.env.context.get("import_file") else "manual"
            for vals in vals_list:
                vals["origin"] = origin
        return super().create(vals_list)

    def write(self, vals):
        if not in_transition(self) and {"origin", "field_order_ids"} & set(vals):
            raise UserError(
                _("The origin and the field orders of the register are not edited.")
            )
        return super().write(vals)

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for entry in self:
            if entry.date_start and entry.date_end:
                delta = entry.date_end - entry.date_start
                entry.duration_hours = round(delta.total_seconds() / 3600, 2)
            else:
                entry.duration_hours = 0.0

    @api.depends("service_account_ids")
    def _compute_users_affected(self):
        for entry in self:
            if entry.service_account_ids:
                entry.users_affected = len(entry.service_account_ids)

    @api.constrains("date_start", "date_end", "date_notice", "users_affected")
    def _check_dates(self):
        for entry in self:
            if entry.date_end and entry.date_end < entry.date_start:
                raise ValidationError(
                    _("%(name)s ends before it starts.", name=entry.name)
                )
            if entry.users_affected < 0:
                raise ValidationError(_("The users affected cannot be negative."))

    # ------------------------------------------------------------------
    # Fed by the field orders
    # ------------------------------------------------------------------
    @api.model
    def _sui_from_field_orders(self, orders):
        """Executed suspension and cut orders open an entry for their account;
        a reconnection or reinstatement closes the account's open entry."""
        cutting = orders.filtered(lambda o: o.order_type in CUTTING_TYPES)
        # the register's texts in the office's language, whoever closes the order
        env = office(orders).env
        labels = dict(orders._fields["order_type"]._description_selection(env))
        causes = dict(orders._fields["cause"]._description_selection(env))
        transition(self.sudo()).create(
            [
                {
                    "name": f"{labels[order.order_type]} {order.name}",
                    "company_id": order.company_id.id,
                    "service": "acueducto",
                    "origin": "field_order",
                    "date_start": order.date_executed,
                    "cause": causes.get(order.cause) or labels[order.order_type],
                    "sector": order.street,
                    "service_account_ids": [(6, 0, order.service_account_id.ids)],
                    "field_order_ids": [(6, 0, order.ids)],
                }
                for order in cutting
            ]
        )
        restoring = orders.filtered(lambda o: o.order_type in RESTORING_TYPES)
        if not restoring:
            return
        open_entries = self.sudo().search(
            [
                ("origin", "=", "field_order"),
                ("date_end", "=", False),
                ("service_account_ids", "in", restoring.service_account_id.ids),
            ]
        )
        for order in restoring:
            for entry in open_entries.filtered(
                lambda e, order=order: order.service_account_id in e.service_account_ids
                and e.date_start <= order.date_executed
            ):
                transition(entry).write(
                    {
                        "date_end": order.date_executed,
                        "field_order_ids": [(4, order.id)],
                    }
                )
