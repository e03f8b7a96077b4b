"""18.0.1.6.0: response types say whether they grant what was asked (bill changes,
R10-01-06). The shipped types are noupdate data: set the flag on the four that grant
(1 grants, 2 partially grants, 5 modifies, 6 revokes) when they still exist."""

from odoo import SUPERUSER_ID, api

GRANTING = ("1", "2", "5", "6")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for code in GRANTING:
        response = env.ref(
            f"pqr_servicios_publicos.pqr_response_type_{code}", raise_if_not_found=False
        )
        if response:
            response.grants_request = True
