from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.satisfaction_typology import parse_keywords


class CsSatisfactionTypology(models.Model):
    _name = "cs.satisfaction.typology"
    _description = "Satisfaction Comment Topic"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    keywords_es = fields.Text(
        string="Spanish Keywords",
        help="Comma-separated. esper* matches every word starting with esper; a "
        "leading + marks praise (+amable), whose negation is a complaint. Accents "
        "and case are ignored.",
    )
    keywords_en = fields.Text(string="English Keywords", help="Same syntax.")

    @api.constrains("keywords_es", "keywords_en")
    def _check_keywords(self):
        for typology in self:
            spec = ",".join(filter(None, [typology.keywords_es, typology.keywords_en]))
            if not parse_keywords(spec):
                raise ValidationError(
                    self.env._(
                        "Topic %(name)s needs at least one keyword, in Spanish or "
                        "English, to tag comments.",
                        name=typology.name,
                    )
                )

    def _cs_keyword_spec(self):
        self.ensure_one()
        return parse_keywords(
            ",".join(filter(None, [self.keywords_es, self.keywords_en]))
        )
