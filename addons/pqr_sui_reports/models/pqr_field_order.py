from odoo import models


class PqrFieldOrder(models.Model):
    _inherit = "pqr.field.order"

    def _pqr_apply_to_account(self):
        """An executed suspension or cut opens an entry of the interruptions
        register; the reconnection or reinstatement closes it."""
        result = super()._pqr_apply_to_account()
        self.env["sui.service.interruption"]._sui_from_field_orders(self)
        return result
