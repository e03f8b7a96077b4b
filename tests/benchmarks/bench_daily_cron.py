"""The daily scheduled actions over 100,000 open PQRs, against one SQL UPDATE.

Run with ``scripts/bench bench_daily_cron`` (inside ``odoo-bin shell``: ``env`` is given).

Setup (not timed): SEED_N open pqr.request are created through the ORM, then copied in
SQL (INSERT ... SELECT with new ids and filing numbers, the stored date_filed and
date_deadline copied with the date_received they derive from, the followers too) up to
N rows. The deadlines are drawn in business days from "today" (see below), so the open
backlog has a realistic share of PQRs due soon, due today, overdue, newly overdue (the
SAP candidates) and hitting an alert threshold (D-5, D-2, D-0). The stored status, the
last alert and the SAP flags are those the previous business day's runs left. Each PQR
has one of USERS responsible users, so the alerts create activities. The tables the copy
grew are ANALYZEd, as a live database has statistics (without it, the followers query of
each activity's notification ran a sequential scan: 26 ms per activity).

"Today": the crons read it from ``resource.calendar.pqr_today()`` (Bogotá). On a weekend
nothing is due today and no business day elapses since the day before, so the script
pins today to the last business day on or before the real date (and "yesterday" to the
business day before it) by patching ``pqr_today`` on the registry class in this process;
the patch is undone at the end.

Measured, at two sizes (N / 4 and N open PQRs; the rest moved to state 'decided' in
SQL), each from the same stored state (a savepoint is rolled back between runs):

* (a) ``_cron_deadline_alerts()`` and (b) ``_cron_silence_and_notifications()``: wall
  time, SQL queries (``env.cr.sql_log_count``), queries per 1,000 records and per batch
  of 2,000. Each timed section ends with ``env.cr.flush()`` (pending writes and the
  precommit hooks, i.e. mail tracking), which is the work the cron's COMMIT does.
  Light wrappers on a few methods split each run into phases (batch search, status
  refresh, pqr.request UPDATEs, alert selection, activity_schedule, message_post...),
  exclusive time and queries.
* (c) the SQL baseline: ONE UPDATE that sets the same values (business_days_left and
  deadline_status from a business-day table, alert_threshold_done, is_sap, date_sap,
  sap_recognition_deadline), best and median of SQL_RUNS. Its result is compared row by
  row with the crons' result (mismatches must be 0). One more run under EXPLAIN ANALYZE
  gives the time of the foreign-key triggers (they fire here only because the rows
  were inserted in the same transaction).
* Informational runs of (a) at N / 4 with a context that stands for a code change:
  ``mail_notrack`` (no tracking snapshot for the status writes) and
  ``mail_activity_quick_update`` (no email to the assignee of each activity).

* (d) the checks before the decision that (b) also runs
  (``_check_preliminary_terms``: transfers for lack of competence not done in time,
  incomplete petitions whose time to complete ended), at N: PREL_SHARE of the rows are
  marked outside our competence with the transfer deadline passed (as many with it
  still open), PREL_SHARE moved to 'incomplete' with the time to complete ended (as
  many still running). Timed with its flush, against one SQL UPDATE setting the same
  two flags (rows compared).

Ratio: (a) + (b) wall time over the UPDATE's median time, target <= 5x, also without
the per-record mail work. Nothing is committed: the script ends with
``env.cr.rollback()``.
"""

import functools
import math
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from datetime import time as dtime

import pytz

from odoo import models

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sys.stdout.reconfigure(line_buffering=True)  # progress shows when piped

N = int(os.environ.get("PQR_BENCH_N", "100000"))
SEED_N = min(N, int(os.environ.get("PQR_BENCH_SEED", "10000")))
SIZES = (N // 4, N)
BATCH = 2000  # the crons' default batch_size
TARGET_RATIO = 5.0
SQL_RUNS = 3
PREL_SHARE = 100  # (d): one row in PREL_SHARE per kind (late transfer, ended time...)
USERS = 10
PARTNER_POOL = 500
OPEN_STATES = ("filed", "in_progress", "suspended")
TYPE_MIX = {  # share of each type in the open backlog (%)
    "reclamo": 50,
    "peticion": 25,
    "queja": 10,
    "recurso_reposicion": 7,
    "informacion": 5,
    "consulta": 3,
}
BOGOTA = pytz.timezone("America/Bogota")
TABLES_GROWN = (
    "pqr_request",
    "mail_followers",
    "mail_followers_mail_message_subtype_rel",
    "mail_message",
)
STATUS_ORDER = ("on_time", "due_soon", "due_today", "overdue")
# informational runs of (a) at N / 4 with a context, what a code change would give:
# mail_notrack: the status writes skip mail tracking (they write no tracked field);
# mail_activity_quick_update: mail.activity.create() sends no email to the assignee.
INFO_RUNS = {
    "notrack": {"mail_notrack": True},
    "notrack+quick": {"mail_notrack": True, "mail_activity_quick_update": True},
}

rng = random.Random(20261127)
cr = env.cr
Request = env["pqr.request"]
company = env.company
calendar = company._pqr_calendar()
thresholds = company._pqr_alert_thresholds()

Calendar = type(env["resource.calendar"])
_real_today = calendar.pqr_today()
_recent = calendar.pqr_business_days(_real_today - timedelta(days=20), _real_today)
TODAY, PREVIOUS = _recent[-1], _recent[-2]


def pin_today():
    """Every legal rule reads today from ``resource.calendar.pqr_today()``: pin it."""
    own = "pqr_today" in vars(Calendar)
    real = Calendar.pqr_today
    Calendar.pqr_today = lambda self: TODAY

    def unpin():
        if own:
            Calendar.pqr_today = real
        else:
            del Calendar.pqr_today

    return unpin


def draw_left(term):
    """Business days left as of TODAY for one open PQR of a type with this term."""
    u = rng.random()
    if u < 0.030:
        return -rng.randint(2, 20)  # overdue, flagged SAP by an earlier run
    if u < 0.045:
        return -1  # deadline was yesterday (business day): SAP candidate today
    if u < 0.055:
        return 0  # due today: D-0 alert
    if u < 0.155:
        return rng.randint(1, 5)  # due soon, 2 % per day: D-5 and D-2 alerts
    return rng.randint(6, term)


def done_before(left):
    """alert_threshold_done as the runs up to PREVIOUS left it, given that day's
    business days left."""
    if left < 0:
        return min(thresholds)
    crossed = [t for t in thresholds if left <= t]
    return min(crossed) if crossed else -1


# ----------------------------------------------------------------------------------
# Setup (not timed)
# ----------------------------------------------------------------------------------
def create_people():
    group = env.ref("pqr_servicios_publicos.group_pqr_area")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench responsible {i}",
                    "login": f"bench.responsible.{i}",
                    "email": f"bench.responsible.{i}@example.com",
                    "groups_id": [(6, 0, [group.id])],
                }
                for i in range(USERS)
            ]
        )
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench petitioner {i}", "email": f"bench.{i}@example.com"}
            for i in range(PARTNER_POOL)
        ]
    )
    return users.ids, partners.ids


def seed_vals(user_ids, partner_ids):
    types = {c: env.ref(f"pqr_servicios_publicos.pqr_type_{c}") for c in TYPE_MIX}
    days = calendar.pqr_business_days(TODAY - timedelta(days=200), TODAY)
    codes, weights = list(TYPE_MIX), list(TYPE_MIX.values())
    vals_list, lefts = [], []
    for i in range(SEED_N):
        pqr_type = types[rng.choices(codes, weights)[0]]
        left = draw_left(pqr_type.term_days)
        filed = days[len(days) - 1 + left - pqr_type.term_days]
        local = BOGOTA.localize(datetime.combine(filed, dtime(8, 0))) + timedelta(
            minutes=rng.randrange(8 * 60 + 30)
        )
        vals_list.append(
            {
                "name": f"BENCH-{i:06d}",  # skips the radicado sequence (setup speed)
                "partner_id": rng.choice(partner_ids),
                "type_id": pqr_type.id,
                "channel": "written",
                "subject": f"Bench PQR {i}",
                "date_received": local.astimezone(pytz.utc).replace(tzinfo=None),
                "user_id": rng.choice(user_ids),
            }
        )
        lefts.append(left)
    return vals_list, lefts


def set_previous_state(seed_ids):
    """States, and the values the runs up to PREVIOUS left: days left, status, last
    alert, SAP flags (deadline before PREVIOUS)."""
    cr.execute(
        """UPDATE pqr_request SET state = CASE WHEN id %% 20 = 0 THEN 'suspended'
               WHEN id %% 20 < 9 THEN 'filed' ELSE 'in_progress' END
           WHERE id = ANY(%s)""",
        [seed_ids],
    )
    env.invalidate_all()
    stale = Request.browse(seed_ids)._pqr_deadline_values(today=PREVIOUS)
    ids = list(stale)
    cr.execute(
        """UPDATE pqr_request r SET business_days_left = v.days_left,
               deadline_status = v.status, alert_threshold_done = v.done
           FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::int[])
               AS v(id, days_left, status, done)
           WHERE r.id = v.id""",
        [
            ids,
            [stale[i][0] for i in ids],
            [stale[i][1] for i in ids],
            [done_before(stale[i][0]) for i in ids],
        ],
    )
    cr.execute(
        """UPDATE pqr_request SET is_sap = true,
               date_sap = ((date_deadline + time '23:59:59')
                   AT TIME ZONE 'America/Bogota') AT TIME ZONE 'UTC',
               sap_recognition_deadline = ((date_deadline + time '23:59:59')
                   AT TIME ZONE 'America/Bogota') AT TIME ZONE 'UTC'
                   + make_interval(hours => %s)
           WHERE id = ANY(%s) AND date_deadline < %s AND silence_effect = 'sap'""",
        [company.pqr_sap_recognition_hours, seed_ids, PREVIOUS],
    )
    # requests for copies overdue before: already deemed accepted (Ley 1755 art. 14)
    cr.execute(
        """UPDATE pqr_request SET is_deemed_granted = true
           WHERE id = ANY(%s) AND date_deadline < %s AND silence_effect = 'information'""",
        [seed_ids, PREVIOUS],
    )


def multiply(seed_ids):
    """Copy the seed rows (and their followers) in SQL up to N rows."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
           WHERE table_name = 'pqr_request' AND column_name NOT IN ('id', 'name')
           ORDER BY ordinal_position"""
    )
    columns = [row[0] for row in cr.fetchall()]
    cr.execute(
        """CREATE TEMP TABLE bench_copy AS
           SELECT src, copy_no, nextval('pqr_request_id_seq')::int AS new_id
           FROM (SELECT s.id AS src, g AS copy_no
                 FROM unnest(%s::int[]) AS s(id), generate_series(1, %s) AS g
                 ORDER BY g, s.id LIMIT %s) AS x""",
        [seed_ids, math.ceil((N - SEED_N) / SEED_N), N - SEED_N],
    )
    target = ", ".join(f'"{c}"' for c in columns)
    source = ", ".join(f's."{c}"' for c in columns)
    cr.execute(
        f"""INSERT INTO pqr_request (id, name, {target})
            SELECT m.new_id, s.name || '-' || m.copy_no, {source}
            FROM bench_copy m JOIN pqr_request s ON s.id = m.src"""
    )
    cr.execute("ANALYZE bench_copy")
    cr.execute(
        """CREATE TEMP TABLE bench_follower_copy AS
           SELECT f.id AS old_id, nextval('mail_followers_id_seq')::int AS new_id,
                  m.new_id AS res_id, f.partner_id
           FROM bench_copy m
           JOIN mail_followers f ON f.res_model = 'pqr.request' AND f.res_id = m.src"""
    )
    cr.execute("ANALYZE bench_follower_copy")
    cr.execute(
        """INSERT INTO mail_followers (id, res_model, res_id, partner_id)
           SELECT new_id, 'pqr.request', res_id, partner_id FROM bench_follower_copy"""
    )
    cr.execute(
        """INSERT INTO mail_followers_mail_message_subtype_rel
               (mail_followers_id, mail_message_subtype_id)
           SELECT c.new_id, rel.mail_message_subtype_id
           FROM bench_follower_copy c
           JOIN mail_followers_mail_message_subtype_rel rel
               ON rel.mail_followers_id = c.old_id"""
    )
    cr.execute("SELECT new_id FROM bench_copy")
    return sorted(seed_ids + [row[0] for row in cr.fetchall()])


def setup():
    start = time.perf_counter()
    user_ids, partner_ids = create_people()
    vals_list, lefts = seed_vals(user_ids, partner_ids)
    # radicados given (a manager's import, base_import's context)
    Quiet = Request.with_context(mail_auto_subscribe_no_notify=True, import_file=True)
    seed_ids = []
    for i in range(0, SEED_N, BATCH):
        seed_ids += Quiet.create(vals_list[i : i + BATCH]).ids
    cr.flush()
    orm_seconds = time.perf_counter() - start
    seeds = Request.browse(seed_ids)
    wrong = sum(r.business_days_left != x for r, x in zip(seeds, lefts, strict=True))
    set_previous_state(seed_ids)
    bench_ids = multiply(seed_ids)
    # planner statistics of the tables the copies grew, as a live database has
    for table in TABLES_GROWN:
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    print(
        f"  setup: {SEED_N} PQRs through the ORM in {orm_seconds:.1f} s "
        f"(days left as drawn: {SEED_N - wrong}/{SEED_N}), copied in SQL to "
        f"{len(bench_ids)}, {time.perf_counter() - start:.1f} s in all"
    )
    return bench_ids


# ----------------------------------------------------------------------------------
# Phases: exclusive wall time and queries of a few wrapped methods
# ----------------------------------------------------------------------------------
class Phases:
    def __init__(self):
        self.patches = []
        self.active = False
        self.reset()

    def reset(self):
        self.time, self.queries, self.calls = defaultdict(float), Counter(), Counter()
        self.stack = []

    def wrap(self, owner, name, label, top_only=False, model=None, outside=()):
        """Wrap owner.name: its calls count under label, minus wrapped inner calls.
        top_only: only when no other wrapped call is running; model: only for it;
        outside: not within these labels (the call stays part of them)."""
        orig = getattr(owner, name)
        tracker = self

        @functools.wraps(orig)
        def wrapper(rec, *args, **kwargs):
            skip = (
                (top_only and tracker.stack)
                or (model and rec._name != model)
                or any(frame[2] in outside for frame in tracker.stack)
            )
            if skip or not tracker.active:
                return orig(rec, *args, **kwargs)
            tracker.stack.append([0.0, 0, label])
            queries, start = cr.sql_log_count, time.perf_counter()
            try:
                return orig(rec, *args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                count = cr.sql_log_count - queries
                inner_seconds, inner_count, _label = tracker.stack.pop()
                tracker.time[label] += seconds - inner_seconds
                tracker.queries[label] += count - inner_count
                tracker.calls[label] += 1
                if tracker.stack:
                    tracker.stack[-1][0] += seconds
                    tracker.stack[-1][1] += count

        self.patches.append((owner, name, name in vars(owner), orig))
        setattr(owner, name, wrapper)

    def unwrap(self):
        for owner, name, own, orig in reversed(self.patches):
            if own:
                setattr(owner, name, orig)
            else:
                delattr(owner, name)
        self.patches = []


phases = Phases()
LABELS = {
    "search": "batch search (pqr.request.search)",
    "refresh": "status refresh: days left + status",
    "write": "pqr.request.write (cache, tracking prep)",
    "flush": "pqr.request UPDATEs (flush)",
    "select": "alert selection (thresholds)",
    "activity": "activity_schedule (+ assignee email)",
    "flag": "_flag_sap loop (SAP per record)",
    "post": "message_post (SAP message)",
}
MAIL_LABELS = ("activity", "post")


def install_wrappers():
    cls = type(Request)
    phases.wrap(cls, "search", "search", top_only=True)
    phases.wrap(cls, "_pqr_refresh_deadline_status", "refresh")
    phases.wrap(cls, "write", "write", outside=MAIL_LABELS)
    phases.wrap(models.BaseModel, "_flush", "flush", model="pqr.request")
    phases.wrap(cls, "_pqr_schedule_deadline_alerts", "select")
    phases.wrap(cls, "activity_schedule", "activity")
    phases.wrap(cls, "_flag_sap", "flag")
    phases.wrap(cls, "message_post", "post")


# ----------------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------------
def artefacts():
    cr.execute(
        """SELECT (SELECT count(*) FROM mail_activity WHERE res_model = 'pqr.request'),
                  (SELECT count(*) FROM mail_message),
                  (SELECT count(*) FROM mail_mail),
                  (SELECT count(*) FROM mail_tracking_value)"""
    )
    return cr.fetchone()


def open_counts():
    cr.execute(
        """SELECT count(*) FILTER (WHERE date_deadline IS NOT NULL),
                  count(*) FILTER (WHERE is_sap IS NOT TRUE AND date_deadline < %s
                                   AND silence_effect = 'sap')
           FROM pqr_request WHERE state IN %s""",
        [TODAY, OPEN_STATES],
    )
    return cr.fetchone()


def run_cron(method, context=None):
    cr.flush()
    env.invalidate_all()
    before = artefacts()
    phases.reset()
    phases.active = True
    queries, start = cr.sql_log_count, time.perf_counter()
    try:
        getattr(env["pqr.request"].with_context(**(context or {})), method)()
    finally:
        phases.active = False
    cron_seconds, cron_queries = time.perf_counter() - start, cr.sql_log_count - queries
    cr.flush()  # pending writes + precommit hooks (mail tracking): the COMMIT's work
    total_seconds, total_queries = (
        time.perf_counter() - start,
        cr.sql_log_count - queries,
    )
    after = artefacts()
    return {
        "seconds": total_seconds,
        "queries": total_queries,
        "commit_seconds": total_seconds - cron_seconds,
        "commit_queries": total_queries - cron_queries,
        "time": dict(phases.time),
        "phase_queries": dict(phases.queries),
        "calls": dict(phases.calls),
        "made": [b - a for a, b in zip(before, after, strict=True)],
    }


def move_to_size(bench_ids, size):
    if size < len(bench_ids):
        cr.execute(
            "UPDATE pqr_request SET state = 'decided' WHERE id = ANY(%s)",
            [bench_ids[size:]],
        )
        cr.execute("ANALYZE pqr_request")
    env.invalidate_all()


SQL_UPDATE = """
WITH cal AS (
    SELECT g.day::date AS day, count(b.day) OVER (ORDER BY g.day) AS rank
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS g(day)
    LEFT JOIN unnest(%(business_days)s::date[]) AS b(day) ON b.day = g.day::date
),
cur AS (
    SELECT r.id, r.date_deadline, r.alert_threshold_done AS done,
           COALESCE(r.is_sap, false) AS is_sap,
           r.date_sap, r.sap_recognition_deadline, r.silence_effect,
           COALESCE(r.is_deemed_granted, false) AS granted, r.copies_deadline,
           c.rank AS deadline_rank,
           CASE WHEN r.date_deadline >= %(today)s THEN c.rank - t.rank
                ELSE -GREATEST(t.rank - c.rank, 1) END AS days_left
    FROM pqr_request r
    JOIN cal c ON c.day = r.date_deadline
    CROSS JOIN (SELECT rank FROM cal WHERE day = %(today)s) AS t
    WHERE r.state IN %(open)s AND r.date_deadline IS NOT NULL
),
new AS (
    SELECT id, days_left,
        CASE WHEN date_deadline < %(today)s THEN 'overdue'
             WHEN date_deadline = %(today)s THEN 'due_today'
             WHEN days_left <= %(due_soon)s THEN 'due_soon'
             ELSE 'on_time' END AS status,
        CASE WHEN days_left < 0 THEN done
             ELSE COALESCE((SELECT min(th) FROM unnest(%(thresholds)s::int[]) AS th
                            WHERE days_left <= th AND (done < 0 OR th < done)), done)
        END AS done,
        is_sap OR (silence_effect = 'sap' AND date_deadline < %(today)s) AS is_sap,
        CASE WHEN NOT is_sap AND silence_effect = 'sap' AND date_deadline < %(today)s
             THEN ((date_deadline + time '23:59:59') AT TIME ZONE 'America/Bogota')
                  AT TIME ZONE 'UTC'
             ELSE date_sap END AS date_sap,
        CASE WHEN NOT is_sap AND silence_effect = 'sap' AND date_deadline < %(today)s
             THEN ((date_deadline + time '23:59:59') AT TIME ZONE 'America/Bogota')
                  AT TIME ZONE 'UTC' + make_interval(hours => %(sap_hours)s)
             ELSE sap_recognition_deadline END AS sap_limit,
        granted OR (silence_effect = 'information' AND date_deadline < %(today)s)
            AS granted,
        CASE WHEN NOT granted AND silence_effect = 'information'
                  AND date_deadline < %(today)s
             THEN (SELECT min(day) FROM cal
                   WHERE rank = deadline_rank + %(copies_days)s)
             ELSE copies_deadline END AS copies
    FROM cur
)
UPDATE pqr_request r
SET business_days_left = n.days_left, deadline_status = n.status,
    alert_threshold_done = n.done, is_sap = n.is_sap, date_sap = n.date_sap,
    sap_recognition_deadline = n.sap_limit, is_deemed_granted = n.granted,
    copies_deadline = n.copies,
    write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
FROM new n
WHERE r.id = n.id
  AND (r.business_days_left, r.deadline_status, r.alert_threshold_done,
       COALESCE(r.is_sap, false), COALESCE(r.is_deemed_granted, false))
      IS DISTINCT FROM (n.days_left, n.status, n.done, n.is_sap, n.granted)
"""


def sql_params():
    cr.execute(
        """SELECT min(LEAST(date_deadline, %s)), max(GREATEST(date_deadline, %s))
           FROM pqr_request WHERE state IN %s AND date_deadline IS NOT NULL""",
        [TODAY, TODAY, OPEN_STATES],
    )
    first, last = cr.fetchone()
    cal = env["res.company"].browse(company.id)._pqr_calendar()
    return {
        "first": first,
        "last": last,
        "business_days": cal.pqr_business_days(first, last),
        "today": TODAY,
        "open": OPEN_STATES,
        "due_soon": company.pqr_due_soon_days,
        "thresholds": thresholds,
        "sap_hours": company.pqr_sap_recognition_hours,
        "copies_days": company.pqr_copies_days,
        "uid": env.uid,
    }


def run_sql():
    """(precompute s, UPDATE s, rows): the business days of the span (calendar, one
    leaves query), then the single UPDATE."""
    cr.flush()
    env.invalidate_all()
    start = time.perf_counter()
    params = sql_params()
    middle = time.perf_counter()
    cr.execute(SQL_UPDATE, params)
    rows = cr.rowcount
    return middle - start, time.perf_counter() - middle, rows


def sql_fk_checks():
    """(seconds, calls) of the foreign-key triggers in the UPDATE, from EXPLAIN
    ANALYZE. PostgreSQL skips them when no key changes, unless the row was inserted
    by the current transaction: here every row was."""
    cr.execute("EXPLAIN (ANALYZE) " + SQL_UPDATE, sql_params())
    seconds, calls = 0.0, 0
    for (line,) in cr.fetchall():
        match = re.match(r"Trigger for constraint \S+: time=([\d.]+) calls=(\d+)", line)
        if match:
            seconds += float(match[1]) / 1000
            calls += int(match[2])
    return seconds, calls


def snapshot(bench_ids):
    cr.execute(
        """SELECT id, business_days_left, deadline_status, alert_threshold_done,
                  COALESCE(is_sap, false), date_sap, sap_recognition_deadline,
                  COALESCE(is_deemed_granted, false), copies_deadline
           FROM pqr_request WHERE id = ANY(%s)""",
        [bench_ids],
    )
    return {row[0]: row[1:] for row in cr.fetchall()}


def distribution(bench_ids):
    cr.execute(
        """SELECT deadline_status, count(*), count(*) FILTER (WHERE is_sap)
           FROM pqr_request WHERE id = ANY(%s) AND state IN %s GROUP BY 1""",
        [bench_ids, OPEN_STATES],
    )
    return {status: (count, sap) for status, count, sap in cr.fetchall()}


def expected_alerts(bench_ids):
    """Rows that cross a threshold today, by threshold (cron logic, in Python)."""
    cr.execute(
        "SELECT business_days_left, alert_threshold_done FROM pqr_request "
        "WHERE id = ANY(%s) AND state IN %s",
        [bench_ids, OPEN_STATES],
    )
    rows = cr.fetchall()
    alerts = Counter()
    for left, done in rows:
        left -= 1  # one business day later (overdue rows alert no more)
        crossed = [t for t in thresholds if left <= t and (done < 0 or t < done)]
        if crossed and left >= 0:
            alerts[min(crossed)] += 1
    return alerts


# ----------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------
def pct(part, whole):
    return f"{part / whole:6.1%}" if whole else "     -"


def print_distribution(title, dist, total):
    cells = []
    for status in STATUS_ORDER:
        count, sap = dist.get(status, (0, 0))
        extra = f", {sap} SAP" if sap else ""
        cells.append(f"{status} {count} ({count / total:.1%}{extra})")
    print(f"  {title}: " + ", ".join(cells))


def print_runs(results):
    head = (
        f"  {'run':<46}{'open':>7}{'scanned':>8}{'batches':>8}{'wall (s)':>9}"
        f"{'queries':>9}{'q/1000 open':>12}{'q/batch':>8}{'acts':>6}{'msgs':>6}"
        f"{'mails':>6}"
    )
    print(head)
    print("  " + "-" * (len(head) - 2))
    for label, res in results:
        batches = math.ceil(res["scanned"] / BATCH)
        activities, messages, mails, _tracking = res["made"]
        print(
            f"  {label:<46}{res['records']:>7}{res['scanned']:>8}{batches:>8}"
            f"{res['seconds']:>9.2f}{res['queries']:>9}"
            f"{res['queries'] / res['records'] * 1000:>12.1f}"
            f"{res['queries'] / max(batches, 1):>8.1f}{activities:>6}{messages:>6}"
            f"{mails:>6}"
        )


def print_phases(label, res):
    print(f"\n  {label}: phases (exclusive wall time and queries)")
    head = (
        f"    {'phase':<44}{'calls':>7}{'s':>8}{'share':>7}{'queries':>9}{'ms/call':>9}"
    )
    print(head)
    print("    " + "-" * (len(head) - 4))
    rows = [(LABELS[k], k) for k in LABELS if res["calls"].get(k)]
    accounted_s = accounted_q = 0
    for text, key in rows:
        seconds, queries = res["time"][key], res["phase_queries"][key]
        calls = res["calls"][key]
        accounted_s += seconds
        accounted_q += queries
        print(
            f"    {text:<44}{calls:>7}{seconds:>8.2f}{pct(seconds, res['seconds'])}"
            f"{queries:>9}{seconds / calls * 1000:>9.2f}"
        )
    commit = ("COMMIT work: flush + precommit (tracking)", res["commit_seconds"])
    other_s = res["seconds"] - accounted_s - res["commit_seconds"]
    other_q = res["queries"] - accounted_q - res["commit_queries"]
    for text, seconds, queries in (
        (commit[0], commit[1], res["commit_queries"]),
        ("other (cron loop, notification steps...)", other_s, other_q),
    ):
        print(
            f"    {text:<44}{'':>7}{seconds:>8.2f}{pct(seconds, res['seconds'])}"
            f"{queries:>9}"
        )


def mail_part(res):
    """Seconds and queries of the per-record mail work: activities, messages, and for
    (b) the tracking messages of is_sap created at commit. The commit work of (a) is
    the tracking check of the status writes (no message): not counted here."""
    seconds = sum(res["time"].get(k, 0.0) for k in MAIL_LABELS)
    queries = sum(res["phase_queries"].get(k, 0) for k in MAIL_LABELS)
    if res["calls"].get("flag"):
        seconds, queries = (
            seconds + res["commit_seconds"],
            queries + res["commit_queries"],
        )
    return seconds, queries


def print_growth(orm):
    print("\n  Without the per-record mail work (activity_schedule, message_post, and")
    print("  for (b) the is_sap tracking messages): status refresh (a), SAP flags (b)")
    for index, label in enumerate(("(a) alerts", "(b) silence")):
        for size in SIZES:
            res = orm[size][index]
            mail_s, mail_q = mail_part(res)
            seconds, queries = res["seconds"] - mail_s, res["queries"] - mail_q
            batches = max(math.ceil(res["scanned"] / BATCH), 1)
            print(
                f"    {label:<12}{size:>7} open, {res['scanned']:>7} scanned, "
                f"{batches:>3} batches: {seconds:6.2f} s, {queries:>6} queries = "
                f"{queries / batches:6.1f} per batch, "
                f"{queries / res['records'] * 1000:5.1f} per 1000 open"
            )
    print("  Per-record mail work:")
    for index, label in enumerate(("(a) alerts", "(b) silence")):
        for size in SIZES:
            res = orm[size][index]
            seconds, queries = mail_part(res)
            acts = res["calls"].get("activity", 0)
            posts = res["calls"].get("post", 0)
            items = max(acts, 1)
            print(
                f"    {label:<12}{size:>7} open: {acts:>5} activities, {posts:>5} "
                f"messages: {seconds:6.2f} s, {queries:>6} queries = "
                f"{seconds / items * 1000:5.1f} ms, {queries / items:5.1f} queries "
                f"per record alerted"
            )


# ----------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------
def main():
    print(
        f"\n{os.cpu_count()} CPUs, load average "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
        + " (1 / 5 / 15 min) before setup"
    )
    print(
        f"\nDaily crons benchmark on {cr.dbname}: real date {_real_today} "
        f"({_real_today:%a}), pinned today {TODAY} ({TODAY:%a}), previous business "
        f"day {PREVIOUS} ({PREVIOUS:%a}); thresholds {thresholds}, due soon <= "
        f"{company.pqr_due_soon_days} business days, batch_size {BATCH}"
    )
    bench_ids = setup()
    cr.execute(
        "SELECT state, count(*) FROM pqr_request WHERE id = ANY(%s) GROUP BY 1",
        [bench_ids],
    )
    print(f"  states: {dict(sorted(cr.fetchall()))}; types (%): {TYPE_MIX}")
    print_distribution("stored (runs of PREVIOUS)", distribution(bench_ids), N)
    alerts = expected_alerts(bench_ids)
    open_n, sap_candidates = open_counts()
    print(
        f"  today: {sap_candidates} SAP candidates ({sap_candidates / open_n:.1%}), "
        f"threshold alerts due {dict(sorted(alerts.items(), reverse=True))} = "
        f"{sum(alerts.values())} ({sum(alerts.values()) / open_n:.1%})"
    )
    savepoint = cr.savepoint()
    install_wrappers()
    orm, sql, results = {}, {}, []
    try:
        for size in SIZES:
            move_to_size(bench_ids, size)
            records, sap_candidates = open_counts()
            runs = []
            for method in ("_cron_deadline_alerts", "_cron_silence_and_notifications"):
                res = run_cron(method)
                res["records"] = records
                res["scanned"] = records if "alerts" in method else sap_candidates
                runs.append(res)
                results.append((f"{method}()", res))
            orm[size] = runs
            if size == N:
                after_orm = snapshot(bench_ids)
                after_dist = distribution(bench_ids)
            savepoint.rollback()
            env.invalidate_all()
        for name, context in INFO_RUNS.items():
            move_to_size(bench_ids, SIZES[0])
            info = run_cron("_cron_deadline_alerts", context)
            info["records"] = info["scanned"] = SIZES[0]
            results.append((f"_cron_deadline_alerts(), {name} (info)", info))
            orm[name] = info
            savepoint.rollback()
            env.invalidate_all()
        phases.unwrap()
        for size in SIZES:
            timings = []
            for _run in range(SQL_RUNS):
                move_to_size(bench_ids, size)
                timings.append(run_sql())
                if size == N and _run == 0:
                    after_sql = snapshot(bench_ids)
                savepoint.rollback()
                env.invalidate_all()
            sql[size] = timings
        move_to_size(bench_ids, N)
        sql["fk"] = sql_fk_checks()
        savepoint.rollback()
        env.invalidate_all()
        preliminary = run_preliminary(bench_ids, savepoint)
    finally:
        phases.unwrap()
        savepoint.close(rollback=True)
    report(orm, sql, results, after_orm, after_dist, after_sql)
    report_preliminary(*preliminary)


PREL_SQL = """
UPDATE pqr_request
SET transfer_late = transfer_late OR (outside_competence AND state IN %(open)s
                                      AND transfer_deadline < %(today)s),
    desistimiento_due = desistimiento_due OR (state = 'incomplete'
                                              AND completion_deadline < %(today)s)
WHERE (outside_competence AND state IN %(open)s AND NOT transfer_late
       AND transfer_deadline < %(today)s)
   OR (state = 'incomplete' AND NOT desistimiento_due
       AND completion_deadline < %(today)s)
"""


def mark_preliminary(bench_ids):
    """(d): late and running transfers, ended and running times to complete."""
    cr.execute(
        """UPDATE pqr_request SET outside_competence = true, transfer_late = false,
               transfer_deadline = CASE WHEN id %% %(n)s = 1 THEN %(previous)s::date
                                        ELSE %(today)s::date END
           WHERE id = ANY(%(ids)s) AND id %% %(n)s IN (1, 2)
             AND state IN %(open)s""",
        {
            "n": PREL_SHARE,
            "ids": bench_ids,
            "previous": PREVIOUS,
            "today": TODAY,
            "open": OPEN_STATES,
        },
    )
    cr.execute(
        """UPDATE pqr_request SET state = 'incomplete', desistimiento_due = false,
               completion_deadline = CASE WHEN id %% %(n)s = 3 THEN %(previous)s::date
                                          ELSE %(today)s::date END
           WHERE id = ANY(%(ids)s) AND id %% %(n)s IN (3, 4)""",
        {"n": PREL_SHARE, "ids": bench_ids, "previous": PREVIOUS, "today": TODAY},
    )
    cr.execute("ANALYZE pqr_request")
    env.invalidate_all()


def prel_snapshot(bench_ids):
    cr.execute(
        """SELECT id, COALESCE(transfer_late, false), COALESCE(desistimiento_due, false)
           FROM pqr_request WHERE id = ANY(%s)""",
        [bench_ids],
    )
    return {row[0]: row[1:] for row in cr.fetchall()}


def run_preliminary(bench_ids, savepoint):
    """(d): the ORM check and the SQL UPDATE from the same marked state."""
    mark_preliminary(bench_ids)
    marked = cr.savepoint()
    cr.flush()
    before = artefacts()
    queries, start = cr.sql_log_count, time.perf_counter()
    env["pqr.request"]._check_preliminary_terms(TODAY, env.company)
    cr.flush()
    orm = {
        "seconds": time.perf_counter() - start,
        "queries": cr.sql_log_count - queries,
        "made": [b - a for a, b in zip(before, artefacts(), strict=True)],
        "after": prel_snapshot(bench_ids),
    }
    marked.rollback()
    env.invalidate_all()
    timings = []
    for _run in range(SQL_RUNS):
        start = time.perf_counter()
        cr.execute(PREL_SQL, {"open": OPEN_STATES, "today": TODAY})
        timings.append((time.perf_counter() - start, cr.rowcount))
        if _run == 0:
            after_sql = prel_snapshot(bench_ids)
        marked.rollback()
        env.invalidate_all()
    marked.close(rollback=True)
    savepoint.rollback()
    env.invalidate_all()
    return orm, timings, after_sql


def report_preliminary(orm, timings, after_sql):
    late = sum(1 for row in orm["after"].values() if row[0])
    due = sum(1 for row in orm["after"].values() if row[1])
    activities, messages, mails, _tracking = orm["made"]
    update = statistics.median(t for t, _rows in timings)
    mismatches = sum(1 for i, row in orm["after"].items() if after_sql.get(i) != row)
    print(
        f"\n  (d) checks before the decision at {N} PQRs (1 in {PREL_SHARE} per kind):"
        f" {late} late transfers and {due} ended times to complete flagged"
        f"\n    _check_preliminary_terms(): {orm['seconds']:.2f} s, {orm['queries']}"
        f" queries, {activities} activities, {messages} messages, {mails} emails"
        f"\n    SQL UPDATE: "
        + " / ".join(f"{t:.3f}" for t, _rows in timings)
        + f" s (median {update:.3f}), {timings[0][1]} rows; {mismatches} mismatches;"
        f" ratio {orm['seconds'] / update:.1f}x"
    )


def report(orm, sql, results, after_orm, after_dist, after_sql):
    print_distribution("after the crons (today)", after_dist, N)
    print()
    print_runs(results)
    for size in SIZES:
        for res, label in zip(orm[size], ("(a) alerts", "(b) silence"), strict=True):
            print_phases(f"{label}, {size} open PQRs", res)
    for name, context in INFO_RUNS.items():
        print_phases(f"(a) alerts, {SIZES[0]} open PQRs, context {context}", orm[name])
    print_growth(orm)

    print("\n  (c) SQL baseline: one UPDATE (precompute = min/max + calendar leaves)")
    for size in SIZES:
        updates = [t[1] for t in sql[size]]
        print(
            f"    {size:>7} open PQRs: UPDATE "
            + " / ".join(f"{t:.3f}" for t in updates)
            + f" s (best {min(updates):.3f}, median {statistics.median(updates):.3f}),"
            f" {sql[size][0][2]} rows, precompute {sql[size][0][0] * 1000:.0f} ms"
        )
    mismatches = [i for i, row in after_orm.items() if after_sql.get(i) != row]
    print(
        f"    same values as the crons at {N}: {len(after_orm) - len(mismatches)}"
        f"/{len(after_orm)} rows, {len(mismatches)} mismatches"
    )
    for i in mismatches[:5]:
        print(f"      id {i}: crons {after_orm[i]}, SQL {after_sql.get(i)}")

    fk_seconds, fk_calls = sql["fk"]
    rows = sql[N][0][2]
    print(
        f"    of which foreign-key checks at {N} (EXPLAIN ANALYZE): {fk_seconds:.2f} s,"
        f" {fk_calls} trigger calls.\n    PostgreSQL runs them only because the rows"
        " were inserted in this transaction: on committed rows whose keys do not"
        " change it skips them."
    )

    print("\n  Ratio (a) + (b) wall time / SQL UPDATE median:")
    for size in SIZES:
        alerts, silence = orm[size]
        total = alerts["seconds"] + silence["seconds"]
        update = statistics.median(t[1] for t in sql[size])
        flags = total - mail_part(alerts)[0] - mail_part(silence)[0]
        ratio = total / update
        verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(
            f"    {size:>7}: {total:.2f} s / {update:.3f} s = {ratio:.1f}x "
            f"(target <= {TARGET_RATIO:g}x): {verdict}; without the per-record mail "
            f"work {flags:.2f} s = {flags / update:.1f}x"
        )
    # the crons UPDATE the same rows (a) plus the SAP rows (b): same FK checks per row
    alerts, silence = orm[N]
    total = alerts["seconds"] + silence["seconds"]
    flags = total - mail_part(alerts)[0] - mail_part(silence)[0]
    orm_fk = fk_seconds / rows * (rows + silence["scanned"])
    update = statistics.median(t[1] for t in sql[N]) - fk_seconds
    print(
        f"    {N:>7}, all minus the FK checks (crons ~{orm_fk:.2f} s, estimated per row"
        f" updated): {(total - orm_fk) / update:.1f}x, without the per-record mail"
        f" work {(flags - orm_fk) / update:.1f}x"
    )


unpin_today = pin_today()
try:
    main()
finally:
    unpin_today()
    env.cr.rollback()
print("\nRolled back: nothing was committed.")
