"""Constants shared by the files of the PQR document, and the transition guard.

A legal fact of a PQR (its state, dates, flags, the act) changes only in the
transition method that the law allows. ``write()`` refuses those fields unless the
call comes from such a method, which marks its environment with ``transition()``.
The mark is a module-private object: a JSON-RPC caller can put any key and any JSON
value in its context, never this object, so no context sent by a client passes the
guard. Rights still come from groups and record rules, checked in the methods.
"""

CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Verbal / Telephone"),
    ("written", "Written"),
    ("email", "Email"),
    ("web", "Web Portal"),
]
VERBAL_CHANNELS = ("in_person", "phone")
# The legal term runs (deadline status, alerts, silence) in these states.
OPEN_STATES = ("filed", "in_progress", "suspended")
# ... and is kept while waiting for an incomplete petition (CPACA art. 17).
CLOCK_STATES = OPEN_STATES + ("incomplete",)
# SUI response codes with a rule of their own (regulation brief 4.4)
CODE_REJECTS = "7"
CODE_TRANSFERS = "8"
CODE_ARCHIVES = "11"
NOTIFICATION_NOT_APPLICABLE = "3"
DEADLINE_STATUS = [
    ("on_time", "On Time"),
    ("due_soon", "Due Soon"),
    ("due_today", "Due Today"),
    ("overdue", "Overdue"),
]
# What the form, list and kanban badges say: the silence flags first, then the
# deadline status (display only, never stored)
LEGAL_STATUS = DEADLINE_STATUS + [
    ("notification_defect", "Notification Step Late or Defective"),
    ("deemed_granted", "Deemed Accepted, Copies Due"),
    ("sap", "Positive Administrative Silence"),
]
# Recursos that lie against an act, from the most to the least (Ley 142 art. 154)
RECURSOS = [
    ("appeal", "Reposición and subsidiary apelación"),
    ("reposicion", "Reposición only"),
    ("none", "None"),
]
RECURSOS_ORDER = {"none": 0, "reposicion": 1, "appeal": 2}
# What the end of the term without an answer means, per type (data)
SILENCE_EFFECTS = [
    ("sap", "Positive administrative silence (Ley 142 art. 158)"),
    ("information", "Request deemed accepted, copies due (Ley 1755 art. 14)"),
    ("none", "None (overdue only)"),
]

# Fields derived by the legal clock: never written by hand (domain decision 4).
CLOCK_FIELDS = ("date_filed", "date_deadline")
# Inputs of the legal clock: set at filing, then changed only by a recorded
# correction (action_reclassify, action_correct_reception).
CLOCK_INPUTS = ("date_received", "type_id", "channel", "company_id")
# The act and what it is about: frozen once the decision is issued.
ACT_FIELDS = (
    "response_type_id",
    "response_body",
    "partner_id",
    "causal_id",
    "service",
    "service_account_id",
    "invoice_ids",
    "amount_disputed",
    "amount_undisputed",
)

_TRANSITION = object()


def office(records):
    """``records`` in the language of the texts the office writes by itself —
    chatter notes, activities, digests —: their company's (es_CO for a Colombian
    utility), whoever runs the code (a clerk, a scheduled action as OdooBot, an
    install). Texts for the petitioner use ``petitioner_lang`` instead."""
    company = records.company_id[:1] or records.env.company
    return records.with_context(lang=company._pqr_lang())


def petitioner_lang(partner, company):
    """The language of what the petitioner receives: the one they chose, else the
    company's."""
    return partner.lang or company._pqr_lang()


def transition(records):
    """``records`` in an environment allowed to write legal facts. For the
    transition methods of this addon only (Python code; unreachable over RPC)."""
    return records.with_context(pqr_transition=_TRANSITION)


def in_transition(records):
    return records.env.context.get("pqr_transition") is _TRANSITION
