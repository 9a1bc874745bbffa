from odoo import fields, models


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    cs_award_key = fields.Char(
        string="Award Key",
        readonly=True,
        copy=False,
        help="Event and period of a service-points award (e.g. tenure_year:3): "
        "a card gets each award once.",
    )

    cs_coupon_id = fields.Many2one(
        "loyalty.card",
        string="Coupon",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The coupon a reward granted from these points.",
        index="btree_not_null",
    )
    cs_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Ticket",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )

    _cs_award_once = models.UniqueIndex(
        "(card_id, cs_award_key) WHERE cs_award_key IS NOT NULL",
        "This card has already received these service points.",
    )
