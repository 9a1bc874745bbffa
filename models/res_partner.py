from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_address_form_id = fields.Many2one(
        "cs.address.form",
        string="Form of Address",
        help="How the customer-service team addresses this contact (Sr., Sra., Dr.…).",
    )

    def _cs_check_consent(self, purpose, channel, raise_if_missing=False):
        """Tell whether this contact may get messages for ``purpose`` on ``channel``.

        ``purpose`` is the code of a processing purpose ("service", "survey",
        "commercial", "loyalty", "profiling"); ``channel`` is "email", "sms" or
        "phone". With ``raise_if_missing`` a refusal raises a UserError naming the
        missing consent. Every sender of surveys, loyalty and commercial messages calls
        this one method; the GDPR feature decides the answer.
        """
        self.ensure_one()
        return True

    # --- Document intake ---
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
