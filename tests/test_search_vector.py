from markupsafe import Markup

from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import fts
from ..wizards.cs_search_wizard import vector_sql
from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestSearchVector(IntakeCase):
    """Tickets and messages keep a stored search vector that PostgreSQL refreshes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._ticket(
            "phone", name="Tostadora", description="<p>La tostadora no enciende</p>"
        )
        cls.theirs = cls._ticket(
            "phone",
            name="Tostadora del equipo B",
            description="<p>La tostadora del almacén</p>",
            user=cls.other_agent,
            team_id=cls.other_team.id,
        )

    def _found(self, user, query):
        wizard = self.env["cs.search.wizard"].with_user(user).create({"query": query})
        return {(r["model"], r["id"]) for r in wizard._cs_run_search()}

    def _vector_matches(self, source, res_id, query):
        table = {"ticket": "helpdesk_ticket", "message": "mail_message"}[source]
        self.env.flush_all()
        return self.env.execute_query(
            SQL(
                "SELECT %s @@ %s FROM %s WHERE id = %s",
                SQL(vector_sql(source, table)),
                SQL(fts.tsquery_sql(), query, query),
                SQL.identifier(table),
                res_id,
            )
        )[0][0]

    def test_vector_follows_the_description(self):
        self.assertTrue(self._vector_matches("ticket", self.mine.id, "enciende"))
        self.mine.description = "<p>El <b>cargador</b> echa chispas</p>"
        self.assertFalse(self._vector_matches("ticket", self.mine.id, "enciende"))
        # Stem and accents: "cargadores" and "CHISPAS" find the new text.
        found = self._found(self.agent, "cargadores CHISPÁS")
        self.assertIn(("helpdesk.ticket", self.mine.id), found)

    def test_new_message_is_searchable(self):
        message = self.mine.message_post(
            body=Markup("<p>Reembolso <i>aprobado</i> por el almacén</p>"),
            message_type="comment",
        )
        self.assertTrue(self._vector_matches("message", message.id, "almacen"))
        self.assertIn(
            ("mail.message", message.id), self._found(self.agent, "reembolsos")
        )
        # A body written in SQL gets its vector too.
        self.env.cr.execute(
            "UPDATE mail_message SET body = '<p>Devolución en tienda</p>' "
            "WHERE id = %s",
            [message.id],
        )
        self.assertTrue(self._vector_matches("message", message.id, "devolucion"))
        self.assertFalse(self._vector_matches("message", message.id, "reembolso"))

    def test_rule_keeps_other_teams_out(self):
        self.theirs.message_post(
            body="Tostadora revisada en el almacén", message_type="comment"
        )
        found = self._found(self.agent, "tostadora")
        self.assertIn(("helpdesk.ticket", self.mine.id), found)
        self.assertNotIn(("helpdesk.ticket", self.theirs.id), found)
        self.assertFalse(
            {key for key in self._found(self.agent, "almacen") if key[0] != "cs.intake"}
        )
        found = self._found(self.other_agent, "tostadora almacen")
        self.assertIn(("helpdesk.ticket", self.theirs.id), found)
        self.assertNotIn(("helpdesk.ticket", self.mine.id), found)

    def test_stored_vectors_and_indexes_are_used(self):
        self.env.cr.execute(
            "SELECT table_name, is_generated FROM information_schema.columns "
            "WHERE column_name = 'cs_search_vector'"
        )
        self.assertEqual(
            dict(self.env.cr.fetchall()),
            {
                "cs_intake": "ALWAYS",
                "helpdesk_ticket": "NEVER",
                "mail_message": "NEVER",
            },
        )
        # The trigger fires on the searched columns only: other writes (SLA,
        # levels) do not parse the text again.
        self.env.cr.execute(
            "SELECT c.relname, array_agg(a.attname ORDER BY a.attname) "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_attribute a ON a.attrelid = t.tgrelid "
            "AND a.attnum = ANY(t.tgattr) WHERE t.tgname = 'cs_search_vector' "
            "GROUP BY c.relname"
        )
        self.assertEqual(
            dict(self.env.cr.fetchall()),
            {
                "helpdesk_ticket": ["description", "name"],
                "mail_message": ["body"],
            },
        )
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for source, model, index in (
            ("ticket", "helpdesk.ticket", "helpdesk_ticket_cs_vector_idx"),
        ):
            query = self.env[model].with_user(self.agent)._search([])
            query.add_where(
                SQL(
                    "%s @@ %s",
                    SQL(vector_sql(source, query.table)),
                    SQL(fts.tsquery_sql(), "tostadora", "tostadora"),
                )
            )
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.assertIn(index, plan)
        self.env.cr.execute(
            SQL(
                "EXPLAIN SELECT id FROM mail_message WHERE %s @@ %s",
                SQL(vector_sql("message", "mail_message")),
                SQL(fts.tsquery_sql(), "tostadora", "tostadora"),
            )
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("mail_message_cs_vector_idx", plan)
