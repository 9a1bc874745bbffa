import logging
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

_logger = logging.getLogger(__name__)

SCREENSHOT_SIGNAL = "cs_screenshot:"


@tagged("post_install", "-at_install")
class TestTicketFormTour(HttpCase):
    """The agent's and the supervisor's ticket form, in English and in Spanish, at the
    width of a common laptop screen: stage bar inline, header on one row, every tab in
    sight, the less frequent actions in the form's Actions menu."""

    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.agent = cls.env.ref("base.user_demo")
        cls.supervisor = cls.env.ref("customer_service.demo_user_cs_supervisor")
        # start_tour logs in with the login as password.
        cls.agent.password = cls.agent.login
        cls.supervisor.password = cls.supervisor.login
        new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        # Not greeted yet, at level 1: the agent's everyday start.
        cls.ticket_new = cls.env.ref("customer_service.demo_ticket_phone")
        cls.ticket_new.write(
            {
                "user_id": cls.agent.id,
                "stage_id": new.id,
                "cs_first_contact_date": False,
                "cs_escalation_level": 1,
            }
        )
        # Greeted and escalated once: what reaches the supervisor.
        cls.ticket_escalated = cls.env.ref("customer_service.demo_ticket_email")
        cls.ticket_escalated.write(
            {
                "stage_id": in_progress.id,
                "cs_first_contact_date": "2026-01-05 09:00:00",
                "cs_escalation_level": 2,
            }
        )

    def _run_form_tour(self, user, lang, ticket, tour):
        user.lang = lang
        self.assertTrue(
            ticket.cs_protocol_id, "the demo ticket's channel has a protocol"
        )
        self.assertFalse(ticket.closed)
        shots = []
        original = ChromeBrowser._handle_console
        prefix = f"cs_form_{user.login}_{lang}_"

        def handle_console(browser, type, args=None, stackTrace=None, **kw):  # noqa: A002 pylint: disable=redefined-builtin
            value = str((args or [{}])[0].get("value", ""))
            if type == "log" and value.startswith(SCREENSHOT_SIGNAL):
                name = value[len(SCREENSHOT_SIGNAL) :]
                shots.append(name)
                browser.take_screenshot(prefix=f"{prefix}{name}_")
            return original(browser, type, args, stackTrace, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.start_tour(
                f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
                tour,
                login=user.login,
            )
        # The screenshots are taken once the user sees the form, then the open menu.
        self.assertEqual(len(shots), 2, shots)

    def test_agent_form_english(self):
        self._run_form_tour(
            self.agent, "en_US", self.ticket_new, "customer_service_ticket_form_agent"
        )

    def test_agent_form_spanish(self):
        self._run_form_tour(
            self.agent, "es_ES", self.ticket_new, "customer_service_ticket_form_agent"
        )

    def test_supervisor_form_english(self):
        self._run_form_tour(
            self.supervisor,
            "en_US",
            self.ticket_escalated,
            "customer_service_ticket_form_supervisor",
        )

    def test_supervisor_form_spanish(self):
        self._run_form_tour(
            self.supervisor,
            "es_ES",
            self.ticket_escalated,
            "customer_service_ticket_form_supervisor",
        )

    def test_grouped_actions_bound_to_the_form(self):
        """The less frequent actions are offered in the form's Actions menu to agents,
        and run the ticket's own method."""
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.agent)
            .get_bindings("helpdesk.ticket")["action"]
        )
        ours = {b["name"]: b for b in bindings if b.get("binding_view_types") == "form"}
        for name in (
            "Collect contact data",
            "Register document",
            "Search archives",
            "Send membership card",
        ):
            self.assertIn(name, ours)
        action = self.env.ref(
            "customer_service.helpdesk_ticket_action_register_document"
        )
        result = (
            action.with_user(self.agent)
            .with_context(
                active_model="helpdesk.ticket",
                active_id=self.ticket_new.id,
                active_ids=self.ticket_new.ids,
            )
            .run()
        )
        self.assertEqual(result["res_model"], "cs.intake")
        self.assertEqual(result["context"]["default_ticket_id"], self.ticket_new.id)
