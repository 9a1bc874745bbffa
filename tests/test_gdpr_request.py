from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .cron_common import cron_progress
from .gdpr_common import GdprCase


@tagged("post_install", "-at_install")
class TestGdprRequest(GdprCase):
    def _request(self, request_type="access", user=None, **values):
        vals = {
            "partner_id": self.customer_en.id,
            "request_type": request_type,
            "channel_id": self.channels["email"].id,
            "dpo_id": self.dpo.id,
        }
        vals.update(values)
        return self.Request.with_user(user or self.agent).create(vals)

    def test_intake_by_agent_numbers_and_schedules_dpo(self):
        request = self._request(receipt_date=date(2026, 1, 31))
        self.assertTrue(request.name.startswith("DSR/"))
        self.assertEqual(request.state, "received")
        self.assertEqual(request.deadline, date(2026, 2, 28))
        activity = request.sudo().activity_ids
        self.assertEqual(activity.user_id, self.dpo)
        self.assertEqual(activity.date_deadline, date(2026, 2, 28))

    def test_full_flow_with_extension(self):
        request = self._request(receipt_date=date(2028, 1, 31)).with_user(self.dpo)
        self.assertEqual(request.deadline, date(2028, 2, 29))
        with self.assertRaisesRegex(UserError, "cannot be started now"):
            request.action_start()
        with self.assertRaisesRegex(UserError, "Identity Checked By"):
            request.action_verify_identity()
        request.identity_method = "known_email"
        request.action_verify_identity()
        self.assertEqual(request.state, "verified")
        self.assertEqual(request.identity_verified_by_id, self.dpo)
        request.action_start()
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "justification"):
            request.action_extend()
        request.extension_reason = "Records in three archives must be searched."
        request.action_extend()
        self.assertTrue(request.extended)
        self.assertEqual(request.deadline, date(2028, 4, 30))
        letter = request.message_ids.filtered(
            lambda m: "three archives" in (m.body or "")
        )
        self.assertEqual(letter.partner_ids, self.customer_en)
        self.assertIn("04/30/2028", letter.body)
        self.assertEqual(request.sudo().activity_ids.date_deadline, date(2028, 4, 30))
        with self.assertRaisesRegex(UserError, "already extended"):
            request.action_extend()
        with self.assertRaisesRegex(UserError, "export"):
            request.action_done()
        request.action_export()
        with self.assertRaisesRegex(UserError, "Answer Given"):
            request.action_done()
        request.response = "Export sent by e-mail."
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.done_date, fields.Date.today())
        self.assertFalse(request.sudo().activity_ids)
        notes = " ".join(request.message_ids.mapped("body"))
        self.assertIn("Export produced", notes)

    def test_reject_needs_reason_and_dpo(self):
        request = self._request()
        with self.assertRaises(AccessError):
            request.action_reject()
        request = request.with_user(self.dpo)
        with self.assertRaisesRegex(UserError, "reason"):
            request.action_reject()
        request.reject_reason = "Identity could not be verified."
        request.action_reject()
        self.assertEqual(request.state, "rejected")
        with self.assertRaisesRegex(UserError, "cannot be rejected now"):
            request.action_reject()

    def test_agent_verifies_identity_at_intake_but_only_dpo_extends(self):
        request = self._request(identity_method="id_document")
        request.action_verify_identity()
        self.assertEqual(request.identity_verified_by_id, self.agent)
        with self.assertRaises(AccessError):
            request.extension_reason = "Complex"
        request.sudo().extension_reason = "Complex"
        with self.assertRaises(AccessError):
            request.action_extend()
        self.assertFalse(request.extended)

    def test_overdue_search_and_cron(self):
        old = self._request(receipt_date=fields.Date.today() - relativedelta(months=2))
        fresh = self._request(receipt_date=fields.Date.today())
        self.assertTrue(old.is_overdue)
        self.assertFalse(fresh.is_overdue)
        overdue = self.Request.search([("is_overdue", "=", True)])
        self.assertIn(old, overdue)
        self.assertNotIn(fresh, overdue)
        self.assertIn(fresh, self.Request.search([("is_overdue", "=", False)]))
        with cron_progress(self.env):
            notified = self.Request._cron_cs_overdue()
        self.assertIn(old, notified)
        self.assertTrue(old.overdue_notified)
        self.assertEqual(len(old.sudo().activity_ids), 2)
        self.assertIn("deadline", old.message_ids[0].body)
        with cron_progress(self.env):
            self.assertNotIn(old, self.Request._cron_cs_overdue(), "warned once")

    def test_agents_see_only_requests_they_received(self):
        mine = self._request()
        other = self._request(user=self.supervisor)
        self.assertEqual(
            self.Request.with_user(self.agent).search(
                [("id", "in", (mine | other).ids)]
            ),
            mine,
        )
        self.assertEqual(
            self.Request.with_user(self.dpo).search([("id", "in", (mine | other).ids)]),
            mine | other,
        )

    def test_portal_sees_only_own_requests(self):
        own = self._request(partner_id=self.portal_user.partner_id.id)
        self._request()
        self.assertEqual(self.Request.with_user(self.portal_user).search([]), own)

    def test_intake_from_the_contact(self):
        action = self.customer_en.with_user(self.agent).action_cs_new_data_request()
        self.assertEqual(action["res_model"], "cs.data.request")
        self.assertEqual(action["context"]["default_partner_id"], self.customer_en.id)
