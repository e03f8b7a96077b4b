"""Invoices of a service account, and the payment that removes the cause of a
suspension or cut for non-payment."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    pqr_service_account_id = fields.Many2one(
        "pqr.service.account",
        string="Service Account",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The subscriber contract this invoice bills. Its overdue invoices count "
        "for a suspension for non-payment (Ley 142 de 1994 art. 140).",
    )

    def _invoice_paid_hook(self):
        """Called by Odoo's reconciliation, in its transaction, for the invoices that
        just became paid: the accounts they bill whose suspension or cut was for
        non-payment and that have no overdue invoice left get their restoring
        order (domain decision 9). The payment is the accountant's act; restoring
        is the office's rule, hence superuser."""
        res = super()._invoice_paid_hook()
        accounts = self.sudo().pqr_service_account_id.filtered(
            lambda a: a.service_state in ("suspended", "cut")
        )
        if accounts:
            # Two payments of the same account's last overdue invoices, committed
            # at the same time, would each still see the other invoice unpaid and
            # create nothing. Updating the accounts' rows makes the second
            # transaction fail to serialise: Odoo retries it with a fresh snapshot,
            # where the other invoice is paid.
            self.env.cr.execute(
                "UPDATE pqr_service_account SET write_date = write_date "
                "WHERE id IN %s",
                [tuple(accounts.ids)],
            )
            accounts._pqr_cause_removed(fields.Datetime.now())
        return res
