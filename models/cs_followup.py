import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.loyalty_rules import due_date, satisfaction_from_rating

_logger = logging.getLogger(__name__)

STATES = [
    ("scheduled", "Scheduled"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("stopped", "Stopped"),
    ("cancelled", "Cancelled"),
]
STOP_REASONS = [
    ("replied", "Customer Replied"),
    ("ticket", "Ticket Opened"),
    ("consent", "Consent Withdrawn"),
    ("erased", "Contact Erased"),
    ("manual", "Stopped by an Agent"),
]
OPEN_STATES = ("scheduled", "in_progress")


class CsFollowup(models.Model):
    _name = "cs.followup"
    _description = "Customer Follow-up"
    _inherit = ["rating.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "next_date, id"

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one("cs.followup.plan", required=True, ondelete="restrict")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        index="btree_not_null",
    )
    state = fields.Selection(
        STATES, default="scheduled", required=True, index=True, tracking=True
    )
    stop_reason = fields.Selection(STOP_REASONS, tracking=True)
    trigger = fields.Selection(related="plan_id.trigger", store=True)
    start_date = fields.Date(
        required=True, default=fields.Date.context_today, string="Start"
    )
    next_step_id = fields.Many2one("cs.followup.plan.step", index="btree_not_null")
    next_date = fields.Date(index=True)
    last_step_id = fields.Many2one("cs.followup.plan.step")
    invoice_id = fields.Many2one("account.move", index="btree_not_null")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Closed Ticket", index="btree_not_null"
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        compute="_compute_team_id",
        store=True,
        index="btree_not_null",
        help="Team whose agents see the follow-up: the team of the closed ticket, "
        "else the plan's incident team. Without a team every agent sees it.",
    )
    card_id = fields.Many2one(
        "loyalty.card", string="Loyalty Card", index="btree_not_null"
    )
    product_id = fields.Many2one("product.product", index="btree_not_null")
    satisfaction = fields.Selection(
        [("happy", "Satisfied"), ("neutral", "Neutral"), ("unhappy", "Dissatisfied")],
        tracking=True,
        copy=False,
    )
    fitness = fields.Selection(
        [("yes", "Does the job"), ("no", "Does not do the job")],
        string="Product Fitness",
        tracking=True,
        copy=False,
        help="The customer's answer to “does the product do the job?”",
    )
    answer_date = fields.Datetime(copy=False)
    incident_ticket_id = fields.Many2one(
        "helpdesk.ticket", copy=False, readonly=True, index="btree_not_null"
    )
    cs_loyalty_eligible = fields.Boolean(
        related="partner_id.cs_loyalty_eligible", string="Eligible for Loyalty"
    )
    cs_loyalty_eligibility = fields.Text(related="partner_id.cs_loyalty_eligibility")
    cs_loyalty_card_id = fields.Many2one(related="partner_id.cs_loyalty_card_id")
    cs_loyalty_tier_id = fields.Many2one(related="partner_id.cs_loyalty_tier_id")

    @api.depends("ticket_id.team_id", "plan_id.incident_team_id")
    def _compute_team_id(self):
        for followup in self:
            followup.team_id = (
                followup.ticket_id.team_id or followup.plan_id.incident_team_id
            )

    @api.depends("plan_id.name", "partner_id.name")
    def _compute_name(self):
        for followup in self:
            followup.name = (
                f"{followup.plan_id.name or ''} – {followup.partner_id.name or ''}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        followups._cs_schedule_next()
        return followups

    def _cs_schedule_next(self):
        for followup in self:
            if followup.state not in OPEN_STATES:
                followup.next_step_id = followup.next_date = False
                continue
            steps = followup.plan_id.step_ids.sorted(
                lambda s: (s.day_offset, s.sequence, s.id)
            )
            last = followup.last_step_id
            if last:
                key = (last.day_offset, last.sequence, last.id)
                steps = steps.filtered(
                    lambda s, key=key: (s.day_offset, s.sequence, s.id) > key
                )
            step = steps[:1]
            followup.next_step_id = step
            followup.next_date = (
                due_date(followup.start_date, step.day_offset) if step else False
            )

    # ------------------------------------------------------------------
    # Stop conditions
    # ------------------------------------------------------------------

    def _cs_stop(self, reason):
        running = self.filtered(lambda f: f.state in OPEN_STATES)
        running.write(
            {
                "state": "stopped",
                "stop_reason": reason,
                "next_step_id": False,
                "next_date": False,
            }
        )
        running.activity_unlink(["mail.mail_activity_data_call"])
        return running

    def _cs_stop_reasons(self):
        """Return {followup id: reason} for the running follow-ups that must stop.

        Batched: one query for replies and one for tickets over the whole set.
        """
        reasons = {}
        partners = self.partner_id
        for followup in self:
            if not followup.partner_id.active:
                reasons[followup.id] = "erased"
        since = min(self.mapped("create_date"), default=False)
        if not since:
            return reasons
        replies = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("author_id", "in", partners.ids),
                    ("message_type", "in", ("email", "comment")),
                    ("date", ">=", since),
                ],
                ["author_id"],
                ["date:max"],
            )
        )
        last_reply = {p.id: date for p, date in replies}
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("create_date", ">=", since),
                    ("cs_followup_id", "=", False),
                ],
                ["partner_id"],
                ["create_date:max"],
            )
        )
        last_ticket = {p.id: date for p, date in tickets}
        for followup in self:
            if followup.id in reasons:
                continue
            pid = followup.partner_id.id
            if (
                followup.plan_id.stop_on_reply
                and pid in last_reply
                and last_reply[pid] >= followup.create_date
            ):
                reasons[followup.id] = "replied"
            elif (
                followup.plan_id.stop_on_ticket
                and pid in last_ticket
                and last_ticket[pid] > followup.create_date
            ):
                reasons[followup.id] = "ticket"
        return reasons

    # ------------------------------------------------------------------
    # Running steps
    # ------------------------------------------------------------------

    def _cs_run_steps(self, raise_if_missing=False):
        """Run the next step of each follow-up; returns counters per outcome.

        Consent is checked once per purpose and channel for the whole batch (a
        refusal stops the follow-up; with ``raise_if_missing``, the manual run of
        one follow-up, it is checked per customer and raises); messages of one step
        go out in one batch per language.
        """
        counters = {"sent": 0, "refused": 0, "failed": 0, "none": 0}
        ready = {}
        due = self.filtered(lambda f: f.next_step_id and f.state in OPEN_STATES)
        counters["none"] = len(self) - len(due)
        refused_ids = set()
        if not raise_if_missing:
            by_consent = {}
            for followup in due:
                step = followup.next_step_id
                by_consent.setdefault((step.purpose, step.channel), []).append(
                    followup.id
                )
            for (purpose, channel), ids in by_consent.items():
                group = self.browse(ids)
                partners, __ = group.partner_id._cs_filter_consent(purpose, channel)
                allowed = set(partners.ids)
                refused = group.filtered(
                    lambda f, ok=allowed: f.partner_id.id not in ok
                )
                refused._cs_stop("consent")
                counters["refused"] += len(refused)
                refused_ids.update(refused.ids)
        for followup in due:
            step = followup.next_step_id
            partner = followup.partner_id
            if raise_if_missing:
                if not partner._cs_check_consent(
                    step.purpose, step.channel, raise_if_missing=True
                ):
                    followup._cs_stop("consent")
                    counters["refused"] += 1
                    continue
            elif followup.id in refused_ids:
                continue
            if step.channel == "email" and not partner.email:
                followup._cs_step_failed(step, self.env._("no e-mail address"))
                counters["failed"] += 1
                continue
            if step.channel == "sms" and not partner.phone_sanitized:
                followup._cs_step_failed(step, self.env._("no valid phone"))
                counters["failed"] += 1
                continue
            lang = partner.lang or self.env.lang or "en_US"
            ready.setdefault((step, lang), []).append(followup.id)
        for (step, lang), ids in ready.items():
            group = self.browse(ids)
            group.with_context(lang=lang)._cs_send_step(step)
            for followup in group:
                followup.last_step_id = step
                followup._cs_schedule_next()
                followup.state = "in_progress" if followup.next_step_id else "done"
            counters["sent"] += len(group)
        return counters

    def _cs_send_step(self, step):
        """Send ``step`` to every follow-up of ``self`` (same language context)."""
        if step.channel == "email" and self.env.context.get("cs_followup_by_hand"):
            # An agent running one follow-up reads what went out in its chatter.
            rendered = step.mail_template_id._generate_template(
                self.ids, ["subject", "body_html", "partner_to"]
            )
            for followup in self:
                values = rendered[followup.id]
                followup.message_post(
                    body=values["body_html"],
                    subject=values["subject"],
                    partner_ids=values.get("partner_ids") or followup.partner_id.ids,
                    subtype_xmlid="mail.mt_comment",
                    message_type="comment",
                )
        elif step.channel == "email":
            # The mass-mail composer, as core mass mailing: the batch is rendered at
            # once and its e-mails created in one go, each leaving its trace in the
            # follow-up's chatter. One chatter post and notification per follow-up
            # cost 2.7 times as much.
            composer = (
                self.env["mail.compose.message"]
                .with_context(active_model=self._name, active_ids=self.ids)
                .create(
                    {
                        "composition_mode": "mass_mail",
                        "model": self._name,
                        "res_ids": repr(self.ids),
                        "template_id": step.mail_template_id.id,
                        "subtype_id": self.env.ref("mail.mt_comment").id,
                        "auto_delete": False,
                        "auto_delete_keep_log": True,
                    }
                )
            )
            composer._action_send_mail(auto_commit=False)
        elif step.channel == "sms":
            for followup in self:
                followup._message_sms_with_template(
                    template=step.sms_template_id,
                    partner_ids=followup.partner_id.ids,
                )
        else:
            script = step.call_script or ""
            today = fields.Date.context_today(self)
            for followup in self:
                followup.activity_schedule(
                    "mail.mail_activity_data_call",
                    date_deadline=today,
                    summary=step.name,
                    note=script,
                    user_id=(followup.user_id or self.env.user).id,
                )

    def _cs_step_failed(self, step, why):
        self.message_post(
            body=self.env._(
                "Step %(step)s could not run: %(why)s. Fix the contact and run it "
                "again.",
                step=step.name,
                why=why,
            )
        )
        self.next_date = fields.Date.context_today(self) + timedelta(days=1)

    def action_cs_run_next_step(self):
        for followup in self:
            reason = followup._cs_stop_reasons().get(followup.id)
            if reason:
                followup._cs_stop(reason)
                raise UserError(
                    self.env._(
                        "The follow-up of %(name)s stopped: %(reason)s.",
                        name=followup.partner_id.display_name,
                        reason=dict(STOP_REASONS)[reason],
                    )
                )
            followup.with_context(cs_followup_by_hand=True)._cs_run_steps(
                raise_if_missing=True
            )
        return True

    def action_cs_stop(self):
        self._cs_stop("manual")
        return True

    def action_cs_cancel(self):
        self.filtered(lambda f: f.state in OPEN_STATES).write(
            {"state": "cancelled", "next_step_id": False, "next_date": False}
        )
        return True

    def action_cs_restart(self):
        for followup in self.filtered(lambda f: f.state in ("stopped", "cancelled")):
            followup.write(
                {
                    "state": "scheduled",
                    "stop_reason": False,
                    "last_step_id": False,
                    "start_date": fields.Date.context_today(self),
                }
            )
            followup._cs_schedule_next()
        return True

    @api.model
    def _cs_due_domain(self):
        return [
            ("state", "in", OPEN_STATES),
            ("next_date", "<=", fields.Date.context_today(self)),
            ("next_step_id", "!=", False),
        ]

    @api.model
    def _cs_run_due_batch(self, limit=500):
        """Run one batch of due follow-ups; returns (processed, counters)."""
        followups = self.search(
            self._cs_due_domain(), limit=limit, order="next_date, id"
        )
        return len(followups), followups._cs_run_due_records()

    def _cs_run_due_records(self):
        """Stop or run the next step of these follow-ups; returns the counters."""
        followups = self
        counters = {"stopped": 0}
        reasons = followups._cs_stop_reasons() if followups else {}
        for reason in set(reasons.values()):
            stopped = followups.browse(
                [fid for fid, r in reasons.items() if r == reason]
            )._cs_stop(reason)
            counters["stopped"] += len(stopped)
        counters.update(
            followups.filtered(lambda f: f.id not in reasons)._cs_run_steps()
        )
        return counters

    def _cs_run_due_job(self):
        """One batch of follow-ups as a queue job: those still due when it runs."""
        due = self.search(self._cs_due_domain() + [("id", "in", self.ids)])
        return due._cs_run_due_records()

    @api.model
    def _cron_run_due(self, batch_size=500):
        """Run every due follow-up, batch by batch, each committed with the count
        still due: when time runs out the cron says so and is rescheduled at once
        instead of reporting done (a run cut short otherwise waited a day)."""
        cron = self.env["ir.cron"]
        Jobs = self.env["cs.batch.job"]
        if Jobs._cs_queue_job_available():
            # Batches become queue jobs that the runners of every server share.
            followups = self.search(self._cs_due_domain(), order="next_date, id")
            Jobs._cs_run_in_batches(followups, "_cs_run_due_job", batch_size)
            self.env["loyalty.card"]._cs_award_tenure_points()
            return {"queued": len(followups)}
        totals = {}
        remaining = self.search_count(self._cs_due_domain())
        while remaining:
            processed, counters = self._cs_run_due_batch(limit=batch_size)
            for key, value in counters.items():
                totals[key] = totals.get(key, 0) + value
            if not processed:
                break
            remaining = self.search_count(self._cs_due_domain())
            if cron._commit_progress(processed, remaining=remaining) <= 0:
                break
        if not remaining:
            # Idempotent per card and year: a second run the same day adds nothing.
            self.env["loyalty.card"]._cs_award_tenure_points()
        _logger.info("Follow-up cron: %s", totals)
        return totals

    # ------------------------------------------------------------------
    # Answers (rating tokens) and incidents
    # ------------------------------------------------------------------

    def _cs_answer_token(self):
        self.ensure_one()
        return self._rating_get_access_token()

    def _cs_answer_url(self, kind, value):
        self.ensure_one()
        token = self._cs_answer_token()
        return f"{self.get_base_url()}/cs/followup/{token}/{kind}/{value}"

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        rating = super().rating_apply(
            rate, token=token, rating=rating, feedback=feedback, **kwargs
        )
        for followup in self:
            followup._cs_record_answer(satisfaction=satisfaction_from_rating(rate))
        return rating

    def _cs_record_answer(self, satisfaction=None, fitness=None):
        self.ensure_one()
        vals = {}
        if satisfaction:
            vals["satisfaction"] = satisfaction
        if fitness:
            vals["fitness"] = fitness
        if vals:
            self.write(vals)

    def write(self, vals):
        # Answers come from the customer's links or are typed by an agent after a
        # call: both give the survey points and may open the incident.
        answer_fields = {"satisfaction", "fitness"} & set(vals)
        if not answer_fields:
            return super().write(vals)
        answered_before = {f.id for f in self if f.satisfaction or f.fitness}
        if "answer_date" not in vals:
            vals = dict(vals, answer_date=fields.Datetime.now())
        result = super().write(vals)
        negative = vals.get("satisfaction") == "unhappy" or vals.get("fitness") == "no"
        for followup in self:
            if followup.id not in answered_before:
                followup.partner_id.cs_loyalty_card_ids.filtered(
                    lambda c: c.cs_state == "active"
                )._cs_award_points(
                    "survey",
                    self.env._("Answered the follow-up %(name)s", name=followup.name),
                    key=f"survey:cs.followup:{followup.id}",
                )
            if (
                negative
                and followup.plan_id.auto_incident
                and not followup.incident_ticket_id
            ):
                followup.action_cs_open_incident()
        return result

    def action_cs_open_incident(self):
        """Open a post-sale ticket linked to the invoice and product, with history."""
        tickets = self.env["helpdesk.ticket"]
        for followup in self:
            if followup.incident_ticket_id:
                tickets |= followup.incident_ticket_id
                continue
            history = Markup("").join(
                Markup("<li>%s – %s: %s</li>")
                % (
                    fields.Datetime.to_string(msg.date),
                    msg.author_id.name or "",
                    html2plaintext(msg.body or "")
                    or ", ".join(
                        msg.tracking_value_ids.mapped("field_id.field_description")
                    ),
                )
                for msg in followup.message_ids.sorted("id")
            )
            answers = Markup("<p>%s</p>") % self.env._(
                "Satisfaction: %(sat)s. Product does the job: %(fit)s.",
                sat=dict(
                    followup._fields["satisfaction"]._description_selection(self.env)
                ).get(followup.satisfaction, "-"),
                fit=dict(
                    followup._fields["fitness"]._description_selection(self.env)
                ).get(followup.fitness, "-"),
            )
            team = followup.plan_id.incident_team_id or followup.ticket_id.team_id
            ticket = tickets.with_context(cs_followup_incident=True).create(
                {
                    "name": self.env._(
                        "Post-sale incident: %(what)s",
                        what=followup.product_id.display_name
                        or followup.invoice_id.name
                        or followup.partner_id.display_name,
                    ),
                    "partner_id": followup.partner_id.id,
                    "partner_name": followup.partner_id.name,
                    "partner_email": followup.partner_id.email,
                    "team_id": team.id,
                    "company_id": followup.company_id.id,
                    "cs_followup_id": followup.id,
                    "cs_invoice_id": followup.invoice_id.id,
                    "cs_product_id": followup.product_id.id,
                    "description": answers + Markup("<ul>%s</ul>") % history,
                }
            )
            followup.incident_ticket_id = ticket
            followup.message_post(
                body=Markup("%s %s")
                % (self.env._("Post-sale incident opened:"), ticket._get_html_link())
            )
            tickets |= ticket
        return tickets

    def action_cs_open_incident_view(self):
        ticket = self.action_cs_open_incident()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket[:1].id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_cs_loyalty_enrol(self):
        self.ensure_one()
        return self.partner_id.action_cs_loyalty_enrol_open()

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        # A message written by the customer is a reply: the plan stops there.
        for followup in self:
            if (
                followup.state in OPEN_STATES
                and followup.plan_id.stop_on_reply
                and message.author_id == followup.partner_id
                and message.message_type in ("email", "comment")
            ):
                followup._cs_stop("replied")
        return result

    # ------------------------------------------------------------------
    # GDPR
    # ------------------------------------------------------------------

    @api.model
    def _cs_gdpr_export(self, partner):
        followups = self.sudo().search([("partner_id", "=", partner.id)])
        return [
            {
                "model": "cs.followup",
                "plan": f.plan_id.name,
                "state": f.state,
                "stop_reason": f.stop_reason or "",
                "start_date": str(f.start_date),
                "satisfaction": f.satisfaction or "",
                "product_fitness": f.fitness or "",
                "answer_date": str(f.answer_date or ""),
                "invoice": f.invoice_id.name or "",
                "product": f.product_id.display_name or "",
            }
            for f in followups
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        followups = self.sudo().search([("partner_id", "in", partner.ids)])
        if not dry_run and followups:
            followups._cs_stop("erased")
            followups.message_ids.unlink()
            followups.unlink()
        return {"changed": len(followups), "kept": []}
