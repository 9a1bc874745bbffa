from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class HelpdeskTicketFollowup(models.Model):
    _inherit = "helpdesk.ticket"

    cs_followup_id = fields.Many2one(
        "cs.followup", string="Follow-up", readonly=True, index="btree_not_null"
    )
    cs_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, index="btree_not_null"
    )
    cs_product_id = fields.Many2one(
        "product.product",
        string="Post-sale Product",
        help="With the Helpdesk Product module, the same as the ticket's product.",
        index="btree_not_null",
    )
    # Computed together from one query (res.partner._cs_loyalty_snapshot) rather
    # than related to the contact's fields, which cost three on every form read;
    # as superuser, as those related fields were.
    cs_loyalty_card_id = fields.Many2one(
        "loyalty.card",
        string="Membership Card",
        compute="_compute_cs_loyalty",
        compute_sudo=True,
    )
    cs_loyalty_tier_id = fields.Many2one(
        "cs.loyalty.tier",
        string="Loyalty Tier",
        compute="_compute_cs_loyalty",
        compute_sudo=True,
    )
    cs_loyalty_points = fields.Float(
        string="Loyalty Points",
        compute="_compute_cs_loyalty",
        compute_sudo=True,
    )
    cs_loyalty_eligible = fields.Boolean(
        string="Eligible for Loyalty",
        compute="_compute_cs_loyalty",
        compute_sudo=True,
    )
    cs_loyalty_eligibility = fields.Text(
        string="Loyalty Eligibility",
        compute="_compute_cs_loyalty",
        compute_sudo=True,
    )

    @api.depends(
        "partner_id",
        "partner_id.cs_loyalty_card_ids.cs_state",
        "partner_id.cs_loyalty_card_ids.points",
    )
    def _compute_cs_loyalty(self):
        Program = self.env["loyalty.program"]
        # Once per contact: many tickets share one.
        summary = {}
        for partner_id, (
            card_id,
            points,
            tier_id,
            terms,
            stats,
        ) in self.partner_id._origin._cs_loyalty_snapshot().items():
            eligible, text = (
                Program._cs_eligibility(stats, terms) if terms else (False, False)
            )
            summary[partner_id] = (card_id, points or 0.0, tier_id, eligible, text)
        for ticket in self:
            (
                ticket.cs_loyalty_card_id,
                ticket.cs_loyalty_points,
                ticket.cs_loyalty_tier_id,
                ticket.cs_loyalty_eligible,
                ticket.cs_loyalty_eligibility,
            ) = summary.get(
                ticket.partner_id._origin.id, (False, 0.0, False, False, False)
            )

    def _cs_sync_product_vals(self, vals):
        """With helpdesk_product installed, its product_id and cs_product_id hold
        the same product, so follow-ups and surveys use what the agent picked."""
        field = self._fields.get("product_id")
        if not field or field.comodel_name != "product.product":
            return vals
        if "product_id" in vals and "cs_product_id" not in vals:
            return dict(vals, cs_product_id=vals["product_id"])
        if "cs_product_id" in vals and "product_id" not in vals:
            return dict(vals, product_id=vals["cs_product_id"])
        return vals

    @api.model
    def _cs_loyalty_priority_vals(self, vals_list):
        """Raise new tickets to their customer's tier priority (creation step 1), in
        their create values so that the ticket is inserted with it."""
        # sudo: the tier applies whoever creates the ticket (portal, mail gateway,
        # helpdesk users outside customer service who cannot read cards).
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse({vals.get("partner_id") for vals in vals_list} - {False, None})
        )
        if not partners:
            return
        for vals in vals_list:
            if not vals.get("partner_id"):
                continue
            partner = partners.browse(vals["partner_id"]).with_prefetch(
                partners._prefetch_ids
            )
            tier_priority = partner.cs_loyalty_tier_id.ticket_priority
            if tier_priority and tier_priority > (vals.get("priority") or "0"):
                vals["priority"] = tier_priority

    def _cs_stop_followups_domain(self):
        """Running follow-ups that these new tickets stop, or None."""
        customer_tickets = self.filtered(lambda t: not t.cs_followup_id)
        if not customer_tickets.partner_id or self.env.context.get(
            "cs_followup_incident"
        ):
            return None
        return Domain(
            [
                ("partner_id", "in", customer_tickets.partner_id.ids),
                ("state", "in", ("scheduled", "in_progress")),
                ("plan_id.stop_on_ticket", "=", True),
            ]
        )

    def _cs_stop_followups_on_new_ticket(self, followups=None):
        """A new ticket takes over the conversation: running follow-ups stop.

        ``followups``: those to stop when already looked up (see _cs_after_create).
        """
        if followups is None:
            domain = self._cs_stop_followups_domain()
            if domain is None:
                return
            followups = self.env["cs.followup"].sudo().search(domain)
        if followups:
            followups._cs_stop("ticket")

    def _cs_trigger_closed_followups(self):
        for ticket in self.filtered("partner_id"):
            # Plans are configuration the agent cannot read but must start.
            self.env["cs.followup.plan"].sudo()._cs_trigger(
                "ticket_closed",
                ticket.partner_id,
                ticket=ticket,
                product=ticket.cs_product_id,
                company=ticket.company_id,
            )

    def action_cs_loyalty_enrol(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer contact to enrol. Set the "
                    "contact first.",
                    ticket=self.display_name,
                )
            )
        self.partner_id.action_cs_loyalty_enrol()
        return True

    def _cs_membership_card(self):
        """The customer's active membership card; a clear error when there is none."""
        self.ensure_one()
        card = self.partner_id.cs_loyalty_card_id
        if not card:
            raise UserError(
                self.env._(
                    "%(name)s has no active membership card. Enrol the customer first.",
                    name=self.partner_id.display_name or self.display_name,
                )
            )
        return card

    def action_cs_send_loyalty_card(self):
        card = self._cs_membership_card()
        kind = self.channel_id.cs_kind
        card.action_cs_send_card("sms" if kind == "sms" else None)
        self.message_post(
            body=self.env._(
                "Membership card %(code)s sent to the customer.", code=card.code
            )
        )
        return True
