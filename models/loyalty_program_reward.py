from odoo import fields, models


class LoyaltyProgramReward(models.Model):
    _inherit = "loyalty.program"

    cs_reward_validity_days = fields.Integer(
        string="Reward Coupon Validity (days)",
        default=90,
        help="Days a coupon granted to a member stays valid (0: no expiry).",
    )
    cs_source_reward_id = fields.Many2one(
        "loyalty.reward",
        string="Membership Reward",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The membership reward whose coupons this programme issues.",
    )

    _cs_one_coupon_programme = models.UniqueIndex(
        "(cs_source_reward_id) WHERE cs_source_reward_id IS NOT NULL",
        "A membership reward has one coupon programme.",
    )
