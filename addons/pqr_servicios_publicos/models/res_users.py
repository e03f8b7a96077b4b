"""PQR users land in the PQR office, not in Discuss."""

from odoo import api, models

# Every PQR role implies one of these (clerk -> area, manager -> clerk)
PQR_GROUPS = (
    "pqr_servicios_publicos.group_pqr_technician",
    "pqr_servicios_publicos.group_pqr_billing",
    "pqr_servicios_publicos.group_pqr_area",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._pqr_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        # groups come as groups_id, or as the reified fields of the user form
        if any(
            key == "groups_id" or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self._pqr_set_home_action()
        return res

    def _pqr_set_home_action(self):
        """A user who gets a PQR group and has no home action opens the PQR list
        when logging in; a technician (who reads no PQR), their field orders. A home
        action chosen by hand is kept."""
        office = self.env.ref(
            "pqr_servicios_publicos.pqr_request_action", raise_if_not_found=False
        )
        mine = self.env.ref(
            "pqr_servicios_publicos.pqr_field_order_action_mine",
            raise_if_not_found=False,
        )
        if not office or not mine:
            return
        users = self.filtered(
            lambda u: not u.action_id
            and not u.share
            and any(u.has_group(group) for group in PQR_GROUPS)
        )
        readers = users.filtered(
            lambda u: any(u.has_group(group) for group in PQR_GROUPS[1:])
        )
        if readers:
            super(ResUsers, readers).write({"action_id": office.id})
        if users - readers:
            super(ResUsers, users - readers).write({"action_id": mine.id})
