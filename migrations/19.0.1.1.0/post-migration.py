# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0: hardening and packaging release.

Crons and templates are now ``noupdate``, so an upgrade no longer brings a changed
default to databases that have them: the steps below do it where the customer kept the
old default. Every step is idempotent, so an upgrade interrupted halfway can run again.
"""


def migrate(cr, version):
    if not version:
        return
    # Next year's intake code ranges are opened daily instead of weekly: parallel first
    # registrations of a year raced when the range was missing. Only the shipped
    # weekly default is changed; an interval the customer chose stays.
    cr.execute(
        """
        UPDATE ir_cron c
           SET interval_type = 'days'
          FROM ir_model_data d
         WHERE d.module = 'customer_service'
           AND d.name = 'ir_cron_cs_document_type_sequences'
           AND d.model = 'ir.cron'
           AND d.res_id = c.id
           AND c.interval_type = 'weeks'
           AND c.interval_number = 1
        """
    )
