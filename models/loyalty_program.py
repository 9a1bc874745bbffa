from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import format_amount

from ..tools.loyalty_rules import eligibility_failures


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    cs_membership = fields.Boolean(
        string="Membership Programme",
        help="Customer-service agents enrol customers in this programme and send "
        "them a membership card.",
    )
    cs_min_invoice_count = fields.Integer(
        string="Minimum Posted Invoices",
        help="Posted customer invoices needed to be eligible (0: no minimum).",
    )
    cs_min_total_spent = fields.Monetary(
        string="Minimum Total Spent",
        currency_field="currency_id",
        help="Total of posted customer invoices, taxes excluded, needed to be "
        "eligible (0: no minimum).",
    )
    cs_min_tenure_days = fields.Integer(
        string="Minimum Tenure (days)",
        help="Days since the first posted invoice needed to be eligible.",
    )
    cs_require_satisfied = fields.Boolean(
        string="Last Answer Satisfied",
        help="Refuse customers whose last satisfaction answer was not happy.",
    )
    cs_card_validity_months = fields.Integer(
        string="Card Validity (months)",
        default=24,
        help="Months a membership card is valid from enrolment (0: no expiry).",
    )
    cs_tier_ids = fields.One2many("cs.loyalty.tier", "program_id", string="Tiers")
    cs_point_rule_ids = fields.One2many(
        "cs.loyalty.point.rule", "program_id", string="Service Points"
    )

    def _cs_terms(self):
        """What the eligibility reads of this programme."""
        self.ensure_one()
        return {
            "name": self.name,
            "currency_id": self.currency_id.id,
            "min_invoices": self.cs_min_invoice_count,
            "min_spent": self.cs_min_total_spent,
            "min_tenure_days": self.cs_min_tenure_days,
            "require_satisfied": self.cs_require_satisfied,
        }

    def _cs_eligibility_reasons(self, stats, terms=None):
        """The eligibility rules a customer with ``stats`` misses, one sentence each
        (an empty list means eligible). ``terms``: the programme's, when already
        fetched (see res.partner._cs_loyalty_snapshot)."""
        terms = terms or self._cs_terms()
        failures = eligibility_failures(
            stats,
            min_invoices=terms["min_invoices"],
            min_spent=terms["min_spent"],
            min_tenure_days=terms["min_tenure_days"],
            require_satisfied=terms["require_satisfied"],
        )
        currency = (
            self.env["res.currency"].browse(terms["currency_id"])
            or self.env.company.currency_id
        )
        # Only the failed rules' sentences are built: formatting amounts is what a
        # read of many tickets' customers spends its time on.
        lines = {
            "invoices": lambda: self.env._(
                "Posted invoices: %(count)s of %(needed)s needed",
                count=stats["invoice_count"],
                needed=terms["min_invoices"],
            ),
            "spent": lambda: self.env._(
                "Total spent: %(spent)s of %(needed)s needed",
                spent=format_amount(self.env, stats["total_spent"], currency),
                needed=format_amount(self.env, terms["min_spent"], currency),
            ),
            "tenure": lambda: self.env._(
                "Customer for %(days)s days of %(needed)s needed",
                days=stats["tenure_days"],
                needed=terms["min_tenure_days"],
            ),
            "satisfaction": lambda: self.env._(
                "The last satisfaction answer was not happy"
            ),
        }
        return [lines[key]() for key in failures]

    def _cs_eligibility(self, stats, terms=None):
        """Tell whether a customer with ``stats`` may join, with a readable why."""
        terms = terms or self._cs_terms()
        reasons = self._cs_eligibility_reasons(stats, terms)
        if reasons:
            return False, "\n".join("- " + reason for reason in reasons)
        currency = (
            self.env["res.currency"].browse(terms["currency_id"])
            or self.env.company.currency_id
        )
        return True, self.env._(
            "Eligible for %(programme)s: %(count)s posted invoices, %(spent)s "
            "spent, customer for %(days)s days.",
            programme=terms["name"],
            count=stats["invoice_count"],
            spent=format_amount(self.env, stats["total_spent"], currency),
            days=stats["tenure_days"],
        )

    def _cs_enrol(self, partner, channel="agent"):
        """Create the membership card of ``partner``; checks are the caller's."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        card = (
            self.env["loyalty.card"]
            .with_context(loyalty_no_mail=True)
            .create(
                {
                    "program_id": self.id,
                    "partner_id": partner.id,
                    "points": 0,
                    "cs_state": "active",
                    "cs_enrol_date": today,
                    "cs_enrol_channel": channel,
                    "cs_valid_until": today
                    + relativedelta(months=self.cs_card_validity_months)
                    if self.cs_card_validity_months
                    else False,
                }
            )
        )
        card.message_post(
            body=self.env._(
                "%(name)s joined %(programme)s.",
                name=partner.name,
                programme=self.name,
            )
        )
        card._cs_award_points("enrolment", key="enrolment")
        self.env["cs.followup.plan"]._cs_trigger("loyalty", partner, card=card)
        return card
