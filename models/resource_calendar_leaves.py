from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    cs_country_id = fields.Many2one(
        "res.country",
        string="Country",
        index="btree_not_null",
        help="Public holiday of this country only: it counts for the companies and "
        "the customers located there. Leave empty for a day off everywhere.",
    )
    cs_state_ids = fields.Many2many(
        "res.country.state",
        "cs_calendar_leave_state_rel",
        "leave_id",
        "state_id",
        string="Regions",
        domain="[('country_id', '=?', cs_country_id)]",
        help="Public holiday of these regions only (for Spain, the provinces of the "
        "autonomous community): it counts for the companies and the customers "
        "located there. Leave empty for the whole country.",
    )
