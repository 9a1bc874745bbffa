from odoo import models
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

STAMP_SEQUENCE = "cs_form_read_stamp_seq"


def ensure_stamp_sequence(cr, sequence=STAMP_SEQUENCE):
    # A sequence, not a counter: a stamp given in a transaction that rolls back is
    # never given again, so a value cached under it is never read back.
    cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s", SQL.identifier(sequence)))


def stamp_rows(env, table, ids, column="cs_stamp", sequence=STAMP_SEQUENCE):
    """Give the rows ``ids`` of ``table`` (None: every row) a new stamp from
    ``sequence``; returns nothing. The SLA calendars' stamps use it too."""
    if ids is not None and not ids:
        return
    if env.context.get(MODULE_UNINSTALL_FLAG):
        # The addon's records go after its uninstall hook has dropped the
        # sequences, and no stamp is read any more.
        return
    env.execute_query(
        SQL(
            "UPDATE %s SET %s = nextval(%s)%s",
            SQL.identifier(table),
            SQL.identifier(column),
            sequence,
            SQL(" WHERE id IN %s", tuple(ids)) if ids is not None else SQL(),
        )
    )


class CsAgentScopeStampMixin(models.AbstractModel):
    """Categories and channels that agent scopes allow: creating, editing,
    archiving or deleting one gives the scopes that list it a new stamp, so their
    cached allowed sets are looked up under a new key and no cache is cleared.

    The models mixing this in name the scope's Many2many in ``_cs_scope_field``.
    """

    _name = "cs.agent.scope.stamp.mixin"
    _description = "Stamps the agent scopes that list these records"

    _cs_scope_field = None

    def _cs_scope_ids(self):
        """Ids of the scopes that list these records, archived ones included."""
        if not self.ids:
            return []
        field = self.env["cs.agent.scope"]._fields[self._cs_scope_field]
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT %s FROM %s WHERE %s IN %s",
                SQL.identifier(field.column1),
                SQL.identifier(field.relation),
                SQL.identifier(field.column2),
                tuple(self.ids),
            )
        )
        return [row[0] for row in rows]

    def _cs_stamp_scopes(self, scope_ids):
        # sudo: the scopes' owners are stamped too, whoever edits the category.
        self.env["cs.agent.scope"].sudo().browse(scope_ids)._cs_stamp()

    def write(self, vals):
        result = super().write(vals)
        self._cs_stamp_scopes(self._cs_scope_ids())
        return result

    def unlink(self):
        scope_ids = self._cs_scope_ids()
        result = super().unlink()
        self._cs_stamp_scopes(scope_ids)
        return result
