from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.loyalty_rules import anniversary_years, tier_for_points


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    cs_state = fields.Selection(
        [("active", "Active"), ("revoked", "Revoked"), ("replaced", "Replaced")],
        string="Membership State",
        copy=False,
        tracking=True,
        index=True,
        help="Only membership cards have a state; an active card is the valid one.",
    )
    cs_enrol_date = fields.Date(string="Enrolment Date", copy=False)
    cs_enrol_channel = fields.Selection(
        [("agent", "Agent"), ("portal", "Portal")],
        string="Enrolled Through",
        copy=False,
    )
    cs_valid_until = fields.Date(string="Valid Until", copy=False)
    cs_tier_id = fields.Many2one(
        "cs.loyalty.tier",
        string="Tier",
        compute="_compute_cs_tier_id",
        store=True,
        index="btree_not_null",
    )
    cs_replaces_id = fields.Many2one(
        "loyalty.card",
        string="Replaces Card",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    cs_replaced_by_id = fields.Many2one(
        "loyalty.card",
        string="Replaced By",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    cs_revoke_reason = fields.Char(string="Revocation Reason", copy=False)

    _cs_one_active_membership = models.UniqueIndex(
        "(partner_id, program_id) WHERE cs_state = 'active'",
        "This customer already has an active card in this programme.",
    )

    @api.depends(
        "points", "cs_redeemed_points", "program_id.cs_tier_ids.min_points", "cs_state"
    )
    def _compute_cs_tier_id(self):
        for card in self:
            tiers = card.program_id.cs_tier_ids
            key = (
                tier_for_points(
                    [(t.id, t.min_points) for t in tiers],
                    card.points + card.cs_redeemed_points,
                )
                if card.cs_state
                else None
            )
            card.cs_tier_id = tiers.browse(key) if key else False

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------

    def _cs_ensure_active(self):
        for card in self:
            if card.cs_state != "active":
                raise UserError(
                    self.env._(
                        "Card %(code)s is not an active membership card (state: "
                        "%(state)s). Use the customer's active card.",
                        code=card.code,
                        state=dict(
                            card._fields["cs_state"]._description_selection(card.env)
                        ).get(card.cs_state, self.env._("none")),
                    )
                )

    def action_cs_revoke(self, reason=None):
        # The button is for supervisors; the server refuses agents' RPC too.
        if not (
            self.env.su
            or self.env.user._is_superuser()
            or self.env.user.has_group("customer_service.group_cs_supervisor")
        ):
            raise AccessError(
                self.env._("Only a supervisor can revoke a membership card.")
            )
        self._cs_ensure_active()
        for card in self:
            card.write(
                {
                    "cs_state": "revoked",
                    "cs_revoke_reason": reason or self.env._("Revoked by an agent"),
                }
            )
            card.message_post(
                body=self.env._(
                    "Membership card revoked: %(reason)s", reason=card.cs_revoke_reason
                )
            )
        return True

    def action_cs_replace(self):
        """Issue a new card with a new code for a lost one; the old code stops working.

        Points move to the new card through loyalty.history so both keep the trace.
        """
        self._cs_ensure_active()
        new_cards = self.env["loyalty.card"]
        for card in self:
            points = card.points
            card.with_context(loyalty_no_mail=True).write(
                {
                    "cs_state": "replaced",
                    "cs_revoke_reason": self.env._("Lost card replaced"),
                    "points": 0,
                }
            )
            # The unique index on active cards is checked when the new row is
            # inserted: the old card must be out of "active" in the database first.
            card.flush_recordset(["cs_state"])
            new_card = self.with_context(loyalty_no_mail=True).create(
                {
                    "program_id": card.program_id.id,
                    "partner_id": card.partner_id.id,
                    "points": points,
                    "cs_redeemed_points": card.cs_redeemed_points,
                    "cs_state": "active",
                    "cs_enrol_date": card.cs_enrol_date,
                    "cs_enrol_channel": card.cs_enrol_channel,
                    "cs_valid_until": card.cs_valid_until,
                    "cs_replaces_id": card.id,
                }
            )
            card.cs_replaced_by_id = new_card
            history = self.env["loyalty.history"]
            description = self.env._(
                "Lost card %(old)s replaced by %(new)s",
                old=card.code,
                new=new_card.code,
            )
            history.create(
                [
                    {"card_id": card.id, "description": description, "used": points},
                    {
                        "card_id": new_card.id,
                        "description": description,
                        "issued": points,
                    },
                ]
            )
            card.message_post(body=description)
            new_card.message_post(body=description)
            new_cards |= new_card
        return new_cards

    def action_cs_replace_open(self):
        new_card = self.action_cs_replace()
        return {
            "type": "ir.actions.act_window",
            "res_model": "loyalty.card",
            "res_id": new_card[:1].id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Service points
    # ------------------------------------------------------------------

    def _cs_award_points(self, event, description=None, key=None):
        """Add the programme's points for ``event`` to each active card.

        ``key`` names the event and its period (e.g. ``tenure_year:3``): a card
        that already holds a history line with that key gets nothing, so crons
        and answers can run twice safely. Returns the loyalty.history records
        created (none when no rule applies).
        """
        history = self.env["loyalty.history"]
        awarded = set()
        if key:
            # A replacement card carries on its lost card's membership: an award
            # on any card of the chain counts.
            lineage = {}
            for card in self:
                chain, previous = card, card.cs_replaces_id
                while previous and previous not in chain:
                    chain, previous = chain | previous, previous.cs_replaces_id
                lineage[card.id] = chain
            # sudo: the check must see every award of the card, whoever answers.
            chains = self.browse().union(*lineage.values())
            done = (
                history.sudo()
                .search([("card_id", "in", chains.ids), ("cs_award_key", "=", key)])
                .card_id
            )
            awarded = {cid for cid, chain in lineage.items() if chain & done}
        labels = dict(
            self.env["cs.loyalty.point.rule"]
            ._fields["event"]
            ._description_selection(self.env)
        )
        for card in self.filtered(
            lambda c: c.cs_state == "active" and c.id not in awarded
        ):
            rule = card.program_id.cs_point_rule_ids.filtered(
                lambda r, event=event: r.event == event and r.active
            )[:1]
            if not rule:
                continue
            card.with_context(loyalty_no_mail=True).points += rule.points
            history |= history.create(
                {
                    "card_id": card.id,
                    "description": description or labels[event],
                    "issued": rule.points,
                    "cs_award_key": key or False,
                }
            )
        return history

    @api.model
    def _cs_award_tenure_points(self):
        """Reward each active member on the anniversary of their enrolment."""
        today = fields.Date.context_today(self)
        cards = self.search(
            [("cs_state", "=", "active"), ("cs_enrol_date", "<", today)]
        )
        for card in cards:
            years = anniversary_years(card.cs_enrol_date, today)
            if years:
                card._cs_award_points(
                    "tenure_year",
                    self.env._("%(years)s year(s) of membership", years=years),
                    key=f"tenure_year:{years}",
                )

    # ------------------------------------------------------------------
    # Membership document
    # ------------------------------------------------------------------

    def _cs_card_report(self):
        return self.env.ref("customer_service.report_cs_membership_card")

    def _cs_card_pdf(self):
        self.ensure_one()
        return self.env["ir.actions.report"]._render_qweb_pdf(
            self._cs_card_report(), self.ids
        )[0]

    def action_cs_print_card(self):
        self._cs_ensure_active()
        return self._cs_card_report().report_action(self)

    def action_cs_send_card(self, channel=None):
        """Send the membership document: the PDF by e-mail or the code by SMS.

        ``channel`` is "email" or "sms"; by default e-mail when the customer has an
        address, else SMS. Needs the customer's consent for the loyalty purpose.
        """
        self._cs_ensure_active()
        for card in self:
            partner = card.partner_id
            used = channel or self.env.context.get("cs_channel")
            if not used:
                used = "email" if partner.email else "sms"
            partner._cs_check_consent("loyalty", used, raise_if_missing=True)
            if used == "email":
                if not partner.email:
                    raise UserError(
                        self.env._(
                            "Cannot e-mail the card to %(name)s: the contact has no "
                            "e-mail address. Add one or send the code by SMS.",
                            name=partner.display_name,
                        )
                    )
                card.message_post_with_source(
                    "customer_service.mail_template_cs_membership_card",
                    subtype_xmlid="mail.mt_comment",
                    message_type="comment",
                )
            elif used == "sms":
                if not partner.phone_sanitized:
                    raise UserError(
                        self.env._(
                            "Cannot send the code to %(name)s by SMS: the contact has "
                            "no valid phone number. Add one or send the card by "
                            "e-mail.",
                            name=partner.display_name,
                        )
                    )
                card._message_sms_with_template(
                    template_xmlid="customer_service.sms_template_cs_membership_card",
                    partner_ids=partner.ids,
                )
            else:
                raise UserError(
                    self.env._(
                        "The card can be sent by e-mail or SMS, not by %(channel)s.",
                        channel=used,
                    )
                )
        return True

    def action_cs_send_card_email(self):
        return self.action_cs_send_card("email")

    def action_cs_send_card_sms(self):
        return self.action_cs_send_card("sms")

    def _cs_barcode_src(self, kind):
        self.ensure_one()
        if kind == "qr":
            return f"/report/barcode/QR/{self.code}?width=240&height=240"
        return f"/report/barcode/Code128/{self.code}?width=600&height=120&quiet=0"

    # ------------------------------------------------------------------
    # GDPR
    # ------------------------------------------------------------------

    @api.model
    def _cs_gdpr_export(self, partner):
        cards = (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )
        return [
            {
                "model": "loyalty.card",
                "programme": card.program_id.name,
                "code": card.code,
                "state": card.cs_state or "",
                "points": card.points,
                "tier": card.cs_tier_id.name or "",
                "enrolled_on": str(card.cs_enrol_date or ""),
                "valid_until": str(card.cs_valid_until or ""),
                "history": [
                    {
                        "date": str(h.create_date),
                        "description": h.description,
                        "issued": h.issued,
                        "used": h.used,
                    }
                    for h in card.history_ids
                ],
            }
            for card in cards
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        cards = (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partner.ids)])
        )
        kept = []
        used = cards.filtered(lambda c: c.use_count or c.history_ids.order_id)
        if used:
            kept.append(
                self.env._(
                    "%(count)s loyalty card(s) used on sales documents are kept, "
                    "revoked and detached from the contact's data.",
                    count=len(used),
                )
            )
        if not dry_run and cards:
            used.filtered(lambda c: c.cs_state == "active").write(
                {
                    "cs_state": "revoked",
                    "cs_revoke_reason": self.env._("Contact erased"),
                }
            )
            used.write({"partner_id": False})
            (cards - used).unlink()
        return {"changed": len(cards), "kept": kept}
