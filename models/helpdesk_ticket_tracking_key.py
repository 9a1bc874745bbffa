import hmac

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools.sql_array import array_literal
from ..tools.tracking_key import new_keys, normalise_key, spoken_key

# Request types that are demands under Ley 10/2025 (art. 11): each gets a key and
# an acknowledgement. Suggestions are not demands.
DEMAND_KINDS = ("query", "incident", "complaint", "claim")
# How the acknowledgement reaches the customer, by channel kind; written channels
# not listed answer by e-mail, as greetings post to the customer.
ACK_MODE_BY_KIND = {
    "email": "email",
    "sms": "sms",
    "post": "letter",
    "phone": "spoken",
    "in_person": "spoken",
}
ACK_MODES = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("letter", "Printed letter"),
    ("spoken", "Said to the customer"),
]
ACK_LETTER_REPORT = "customer_service.action_report_cs_demand_ack_letter"


class HelpdeskTicketTrackingKey(models.Model):
    _inherit = "helpdesk.ticket"

    cs_tracking_key = fields.Char(
        string="Tracking Key",
        readonly=True,
        copy=False,
        help="Clave identificativa (Ley 10/2025): the customer follows the demand "
        "with it and one of their e-mail, phone or postal code. Three groups of "
        "four letters and digits without 0, O, 1 or I; the last one is a check "
        "character.",
    )
    cs_ack_sent_date = fields.Datetime(
        string="Acknowledgement Sent On",
        readonly=True,
        copy=False,
        help="When the acknowledgement with the tracking key was sent or said.",
    )
    cs_ack_mode = fields.Selection(
        ACK_MODES, string="Acknowledged By", readonly=True, copy=False
    )
    cs_answer_text = fields.Text(
        string="Written Answer",
        help="The answer as it goes out in the printed letter for the post channel.",
    )

    # The key leads every lookup (status page), the company makes it unique.
    _cs_tracking_key_unique = models.Constraint(
        "UNIQUE(cs_tracking_key, company_id)",
        "Two demands of the same company cannot share a tracking key.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Keys are drawn in Python, without a query: 55 random bits make a clash
        # negligible and the unique constraint refuses one anyway.
        missing = [vals for vals in vals_list if not vals.get("cs_tracking_key")]
        for vals, key in zip(missing, new_keys(len(missing)), strict=True):
            vals["cs_tracking_key"] = key
        return super().create(vals_list)

    @api.model
    def _cs_fill_tracking_keys(self):
        """Give a key to the tickets created before keys existed (install, upgrade)."""
        self.env.cr.execute(
            "SELECT id FROM helpdesk_ticket WHERE cs_tracking_key IS NULL ORDER BY id"
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            chunk_ids = array_literal(chunk)
            self.env.cr.execute(
                "UPDATE helpdesk_ticket AS t SET cs_tracking_key = v.key "
                "FROM unnest(%s::int[], %s::varchar[]) AS v(id, key) "
                "WHERE t.id = v.id AND t.id = ANY(%s::int[])",
                [chunk_ids, new_keys(len(chunk)), chunk_ids],
            )
        if ids:
            self.invalidate_model(["cs_tracking_key"])

    # ------------------------------------------------------------------
    # Acknowledgement
    # ------------------------------------------------------------------

    def _cs_is_demand(self):
        self.ensure_one()
        return self.cs_request_kind in DEMAND_KINDS

    def _cs_ack_mode(self):
        self.ensure_one()
        return ACK_MODE_BY_KIND.get(self.channel_id.cs_kind, "email")

    def _cs_tracking_url(self):
        return f"{self.get_base_url()}/cs/track"

    def _cs_spoken_ack_text(self):
        """The script the agent reads out, in the customer's language."""
        self.ensure_one()
        lang_env = self.with_context(lang=self._cs_customer_lang()).env
        return lang_env._(
            "Your request has been registered with the tracking key %(key)s. I will "
            "spell it: %(spelt)s. Please write it down: with this key and your "
            "e-mail, phone number or postal code you can follow your request at "
            "%(url)s, or ask us about it by any channel.",
            key=self.cs_tracking_key,
            spelt=spoken_key(self.cs_tracking_key),
            url=self._cs_tracking_url(),
        )

    def action_cs_send_acknowledgement(self):
        """Send or record the acknowledgement with the key on the channel used."""
        self._cs_send_acknowledgement()
        return True

    def _cs_send_acknowledgement(self):
        for ticket in self:
            ticket._cs_check_ack_possible()
        now = fields.Datetime.now()
        for ticket in self:
            mode = ticket._cs_ack_mode()
            getattr(ticket, f"_cs_ack_by_{mode}")()
            ticket.write({"cs_ack_sent_date": now, "cs_ack_mode": mode})

    def _cs_check_ack_possible(self):
        self.ensure_one()
        if self.cs_ack_sent_date:
            raise UserError(
                self.env._(
                    "The acknowledgement of %(ticket)s was already sent on %(date)s: "
                    "it is sent once. Give the customer the key %(key)s again if "
                    "they ask for it.",
                    ticket=self.display_name,
                    date=tools.format_datetime(self.env, self.cs_ack_sent_date),
                    key=self.cs_tracking_key,
                )
            )
        if not self._cs_is_demand():
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is not a query, incident, complaint or claim: "
                    "set its request type before acknowledging it.",
                    ticket=self.display_name,
                )
            )
        mode = self._cs_ack_mode()
        partner = self.partner_id
        if mode == "email" and not (partner.email or self.partner_email):
            raise UserError(
                self.env._(
                    "Cannot send the acknowledgement of %(ticket)s by e-mail: the "
                    "customer has no e-mail address. Add one to the contact, or "
                    "give the key on the phone or in person and record it there.",
                    ticket=self.display_name,
                )
            )
        if mode == "sms" and not partner.phone_sanitized:
            raise UserError(
                self.env._(
                    "Cannot send the acknowledgement of %(ticket)s by SMS: the "
                    "customer has no valid phone number. Add one to the contact and "
                    "try again.",
                    ticket=self.display_name,
                )
            )
        if mode == "letter" and not (partner.street and partner.zip and partner.city):
            raise UserError(
                self.env._(
                    "Cannot print the acknowledgement letter of %(ticket)s: the "
                    "customer's postal address is incomplete. Fill in street, postal "
                    "code and city on the contact and try again.",
                    ticket=self.display_name,
                )
            )

    def _cs_ack_by_email(self):
        template = self.env.ref("customer_service.mail_template_cs_demand_ack")
        self.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )

    def _cs_ack_by_sms(self):
        template = self.env.ref("customer_service.sms_template_cs_demand_ack")
        self._message_sms_with_template(
            template=template, partner_ids=self.partner_id.ids
        )

    def _cs_ack_by_letter(self):
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(lang=self._cs_customer_lang())
            ._render_qweb_pdf(ACK_LETTER_REPORT, self.ids)
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.env._('Acknowledgement')} {self.cs_tracking_key}.pdf",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.message_post(
            body=Markup("<p><strong>%s</strong></p>")
            % self.env._("Acknowledgement letter printed for posting"),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _cs_ack_by_spoken(self):
        self.message_post(
            body=Markup("<p><strong>%s</strong> (%s)</p>%s")
            % (
                self.env._("Acknowledgement said to the customer"),
                self.channel_id.name,
                plaintext2html(self._cs_spoken_ack_text()),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def action_cs_print_answer_letter(self):
        self.ensure_one()
        if not (self.cs_answer_text or "").strip():
            raise UserError(
                self.env._(
                    "Write the answer to %(ticket)s in Written Answer before "
                    "printing the letter.",
                    ticket=self.display_name,
                )
            )
        return self.env.ref(
            "customer_service.action_report_cs_demand_answer_letter"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Letters
    # ------------------------------------------------------------------

    def _cs_letter_arbitration_body(self):
        """Name of the consumer arbitration body the company adheres to, or ""."""
        company = self.company_id
        if (
            "cs_arbitration_adhered" in company._fields
            and company.cs_arbitration_adhered
        ):
            return company.cs_arbitration_body or ""
        return ""

    def _cs_letter_deadline(self):
        if "cs_legal_deadline" in self._fields:
            return self.cs_legal_deadline
        return self.cs_complaint_deadline

    # ------------------------------------------------------------------
    # Public status page
    # ------------------------------------------------------------------

    @api.model
    def _cs_track_lookup(self, key, factor):
        """The ticket whose key and contact detail match exactly, or an empty set.

        Runs the same work whatever fails (unknown key, wrong factor), so the page
        cannot tell them apart by content or by time.
        """
        key = normalise_key(key)
        tickets = self.search([("cs_tracking_key", "=", key or "-")], limit=2)
        found = self.browse()
        for ticket in tickets:
            if ticket._cs_factor_matches(factor):
                found |= ticket
        if not tickets:
            # An unknown key reads a contact and compares as a known one does, so
            # both failures cost the same queries; the result is thrown away.
            self.browse()._cs_factor_matches(factor, self.env.user.partner_id)
        return found if len(found) == 1 else self.browse()

    def _cs_factor_matches(self, factor, partner=None):
        """Whether ``factor`` is exactly the e-mail, phone or postal code on file."""
        partner = self.partner_id if partner is None else partner
        factor = (factor or "").strip()
        typed = expected = ""
        if "@" in factor:
            typed = tools.email_normalize(factor) or ""
            expected = (
                tools.email_normalize(partner.email or self.partner_email or "") or ""
            )
        elif sum(c.isdigit() for c in factor) >= 7:
            country = partner.country_id or self.company_id.country_id
            typed = (
                self.env["res.partner"]._phone_format(
                    number=factor, country=country, force_format="E164"
                )
                or ""
            )
            expected = partner.phone_sanitized or ""
        else:
            typed = _compact(factor)
            expected = _compact(partner.zip)
        return bool(typed and expected) and hmac.compare_digest(
            typed.encode(), expected.encode()
        )

    def _cs_track_values(self):
        """What the status page shows: nothing personal beyond the demand itself."""
        self.ensure_one()
        kinds = dict(self._fields["cs_request_kind"]._description_selection(self.env))
        deadline = self._cs_letter_deadline() if self._cs_is_demand() else False
        return {
            "key": self.cs_tracking_key,
            "kind": kinds.get(self.cs_request_kind, ""),
            "state": self.stage_id.name,
            "closed": self.closed,
            "received": _day(self.create_date),
            "acknowledged": _day(self.cs_ack_sent_date),
            "closed_date": _day(self.closed_date),
            "deadline": deadline,
            "company": self.company_id.name,
        }


def _compact(value):
    return "".join(c for c in (value or "").upper() if c.isalnum())


def _day(moment):
    return moment.date() if moment else False
