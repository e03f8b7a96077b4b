"""The office as its users see it: home action, search filters, the next step of the
form, and what the legal clock and the notification lines say.

Dates as in ``test_resolution``: the PQR of ``PqrCase._create_pqr`` is filed Tue 3 Mar
2026 with its deadline on Wed 25 Mar 2026 (Mon 23 Mar is a holiday).
"""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MODULE
from .test_resolution import ResolutionCase, bog

# the state that has a next legal step -> that step (the one primary button): a
# method, or an action (xmlid, its id in the arch)
NEXT_STEP = {
    "filed": "action_start",
    "in_progress": "action_issue_decision",
    "suspended": "action_issue_decision",
    "incomplete": "pqr_request_register_completion_action",
    "notifying": "pqr_request_register_notification_action",
    "notified": "action_close",
    "sspd": "pqr_request_sspd_decision_action",
}


@tagged("post_install", "-at_install")
class TestViewsUx(ResolutionCase):
    # helpers ------------------------------------------------------------
    def _arch(self, view_type, user=None):
        model = self.env["pqr.request"].with_user(user or self.clerk)
        views = model.get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def _filter_domain(self, name, user=None):
        user = user or self.clerk
        [node] = self._arch("search", user).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": user.id})

    def _filtered(self, name, records):
        """The records of ``records`` that the search filter ``name`` shows."""
        domain = self._filter_domain(name) + [("id", "in", records.ids)]
        return self.env["pqr.request"].with_user(self.clerk).search(domain)

    def _values(self, **values):
        """Values of a saved PQR as the form's expressions see them."""
        fields = self.env["pqr.request"]._fields
        context = {name: False for name in fields}
        context.update(id=1, state="filed")
        context.update(values)
        return context

    def _step(self, state):
        step = NEXT_STEP[state]
        if step.startswith("action_"):
            return step
        return str(self.env.ref(f"{MODULE}.{step}").id)

    def _visible_buttons(self, header, values):
        return [
            button
            for button in header.iter("button")
            if not safe_eval(button.get("invisible") or "False", dict(values))
        ]

    # home action ------------------------------------------------------------
    def test_home_action_of_pqr_users(self):
        action = self.env.ref(f"{MODULE}.pqr_request_action")
        mine = self.env.ref(f"{MODULE}.pqr_field_order_action_mine")
        for role, user in self.users.items():
            expected = mine if role == "technician" else action
            self.assertEqual(user.action_id.id, expected.id, role)
        self.assertFalse(self.employee.action_id, "not a PQR user")
        self.assertFalse(self.portal_user.action_id)
        # an internal user who gets a PQR group later, through the user form
        employee = new_test_user(self.env, login="pqr_test_later")
        self.assertFalse(employee.action_id)
        employee.write(
            {"groups_id": [(4, self.env.ref(f"{MODULE}.group_pqr_technician").id)]}
        )
        self.assertEqual(employee.action_id.id, mine.id)
        # a home action chosen by hand is kept
        discuss = self.env.ref("mail.action_discuss")
        chosen = new_test_user(self.env, login="pqr_test_chosen")
        chosen.action_id = discuss.id
        chosen.write({"groups_id": [(4, self.env.ref(f"{MODULE}.group_pqr_clerk").id)]})
        self.assertEqual(chosen.action_id.id, discuss.id)

    def test_demo_users_land_in_the_pqr_office(self):
        action = self.env.ref(f"{MODULE}.pqr_request_action")
        mine = self.env.ref(f"{MODULE}.pqr_field_order_action_mine")
        for login in ("pqr_manager", "pqr_clerk", "pqr_area", "pqr_technician"):
            user = self.env["res.users"].search([("login", "=", login)])
            expected = mine if login == "pqr_technician" else action
            if user:  # demo data installed
                self.assertEqual(user.action_id.id, expected.id, login)

    # filters ------------------------------------------------------------
    def test_open_filter_includes_the_pqrs_being_notified(self):
        filed = self._create_pqr()
        notifying = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        self.assertEqual(notifying.state, "notifying")
        notified = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        self._notify_personally(notified, bog(2026, 3, 18, 9))
        self.assertEqual(notified.state, "notified")
        transferred = self._create_pqr()
        with freeze_time(bog(2026, 3, 4, 9)):
            transferred.with_user(self.clerk).action_mark_outside_competence()
            authority = self.env["res.partner"].create(
                {"name": "Alcaldía", "is_company": True, "email": "a@example.com"}
            )
            transferred.with_user(self.clerk).action_transfer_competence(
                authority.id, "<p>Competencia de la alcaldía.</p>"
            )
        self.assertEqual(transferred.state, "transferred")
        self.assertEqual(
            self._filtered("open", filed | notifying | notified | transferred),
            filed | notifying | notified,
        )

    def test_unassigned_filter(self):
        unassigned = self._create_pqr()
        assigned = self._create_pqr(user_id=self.users["area"].id)
        self.assertEqual(
            self._filtered("unassigned", unassigned | assigned), unassigned
        )

    def test_due_soon_filter_uses_the_company_threshold(self):
        self.env.company.pqr_due_soon_days = 3
        [node] = self._arch("search").xpath("//filter[@name='due_soon']")
        self.assertIn("3", node.get("string"))
        with freeze_time(bog(2026, 3, 20, 12)):
            # Fri 20 Mar: deadline Wed 25 Mar, 2 business days left (24, 25)
            soon = self._create_pqr()
            # received Thu 19 Mar: 15 business days, far away
            later = self._create_pqr(date_received=bog(2026, 3, 19, 10))
            # stored computes run on read or flush: today is the frozen day
            self.assertEqual(soon.deadline_status, "due_soon")
            self.assertEqual(soon.business_days_left, 2)
            self.assertEqual(later.deadline_status, "on_time")
        with freeze_time(bog(2026, 3, 25, 12)):
            today = self._create_pqr()
            self.assertEqual(today.deadline_status, "due_today")
        self.assertEqual(self._filtered("due_soon", soon | later | today), soon | today)

    def test_notification_step_filter_and_silence_spelled_out(self):
        search = self._arch("search")
        [risk] = search.xpath("//filter[@name='sap_risk']")
        self.assertEqual(risk.get("string"), "Notification Step Late or Defective")
        self.assertEqual(self._filter_domain("sap_risk"), [("sap_risk", "=", True)])
        for arch in (search, self._arch("form", self.manager)):
            for node in arch.iter("filter", "button"):
                self.assertNotIn("SAP", node.get("string") or "")

    # the form's next step ------------------------------------------------------------
    def test_no_workflow_button_on_an_unsaved_record(self):
        for user in (self.clerk, self.manager, self.users["area"]):
            [header] = self._arch("form", user).xpath("//header")
            buttons = header.xpath("./button")
            self.assertTrue(buttons)
            for button in buttons:
                self.assertTrue(
                    button.get("invisible", "").startswith("not id or")
                    or button.get("invisible") == "not id",
                    button.get("name"),
                )
            for state in NEXT_STEP:
                self.assertFalse(
                    self._visible_buttons(header, self._values(id=False, state=state))
                )

    def test_one_primary_button_per_state(self):
        [header] = self._arch("form", self.manager).xpath("//header")
        cases = [(state, {}) for state in NEXT_STEP]
        cases += [
            ("in_progress", {"is_sap": True}),  # silence: still one next step
            ("filed", {"outside_competence": True}),
            ("incomplete", {"desistimiento_due": True}),
            ("notifying", {"sap_risk": True}),
        ]
        for state, extra in cases:
            visible = self._visible_buttons(header, self._values(state=state, **extra))
            primary = [b for b in visible if "btn-primary" in (b.get("class") or "")]
            self.assertEqual(
                [b.get("name") for b in primary], [self._step(state)], (state, extra)
            )
            for button in visible:
                self.assertTrue(
                    {"btn-primary", "btn-secondary"}
                    & set((button.get("class") or "").split()),
                    button.get("name"),
                )
        # the recurso that goes to the Superintendence: that is the step, not Close
        visible = self._visible_buttons(
            header, self._values(state="notified", goes_to_sspd=True, parent_id=1)
        )
        primary = [b.get("name") for b in visible if "btn-primary" in b.get("class")]
        self.assertEqual(primary, ["action_transfer_sspd"])
        for state in ("decided", "closed", "transferred"):
            visible = self._visible_buttons(header, self._values(state=state))
            self.assertFalse(
                [b for b in visible if "btn-primary" in (b.get("class") or "")], state
            )

    # what the clock and the notification lines say ---------------------------------
    def test_legal_status_shows_the_silence(self):
        pqr = self._create_pqr()
        with freeze_time(bog(2026, 3, 26, 9)):
            pqr._pqr_refresh_deadline_status()
            pqr.invalidate_recordset(["legal_status", "days_left_label"])
            self.assertEqual(pqr.legal_status, "overdue")
            self.assertEqual(pqr.days_left_label, "1 business day overdue")
        self._cron(bog(2026, 3, 26, 9))
        self.assertTrue(pqr.is_sap)
        self.assertEqual(pqr.legal_status, "sap")
        labels = dict(self.env["pqr.request"]._fields["legal_status"].selection)
        self.assertEqual(labels["sap"], "Positive Administrative Silence")

    def test_days_left_without_term(self):
        suggestion = self._create_pqr(
            type_id=self.env.ref(f"{MODULE}.pqr_type_sugerencia").id
        )
        self.assertFalse(suggestion.has_term)
        self.assertFalse(suggestion.legal_status)
        self.assertFalse(suggestion.days_left_label)
        [cell] = self._arch("list").xpath("//field[@name='business_days_left']")
        self.assertIn("not has_term", cell.get("invisible"))
        self.assertFalse(
            self.env["pqr.request"]._fields["business_days_left"].aggregator
        )
        [name] = self._arch("list").xpath("//field[@name='name']")
        self.assertTrue(name.get("width"))
        with freeze_time(bog(2026, 3, 20, 12)):
            pqr = self._create_pqr()
            self.assertEqual(pqr.days_left_label, "2 business days left")

    def test_notification_line_done_once_notified(self):
        pqr = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        citation = self._lines(pqr, "citation")
        self.assertEqual(citation.display_state, "pending")
        self._notify_personally(pqr, bog(2026, 3, 18, 9))
        self.assertEqual(pqr.state, "notified")
        self.assertEqual(citation.state, "pending", "the stored step is history")
        self.assertEqual(citation.display_state, "not_needed")
        self.assertEqual(self._lines(pqr, "personal").display_state, "effective")

        sent = self._decide(self._create_pqr(), bog(2026, 3, 17, 10))
        with freeze_time(bog(2026, 3, 18, 9)):
            self._lines(sent, "citation").with_user(self.clerk).action_mark_sent()
        self._notify_personally(sent, bog(2026, 3, 20, 9))
        self.assertEqual(self._lines(sent, "citation").display_state, "done")
        self.assertEqual(sent.date_notified, date(2026, 3, 20))
        # the Mark Sent button follows what the line shows
        [button] = self._arch("form").xpath("//button[@name='action_mark_sent']")
        self.assertIn("display_state != 'pending'", button.get("invisible"))
