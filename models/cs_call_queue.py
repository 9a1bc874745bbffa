from odoo import fields, models


class CsCallQueue(models.Model):
    _name = "cs.call.queue"
    _description = "Phone Queue"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char(
        required=True,
        index=True,
        help="The queue as the PBX names it: Asterisk's queue or context, 3CX's "
        "queue extension.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        check_company=True,
        index="btree_not_null",
        help="Agents of this team see the queue's calls.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    _code_company_unique = models.Constraint(
        "UNIQUE(company_id, code)",
        "Each queue code is used once per company.",
    )
