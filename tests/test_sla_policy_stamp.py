from unittest.mock import patch

from odoo.tests import tagged

from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestSlaPolicyStamp(EscalationCase):
    """Creating, editing, archiving or deleting an SLA policy, or deleting its
    team, gives the company a new policies stamp: the next ticket gets the new
    terms, read again once, and a policy change clears no registry cache."""

    def _watch_policy_search(self):
        return self._spy("cs.sla.policy", "search")

    def test_terms_cached_until_a_policy_changes(self):
        self._ticket("phone")
        with self._watch_policy_search() as search:
            self._ticket("phone")
            search.assert_not_called()
            stamp = self.company.cs_sla_policy_stamp
            self._assert_no_cache_cleared(
                lambda: self.policy.write({"resolution_hours": 8})
            )
            self.assertNotEqual(self.company.cs_sla_policy_stamp, stamp)
            terms = self.env["cs.sla.policy"]._cs_terms_of_company(self.company.id)
            self.assertEqual(search.call_count, 1)
        self.assertEqual([row[6] for row in terms], [8])

    def test_new_and_archived_policy_reach_next_ticket(self):
        self.assertEqual(self._ticket("phone").cs_sla_policy_id, self.policy)
        phone = self._assert_no_cache_cleared(
            lambda: self.env["cs.sla.policy"].create(
                {
                    "name": "Phone desk",
                    "sequence": 1,
                    "team_id": self.team.id,
                    "channel_id": self.channels["phone"].id,
                    "calendar_id": self.calendar.id,
                    "resolution_hours": 2,
                }
            )
        )
        self.assertEqual(self._ticket("phone").cs_sla_policy_id, phone)
        self._assert_no_cache_cleared(lambda: phone.write({"active": False}))
        self.assertEqual(self._ticket("phone").cs_sla_policy_id, self.policy)
        self._assert_no_cache_cleared(self.policy.unlink)
        self.assertFalse(self._ticket("phone").cs_sla_policy_id)

    def test_deleted_team_empties_its_policies_terms(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Night desk"})
        policy = self.env["cs.sla.policy"].create(
            {
                "name": "Night desk",
                "team_id": team.id,
                "calendar_id": self.calendar.id,
                "resolution_hours": 40,
            }
        )
        self.assertEqual(self._policy_teams()[policy.id], team.id)
        # Deleting a team clears the rule caches for its members' visibility; the
        # terms must follow from the stamp alone, so that clearing is held back.
        with patch.object(type(self.env.registry), "clear_cache", autospec=True):
            team.unlink()
        self.assertFalse(
            self._policy_teams()[policy.id], "the policy now applies to every team"
        )

    def _policy_teams(self):
        terms = self.env["cs.sla.policy"]._cs_terms_of_company(self.company.id)
        return {row[0]: row[1] for row in terms}
