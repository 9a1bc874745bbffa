from odoo import fields, models


class CsClassificationRule(models.Model):
    _name = "cs.classification.rule"
    _description = "Document Classification Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    document_type_id = fields.Many2one(
        "cs.document.type",
        string="Suggested Type",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    mimetype_pattern = fields.Char(
        string="File Types",
        help="MIME types sniffed from the content, comma-separated; * is a "
        "wildcard, e.g. image/*, application/pdf.",
    )
    filename_pattern = fields.Char(
        string="File Names",
        help="File-name patterns, comma-separated, e.g. *factura*, *invoice*. "
        "Accents and case are ignored.",
    )
    keywords = fields.Char(
        string="Keywords in Message",
        help="Words searched in the e-mail subject and body or the description, "
        "comma-separated.",
    )
    content_keywords = fields.Char(
        string="Keywords in Content",
        help="Words searched in the text extracted from the files, comma-separated.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _one_criterion = models.Constraint(
        "CHECK (mimetype_pattern IS NOT NULL OR filename_pattern IS NOT NULL "
        "OR keywords IS NOT NULL OR content_keywords IS NOT NULL)",
        "A classification rule needs at least one criterion: file type, file name, "
        "message keywords or content keywords.",
    )

    def _cs_as_dicts(self):
        return [
            {
                "key": rule.document_type_id.id,
                "sequence": rule.sequence,
                "mimetype": rule.mimetype_pattern,
                "filename": rule.filename_pattern,
                "keywords": rule.keywords,
                "content_keywords": rule.content_keywords,
            }
            for rule in self
        ]
