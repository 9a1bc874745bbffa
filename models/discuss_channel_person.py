from odoo import fields, models
from odoo.tools import html2plaintext

from ..tools.person_request import asks_for_person


class DiscussChannelPerson(models.Model):
    """Ley 10/2025: a chat visitor asking for a person opens or escalates a demand.

    Works with core live chat (channels of type "livechat", added by im_livechat)
    without depending on it, and with any channel flagged as answered
    automatically (a bot, an assistant).
    """

    _inherit = "discuss.channel"

    cs_automated = fields.Boolean(
        string="Answered Automatically",
        help="A bot or assistant answers this channel first; a customer asking for "
        "a person here opens or escalates a customer service demand.",
    )
    cs_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Customer Service Demand",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )

    def _cs_watches_person_requests(self):
        self.ensure_one()
        return self.channel_type == "livechat" or self.cs_automated

    def _cs_bot_partners(self):
        # The live chat operator (a person or a chatbot) and OdooBot speak for the
        # company: what they write is never the customer's request.
        partners = self.env.ref("base.partner_root")
        if "livechat_operator_id" in self._fields:
            partners |= self.livechat_operator_id
        return partners

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        for channel in self:
            if channel._cs_watches_person_requests():
                channel._cs_person_watch(message)
        return message

    def _cs_person_watch(self, message):
        self.ensure_one()
        author = message.author_id
        internal = author.user_ids.filtered(lambda u: not u.share)
        if internal and author not in self._cs_bot_partners():
            # An agent writing in the chat attends the customer in person.
            if self.cs_ticket_id:
                self.cs_ticket_id.sudo()._cs_person_take_over(internal[0])
            return
        if author in self._cs_bot_partners() or message.message_type != "comment":
            return
        if not asks_for_person(html2plaintext(message.body or "")):
            return
        # The visitor (public user or guest) cannot create or edit demands; the
        # request is theirs by law, so it is recorded on their behalf.
        chat_kind = self.env.ref("customer_service.channel_chat")
        ticket = self.sudo().cs_ticket_id
        if not ticket:
            ticket = (
                self.env["helpdesk.ticket"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Chat %(chat)s: request for a person", chat=self.name
                        ),
                        "description": message.body,
                        "partner_id": (
                            False
                            if any(user._is_public() for user in author.user_ids)
                            else author.id
                        ),
                        "channel_id": chat_kind.id,
                        "priority": "2",
                    }
                )
            )
            self.sudo().cs_ticket_id = ticket
        elif ticket.priority < "2":
            ticket.priority = "2"
        ticket._cs_request_person(chat_kind)
