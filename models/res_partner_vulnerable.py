from odoo import api, fields, models


class ResPartnerVulnerable(models.Model):
    _inherit = "res.partner"

    cs_vulnerability_ids = fields.One2many(
        "cs.vulnerability",
        "partner_id",
        string="Vulnerability",
        groups="customer_service.group_cs_agent,customer_service.group_cs_dpo,"
        "customer_service.group_cs_vulnerable",
    )
    cs_vulnerable = fields.Boolean(
        string="Vulnerable Customer",
        compute="_compute_cs_vulnerable",
        groups="customer_service.group_cs_agent,customer_service.group_cs_dpo,"
        "customer_service.group_cs_vulnerable",
        help="Recorded as a vulnerable consumer (Ley 4/2022): higher priority, "
        "personal attention first and a shorter internal deadline.",
    )

    @api.depends("cs_vulnerability_ids")
    def _compute_cs_vulnerable(self):
        # Record rules apply: an agent sees the flag only on their customers.
        for partner in self:
            partner.cs_vulnerable = bool(partner.cs_vulnerability_ids)

    def action_cs_vulnerability(self):
        self.ensure_one()
        record = self.cs_vulnerability_ids[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Vulnerable Customer"),
            "res_model": "cs.vulnerability",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": record.id,
            "context": {"default_partner_id": self.id},
        }
