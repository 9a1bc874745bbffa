# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.7.0: the loyalty rewards view moves from the ticket form to the loyalty
panel (``helpdesk_ticket_view_form_cs_loyalty_panel``). Its stored copy still inherits
the form, which loses the fields it hooks on as soon as the form's own view is
updated: the update then fails to validate it. It is deleted here, with its xml id,
and created again from the module's file under its new parent.
"""

MOVED_VIEWS = ["helpdesk_ticket_view_form_cs_loyalty_reward"]


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'customer_service' AND model = 'ir.ui.view'
                         AND name = ANY(%s))
        """,
        [MOVED_VIEWS],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'customer_service' "
        "AND model = 'ir.ui.view' AND name = ANY(%s)",
        [MOVED_VIEWS],
    )
