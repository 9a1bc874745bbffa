from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestAccess(CustomerServiceCase):
    def test_agent_reads_but_cannot_edit_protocols(self):
        protocol = self.env.ref("customer_service.protocol_chat").with_user(self.agent)
        self.assertTrue(protocol.greeting)
        with self.assertRaises(AccessError):
            protocol.greeting = "Yo"
        with self.assertRaises(AccessError):
            protocol.create(
                {
                    "name": "Mine",
                    "channel_id": self.channels["chat"].id,
                    "greeting": "Hi",
                    "farewell": "Bye",
                }
            )
        with self.assertRaises(AccessError):
            protocol.unlink()

    def test_supervisor_edits_protocols(self):
        protocol = self.env.ref("customer_service.protocol_chat").with_user(
            self.supervisor
        )
        protocol.greeting = "Hi, I am {{ object.cs_agent_name }}"
        self.assertEqual(protocol.greeting, "Hi, I am {{ object.cs_agent_name }}")
        new = protocol.create(
            {
                "name": "Night shift",
                "channel_id": self.channels["chat"].id,
                "greeting": "Good evening, I am {{ object.cs_agent_name }}",
                "farewell": "Good night",
                "greeting_informal": "Evening! {{ object.cs_agent_name }} here",
                "farewell_informal": "Night!",
            }
        )
        new.unlink()

    def test_portal_user_sees_no_protocol_nor_wizard(self):
        protocols = self.env["cs.service.protocol"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            protocols.search([])
        with self.assertRaises(AccessError):
            self.env["cs.farewell.wizard"].with_user(self.portal_user).create({})
        with self.assertRaises(AccessError):
            self.env["cs.greeting.wizard"].with_user(self.portal_user).create({})

    def test_agent_cannot_edit_channels_nor_forms_of_address(self):
        with self.assertRaises(AccessError):
            self.channels["sms"].with_user(self.agent).cs_max_length = 10
        with self.assertRaises(AccessError):
            self.mr.with_user(self.agent).name = "Sir"

    def test_agent_sees_only_team_tickets(self):
        mine = self._ticket("chat")
        other = self._ticket(
            "chat", team_id=self.other_team.id, user_id=self.supervisor.id
        )
        visible = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .search([("id", "in", (mine | other).ids)])
        )
        self.assertEqual(visible, mine)
        visible = (
            self.env["helpdesk.ticket"]
            .with_user(self.supervisor)
            .search([("id", "in", (mine | other).ids)])
        )
        self.assertEqual(visible, mine | other)

    def test_protocols_are_kept_to_their_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        protocol = self.env["cs.service.protocol"].create(
            {
                "name": "Other company protocol",
                "channel_id": self.channels["chat"].id,
                "company_id": other_company.id,
                "greeting": "Hi, I am {{ object.cs_agent_name }}",
                "farewell": "Bye",
                "greeting_informal": "Hey, {{ object.cs_agent_name }} here",
                "farewell_informal": "See you",
            }
        )
        self.supervisor.write({"company_ids": [(4, other_company.id)]})
        found = (
            self.env["cs.service.protocol"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[self.company.id])
            .search([])
        )
        self.assertNotIn(protocol, found)
        found = (
            self.env["cs.service.protocol"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[other_company.id, self.company.id])
            .search([])
        )
        self.assertIn(protocol, found)
        # A ticket of the main company never picks the other company's protocol.
        protocol.write({"sequence": 0, "team_id": False})
        ticket = self._ticket("chat")
        self.assertNotEqual(ticket.cs_protocol_id, protocol)
