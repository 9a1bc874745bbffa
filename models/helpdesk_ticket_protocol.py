from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools.i18n_scope import addressee
from ..tools.opening_hours import opening_hours_text
from ..tools.protocol_match import best_protocol

# How a rendered greeting or farewell reaches the customer, by channel kind.
DELIVERY_BY_KIND = {
    "email": "email",
    "sms": "sms",
    "phone": "log",
    "in_person": "log",
}


class HelpdeskTicketProtocol(models.Model):
    _inherit = "helpdesk.ticket"

    cs_channel_kind = fields.Selection(
        related="channel_id.cs_kind", string="Channel Kind"
    )
    cs_protocol_id = fields.Many2one(
        "cs.service.protocol",
        string="Service Protocol",
        compute="_compute_cs_protocol_id",
        help="Protocol of the ticket's channel for its team and the customer's "
        "language.",
    )
    cs_greeting_preview = fields.Text(
        string="Greeting", compute="_compute_cs_script_previews"
    )
    cs_farewell_preview = fields.Text(
        string="Farewell", compute="_compute_cs_script_previews"
    )
    cs_first_contact_date = fields.Datetime(
        string="First Contact", readonly=True, copy=False, tracking=True
    )
    cs_first_contact_user_id = fields.Many2one(
        "res.users",
        string="First Contact By",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    cs_first_response_hours = fields.Float(
        string="Hours to First Contact",
        compute="_compute_cs_first_response_hours",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    cs_farewell_done = fields.Boolean(
        string="Farewell Done", readonly=True, copy=False, tracking=True
    )
    cs_farewell_date = fields.Datetime(
        string="Farewell Date", readonly=True, copy=False
    )
    cs_salutation = fields.Char(
        string="Salutation", compute="_compute_cs_placeholder_values"
    )
    cs_customer_name = fields.Char(
        string="Customer Name", compute="_compute_cs_placeholder_values"
    )
    cs_addressee = fields.Char(
        string="Addressee",
        compute="_compute_cs_placeholder_values",
        help="Form of address and name, e.g. Sra. Martínez.",
    )
    cs_agent_name = fields.Char(
        string="Agent Name",
        compute="_compute_cs_placeholder_values",
        help="Name of the user who greets or closes, not of the assigned user.",
    )
    cs_opening_hours = fields.Char(
        string="Opening Hours", compute="_compute_cs_placeholder_values"
    )

    # ------------------------------------------------------------------
    # Placeholders
    # ------------------------------------------------------------------

    @api.model
    def _cs_placeholders(self):
        """Placeholders offered to protocol authors, in the order they are listed."""
        return [
            "object.cs_addressee",
            "object.cs_salutation",
            "object.cs_customer_name",
            "object.cs_agent_name",
            "object.company_id.name",
            "object.number",
            "object.name",
            "object.channel_id.name",
            "object.cs_opening_hours",
        ]

    def mail_allowed_qweb_expressions(self):
        return tuple(
            dict.fromkeys(
                super().mail_allowed_qweb_expressions() + tuple(self._cs_placeholders())
            )
        )

    def _cs_customer_lang(self):
        self.ensure_one()
        return self.partner_id.lang or self.env.lang or "en_US"

    @api.depends_context("lang", "uid")
    @api.depends(
        "partner_id.name",
        "partner_id.cs_address_form_id",
        "partner_name",
        "channel_id.cs_calendar_id",
    )
    def _compute_cs_placeholder_values(self):
        day_names = dict(
            self.env["resource.calendar.attendance"]
            ._fields["dayofweek"]
            ._description_selection(self.env)
        )
        short_days = {int(key): label[:3] for key, label in day_names.items()}
        agent_name = self.env.user.name
        # One text per calendar for the whole recordset, not per ticket.
        hours_by_calendar = {}
        for ticket in self:
            form = ticket.partner_id.cs_address_form_id
            ticket.cs_salutation = form.shortcut or form.name or ""
            ticket.cs_customer_name = (
                ticket.partner_id.name or ticket.partner_name or ""
            )
            ticket.cs_addressee = addressee(
                ticket.cs_salutation, ticket.cs_customer_name, self.env.lang
            )
            # The agent who greets or closes speaks, not the one the ticket is
            # assigned to (a supervisor stepping in, a colleague covering).
            ticket.cs_agent_name = agent_name
            calendar = ticket.channel_id.cs_calendar_id
            if calendar not in hours_by_calendar:
                hours_by_calendar[calendar] = (
                    opening_hours_text(
                        [
                            (att.dayofweek, att.hour_from, att.hour_to)
                            for att in calendar.attendance_ids
                            if att.day_period != "lunch" and not att.display_type
                        ],
                        short_days,
                    )
                    if calendar
                    else ""
                )
            ticket.cs_opening_hours = hours_by_calendar[calendar]

    # ------------------------------------------------------------------
    # Protocol and scripts
    # ------------------------------------------------------------------

    @api.depends("channel_id", "team_id", "partner_id.lang", "company_id")
    def _compute_cs_protocol_id(self):
        # The channel's protocols come from a cache keyed on its protocol stamp.
        Channel = self.env["helpdesk.ticket.channel"]
        Protocol = self.env["cs.service.protocol"]
        name_field = Protocol._fields["name"]
        for ticket in self:
            channel = ticket.channel_id
            rows = (
                Channel._cs_protocol_candidates(
                    channel.id, channel.sudo().cs_protocol_stamp
                )
                if channel
                else ()
            )
            names = {}
            candidates = []
            for protocol_id, team_id, lang, company_id, name in rows:
                if company_id in (ticket.company_id.id, False):
                    candidates.append((protocol_id, team_id, lang))
                    names[protocol_id] = name
            best = best_protocol(
                candidates, ticket.team_id.id, ticket._cs_customer_lang()
            )
            protocol = Protocol.browse(best or [])
            if protocol and not self.env.context.get("prefetch_langs"):
                # The name the form shows, as a fetch would put it in the record
                # cache (never over a value already there): no query for it.
                name_field._insert_cache(protocol, [names[best]])
            ticket.cs_protocol_id = protocol

    @api.depends("cs_protocol_id", "cs_customer_name", "cs_salutation")
    def _compute_cs_script_previews(self):
        greetings = self._cs_scripts("greeting")
        farewells = self._cs_scripts("farewell")
        for ticket in self:
            ticket.cs_greeting_preview = greetings.get(ticket.id, False)
            ticket.cs_farewell_preview = farewells.get(ticket.id, False)

    def _cs_scripts(self, step):
        """The greeting or farewell (``step``) of each ticket's protocol, rendered
        once per protocol and language for the whole recordset: {ticket id: text},
        without the tickets that have no protocol or are not saved yet."""
        batches = {}
        for ticket in self:
            if ticket.cs_protocol_id and ticket.id:
                key = (ticket.cs_protocol_id, ticket._cs_customer_lang())
                batches.setdefault(key, []).append(ticket.id)
        texts = {}
        for (protocol, lang), ids in batches.items():
            texts.update(protocol._render_scripts(step, self.browse(ids), lang))
        return texts

    @api.depends("cs_first_contact_date", "create_date")
    def _compute_cs_first_response_hours(self):
        for ticket in self:
            if ticket.cs_first_contact_date and ticket.create_date:
                delta = ticket.cs_first_contact_date - ticket.create_date
                ticket.cs_first_response_hours = max(0.0, delta.total_seconds() / 3600)
            else:
                ticket.cs_first_response_hours = 0.0

    def _cs_require_protocol(self):
        self.ensure_one()
        if not self.channel_id:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no channel. Set the channel the customer "
                    "used so the right protocol applies.",
                    ticket=self.display_name,
                )
            )
        if not self.cs_protocol_id:
            raise UserError(
                self.env._(
                    "No service protocol applies to channel %(channel)s. Ask a "
                    "supervisor to create one in Helpdesk > Configuration > Service "
                    "Protocols.",
                    channel=self.channel_id.name,
                )
            )
        return self.cs_protocol_id

    def _cs_deliver(self, text, step):
        """Send or log ``text`` on the ticket's channel; ``step`` is greeting/farewell.

        Returns a window action for e-mail when ``step`` opens the composer.
        """
        self.ensure_one()
        self.channel_id._cs_check_length(text)
        kind = self.channel_id.cs_kind
        mode = DELIVERY_BY_KIND.get(kind, "post")
        greeting = step == "greeting"
        if mode == "log":
            self.message_post(
                body=Markup("<p><strong>%s</strong> (%s)</p>%s")
                % (
                    self.env._("Greeting said to the customer")
                    if greeting
                    else self.env._("Farewell said to the customer"),
                    self.channel_id.name,
                    plaintext2html(text),
                ),
                subtype_xmlid="mail.mt_note",
            )
            return None
        if mode == "sms":
            partner = self._cs_sms_partner(step)
            self._message_sms(text, partner_ids=partner.ids)
            return None
        if mode == "email" and step == "greeting":
            return self._cs_email_composer(text)
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer contact to send the greeting "
                    "to. Set the contact and try again.",
                    ticket=self.display_name,
                )
                if greeting
                else self.env._(
                    "Ticket %(ticket)s has no customer contact to send the farewell "
                    "to. Set the contact and try again.",
                    ticket=self.display_name,
                )
            )
        self.message_post(
            body=plaintext2html(text),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
        return None

    def _cs_sms_partner(self, step):
        """The customer to text the greeting or farewell to; refused without phone."""
        self.ensure_one()
        partner = self.partner_id
        greeting = step == "greeting"
        if not partner or not partner.phone_sanitized:
            raise UserError(
                self.env._(
                    "Cannot send the greeting by SMS: the customer of ticket "
                    "%(ticket)s has no valid phone number. Add one to the contact "
                    "and try again.",
                    ticket=self.display_name,
                )
                if greeting
                else self.env._(
                    "Cannot send the farewell by SMS: the customer of ticket "
                    "%(ticket)s has no valid phone number. Add one to the contact "
                    "and try again.",
                    ticket=self.display_name,
                )
            )
        return partner

    def _cs_email_composer(self, text):
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_body": plaintext2html(text),
                "default_partner_ids": self.partner_id.ids,
                "default_subtype_xmlid": "mail.mt_comment",
            },
        }

    def _cs_mark_first_contact(self):
        todo = self.filtered(lambda t: not t.cs_first_contact_date)
        if todo:
            todo.write(
                {
                    "cs_first_contact_date": fields.Datetime.now(),
                    "cs_first_contact_user_id": self.env.user.id,
                }
            )

    def action_cs_greet(self):
        """Greet the customer following the channel's protocol (CR1.1, CR1.4).

        A greeting said aloud is logged at once and an e-mail opens the composer;
        a written one (SMS, chat, posts) opens for review first, with its length
        counted as the agent adapts it.
        """
        self.ensure_one()
        protocol = self._cs_require_protocol()
        mode = DELIVERY_BY_KIND.get(self.channel_id.cs_kind, "post")
        if mode == "sms":
            self._cs_sms_partner("greeting")
        if mode in ("sms", "post"):
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Greet customer"),
                "res_model": "cs.greeting.wizard",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_ticket_id": self.id},
            }
        return self._cs_send_greeting(protocol._render_script("greeting", self))

    def _cs_send_greeting(self, text):
        self.ensure_one()
        action = self._cs_deliver(text, "greeting")
        if action is None:
            self._cs_mark_first_contact()
        return action

    def action_cs_show_scripts(self):
        """The greeting and farewell for this customer, rendered when asked for."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scripts for this customer"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "customer_service.helpdesk_ticket_view_form_cs_scripts"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }

    def action_cs_open_farewell(self):
        """Open the farewell check that closes the ticket (CR1.6)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close with farewell"),
            "res_model": "cs.farewell.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # ------------------------------------------------------------------
    # Messaging and closing
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # A reply to the customer by an employee is the first contact, whatever sent it.
        if (
            message.message_type in ("comment", "sms")
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and not self.env.user.share
            and message.author_id == self.env.user.partner_id
        ):
            self._cs_mark_first_contact()
        return message

    def _cs_closing(self, vals):
        """Tickets of ``self`` that writing ``vals`` moves from open to closed."""
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        if not stage.closed:
            return self.browse()
        return self.filtered(lambda t: not t.closed)

    def web_save(self, vals, specification, next_id=None):
        # The web client saves through here whatever an agent edits by hand in the
        # form, list or kanban view: only these tickets get the farewell check.
        if self and not self.env.user.share:
            self = self.with_context(cs_farewell_by_hand_ids=self.ids)
        return super().web_save(vals, specification, next_id=next_id)

    def web_save_multi(self, vals_list, specification):
        if self and not self.env.user.share:
            self = self.with_context(cs_farewell_by_hand_ids=self.ids)
        return super().web_save_multi(vals_list, specification)

    def _cs_farewell_missing(self):
        """Tickets of ``self`` (being closed) whose farewell was not said."""
        if self.env.context.get("cs_farewell_checked"):
            return self.browse()
        # A duplicate is answered on its original ticket.
        return self.filtered(lambda t: not t.cs_farewell_done and not t.duplicate_id)

    def _cs_check_farewell(self):
        """Refuse an agent closing by hand without the farewell (CR1.6).

        Only tickets saved from the web client by an internal user are held back;
        automatic closing, merges, the customer's portal, imports and other modules'
        code close freely and the chatter says the farewell was not said.
        """
        by_hand = set(self.env.context.get("cs_farewell_by_hand_ids") or ())
        pending = self._cs_farewell_missing().filtered(lambda t: t.id in by_hand)
        if pending and not self.env.user.share:
            raise UserError(
                self.env._(
                    "Ticket %(tickets)s cannot be closed yet: confirm with the "
                    "customer that the demand is resolved and ask whether they "
                    "need more information. Use the “Close with farewell” "
                    "button.",
                    tickets=", ".join(pending.mapped("display_name")),
                )
            )

    def _cs_log_closed_without_farewell(self, missing):
        """Note on ``missing`` tickets, just closed elsewhere than by an agent."""
        if not missing:
            return
        if self.env.user.share:
            why = self.env._("the customer closed it.")
        else:
            why = self.env._(
                "it was closed automatically or by another feature (scheduled "
                "action, import, merge), not by an agent from the ticket."
            )
        body = Markup("<p>%s</p>") % self.env._(
            "Closed without the farewell check: %(why)s", why=why
        )
        # sudo: the customer closing from the portal may not write notes.
        missing.sudo()._message_log_batch(
            bodies=dict.fromkeys(missing.ids, body), message_type="notification"
        )

    def _cs_farewell_vals(self, vals):
        """Reopening a ticket asks for a new farewell next time it closes."""
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        if (
            stage
            and not stage.closed
            and "cs_farewell_done" not in vals
            and not self.env.context.get("cs_farewell_checked")
        ):
            return dict(vals, cs_farewell_done=False)
        return vals
