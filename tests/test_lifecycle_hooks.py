from odoo.tests import TransactionCase, tagged

from ..hooks import post_init_hook, uninstall_hook

SEARCH_OBJECTS = {
    "index cs_intake_cs_vector_idx",
    "index cs_knowledge_item_cs_fts_idx",
    "index helpdesk_ticket_cs_vector_idx",
    "index mail_message_cs_vector_idx",
    "column cs_intake.cs_search_vector",
    "column helpdesk_ticket.cs_search_vector",
    "column mail_message.cs_search_vector",
    "trigger helpdesk_ticket.cs_search_vector",
    "trigger mail_message.cs_search_vector",
    "function cs_helpdesk_ticket_search_vector",
    "function cs_mail_message_search_vector",
    "text search configuration cs_en",
    "text search configuration cs_es",
}


@tagged("post_install", "-at_install")
class TestLifecycleHooks(TransactionCase):
    """The hooks make and remove what the ORM does not; the uninstall itself is
    checked end to end by .ci/lifecycle."""

    def _search_objects(self):
        self.env.cr.execute(
            r"""
            SELECT 'index ' || indexname FROM pg_indexes
             WHERE indexname LIKE '%\_cs\_fts\_idx'
                OR indexname LIKE '%\_cs\_vector\_idx'
            UNION ALL SELECT 'column ' || table_name || '.' || column_name
              FROM information_schema.columns WHERE column_name = 'cs_search_vector'
            UNION ALL SELECT 'trigger ' || c.relname || '.' || t.tgname
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE t.tgname = 'cs_search_vector'
            UNION ALL SELECT 'function ' || proname FROM pg_proc
             WHERE proname LIKE 'cs\_%\_search\_vector'
            UNION ALL SELECT 'text search configuration ' || cfgname FROM pg_ts_config
             WHERE cfgname IN ('cs_es', 'cs_en')
            """
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _pg_sequences(self, sequence):
        self.env.cr.execute(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_name LIKE %s",
            [f"ir\\_sequence\\_{sequence.id:03d}%"],
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_install_hooks_make_the_search_objects_again(self):
        self.assertEqual(self._search_objects(), SEARCH_OBJECTS)
        self.env["cs.search.wizard"]._cs_drop_fts_objects()
        self.assertFalse(self._search_objects())
        post_init_hook(self.env)
        self.env["helpdesk.ticket"].init()
        self.env["mail.message"].init()
        self.env["cs.intake"].init()
        self.env["cs.knowledge.item"].init()
        self.assertEqual(self._search_objects(), SEARCH_OBJECTS)
        item = self.env["cs.knowledge.item"].create(
            {"name": "Descalcificar", "body": "Cómo descalcificar la cafetera exprés"}
        )
        wizard = self.env["cs.search.wizard"].create({"query": "cafetera expres"})
        self.assertIn(
            ("knowledge", item.id),
            [(r["source"], r["id"]) for r in wizard._cs_run_search()],
        )

    def test_uninstall_hook_removes_what_odoo_would_keep(self):
        sequence = self.env.ref("customer_service.cs_document_type_invoice").sequence_id
        self.assertTrue(sequence.date_range_ids)
        # The sequence's own and one per yearly range (this year and the next).
        self.assertEqual(
            len(self._pg_sequences(sequence)), 1 + len(sequence.date_range_ids)
        )
        uninstall_hook(self.env)
        self.assertFalse(self._search_objects())
        self.assertFalse(sequence.exists())
        self.assertFalse(self._pg_sequences(sequence))
        self.env.cr.execute(
            "SELECT t.relname, c.conname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'f' AND c.confdeltype = 'r' AND t.relname LIKE 'cs\\_%%'"
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_configuration_used_elsewhere_is_kept(self):
        self.env.cr.execute(
            "CREATE INDEX test_cs_es_user ON res_partner "
            "USING gin (to_tsvector('cs_es'::regconfig, coalesce(name, '')))"
        )
        with self.assertLogs(
            "odoo.addons.customer_service.wizards.cs_search_wizard", "WARNING"
        ) as logs:
            self.env["cs.search.wizard"]._cs_drop_fts_objects()
        self.assertIn("cs_es kept", logs.output[0])
        self.assertEqual(self._search_objects(), {"text search configuration cs_es"})
