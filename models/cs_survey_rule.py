import logging
import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

# Delivery of a survey by the kind of channel the customer used.
DELIVERY_BY_KIND = {
    "sms": "sms",
    "phone": "sms",
    "in_person": "kiosk",
}
CONSENT_CHANNEL = {"email": "email", "sms": "sms"}


class CsSurveyRule(models.Model):
    _name = "cs.survey.rule"
    _description = "Satisfaction Survey Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "customer_service.survey_cs_satisfaction", raise_if_not_found=False
        ),
    )
    trigger = fields.Selection(
        [("ticket_closed", "Ticket closed"), ("sample", "Periodic random sample")],
        required=True,
        default="ticket_closed",
    )
    team_ids = fields.Many2many(
        "helpdesk.ticket.team", string="Teams", help="Empty means every team."
    )
    delivery_mode = fields.Selection(
        [
            ("auto", "By the ticket's channel"),
            ("email", "E-mail link"),
            ("sms", "SMS short link"),
            ("kiosk", "QR / kiosk"),
        ],
        string="Delivery",
        required=True,
        default="auto",
        help="By the ticket's channel: SMS for SMS and phone, QR or kiosk for in "
        "person, e-mail otherwise.",
    )
    throttle_days = fields.Integer(
        string="One Survey per Customer Every (Days)",
        default=30,
        help="A customer who was sent a satisfaction survey in these days is not "
        "sent another one.",
    )
    sample_size = fields.Integer(
        default=50, help="Customers drawn at random at each run of the sample."
    )
    sample_days = fields.Integer(
        string="Sample Tickets Closed in the Last (Days)", default=30
    )
    reminder_days = fields.Integer(
        string="Reminder After (Days)",
        default=3,
        help="One reminder is sent after these days to customers who did not "
        "answer. 0 sends no reminder.",
    )
    expiry_days = fields.Integer(
        string="Expires After (Days)",
        default=14,
        help="The survey link stops working after these days.",
    )
    incident_mode = fields.Selection(
        [
            ("activity", "Activity for the supervisor"),
            ("ticket", "Helpdesk ticket"),
            ("none", "Nothing"),
        ],
        string="On a Deficiency",
        required=True,
        default="activity",
        help="What a detractor, a CSAT of 1 or 2, or a CES of 5 or more opens.",
    )
    incident_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        help="Team of the incident tickets; empty means the team of the answer.",
    )
    supervisor_id = fields.Many2one(
        "res.users",
        help="Receives the deficiency activities; empty means the team leader.",
    )

    _throttle_positive = models.Constraint(
        "CHECK (throttle_days >= 0 AND reminder_days >= 0 AND expiry_days > 0)",
        "Days of throttling and reminder cannot be negative, and the expiry must "
        "be at least one day.",
    )

    @api.constrains("reminder_days", "expiry_days")
    def _check_reminder_before_expiry(self):
        for rule in self:
            if rule.reminder_days and rule.reminder_days >= rule.expiry_days:
                raise UserError(
                    self.env._(
                        "Rule %(rule)s sends its reminder after the survey expired. "
                        "Make the reminder delay shorter than the expiry.",
                        rule=rule.name,
                    )
                )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _cs_applies_to(self, ticket):
        self.ensure_one()
        return (not self.team_ids or ticket.team_id in self.team_ids) and (
            self.company_id == ticket.company_id
        )

    def _cs_delivery_for(self, ticket):
        self.ensure_one()
        if self.delivery_mode != "auto":
            return self.delivery_mode
        return DELIVERY_BY_KIND.get(ticket.channel_id.cs_kind, "email")

    def _cs_recently_surveyed(self, partners):
        """Partners sent a satisfaction survey within the throttling window."""
        self.ensure_one()
        if not self.throttle_days or not partners:
            return self.env["res.partner"]
        since = fields.Datetime.now() - timedelta(days=self.throttle_days)
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("cs_is_satisfaction", "=", True),
                    ("cs_sent_date", ">=", since),
                ],
                ["partner_id"],
            )
        )
        return self.env["res.partner"].union(*(partner for (partner,) in groups))

    def _cs_refuse(self, single, message, counter, stats):
        if single:
            raise UserError(message)
        stats[counter] += 1

    def _cs_send(self, tickets, single=False):
        """Send the rule's survey to the customers of ``tickets``.

        A single send (an agent's button) raises on any refusal; a mass send
        skips and counts. Returns the counters and the answers created.
        """
        self.ensure_one()
        stats = {"sent": 0, "consent": 0, "throttled": 0, "no_contact": 0}
        answers = self.env["survey.user_input"]
        recent = self._cs_recently_surveyed(tickets.partner_id)
        seen = self.env["res.partner"]
        for ticket in tickets:
            partner = ticket.partner_id
            delivery = self._cs_delivery_for(ticket)
            if not partner:
                self._cs_refuse(
                    single,
                    self.env._(
                        "Ticket %(ticket)s has no customer contact to survey.",
                        ticket=ticket.display_name,
                    ),
                    "no_contact",
                    stats,
                )
                continue
            if partner in recent or partner in seen:
                self._cs_refuse(
                    single,
                    self.env._(
                        "%(partner)s was already sent a satisfaction survey in the "
                        "last %(days)s days. Customers get at most one survey in "
                        "that time.",
                        partner=partner.display_name,
                        days=self.throttle_days,
                    ),
                    "throttled",
                    stats,
                )
                continue
            consent_channel = CONSENT_CHANNEL.get(delivery)
            if consent_channel and not partner._cs_check_consent(
                "survey", consent_channel, raise_if_missing=single
            ):
                self._cs_refuse(
                    single,
                    self.env._(
                        "%(partner)s has not consented to satisfaction surveys by "
                        "%(channel)s.",
                        partner=partner.display_name,
                        channel=consent_channel,
                    ),
                    "consent",
                    stats,
                )
                continue
            if (delivery == "email" and not partner.email) or (
                delivery == "sms" and not partner.phone_sanitized
            ):
                self._cs_refuse(
                    single,
                    self.env._(
                        "%(partner)s has no e-mail address to send the survey to. "
                        "Add it to the contact and try again.",
                        partner=partner.display_name,
                    )
                    if delivery == "email"
                    else self.env._(
                        "%(partner)s has no valid mobile number to send the survey "
                        "to. Add it to the contact and try again.",
                        partner=partner.display_name,
                    ),
                    "no_contact",
                    stats,
                )
                continue
            answer = self._cs_create_answer(ticket, delivery)
            answer._cs_deliver()
            answers |= answer
            seen |= partner
            stats["sent"] += 1
        return dict(stats, answers=answers)

    def _cs_create_answer(self, ticket, delivery):
        self.ensure_one()
        now = fields.Datetime.now()
        vals = self.env["survey.user_input"]._cs_context_values(ticket)
        vals.update(
            cs_rule_id=self.id,
            cs_delivery=delivery,
            cs_sent_date=now,
            deadline=now + timedelta(days=self.expiry_days),
        )
        # The survey page opens in the answer's language: the customer's, not the
        # language of the browser that happens to open the link.
        lang = self.env["res.lang"]._lang_get(ticket.partner_id.lang)
        if lang:
            vals["lang_id"] = lang.id
        # Creating survey invitations is a survey officer's right; agents send them
        # through the rule, which has checked throttling and consent above.
        return self.survey_id.sudo()._create_answer(
            partner=ticket.partner_id, check_attempts=False, **vals
        )

    # ------------------------------------------------------------------
    # Triggers and crons
    # ------------------------------------------------------------------

    @api.model
    def _cs_on_tickets_closed(self, tickets):
        rules = self.sudo().search([("trigger", "=", "ticket_closed")])
        for rule in rules:
            todo = tickets.filtered(rule._cs_applies_to)
            if todo:
                stats = rule._cs_send(todo.sudo())
                tickets -= todo
                _logger.info(
                    "Satisfaction rule %s: %s sent, %s without consent, %s throttled",
                    rule.id,
                    stats["sent"],
                    stats["consent"],
                    stats["throttled"],
                )

    @api.model
    def _cron_sample(self):
        """Survey a random sample of recently closed tickets: at most
        ``sample_size`` per rule in each window of ``sample_days``, never a ticket
        twice, so a second run in the same window sends nothing."""
        for rule in self.search([("trigger", "=", "sample")]):
            since = fields.Datetime.now() - timedelta(days=rule.sample_days)
            already = self.env["survey.user_input"].search_count(
                [("cs_rule_id", "=", rule.id), ("cs_sent_date", ">=", since)]
            )
            size = rule.sample_size - already
            if size <= 0:
                continue
            domain = [
                ("closed", "=", True),
                ("closed_date", ">=", since),
                ("partner_id", "!=", False),
                ("company_id", "=", rule.company_id.id),
                ("cs_survey_input_ids", "=", False),
            ]
            if rule.team_ids:
                domain.append(("team_id", "in", rule.team_ids.ids))
            ids = self.env["helpdesk.ticket"].search(domain).ids
            picked = random.sample(ids, min(len(ids), size))
            rule._cs_send(self.env["helpdesk.ticket"].browse(picked))

    @api.model
    def _cs_remind_domain(self):
        now = fields.Datetime.now()
        return Domain.OR(
            [
                ("cs_rule_id", "=", rule.id),
                ("cs_sent_date", "<=", now - timedelta(days=rule.reminder_days)),
            ]
            for rule in self.with_context(active_test=False).search(
                [("reminder_days", ">", 0)]
            )
        ) & Domain(
            [
                ("cs_is_satisfaction", "=", True),
                ("state", "=", "new"),
                ("cs_reminder_sent", "=", False),
                ("cs_delivery", "in", ("email", "sms")),
                ("deadline", ">", now),
            ]
        )

    @api.model
    def _cron_remind(self, batch_size=200):
        """Send one reminder to customers who did not answer, batch by batch with
        the count still due; expiry is the answer's deadline, which the survey
        pages enforce."""
        Answer = self.env["survey.user_input"]
        cron = self.env["ir.cron"]
        done = 0
        remaining = Answer.search_count(self._cs_remind_domain())
        while remaining:
            due = Answer.search(self._cs_remind_domain(), limit=batch_size)
            if not due:
                break
            for answer in due:
                answer._cs_deliver(reminder=True)
            due.write({"cs_reminder_sent": True})
            done += len(due)
            remaining = Answer.search_count(self._cs_remind_domain())
            if cron._commit_progress(len(due), remaining=remaining) <= 0:
                break
        return done
