from datetime import date, datetime, timedelta

import pytz
from lxml import etree
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import format_amount

from ..tools.deadlines import (
    add_days,
    applicable_holidays,
    deadline_status,
    leave_days,
    pick_deadline_rule,
)
from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestComplaintDeadlineTools(BaseCase):
    def test_leave_days_reads_local_noon(self):
        # 11 September in Madrid, stored in UTC from 22:00 the day before.
        days = leave_days(
            datetime(2026, 9, 10, 22, 0),
            datetime(2026, 9, 11, 21, 59, 59),
            "Europe/Madrid",
        )
        self.assertEqual(days, [date(2026, 9, 11)])
        # Entered as 00:00-23:59 UTC it is still one day, not two.
        days = leave_days(
            datetime(2026, 9, 11, 0, 0),
            datetime(2026, 9, 11, 23, 59, 59),
            "Europe/Madrid",
        )
        self.assertEqual(days, [date(2026, 9, 11)])
        days = leave_days(
            datetime(2026, 12, 24, 0, 0), datetime(2026, 12, 26, 23, 59, 59), "UTC"
        )
        self.assertEqual(len(days), 3)

    def test_applicable_holidays_by_place(self):
        es, fr, barcelona, madrid = 1, 2, 10, 20
        holidays = [
            (date(2026, 1, 1), False, []),
            (date(2026, 10, 12), es, []),
            (date(2026, 9, 11), es, [barcelona, 11, 12]),
            (date(2026, 5, 2), es, [madrid]),
            (date(2026, 7, 14), fr, []),
        ]
        barcelona_days = applicable_holidays(holidays, {(es, barcelona)})
        self.assertEqual(
            barcelona_days,
            {date(2026, 1, 1), date(2026, 10, 12), date(2026, 9, 11)},
        )
        madrid_days = applicable_holidays(holidays, {(es, madrid)})
        self.assertNotIn(date(2026, 9, 11), madrid_days)
        self.assertIn(date(2026, 5, 2), madrid_days)
        # The company's seat and the customer's address both count.
        both = applicable_holidays(holidays, {(es, madrid), (fr, False)})
        self.assertTrue({date(2026, 5, 2), date(2026, 7, 14)} <= both)
        self.assertEqual(applicable_holidays(holidays, set()), {date(2026, 1, 1)})

    def test_regional_holiday_moves_business_deadline(self):
        start = date(2026, 9, 10)
        self.assertEqual(add_days(start, 15), date(2026, 10, 1))
        self.assertEqual(
            add_days(start, 15, holidays=frozenset({date(2026, 9, 11)})),
            date(2026, 10, 2),
        )

    def test_terms_per_kind(self):
        rules = [
            {"company_id": 1, "state_id": False, "days": 10, "day_type": "business"},
            {
                "company_id": 1,
                "state_id": False,
                "kind": "claim",
                "days": 30,
                "day_type": "calendar",
            },
            {
                "company_id": 1,
                "state_id": False,
                "kind": "query",
                "days": 2,
                "day_type": "business",
            },
        ]
        self.assertEqual(pick_deadline_rule(rules, 1, 5), (10, "business"))
        self.assertEqual(
            pick_deadline_rule(rules, 1, 5, kind="claim"), (30, "calendar")
        )
        self.assertEqual(pick_deadline_rule(rules, 1, 5, kind="query"), (2, "business"))
        self.assertIsNone(pick_deadline_rule(rules, 1, 5, kind="incident"))
        self.assertIsNone(pick_deadline_rule(rules, 1, 5, kind="suggestion"))
        self.assertEqual(pick_deadline_rule([], 1, 5, kind="claim"), (15, "business"))

    def test_deadline_status(self):
        today = date(2026, 3, 10)
        deadline = date(2026, 3, 12)
        alert = date(2026, 3, 9)
        self.assertEqual(deadline_status(deadline, alert, None, today), "due_soon")
        self.assertEqual(
            deadline_status(deadline, alert, None, date(2026, 3, 1)), "on_time"
        )
        self.assertEqual(
            deadline_status(deadline, alert, None, date(2026, 3, 13)), "overdue"
        )
        self.assertEqual(
            deadline_status(deadline, alert, date(2026, 3, 11), today), "answered"
        )
        self.assertEqual(
            deadline_status(deadline, alert, date(2026, 3, 20), today),
            "answered_late",
        )
        self.assertFalse(deadline_status(False, False, None, today))


@tagged("post_install", "-at_install")
class TestRequestKinds(EscalationCase):
    def test_flag_and_kind_stay_in_step(self):
        flagged = self._ticket("email", cs_is_complaint=True)
        self.assertEqual(flagged.cs_request_kind, "complaint")
        claim = self._ticket("email", cs_request_kind="claim")
        self.assertTrue(claim.cs_is_complaint)
        self.assertTrue(claim.cs_complaint_deadline)
        claim.cs_request_kind = "suggestion"
        self.assertFalse(claim.cs_is_complaint)
        self.assertFalse(claim.cs_complaint_deadline)
        claim.cs_is_complaint = True
        self.assertEqual(claim.cs_request_kind, "complaint")
        plain = self._ticket("email")
        self.assertFalse(plain.cs_request_kind)
        self.assertFalse(plain.cs_complaint_deadline)

    def test_form_shows_complaint_fields_as_type_is_picked(self):
        ticket = self._ticket("email")
        with Form(ticket) as form:
            form.cs_request_kind = "claim"
            self.assertTrue(form.cs_is_complaint)
            form.cs_request_kind = "query"
            self.assertFalse(form.cs_is_complaint)

    def test_each_kind_its_own_clock(self):
        self.env["cs.complaint.deadline"].create(
            [
                {
                    "company_id": self.company.id,
                    "kind": "claim",
                    "days": 30,
                    "day_type": "calendar",
                },
                {
                    "company_id": self.company.id,
                    "kind": "query",
                    "days": 2,
                    "day_type": "business",
                },
            ]
        )
        start = date(2026, 2, 2)
        values = {"cs_complaint_start_date": start}
        complaint = self._ticket("email", cs_request_kind="complaint", **values)
        claim = self._ticket("email", cs_request_kind="claim", **values)
        query = self._ticket("email", cs_request_kind="query", **values)
        incident = self._ticket("email", cs_request_kind="incident", **values)
        suggestion = self._ticket("email", cs_request_kind="suggestion", **values)
        # Complaints keep the legal 15 business days, claims their own term.
        self.assertEqual(complaint.cs_complaint_deadline, date(2026, 2, 23))
        self.assertEqual(claim.cs_complaint_deadline, date(2026, 3, 4))
        self.assertEqual(query.cs_complaint_deadline, date(2026, 2, 4))
        self.assertFalse(incident.cs_complaint_deadline)
        self.assertFalse(suggestion.cs_complaint_deadline)

    def test_same_region_and_kind_refused_twice(self):
        values = {"company_id": self.company.id, "kind": "claim", "days": 20}
        self.env["cs.complaint.deadline"].create(values)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["cs.complaint.deadline"].create(values)
            self.env.flush_all()
        # Another kind for the same company is a different term.
        self.env["cs.complaint.deadline"].create(dict(values, kind="query"))

    def test_overdue_deadline_is_shown_overdue(self):
        today = date.today()
        overdue = self._ticket(
            "email",
            cs_request_kind="complaint",
            cs_complaint_start_date=today - timedelta(days=40),
        )
        fresh = self._ticket(
            "email", cs_request_kind="claim", cs_complaint_start_date=today
        )
        late = self._ticket(
            "email",
            cs_request_kind="complaint",
            cs_complaint_start_date=today - timedelta(days=60),
            cs_complaint_response_date=today,
        )
        self.assertEqual(overdue.cs_complaint_deadline_state, "overdue")
        self.assertEqual(fresh.cs_complaint_deadline_state, "on_time")
        self.assertEqual(late.cs_complaint_deadline_state, "answered_late")
        Ticket = self.env["helpdesk.ticket"]
        found = Ticket.search([("cs_complaint_deadline_state", "in", ["overdue"])])
        self.assertIn(overdue, found)
        self.assertNotIn(fresh, found)
        self.assertNotIn(late, found)
        found = Ticket.search(
            [("cs_complaint_deadline_state", "in", ["answered_late"])]
        )
        self.assertEqual(found & (overdue | fresh | late), late)
        found = Ticket.search([("cs_complaint_deadline_state", "in", ["on_time"])])
        self.assertIn(fresh, found)
        self.assertNotIn(overdue, found)

    def test_query_answered_by_closing(self):
        self.env["cs.complaint.deadline"].create(
            {"company_id": self.company.id, "kind": "query", "days": 1}
        )
        query = self._ticket(
            "email",
            cs_request_kind="query",
            cs_complaint_start_date=date.today() - timedelta(days=10),
        )
        self.assertTrue(query.cs_complaint_overdue)
        query.with_context(cs_farewell_checked=True).stage_id = self.stage_done
        self.assertFalse(query.cs_complaint_overdue)
        self.assertEqual(query.cs_complaint_deadline_state, "answered")
        self.assertNotIn(
            query,
            self.env["helpdesk.ticket"].search([("cs_complaint_overdue", "=", True)]),
        )

    def test_complaint_list_shows_legal_deadline(self):
        action = self.env.ref("customer_service.helpdesk_ticket_complaint_action")
        list_view = self.env.ref("customer_service.helpdesk_ticket_view_list_complaint")
        self.assertEqual(action.view_ids.sorted("sequence")[0].view_id, list_view)
        arch = etree.fromstring(
            self.env["helpdesk.ticket"].get_view(list_view.id, "list")["arch"]
        )
        badge = arch.xpath("//field[@name='cs_complaint_deadline_state']")[0]
        self.assertIn("overdue", badge.get("decoration-danger"))
        self.assertNotIn("overdue", badge.get("decoration-success"))
        self.assertTrue(arch.xpath("//field[@name='cs_complaint_deadline']"))
        self.assertFalse(arch.xpath("//field[@name='cs_sla_status']"))

    def test_report_counts_each_kind(self):
        # The report's days are the user's, as Odoo reads dates in a domain.
        today = fields.Date.context_today(self.env["cs.satisfaction.report"])
        report = self.env["cs.satisfaction.report"].create(
            {
                "name": "Kinds",
                "date_from": today - timedelta(days=1),
                "date_to": today,
            }
        )

        def counts():
            return {
                command[2]["name"]: command[2]["count"]
                for command in report._cs_request_kind_lines()
            }

        before = counts()
        for kind in ("query", "query", "claim", "suggestion"):
            self._ticket("email", cs_request_kind=kind)
        after = counts()
        added = {name: after[name] - before.get(name, 0) for name in after}
        self.assertEqual(
            {name: n for name, n in added.items() if n},
            {"Query": 2, "Claim": 1, "Suggestion": 1},
        )
        dimensions = dict(
            self.env["cs.satisfaction.report.line"]._fields["dimension"].selection
        )
        self.assertIn("request_kind", dimensions)


@tagged("post_install", "-at_install")
class TestRegionalHolidays(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spain = cls.env.ref("base.es")
        cls.barcelona = cls.env.ref("base.state_es_b")
        cls.madrid = cls.env.ref("base.state_es_m")
        cls.customer_bcn = cls.customer_es.copy(
            {"name": "Jordi Puig", "state_id": cls.barcelona.id}
        )
        cls.customer_mad = cls.customer_es.copy(
            {"name": "Marta Gil", "state_id": cls.madrid.id}
        )

    def _complaint(self, partner, start):
        return self._ticket(
            "email",
            partner=partner,
            cs_request_kind="complaint",
            cs_complaint_start_date=start,
        )

    def test_barcelona_and_madrid_differ_on_11_september(self):
        start = date(2026, 9, 10)
        bcn = self._complaint(self.customer_bcn, start)
        mad = self._complaint(self.customer_mad, start)
        self.assertEqual(mad.cs_complaint_deadline, date(2026, 10, 1))
        self.assertEqual(bcn.cs_complaint_deadline, date(2026, 10, 2))
        # Madrid's own day (Monday 2 November 2026) moves only Madrid's term.
        start = date(2026, 10, 22)
        bcn = self._complaint(self.customer_bcn, start)
        mad = self._complaint(self.customer_mad, start)
        self.assertEqual(mad.cs_complaint_deadline, add_days(start, 16))
        self.assertEqual(bcn.cs_complaint_deadline, add_days(start, 15))

    def test_customer_moves_region(self):
        bcn = self._complaint(self.customer_bcn, date(2026, 9, 10))
        self.customer_bcn.state_id = self.madrid
        self.assertEqual(bcn.cs_complaint_deadline, date(2026, 10, 1))

    def test_shipped_holidays_are_editable_data(self):
        diada = self.env.ref("customer_service.cs_holiday_es_ct_2026_0911")
        self.assertEqual(diada.cs_country_id, self.spain)
        self.assertEqual(set(diada.cs_state_ids.mapped("code")), {"B", "GI", "L", "T"})
        self.assertFalse(diada.resource_id)
        self.assertEqual(
            leave_days(diada.date_from, diada.date_to, "Europe/Madrid"),
            [date(2026, 9, 11)],
        )
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "customer_service"),
                ("model", "=", "resource.calendar.leaves"),
                ("name", "=like", "cs_holiday_es_%"),
            ]
        )
        self.assertTrue(all(data.mapped("noupdate")))
        holidays = self.env["resource.calendar.leaves"].browse(data.mapped("res_id"))
        # A place's holidays, shared by every company.
        self.assertFalse(holidays.company_id)
        # Every Spanish province has regional days in 2026 and 2027.
        provinces = self.env["res.country.state"].search(
            [("country_id", "=", self.spain.id)]
        )
        for year in (2026, 2027):
            of_year = holidays.filtered(lambda h, y=year: h.date_to.year == y)
            self.assertEqual(of_year.cs_state_ids, provinces, year)
            national = of_year.filtered(lambda h: not h.cs_state_ids)
            self.assertGreaterEqual(len(national), 8, year)

    def test_regional_holiday_closes_only_companies_there(self):
        calendar = self.company.resource_calendar_id
        start = pytz.utc.localize(datetime(2026, 9, 11, 0, 0))
        stop = pytz.utc.localize(datetime(2026, 9, 11, 23, 0))

        def worked():
            calendar.invalidate_recordset()
            return list(calendar._work_intervals_batch(start, stop)[False])

        self.company.write({"country_id": self.spain.id, "state_id": self.madrid.id})
        self.assertTrue(worked())
        self.company.state_id = self.barcelona
        self.assertFalse(worked())

    def test_manager_edits_public_holidays(self):
        manager = new_test_user(
            self.env,
            login="cs_holiday_manager",
            groups="customer_service.group_cs_manager",
        )
        diada = self.env.ref("customer_service.cs_holiday_es_ct_2026_0911")
        diada.with_user(manager).name = "Diada"
        self.assertEqual(diada.name, "Diada")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            diada.with_user(self.agent).name = "Other"
            diada.flush_recordset()


@tagged("post_install", "-at_install")
class TestEscalationWording(EscalationCase):
    def test_scope_banner_names_money_and_priority(self):
        self.env["cs.agent.scope"].create(
            {"user_id": self.agent.id, "max_compensation": 50, "max_priority": "1"}
        )
        ticket = self._ticket("phone", cs_compensation_amount=80, priority="2")
        currency = self.company.currency_id
        self.assertIn(
            f"compensation of {format_amount(self.env, 80, currency)} above the "
            f"allowed {format_amount(self.env, 50, currency)}",
            ticket.cs_scope_issue,
        )
        self.assertIn("priority High above the allowed Medium", ticket.cs_scope_issue)
        self.assertNotIn("50.0 ", ticket.cs_scope_issue)

    def test_wizard_names_levels_alike(self):
        ticket = self._ticket("phone")
        wizard = self.env["cs.escalation.wizard"].create(
            {"ticket_id": ticket.id, "reason": "Needs a specialist"}
        )
        labels = dict(wizard._fields["level"].selection)
        self.assertEqual(labels[wizard.current_level], "L1")
        self.assertEqual(labels[wizard.level], "L2")
        self.assertEqual(
            wizard._fields["current_level"].selection, wizard._fields["level"].selection
        )

    def test_last_level_does_not_offer_escalation(self):
        ticket = self._ticket("phone", cs_compensation_amount=80)
        self.assertTrue(ticket.cs_can_escalate)
        ticket.cs_escalation_level = 3
        self.assertFalse(ticket.cs_can_escalate)
        with self.assertRaisesRegex(UserError, "last level"), self.env.cr.savepoint():
            ticket.action_cs_open_escalation()
        self.env["cs.agent.scope"].create(
            {"user_id": self.agent.id, "max_compensation": 10}
        )
        self.assertTrue(ticket.cs_out_of_scope)
        with self.assertRaisesRegex(UserError, "last level"), self.env.cr.savepoint():
            ticket.with_user(self.agent).action_cs_escalate_scope()
        # De-escalation stays available at the last level.
        action = ticket.with_context(
            cs_escalation_mode="deescalate"
        ).action_cs_open_escalation()
        self.assertEqual(action["res_model"], "cs.escalation.wizard")
        ticket.cs_escalation_level = 2
        self.assertTrue(ticket.cs_can_escalate)
        ticket.with_context(cs_farewell_checked=True).stage_id = self.stage_done
        self.assertFalse(ticket.cs_can_escalate)
