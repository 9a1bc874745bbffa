from odoo import api, fields, models, tools
from odoo.exceptions import UserError


class HelpdeskTicketGdpr(models.Model):
    _inherit = "helpdesk.ticket"
    cs_collection_checklist = fields.Html(
        string="Data Collection Checklist",
        compute="_compute_cs_collection_checklist",
        sanitize=False,
        help="Contact data the channel's collection procedure asks for.",
    )

    @api.depends(
        "channel_id",
        "partner_id",
        "partner_id.email",
        "partner_id.phone",
        "partner_id.vat",
        "partner_id.name",
    )
    def _compute_cs_collection_checklist(self):
        # Rendered once per channel, filled fields and language, then cached.
        for ticket in self:
            ticket.cs_collection_checklist = (
                ticket.channel_id._cs_collection_checklist_html(ticket.partner_id)
            )

    def _cs_gdpr_tickets(self, partner):
        """The contact's tickets. Within one erasure (``cs_gdpr_cache`` in the
        context) the lookup runs once for every model that reaches the tickets:
        erasure blanks tickets but never deletes them."""
        cache = self.env.context.get("cs_gdpr_cache")
        key = ("helpdesk.ticket", tuple(partner.ids))
        if cache is not None and key in cache:
            return cache[key]
        tickets = (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partner.ids)])
        )
        if cache is not None:
            cache[key] = tickets
        return tickets

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "number": t.number,
                "subject": t.name,
                "description": tools.html2plaintext(t.description or ""),
                "channel": t.channel_id.name or "",
                "team": t.team_id.name or "",
                "stage": t.stage_id.name or "",
                "created_on": fields.Datetime.to_string(t.create_date),
                "closed_on": fields.Datetime.to_string(t.closed_date) or "",
                "contact_name": t.partner_name or "",
                "contact_email": t.partner_email or "",
            }
            for t in self._cs_gdpr_tickets(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        tickets = self._cs_gdpr_tickets(partner)
        if not dry_run and tickets:
            tickets = tickets.with_context(
                tracking_disable=True, cs_farewell_checked=True
            )
            tickets.write(
                {
                    "description": f"<p>{self.env._('[erased]')}</p>",
                    "partner_name": False,
                    "partner_email": False,
                }
            )
            # One UPDATE for the subjects, which differ by number; the stored fields
            # computed from the subject follow.
            prefix, suffix = self.env._(
                "Erased ticket %(number)s", number="\x00"
            ).split("\x00")
            tickets.flush_recordset(["name"])
            self.env.cr.execute(
                tools.SQL(
                    "UPDATE helpdesk_ticket SET name = %s || COALESCE(number, '') "
                    "|| %s WHERE id = ANY(%s)",
                    prefix,
                    suffix,
                    tickets.ids,
                )
            )
            tickets.invalidate_recordset(["name"])
            tickets.modified(["name"])
        kept = []
        if tickets:
            kept.append(
                self.env._(
                    "%(count)s tickets without subject, text or contact details: "
                    "dates, channel, team and stage stay for service statistics.",
                    count=len(tickets),
                )
            )
        return {"changed": len(tickets), "kept": kept}

    def action_cs_greet(self):
        # The collection procedure comes with the first contact: it cannot be skipped.
        for ticket in self:
            if not (ticket.channel_id and ticket.partner_id):
                continue
            missing = ticket.channel_id._cs_missing_required(ticket.partner_id)
            if missing:
                raise UserError(
                    self.env._(
                        "Before greeting, collect what the %(channel)s procedure "
                        "requires: %(fields)s. Use “Collect contact data”.",
                        channel=ticket.channel_id.name,
                        fields=", ".join(missing),
                    )
                )
        return super().action_cs_greet()

    def action_cs_collect_data(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("Set the contact of the ticket first."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collect contact data"),
            "res_model": "cs.collection.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_channel_id": self.channel_id.id,
            },
        }
