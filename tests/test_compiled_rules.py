from odoo import Command, models
from odoo.fields import Domain
from odoo.tests import new_test_user, tagged

from ..tools.rule_sql import compiles_without_data
from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestCompiledRules(IntakeCase):
    """Ticket and intake rules compiled to SQL once per rule domain: the same
    records as the ORM's own compilation, and every change to what the rules read
    seen by the next search."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.mine = cls._ticket("phone", user=cls.supervisor)
        cls.theirs = cls._ticket(
            "phone", user=cls.other_agent, team_id=cls.other_team.id
        )
        cls.no_team = cls._ticket("phone", user=cls.other_agent, team_id=False)
        cls.assigned = cls._ticket("phone", user=cls.agent, team_id=cls.other_team.id)
        cls.followed = cls._ticket(
            "phone", user=cls.other_agent, team_id=cls.other_team.id
        )
        cls.followed.message_subscribe(cls.agent.partner_id.ids)
        cls.all_tickets = (
            cls.mine | cls.theirs | cls.no_team | cls.assigned | cls.followed
        )
        cls.agent_sees = cls.mine | cls.no_team | cls.assigned | cls.followed

    def _visible(self, user, model="helpdesk.ticket", records=None, **context):
        records = records or self.all_tickets
        Model = self.env[model].with_user(user).with_context(**context)
        return Model.search([("id", "in", records.ids)])

    def _orm_visible(self, user, model="helpdesk.ticket", records=None, **context):
        """The records the ORM's own ``_search`` gives, rules compiled by it."""
        records = records or self.all_tickets
        Model = self.env[model].with_user(user).with_context(**context)
        query = models.BaseModel._search(Model, [("id", "in", records.ids)])
        return Model.browse(query)

    def _compiled(self, user, model="helpdesk.ticket"):
        Model = self.env[model].with_user(user)
        return self.env["ir.rule"].with_user(user)._cs_compiled_rules(Model)

    def _spy_compile(self):
        return self._spy("ir.rule", "_cs_rules_to_sql")

    def test_which_domains_compile_without_data(self):
        fields = self.Ticket._fields
        pure = ("message_partner_ids",)

        def check(domain, expected, pure=pure):
            domain = Domain(domain).optimize(self.Ticket)
            self.assertEqual(
                compiles_without_data(domain, fields, pure), expected, domain
            )

        agent_rules = (
            self.env["ir.rule"].with_user(self.agent)._compute_domain("helpdesk.ticket")
        )
        self.assertTrue(compiles_without_data(agent_rules, fields, pure))
        # The followers' search method is trusted only when it is named.
        self.assertFalse(compiles_without_data(agent_rules, fields))
        check([], True)
        check([("team_id", "in", [1, False]), ("name", "=", "x")], True)
        check(["!", ("user_id", "=", 3)], True)
        check([("active", "=", True)], True)
        # Read the database or the transaction's records to compile:
        check([("partner_id", "child_of", [1])], False)
        check([("partner_id", "parent_of", [1])], False)
        check([("partner_id.name", "=", "x")], False)
        check([("partner_id", "any", [("name", "=", "x")])], False)
        check([("partner_id", "=", "Lucía")], False)
        check([("user_id", "in", [True])], False)
        check([("message_partner_ids", "child_of", [1])], False)
        check([("message_partner_ids", "in", [1])], False, pure=())
        check([("message_partner_ids", "not in", [1])], False)
        check([("id", "in", self.Ticket.sudo()._search([]))], False)
        check([("create_date", ">", "2026-01-01")], False)
        stage_name = self.env["helpdesk.ticket.stage"]._fields["name"]
        self.assertTrue(stage_name.translate)
        self.assertFalse(
            compiles_without_data(
                Domain("name", "in", ["New"]), {"name": stage_name}, pure
            )
        )

    def test_same_records_as_the_orm(self):
        own_user = new_test_user(
            self.env,
            login="cs_own_only",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
        )
        self.team.user_ids |= own_user
        self.mine.user_id = own_user
        portal_ticket = self._ticket(
            "phone", partner=self.portal_user.partner_id, team_id=False
        )
        tickets = self.all_tickets | portal_ticket
        for user, compiled in (
            (self.agent, True),
            (self.other_agent, True),
            (self.supervisor, True),
            (own_user, True),
            (self.portal_user, False),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._compiled(user) is not None, compiled)
                self.assertEqual(
                    self._visible(user, records=tickets),
                    self._orm_visible(user, records=tickets),
                )
        self.assertEqual(self._visible(self.agent), self.agent_sees)
        self.assertEqual(self._visible(own_user, records=tickets), self.mine)
        self.assertEqual(
            self._visible(self.portal_user, records=tickets), portal_ticket
        )
        mine = self._intake()
        theirs = self._intake(user=self.other_agent, team_id=self.other_team.id)
        for user in (self.agent, self.other_agent, self.supervisor):
            with self.subTest(user=user.login, model="cs.intake"):
                self.assertIsNotNone(self._compiled(user, "cs.intake"))
                self.assertEqual(
                    self._visible(user, "cs.intake", mine | theirs),
                    self._orm_visible(user, "cs.intake", mine | theirs),
                )
        self.assertEqual(self._visible(self.agent, "cs.intake", mine | theirs), mine)

    def test_rules_compiled_once(self):
        self._visible(self.agent)
        with self._spy_compile() as spy:
            for _ in range(3):
                self.assertEqual(self._visible(self.agent), self.agent_sees)
                self.assertEqual(
                    self.Ticket.with_user(self.agent).search_count(
                        [("id", "in", self.all_tickets.ids)]
                    ),
                    4,
                )
            self._visible(self.other_agent)
            self._visible(self.other_agent)
        # Once for the other agent, never again for the first.
        self.assertEqual(spy.call_count, 1)
        with self._spy_compile() as spy:
            self._visible(self.portal_user)
            self._visible(self.portal_user)
        self.assertEqual(spy.call_count, 0)
        Search = self.Ticket.with_user(self.agent)
        with self.assertQueryCount(1):
            found = Search.search([("id", "in", self.all_tickets.ids)])
        self.assertEqual(found, self.agent_sees)

    def test_ticket_search_query_count(self):
        wizard = self.env["cs.search.wizard"].with_user(self.agent)
        wizard._cs_search_source("ticket", "order", [])
        with self.assertQueryCount(1):
            found = wizard._cs_search_source("ticket", "order", [])
        self.assertEqual({res_id for res_id, _rank in found}, set(self.agent_sees.ids))

    def test_ticket_search_sees_pending_writes(self):
        wizard = self.env["cs.search.wizard"].with_user(self.agent)
        wizard._cs_search_source("ticket", "order", [])
        # Written in the transaction, not yet in the database: a column the rules
        # read and one the searched text is made of.
        self.mine.team_id = self.other_team
        self.assigned.name = "Tostadora averiada"
        found = {
            res_id
            for res_id, _rank in wizard._cs_search_source("ticket", "tostadora", [])
        }
        self.assertEqual(found, set(self.assigned.ids))
        found = {
            res_id for res_id, _rank in wizard._cs_search_source("ticket", "order", [])
        }
        self.assertNotIn(self.mine.id, found)

    def test_team_membership_seen_at_once(self):
        self.assertIn(self.mine, self._visible(self.agent))
        self.team.user_ids -= self.agent
        self.assertNotIn(self.mine, self._visible(self.agent))
        self.assertEqual(self._visible(self.agent), self._orm_visible(self.agent))
        self.agent.helpdesk_team_ids = [Command.link(self.other_team.id)]
        self.assertIn(self.theirs, self._visible(self.agent))
        self.agent.helpdesk_team_ids = [Command.unlink(self.other_team.id)]
        self.assertNotIn(self.theirs, self._visible(self.agent))
        self.env["helpdesk.ticket.team"].create(
            {"name": "Late shift", "user_ids": [Command.set(self.agent.ids)]}
        ).unlink()
        self.team.user_ids |= self.agent
        self.assertIn(self.mine, self._visible(self.agent))
        # The rules read active teams only.
        self.team.active = False
        self.assertNotIn(self.mine, self._visible(self.agent))
        self.team.active = True
        self.assertIn(self.mine, self._visible(self.agent))
        # Intakes read the same membership.
        intake = self._intake()
        self.team.user_ids -= self.agent
        self.assertFalse(self._visible(self.agent, "cs.intake", intake))

    def test_groups_seen_at_once(self):
        supervisors = self.env.ref("customer_service.group_cs_supervisor")
        self.agent.group_ids = [Command.link(supervisors.id)]
        self.assertEqual(self._visible(self.agent), self.all_tickets)
        self.agent.group_ids = [Command.unlink(supervisors.id)]
        self.assertEqual(self._visible(self.agent), self.agent_sees)

    def test_rules_edited_seen_at_once(self):
        self.mine.user_id = self.other_agent
        self.assertIn(self.mine, self._visible(self.agent))
        team_rule = self.env.ref("helpdesk_mgmt.helpdesk_ticket_team_rule")
        team_rule.domain_force = "[('team_id', '=', False)]"
        self.assertNotIn(self.mine, self._visible(self.agent))
        team_rule.active = False
        self.assertNotIn(self.no_team, self._visible(self.agent))
        team_rule.active = True
        self.assertIn(self.no_team, self._visible(self.agent))

    def test_companies_seen_at_once(self):
        main = self.env.company
        other = self.env["res.company"].create({"name": "Otra Empresa"})
        elsewhere = self._ticket("phone", company_id=other.id, team_id=False)
        records = elsewhere | self.no_team
        self.agent.company_ids = [Command.link(other.id)]
        both = {"allowed_company_ids": [main.id, other.id]}
        self.assertEqual(self._visible(self.agent, records=records, **both), records)
        self.assertEqual(
            self._visible(self.agent, records=records, allowed_company_ids=[main.id]),
            self.no_team,
        )
        self.agent.company_ids = [Command.unlink(other.id)]
        self.assertEqual(self._visible(self.agent, records=records), self.no_team)

    def test_data_the_sql_reads_seen_at_once(self):
        # Followers and the tickets' own columns are read by the kept SQL.
        self.theirs.message_subscribe(self.agent.partner_id.ids)
        self.assertIn(self.theirs, self._visible(self.agent))
        self.theirs.message_unsubscribe(self.agent.partner_id.ids)
        self.assertNotIn(self.theirs, self._visible(self.agent))
        self.mine.team_id = self.other_team
        self.assertNotIn(self.mine, self._visible(self.agent))
        self.mine.user_id = self.agent
        self.assertIn(self.mine, self._visible(self.agent))

    def test_portal_hierarchy_seen_at_once(self):
        company = self.env["res.partner"].create(
            {"name": "Tostadoras SL", "is_company": True}
        )
        portal = new_test_user(
            self.env, login="cs_portal_company", groups="base.group_portal"
        )
        portal.partner_id.parent_id = company
        colleague = self.env["res.partner"].create({"name": "Colega"})
        ticket = self._ticket("phone", partner=colleague, team_id=False)
        # child_of reads the partners' hierarchy: compiled on every search.
        self.assertIsNone(self._compiled(portal))
        self.assertFalse(self._visible(portal, records=ticket))
        colleague.parent_id = company
        self.assertEqual(self._visible(portal, records=ticket), ticket)
        colleague.parent_id = False
        self.assertFalse(self._visible(portal, records=ticket))
