from odoo import api, fields, models


class CsSatisfactionAction(models.Model):
    _name = "cs.satisfaction.action"
    _description = "Improvement Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id"

    name = fields.Char(string="Proposal", required=True, tracking=True)
    report_id = fields.Many2one(
        "cs.satisfaction.report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    owner_id = fields.Many2one("res.users", required=True, tracking=True)
    date_deadline = fields.Date(string="Due Date", required=True, tracking=True)
    state = fields.Selection(
        [
            ("todo", "To do"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
        tracking=True,
    )
    description = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        for action in actions:
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_deadline,
                summary=action.name,
                user_id=action.owner_id.id,
            )
        return actions
