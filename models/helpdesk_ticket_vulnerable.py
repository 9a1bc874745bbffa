from datetime import timedelta

from odoo import fields, models
from odoo.fields import Domain

from ..tools.deadlines import add_days, applicable_holidays
from .cs_vulnerability import ACCESSIBLE_CHANNELS


class HelpdeskTicketVulnerable(models.Model):
    _inherit = "helpdesk.ticket"

    # Only the effects are on the demand: the category and its basis stay on the
    # protected record.
    cs_attention_first = fields.Boolean(
        string="Personal Attention First",
        readonly=True,
        copy=False,
        help="The customer needs special attention: offer a person first, not "
        "automated answers.",
    )
    cs_accessible_channel = fields.Selection(
        ACCESSIBLE_CHANNELS,
        string="Accessible Channel",
        readonly=True,
        copy=False,
    )
    cs_vulnerable_deadline = fields.Date(
        string="Internal Deadline",
        readonly=True,
        copy=False,
        help="Shorter internal target for customers needing special attention, in "
        "business days (company setting). The legal term is apart.",
    )

    def _cs_vulnerability_domain(self):
        """Records of the customers of these demands that apply to them, or None."""
        # sudo: read as the stored related commercial_partner_id reads it, without
        # record rules (the customer is read once, for both).
        with_partner = self.sudo().filtered("partner_id")
        if not with_partner:
            return None
        partners = (
            with_partner.partner_id | with_partner.partner_id.commercial_partner_id
        )
        return Domain("partner_id", "in", partners.ids) & Domain(
            "company_id", "in", with_partner.company_id.ids
        )

    def _cs_apply_vulnerability(self, records=None):
        """Set priority, attention path and internal deadline for demands of
        customers recorded as vulnerable, in a fixed number of queries.

        ``records``: their cs.vulnerability records when already looked up (the
        creation steps look them up with the follow-ups, see _cs_after_create).
        """
        with_partner = self.filtered("partner_id")
        if records is None:
            domain = self._cs_vulnerability_domain()
            # sudo: the effects apply whoever creates the demand (portal, mail
            # gateway); only the channel preference leaves the protected record.
            records = (
                self.env["cs.vulnerability"].sudo().search(domain)
                if domain is not None
                else self.env["cs.vulnerability"]
            )
        if not records:
            return
        by_key = {(r.partner_id.id, r.company_id.id): r for r in records}
        first = fields.Date.context_today(self)
        holidays = self._cs_public_holidays(
            with_partner.company_id, first, first + timedelta(days=120)
        )
        for ticket in with_partner:
            company = ticket.company_id
            record = by_key.get((ticket.partner_id.id, company.id)) or by_key.get(
                (ticket.partner_id.commercial_partner_id.id, company.id)
            )
            if not record:
                continue
            vals = {
                "cs_attention_first": True,
                "cs_accessible_channel": record.accessible_channel,
                "priority": max(ticket.priority or "0", "2"),
            }
            days = company.cs_vulnerable_deadline_days
            if days > 0:
                partner = ticket.sudo().partner_id
                places = {
                    (company.country_id.id, company.state_id.id),
                    (partner.country_id.id, partner.state_id.id),
                }
                start = fields.Date.context_today(ticket, ticket.create_date)
                vals["cs_vulnerable_deadline"] = add_days(
                    start,
                    days,
                    "business",
                    applicable_holidays(holidays.get(company.id, []), places),
                )
            # sudo: a portal or mail-gateway creator may not write these fields.
            ticket.sudo().write(vals)
