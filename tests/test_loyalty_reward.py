from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, Form, HttpCase, TransactionCase, tagged

from ..tools.loyalty_rules import rewards_within_reach
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyRewardTools(BaseCase):
    def test_rewards_within_reach(self):
        rewards = [("gift", 250), ("ten", 100), ("twenty", 500), ("five", 50)]
        reached, ahead = rewards_within_reach(rewards, 120)
        self.assertEqual(reached, [("five", 50), ("ten", 100)])
        self.assertEqual(ahead, [("gift", 250, 130), ("twenty", 500, 380)])
        reached, ahead = rewards_within_reach(rewards, 0, next_count=1)
        self.assertEqual(reached, [])
        self.assertEqual(ahead, [("five", 50, 50)])
        reached, ahead = rewards_within_reach(rewards, 500)
        self.assertEqual(len(reached), 4, "a reward at exactly the points is reached")
        self.assertEqual(ahead, [])
        self.assertEqual(rewards_within_reach([], 10), ([], []))


class LoyaltyRewardCase(LoyaltyCase):
    """Club Acme with three rewards and Lucía, a Silver member with 150 points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gift_product = cls.env["product.product"].create(
            {"name": "Toaster T-4", "list_price": 59.0, "type": "consu"}
        )
        cls.program.write(
            {
                "portal_point_name": "points",
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 100,
                        }
                    ),
                    Command.create(
                        {
                            "reward_type": "product",
                            "reward_product_id": cls.gift_product.id,
                            "required_points": 250,
                        }
                    ),
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 20,
                            "discount_mode": "per_order",
                            "discount_applicability": "order",
                            "required_points": 500,
                        }
                    ),
                ],
            }
        )
        cls.ten, cls.gift, cls.twenty = cls.program.reward_ids.sorted("required_points")
        cls._invoice(cls.customer_es)
        cls.card = cls.customer_es.action_cs_loyalty_enrol()
        cls.card.points = 150

    def _grant(self, ticket, reward, user=None, channel=None):
        action = ticket.with_user(user or self.agent).action_cs_grant_reward()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.agent)
            .with_context(**action["context"])
        )
        wizard_form.reward_id = reward
        if channel:
            wizard_form.channel = channel
        wizard = wizard_form.save()
        wizard.action_grant()
        return wizard


@tagged("post_install", "-at_install")
class TestLoyaltyReward(LoyaltyRewardCase):
    def test_rewards_shown_on_card_and_ticket(self):
        overview = self.card._cs_reward_overview()
        self.assertEqual(
            [r["name"] for r in overview["reached"]], [self.ten.description]
        )
        self.assertEqual(overview["reached"][0]["points"], "100 points")
        self.assertEqual(
            [(r["name"], r["missing"]) for r in overview["ahead"]],
            [
                (self.gift.description, "100 points to go"),
                (self.twenty.description, "350 points to go"),
            ],
        )
        self.assertTrue(self.card.cs_reward_available)
        html = str(self.card.cs_rewards_html)
        self.assertIn("Rewards within reach", html)
        self.assertIn(self.ten.description, html)
        self.assertIn("350 points to go", html)
        ticket = self._ticket("email", partner=self.customer_es)
        self.assertEqual(
            str(ticket.with_user(self.agent).cs_loyalty_rewards_html), html
        )
        self.assertTrue(ticket.cs_loyalty_reward_available)
        html_es = str(self.card.with_context(lang="es_ES").cs_rewards_html)
        self.assertIn("Recompensas a su alcance", html_es)
        self.assertIn("faltan 350 points", html_es)

        self.card.points = 40
        self.assertFalse(self.card.cs_reward_available)
        self.assertNotIn("Rewards within reach", str(self.card.cs_rewards_html))
        self.card.action_cs_revoke()
        self.assertFalse(self.card.cs_rewards_html)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.cs_loyalty_reward_available)

    def test_ticket_overview_query_count(self):
        tickets = self._ticket("email", partner=self.customer_es) | self._ticket(
            "phone", partner=self.customer_es
        )
        tickets.with_user(self.agent).mapped("cs_loyalty_rewards_html")
        self.env.invalidate_all()
        # Opening a ticket renders the customer's rewards: a fixed cost. Measured
        # 9 once the ticket's card comes from its one loyalty query (16 before).
        with self.assertQueryCount(11):
            tickets.with_user(self.agent).mapped("cs_loyalty_rewards_html")

    def test_agent_grants_reward_by_email_from_ticket(self):
        ticket = self._ticket("email", partner=self.customer_es)
        with self.mock_mail_gateway():
            wizard = self._grant(ticket, self.ten)
        self.assertEqual(wizard.channel, "email")
        self.assertEqual(self.card.points, 50, "the reward's points are spent")
        self.assertEqual(self.card.cs_redeemed_points, 100)
        self.assertEqual(
            self.card.cs_tier_id, self.silver, "redeeming does not lower the tier"
        )
        coupon = self.card.cs_coupon_ids
        self.assertEqual(len(coupon), 1)
        self.assertEqual(coupon.partner_id, self.customer_es)
        self.assertEqual(coupon.cs_reward_id, self.ten)
        self.assertEqual(coupon.points, 1)
        self.assertEqual(
            coupon.expiration_date,
            # The agent's day, in which the wizard dates the coupon.
            fields.Date.context_today(coupon.with_user(self.agent))
            + timedelta(days=90),
        )
        # A core coupon: its programme's single reward is what the member chose.
        coupon_program = coupon.program_id
        self.assertEqual(coupon_program.program_type, "coupons")
        self.assertEqual(coupon_program.trigger, "with_code")
        self.assertEqual(coupon_program.cs_source_reward_id, self.ten)
        self.assertEqual(len(coupon_program.reward_ids), 1)
        self.assertRecordValues(
            coupon_program.reward_ids,
            [
                {
                    "reward_type": "discount",
                    "discount": 10,
                    "discount_mode": "percent",
                    "required_points": 1,
                }
            ],
        )
        line = self.card.history_ids.filtered("cs_award_key")
        line = line.filtered(lambda h: h.cs_award_key.startswith("reward:"))
        self.assertEqual(line.used, 100)
        self.assertEqual(line.cs_coupon_id, coupon)
        self.assertEqual(line.cs_ticket_id, ticket)
        self.assertIn(coupon.code, line.description)
        self.assertEqual(coupon.history_ids.issued, 1)

        message = coupon.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.partner_ids, self.customer_es)
        self.assertIn(coupon.code, message.body)
        self.assertIn("Estimado/a Lucía Martínez:", message.body, "in Spanish")
        self.assertSentEmail(
            self.agent.partner_id, [self.customer_es], subject=message.subject
        )
        note = ticket.message_ids[0]
        self.assertIn(coupon.code, note.body)
        self.assertIn("by e-mail", note.body)
        self.assertTrue(note.subtype_id.internal, "an internal note on the ticket")

        # A second click on the same ticket grants nothing more.
        with self.assertRaisesRegex(UserError, "already granted on ticket"):
            wizard.action_grant()
        self.assertEqual(self.card.points, 50)
        self.assertEqual(len(self.card.cs_coupon_ids), 1)
        # The next grant of that reward reuses its coupon programme.
        self.card.points = 200
        with self.mock_mail_gateway():
            self._grant(self._ticket("email", partner=self.customer_es), self.ten)
        self.assertEqual(len(self.card.cs_coupon_ids), 2)
        self.assertEqual(self.card.cs_coupon_ids.program_id, coupon_program)

    def test_reward_sent_by_sms_when_ticket_came_by_sms(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        with self.mockSMSGateway(), self.mock_mail_gateway():
            wizard = self._grant(ticket, self.ten)
        self.assertEqual(wizard.channel, "sms")
        coupon = self.card.cs_coupon_ids
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(coupon.code, self._new_sms.body)
        self.assertIn("Código de cupón", self._new_sms.body, "in Spanish")
        self.assertEqual(self._new_sms.partner_id, self.customer_es)
        self.assertFalse(self._new_mails)
        self.assertIn("by SMS", ticket.message_ids[0].body)

    def test_insufficient_points_and_missing_consent_change_nothing(self):
        ticket = self._ticket("email", partner=self.customer_es)
        card_es = self.card.with_user(self.agent).with_context(lang="es_ES")
        with self.assertRaisesRegex(UserError, "faltan 100 points") as error:
            card_es._cs_grant_reward(self.gift, ticket=ticket)
        self.assertIn("Lucía Martínez tiene 150 points", str(error.exception))
        with self.assertRaisesRegex(UserError, "100 points are missing"):
            self.card.with_user(self.agent)._cs_grant_reward(self.gift)
        patcher, calls = self._refuse_consent()
        with patcher, self.assertRaisesRegex(UserError, "not consented to loyalty"):
            self.card.with_user(self.agent)._cs_grant_reward(self.ten, ticket=ticket)
        self.assertEqual(calls, [("loyalty", "email", True)])
        self.assertEqual(self.card.points, 150)
        self.assertFalse(self.card.cs_coupon_ids)
        self.assertFalse(self.card.history_ids.filtered("cs_coupon_id"))
        other = self.env["loyalty.program"].create(
            {
                "name": "Other club",
                "program_type": "loyalty",
                "reward_ids": [Command.create({"required_points": 10})],
            }
        )
        with self.assertRaisesRegex(UserError, "belongs to Other club"):
            self.card._cs_grant_reward(other.reward_ids)
        self.customer_es.email = False
        self.customer_es.phone = False
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            self.card._cs_grant_reward(self.ten)
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            self.card._cs_grant_reward(self.ten, channel="email")
        plain_ticket = self._ticket("email", partner=self.customer_plain)
        with self.assertRaisesRegex(UserError, "Sam Lee has no active membership"):
            plain_ticket.action_cs_grant_reward()

    def test_access_and_portal_isolation(self):
        with self.mock_mail_gateway():
            self._grant(self._ticket("email", partner=self.customer_es), self.ten)
        coupon = self.card.cs_coupon_ids
        with self.assertRaises(AccessError):
            self.env["cs.loyalty.reward.wizard"].with_user(self.portal_user).create(
                {"card_id": self.card.id}
            )
        with self.assertRaises(AccessError):
            coupon.program_id.with_user(self.agent).name = "Mine"
        portal_partner = self.portal_user.partner_id
        self.assertFalse(
            self.env["loyalty.card"].with_user(self.portal_user).search([])
        )
        with self.assertRaises(AccessError):
            coupon.with_user(self.portal_user).read(["code"])
        coupon.sudo().partner_id = portal_partner
        self.card.sudo().partner_id = portal_partner
        mine = self.env["loyalty.card"].with_user(self.portal_user).search([])
        self.assertEqual(mine, self.card | coupon)
        overview = self.card.with_user(self.portal_user)._cs_reward_overview()
        self.assertEqual(overview["ahead"][0]["missing"], "50 points to go")

    def test_replacement_card_keeps_redeemed_points(self):
        with self.mock_mail_gateway():
            self._grant(self._ticket("email", partner=self.customer_es), self.ten)
        new_card = self.card.action_cs_replace()
        self.assertEqual(new_card.points, 50)
        self.assertEqual(new_card.cs_redeemed_points, 100)
        self.assertEqual(new_card.cs_tier_id, self.silver)


@tagged("post_install", "-at_install")
class TestLoyaltyJoinRefusal(LoyaltyCase):
    def test_refusal_lists_reasons_with_the_persons_name(self):
        company = self.env["res.partner"].create(
            {"name": "YourCompany", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Joel Willis", "parent_id": company.id, "email": "j@example.com"}
        )
        self.assertEqual(person.display_name, "YourCompany, Joel Willis")
        refusals = person._cs_loyalty_join_refusals()
        self.assertEqual(len(refusals), 2)
        self.assertEqual(refusals[0], "Posted invoices: 0 of 1 needed")
        self.assertTrue(refusals[1].startswith("Total spent: "))
        with self.assertRaises(UserError) as error:
            person.action_cs_loyalty_enrol()
        self.assertTrue(str(error.exception).startswith("Joel Willis cannot join"))
        self.assertNotIn("YourCompany", str(error.exception))

        self._invoice(person, 150.0)
        self.assertEqual(person._cs_loyalty_join_refusals(), [])
        patcher, __ = self._refuse_consent()
        with patcher:
            refusals = person._cs_loyalty_join_refusals()
        self.assertEqual(len(refusals), 1)
        self.assertIn("Consent to the loyalty programme's messages", refusals[0])


@tagged("post_install", "-at_install")
class TestLoyaltyRewardTour(LoyaltyRewardCase, HttpCase):
    def _portal_user(self, lang="en_US"):
        user = self.env.ref("base.demo_user0")
        user.lang = lang
        return user

    def _portal_join(self, lang, suffix):
        user = self._portal_user(lang)
        partner = user.partner_id
        self.start_tour(
            "/my/membership",
            f"customer_service_membership_refused_{suffix}",
            login="portal",
        )
        self.assertFalse(partner.cs_loyalty_card_ids)
        self._invoice(partner, 150.0)
        self.start_tour(
            "/my/membership",
            f"customer_service_membership_join_{suffix}",
            login="portal",
        )
        card = partner.cs_loyalty_card_ids
        self.assertEqual(card.cs_state, "active")
        self.assertEqual(card.cs_enrol_channel, "portal")
        self.assertEqual(card.points, 10)

    def test_portal_join_english(self):
        self._portal_join("en_US", "en")

    def test_portal_join_spanish(self):
        self._portal_join("es_ES", "es")

    def test_agent_grants_reward_from_ticket(self):
        self.agent.password = "cs_agent_pwd"
        ticket = self._ticket("email", partner=self.customer_es, name="Tour: reward")
        with self.mock_mail_gateway():
            self.start_tour(
                f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
                "customer_service_loyalty_grant_reward",
                login="cs_agent",
            )
        self.assertEqual(self.card.points, 50)
        coupon = self.card.cs_coupon_ids
        self.assertEqual(coupon.cs_reward_id, self.ten)
        self.assertIn(coupon.code, ticket.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestLoyaltyRewardPortal(LoyaltyRewardCase, HttpCase):
    def test_join_refused_server_side_and_own_coupons_only(self):
        self.portal_user.password = "cs_portal_pwd"
        partner = self.portal_user.partner_id
        self.authenticate("cs_portal", "cs_portal_pwd")
        page = self.url_open("/my/membership")
        self.assertNotIn("o_cs_membership_join", page.text)
        # A hand-made POST gets the same list, and no card.
        response = self.url_open(
            "/my/membership/join", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Paula Portal, you cannot join Club Acme yet:", response.text)
        self.assertIn("<li>Posted invoices: 0 of 1 needed</li>", response.text)
        self.assertFalse(partner.cs_loyalty_card_ids)

        with self.mock_mail_gateway():
            self._grant(self._ticket("email", partner=self.customer_es), self.ten)
        others = self.card.cs_coupon_ids
        self._invoice(partner)
        card = partner.action_cs_loyalty_enrol()
        card.points = 360
        with self.mock_mail_gateway():
            self._grant(self._ticket("email", partner=partner), self.gift)
        mine = card.cs_coupon_ids
        page = self.url_open("/my/membership")
        self.assertIn(mine.code, page.text)
        self.assertIn(self.gift.description, page.text)
        self.assertNotIn(others.code, page.text)
        self.assertIn("Rewards within reach", page.text)
        self.assertIn("140 points to go", page.text)


@tagged("post_install", "-at_install")
class TestLoyaltyRewardDemo(TransactionCase):
    def test_demo_member_sees_a_reward(self):
        if not self.env.ref("base.module_customer_service").demo:
            self.skipTest("customer_service was installed without demo data")
        program = self.env.ref("customer_service.demo_loyalty_program")
        self.assertEqual(
            program.reward_ids.sorted("required_points").mapped("required_points"),
            [100, 250, 500],
        )
        card = self.env.ref("customer_service.demo_partner_pablo").cs_loyalty_card_id
        self.assertEqual(card.points, 110)
        self.assertTrue(card.cs_reward_available)
        self.assertIn("10%", str(card.cs_rewards_html))
