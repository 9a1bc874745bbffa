from datetime import datetime
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from .read_common import form_specification
from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestTicketReadPerf(EscalationCase):
    """The ticket form, reads of many tickets and a single create stay near plain
    helpdesk_mgmt: previews render when asked for, counts are grouped, the SLA is
    inserted with the ticket from cached weeks of working time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.channel_id = False
        cls.ticket = cls._ticket("phone", partner=cls.customer_es)
        cls.spec = form_specification(cls.env(user=cls.agent))

    def _cs_fields(self):
        return [
            name
            for name, field in self.env["helpdesk.ticket"]._fields.items()
            if name.startswith("cs_") and not field.groups
        ]

    def test_form_read_renders_no_script(self):
        self.assertTrue(self.ticket.cs_protocol_id, "the phone channel has a protocol")
        self.assertIn("cs_protocol_id", self.spec)
        self.assertNotIn("cs_greeting_preview", self.spec)
        self.assertNotIn("cs_farewell_preview", self.spec)
        ticket = self.ticket.with_user(self.agent)
        with patch.object(
            type(self.env["cs.service.protocol"]), "_render_scripts"
        ) as render:
            ticket.web_read(self.spec)
        render.assert_not_called()

    def test_form_read_query_count(self):
        ticket = self.ticket.with_user(self.agent)
        ticket.web_read(self.spec)
        self.env.invalidate_all()
        # Measured 11 with every feature and the demo data loaded (27 before the
        # grouped counts, cached checklist and scope, and the history button; 20
        # before the loyalty fields' one query, the scope fetched with its search
        # and the fired rules moved behind the Escalations button; 17 before the
        # scope and the protocol came from caches keyed on owner and channel stamps;
        # 16 before the loyalty page and the SLA were read when their page opens;
        # 13 when the measured specification read the display name of many2one
        # fields the form always hides, which the web client does not ask for).
        with self.assertQueryCount(__system__=11):
            ticket.web_read(self.spec)

    def test_specification_as_web_client(self):
        """The measured read asks what the web client asks: a many2one the form
        always hides comes without its display name, so no read of its record."""
        self.assertEqual(self.spec["cs_currency_id"], {"fields": {}})
        self.assertEqual(self.spec["partner_id"], {"fields": {"display_name": {}}})

    def test_lazy_fields_not_in_form_read(self):
        """The loyalty page and the SLA are read when their page opens: the form's
        read neither computes the customer's loyalty nor reads the SLA."""
        for name in (
            "cs_loyalty_card_id",
            "cs_loyalty_points",
            "cs_loyalty_eligibility",
            "cs_loyalty_rewards_html",
            "cs_followup_id",
            "cs_sla_policy_id",
            "cs_sla_first_response_deadline",
            "cs_sla_resolution_deadline",
            "cs_legal_pause_ids",
        ):
            self.assertNotIn(name, self.spec)
        arch = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        # The pages keep their names, for the views that add to them.
        self.assertIn('name="cs_loyalty"', arch)
        self.assertIn('name="cs_escalation"', arch)
        self.assertIn("helpdesk_ticket_view_form_cs_loyalty_panel", arch)
        self.assertIn("helpdesk_ticket_view_form_cs_escalation_panel", arch)

    def test_lazy_panels_load_on_demand(self):
        ticket = self.ticket.with_user(self.agent)
        panels = {
            "customer_service.helpdesk_ticket_view_form_cs_loyalty_panel": (
                ["cs_loyalty_card_id", "cs_loyalty_points", "cs_loyalty_rewards_html"],
                ["action_cs_loyalty_enrol", "action_cs_grant_reward"],
            ),
            "customer_service.helpdesk_ticket_view_form_cs_escalation_panel": (
                [
                    "cs_sla_policy_id",
                    "cs_sla_first_response_deadline",
                    "cs_legal_pause_ids",
                ],
                [],
            ),
        }
        for xmlid, (names, buttons) in panels.items():
            with self.subTest(view=xmlid):
                view = self.env.ref(xmlid)
                self.assertEqual(view.mode, "primary")
                self.assertFalse(view.inherit_id)
                # How the widget asks for it: the page's view reference.
                panel = ticket.with_context(form_view_ref=xmlid)
                views = panel.get_views([(False, "form")])
                self.assertEqual(views["views"]["form"]["id"], view.id)
                arch = views["views"]["form"]["arch"]
                for button in buttons:
                    self.assertIn(f'name="{button}"', arch)
                spec = form_specification(panel.env)
                for name in names:
                    self.assertIn(name, spec)
                values = ticket.web_read(spec)[0]
                self.assertTrue(set(names) <= set(values))
        values = ticket.web_read({"cs_sla_first_response_deadline": {}})[0]
        self.assertTrue(values["cs_sla_first_response_deadline"])

    def test_fired_rules_listed_behind_escalations_button(self):
        """The rules that fired are off the form (two queries per read) but the
        agent still sees each one in the steps the Escalations button lists."""
        self.assertNotIn("cs_escalation_fired_rule_ids", self.spec)
        self.assertIn("cs_escalation_history_count", self.spec)
        rule = self._rule(name="Lawyer mentioned", keywords="abogado")
        ticket = self._ticket("phone", description="<p>Llamaré a mi abogado</p>")
        self._run()
        self.assertEqual(ticket.cs_escalation_fired_rule_ids, rule)
        ticket = ticket.with_user(self.agent)
        self.assertEqual(ticket.cs_escalation_history_count, 1)
        action = ticket.action_cs_open_escalation_history()
        History = self.env[action["res_model"]].with_user(self.agent)
        steps = History.search(action["domain"])
        self.assertEqual(steps.rule_id, rule)
        self.assertEqual(steps.rule_id.display_name, "Lawyer mentioned")
        arch = History.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="rule_id"', arch)

    def test_scripts_dialog_shows_both_scripts(self):
        ticket = self.ticket.with_user(self.agent)
        action = ticket.action_cs_show_scripts()
        self.assertEqual(action["res_id"], ticket.id)
        view_id = action["views"][0][0]
        views = ticket.get_views([(view_id, "form")])
        self.assertIn(
            "cs_greeting_preview", views["models"]["helpdesk.ticket"]["fields"]
        )
        values = ticket.web_read(
            {"cs_greeting_preview": {}, "cs_farewell_preview": {}}
        )[0]
        self.assertIn("Lucía Martínez", values["cs_greeting_preview"])
        self.assertTrue(values["cs_farewell_preview"])

    def test_read_1000_tickets(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(50)]
        )
        kinds = ["phone", "email", "sms", "web"]
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Ticket {i}",
                    "description": "<p>Where is my order?</p>",
                    "channel_id": self.channels[kinds[i % 4]].id,
                    "partner_id": customers[i % 50].id,
                    "team_id": self.team.id,
                    "stage_id": self.stage_new.id,
                }
                for i in range(1000)
            ]
        )
        names = self._cs_fields()
        self.assertIn("cs_greeting_preview", names)
        self.assertIn("cs_collection_checklist", names)
        tickets = tickets.with_user(self.agent)
        # One ticket per channel first: the channels' protocols are cached per
        # channel stamp and language, as on a server that has opened tickets.
        tickets[:4].read(names)
        self.env.invalidate_all()
        # The time (target 2 s) is bench/ticket_read_create.sh's to measure: a
        # timed assertion failed on a loaded CI machine with the code unchanged.
        # Measured 31 with the ormcaches warm (68 cold, before the warm-up read
        # above and the protocol and scope caches keyed on stamps).
        with self.assertQueryCount(__system__=33):
            values = tickets.read(names)
        self.assertEqual(len(values), 1000)
        by_id = {row["id"]: row for row in values}
        phone = tickets.filtered(lambda t: t.channel_id == self.channels["phone"])[0]
        self.assertIn(phone.partner_id.name, by_id[phone.id]["cs_greeting_preview"])

    def test_counts_grouped(self):
        tickets = self.ticket | self._ticket("email")
        self.env["cs.intake"].create(
            [
                {
                    "ticket_id": self.ticket.id,
                    "channel_id": self.channels["phone"].id,
                    "document_type_id": self.env.ref(
                        "customer_service.cs_document_type_other"
                    ).id,
                }
                for _i in range(2)
            ]
        )
        survey = self.env["survey.survey"].create({"title": "How did we do?"})
        self.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "cs_ticket_id": tickets[1].id,
                "cs_is_satisfaction": True,
            }
        )
        self.env.invalidate_all()
        # Both smart buttons' counts, for the whole recordset, in one query.
        with self.assertQueryCount(__system__=1):
            counts = tickets.mapped("cs_intake_count")
            answers = tickets.mapped("cs_survey_count")
        self.assertEqual(counts, [2, 0])
        self.assertEqual(answers, [0, 1])

    def test_counts_without_access_to_intakes(self):
        """A helpdesk user outside customer service opens tickets too: the counts
        of records they may not read are zero, not an access error."""
        user = self.env["res.users"].create(
            {
                "name": "Helpdesk only",
                "login": "helpdesk_only",
                "group_ids": [
                    Command.set([self.env.ref("helpdesk_mgmt.group_helpdesk_user").id])
                ],
            }
        )
        self.assertFalse(user.has_group("customer_service.group_cs_agent"))
        ticket = self.ticket.with_user(user)
        self.assertEqual(ticket.cs_intake_count, 0)
        self.assertEqual(ticket.cs_escalation_history_count, 0)
        self.assertEqual(ticket.cs_survey_count, 0)

    def test_collection_checklist_rendered_once_per_channel(self):
        channel = self.channels["phone"]
        channel.write(
            {
                "cs_collection_field_ids": [
                    Command.clear(),
                    Command.create({"field_name": "phone", "requirement": "required"}),
                    Command.create({"field_name": "vat", "requirement": "not_asked"}),
                ],
                "cs_privacy_notice": "<p>We keep your data for a year.</p>",
            }
        )
        partners = self.env["res.partner"].create([{"name": "Ana"}, {"name": "Eva"}])
        first = self._ticket("phone", partner=partners[0])
        second = self._ticket("phone", partner=partners[1])
        checklist = first.cs_collection_checklist
        self.assertIn('aria-label="Missing"', checklist)
        self.assertIn("Do not ask for: ID Document", checklist)
        self.assertIn("We keep your data for a year.", checklist)
        with self._spy("ir.qweb", "_render") as render:
            # Same channel, same data missing: the rendered checklist is reused.
            self.assertEqual(second.cs_collection_checklist, checklist)
            render.assert_not_called()
            partners[1].phone = "+34 600 000 000"
            self.assertIn('aria-label="Collected"', second.cs_collection_checklist)
            self.assertEqual(render.call_count, 1)
        # A changed procedure or notice shows at once.
        channel.cs_collection_field_ids.filtered(
            lambda line: line.field_name == "vat"
        ).requirement = "optional"
        channel.cs_privacy_notice = "<p>We keep it for two years.</p>"
        self.env.invalidate_all()
        checklist = first.cs_collection_checklist
        self.assertNotIn("Do not ask for", checklist)
        self.assertIn("We keep it for two years.", checklist)

    def test_single_create_query_count_and_no_update(self):
        vals = {
            "name": "Please call me back",
            "description": "<p>About my order</p>",
            "channel_id": self.channels["phone"].id,
            "partner_id": self.customer_en.id,
            "team_id": self.team.id,
        }
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        Ticket.create(dict(vals))
        self.env.invalidate_all()
        cr = self.env.cr
        # Measured 20 with every feature and the demo data loaded.
        with (
            patch.object(cr, "execute", wraps=cr.execute) as execute,
            self.assertQueryCount(__system__=22),
        ):
            ticket = Ticket.create(dict(vals))
            ticket.flush_recordset()
        statements = [
            getattr(call.args[0], "code", str(call.args[0]))
            for call in execute.call_args_list
        ]
        updates = [
            statement
            for statement in statements
            if statement.lstrip().startswith(
                ('UPDATE "helpdesk_ticket"', "UPDATE helpdesk_ticket")
            )
        ]
        for column in (
            "cs_sla_",
            "cs_match_text",
            "rating_last_value",
            "commercial_partner_id",
            "cs_first_response_hours",
            "cs_person_wait_seconds",
            "cs_legal_paused",
        ):
            self.assertFalse(
                [update for update in updates if column in update],
                f"{column} is inserted with the ticket",
            )
        stored = ticket.cs_match_text
        self.assertEqual(stored, "please call me back about my order")
        ticket._compute_cs_match_text()
        self.assertEqual(ticket.cs_match_text, stored, "same text as the compute")
        self.assertEqual(ticket.cs_sla_policy_id, self.policy)
        self.assertTrue(ticket.cs_sla_first_response_deadline)
        self.assertTrue(ticket.cs_sla_resolution_deadline)
        self.assertEqual(ticket.cs_sla_start, ticket.create_date)

    def test_timeline_cached_per_calendar_week(self):
        with self._watch_week_builds() as build:
            self._ticket("phone")
            build.reset_mock()
            self._ticket("email")
            build.assert_not_called()
            # Time off changes the working weeks: they are built again.
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Closed for training",
                    "date_from": datetime(2030, 3, 4, 0, 0),
                    "date_to": datetime(2030, 3, 4, 23, 59, 59),
                    "company_id": self.company.id,
                }
            )
            self._ticket("web")
            self.assertTrue(build.called)

    def test_sla_same_deadlines_from_cache(self):
        """Deadlines planned from cached weeks equal those planned afresh."""
        first = self._ticket("phone")
        self.env.registry.clear_cache()
        second = self._ticket("phone")
        self.assertEqual(first.cs_sla_start, second.cs_sla_start)
        self.assertEqual(
            first.cs_sla_resolution_deadline, second.cs_sla_resolution_deadline
        )
        self.assertEqual(
            first.cs_sla_first_response_deadline,
            second.cs_sla_first_response_deadline,
        )
