# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.7.0: the loyalty rewards view moves from the ticket form to the loyalty
panel (``helpdesk_ticket_view_form_cs_loyalty_panel``). Its stored copy still inherits
the form, which loses the fields it hooks on as soon as the form's own view is
updated: the update would then fail to validate it. It is detached from the form
here and the module's file gives it its new parent. The record is kept, so views a
customer made inheriting it keep their parent (deleting it would cascade to them).
"""

MOVED_VIEWS = ["helpdesk_ticket_view_form_cs_loyalty_reward"]


def migrate(cr, version):
    if not version:
        return
    # Without a parent a view must be primary (ir_ui_view's check); until the file
    # re-parents it (and write() makes it an extension again), its priority of 90
    # keeps it from being taken for the ticket's default form.
    cr.execute(
        """
        UPDATE ir_ui_view
           SET inherit_id = NULL, mode = 'primary'
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'customer_service' AND model = 'ir.ui.view'
                         AND name = ANY(%s))
        """,
        [MOVED_VIEWS],
    )
