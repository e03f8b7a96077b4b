from odoo import models


class IrSequenceDateRange(models.Model):
    _inherit = "ir.sequence.date_range"

    def _pqr_reserve_numbers(self, count):
        """Reserve ``count`` consecutive numbers of this gap-free range in one
        statement and return the first. Same lock as Odoo's no-gap sequences
        (FOR UPDATE NOWAIT: a concurrent transaction gets LockNotAvailable and is
        retried by Odoo's RPC/HTTP layer), so numbers stay unique and gap-free."""
        self.ensure_one()
        self.flush_recordset(["number_next"])
        step = self.sequence_id.number_increment
        self.env.cr.execute(
            "SELECT number_next FROM ir_sequence_date_range WHERE id = %s "
            "FOR UPDATE NOWAIT",
            [self.id],
        )
        self.env.cr.execute(
            "UPDATE ir_sequence_date_range SET number_next = number_next + %s "
            "WHERE id = %s RETURNING number_next - %s",
            [count * step, self.id, count * step],
        )
        first = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["number_next"])
        return first
