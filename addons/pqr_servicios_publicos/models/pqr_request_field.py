"""A PQR's field orders: ordering them, their results, and the rule that a PQR is
not decided while one of its prior inspections is open (the facts it gathers are
the decision's grounds), unless a PQR manager records why."""

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from .pqr_common import CLOCK_STATES, office, transition
from .pqr_field_order import OPEN_ORDER_STATES
from .pqr_request import OFFICE_GROUPS

# states in which the decision of a billing claim or recurso is still pending, for
# the art. 155 interlock: until the decision is notified (and, for an apelación,
# while the Superintendence decides it)
CLAIM_PENDING_STATES = CLOCK_STATES + ("decided", "notifying", "sspd")


class PqrRequest(models.Model):
    _inherit = "pqr.request"

    field_order_ids = fields.One2many(
        "pqr.field.order", "request_id", string="Field Orders", groups=OFFICE_GROUPS
    )
    field_order_count = fields.Integer(
        compute="_compute_field_order_count", groups=OFFICE_GROUPS
    )
    field_override_reason = fields.Text(
        string="Decided Without the Prior Inspection",
        readonly=True,
        copy=False,
        groups=OFFICE_GROUPS,
        help="Why a PQR manager let this PQR be decided while a prior inspection "
        "was open.",
    )
    field_override_uid = fields.Many2one(
        "res.users", string="Allowed By", readonly=True, copy=False
    )
    date_field_override = fields.Datetime(
        string="Allowed On", readonly=True, copy=False
    )

    def _compute_field_order_count(self):
        counts = dict(
            self.env["pqr.field.order"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.field_order_count = counts.get(request, 0)

    def _pqr_open_inspections(self):
        return (
            self.env["pqr.field.order"]
            .sudo()
            .search(
                [
                    ("request_id", "in", self.ids),
                    ("order_type", "=", "revision_previa"),
                    ("state", "in", OPEN_ORDER_STATES),
                ]
            )
        )

    def _check_can_decide(self):
        res = super()._check_can_decide()
        open_orders = self._pqr_open_inspections()
        for request in self.filtered(lambda r: not r.sudo().field_override_reason):
            orders = open_orders.filtered(lambda o, r=request: o.request_id == r)
            if orders:
                raise UserError(
                    _(
                        "%(name)s cannot be decided while its prior inspection "
                        "%(orders)s is open: wait for its result, cancel it, or ask a "
                        "PQR manager to allow the decision, with the reason.",
                        name=request.name,
                        orders=", ".join(orders.mapped("name")),
                    )
                )
        return res

    def action_allow_decision_without_inspection(self, reason):
        """A PQR manager lets the PQR be decided with its prior inspection open;
        the reason, who and when are recorded."""
        self.ensure_one()
        if not self.env.user.has_group("pqr_servicios_publicos.group_pqr_manager"):
            raise AccessError(_("Only a PQR manager allows this."))
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(_("Give the reason."))
        orders = self._pqr_open_inspections()
        if not orders:
            raise UserError(_("%(name)s has no open prior inspection.", name=self.name))
        transition(self).write(
            {
                "field_override_reason": reason.strip(),
                "field_override_uid": self.env.user.id,
                "date_field_override": fields.Datetime.now(),
            }
        )
        note = office(self)
        note.message_post(
            body=note.env._(
                "%(user)s allowed the decision with the prior inspection %(orders)s "
                "open. Reason: %(reason)s",
                user=self.env.user.name,
                orders=", ".join(orders.mapped("name")),
                reason=reason.strip(),
            )
        )
        return True

    def _pqr_blocking_claims(self, accounts):
        """Timely billing claims and recursos of ``accounts`` whose decision is not
        notified yet (Ley 142 de 1994 art. 155; domain decision 8)."""
        return self.search(
            [
                ("service_account_id", "in", accounts.ids),
                ("state", "in", CLAIM_PENDING_STATES),
                ("causal_id.causal_group", "=", "F"),
                "|",
                ("type_id.code", "=", "reclamo"),
                ("type_id.is_recurso", "=", True),
                ("is_late_recurso", "=", False),
            ]
        )

    def action_view_field_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_field_order_action"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = self._pqr_field_order_defaults()
        return action

    def action_create_field_order(self):
        """A new field order for this PQR (the type is chosen in the form)."""
        self.ensure_one()
        self.env["pqr.field.order"].check_access("create")
        if not self.service_account_id:
            raise UserError(
                _(
                    "Give the service account of %(name)s first: a field order is "
                    "executed at the account's address.",
                    name=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("New Field Order"),
            "res_model": "pqr.field.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._pqr_field_order_defaults(),
        }

    def _pqr_field_order_defaults(self):
        return {
            "default_request_id": self.id,
            "default_service_account_id": self.service_account_id.id,
            "default_company_id": self.company_id.id,
            "default_area_id": (self.company_id.pqr_field_area_id or self.area_id).id,
        }
