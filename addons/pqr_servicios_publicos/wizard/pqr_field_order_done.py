from odoo import api, fields, models


class PqrFieldOrderDone(models.TransientModel):
    """Quick Done on a phone: reading, findings, seals, who attended and their
    signature, then the order is closed (its acta issued)."""

    _name = "pqr.field.order.done"
    _description = "Close a Field Order as Done"

    order_id = fields.Many2one("pqr.field.order", required=True, readonly=True)
    order_type = fields.Selection(related="order_id.order_type")
    meter_number = fields.Char()
    meter_reading = fields.Float(digits=(12, 2))
    findings = fields.Text(string="Findings and Work Done", required=True)
    seals_removed = fields.Char()
    seals_installed = fields.Char()
    attendee_name = fields.Char(string="Attended By", required=True)
    attendee_vat = fields.Char(string="Attendee's ID Number", required=True)
    attendee_signature = fields.Binary(string="Attendee's Signature", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["pqr.field.order"].browse(values.get("order_id"))
        if order:
            for fname in (
                "meter_number",
                "meter_reading",
                "findings",
                "seals_removed",
                "seals_installed",
                "attendee_name",
                "attendee_vat",
            ):
                if fname in fields_list and order[fname]:
                    values[fname] = order[fname]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.order_id.write(
            {
                fname: self[fname]
                for fname in (
                    "meter_number",
                    "meter_reading",
                    "findings",
                    "seals_removed",
                    "seals_installed",
                    "attendee_name",
                    "attendee_vat",
                    "attendee_signature",
                )
            }
        )
        return self.order_id.action_done()
