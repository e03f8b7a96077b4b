from odoo import fields, models

METHODS = [
    ("electronic", "Electronic"),
    ("citation", "Citation"),
    ("personal", "Personal"),
    ("notice", "Notice (aviso)"),
    ("conduct", "Conduct (conducta concluyente)"),
]


class PqrNotificationType(models.Model):
    """SUI tipo de notificación. Seeded 1 personal, 2 edicto, 3 no aplica, 4 aviso,
    5 conducta concluyente: check aviso (2 or 4) against the official Anexo."""

    _name = "pqr.notification.type"
    _description = "PQR Notification Type (SUI)"
    _order = "code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(string="SUI Code", required=True)
    method = fields.Selection(
        METHODS,
        help="Notification method this SUI code reports. Electronic notification "
        "(CPACA art. 56) is reported as personal unless configured otherwise.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "The SUI code of a notification type is unique.",
        )
    ]
