# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What Odoo does not make or undo by itself on install and uninstall."""

from odoo.tools import SQL

MODULE = "customer_service"

# Core tables the mass search reads; the addon's own tables get their full-text
# index from their model's init().
CORE_FTS_SOURCES = ("ticket", "message")
# helpdesk_mgmt's columns the addon indexes (models/helpdesk_ticket_indexes.py).
HELPDESK_INDEXED_COLUMNS = ("duplicate_id", "partner_id")


def post_init_hook(env):
    env["cs.search.wizard"]._cs_ensure_fts_objects(CORE_FTS_SOURCES)


def uninstall_hook(env):
    env["cs.search.wizard"]._cs_drop_fts_objects()
    _drop_document_type_sequences(env)
    _free_owned_records(env)
    env.cr.execute("DROP SEQUENCE IF EXISTS resource_calendar_cs_sla_stamp_seq")
    # Odoo keeps an index it no longer expects; these are on helpdesk_mgmt's columns.
    for column in HELPDESK_INDEXED_COLUMNS:
        env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier(f"helpdesk_ticket__{column}_index"),
            )
        )
    # The room left on ticket pages for the evaluator's in-place updates.
    env.cr.execute("ALTER TABLE helpdesk_ticket RESET (fillfactor)")
    env.cr.execute("DROP SEQUENCE IF EXISTS cs_form_read_stamp_seq")


def _drop_document_type_sequences(env):
    # Document types make their code sequences at run time, without an xmlid, so
    # Odoo would keep them; and ir.sequence.unlink() leaves the PostgreSQL sequence
    # of each yearly range behind unless the ranges go first.
    doc_types = env["cs.document.type"].with_context(active_test=False).search([])
    doc_types.sequence_id.date_range_ids.unlink()
    doc_types.sequence_id.unlink()


def _free_owned_records(env):
    """Let Odoo delete the records of other models the addon owns (demo contacts,
    the demo loyalty programme): records made at run time, which have no xmlid,
    still point at them and would keep them, and their xmlids, in the database."""
    # The addon's tables are dropped right after this hook: the foreign keys that
    # forbid deleting what their rows point at have no more use.
    tables = tuple(
        {
            model._table
            for model in env.registry.values()
            if model._original_module == MODULE and model._auto and not model._abstract
        }
    )
    rows = env.execute_query(
        SQL(
            "SELECT t.relname, c.conname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'f' AND c.confdeltype = 'r' AND t.relname IN %s",
            tables,
        )
    )
    for table, constraint in rows:
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
    # A programme cannot be deleted while it has cards.
    program_ids = (
        env["ir.model.data"]
        .search([("module", "=", MODULE), ("model", "=", "loyalty.program")])
        .mapped("res_id")
    )
    if program_ids:
        env["loyalty.card"].with_context(active_test=False).search(
            [("program_id", "in", program_ids)]
        ).unlink()
