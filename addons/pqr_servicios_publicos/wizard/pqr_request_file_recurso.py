from odoo import fields, models


class PqrRequestFileRecurso(models.TransientModel):
    _name = "pqr.request.file.recurso"
    _description = "File a Recurso"

    request_id = fields.Many2one("pqr.request", required=True, readonly=True)
    recursos = fields.Selection(related="request_id.recursos_allowed")
    apelacion = fields.Boolean(
        string="With Subsidiary Apelación",
        help="Reposición and, subsidiarily, apelación before the Superintendencia "
        "(Ley 142 de 1994 art. 159).",
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now
    )
    description = fields.Html()

    def action_confirm(self):
        self.ensure_one()
        recurso = self.request_id.action_file_recurso(
            apelacion=self.apelacion,
            date_received=self.date_received,
            description=self.description,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "pqr.request",
            "res_id": recurso.id,
            "view_mode": "form",
        }
