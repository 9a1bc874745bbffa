from odoo import api, fields, models

TRIGGERS = [
    ("invoice", "Posted Customer Invoice"),
    ("ticket_closed", "Closed Ticket"),
    ("loyalty", "Loyalty Enrolment"),
    ("manual", "Manual Start"),
]


class CsFollowupPlan(models.Model):
    _name = "cs.followup.plan"
    _description = "Follow-up Plan"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    trigger = fields.Selection(TRIGGERS, required=True, default="manual")
    step_ids = fields.One2many("cs.followup.plan.step", "plan_id", string="Steps")
    stop_on_reply = fields.Boolean(
        string="Stop When the Customer Replies", default=True
    )
    stop_on_ticket = fields.Boolean(
        string="Stop When a Ticket Is Opened",
        default=True,
        help="A new ticket of the customer stops the follow-up: the ticket takes "
        "over the conversation.",
    )
    auto_incident = fields.Boolean(
        string="Open Ticket on Negative Answer",
        default=True,
        help="An unhappy rating or a product that does not do the job opens a "
        "post-sale ticket automatically.",
    )
    incident_team_id = fields.Many2one("helpdesk.ticket.team")
    followup_count = fields.Integer(compute="_compute_followup_count")

    def _compute_followup_count(self):
        counts = dict(
            self.env["cs.followup"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.followup_count = counts.get(plan, 0)

    @api.model
    def _cs_trigger(self, trigger, partners, **origin):
        """Start the active plans of ``trigger`` for ``partners``.

        ``origin`` may hold invoice, ticket, card and product records stored on the
        follow-ups. One running follow-up per partner, plan and origin document.
        """
        partners = partners.filtered("active")
        if not partners:
            return self.env["cs.followup"]
        plans = self.search([("trigger", "=", trigger), ("step_ids", "!=", False)])
        vals_list = []
        for partner in partners:
            company = origin.get("company") or partner.company_id or self.env.company
            for plan in plans.filtered(lambda p, c=company: p.company_id == c):
                vals_list.append(plan._cs_followup_values(partner, origin))
        return self.env["cs.followup"].create(vals_list)

    def _cs_followup_values(self, partner, origin):
        self.ensure_one()
        invoice = origin.get("invoice")
        product = origin.get("product")
        if invoice and not product:
            product = invoice.invoice_line_ids.product_id[:1]
        return {
            "plan_id": self.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "invoice_id": invoice.id if invoice else False,
            "ticket_id": origin["ticket"].id if origin.get("ticket") else False,
            "card_id": origin["card"].id if origin.get("card") else False,
            "product_id": product.id if product else False,
        }
