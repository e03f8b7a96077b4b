"""18.0.1.1.0: the type's silence effect and recursos, and the causes against whose
acts apelación lies, are new fields of noupdate catalogues: give the shipped records
their values (records edited or added by the utility keep the defaults), then the PQRs
their type's silence effect."""

from odoo import SUPERUSER_ID, api

TYPES = {
    "pqr_type_queja": ("sap", "reposicion"),
    "pqr_type_recurso_reposicion": ("sap", "none"),
    "pqr_type_recurso_apelacion": ("sap", "none"),
    "pqr_type_informacion": ("information", "reposicion"),
    "pqr_type_consulta": ("none", "none"),
    "pqr_type_denuncia": ("sap", "reposicion"),
    "pqr_type_sugerencia": ("none", "none"),
}
CAUSES_WITH_APELACION = ("308", "309", "401", "402")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (effect, recursos) in TYPES.items():
        pqr_type = env.ref(f"pqr_servicios_publicos.{xmlid}", raise_if_not_found=False)
        if pqr_type:
            pqr_type.write({"silence_effect": effect, "recursos": recursos})
    env["pqr.causal"].search(
        [("causal_group", "=", "P"), ("code", "in", CAUSES_WITH_APELACION)]
    ).write({"sspd_appeal": True})
    requests = env["pqr.request"].search([])
    env.add_to_compute(requests._fields["silence_effect"], requests)
    requests.flush_recordset()
