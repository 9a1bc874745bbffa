from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _leave_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None
    ):
        # A regional public holiday closes only the companies located in that
        # region; for the others it matters only to their customers' legal terms.
        companies = self.company_id or self.env.company
        if domain is None:
            domain = [("time_type", "=", "leave")]
        domain = list(domain) + [
            "|",
            ("cs_country_id", "=", False),
            ("cs_country_id", "in", companies.country_id.ids),
            "|",
            ("cs_state_ids", "=", False),
            ("cs_state_ids", "in", companies.state_id.ids),
        ]
        return super()._leave_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz
        )
