from odoo import api, fields, models


class CsServiceHoldLiftWizard(models.TransientModel):
    _name = "cs.service.hold.lift.wizard"
    _description = "Lift Suspension Hold"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Pending Complaints",
        compute="_compute_ticket_ids",
    )
    reason = fields.Text(
        required=True,
        help="Why the service may be suspended despite the pending complaints, "
        "e.g. the complaint is about another cause.",
    )

    @api.depends("partner_id")
    def _compute_ticket_ids(self):
        for wizard in self:
            wizard.ticket_ids = wizard.partner_id.cs_service_hold_ticket_ids

    def action_lift(self):
        self.ensure_one()
        self.env["cs.service.hold.lift"].create(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "ticket_ids": [(6, 0, self.partner_id.cs_service_hold_ticket_ids.ids)],
                "reason": self.reason,
                "company_id": self.env.company.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
