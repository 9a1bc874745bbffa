from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.loyalty_rules import rewards_within_reach


class LoyaltyCardReward(models.Model):
    _inherit = "loyalty.card"

    cs_redeemed_points = fields.Float(
        string="Redeemed Points",
        readonly=True,
        copy=False,
        help="Points the member spent on rewards. They still count for the tier: "
        "redeeming a reward does not lower it.",
    )
    cs_member_card_id = fields.Many2one(
        "loyalty.card",
        string="Granted From Card",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The membership card whose points paid for this coupon.",
    )
    cs_reward_id = fields.Many2one(
        "loyalty.reward",
        string="Membership Reward",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    cs_coupon_ids = fields.One2many(
        "loyalty.card", "cs_member_card_id", string="Granted Coupons"
    )
    cs_rewards_html = fields.Html(
        string="Rewards",
        compute="_compute_cs_rewards",
        sanitize=False,
        help="Rewards the points reach, and the next ones with the points missing.",
    )
    cs_reward_available = fields.Boolean(
        string="Reward Within Reach", compute="_compute_cs_rewards"
    )

    def _cs_reward_overview(self, next_count=2):
        """The rewards this card's points reach and the next ones, as plain values.

        Returns ``{"reached": [...], "ahead": [...]}`` of dicts with ``id``,
        ``name``, ``points`` (formatted) and, ahead, ``missing`` (a sentence).
        """
        self.ensure_one()
        if self.cs_state != "active":
            return {"reached": [], "ahead": []}
        # sudo: rewards are programme configuration that portal customers cannot
        # read; only each reward's label and points leave this method.
        rewards = self.program_id.sudo().reward_ids
        by_id = {reward.id: reward for reward in rewards}
        reached, ahead = rewards_within_reach(
            [(reward.id, reward.required_points) for reward in rewards],
            self.points,
            next_count,
        )

        def entry(key, needed, **extra):
            return {
                "id": key,
                "name": by_id[key].description,
                "points": self._format_points(needed),
                **extra,
            }

        return {
            "reached": [entry(key, needed) for key, needed in reached],
            "ahead": [
                entry(
                    key,
                    needed,
                    missing=self.env._(
                        "%(points)s to go", points=self._format_points(missing)
                    ),
                )
                for key, needed, missing in ahead
            ],
        }

    @api.depends("points", "cs_state", "program_id.reward_ids.required_points")
    @api.depends_context("lang")
    def _compute_cs_rewards(self):
        for card in self:
            overview = card._cs_reward_overview() if card.cs_state == "active" else None
            card.cs_reward_available = bool(overview and overview["reached"])
            card.cs_rewards_html = (
                self.env["ir.qweb"]._render(
                    "customer_service.cs_loyalty_rewards_overview",
                    {"overview": overview},
                )
                if overview
                else False
            )

    def _cs_grant_reward(self, reward, channel=None, ticket=None):
        """Turn ``reward`` into a coupon code for the member and send it.

        Spends the reward's points on this card, creates a one-use coupon of the
        reward's coupon programme, records both on the cards' history and sends the
        code by e-mail or SMS (the ticket's channel when it is SMS). From a ticket a
        reward is granted once: a second click finds the first grant.
        Returns the coupon.
        """
        self.ensure_one()
        self._cs_ensure_active()
        partner = self.partner_id
        if reward.program_id != self.program_id:
            raise UserError(
                self.env._(
                    "The reward %(reward)s belongs to %(programme)s, not to the "
                    "programme of card %(code)s.",
                    reward=reward.description,
                    programme=reward.program_id.name,
                    code=self.code,
                )
            )
        key = f"reward:{reward.id}:ticket:{ticket.id}" if ticket else False
        if key:
            # sudo: the check must see every grant on the card, whoever made it.
            done = (
                self.env["loyalty.history"]
                .sudo()
                .search(
                    [("card_id", "=", self.id), ("cs_award_key", "=", key)], limit=1
                )
            )
            if done:
                raise UserError(
                    self.env._(
                        "The reward %(reward)s was already granted on ticket "
                        "%(ticket)s (coupon %(coupon)s).",
                        reward=reward.description,
                        ticket=ticket.display_name,
                        coupon=done.cs_coupon_id.code or "",
                    )
                )
        if float_compare(self.points, reward.required_points, precision_digits=2) < 0:
            raise UserError(
                self.env._(
                    "%(name)s has %(points)s on card %(code)s, and the reward "
                    "%(reward)s needs %(needed)s: %(missing)s are missing.",
                    name=partner.name,
                    points=self._format_points(self.points),
                    code=self.code,
                    reward=reward.description,
                    needed=self._format_points(reward.required_points),
                    missing=self._format_points(reward.required_points - self.points),
                )
            )
        used = channel
        if not used:
            if ticket and ticket.channel_id.cs_kind == "sms":
                used = "sms"
            else:
                used = "email" if partner.email else "sms"
        self._cs_check_reward_address(used)
        partner._cs_check_consent("loyalty", used, raise_if_missing=True)

        today = fields.Date.context_today(self)
        days = self.program_id.cs_reward_validity_days
        coupon = (
            self.env["loyalty.card"]
            .with_context(loyalty_no_mail=True)
            .create(
                {
                    "program_id": reward._cs_coupon_program().id,
                    "partner_id": partner.id,
                    "points": 1,
                    "expiration_date": today + relativedelta(days=days)
                    if days
                    else False,
                    "cs_member_card_id": self.id,
                    "cs_reward_id": reward.id,
                }
            )
        )
        self.with_context(loyalty_no_mail=True).write(
            {
                "points": self.points - reward.required_points,
                "cs_redeemed_points": self.cs_redeemed_points + reward.required_points,
            }
        )
        description = self.env._(
            "Reward granted: %(reward)s, coupon %(coupon)s",
            reward=reward.description,
            coupon=coupon.code,
        )
        self.env["loyalty.history"].create(
            [
                {
                    "card_id": self.id,
                    "description": description,
                    "used": reward.required_points,
                    "cs_award_key": key,
                    "cs_coupon_id": coupon.id,
                    "cs_ticket_id": ticket.id if ticket else False,
                },
                {"card_id": coupon.id, "description": description, "issued": 1},
            ]
        )
        if used == "email":
            coupon.message_post_with_source(
                "customer_service.mail_template_cs_loyalty_reward",
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
            note = self.env._(
                "Reward %(reward)s granted for %(points)s: coupon %(coupon)s sent to "
                "the customer by e-mail.",
                reward=reward.description,
                points=self._format_points(reward.required_points),
                coupon=coupon.code,
            )
        else:
            coupon._message_sms_with_template(
                template_xmlid="customer_service.sms_template_cs_loyalty_reward",
                partner_ids=partner.ids,
            )
            note = self.env._(
                "Reward %(reward)s granted for %(points)s: coupon %(coupon)s sent to "
                "the customer by SMS.",
                reward=reward.description,
                points=self._format_points(reward.required_points),
                coupon=coupon.code,
            )
        self.message_post(body=note, subtype_xmlid="mail.mt_note")
        if ticket:
            ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
        return coupon

    def _cs_check_reward_address(self, channel):
        partner = self.partner_id
        if channel == "email" and not partner.email:
            raise UserError(
                self.env._(
                    "Cannot e-mail the coupon to %(name)s: the contact has no e-mail "
                    "address. Add one or send the coupon by SMS.",
                    name=partner.name,
                )
            )
        if channel == "sms" and not partner.phone_sanitized:
            raise UserError(
                self.env._(
                    "Cannot send the coupon to %(name)s by SMS: the contact has no "
                    "valid phone number. Add one or send the coupon by e-mail.",
                    name=partner.name,
                )
            )
        if channel not in ("email", "sms"):
            raise UserError(
                self.env._(
                    "A coupon can be sent by e-mail or SMS, not by %(channel)s.",
                    channel=channel,
                )
            )
