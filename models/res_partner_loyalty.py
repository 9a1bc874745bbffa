from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# What the membership eligibility reads of a programme.
PROGRAM_TERMS = (
    "name",
    "currency_id",
    "cs_min_invoice_count",
    "cs_min_total_spent",
    "cs_min_tenure_days",
    "cs_require_satisfied",
)


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

    def _cs_loyalty_snapshot(self):
        """{partner id: (card id, points, tier id, programme terms, sales stats)}
        for the ticket form, in one query: each contact's active membership card,
        its company's membership programme and its posted invoice totals. The same
        searches as the contact's fields, with the caller's rights; the invoices as
        superuser, as in _cs_sales_stats."""
        partners = self.filtered("id")
        if not partners:
            return {}
        Card = self.env["loyalty.card"]
        cards = Card._search(
            [("partner_id", "in", partners.ids), ("cs_state", "=", "active")]
        )
        Program = self.env["loyalty.program"]
        companies = {
            partner.id: (partner.company_id or self.env.company).id
            for partner in partners
        }
        programs = []
        for company_id in set(companies.values()):
            query = Program._search(
                [
                    ("cs_membership", "=", True),
                    ("company_id", "in", [company_id, False]),
                ],
                limit=1,
            )
            columns = [
                SQL("%s", company_id),
                *(
                    Program._field_to_sql(Program._table, name, query)
                    for name in ("id", *PROGRAM_TERMS)
                ),
            ]
            programs.append(
                SQL(
                    "(%s)",
                    query.subselect(
                        SQL("json_build_array(%s)", SQL(", ").join(columns))
                    ),
                )
            )
        # sudo: agents see eligibility without access to invoices; only these
        # aggregates leave the method.
        Move = self.env["account.move"].sudo()
        commercial_ids = partners.commercial_partner_id.ids
        moves = Move._search(
            [
                ("commercial_partner_id", "in", commercial_ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        row = self.env.execute_query(
            SQL(
                """SELECT
                    (SELECT json_agg(json_build_array(c.partner_id, c.id, c.points,
                                                      c.tier_id))
                       FROM (SELECT DISTINCT ON (partner_id) *
                               FROM %(cards)s AS c0 (partner_id, id, points, tier_id)
                              ORDER BY partner_id, id DESC) AS c),
                    json_build_array(%(programs)s),
                    (SELECT json_agg(json_build_array(m.partner_id, m.count, m.total,
                                                      m.first))
                       FROM (SELECT partner_id, COUNT(*) AS count, SUM(amount) AS total,
                                    MIN(day) AS first
                               FROM %(moves)s AS m0 (partner_id, amount, day)
                              GROUP BY partner_id) AS m)""",
                cards=cards.subselect(
                    *(
                        Card._field_to_sql(Card._table, name, cards)
                        for name in ("partner_id", "id", "points", "cs_tier_id")
                    )
                ),
                programs=SQL(", ").join(programs),
                moves=moves.subselect(
                    *(
                        Move._field_to_sql(Move._table, name, moves)
                        for name in (
                            "commercial_partner_id",
                            "amount_untaxed_signed",
                            "invoice_date",
                        )
                    )
                ),
            )
        )[0]
        card_rows, program_rows, move_rows = row
        card_by_partner = {r[0]: (r[1], r[2], r[3]) for r in card_rows or []}
        terms_by_company = {}
        for program in program_rows or []:
            if not program:
                continue
            company_id, program_id, name, currency_id, *minimums = program
            terms_by_company[company_id] = {
                "id": program_id,
                "name": name,
                "currency_id": currency_id,
                "min_invoices": minimums[0] or 0,
                "min_spent": minimums[1] or 0.0,
                "min_tenure_days": minimums[2] or 0,
                "require_satisfied": bool(minimums[3]),
            }
        sales = {r[0]: (r[1], r[2], r[3]) for r in move_rows or []}
        today = fields.Date.context_today(self)
        result = {}
        for partner in partners:
            terms = terms_by_company.get(companies[partner.id])
            count, total, first = sales.get(
                partner.commercial_partner_id.id, (0, 0.0, None)
            )
            first = fields.Date.to_date(first)
            stats = {
                "invoice_count": count,
                "total_spent": total or 0.0,
                "tenure_days": (today - first).days if first else 0,
                "last_satisfaction": (partner.cs_last_satisfaction or None)
                if terms and terms["require_satisfied"]
                else None,
            }
            result[partner.id] = (
                *card_by_partner.get(partner.id, (False, 0.0, False)),
                terms,
                stats,
            )
        return result

    def _cs_membership_program(self):
        company = self.company_id or self.env.company
        # With the fields the eligibility reads, in the search's own query.
        return self.env["loyalty.program"].search_fetch(
            [
                ("cs_membership", "=", True),
                ("company_id", "in", [company.id, False]),
            ],
            list(PROGRAM_TERMS),
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
