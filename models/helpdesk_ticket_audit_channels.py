from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .helpdesk_ticket_tracking_key import DEMAND_KINDS


class HelpdeskTicketAuditChannels(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _cs_audit_section_channels(self, company, date_from, date_to):
        """Ley 10/2025 audit: demands by kind and channel, and acknowledgements.

        A demand is a ticket of the company whose request type is a query,
        incident, complaint or claim, created between date_from and date_to
        (both days included, in the user's time zone, as Odoo reads dates
        compared with datetimes in a domain).
        """
        Ticket = self.with_context(active_test=False)
        domain = Domain("company_id", "=", company.id) & Domain(
            "cs_request_kind", "in", DEMAND_KINDS
        )
        if date_from:
            domain &= Domain("create_date", ">=", date_from)
        if date_to:
            domain &= Domain("create_date", "<", _next_day(date_to))
        kinds = dict(self._fields["cs_request_kind"]._description_selection(self.env))
        groups = Ticket._read_group(
            domain,
            ["cs_request_kind", "channel_id", "cs_ack_mode"],
            ["id:recordset"],
            order="cs_request_kind, channel_id",
        )
        by_pair = {}
        for kind, channel, _mode, tickets in groups:
            by_pair.setdefault((kind, channel), Ticket.browse())
            by_pair[(kind, channel)] |= tickets
        figures = []
        all_demands = Ticket.browse()
        for (kind, channel), tickets in by_pair.items():
            all_demands |= tickets
            figures.append(
                {
                    "label": self.env._(
                        "%(kind)s by %(channel)s",
                        kind=kinds.get(kind, kind),
                        channel=channel.name or self.env._("no channel"),
                    ),
                    "value": len(tickets),
                    "records": tickets,
                }
            )
        acknowledged = Ticket.browse().union(
            *(tickets for _k, _c, mode, tickets in groups if mode)
        )
        share = (
            round(100.0 * len(acknowledged) / len(all_demands), 1)
            if all_demands
            else 0.0
        )
        figures += [
            {
                "label": self.env._("Demands"),
                "value": len(all_demands),
                "records": all_demands,
            },
            {
                "label": self.env._("Demands acknowledged with their key"),
                "value": len(acknowledged),
                "records": acknowledged,
            },
            {
                "label": self.env._("Share acknowledged (%)"),
                "value": share,
                "records": acknowledged,
            },
        ]
        return {
            "key": "channels",
            "title": self.env._("Demands by kind and channel"),
            "definition": self.env._(
                "Queries, incidents, service complaints and claims created in the "
                "period, counted by request type and by the channel they came in "
                "on. A demand is acknowledged when the acknowledgement with its "
                "tracking key was sent or said on that channel; the share is "
                "acknowledged demands over all demands of the period."
            ),
            "figures": figures,
        }


def _next_day(day):
    return fields.Date.to_date(day) + timedelta(days=1)
