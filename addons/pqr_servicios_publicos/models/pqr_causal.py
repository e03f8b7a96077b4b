from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SERVICES = [
    ("water", "Water Supply"),
    ("sewer", "Sewerage"),
    ("waste", "Waste Collection"),
]


class PqrCausal(models.Model):
    _name = "pqr.causal"
    _description = "PQR Cause (SUI)"
    _order = "causal_group, code, date_from desc"
    _rec_names_search = ["name", "code"]

    causal_group = fields.Selection(
        [("F", "F - Billing"), ("P", "P - Service Provision")],
        string="Group",
        required=True,
        help="Causal group of SUI Formato A (since Resolución SSPD 20188000076635 de "
        "2018: F facturación, P prestación).",
    )
    code = fields.Char(required=True, size=3, help="Three-digit detail code of SUI.")
    name = fields.Char(required=True, translate=True)
    applies_water = fields.Boolean(string="Water Supply", default=True)
    applies_sewer = fields.Boolean(string="Sewerage")
    applies_waste = fields.Boolean(string="Waste Collection")
    sspd_appeal = fields.Boolean(
        string="Apelación before the SSPD",
        compute="_compute_sspd_appeal",
        store=True,
        readonly=False,
        help="The act deciding a PQR of this cause is about billing, refusal of the "
        "contract, suspension, termination or cut: apelación before the "
        "Superintendencia lies against it (Ley 142 de 1994 art. 154). By default, "
        "every billing (F) cause.",
    )
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid To")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "unique(causal_group, code, date_from)",
            "A cause code can only be valid once from a given date.",
        ),
    ]

    @api.depends("causal_group")
    def _compute_sspd_appeal(self):
        for causal in self:
            causal.sspd_appeal = causal.causal_group == "F"

    @api.depends("causal_group", "code", "name")
    def _compute_display_name(self):
        for causal in self:
            causal.display_name = f"{causal.causal_group}-{causal.code} {causal.name}"

    @api.constrains("code")
    def _check_code(self):
        for causal in self:
            if not (causal.code and len(causal.code) == 3 and causal.code.isdigit()):
                raise ValidationError(_("A cause code has exactly three digits."))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for causal in self:
            if (
                causal.date_from
                and causal.date_to
                and causal.date_to < causal.date_from
            ):
                raise ValidationError(_("A cause cannot end before it starts."))

    def _applies_to(self, service, day):
        """Whether this cause may be used for ``service`` on ``day``."""
        self.ensure_one()
        if service and not self[f"applies_{service}"]:
            return False
        if day and self.date_from and day < self.date_from:
            return False
        return not (day and self.date_to and day > self.date_to)
