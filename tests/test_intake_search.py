from markupsafe import Markup

from odoo.tests import tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestIntakeSearch(IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Intake = cls.env["cs.intake"]
        cls.kettle = Intake.create(
            {
                "partner_id": cls.customer_es.id,
                "channel_id": cls.channels["in_person"].id,
                "document_type_id": cls.type_warranty.id,
                "team_id": cls.team.id,
                "description": "Garantía del hervidor eléctrico, la resistencia "
                "está quemada. Hervidor hervidor hervidor.",
            }
        )
        cls.toaster = Intake.create(
            {
                "partner_id": cls.customer_en.id,
                "channel_id": cls.channels["email"].id,
                "document_type_id": cls.type_invoice.id,
                "team_id": cls.team.id,
                "email_subject": "Invoice",
                "email_body": "Receipt for the toaster; the kettle was bought "
                "elsewhere.",
            }
        )
        cls.secret = Intake.create(
            {
                "partner_id": cls.customer_es.id,
                "channel_id": cls.channels["in_person"].id,
                "document_type_id": cls.type_warranty.id,
                "team_id": cls.other_team.id,
                "description": "Hervidor de la otra oficina",
            }
        )
        cls.ticket_a = cls._ticket(
            "phone",
            name="Hervidor no calienta",
            description="<p>El hervidor no calienta</p>",
        )
        cls.ticket_b = cls._ticket(
            "phone",
            name="Hervidor del equipo B",
            user=cls.other_agent,
            team_id=cls.other_team.id,
        )
        cls.ticket_b.message_post(
            body="Nota sobre el hervidor del equipo B", message_type="comment"
        )
        cls.ticket_a.message_post(
            body=Markup("<p>Cliente enfadado por la <b>garantía</b></p>"),
            message_type="comment",
        )
        cls.manual = cls.env["cs.knowledge.item"].create(
            {
                "name": "Manual",
                "kind": "manual",
                "body": "Descale the kettle every month.",
            }
        )

    def _search(self, user, query, **filters):
        wizard = (
            self.env["cs.search.wizard"]
            .with_user(user)
            .create(dict(query=query, **filters))
        )
        wizard.action_search()
        return wizard.result_ids

    def _keys(self, results):
        return [(r.source, r.res_model, r.res_id) for r in results]

    def test_accents_and_stemming(self):
        for query in ("garantia", "GARANTÍA", "garantías"):
            results = self._search(self.agent, query)
            keys = self._keys(results)
            self.assertIn(("intake", "cs.intake", self.kettle.id), keys, query)
        # English stemming: "kettles" finds "kettle"; extracted text is searched too.
        keys = self._keys(self._search(self.agent, "kettles"))
        self.assertIn(("intake", "cs.intake", self.toaster.id), keys)
        self.assertIn(("knowledge", "cs.knowledge.item", self.manual.id), keys)

    def test_ranking(self):
        results = self._search(self.agent, "hervidor")
        intakes = results.filtered(lambda r: r.source == "intake")
        self.assertEqual(intakes[0].res_id, self.kettle.id)
        ranks = results.mapped("rank")
        self.assertEqual(ranks, sorted(ranks, reverse=True))
        self.assertIn("«", intakes[0].snippet)

    def test_team_isolation(self):
        keys = self._keys(self._search(self.agent, "hervidor"))
        self.assertIn(("ticket", "helpdesk.ticket", self.ticket_a.id), keys)
        self.assertNotIn(("intake", "cs.intake", self.secret.id), keys)
        self.assertNotIn(("ticket", "helpdesk.ticket", self.ticket_b.id), keys)
        self.assertFalse(
            [
                r
                for r in self._search(self.agent, "hervidor")
                if r.res_id == self.ticket_b.id and r.res_model == "helpdesk.ticket"
            ]
        )
        self.assertNotIn(
            "equipo B", " ".join(self._search(self.agent, "equipo").mapped("title"))
        )
        other = self._keys(self._search(self.other_agent, "hervidor"))
        self.assertIn(("intake", "cs.intake", self.secret.id), other)
        self.assertNotIn(("intake", "cs.intake", self.kettle.id), other)
        supervisor = self._keys(self._search(self.supervisor, "hervidor"))
        self.assertIn(("intake", "cs.intake", self.secret.id), supervisor)
        self.assertIn(("intake", "cs.intake", self.kettle.id), supervisor)

    def test_messages_are_searched(self):
        results = self._search(self.agent, "enfadado")
        self.assertEqual(results.mapped("source"), ["message"])
        self.assertEqual(results.res_model, "helpdesk.ticket")
        self.assertEqual(results.res_id, self.ticket_a.id)
        self.assertFalse(self._search(self.agent, "nota equipo"))

    def test_filters(self):
        keys = self._keys(
            self._search(self.agent, "hervidor", partner_id=self.customer_en.id)
        )
        self.assertNotIn(("intake", "cs.intake", self.kettle.id), keys)
        keys = self._keys(
            self._search(self.agent, "kettle", document_type_id=self.type_invoice.id)
        )
        self.assertEqual(keys, [("intake", "cs.intake", self.toaster.id)])
        keys = self._keys(
            self._search(self.agent, "kettle", channel_id=self.channels["email"].id)
        )
        self.assertEqual(keys, [("intake", "cs.intake", self.toaster.id)])
        self.assertFalse(self._search(self.agent, "hervidor", date_to="2000-01-01"))

    def test_from_ticket_and_open(self):
        action = self.ticket_a.with_user(self.agent).action_cs_mass_search()
        self.assertEqual(action["context"]["default_query"], self.ticket_a.name)
        result = self._search(self.agent, "garantia")[0]
        opened = result.action_open()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]), (result.res_model, result.res_id)
        )

    def test_gin_indexes_exist_and_are_used(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_cs_fts_idx' "
            "OR indexname LIKE '%%_cs_vector_idx'"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertEqual(
            names,
            {
                "cs_intake_cs_vector_idx",
                "helpdesk_ticket_cs_vector_idx",
                "cs_knowledge_item_cs_fts_idx",
                "mail_message_cs_vector_idx",
            },
        )
        wizard = self.env["cs.search.wizard"].create({"query": "hervidor"})
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        query = self.env["cs.intake"]._search([])
        from odoo.tools import SQL  # noqa: PLC0415

        from ..tools import fts  # noqa: PLC0415
        from ..wizards.cs_search_wizard import vector_sql  # noqa: PLC0415

        query.add_where(
            SQL(
                "%s @@ %s",
                SQL(vector_sql("intake", query.table)),
                SQL(fts.tsquery_sql(), "hervidor", "hervidor"),
            )
        )
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("cs_intake_cs_vector_idx", plan)
        self.assertTrue(wizard)

    def test_search_query_count(self):
        wizard = (
            self.env["cs.search.wizard"]
            .with_user(self.agent)
            .create({"query": "hervidor"})
        )
        wizard._cs_run_search()
        # Intakes, tickets, knowledge, and one statement for the messages of both.
        with self.assertQueryCount(4):
            wizard.with_user(self.agent)._cs_run_search()
