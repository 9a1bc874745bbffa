from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..hooks import uninstall_hook
from ..models.cs_form_read_stamp import STAMP_SEQUENCE
from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestFormReadStamps(EscalationCase):
    """The form read's caches (a scope's allowed categories and channels, a
    channel's collection checklist) are keyed on a stamp of their scope or channel:
    a configuration change gives a new stamp and shows at once, and no registry
    cache is cleared."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["helpdesk.ticket.category"]
        cls.billing = Category.create({"name": "Billing"})
        cls.returns = Category.create({"name": "Returns"})
        cls.scope = cls.env["cs.agent.scope"].create(
            {
                "user_id": cls.agent.id,
                "max_compensation": 100,
                "category_ids": [Command.set((cls.billing | cls.returns).ids)],
                "channel_ids": [
                    Command.set((cls.channels["phone"] | cls.channels["email"]).ids)
                ],
            }
        )

    def _issue(self, ticket):
        # Only the ORM's record cache is dropped: the ormcache stays warm, so a
        # stale key would show the old configuration.
        self.env.invalidate_all()
        return ticket.cs_scope_issue

    def test_archived_category_leaves_the_scope(self):
        ticket = self._ticket("phone", category_id=self.billing.id)
        self.assertFalse(self._issue(ticket))
        stamp = self.scope.cs_stamp
        self._assert_no_cache_cleared(lambda: self.billing.write({"active": False}))
        self.assertNotEqual(self.scope.cs_stamp, stamp)
        self.assertIn("category Billing", self._issue(ticket))
        self._assert_no_cache_cleared(lambda: self.billing.write({"active": True}))
        self.assertFalse(self._issue(ticket))

    def test_archived_channel_leaves_the_scope(self):
        ticket = self._ticket("email", category_id=self.returns.id)
        self.assertFalse(self._issue(ticket))
        self._assert_no_cache_cleared(
            lambda: self.channels["email"].write({"active": False})
        )
        self.assertIn("channel", self._issue(ticket))
        self._assert_no_cache_cleared(
            lambda: self.channels["email"].write({"active": True})
        )
        self.assertFalse(self._issue(ticket))

    def test_edited_or_deleted_category_stamps_its_scopes_only(self):
        other = self.env["cs.agent.scope"].create(
            {"team_id": self.team.id, "category_ids": [Command.set(self.returns.ids)]}
        )
        stamps = (self.scope.cs_stamp, other.cs_stamp)
        self._assert_no_cache_cleared(lambda: self.billing.write({"name": "Invoices"}))
        self.assertNotEqual(self.scope.cs_stamp, stamps[0])
        self.assertEqual(other.cs_stamp, stamps[1], "the team's scope lists no billing")
        ticket = self._ticket("phone", category_id=self.billing.id)
        self.assertFalse(self._issue(ticket))
        self._assert_no_cache_cleared(self.billing.unlink)
        self.assertEqual(self.scope.category_ids, self.returns)
        self.assertIn("category none", self._issue(ticket))

    def test_scope_edit_shows_at_once(self):
        ticket = self._ticket("phone", category_id=self.billing.id)
        self.assertFalse(self._issue(ticket))
        unlink_billing = {"category_ids": [Command.unlink(self.billing.id)]}
        self._assert_no_cache_cleared(lambda: self.scope.write(unlink_billing))
        self.assertIn("category Billing", self._issue(ticket))
        self._assert_no_cache_cleared(
            lambda: self.scope.write({"channel_ids": [Command.clear()]})
        )
        self.assertIn("category Billing", self._issue(ticket))
        self._assert_no_cache_cleared(
            lambda: self.scope.write({"category_ids": [Command.clear()]})
        )
        self.assertFalse(self._issue(ticket), "empty sets allow every category")

    def test_scope_found_from_owner_stamps_without_search(self):
        """The ticket's scope comes from a cache keyed on its agent's and team's
        scope stamps: every change of a scope (limits, owner, creation, deletion)
        gives its owners a new stamp and shows at once."""
        ticket = self._ticket(
            "phone", category_id=self.billing.id, cs_compensation_amount=80
        )
        self.assertFalse(self._issue(ticket))
        stamp = self.agent.cs_scope_stamp
        self._assert_no_cache_cleared(
            lambda: self.scope.write({"max_compensation": 50})
        )
        self.assertNotEqual(self.agent.cs_scope_stamp, stamp)
        self.assertIn("compensation of", self._issue(ticket))
        # A warm cache finds the scope without searching the scopes.
        self.env.invalidate_all()
        Scope = type(self.env["cs.agent.scope"])
        with patch.object(Scope, "search_fetch", autospec=True) as search:
            self.assertIn("compensation of", ticket.cs_scope_issue)
        search.assert_not_called()
        # Handed to another agent: the old one has no scope any more.
        team_stamp = self.team.cs_scope_stamp
        self._assert_no_cache_cleared(
            lambda: self.scope.write({"user_id": self.supervisor.id})
        )
        self.assertFalse(self._issue(ticket))
        self.assertEqual(self.team.cs_scope_stamp, team_stamp)
        team_scope = self._assert_no_cache_cleared(
            lambda: self.env["cs.agent.scope"].create(
                {"team_id": self.team.id, "max_priority": "1"}
            )
        )
        self.assertNotEqual(self.team.cs_scope_stamp, team_stamp)
        ticket.priority = "2"
        self.assertIn("priority", self._issue(ticket))
        self._assert_no_cache_cleared(team_scope.unlink)
        self.assertFalse(self._issue(ticket))

    def test_protocol_follows_its_channel_stamp(self):
        """The ticket's protocol comes from a cache of the channel's protocols keyed
        on the channel's protocol stamp: creating, archiving or moving a protocol
        shows at once and clears no cache."""
        channel = self.channels["phone"]
        ticket = self._ticket("phone", partner=self.customer_es)
        shipped = ticket.cs_protocol_id
        self.assertTrue(shipped)
        stamp = channel.cs_protocol_stamp
        team_protocol = self._assert_no_cache_cleared(
            lambda: self.env["cs.service.protocol"].create(
                {
                    "name": "Team phone protocol",
                    "channel_id": channel.id,
                    "team_id": self.team.id,
                    "greeting": "Hello, I am {{ object.cs_agent_name }}.",
                    "farewell": "Anything else?",
                }
            )
        )
        self.assertNotEqual(channel.cs_protocol_stamp, stamp)
        self.env.invalidate_all()
        self.assertEqual(ticket.cs_protocol_id, team_protocol)
        # A warm cache finds the protocol without searching the protocols.
        self.env.invalidate_all()
        Protocol = type(self.env["cs.service.protocol"])
        with patch.object(Protocol, "search_fetch", autospec=True) as search:
            self.assertEqual(ticket.cs_protocol_id, team_protocol)
        search.assert_not_called()
        # Its name, cached with it, follows a translation.
        self._assert_no_cache_cleared(
            lambda: team_protocol.update_field_translations(
                "name", {"en_US": "Phone team protocol"}
            )
        )
        self.env.invalidate_all()
        self.assertEqual(ticket.cs_protocol_id.name, "Phone team protocol")
        self._assert_no_cache_cleared(lambda: team_protocol.write({"active": False}))
        self.env.invalidate_all()
        self.assertEqual(ticket.cs_protocol_id, shipped)
        email = self.channels["email"]
        self._assert_no_cache_cleared(
            lambda: team_protocol.write({"active": True, "channel_id": email.id})
        )
        self.env.invalidate_all()
        self.assertEqual(ticket.cs_protocol_id, shipped)
        self.assertEqual(self._ticket("email").cs_protocol_id, team_protocol)
        self._assert_no_cache_cleared(team_protocol.unlink)
        self.env.invalidate_all()
        self.assertNotEqual(self._ticket("email").cs_protocol_id, team_protocol)

    def test_checklist_follows_procedure_without_clearing_caches(self):
        channel = self.channels["phone"]
        # Deleting the demo lines deletes their xmlids, which clears caches in
        # Odoo itself: the lines below have none.
        channel.cs_collection_field_ids = [Command.clear()]
        self._assert_no_cache_cleared(
            lambda: channel.write(
                {
                    "cs_collection_field_ids": [
                        Command.create(
                            {"field_name": "phone", "requirement": "required"}
                        ),
                    ],
                    "cs_privacy_notice": "<p>Kept for a year.</p>",
                }
            )
        )
        ticket = self._ticket("phone", partner=self.customer_es)
        self.assertIn("Kept for a year.", ticket.cs_collection_checklist)
        self.assertNotIn("ID Document", ticket.cs_collection_checklist)
        stamp = channel.cs_collection_stamp
        line = self._assert_no_cache_cleared(
            lambda: self.env["cs.collection.field"].create(
                {
                    "channel_id": channel.id,
                    "field_name": "vat",
                    "requirement": "not_asked",
                }
            )
        )
        self.assertNotEqual(channel.cs_collection_stamp, stamp)
        self.env.invalidate_all()
        self.assertIn("Do not ask for: ID Document", ticket.cs_collection_checklist)
        self._assert_no_cache_cleared(lambda: line.write({"requirement": "optional"}))
        self.env.invalidate_all()
        self.assertNotIn("Do not ask for", ticket.cs_collection_checklist)
        self.assertIn("ID Document", ticket.cs_collection_checklist)
        self._assert_no_cache_cleared(line.unlink)
        self.env.invalidate_all()
        self.assertNotIn("ID Document", ticket.cs_collection_checklist)
        self._assert_no_cache_cleared(
            lambda: channel.update_field_translations(
                "cs_privacy_notice",
                {"en_US": {"Kept for a year.": "Kept for two years."}},
            )
        )
        self.env.invalidate_all()
        self.assertIn("Kept for two years.", ticket.cs_collection_checklist)

    def test_other_channel_keeps_its_stamp(self):
        phone, email = self.channels["phone"], self.channels["email"]
        stamp = email.cs_collection_stamp
        phone.cs_privacy_notice = "<p>Phone notice.</p>"
        self.assertEqual(email.cs_collection_stamp, stamp)

    def test_uninstall_hook_drops_the_stamps_sequence(self):
        def exists():
            self.env.cr.execute(
                "SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s",
                [STAMP_SEQUENCE],
            )
            return bool(self.env.cr.fetchall())

        self.assertTrue(exists())
        uninstall_hook(self.env)
        self.assertFalse(exists())
        # What the uninstall then deletes stamps nothing: the sequence is gone.
        uninstalling = self.env(context={MODULE_UNINSTALL_FLAG: True})
        with self.cr.savepoint():
            uninstalling["cs.sla.policy"].browse(self.policy.ids).unlink()
            uninstalling["helpdesk.ticket.channel"].browse(
                self.channels["phone"].ids
            ).write({"cs_privacy_notice": "<p>Gone.</p>"})
