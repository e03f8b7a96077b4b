from odoo import fields, models


class PqrArea(models.Model):
    _name = "pqr.area"
    _description = "PQR Responsible Area"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    manager_id = fields.Many2one(
        "res.users", string="Area Manager", domain=[("share", "=", False)]
    )
    member_ids = fields.Many2many(
        "res.users",
        string="Members",
        domain=[("share", "=", False)],
        help="Users who see and work on the PQRs routed to this area.",
    )
