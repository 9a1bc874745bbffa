from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResPartnerLoyalty(models.Model):
    _inherit = "res.partner"

    cs_loyalty_card_ids = fields.One2many(
        "loyalty.card",
        "partner_id",
        string="Membership Cards",
        domain=[("cs_state", "!=", False)],
    )
    cs_loyalty_card_id = fields.Many2one(
        "loyalty.card", string="Membership Card", compute="_compute_cs_loyalty"
    )
    cs_loyalty_points = fields.Float(
        string="Loyalty Points", compute="_compute_cs_loyalty"
    )
    cs_loyalty_tier_id = fields.Many2one(
        "cs.loyalty.tier", string="Loyalty Tier", compute="_compute_cs_loyalty"
    )
    cs_loyalty_program_id = fields.Many2one(
        "loyalty.program",
        string="Membership Programme",
        compute="_compute_cs_loyalty_eligibility",
    )
    cs_loyalty_eligible = fields.Boolean(
        string="Eligible for Loyalty", compute="_compute_cs_loyalty_eligibility"
    )
    cs_loyalty_eligibility = fields.Text(
        string="Loyalty Eligibility", compute="_compute_cs_loyalty_eligibility"
    )
    cs_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        help="Member who brought this customer. Their membership card earns the "
        "referral points once for this customer, whatever is changed later.",
    )
    cs_followup_ids = fields.One2many("cs.followup", "partner_id", string="Follow-ups")
    cs_followup_count = fields.Integer(
        string="Follow-up Count", compute="_compute_cs_followup_stats"
    )
    cs_last_satisfaction = fields.Selection(
        [("happy", "Satisfied"), ("neutral", "Neutral"), ("unhappy", "Dissatisfied")],
        string="Last Satisfaction",
        compute="_compute_cs_followup_stats",
    )
    cs_last_fitness = fields.Selection(
        [("yes", "Does the job"), ("no", "Does not do the job")],
        string="Last Product Fitness",
        compute="_compute_cs_followup_stats",
    )

    def _compute_cs_loyalty(self):
        cards = self.env["loyalty.card"].search_fetch(
            [("partner_id", "in", self.ids), ("cs_state", "=", "active")],
            ["partner_id", "points", "cs_tier_id"],
            order="id desc",
        )
        for partner in self:
            card = cards.filtered(lambda c, p=partner: c.partner_id == p)[:1]
            partner.cs_loyalty_card_id = card
            partner.cs_loyalty_points = card.points
            partner.cs_loyalty_tier_id = card.cs_tier_id

    def _compute_cs_followup_stats(self):
        followups = self.env["cs.followup"].search_fetch(
            [("partner_id", "in", self.ids)],
            ["partner_id", "satisfaction", "fitness"],
            order="answer_date desc, id desc",
        )
        for partner in self:
            mine = followups.filtered(lambda f, p=partner: f.partner_id == p)
            partner.cs_followup_count = len(mine)
            answered = mine.filtered("satisfaction")[:1]
            partner.cs_last_satisfaction = answered.satisfaction
            partner.cs_last_fitness = mine.filtered("fitness")[:1].fitness

    def _cs_sales_stats(self, with_satisfaction=True):
        """Posted customer invoices of each contact (and its contacts): count, total
        and first date, keyed by partner id.

        Runs as superuser: agents see eligibility without access to invoices, and
        only these aggregates leave the method.
        """
        commercial = self.commercial_partner_id
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ],
                ["commercial_partner_id"],
                ["__count", "amount_untaxed_signed:sum", "invoice_date:min"],
            )
        )
        by_commercial = {
            p.id: (count, total, first) for p, count, total, first in groups
        }
        today = fields.Date.context_today(self)
        result = {}
        for partner in self:
            count, total, first = by_commercial.get(
                partner.commercial_partner_id.id, (0, 0.0, None)
            )
            result[partner.id] = {
                "invoice_count": count,
                "total_spent": total or 0.0,
                "tenure_days": (today - first).days if first else 0,
                "last_satisfaction": (partner.cs_last_satisfaction or None)
                if with_satisfaction
                else None,
            }
        return result

    def _cs_membership_program(self):
        company = self.company_id or self.env.company
        # With the fields the eligibility reads, in the search's own query.
        return self.env["loyalty.program"].search_fetch(
            [
                ("cs_membership", "=", True),
                ("company_id", "in", [company.id, False]),
            ],
            [
                "name",
                "currency_id",
                "cs_min_invoice_count",
                "cs_min_total_spent",
                "cs_min_tenure_days",
                "cs_require_satisfied",
            ],
            limit=1,
        )

    def _compute_cs_loyalty_eligibility(self):
        # One programme search per company, not per contact.
        programs = {}
        for partner in self:
            company = partner.company_id or self.env.company
            if company not in programs:
                programs[company] = partner._cs_membership_program()
        saved = self.filtered(lambda p: isinstance(p.id, int))
        # The last satisfaction answer is looked up only for a programme asking it.
        stats = (
            saved._cs_sales_stats(
                with_satisfaction=any(
                    program.cs_require_satisfied for program in programs.values()
                )
            )
            if saved
            else {}
        )
        for partner in self:
            program = programs[partner.company_id or self.env.company]
            partner.cs_loyalty_program_id = program
            if not program or partner.id not in stats:
                partner.cs_loyalty_eligible = False
                partner.cs_loyalty_eligibility = False
                continue
            eligible, text = program._cs_eligibility(stats[partner.id])
            partner.cs_loyalty_eligible = eligible
            partner.cs_loyalty_eligibility = text

    def _cs_loyalty_join_refusals(self, program=None):
        """Why this contact cannot join the membership programme yet, one sentence
        per reason (an empty list means they can)."""
        self.ensure_one()
        program = program or self._cs_membership_program()
        if not program:
            return [self.env._("There is no loyalty programme to join at the moment.")]
        reasons = program._cs_eligibility_reasons(self._cs_sales_stats()[self.id])
        if not self._cs_check_consent("loyalty", "email" if self.email else "sms"):
            reasons.append(
                self.env._(
                    "Consent to the loyalty programme's messages: not given. You can "
                    "give it on your privacy page."
                )
            )
        return reasons

    def action_cs_loyalty_enrol(self, program=None, channel="agent"):
        """Enrol each contact in the membership programme and return their cards.

        Needs the loyalty consent; refuses a second active card in one programme.
        """
        cards = self.env["loyalty.card"]
        for partner in self:
            prog = program or partner._cs_membership_program()
            if not prog:
                raise UserError(
                    self.env._(
                        "There is no membership programme. Ask a supervisor to mark a "
                        "loyalty programme as membership programme."
                    )
                )
            contact_channel = "email" if partner.email else "sms"
            partner._cs_check_consent("loyalty", contact_channel, raise_if_missing=True)
            existing = self.env["loyalty.card"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("program_id", "=", prog.id),
                    ("cs_state", "=", "active"),
                ],
                limit=1,
            )
            if existing:
                raise UserError(
                    self.env._(
                        "%(name)s is already a member of %(programme)s with card "
                        "%(code)s. Send or replace that card instead.",
                        name=partner.name,
                        programme=prog.name,
                        code=existing.code,
                    )
                )
            stats = partner._cs_sales_stats()[partner.id]
            eligible, text = prog._cs_eligibility(stats)
            if not eligible:
                raise UserError(
                    self.env._(
                        "%(name)s cannot join %(programme)s yet:\n%(reasons)s",
                        name=partner.name,
                        programme=prog.name,
                        reasons=text,
                    )
                )
            card = prog._cs_enrol(partner, channel)
            cards |= card
        return cards

    def action_cs_loyalty_enrol_open(self):
        card = self.action_cs_loyalty_enrol()
        return {
            "type": "ir.actions.act_window",
            "res_model": "loyalty.card",
            "res_id": card[:1].id,
            "view_mode": "form",
            "views": [
                (self.env.ref("customer_service.loyalty_card_view_form_cs").id, "form")
            ],
        }

    @api.constrains("cs_referred_by_id")
    def _check_cs_referred_by(self):
        for partner in self:
            if partner.cs_referred_by_id == partner:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be their own referrer. Choose the member "
                        "who brought them, or leave “Referred By” empty.",
                        name=partner.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("cs_referred_by_id"):
                self._cs_check_referrer(
                    self.browse(vals["cs_referred_by_id"]), vals.get("name")
                )
        partners = super().create(vals_list)
        partners.filtered("cs_referred_by_id")._cs_award_referral()
        return partners

    def write(self, vals):
        if vals.get("cs_referred_by_id"):
            referrer = self.browse(vals["cs_referred_by_id"])
            for partner in self:
                self._cs_check_referrer(referrer, partner.name)
        result = super().write(vals)
        if vals.get("cs_referred_by_id"):
            self._cs_award_referral()
        return result

    @api.model
    def _cs_check_referrer(self, referrer, name):
        if not referrer.cs_loyalty_card_id:
            raise UserError(
                self.env._(
                    "%(referrer)s has no active membership card: enrol them before "
                    "naming them as the referrer of %(name)s.",
                    referrer=referrer.name,
                    name=name,
                )
            )

    def _cs_award_referral(self):
        """Give the referrer's card the referral points, once per referred customer.

        The key names the referred customer, so saving the contact again, or
        naming another referrer later, awards nothing more.
        """
        History = self.env["loyalty.history"]
        for partner in self:
            key = f"referral:{partner.id}"
            # sudo: the check must see every card's awards, not only those the
            # user may read.
            if History.sudo().search_count([("cs_award_key", "=", key)], limit=1):
                continue
            partner.cs_referred_by_id.cs_loyalty_card_id._cs_award_points(
                "referral",
                self.env._("Referred %(name)s", name=partner.name),
                key=key,
            )

    def action_cs_open_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_service.cs_followup_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
