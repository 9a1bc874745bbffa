from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsFollowupPlanStep(models.Model):
    _name = "cs.followup.plan.step"
    _description = "Follow-up Plan Step"
    _order = "plan_id, day_offset, sequence, id"

    name = fields.Char(required=True, translate=True)
    plan_id = fields.Many2one("cs.followup.plan", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    day_offset = fields.Integer(
        string="Day", required=True, help="Days after the start of the follow-up."
    )
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("phone", "Phone call")],
        required=True,
        default="email",
    )
    purpose = fields.Selection(
        [
            ("commercial", "Commercial"),
            ("survey", "Satisfaction Survey"),
            ("loyalty", "Loyalty"),
        ],
        required=True,
        compute="_compute_purpose",
        store=True,
        precompute=True,
        readonly=False,
        help="Consent the customer must have given for this step to run.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "cs.followup")],
    )
    sms_template_id = fields.Many2one(
        "sms.template", string="SMS Template", domain=[("model", "=", "cs.followup")]
    )
    call_script = fields.Html(
        translate=True, help="What the agent says on the phone call."
    )
    ask_rating = fields.Boolean(
        string="Ask for Satisfaction",
        help="The message carries one-tap rating links.",
    )
    ask_fitness = fields.Boolean(
        string="Ask Whether the Product Does the Job",
    )

    _day_offset_positive = models.Constraint(
        "CHECK(day_offset >= 0)", "The day of a step cannot be negative."
    )

    @api.depends("ask_rating", "ask_fitness", "plan_id.trigger")
    def _compute_purpose(self):
        for step in self:
            if step.ask_rating or step.ask_fitness:
                step.purpose = "survey"
            elif step.plan_id.trigger == "loyalty":
                step.purpose = "loyalty"
            else:
                step.purpose = step.purpose or "commercial"

    @api.constrains("channel", "mail_template_id", "sms_template_id")
    def _check_template(self):
        for step in self:
            if step.channel == "email" and not step.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s sends an e-mail: choose its e-mail template.",
                        step=step.name,
                    )
                )
            if step.channel == "sms" and not step.sms_template_id:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s sends an SMS: choose its SMS template.",
                        step=step.name,
                    )
                )
