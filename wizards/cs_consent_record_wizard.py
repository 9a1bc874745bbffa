from odoo import api, fields, models
from odoo.exceptions import UserError


class CsConsentRecordWizard(models.TransientModel):
    _name = "cs.consent.record.wizard"
    _description = "Record a Consent Decision"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True)
    purpose_id = fields.Many2one(
        "cs.processing.purpose",
        required=True,
        domain="[('requires_consent', '=', True)]",
    )
    notice_id = fields.Many2one(
        "cs.privacy.notice",
        string="Notice Read to the Contact",
        compute="_compute_notice_id",
    )
    notice_body = fields.Html(related="notice_id.body", string="Notice Text")
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("phone", "Phone")],
        string="For Messages By",
        required=True,
        default="email",
    )
    state = fields.Selection(
        [("given", "Given"), ("refused", "Refused"), ("withdrawn", "Withdrawn")],
        string="Decision",
        required=True,
        default="given",
    )
    source = fields.Selection(
        [("phone", "Phone call"), ("in_person", "In person"), ("paper", "Signed form")],
        string="Collected Through",
        required=True,
        default="phone",
    )
    attested = fields.Boolean(
        string="I attest this",
        help="The contact stated this decision personally, after being told the "
        "privacy notice above.",
    )

    @api.depends("purpose_id")
    def _compute_notice_id(self):
        for wizard in self:
            wizard.notice_id = wizard.purpose_id.current_notice_id

    def action_confirm(self):
        self.ensure_one()
        if not self.attested:
            raise UserError(
                self.env._(
                    "Tick “I attest this” to confirm that the contact stated this "
                    "decision personally after hearing the privacy notice."
                )
            )
        sources = dict(self._fields["source"]._description_selection(self.env))
        attestation = self.env._(
            "%(agent)s attests that %(contact)s stated this decision (%(how)s) on "
            "%(date)s after being told notice %(notice)s.",
            agent=self.env.user.name,
            contact=self.partner_id.display_name,
            how=sources[self.source],
            date=fields.Datetime.to_string(fields.Datetime.now()),
            notice=self.notice_id.display_name or "-",
        )
        # sudo: proofs are readable by the DPO only, but the agent is the one who
        # attests; collected_by_id keeps who it was.
        self.env["cs.consent"].sudo()._cs_record(
            self.partner_id,
            self.purpose_id,
            self.channel,
            self.state,
            self.source,
            proof_attestation=attestation,
            notice_id=self.notice_id.id,
            collected_by_id=self.env.user.id,
        )
        return {"type": "ir.actions.act_window_close"}

    def action_send_opt_in(self):
        """Ask by e-mail instead: the contact confirms through a signed link."""
        self.ensure_one()
        self.partner_id._cs_request_opt_in(self.purpose_id.code, self.channel)
        return {"type": "ir.actions.act_window_close"}
