"""The business-day service: the only place in the project that counts días hábiles.

A business day of a calendar is a weekday on which the calendar has attendances, that no
global leave of the calendar (resource.calendar.leaves with no resource: Colombian
holidays generated from the ``holidays`` package, company closure days entered by hand)
touches. Terms start on the business day *after* their start date and end on the Nth
business day, inclusive (domain decision 3).

Every method works on whole ranges: one query of leaves for the span, then pure Python
(bisect over the sorted business days), so computing many deadlines costs one query.
"""

import bisect
import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .pqr_common import CLOCK_STATES

_logger = logging.getLogger(__name__)

try:
    import holidays
except ImportError:  # pragma: no cover - declared in external_dependencies
    holidays = None

# Spans are widened by this many calendar days so that N business days fit after them.
_MARGIN_FACTOR = 3
_MARGIN_DAYS = 60


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    pqr_holiday_years = fields.Char(
        string="Holiday Years Generated",
        readonly=True,
        copy=False,
        help="Years whose Colombian national holidays were generated into this "
        "calendar's time off (Ley 51 de 1983, 'Ley Emiliani'). Holidays are generated "
        "on install, by a yearly scheduled action, and on demand for any year a date "
        "falls in.",
    )

    # ------------------------------------------------------------------
    # Holidays
    # ------------------------------------------------------------------
    def _pqr_generated_years(self):
        self.ensure_one()
        return {int(y) for y in (self.pqr_holiday_years or "").split(",") if y.strip()}

    def pqr_generate_holidays(self, years):
        """Create the Colombian national holidays of ``years`` as global leaves.

        Idempotent: a year already generated for this calendar is skipped, so holidays
        edited or deleted by hand stay as the user left them.
        """
        if holidays is None:
            raise UserError(_("The Python package 'holidays' is not installed."))
        leaves_vals = []
        for calendar in self:
            missing = sorted(set(years) - calendar._pqr_generated_years())
            if not missing:
                continue
            tz = calendar._pqr_tz()
            co_holidays = holidays.country_holidays(
                "CO", years=missing, observed=True, language="es"
            )
            for day, name in sorted(co_holidays.items()):
                start = tz.localize(datetime.combine(day, time.min))
                stop = tz.localize(datetime.combine(day, time(23, 59, 59)))
                leaves_vals.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "company_id": calendar.company_id.id,
                        "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                        "date_to": stop.astimezone(pytz.utc).replace(tzinfo=None),
                        "time_type": "leave",
                        "pqr_holiday": True,
                    }
                )
            done = sorted(calendar._pqr_generated_years() | set(missing))
            calendar.sudo().pqr_holiday_years = ",".join(str(y) for y in done)
            _logger.info(
                "Generated Colombian holidays %s in %s", missing, calendar.name
            )
        if leaves_vals:
            self.env["resource.calendar.leaves"].sudo().create(leaves_vals)
        return True

    @api.model
    def _cron_pqr_generate_holidays(self):
        """Yearly: holidays of the current and the next year for every PQR calendar."""
        year = fields.Date.context_today(self).year
        calendars = self.env["res.company"].search([]).mapped("pqr_calendar_id")
        calendars.pqr_generate_holidays([year, year + 1])

    # ------------------------------------------------------------------
    # Business days
    # ------------------------------------------------------------------
    def _pqr_working_weekdays(self):
        self.ensure_one()
        return {int(d) for d in self.attendance_ids.mapped("dayofweek")}

    def _pqr_closed_dates(self, date_from, date_to):
        """Dates in [date_from, date_to] touched by a global leave of this calendar."""
        self.ensure_one()
        tz = self._pqr_tz()
        # the company whose closure days apply: the one whose PQR calendar this is
        # (res.company._pqr_calendar), else the calendar's, else the current one
        company = (
            self.env["res.company"].browse(self.env.context.get("pqr_company_id"))
            or self.company_id
            or self.env.company
        )
        start = tz.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc)
        stop = tz.localize(datetime.combine(date_to, time.max)).astimezone(pytz.utc)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("resource_id", "=", False),
                    "|",
                    ("calendar_id", "=", self.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", [company.id, False]),
                    ("time_type", "=", "leave"),
                    ("date_from", "<=", stop.replace(tzinfo=None)),
                    ("date_to", ">=", start.replace(tzinfo=None)),
                ],
                ["date_from", "date_to"],
            )
        )
        closed = set()
        for leave in leaves:
            day = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            while day <= last:
                closed.add(day)
                day += timedelta(days=1)
        return closed

    def pqr_business_days(self, date_from, date_to):
        """Sorted list of the business days in [date_from, date_to]."""
        self.ensure_one()
        if date_to < date_from:
            return []
        self.pqr_generate_holidays(range(date_from.year, date_to.year + 1))
        weekdays = self._pqr_working_weekdays()
        if not weekdays:
            raise UserError(
                _("The calendar %(name)s has no working days.", name=self.name)
            )
        closed = self._pqr_closed_dates(date_from, date_to)
        days, day = [], date_from
        while day <= date_to:
            if day.weekday() in weekdays and day not in closed:
                days.append(day)
            day += timedelta(days=1)
        return days

    def pqr_today(self):
        """Today in the calendar's time zone (Bogotá): the day every legal rule
        counts from, whoever runs the code (scheduled actions run as OdooBot)."""
        self.ensure_one()
        return datetime.now(self._pqr_tz()).date()

    def _pqr_tz(self):
        self.ensure_one()
        return pytz.timezone(self.tz or "America/Bogota")

    def pqr_local_date(self, moment):
        """The day (in the calendar's time zone) of ``moment``, a naive UTC
        datetime as Odoo stores them."""
        if not moment:
            return False
        return pytz.utc.localize(moment).astimezone(self._pqr_tz()).date()

    def pqr_end_of_day_utc(self, day):
        """23:59:59 of ``day`` in the calendar's time zone, as a naive UTC
        datetime."""
        local = self._pqr_tz().localize(datetime.combine(day, time(23, 59, 59)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def pqr_is_business_day(self, day):
        self.ensure_one()
        return bool(self.pqr_business_days(day, day))

    def pqr_add_business_days_batch(self, starts_and_days):
        """For each (start date, n): the Nth business day after start (start excluded).

        n = 0 returns the start date itself. One query of leaves for the whole batch.
        """
        self.ensure_one()
        pairs = [(start, n) for start, n in starts_and_days]
        if not pairs:
            return []
        first = min(start for start, _n in pairs)
        last = max(start for start, _n in pairs)
        longest = max(n for _start, n in pairs)
        span = timedelta(days=longest * _MARGIN_FACTOR + _MARGIN_DAYS)
        days = self.pqr_business_days(first, last + span)
        result = []
        for start, n in pairs:
            if n <= 0:
                result.append(start)
                continue
            index = bisect.bisect_right(days, start) + n - 1
            while index >= len(days):  # a very long closure: widen the span
                covered = last + span
                days += self.pqr_business_days(
                    covered + timedelta(days=1), covered + span
                )
                last = covered
            result.append(days[index])
        return result

    def pqr_add_business_days(self, start, n):
        """The Nth business day after ``start`` (a date; start itself not counted)."""
        return self.pqr_add_business_days_batch([(start, n)])[0]

    def pqr_business_day_on_or_after(self, day):
        """``day`` when it is a business day, else the next business day: where a
        term counted in months or calendar days that ends on a non-business day
        ends (Ley 4 de 1913 art. 62)."""
        return self.pqr_add_business_days(day - timedelta(days=1), 1)

    def pqr_business_days_left_batch(self, deadlines, today):
        """Business days from ``today`` to each deadline.

        ``n >= 0``: business days in (today, deadline] (0 = due today). ``n < 0``:
        overdue by that many business days in (deadline, today], at least -1 once the
        deadline day has passed.
        """
        self.ensure_one()
        deadlines = list(deadlines)
        valid = [d for d in deadlines if d]
        if not valid:
            return [0 for _d in deadlines]
        first, last = min(valid + [today]), max(valid + [today])
        days = self.pqr_business_days(first, last)
        today_index = bisect.bisect_right(days, today)
        result = []
        for deadline in deadlines:
            if not deadline:
                result.append(0)
            elif deadline >= today:
                result.append(bisect.bisect_right(days, deadline) - today_index)
            else:
                late = today_index - bisect.bisect_right(days, deadline)
                result.append(-max(late, 1))
        return result

    def pqr_filing_date_batch(self, receptions, closing_hour):
        """Legal filing date of things received at ``receptions`` (naive UTC
        datetimes).

        Domain decision 2: received on a non-business day, or at or after the office's
        closing hour (local time of the calendar), it counts as filed on the next
        business day.
        """
        self.ensure_one()
        tz = self._pqr_tz()
        minutes = round(closing_hour * 60)
        closing = time.max if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)
        local = [pytz.utc.localize(r).astimezone(tz) for r in receptions]
        if not local:
            return []
        first = min(dt.date() for dt in local)
        last = max(dt.date() for dt in local)
        days = self.pqr_business_days(first, last)
        business = set(days)
        result = []
        for dt in local:
            day = dt.date()
            if day in business and dt.time() < closing:
                result.append(day)
            else:
                result.append(None)
        # the rest: the next business day, computed in one batch
        nexts = iter(
            self.pqr_add_business_days_batch(
                [
                    (dt.date(), 1)
                    for dt, day in zip(local, result, strict=True)
                    if not day
                ]
            )
        )
        return [day or next(nexts) for day in result]


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    pqr_holiday = fields.Boolean(
        string="Colombian Holiday",
        readonly=True,
        help="Generated from the Colombian national holidays (package 'holidays').",
    )

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        # generated holidays are created before any date of their year is computed
        leaves.filtered(lambda leave: not leave.pqr_holiday)._pqr_update_open_terms()
        return leaves

    def write(self, vals):
        self._pqr_update_open_terms()
        result = super().write(vals)
        self._pqr_update_open_terms()
        return result

    def unlink(self):
        self._pqr_update_open_terms()
        return super().unlink()

    def _pqr_update_open_terms(self):
        """A closure day (or a holiday) added, moved or removed by hand changes the
        filing date and deadline of the open PQRs it touches: recompute them (the
        change is tracked on each PQR)."""
        leaves = self.filtered(lambda leave: not leave.resource_id)
        if not leaves:
            return
        company_wide = leaves.filtered(lambda leave: not leave.calendar_id)
        affected = (
            self.env["res.company"]
            .sudo()
            .search([])
            .filtered(
                lambda c: c.pqr_calendar_id in leaves.calendar_id
                or c in company_wide.company_id
            )
        )
        if not affected:
            return
        start = min(leaves.mapped("date_from")).date() - timedelta(days=1)
        requests = (
            self.env["pqr.request"]
            .sudo()
            .search(
                [
                    ("company_id", "in", affected.ids),
                    ("state", "in", CLOCK_STATES),
                    "|",
                    ("date_deadline", ">=", start),
                    ("date_filed", ">=", start),
                ]
            )
        )
        requests.modified(["date_received"])
        requests.suspension_ids.modified(["date_start"])
