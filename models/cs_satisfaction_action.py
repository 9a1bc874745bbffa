from odoo import api, fields, models
from odoo.exceptions import AccessError

# What the owner of a proposal updates without being a supervisor: its progress.
# The chatter also writes the main attachment when a file is posted.
OWNER_WRITABLE = {"state", "progress_note", "message_main_attachment_id"}


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
    progress_note = fields.Text(
        string="Progress",
        tracking=True,
        help="What has been done so far, written by the owner.",
    )
    cs_can_manage = fields.Boolean(
        string="Can Manage", compute="_compute_cs_can_manage"
    )

    def _compute_cs_can_manage(self):
        self.cs_can_manage = self._cs_is_manager()

    def _cs_is_manager(self):
        return self.env.su or self.env.user.has_group(
            "customer_service.group_cs_supervisor"
        )

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

    def write(self, vals):
        if set(vals) - OWNER_WRITABLE and not self._cs_is_manager():
            raise AccessError(
                self.env._(
                    "As the owner of an improvement proposal you can update its "
                    "state and progress. Ask a supervisor to change its title, "
                    "owner, due date or description."
                )
            )
        return super().write(vals)
