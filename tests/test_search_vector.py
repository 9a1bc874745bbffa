from markupsafe import Markup

from odoo.exceptions import AccessError
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

    def test_messages_of_intakes_and_tickets_in_one_ranking(self):
        intake = self._intake(description="Recibo de compra")
        theirs = self._intake(
            user=self.other_agent,
            team_id=self.other_team.id,
            description="Otro recibo",
        )
        intake.message_post(
            body="Deshumidificador devuelto a tienda", message_type="comment"
        )
        theirs.message_post(
            body="Deshumidificador de la otra oficina", message_type="comment"
        )
        self.mine.message_post(
            body="Deshumidificador deshumidificador averiado", message_type="comment"
        )
        self.theirs.message_post(
            body="Deshumidificador del equipo B", message_type="comment"
        )
        wizard = (
            self.env["cs.search.wizard"]
            .with_user(self.agent)
            .create({"query": "deshumidificador"})
        )
        wizard.action_search()
        results = wizard.result_ids
        self.assertEqual(results.mapped("source"), ["message", "message"])
        # The ticket message says it twice: it ranks first, across both models.
        self.assertEqual(
            [(r.res_model, r.res_id) for r in results],
            [("helpdesk.ticket", self.mine.id), ("cs.intake", intake.id)],
        )
        self.assertEqual(results[0].title, self.mine.display_name)
        self.assertEqual(results[1].title, intake.display_name)
        self.assertTrue(all(r.date and "«" in r.snippet for r in results))

    def test_portal_sees_only_its_tickets(self):
        own = self._ticket(
            "phone",
            partner=self.portal_user.partner_id,
            name="Tostadora de Paula",
        )
        Wizard = self.env["cs.search.wizard"].with_user(self.portal_user)
        found = {
            res_id
            for res_id, _rank in Wizard._cs_search_source("ticket", "tostadora", [])
        }
        self.assertEqual(found, {own.id})
        with self.assertRaises(AccessError):
            Wizard.create({"query": "tostadora"})

    def test_search_action_query_count(self):
        for number in range(5):
            self.mine.message_post(
                body=f"Tostadora revisada {number}", message_type="comment"
            )
            self._intake(description=f"Tostadora en garantía {number}")
        Wizard = self.env["cs.search.wizard"].with_user(self.agent)
        Wizard.create({"query": "tostadora"}).action_search()
        wizard = Wizard.create({"query": "tostadora"})
        self.env.invalidate_all()
        # Sources, messages, snippets, one read per model shown, the lines: not
        # one query per result (11 results here).
        with self.assertQueryCount(15):
            wizard.action_search()
        self.assertEqual(
            sorted(wizard.result_ids.mapped("source")),
            ["intake"] * 5 + ["message"] * 5 + ["ticket"],
        )
        # The agent searches again on the same wizard: the old lines are replaced.
        wizard.query = "revisada"
        wizard.action_search()
        self.assertEqual(wizard.result_ids.mapped("source"), ["message"] * 5)

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
