from odoo import fields, models


class CsAddressForm(models.Model):
    _name = "cs.address.form"
    _description = "Form of Address"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, help="e.g. Señora, Doctor")
    shortcut = fields.Char(
        string="Abbreviation", translate=True, help="Used in greetings, e.g. Sra."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
