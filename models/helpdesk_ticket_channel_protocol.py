from odoo import api, fields, models, tools

from .cs_form_read_stamp import stamp_rows


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    cs_protocol_stamp = fields.Integer(
        string="Service Protocols Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever a service protocol of this channel changes: the "
        "ticket form looks the channel's protocols up in a cache keyed on it.",
    )

    def _cs_protocol_stamp(self):
        """New stamp on these channels, whose protocols just changed: their
        protocols are looked up under a new key and no cache is cleared."""
        stamp_rows(self.env, self._table, self.ids, "cs_protocol_stamp")
        self.invalidate_recordset(["cs_protocol_stamp"])

    @api.model
    @tools.ormcache("channel_id", "stamp", "self.env.lang")
    def _cs_protocol_candidates(self, channel_id, stamp):
        """((protocol id, team id, language, company id, name), ...) of the
        channel's active protocols in sequence order, for tools.protocol_match; the
        name in the context's language, which the form shows."""
        # sudo: the protocols are configuration every agent follows; the ticket's
        # company is matched by the caller, as the company rule would.
        protocols = (
            self.env["cs.service.protocol"]
            .sudo()
            .search_fetch(
                [("channel_id", "=", channel_id)],
                ["team_id", "lang", "company_id", "name"],
            )
        )
        return tuple(
            (
                protocol.id,
                protocol.team_id.id,
                protocol.lang,
                protocol.company_id.id,
                protocol.name,
            )
            for protocol in protocols
        )
