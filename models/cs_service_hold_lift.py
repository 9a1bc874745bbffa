from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .helpdesk_ticket_complaint import FORMAL_KINDS


class CsServiceHoldLift(models.Model):
    """A supervisor's decision to lift the no-suspension hold of a customer.

    The lift covers the complaints pending when it was made: a later complaint
    sets the hold again.
    """

    _name = "cs.service.hold.lift"
    _description = "Suspension Hold Lift"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "cs_service_hold_lift_ticket_rel",
        "lift_id",
        "ticket_id",
        string="Complaints Covered",
        readonly=True,
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Lifted By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        string="Lifted On", required=True, readonly=True, default=fields.Datetime.now
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.model_create_multi
    def create(self, vals_list):
        lifts = super().create(vals_list)
        for lift in lifts:
            if not lift.reason or not lift.reason.strip():
                raise UserError(self.env._("Give the reason for lifting the hold."))
            if not lift.ticket_ids:
                raise UserError(
                    self.env._(
                        "%(customer)s has no pending complaint: there is no hold "
                        "to lift.",
                        customer=lift.partner_id.display_name,
                    )
                )
            # sudo: the supervisor's decision is logged on the contact even without
            # write rights on it; the chatter is the audit trail.
            lift.partner_id.sudo().message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Suspension hold lifted by %(user)s for %(demands)s.",
                        user=lift.user_id.name,
                        demands=", ".join(lift.ticket_ids.mapped("display_name")),
                    ),
                    lift.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return lifts

    # GDPR: the reason may describe the person; the decision itself is kept.
    @api.model
    def _cs_gdpr_export(self, partner):
        lifts = self.search([("partner_id", "=", partner.id)])
        return [
            {
                "id": lift.id,
                "date": fields.Datetime.to_string(lift.date),
                "reason": lift.reason,
                "complaints": ", ".join(lift.ticket_ids.mapped("display_name")),
            }
            for lift in lifts
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        lifts = self.search([("partner_id", "in", partner.ids)])
        if not dry_run and lifts:
            lifts.write({"reason": self.env._("Erased")})
        return {"changed": len(lifts), "kept": []}

    @api.model
    def _cs_audit_section_suspension(self, company, date_from, date_to):
        """Customers protected by the no-suspension hold in the period, and lifts."""
        Ticket = self.env["helpdesk.ticket"]
        Ticket.flush_model(
            ["company_id", "commercial_partner_id", "cs_request_kind", "closed_date"]
        )
        # A complaint protects its customer from its creation until it is closed.
        self.env.cr.execute(
            SQL(
                """
                SELECT t.id, t.commercial_partner_id
                  FROM helpdesk_ticket t
                 WHERE t.company_id = %(company)s
                   AND t.cs_request_kind = ANY(%(kinds)s)
                   AND t.commercial_partner_id IS NOT NULL
                   AND t.create_date < %(end)s
                   AND (t.closed_date IS NULL OR t.closed_date >= %(start)s)
                """,
                company=company.id,
                kinds=list(FORMAL_KINDS),
                start=date_from,
                end=fields.Date.add(date_to, days=1),
            )
        )
        rows = self.env.cr.fetchall()
        tickets = Ticket.browse([row[0] for row in rows])
        customers = len({row[1] for row in rows})
        lifts = self.search(
            [
                ("company_id", "=", company.id),
                ("date", ">=", date_from),
                ("date", "<", fields.Date.add(date_to, days=1)),
            ]
        )
        return {
            "key": "suspension",
            "title": self.env._("Service suspension holds"),
            "definition": self.env._(
                "A customer is under a no-suspension hold from the creation of a "
                "complaint or claim until it is closed (Ley 10/2025). Customers "
                "held: distinct customers with such a demand open at some time in "
                "the period. Lifts: holds lifted by a supervisor in the period, with "
                "the reason recorded."
            ),
            "figures": [
                {
                    "label": self.env._("Customers under a hold"),
                    "value": customers,
                    "records": tickets,
                },
                {
                    "label": self.env._("Complaints and claims protecting them"),
                    "value": len(tickets),
                    "records": tickets,
                },
                {
                    "label": self.env._("Holds lifted by a supervisor"),
                    "value": len(lifts),
                    "records": lifts,
                },
            ],
        }

    @api.depends("date")
    def _compute_display_name(self):
        # A reference for the auditor that names no customer.
        for lift in self:
            lift.display_name = self.env._(
                "Hold lift %(id)s of %(date)s",
                id=lift.id,
                date=fields.Date.to_string(lift.date.date()) if lift.date else "",
            )
