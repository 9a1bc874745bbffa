from odoo import api, fields, models

from .cs_escalation_rule import LEVELS


class CsEscalationHistory(models.Model):
    _name = "cs.escalation.history"
    _description = "Escalation History"
    _order = "date desc, id desc"
    # Append-only: ``date`` and ``user_id`` say when and by whom. Without the
    # create/write columns, a pass that logs thousands of rows checks two foreign
    # keys less per row.
    _log_access = False

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index="btree_not_null"
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team", readonly=True, index="btree_not_null"
    )
    kind = fields.Selection(
        [
            ("rule", "Rule"),
            ("manual", "Manual"),
            ("scope", "Out of scope"),
            ("deescalation", "De-escalation"),
        ],
        required=True,
        readonly=True,
    )
    level_from = fields.Selection(LEVELS, string="From Level", readonly=True)
    level = fields.Selection(LEVELS, required=True, readonly=True)
    rule_id = fields.Many2one(
        "cs.escalation.rule", readonly=True, ondelete="set null", index="btree_not_null"
    )
    user_id = fields.Many2one(
        "res.users",
        string="By",
        readonly=True,
        default=lambda self: self.env.user,
        index="btree_not_null",
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now, required=True)
    reason = fields.Text(readonly=True)

    def _cs_gdpr_tickets(self, partner):
        # The person's own tickets only: colleagues of the same company are other
        # data subjects.
        return self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)

    @api.model
    def _cs_gdpr_export(self, partner):
        # sudo: the export gathers everything held on the contact, whoever escalated.
        history = self.sudo().search(
            [("ticket_id", "in", self._cs_gdpr_tickets(partner).ids)]
        )
        return [
            {
                "ticket": entry.ticket_id.display_name,
                "date": fields.Datetime.to_string(entry.date),
                "kind": entry.kind,
                "level_from": entry.level_from,
                "level": entry.level,
                "rule": entry.rule_id.name or "",
                "reason": entry.reason or "",
            }
            for entry in history
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        # sudo: the history is read-only for users; erasure blanks the free-text reason.
        history = self.sudo().search(
            [
                ("ticket_id", "in", self._cs_gdpr_tickets(partner).ids),
                ("reason", "!=", False),
            ]
        )
        if not dry_run:
            history.write({"reason": False})
        return {
            "changed": len(history),
            "kept": [
                self.env._(
                    "Escalation levels and dates are kept, without the reasons, as "
                    "records of the service given."
                )
            ]
            if history
            else [],
        }
