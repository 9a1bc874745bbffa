from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicketLifecycle(models.Model):
    """The one create and write override of customer_service on tickets.

    Features add named steps here rather than their own overrides, so the order in
    which one feature reads what another wrote is stated once, not left to the order
    in which Python files are imported.
    """

    _inherit = "helpdesk.ticket"

    # Computed before the insert, from the create values and without a query,
    # rather than after it: the description is not cached after an insert, and a
    # new ticket has no rating yet. The customer's commercial entity (a related
    # field of helpdesk_mgmt) is read from the create values too.
    cs_match_text = fields.Text(
        compute="_compute_cs_match_text", store=True, precompute=True
    )
    rating_last_value = fields.Float(
        compute="_compute_rating_last_value", store=True, precompute=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, precompute=True
    )

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

        3. follow-ups: a new ticket stops the customer's running follow-ups;
        4. vulnerability: demands of customers recorded as vulnerable get their
           priority, attention path and internal deadline.

        Both look up the customers' records in one query.
        """
        followups, vulnerabilities = self._cs_customer_records()
        self._cs_stop_followups_on_new_ticket(followups)
        self._cs_apply_vulnerability(vulnerabilities)

    def _cs_customer_records(self):
        """The running follow-ups these new tickets stop and the vulnerability
        records of their customers, in one query."""
        # sudo: follow-ups and vulnerabilities apply whoever creates the ticket
        # (portal, mail gateway, helpdesk users outside customer service).
        Followup = self.env["cs.followup"].sudo()
        Vulnerability = self.env["cs.vulnerability"].sudo()
        domains = (
            self._cs_stop_followups_domain(),
            self._cs_vulnerability_domain(),
        )
        if all(domain is None for domain in domains):
            return Followup, Vulnerability
        followup_ids, vulnerability_ids = self.env.execute_query(
            SQL(
                "SELECT %s, %s",
                *(
                    SQL("ARRAY(%s)", model._search(domain).select())
                    if domain is not None
                    else SQL("ARRAY[]::int[]")
                    for model, domain in zip(
                        (Followup, Vulnerability), domains, strict=True
                    )
                ),
            )
        )[0]
        return Followup.browse(followup_ids), Vulnerability.browse(vulnerability_ids)

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
