from dateutil.relativedelta import relativedelta

from odoo import api, models


class CsIntakeComplaintSheet(models.Model):
    _inherit = "cs.intake"

    @api.depends(
        "ticket_id.cs_complaint_sheet_kind",
        "ticket_id.cs_complaint_sheet_region_id.retention_years",
        "ticket_id.cs_complaint_response_date",
    )
    def _compute_retention(self):
        """A complaint sheet and its answer are kept for the community's period
        after the answer (Andalucía: 4 years), whatever the document type says."""
        res = super()._compute_retention()
        for intake in self:
            # sudo: retention follows the complaint, whoever reads the intake.
            ticket = intake.sudo().ticket_id
            years = ticket.cs_complaint_sheet_region_id.retention_years
            if not (ticket.cs_complaint_sheet_kind and years and intake.received_at):
                continue
            start = ticket.cs_complaint_response_date or intake.received_at.date()
            regional = start + relativedelta(years=years)
            # An empty date means kept for ever: nothing to extend.
            if intake.retention_date and intake.retention_date < regional:
                intake.retention_date = regional
        return res
