from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.deadlines import (
    WorkTimeline,
    add_days,
    percent_consumed,
    pick_deadline_rule,
    sla_consumed_to_store,
    sla_status,
)
from ..tools.escalation_match import (
    best_policy,
    conditions_met,
    keyword_like,
    match_keywords,
    normalize,
    parse_keywords,
)
from ..tools.sql_array import array_literal


@tagged("at_install", "-post_install", "cs_tools")
class TestDeadlineTools(BaseCase):
    def test_business_days_skip_weekends(self):
        # Friday 2026-01-09 + 1 business day = Monday 12th
        self.assertEqual(add_days(date(2026, 1, 9), 1), date(2026, 1, 12))
        # 15 business days from Monday 2026-01-12 = Monday 2026-02-02
        self.assertEqual(add_days(date(2026, 1, 12), 15), date(2026, 2, 2))

    def test_business_days_skip_holidays(self):
        holidays = {date(2026, 1, 13), date(2026, 1, 14)}
        self.assertEqual(
            add_days(date(2026, 1, 12), 3, holidays=holidays), date(2026, 1, 19)
        )

    def test_calendar_days_move_off_non_business_end(self):
        # 2026-01-01 + 9 calendar days = Saturday 10th -> Monday 12th
        self.assertEqual(add_days(date(2026, 1, 1), 9, "calendar"), date(2026, 1, 12))
        self.assertEqual(add_days(date(2026, 1, 1), 7, "calendar"), date(2026, 1, 8))
        self.assertEqual(
            add_days(date(2026, 1, 1), 7, "calendar", holidays={date(2026, 1, 8)}),
            date(2026, 1, 9),
        )

    def test_bad_day_type_refused(self):
        with self.assertRaises(ValueError):
            add_days(date(2026, 1, 1), 3, "lunar")
        with self.assertRaises(ValueError):
            add_days(date(2026, 1, 1), -1)

    def test_regional_override(self):
        rules = [
            {"company_id": 1, "state_id": False, "days": 20, "day_type": "calendar"},
            {"company_id": 1, "state_id": 7, "days": 10, "day_type": "business"},
            {"company_id": 2, "state_id": 7, "days": 5, "day_type": "business"},
        ]
        self.assertEqual(pick_deadline_rule(rules, 1, 7), (10, "business"))
        self.assertEqual(pick_deadline_rule(rules, 1, 8), (20, "calendar"))
        self.assertEqual(pick_deadline_rule(rules, 3, 7), (15, "business"))
        self.assertEqual(pick_deadline_rule(rules, 2, 8), (15, "business"))

    def test_percent_and_status(self):
        self.assertEqual(percent_consumed(6, 8), 75.0)
        self.assertEqual(percent_consumed(-1, 8), 0.0)
        self.assertEqual(percent_consumed(5, 0), 0.0)
        self.assertEqual(sla_status(74.9, 75), "on_track")
        self.assertEqual(sla_status(75, 75), "at_risk")
        self.assertEqual(sla_status(100, 75), "breached")

    def test_sla_consumed_stored_by_whole_points(self):
        on = "on_track"
        self.assertFalse(sla_consumed_to_store(40.0, 40.99, on, on))
        self.assertFalse(sla_consumed_to_store(40.0, 39.5, on, on))
        self.assertTrue(sla_consumed_to_store(40.0, 41.0, on, on))
        self.assertTrue(sla_consumed_to_store(None, 0.0, None, on))
        self.assertTrue(sla_consumed_to_store(74.8, 75.0, on, "at_risk"))
        # Crossing the breach is stored whatever the statuses given.
        self.assertTrue(sla_consumed_to_store(99.9, 100.0, on, on))
        self.assertTrue(sla_consumed_to_store(100.0, 99.9, on, on))

    def test_work_timeline(self):
        # Mon and Tue 9-13, 14-18
        timeline = WorkTimeline(
            [
                (datetime(2026, 1, 12, 9), datetime(2026, 1, 12, 13)),
                (datetime(2026, 1, 12, 14), datetime(2026, 1, 12, 18)),
                (datetime(2026, 1, 13, 9), datetime(2026, 1, 13, 13)),
                (datetime(2026, 1, 13, 14), datetime(2026, 1, 13, 18)),
            ]
        )
        self.assertEqual(timeline.total, 16)
        self.assertEqual(
            timeline.hours_between(
                datetime(2026, 1, 12, 12), datetime(2026, 1, 12, 15)
            ),
            2,
        )
        # Created at night: the clock starts next morning.
        self.assertEqual(
            timeline.add_hours(datetime(2026, 1, 11, 22), 2), datetime(2026, 1, 12, 11)
        )
        # Ends exactly at the end of a block, not at the start of the next one.
        self.assertEqual(
            timeline.add_hours(datetime(2026, 1, 12, 9), 4), datetime(2026, 1, 12, 13)
        )
        self.assertEqual(
            timeline.add_hours(datetime(2026, 1, 12, 17), 2), datetime(2026, 1, 13, 10)
        )
        self.assertIsNone(timeline.add_hours(datetime(2026, 1, 12, 9), 17))


@tagged("at_install", "-post_install", "cs_tools")
class TestEscalationMatch(BaseCase):
    def test_normalize_and_keywords(self):
        self.assertEqual(normalize("<p>Denúncia  ÁRBITRO</p>"), "denuncia arbitro")
        keywords = parse_keywords("Abogado, denúncia;\n ,OCU")
        self.assertEqual(keywords, ["abogado", "denuncia", "ocu"])
        self.assertTrue(match_keywords("Pondré una DENUNCIA", keywords))
        self.assertTrue(match_keywords("Hablaré con mi abogádo", keywords))
        self.assertFalse(match_keywords("Documentación", keywords))
        self.assertFalse(match_keywords("abogados", ["abogado"]))

    def test_keyword_like_is_literal(self):
        # LIKE's wildcards and its escape character in a keyword match themselves.
        self.assertEqual(keyword_like("abogado"), "%abogado%")
        self.assertEqual(keyword_like("100%"), "%100\\%%")
        self.assertEqual(keyword_like("mi_cuenta"), "%mi\\_cuenta%")
        self.assertEqual(keyword_like("c:\\temp"), "%c:\\\\temp%")

    def test_conditions(self):
        facts = {
            "text": "quiero un abogado",
            "sla_percent": 80,
            "hours_since_customer": 30,
            "reopen_count": 1,
        }
        self.assertTrue(conditions_met({}, facts))
        self.assertTrue(conditions_met({"keywords": ["abogado"]}, facts))
        self.assertFalse(conditions_met({"keywords": ["juez"]}, facts))
        self.assertTrue(conditions_met({"sla_percent": 80}, facts))
        self.assertFalse(conditions_met({"sla_percent": 90}, facts))
        self.assertTrue(conditions_met({"hours_since_customer": 24}, facts))
        self.assertFalse(
            conditions_met({"hours_since_customer": 24}, {"hours_since_customer": None})
        )
        self.assertFalse(conditions_met({"reopen_count": 2}, facts))

    def test_best_policy(self):
        policies = [
            ("general", False, False, False),
            ("team", 1, False, False),
            ("team_phone", 1, 5, False),
            ("urgent", False, False, "3"),
        ]
        self.assertEqual(best_policy(policies, 1, 5, "1"), "team_phone")
        self.assertEqual(best_policy(policies, 1, 6, "3"), "team")
        self.assertEqual(best_policy(policies, 2, 6, "3"), "urgent")
        self.assertEqual(best_policy(policies, 2, 6, "1"), "general")
        self.assertIsNone(best_policy(policies[1:3], 2, 6, "1"))


@tagged("at_install", "-post_install", "cs_tools")
class TestSqlArrayLiteral(BaseCase):
    def test_literal_of_each_kind(self):
        self.assertEqual(array_literal([1, -2, None]), "{1,-2,NULL}")
        self.assertEqual(array_literal([True, False]), "{t,f}")
        self.assertEqual(array_literal([0.25, 1e-05]), "{0.25,1e-05}")
        self.assertEqual(array_literal([]), "{}")
        self.assertEqual(
            array_literal([date(2026, 12, 1), datetime(2026, 12, 1, 9, 30)]),
            '{"2026-12-01","2026-12-01 09:30:00"}',
        )

    def test_text_is_always_quoted_and_escaped(self):
        self.assertEqual(
            array_literal(["NULL", "", 'a "b"', "c\\d", "e,{f}"]),
            '{"NULL","","a \\"b\\"","c\\\\d","e,{f}"}',
        )
