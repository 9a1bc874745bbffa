from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .helpdesk_ticket_complaint import FORMAL_KINDS


class ResPartnerServiceHold(models.Model):
    _inherit = "res.partner"

    cs_service_hold = fields.Boolean(
        string="Service Must Not Be Suspended",
        compute="_compute_cs_service_hold",
        search="_search_cs_service_hold",
        help="A complaint or claim of this customer is pending: Ley 10/2025 forbids "
        "suspending the service while it is not answered. A supervisor may lift the "
        "hold with a reason; a new complaint sets it again.",
    )
    cs_service_hold_reason = fields.Char(
        string="Suspension Hold Reason", compute="_compute_cs_service_hold"
    )
    cs_service_hold_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Pending Complaints",
        compute="_compute_cs_service_hold",
    )

    @api.model
    def _cs_service_hold_tickets(self, commercial_partners=None):
        """Pending complaints and claims of ``commercial_partners`` (of everyone
        with None) not covered by a lift, in two queries whatever their number."""
        domain = Domain("cs_request_kind", "in", list(FORMAL_KINDS)) & Domain(
            "stage_id.closed", "=", False
        )
        if commercial_partners is not None:
            if not commercial_partners:
                return self.env["helpdesk.ticket"]
            domain &= Domain("commercial_partner_id", "in", commercial_partners.ids)
        # sudo: the hold protects the customer whoever asks (accounting, a cron,
        # another module); the answer names only the demands' references.
        tickets = (
            self.env["helpdesk.ticket"].sudo().search(domain, order="create_date, id")
        )
        if not tickets:
            return tickets
        lifted = (
            self.env["cs.service.hold.lift"]
            .sudo()
            .search([("ticket_ids", "in", tickets.ids)])
            .ticket_ids
        )
        return tickets - lifted

    @api.depends_context("uid")
    def _compute_cs_service_hold(self):
        partners = self.filtered("id")
        tickets = self._cs_service_hold_tickets(partners.commercial_partner_id)
        by_partner = {}
        for ticket in tickets:
            by_partner.setdefault(ticket.commercial_partner_id.id, []).append(ticket.id)
        for partner in self:
            ids = by_partner.get(partner.commercial_partner_id.id, [])
            pending = tickets.browse(ids).with_env(self.env)
            partner.cs_service_hold = bool(ids)
            partner.cs_service_hold_ticket_ids = pending
            partner.cs_service_hold_reason = (
                self.env._(
                    "Pending complaint or claim: %(demands)s",
                    demands=", ".join(pending.sudo().mapped("display_name")),
                )
                if ids
                else False
            )

    def _search_cs_service_hold(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        commercial = self._cs_service_hold_tickets().commercial_partner_id
        held = Domain("commercial_partner_id", "in", commercial.ids)
        positive = (operator == "in") == (True in value)
        return held if positive else ~held

    def _cs_service_suspension_allowed(self):
        """Whether the service of this contact may be suspended now.

        Returns ``(True, "")`` or ``(False, reason)``, where ``reason`` is a
        translated sentence naming the pending complaints. Ley 10/2025 forbids
        suspending the service (cutting a supply, stopping the contract, sending
        the debt to dunning) while a complaint or claim on it is pending. Any
        module that suspends, blocks or reminds a debt should ask this first; the
        answer is for the contact's commercial entity, so a company and its
        contacts share it.
        """
        self.ensure_one()
        if self.cs_service_hold:
            return False, self.env._(
                "The service of %(customer)s must not be suspended: a complaint or "
                "claim is pending (%(demands)s).",
                customer=self.commercial_partner_id.display_name,
                demands=", ".join(
                    self.cs_service_hold_ticket_ids.sudo().mapped("display_name")
                ),
            )
        return True, ""

    def write(self, vals):
        # Archiving is how a contact is blocked in Community: refused while the
        # service may not be suspended. Erasure archives too, and is allowed.
        if "active" in vals and not vals["active"] and "cs_erased_date" not in vals:
            for partner in self.filtered("active"):
                allowed, reason = partner._cs_service_suspension_allowed()
                if not allowed:
                    raise UserError(
                        self.env._(
                            "%(contact)s cannot be archived. %(reason)s Lift the "
                            "hold first if the law allows it.",
                            contact=partner.display_name,
                            reason=reason,
                        )
                    )
        return super().write(vals)

    def action_cs_lift_service_hold(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lift Suspension Hold"),
            "res_model": "cs.service.hold.lift.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
