from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from ..tools.sms_length import length_excess, named_ucs2_characters
from .cs_form_read_stamp import ensure_stamp_sequence, stamp_rows

SYNCHRONOUS_KINDS = ("in_person", "phone", "chat")


class HelpdeskTicketChannel(models.Model):
    _name = "helpdesk.ticket.channel"
    _inherit = ["helpdesk.ticket.channel", "cs.agent.scope.stamp.mixin"]
    _cs_scope_field = "channel_ids"

    cs_kind = fields.Selection(
        [
            ("in_person", "In person"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("web", "Web form"),
            ("chat", "Chat"),
            ("social", "Social network"),
            ("ecommerce", "E-commerce"),
            ("other", "Other"),
        ],
        string="Kind",
        required=True,
        default="other",
        help="Decides how greetings and farewells reach the customer: e-mail opens "
        "the composer, SMS is sent as a text message, chat and written channels are "
        "posted, phone and in person are logged as said.",
    )
    cs_synchronous = fields.Boolean(
        string="Synchronous",
        compute="_compute_cs_synchronous",
        store=True,
        readonly=False,
        help="The customer is there in real time (phone, chat, in person).",
    )
    cs_max_length = fields.Integer(
        string="Maximum Message Length",
        help="0 means no limit. Counted in characters, or in SMS parts for SMS.",
    )
    cs_length_unit = fields.Selection(
        [("char", "Characters"), ("sms_segment", "SMS parts")],
        string="Length Unit",
        compute="_compute_cs_length_unit",
        store=True,
        readonly=False,
        help="SMS parts hold 160 GSM-7 characters (153 when split) or 70 UCS-2 "
        "characters (67 when split); one character outside GSM-7 switches the "
        "whole message to UCS-2.",
    )
    cs_register = fields.Selection(
        [("formal", "Formal (usted)"), ("informal", "Informal (tú)")],
        string="Register",
        default="formal",
        required=True,
        help="How the greeting and farewell address customers: usted or tú. Each "
        "protocol of the channel says the scripts of this register.",
    )
    cs_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business Hours",
        help="Opening hours given to customers on this channel.",
    )
    cs_protocol_ids = fields.One2many(
        "cs.service.protocol", "channel_id", string="Service Protocols"
    )
    cs_protocol_count = fields.Integer(
        string="Protocol Count", compute="_compute_cs_protocol_count"
    )

    @api.depends("cs_kind")
    def _compute_cs_synchronous(self):
        for channel in self:
            channel.cs_synchronous = channel.cs_kind in SYNCHRONOUS_KINDS

    @api.depends("cs_kind")
    def _compute_cs_length_unit(self):
        for channel in self:
            channel.cs_length_unit = (
                "sms_segment" if channel.cs_kind == "sms" else "char"
            )

    @api.constrains("cs_register")
    def _check_cs_register_protocols(self):
        for channel in self:
            missing = channel.cs_protocol_ids._missing_register_scripts()
            if missing:
                raise ValidationError(
                    self.env._(
                        "Channel %(channel)s cannot address customers as tú yet: "
                        "its protocols %(protocols)s have no tú greeting and "
                        "farewell. Write them in each protocol first, then change "
                        "the channel's register.",
                        channel=channel.name,
                        protocols=format_list(self.env, missing.mapped("name")),
                    )
                )

    @api.depends("cs_protocol_ids")
    def _compute_cs_protocol_count(self):
        for channel in self:
            channel.cs_protocol_count = len(channel.cs_protocol_ids)

    def _cs_check_length(self, text):
        """Refuse ``text`` when it is longer than this channel allows."""
        self.ensure_one()
        excess = length_excess(text, self.cs_max_length, self.cs_length_unit)
        if excess:
            unit = (
                self.env._("SMS parts")
                if self.cs_length_unit == "sms_segment"
                else self.env._("characters")
            )
            message = self.env._(
                "The message is too long for the channel %(channel)s: it is "
                "%(excess)s %(unit)s over the limit of %(limit)s. Shorten it and "
                "try again.",
                channel=self.name,
                excess=excess,
                unit=unit,
                limit=self.cs_max_length,
            )
            if self.cs_length_unit == "sms_segment":
                unicode_note = self._cs_ucs2_note(text)
                if unicode_note:
                    message = f"{message} {unicode_note}"
            raise UserError(message)

    def _cs_ucs2_note(self, text):
        """Sentence naming the characters that switch ``text`` to UCS-2, or ""."""
        names = named_ucs2_characters(text)
        if not names:
            return ""
        if len(names) == 1:
            return self.env._(
                "The character %(characters)s switches the message to Unicode "
                "(UCS-2): 70 characters per SMS instead of 160.",
                characters=names[0],
            )
        return self.env._(
            "The characters %(characters)s switch the message to Unicode (UCS-2): "
            "70 characters per SMS instead of 160.",
            characters=format_list(self.env, names),
        )

    # --- Personal data and GDPR ---
    cs_collection_field_ids = fields.One2many(
        "cs.collection.field", "channel_id", string="Data Collection Procedure"
    )
    cs_privacy_notice = fields.Html(
        string="Privacy Notice to Give",
        translate=True,
        help="What the agent tells the customer about the processing of their data "
        "when collecting it on this channel (GDPR Art. 13).",
    )

    cs_collection_stamp = fields.Integer(
        string="Collection Procedure Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever the collection procedure or the privacy notice "
        "change: the channel's checklists are cached under it.",
    )

    def init(self):
        ensure_stamp_sequence(self.env.cr)

    def _cs_collection_stamp(self):
        """New stamp on these channels, whose collection procedure or privacy
        notice just changed: their checklists are looked up under a new key, and
        no cache is cleared in this worker nor in others."""
        stamp_rows(self.env, self._table, self.ids, "cs_collection_stamp")
        self.invalidate_recordset(["cs_collection_stamp"])

    @api.model
    @tools.ormcache("channel_id", "stamp")
    def _cs_collection_lines(self, channel_id, stamp):
        """((field name, requirement), ...) of a channel's collection procedure."""
        # sudo: the procedure is configuration that every agent follows.
        channel = self.sudo().browse(channel_id)
        return tuple(
            (line.field_name, line.requirement)
            for line in channel.cs_collection_field_ids
        )

    def _cs_collection_status(self, partner):
        """[(label, requirement, filled)] for the asked fields of this channel."""
        self.ensure_one()
        labels = dict(
            self.env["cs.collection.field"]
            ._fields["field_name"]
            ._description_selection(self.env)
        )
        return [
            (labels[name], requirement, bool(partner[name]))
            for name, requirement in self._cs_collection_lines(
                self.id, self.cs_collection_stamp
            )
            if requirement != "not_asked"
        ]

    def _cs_collection_checklist_html(self, partner):
        if not self or not partner:
            return False
        stamp = self.cs_collection_stamp
        filled = tuple(
            bool(partner[name])
            for name, _req in self._cs_collection_lines(self.id, stamp)
        )
        return self._cs_collection_checklist_render(self.id, stamp, filled)

    @api.model
    @tools.ormcache("channel_id", "stamp", "filled", "self.env.lang")
    def _cs_collection_checklist_render(self, channel_id, stamp, filled):
        """The checklist of a channel for a contact who filled ``filled`` (one flag
        per line of the procedure): it depends on which data the contact has, not
        on their values, so it is rendered once per channel, flags and language."""
        channel = self.browse(channel_id)
        labels = dict(
            self.env["cs.collection.field"]
            ._fields["field_name"]
            ._description_selection(self.env)
        )
        lines = self._cs_collection_lines(channel_id, stamp)
        return self.env["ir.qweb"]._render(
            "customer_service.cs_collection_checklist",
            {
                "status": [
                    (labels[name], requirement, is_filled)
                    for (name, requirement), is_filled in zip(
                        lines, filled, strict=True
                    )
                    if requirement != "not_asked"
                ],
                "not_asked": [
                    labels[name]
                    for name, requirement in lines
                    if requirement == "not_asked"
                ],
                "notice": channel.cs_privacy_notice,
            },
        )

    def write(self, vals):
        result = super().write(vals)
        if {"cs_collection_field_ids", "cs_privacy_notice"} & set(vals):
            self._cs_collection_stamp()
        return result

    def _update_field_translations(self, field_name, translations, *args, **kwargs):
        result = super()._update_field_translations(
            field_name, translations, *args, **kwargs
        )
        if field_name == "cs_privacy_notice":
            self._cs_collection_stamp()
        return result

    def _cs_missing_required(self, partner):
        self.ensure_one()
        return [
            label
            for label, requirement, filled in self._cs_collection_status(partner)
            if requirement == "required" and not filled
        ]
