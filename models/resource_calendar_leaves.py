from odoo import api, fields, models


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

    @api.model
    def _cs_share_public_holidays(self):
        """Shipped public holidays belong to no company: they are a place's, not a
        company's, and every company counts them for its customers there."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "customer_service"),
                ("model", "=", self._name),
                ("name", "=like", "cs_holiday_es_%"),
            ]
        )
        self.browse(data.mapped("res_id")).write({"company_id": False})
