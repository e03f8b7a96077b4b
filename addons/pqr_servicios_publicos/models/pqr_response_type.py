from odoo import fields, models


class PqrResponseType(models.Model):
    """SUI tipo de respuesta (Formato A, regulation brief 4.4)."""

    _name = "pqr.response.type"
    _description = "PQR Response Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(string="SUI Code", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    first_instance = fields.Boolean(help="Applies to answers to a PQR.")
    recurso = fields.Boolean(help="Applies to answers to a recurso.")
    fully_grants = fields.Boolean(
        help="The answer grants everything asked. A reposición answered otherwise "
        "(confirms, modifies) goes to the Superintendencia when the subsidiary "
        "apelación was filed (Ley 142 de 1994 art. 159).",
    )
    grants_request = fields.Boolean(
        string="Grants at Least in Part",
        help="The answer grants something of what was asked (grants, partially "
        "grants, modifies, revokes): on a billing PQR the bill must be adjusted "
        "(R10-01-06) before it is closed.",
    )
    recursos = fields.Selection(
        [
            ("appeal", "Reposición and subsidiary apelación"),
            ("reposicion", "Reposición only"),
            ("none", "None"),
        ],
        string="Recursos Against It",
        default="appeal",
        required=True,
        help="Recursos that lie against a first-instance answer of this type, stated "
        "in its letter: reposición and subsidiary apelación (Ley 142 de 1994 arts. "
        "154 and 159), only reposición (desistimiento, CPACA art. 17), or none (a "
        "transfer for lack of competence is a communication, CPACA art. 21).",
    )
    is_decision = fields.Boolean(
        default=True,
        help="Unchecked for the SUI states that are not a decision (pending, "
        "no answer): they cannot be issued.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "The SUI code of a response type is unique.")
    ]
