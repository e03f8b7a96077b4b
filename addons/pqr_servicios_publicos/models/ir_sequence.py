"""Radicado numbering: one gap-free ``ir.sequence`` per company with yearly ranges; a
batch of PQRs reserves its block of numbers with one locked UPDATE."""

from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _pqr_reserve_radicados(self, company, day, count):
        """``count`` consecutive radicados of ``company`` for the year of ``day``."""
        sequence = self._pqr_radicado_sequence(company)
        date_range = sequence._pqr_ensure_year(day)
        first = date_range._pqr_reserve_numbers(count)
        sequence = sequence.with_context(
            ir_sequence_date=day, ir_sequence_date_range=date_range.date_from
        )
        step = sequence.number_increment
        return [sequence.get_next_char(first + i * step) for i in range(count)]

    @api.model
    def _pqr_radicado_sequence(self, company):
        """The company's gap-free yearly radicado sequence."""
        sequence = self.sudo().search(
            [("code", "=", "pqr.request"), ("company_id", "=", company.id)], limit=1
        )
        return sequence or company._pqr_create_radicado_sequence()

    def _pqr_ensure_year(self, day):
        """The numbering range holding ``day``. A missing one is created under a row
        lock on the sequence, so that concurrent first PQRs of a year never get two
        ranges (and duplicate numbers)."""
        self.ensure_one()
        DateRange = self.env["ir.sequence.date_range"].sudo()
        domain = [
            ("sequence_id", "=", self.id),
            ("date_from", "<=", day),
            ("date_to", ">=", day),
        ]
        date_range = DateRange.search(domain, limit=1)
        if date_range:
            return date_range
        # An UPDATE, not a mere row lock: under REPEATABLE READ a transaction that
        # waited for it then fails to serialize and is retried with a fresh snapshot
        # that sees the range created here.
        self.env.cr.execute(
            "UPDATE ir_sequence SET number_next = number_next WHERE id = %s",
            [self.id],
        )
        DateRange.invalidate_model()
        return DateRange.search(domain, limit=1) or self.sudo()._create_date_range_seq(
            day
        )


class IrSequenceDateRange(models.Model):
    _inherit = "ir.sequence.date_range"

    def _pqr_reserve_numbers(self, count):
        """Reserve ``count`` consecutive numbers of this gap-free range in one
        statement and return the first. Same lock as Odoo's no-gap sequences
        (FOR UPDATE NOWAIT: a concurrent transaction gets LockNotAvailable and is
        retried by Odoo's RPC/HTTP layer), so numbers stay unique and gap-free. The
        lock is held until the transaction ends: intake renders no PDF and sends no
        mail after it (the acknowledgement is queued)."""
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
