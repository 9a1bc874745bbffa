from odoo import Command, models

# Fields copied from a membership reward to the reward of its coupon programme:
# what the coupon gives is what the member chose.
_COUPON_REWARD_FIELDS = (
    "reward_type",
    "discount",
    "discount_mode",
    "discount_applicability",
    "discount_product_domain",
    "discount_max_amount",
    "reward_product_qty",
    "description",
)
_COUPON_REWARD_RELATIONS = (
    "discount_product_category_id",
    "discount_product_tag_id",
    "reward_product_id",
    "reward_product_tag_id",
)


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    def _cs_coupon_program(self):
        """The coupon programme that issues this membership reward as a code.

        Created at the first grant. A coupon of that programme holds one point and
        its single reward needs one point, so the code gives the reward once, through
        core loyalty (sales, point of sale, e-commerce).
        """
        self.ensure_one()
        # sudo: agents grant rewards but cannot read or create programmes' coupon
        # configuration; the programme only mirrors this reward.
        Program = self.env["loyalty.program"].sudo().with_context(active_test=False)
        program = Program.search([("cs_source_reward_id", "=", self.id)], limit=1)
        if program:
            return program
        reward_vals = {name: self[name] for name in _COUPON_REWARD_FIELDS}
        reward_vals.update({name: self[name].id for name in _COUPON_REWARD_RELATIONS})
        reward_vals.update(
            required_points=1,
            discount_product_ids=[Command.set(self.discount_product_ids.ids)],
        )
        return Program.create(
            {
                "name": f"{self.program_id.name}: {self.description}",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "cs_source_reward_id": self.id,
                "portal_visible": False,
                "rule_ids": [Command.clear()],
                # The member gets the customer-service message, not core's mail.
                "communication_plan_ids": [Command.clear()],
                "reward_ids": [Command.clear(), Command.create(reward_vals)],
            }
        )
