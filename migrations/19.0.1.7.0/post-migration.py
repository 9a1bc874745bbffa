# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.7.0: the rules in force on a ticket move from the relation table
``cs_escalation_fired_rel`` to the ticket's ``cs_escalation_fired_rules`` column (rule
ids, in order), which the evaluator reads and writes with the ticket's row.

The column exists by now (the module's tables are updated before this script); the
table's rows are copied into it, then the table and its relation record go. Run again
it finds no table and does nothing.
"""

from odoo.tools.sql import table_exists


def migrate(cr, version):
    if not version or not table_exists(cr, "cs_escalation_fired_rel"):
        return
    cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET cs_escalation_fired_rules = f.rule_ids
          FROM (SELECT ticket_id, jsonb_agg(rule_id ORDER BY rule_id) AS rule_ids
                  FROM cs_escalation_fired_rel
              GROUP BY ticket_id) f
         WHERE t.id = f.ticket_id
        """
    )
    cr.execute("DROP TABLE cs_escalation_fired_rel")
    cr.execute("DELETE FROM ir_model_relation WHERE name = 'cs_escalation_fired_rel'")
