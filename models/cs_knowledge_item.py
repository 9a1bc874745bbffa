from odoo import fields, models


class CsKnowledgeItem(models.Model):
    _name = "cs.knowledge.item"
    _description = "Knowledge Item"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(string="Title", required=True)
    kind = fields.Selection(
        [("manual", "Manual"), ("brochure", "Brochure"), ("faq", "FAQ")],
        required=True,
        default="faq",
    )
    body = fields.Text(
        string="Text",
        help="Written in the language of its readers; searched in Spanish and English.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_knowledge_item_ir_attachment_rel",
        "item_id",
        "attachment_id",
        string="Files",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def init(self):
        res = super().init()
        self.env["cs.search.wizard"]._cs_ensure_fts_objects(["knowledge"])
        return res
