from odoo import api, fields, models

LEGAL_BASES = [
    ("consent", "Consent (Art. 6(1)(a))"),
    ("contract", "Contract (Art. 6(1)(b))"),
    ("legal_obligation", "Legal obligation (Art. 6(1)(c))"),
    ("vital_interest", "Vital interest (Art. 6(1)(d))"),
    ("public_task", "Public task (Art. 6(1)(e))"),
    ("legitimate_interest", "Legitimate interest (Art. 6(1)(f))"),
]


class CsProcessingPurpose(models.Model):
    _name = "cs.processing.purpose"
    _description = "Processing Purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code senders use to check consent: service, survey, "
        "commercial, loyalty, profiling.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    description = fields.Text(translate=True)
    legal_basis = fields.Selection(LEGAL_BASES, required=True, default="consent")
    requires_consent = fields.Boolean(compute="_compute_requires_consent", store=True)
    data_categories = fields.Text(
        translate=True,
        help="Categories of personal data processed, e.g. identification, contact.",
    )
    retention_months = fields.Integer(
        string="Retention (months)",
        default=60,
        help="After this many months without activity the contact's data is "
        "anonymised by the retention job. 0 keeps the data.",
    )
    renewal_months = fields.Integer(
        string="Consent Renewal (months)",
        default=24,
        help="A consent expires after this many months and must be asked again. "
        "0: it does not expire.",
    )
    notice_ids = fields.One2many(
        "cs.privacy.notice", "purpose_id", string="Privacy Notice Versions"
    )
    current_notice_id = fields.Many2one(
        "cs.privacy.notice",
        compute="_compute_current_notice_id",
    )

    _code_company_uniq = models.Constraint(
        "unique(code, company_id)",
        "A purpose code must be unique per company.",
    )

    @api.depends("legal_basis")
    def _compute_requires_consent(self):
        for purpose in self:
            purpose.requires_consent = purpose.legal_basis == "consent"

    @api.depends("notice_ids.version", "notice_ids.date")
    def _compute_current_notice_id(self):
        today = fields.Date.context_today(self)
        for purpose in self:
            notices = purpose.notice_ids.filtered(
                lambda n: not n.date or n.date <= today
            )
            purpose.current_notice_id = notices.sorted("version")[-1:]

    @api.model
    def _cs_get(self, code):
        """The purpose with ``code`` for the current company (or shared)."""
        return self.search(
            [("code", "=", code), ("company_id", "in", [False, self.env.company.id])],
            order="company_id",
            limit=1,
        )
