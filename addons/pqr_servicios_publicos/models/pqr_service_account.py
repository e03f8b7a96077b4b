from odoo import fields, models


class PqrServiceAccount(models.Model):
    _name = "pqr.service.account"
    _description = "Service Account (Subscriber Contract)"
    _inherit = ["mail.thread"]
    _order = "name"
    _rec_names_search = ["name", "partner_id.name", "street", "meter_number"]
    _check_company_auto = True

    name = fields.Char(
        string="Account Number",
        required=True,
        tracking=True,
        help="Número de cuenta / matrícula of the subscriber contract.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, tracking=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    street = fields.Char(string="Property Address", required=True)
    estrato = fields.Selection(
        [
            ("1", "1 - Low-low"),
            ("2", "2 - Low"),
            ("3", "3 - Medium-low"),
            ("4", "4 - Medium"),
            ("5", "5 - Medium-high"),
            ("6", "6 - High"),
        ],
        string="Socio-economic Stratum",
        tracking=True,
        help="Estrato of residential properties (Ley 142 de 1994 arts. 101-104).",
    )
    use_class = fields.Selection(
        [
            ("residential", "Residential"),
            ("commercial", "Commercial"),
            ("industrial", "Industrial"),
            ("official", "Official"),
            ("special", "Special"),
            ("temporary", "Temporary"),
        ],
        required=True,
        default="residential",
        tracking=True,
    )
    meter_number = fields.Char(tracking=True)
    service_water = fields.Boolean(string="Water Supply", default=True)
    service_sewer = fields.Boolean(string="Sewerage", default=True)
    service_waste = fields.Boolean(string="Waste Collection", default=True)
    dane_code = fields.Char(
        string="DANE Populated Centre",
        size=8,
        help="DIVIPOLA code: department (2) + municipality (3) + centro poblado (3).",
    )
    request_ids = fields.One2many("pqr.request", "service_account_id", string="PQRs")
    request_count = fields.Integer(compute="_compute_request_count", string="PQR Count")

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The account number must be unique per company.",
        ),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["pqr.request"]._read_group(
                [("service_account_id", "in", self.ids)],
                ["service_account_id"],
                ["__count"],
            )
        )
        for account in self:
            account.request_count = counts.get(account, 0)

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pqr_servicios_publicos.pqr_request_action"
        )
        action["domain"] = [("service_account_id", "=", self.id)]
        action["context"] = {
            "default_service_account_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
