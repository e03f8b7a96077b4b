"""18.0.1.2.0: the deadline alerts of a company were a free text ("5,2,0"); they are
now a list of numbers (pqr.alert.threshold). Each company keeps the numbers its text
held (the defaults D-5, D-2, D-0 when it held none that are valid)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'res_company' AND column_name = 'pqr_alert_days'"
    )
    if not cr.fetchone():
        return
    cr.execute("SELECT id, pqr_alert_days FROM res_company")
    Threshold = env["pqr.alert.threshold"]
    for company_id, text in cr.fetchall():
        days = {
            int(part)
            for part in (text or "").split(",")
            if part.strip().isdigit() and 0 <= int(part) <= 30
        }
        thresholds = Threshold.search([("days", "in", list(days))])
        missing = days - set(thresholds.mapped("days"))
        thresholds |= Threshold.create([{"days": d} for d in sorted(missing)])
        if not thresholds:
            thresholds = env["res.company"]._default_pqr_alert_thresholds()
        env["res.company"].browse(company_id).pqr_alert_threshold_ids = [
            (6, 0, thresholds.ids)
        ]
