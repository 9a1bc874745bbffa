from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.legal_clock import LEGAL_TERM_DAYS

SECTORS = [
    ("energy", "Electricity and gas supply"),
    ("water", "Water supply"),
    ("transport", "Passenger transport"),
    ("postal", "Postal services"),
    ("telecom", "Electronic communications"),
    ("financial", "Financial services"),
    ("other", "Other sector with its own rule"),
]


class ResCompanyLegalClock(models.Model):
    _inherit = "res.company"

    cs_legal_term_days = fields.Integer(
        string="Legal Answer Term (business days)",
        default=LEGAL_TERM_DAYS,
        help="Business days to answer every query, incident, complaint and claim "
        "(Ley 10/2025: 15 unless a sector rule says otherwise).",
    )
    cs_legal_alert_days = fields.Integer(
        string="Legal Alert Before (days)",
        default=3,
        help="Warn the person in charge this many days before the legal deadline.",
    )
    cs_legal_sector = fields.Selection(
        SECTORS,
        string="Regulated Sector",
        help="Sector whose own rule sets the answer term; it replaces the general "
        "legal term.",
    )
    cs_legal_sector_term_days = fields.Integer(
        string="Sector Answer Term (business days)",
        help="Term set by the sector's rule, in business days.",
    )
    cs_arbitration_adhered = fields.Boolean(
        string="Adheres to Consumer Arbitration",
        help="The company adheres to the dispute resolution body below (Junta "
        "Arbitral de Consumo or another accredited entity).",
    )
    cs_arbitration_body = fields.Char(
        string="Dispute Resolution Body",
        help="Name of the consumer dispute resolution body that answers rejecting a "
        "complaint must name (Ley 7/2017, art. 40).",
    )

    @api.constrains(
        "cs_legal_term_days", "cs_legal_alert_days", "cs_legal_sector_term_days"
    )
    def _check_cs_legal_term(self):
        for company in self:
            if (
                company.cs_legal_term_days <= 0
                or company.cs_legal_alert_days < 0
                or company.cs_legal_sector_term_days < 0
                or (company.cs_legal_sector and not company.cs_legal_sector_term_days)
            ):
                raise ValidationError(
                    self.env._(
                        "The legal answer term of %(company)s must be a positive "
                        "number of business days, the alert cannot be negative, and a "
                        "regulated sector needs its own term.",
                        company=company.name,
                    )
                )
