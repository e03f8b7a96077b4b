from odoo import fields, models

from .pqr_common import RECURSOS, SILENCE_EFFECTS


class PqrType(models.Model):
    _name = "pqr.type"
    _description = "PQR Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code, used by integrations.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    has_term = fields.Boolean(
        string="Legal Term",
        default=True,
        help="Unchecked for submissions that are not legal PQRs (e.g. suggestions): "
        "they get no deadline.",
    )
    term_days = fields.Integer(
        string="Term (business days)",
        default=15,
        help="Business days to answer, counted from the business day after filing. "
        "Ley 142 de 1994 art. 158: 15 for peticiones, quejas and recursos; Ley 1755 de "
        "2015 art. 14: 10 for requests of information or copies, 30 for consultas.",
    )
    legal_basis = fields.Char(translate=True, help="Norm that sets the term.")
    is_recurso = fields.Boolean(string="Recurso")
    portal_filing = fields.Boolean(
        string="Filed by Customers",
        default=True,
        help="Offered on the customer portal and the public form. Recursos never "
        "are: a customer files them from the decision they attack.",
    )
    sui_code = fields.Char(
        string="SUI Procedure Type",
        help="Código de tipo de trámite of SUI Formato A (Resolución SSPD "
        "20151300054575): 1 reclamación, 2 queja, 3 denuncia, 4 recurso de reposición, "
        "5 reposición y subsidiario de apelación, 6 solicitud de información o copias.",
    )
    sui_reported = fields.Boolean(string="Reported to SUI", default=True)
    silence_effect = fields.Selection(
        SILENCE_EFFECTS,
        string="Silence Means",
        default="sap",
        required=True,
        help="What the end of the term without an answer means: silencio "
        "administrativo positivo with its 72-hour recognition for peticiones, quejas, "
        "reclamos and recursos (Ley 142 de 1994 art. 158); a request for information "
        "or copies deemed accepted, the copies due within 3 days (Ley 1755 de 2015 "
        "art. 14); or nothing but overdue (e.g. a consulta). Stored on each PQR when "
        "filed.",
    )
    recursos = fields.Selection(
        RECURSOS,
        string="Recursos Against Its Answer",
        default="appeal",
        required=True,
        help="The most that lies against the answer to this type: reposición and "
        "subsidiary apelación where the act is about billing, refusal of the "
        "contract, suspension, termination or cut (Ley 142 de 1994 art. 154; the "
        "cause says which), only reposición (e.g. the answer to a queja or to a "
        "request for copies), or none (a consulta, CPACA art. 28).",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a PQR type must be unique."),
        ("term_positive", "CHECK(term_days >= 0)", "A term cannot be negative."),
    ]
