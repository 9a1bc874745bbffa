from odoo import fields, models


class ResPartnerIntake(models.Model):
    _inherit = "res.partner"

    cs_intake_ids = fields.One2many("cs.intake", "partner_id", string="Intakes")
    cs_intake_count = fields.Integer(
        string="Intake Count", compute="_compute_cs_intake_count"
    )

    def _compute_cs_intake_count(self):
        for partner in self:
            partner.cs_intake_count = len(partner.cs_intake_ids)

    def action_cs_open_intakes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_service.cs_intake_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
