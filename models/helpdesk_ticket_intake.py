from odoo import fields, models


class HelpdeskTicketIntake(models.Model):
    _inherit = "helpdesk.ticket"

    cs_intake_ids = fields.One2many("cs.intake", "ticket_id", string="Intakes")
    cs_intake_count = fields.Integer(
        string="Intake Count", compute="_compute_cs_related_counts"
    )

    def action_cs_open_intakes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_service.cs_intake_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_cs_register_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.intake",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_ticket_id": self.id},
        }

    def action_cs_mass_search(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.search.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_query": self.name,
                "default_ticket_id": self.id,
            },
        }
