from odoo import api, models


class HelpdeskTicketLifecycle(models.Model):
    """The one create and write override of customer_service on tickets.

    Features add named steps here rather than their own overrides, so the order in
    which one feature reads what another wrote is stated once, not left to the order
    in which Python files are imported.
    """

    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._cs_sync_product_vals(vals) for vals in vals_list]
        tickets = super().create(vals_list)
        tickets._cs_after_create()
        return tickets

    def _prepare_create_values(self, vals_list):
        """Steps on the create values, complete with defaults, before the insert:

        1. loyalty: raise the priority to the customer's tier priority;
        2. SLA: match the policy on that priority and plan its deadlines, shortened
           by the tier's SLA factor.
        """
        vals_list = super()._prepare_create_values(vals_list)
        self._cs_loyalty_priority_vals(vals_list)
        self._cs_sla_plan_create_vals(vals_list)
        return vals_list

    def _cs_after_create(self):
        """Steps on new tickets, after the loyalty and SLA steps of
        _prepare_create_values:

        3. follow-ups: a new ticket stops the customer's running follow-ups.
        """
        self._cs_stop_followups_on_new_ticket()

    def write(self, vals):
        """Steps around a write, in this order:

        before: the farewell check (CR1.6) and the agent's scope refuse a closing;
        after: SLA pause and replanning, the note on tickets closed without the
        farewell, then the follow-up plans and the satisfaction survey of closed
        tickets.
        """
        vals = self._cs_sync_product_vals(vals)
        closing = self._cs_closing(vals)
        missing_farewell = self.browse()
        was_closed = {}
        if "stage_id" in vals:
            if closing:
                closing._cs_check_farewell()
                missing_farewell = closing._cs_farewell_missing()
            if self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed:
                self._cs_check_scope_on_close()
            vals = self._cs_farewell_vals(vals)
            was_closed = {ticket.id: ticket.closed for ticket in self}
        result = super().write(vals)
        if "stage_id" in vals:
            self._cs_after_stage_change(was_closed)
        elif "cs_first_contact_date" in vals:
            self._cs_sla_replan()
        if closing:
            self._cs_log_closed_without_farewell(missing_farewell)
            closing._cs_trigger_closed_followups()
            self.env["cs.survey.rule"]._cs_on_tickets_closed(closing._cs_survey_due())
        return result
