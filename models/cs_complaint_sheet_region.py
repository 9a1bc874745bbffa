from odoo import api, fields, models
from odoo.exceptions import ValidationError

SHEET_KINDS = [
    ("complaint", "Complaint (queja / queixa)"),
    ("claim", "Claim (reclamación / reclamació)"),
    ("report", "Report (denuncia / denúncia)"),
]


class CsComplaintSheetRegion(models.Model):
    _name = "cs.complaint.sheet.region"
    _description = "Regional Complaint Sheet Rules"
    _order = "name"

    name = fields.Char(string="Autonomous Community", required=True, translate=True)
    code = fields.Char(required=True, help="Short code of the autonomous community.")
    country_id = fields.Many2one(
        "res.country",
        required=True,
        index=True,
        default=lambda self: self.env.ref("base.es"),
    )
    state_ids = fields.Many2many(
        "res.country.state",
        "cs_complaint_sheet_region_state_rel",
        "region_id",
        "state_id",
        string="Provinces",
        domain="[('country_id', '=', country_id)]",
        help="Customers whose address is in one of these provinces fall under this "
        "community's complaint sheet rules.",
    )
    regulation = fields.Char(help="Decree or law that regulates the sheets.")
    answer_days = fields.Integer(
        string="Answer Term (business days)",
        default=15,
        help="Business days the company has to answer a complaint filed on this "
        "community's sheet. It replaces the general legal term for such complaints.",
    )
    allow_complaint = fields.Boolean(string="Complaint Sheets", default=True)
    allow_claim = fields.Boolean(string="Claim Sheets", default=True)
    allow_report = fields.Boolean(string="Report Sheets")
    copies = fields.Integer(default=3, help="Copies of the printed sheet.")
    retention_years = fields.Integer(
        string="Keep (years)",
        default=0,
        help="Years the company keeps the sheet and its answer; 0 when the "
        "regulation sets no period. Intakes linked to such a complaint are kept "
        "at least this long after the answer.",
    )
    arbitration_after_days = fields.Integer(
        string="Arbitration After (days)",
        help="Calendar days without an answer after which the customer may go to "
        "consumer arbitration; 0 when the regulation says nothing.",
    )
    verified = fields.Boolean(
        help="The figures were checked against the official text. Unchecked rows "
        "use the general rule until someone checks them.",
    )
    note = fields.Text()
    active = fields.Boolean(default=True)

    _code_unique = models.Constraint(
        "UNIQUE(country_id, code)", "Each community has one set of sheet rules."
    )

    @api.constrains("answer_days", "copies", "retention_years")
    def _check_figures(self):
        for region in self:
            if (
                region.answer_days <= 0
                or region.copies <= 0
                or region.retention_years < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The complaint sheet rules of %(region)s need a positive "
                        "answer term and number of copies, and a retention that is not "
                        "negative.",
                        region=region.name,
                    )
                )

    def _cs_allowed_kinds(self):
        self.ensure_one()
        return [
            kind
            for kind, allowed in (
                ("complaint", self.allow_complaint),
                ("claim", self.allow_claim),
                ("report", self.allow_report),
            )
            if allowed
        ]

    @api.model
    def _cs_for_state(self, states):
        """Sheet rules per province id, for the given provinces."""
        regions = self.search([("state_ids", "in", states.ids)])
        return {state.id: region for region in regions for state in region.state_ids}
