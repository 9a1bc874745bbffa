import secrets
from urllib.parse import urlencode as url_encode

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import html_escape

from ..tools.satisfaction_metrics import (
    CES_HIGH_MIN,
    CSAT_LOW_MAX,
    NPS_DETRACTOR_MAX,
)
from ..tools.satisfaction_typology import NEGATIVE, tag_text

DELIVERY = [
    ("email", "E-mail link"),
    ("sms", "SMS short link"),
    ("kiosk", "QR / kiosk"),
]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    cs_is_satisfaction = fields.Boolean(
        string="Satisfaction Answer", readonly=True, index=True, copy=False
    )
    cs_rule_id = fields.Many2one(
        "cs.survey.rule", string="Sending Rule", readonly=True, index="btree_not_null"
    )
    cs_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", readonly=True, index="btree_not_null"
    )
    cs_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Team", readonly=True, index="btree_not_null"
    )
    cs_agent_id = fields.Many2one(
        "res.users", string="Agent", readonly=True, index="btree_not_null"
    )
    cs_channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Channel",
        readonly=True,
        index="btree_not_null",
    )
    cs_category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Category",
        readonly=True,
        index="btree_not_null",
    )
    cs_product_id = fields.Many2one(
        "product.product", string="Product", readonly=True, index="btree_not_null"
    )
    cs_company_id = fields.Many2one(
        "res.company", string="Company", readonly=True, index="btree_not_null"
    )
    cs_delivery = fields.Selection(DELIVERY, string="Delivery", readonly=True)
    cs_sent_date = fields.Datetime(string="Sent On", readonly=True, index=True)
    cs_reminder_sent = fields.Boolean(string="Reminder Sent", readonly=True)
    cs_short_code = fields.Char(string="Short Code", readonly=True, copy=False)
    cs_csat = fields.Integer(string="CSAT", readonly=True, aggregator="avg")
    cs_nps = fields.Integer(string="NPS Score", readonly=True, aggregator="avg")
    cs_ces = fields.Integer(string="CES", readonly=True, aggregator="avg")
    cs_has_csat = fields.Boolean(string="Has CSAT", readonly=True)
    cs_has_nps = fields.Boolean(string="Has NPS", readonly=True)
    cs_has_ces = fields.Boolean(string="Has CES", readonly=True)
    cs_reasons = fields.Char(string="Reasons", readonly=True)
    cs_comment = fields.Text(string="Comment", readonly=True)
    cs_typology_ids = fields.Many2many(
        "cs.satisfaction.typology",
        string="Complaint Topics",
        readonly=True,
        help="Topics the comment complains about, found by the typology keywords.",
    )
    cs_praise_typology_ids = fields.Many2many(
        "cs.satisfaction.typology",
        "survey_user_input_cs_praise_typology_rel",
        string="Praised Topics",
        readonly=True,
    )
    cs_deficiency = fields.Boolean(string="Deficiency", readonly=True, index=True)
    cs_incident_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Incident",
        readonly=True,
        index="btree_not_null",
    )
    cs_short_url = fields.Char(string="Short Link", compute="_compute_cs_short_url")
    cs_qr_url = fields.Char(string="QR Code", compute="_compute_cs_short_url")

    _cs_short_code_unique = models.UniqueIndex(
        "(cs_short_code) WHERE cs_short_code IS NOT NULL"
    )

    def _compute_cs_short_url(self):
        for answer in self:
            # get_base_url() is per record (company, website): never on the batch.
            answer.cs_short_url = (
                f"{answer.get_base_url()}/cs/s/{answer.cs_short_code}"
                if answer.cs_short_code
                else False
            )
            answer.cs_qr_url = answer.cs_short_url and (
                "/report/barcode/?"
                + url_encode(
                    {
                        "barcode_type": "QR",
                        "value": answer.cs_short_url,
                        "width": 220,
                        "height": 220,
                    }
                )
            )

    def _cs_rating_url(self):
        """Base of the one-tap rating links of the answer's ticket (append /5, /3
        or /1), so the quick rating and the survey share the same context."""
        self.ensure_one()
        ticket = self.cs_ticket_id
        if not ticket or not self.partner_id:
            return False
        # The rating token is created on the customer's behalf by the sender.
        token = ticket.sudo()._rating_get_access_token(partner=self.partner_id)
        return f"{self.get_base_url()}/rate/{token}"

    @api.model
    def _cs_context_values(self, ticket):
        """Context stored on an answer so every metric can be cut by it."""
        return {
            "cs_is_satisfaction": True,
            "cs_ticket_id": ticket.id,
            "cs_team_id": ticket.team_id.id,
            "cs_agent_id": ticket.user_id.id,
            "cs_channel_id": ticket.channel_id.id,
            "cs_category_id": ticket.category_id.id,
            "cs_product_id": ticket.cs_product_id.id,
            "cs_company_id": ticket.company_id.id,
            "cs_short_code": secrets.token_urlsafe(6),
        }

    def _cs_deliver(self, reminder=False):
        """Send the survey link by e-mail or SMS; kiosk answers are handed over."""
        for answer in self:
            if answer.cs_delivery == "email":
                template = self.env.ref(
                    "customer_service.mail_template_cs_satisfaction_survey"
                )
                template.with_context(cs_reminder=reminder).send_mail(
                    answer.id, email_layout_xmlid="mail.mail_notification_light"
                )
            elif answer.cs_delivery == "sms":
                answer._cs_send_sms(reminder)

    def _cs_send_sms(self, reminder):
        self.ensure_one()
        partner = self.partner_id
        env = self.with_context(lang=partner.lang or self.env.lang).env
        if reminder:
            body = env._(
                "%(company)s: reminder, your opinion matters. 1 minute: %(url)s",
                company=(self.cs_company_id or env.company).name,
                url=self.cs_short_url,
            )
        else:
            body = env._(
                "%(company)s: how did we do? Tell us in 1 minute: %(url)s",
                company=(self.cs_company_id or env.company).name,
                url=self.cs_short_url,
            )
        # Sending SMS needs rights on sms.sms the agent does not have; the number is
        # the contact's own, checked by the sending rule.
        self.env["sms.sms"].sudo().create(
            {"number": partner.phone_sanitized, "body": body, "partner_id": partner.id}
        ).send()

    # ------------------------------------------------------------------
    # Scores, topics and deficiencies once answered
    # ------------------------------------------------------------------

    def _mark_done(self):
        res = super()._mark_done()
        satisfaction = self.filtered("cs_is_satisfaction")
        if satisfaction:
            satisfaction._cs_compute_scores()
            satisfaction._cs_tag_comment()
            satisfaction._cs_detect_deficiency()
        return res

    def _cs_compute_scores(self):
        for answer in self:
            vals = {
                "cs_has_csat": False,
                "cs_has_nps": False,
                "cs_has_ces": False,
                "cs_csat": 0,
                "cs_nps": 0,
                "cs_ces": 0,
            }
            reasons, comments = [], []
            for line in answer.user_input_line_ids.filtered(lambda x: not x.skipped):
                metric = line.question_id.cs_metric
                if metric in ("csat", "nps", "ces") and line.answer_type == "scale":
                    vals[f"cs_{metric}"] = line.value_scale
                    vals[f"cs_has_{metric}"] = True
                elif metric == "reason" and line.suggested_answer_id:
                    reasons.append(line.suggested_answer_id.value)
                elif metric == "comment" and line.value_text_box:
                    comments.append(line.value_text_box)
            vals["cs_reasons"] = ", ".join(reasons) or False
            vals["cs_comment"] = "\n".join(comments) or False
            answer.write(vals)

    def _cs_tag_comment(self):
        typologies = self.env["cs.satisfaction.typology"].search(
            [("active", "=", True)]
        )
        specs = {t.id: t._cs_keyword_spec() for t in typologies}
        for answer in self:
            tags = tag_text(answer.cs_comment or "", specs) if answer.cs_comment else {}
            answer.cs_typology_ids = [
                fields.Command.set([k for k, v in tags.items() if v == NEGATIVE])
            ]
            answer.cs_praise_typology_ids = [
                fields.Command.set([k for k, v in tags.items() if v != NEGATIVE])
            ]

    def _cs_deficiency_reasons(self):
        """Why this answer reveals a deficiency (translated phrases), or []."""
        self.ensure_one()
        reasons = []
        if self.cs_has_nps and self.cs_nps <= NPS_DETRACTOR_MAX:
            reasons.append(self.env._("detractor (NPS %(score)s)", score=self.cs_nps))
        if self.cs_has_csat and self.cs_csat <= CSAT_LOW_MAX:
            reasons.append(self.env._("low CSAT (%(score)s/5)", score=self.cs_csat))
        if self.cs_has_ces and self.cs_ces >= CES_HIGH_MIN:
            reasons.append(
                self.env._("high effort (CES %(score)s/7)", score=self.cs_ces)
            )
        return reasons

    def _cs_summary_html(self):
        self.ensure_one()
        rows = [
            (self.env._("Contact"), self.partner_id.display_name or ""),
            (self.env._("Ticket"), self.cs_ticket_id.display_name or ""),
            (self.env._("Channel"), self.cs_channel_id.display_name or ""),
            ("CSAT", self.cs_has_csat and f"{self.cs_csat}/5" or "-"),
            ("NPS", self.cs_has_nps and f"{self.cs_nps}/10" or "-"),
            ("CES", self.cs_has_ces and f"{self.cs_ces}/7" or "-"),
            (self.env._("Reasons"), self.cs_reasons or ""),
            (self.env._("Comment"), self.cs_comment or ""),
        ]
        return Markup("<ul>%s</ul>") % Markup("").join(
            Markup("<li><strong>%s</strong>: %s</li>") % (label, html_escape(value))
            for label, value in rows
        )

    def _cs_detect_deficiency(self):
        for answer in self:
            reasons = answer._cs_deficiency_reasons()
            if not reasons:
                continue
            answer.cs_deficiency = True
            rule = answer.cs_rule_id
            mode = rule.incident_mode if rule else "activity"
            if mode == "ticket":
                answer._cs_open_incident_ticket(reasons)
            elif mode == "activity":
                answer._cs_open_incident_activity(reasons)

    def _cs_open_incident_ticket(self, reasons):
        self.ensure_one()
        team = self.cs_rule_id.incident_team_id or self.cs_team_id
        # The customer submits the survey as the public user: the incident is
        # created by the system on the team's behalf.
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(tracking_disable=True)
            .create(
                {
                    "name": self.env._(
                        "Satisfaction deficiency: %(reasons)s",
                        reasons=", ".join(reasons),
                    ),
                    "description": self._cs_summary_html(),
                    "partner_id": self.partner_id.id,
                    "team_id": team.id,
                    "user_id": team.user_id.id,
                    "category_id": self.cs_category_id.id,
                    "channel_id": self.cs_channel_id.id,
                    "company_id": (self.cs_company_id or self.env.company).id,
                    "cs_satisfaction_input_id": self.id,
                }
            )
        )
        self.sudo().cs_incident_ticket_id = ticket
        return ticket

    def _cs_supervisor(self):
        self.ensure_one()
        return (
            self.cs_rule_id.supervisor_id
            or self.cs_team_id.user_id
            or self.cs_rule_id.incident_team_id.user_id
            or self.env.ref("base.user_admin")
        )

    def _cs_open_incident_activity(self, reasons):
        self.ensure_one()
        target = self.cs_ticket_id or self
        target.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Satisfaction deficiency: %(reasons)s", reasons=", ".join(reasons)
            ),
            note=self._cs_summary_html(),
            user_id=self._cs_supervisor().id,
        )

    # ------------------------------------------------------------------
    # GDPR export and erasure, called by res.partner's _cs_gdpr_export_all and
    # _cs_gdpr_erase_all (models/res_partner_gdpr.py)
    # ------------------------------------------------------------------

    @api.model
    def _cs_gdpr_export(self, partner):
        # Every survey the person answered, satisfaction or not.
        answers = self.sudo().search([("partner_id", "=", partner.id)])
        return [
            {
                "model": self._name,
                "id": answer.id,
                "survey": answer.survey_id.title,
                "sent_on": fields.Datetime.to_string(answer.cs_sent_date),
                "state": answer.state,
                "ticket": answer.cs_ticket_id.display_name or None,
                "channel": answer.cs_channel_id.name or None,
                "csat": answer.cs_csat if answer.cs_has_csat else None,
                "nps": answer.cs_nps if answer.cs_has_nps else None,
                "ces": answer.cs_ces if answer.cs_has_ces else None,
                "reasons": answer.cs_reasons or None,
                "comment": answer.cs_comment or None,
            }
            for answer in answers
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        """Anonymise satisfaction answers: scores stay for the statistics, the
        contact, e-mail and free text go."""
        # Every survey the person answered, satisfaction or not.
        answers = self.sudo().search([("partner_id", "in", partner.ids)])
        kept = []
        if answers:
            kept.append(
                self.env._(
                    "%(count)s satisfaction answers keep their anonymous scores for "
                    "the statistics.",
                    count=len(answers),
                )
            )
        if not dry_run and answers:
            text_lines = answers.user_input_line_ids.filtered(
                lambda x: x.answer_type in ("text_box", "char_box")
            )
            text_lines.write({"value_text_box": False, "value_char_box": False})
            answers.write(
                {
                    "partner_id": False,
                    "email": False,
                    "nickname": False,
                    "cs_comment": False,
                }
            )
            answers.message_ids.unlink()
        return {"changed": len(answers), "kept": kept}
