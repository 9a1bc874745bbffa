import importlib.util
import json
from contextlib import closing
from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL, file_path

from ..models.mail_message import cs_gdpr_address_query
from ..tools.escalation_match import keyword_like, keyword_pattern, match_keywords
from ..tools.sql_array import array_literal
from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestEscalationBatchQueries(EscalationCase):
    """A pass writes followers, levels, activities and notes per rule and batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.teams = cls.env["helpdesk.ticket.team"].create(
            [{"name": f"Batch {name}", "user_id": cls.supervisor.id} for name in "ABC"]
        )
        cls.rules = cls.env["cs.escalation.rule"].create(
            [
                {
                    "name": f"Threat {team.name}",
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "abogado, denuncia",
                    "level": "3",
                    "action_priority": "3",
                    "action_add_supervisor": True,
                    "action_activity_type_id": cls.todo.id,
                    "action_note": "<p>Legal threat: call the customer</p>",
                }
                for team in cls.teams
            ]
        )

    def _tickets(self, team, count):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Pedido {i}",
                    "description": f"<p>Llamaré a mi ABOGÁDO ({i})</p>",
                    "team_id": team.id,
                    "user_id": self.agent.id,
                    "priority": "1",
                }
                for i in range(count)
            ]
        )
        self.env["helpdesk.ticket"].create(
            {"name": "Calm", "description": "<p>Nothing</p>", "team_id": team.id}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return tickets

    def _pass(self):
        cr = self.env.cr
        # Pending work of the ticket creation (tracking, notifications) is not the
        # pass's.
        self.env.flush_all()
        cr.flush()
        before = cr.sql_log_count
        # Measured 21 (10 tickets) and 22 (50 tickets) with every feature loaded
        # (23 and 24 when the rules were read again in each batch).
        with self.assertQueryCount(__system__=25):
            self._run(batch_size=1000)
        return cr.sql_log_count - before

    def _check(self, tickets):
        self.env.invalidate_all()
        self.assertEqual(set(tickets.mapped("cs_escalation_level")), {3})
        self.assertEqual(set(tickets.mapped("priority")), {"3"})
        for ticket in tickets:
            self.assertIn(self.supervisor.partner_id, ticket.message_partner_ids)
            self.assertEqual(ticket.activity_ids.user_id, self.supervisor)
            notes = ticket.message_ids.filtered(lambda m: "Legal threat" in m.body)
            self.assertEqual(len(notes), 1)
            self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(len(ticket.cs_escalation_history_ids), 1)

    def test_queries_do_not_grow_with_tickets(self):
        # A first pass fills the caches (subtypes, model ids, templates).
        self._tickets(self.teams[2], 3)
        self._run(batch_size=1000)
        few = self._tickets(self.teams[0], 10)
        queries_10 = self._pass()
        self._check(few)
        many = self._tickets(self.teams[1], 50)
        queries_50 = self._pass()
        self._check(many)
        # Both passes stay under the same bound; one query per ticket would add 40
        # to the second. Caches and prefetching shift a few either way (22 and 24
        # were seen).
        self.assertLessEqual(queries_50, queries_10 + 3)
        follower = self.env["mail.followers"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", many[0].id),
                ("partner_id", "=", self.supervisor.partner_id.id),
            ]
        )
        default = self.env["mail.message.subtype"].default_subtypes("helpdesk.ticket")
        self.assertEqual(follower.subtype_ids, default[0])

    def _only_open(self, tickets):
        """Archive every other ticket: the pass then walks ``tickets`` only."""
        self.env["helpdesk.ticket"].search(
            [("id", "not in", tickets.ids)]
        ).active = False
        self.env.flush_all()
        self.env.invalidate_all()

    def _spread(self, per_team, interleaved=False):
        """``per_team`` escalating tickets for each team; by team in id order, or
        team after team in turns (then every batch holds the three teams)."""
        order = (
            [team for __ in range(per_team) for team in self.teams]
            if interleaved
            else [team for team in self.teams for __ in range(per_team)]
        )
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Pedido {i}",
                    "description": "<p>Pondré una denuncia</p>",
                    "team_id": team.id,
                    "user_id": self.agent.id,
                    "priority": "1",
                }
                for i, team in enumerate(order)
            ]
        )
        self._only_open(tickets)
        return tickets

    def test_queries_grow_with_rules_and_batches(self):
        # Caches (subtypes, model ids, translations) are filled by a first pass.
        self._spread(1)
        self._run()
        # Three batches, one rule firing in each: 10 then 40 tickets per batch
        # cost the same (measured 47 and 48 with every feature loaded; 56 and 57
        # with the rules read in each batch and the rules in force in a table; 62
        # and 63 when followers, activities and notes were written per rule).
        small = self._spread(10)
        with self.assertQueryCount(__system__=51):
            self._run(batch_size=10)
        self._check(small)
        large = self._spread(40)
        with self.assertQueryCount(__system__=52):
            self._run(batch_size=40)
        self._check(large)
        # The same tickets and batches with the three rules firing in every batch:
        # followers, activities, notes and history are written once per batch,
        # whatever the rules (measured 48; 91 when written per rule).
        mixed = self._spread(40, interleaved=True)
        with self.assertQueryCount(__system__=52):
            self._run(batch_size=40)
        self._check(mixed)

    def test_batch_statements_read_their_batch_only(self):
        """The statements that write a batch find its tickets by id, whatever join
        PostgreSQL picks: joined to unnest() alone, each batch scanned every ticket
        and a pass grew with the square of the tickets."""
        self._spread(10)
        cr = self.env.cr
        with patch.object(cr, "execute", wraps=cr.execute) as execute:
            self._run(batch_size=10)
        statements = [
            call.args[0]
            for call in execute.call_args_list
            if isinstance(call.args[0], SQL)
            and call.args[0]
            .code.lstrip()
            .startswith(("UPDATE helpdesk_ticket t", "INSERT INTO mail_activity"))
        ]
        self.assertGreaterEqual(len(statements), 6, "levels and activities, 3 batches")
        tickets = self.env["helpdesk.ticket"].with_context(active_test=False)
        self.assertGreater(tickets.search_count([]), 30)
        for statement in statements:
            # Rolled back: the statement runs again, and the setting with it.
            with closing(cr.savepoint(flush=False)):
                # Without nested loops, a join that is not told the ids reads the
                # whole table (hash or merge join).
                cr.execute("SET LOCAL enable_nestloop = off")
                cr.execute(SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", statement))
                plan = cr.fetchone()[0][0]["Plan"]
            nodes = [plan]
            while nodes:
                node = nodes.pop()
                nodes += node.get("Plans", [])
                if node.get("Relation Name") == "helpdesk_ticket":
                    self.assertLessEqual(
                        node["Actual Rows"] * node["Actual Loops"],
                        10,
                        f"{node['Node Type']} reads more than the batch: "
                        f"{statement.code[:80]}",
                    )

    def test_array_literals_read_back_as_written(self):
        """The batch statements pass each column as one array literal: PostgreSQL
        reads back exactly the values, whatever the text holds."""
        texts = [
            "",
            "NULL",
            " spaced ",
            'Regla "Amenaza legal", {urgente}',
            "C:\\tickets\\",
            "Año ñ «señal» \u00e9\t\nfin",
            None,
        ]
        values = {
            "text": texts,
            "int4": [1, -7, None, 2**31 - 1],
            "float8": [0.1, 1 / 3, 1e-07, None],
            "bool": [True, False, None],
            "jsonb": [json.dumps(["a", 'b"c', "\\"]), "[1, 2]", None],
            "date": [date(2026, 12, 1), None],
            "timestamp": [datetime(2026, 12, 1, 9, 30, 5), None],
        }
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT %s",
                SQL(", ").join(
                    SQL("%s::%s[]", array_literal(column), SQL(cast))
                    for cast, column in values.items()
                ),
            )
        )
        read = dict(zip(values, cr.fetchone(), strict=True))
        # Parsed or not by the driver, the documents must be the same.
        read["jsonb"] = [
            json.loads(value) if isinstance(value, str) else value
            for value in read["jsonb"]
        ]
        values["jsonb"] = [
            json.loads(value) if value is not None else None
            for value in values["jsonb"]
        ]
        self.assertEqual(read, values)

    def test_later_rule_filter_sees_earlier_rule_writes(self):
        """Levels and priorities are written at the end of the batch, or before a
        rule whose filter reads them."""
        self.rules.active = False
        team = self.teams[0]
        self.env["cs.escalation.rule"].create(
            [
                {
                    "name": "Raise",
                    "sequence": 1,
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "abogado",
                    "action_priority": "3",
                },
                {
                    "name": "Urgent",
                    "sequence": 2,
                    "domain": f"[('team_id', '=', {team.id}), ('priority', '=', '3')]",
                    "level": "2",
                },
            ]
        )
        ticket = self._tickets(team, 1)
        self._run()
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.cs_escalation_level, 2)
        # Both rules fired in the pass: one history row names them.
        history = ticket.cs_escalation_history_ids
        self.assertEqual(
            (history.level_from, history.level, history.rule_id.name, history.reason),
            ("1", "2", "Urgent", "Rules Raise, Urgent"),
        )

    def test_one_history_row_per_ticket_and_pass(self):
        """Rules firing together on a ticket leave one row, from the level before
        the first to the level after the last, with the rule that set the highest
        level; a later pass adds its own row."""
        self.rules.active = False
        team = self.teams[0]
        watch, breach, threat = self.env["cs.escalation.rule"].create(
            [
                {
                    "name": "Watch",
                    "sequence": 1,
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "abogado",
                    "action_add_supervisor": True,
                },
                {
                    "name": "Breach",
                    "sequence": 2,
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "abogado",
                    "level": "2",
                },
                {
                    "name": "Threat",
                    "sequence": 3,
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "denuncia",
                    "level": "3",
                },
            ]
        )
        first, second = self._tickets(team, 2)
        self._run()
        self.assertEqual(first.cs_escalation_fired_rule_ids, watch | breach)
        for ticket in first | second:
            history = ticket.cs_escalation_history_ids
            self.assertEqual(
                (history.kind, history.level_from, history.level, history.rule_id),
                ("rule", "1", "2", breach),
            )
            self.assertEqual(history.reason, "Rules Watch, Breach")
            self.assertEqual(history.team_id, team)
        # Nothing new: no row. Then a third rule fires alone on the next pass.
        self._run()
        self.assertEqual(len(first.cs_escalation_history_ids), 1)
        first.description = "<p>Pondré una denuncia a mi abogado</p>"
        self._run()
        latest = first.cs_escalation_history_ids.sorted("id")[-1]
        self.assertEqual(len(first.cs_escalation_history_ids), 2)
        self.assertEqual(
            (latest.level_from, latest.level, latest.rule_id, latest.reason),
            ("2", "3", threat, "Rule Threat"),
        )

    def test_notes_and_activities_as_the_orm_writes_them(self):
        """The rule's note and activity, written in SQL, hold what
        _message_log_batch() and mail.activity's create() would store."""
        ours, core = self._tickets(self.teams[0], 2)
        body = self.rules[0].action_note
        ours._cs_log_note({ours.id: body})
        core._message_log_batch(
            bodies={core.id: body}, author_id=self.env.user.partner_id.id
        )
        ours._cs_schedule_rule_activities({ours.id: [self.rules[0]._cs_pass_rule()]})
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            {
                "activity_type_id": self.todo.id,
                "summary": self.rules[0].name,
                "automated": True,
                "note": self.todo.default_note,
                "date_deadline": ours.activity_ids.date_deadline,
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": core.id,
                "user_id": self.supervisor.id,
            }
        )
        self.env.flush_all()
        skip = {"id", "res_id", "res_name", "message_id"}
        skip |= {"create_date", "write_date", "date", "cs_search_vector"}
        for table, column, extra in (
            ("mail_message", "model", "body LIKE '%%Legal threat%%'"),
            ("mail_activity", "res_model", "TRUE"),
        ):
            self.env.cr.execute(
                f"SELECT * FROM {table} WHERE {column} = 'helpdesk.ticket' "  # noqa: S608
                f"AND res_id IN %s AND {extra} ORDER BY res_id, id",
                [(ours.id, core.id)],
            )
            names = [desc.name for desc in self.env.cr.description]
            rows = [
                {n: v for n, v in zip(names, row, strict=True) if n not in skip}
                for row in self.env.cr.fetchall()
            ]
            self.assertEqual(len(rows), 2, table)
            self.assertEqual(rows[0], rows[1], table)
        self.assertEqual(ours.activity_ids.res_name, ours.display_name)
        self.assertIn(self.supervisor.partner_id, ours.message_partner_ids)
        self.assertEqual(ours.message_ids[:1].body, core.message_ids[:1].body)

    def test_one_note_activity_and_follower_add_per_pass(self):
        """Two rules with a note and an activity firing on a ticket in one pass:
        one note with both texts, one activity naming both rules, due at the
        earlier date, for the leader, who follows the ticket."""
        self.rules.active = False
        team = self.teams[0]
        self.env["cs.escalation.rule"].create(
            [
                {
                    "name": name,
                    "sequence": sequence,
                    "domain": f"[('team_id', '=', {team.id})]",
                    "keywords": "abogado",
                    "level": level,
                    "action_add_supervisor": True,
                    "action_activity_type_id": self.todo.id,
                    "action_activity_days": days,
                    "action_note": f"<p>{name} note</p>",
                }
                for sequence, (name, level, days) in enumerate(
                    [("Watch", "2", 3), ("Threat", "3", 1)]
                )
            ]
        )
        tickets = self._tickets(team, 2)
        self._run()
        for ticket in tickets:
            notes = ticket.message_ids.filtered(lambda m: "note</p>" in m.body)
            self.assertEqual(len(notes), 1)
            self.assertIn("Watch note", notes.body)
            self.assertIn("Threat note", notes.body)
            activity = ticket.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.summary, "Watch, Threat")
            self.assertEqual(
                activity.date_deadline,
                fields.Date.context_today(ticket) + timedelta(days=1),
            )
            self.assertEqual(activity.user_id, self.supervisor)
            self.assertIn(self.supervisor.partner_id, ticket.message_partner_ids)
            self.assertEqual(len(ticket.cs_escalation_history_ids), 1)

    def test_rules_in_force_stored_on_the_ticket(self):
        """The rules in force are ids in the ticket's row, read with its batch: a
        pass adds the rules that fire and drops those whose condition cleared; the
        Rules in Force field lists the ones the reader may see."""
        first, second = self._tickets(self.teams[0], 2)
        rule = self.rules[0]
        self._run()
        Ticket = self.env["helpdesk.ticket"]
        rows = Ticket._cs_lock_batch(first.id - 1, 2)
        self.assertEqual(Ticket._cs_fired_rules(rows), {rule.id: {first.id, second.id}})
        self.assertEqual(first.cs_escalation_fired_rules, [rule.id])
        self.assertEqual((first | second).cs_escalation_fired_rule_ids, rule)
        second.description = "<p>Nothing to see</p>"
        self._run()
        self.env.invalidate_all()
        self.assertEqual(second.cs_escalation_fired_rules, [])
        self.assertFalse(second.cs_escalation_fired_rule_ids)
        self.assertEqual(first.cs_escalation_fired_rule_ids, rule)
        # The condition holds still: the rule does not fire a second time.
        self.assertEqual(len(first.cs_escalation_history_ids), 1)
        # A deleted rule leaves the field at once, and the next pass drops its id.
        rule.unlink()
        self.assertFalse(first.cs_escalation_fired_rule_ids)

    def test_rules_in_force_migrated_from_the_relation_table(self):
        """19.0.1.7.0 copies the relation table of older releases into the column,
        then drops the table; run again it does nothing."""
        path = file_path("customer_service/migrations/19.0.1.7.0/post-migration.py")
        spec = importlib.util.spec_from_file_location("cs_migration_1_7", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        first, second = self._tickets(self.teams[0], 2)
        cr = self.env.cr
        cr.execute(
            "CREATE TABLE cs_escalation_fired_rel ("
            "ticket_id int NOT NULL, rule_id int NOT NULL, "
            "PRIMARY KEY (ticket_id, rule_id))"
        )
        cr.execute(
            "INSERT INTO cs_escalation_fired_rel VALUES (%s, %s), (%s, %s), (%s, %s)",
            [
                first.id,
                self.rules[1].id,
                first.id,
                self.rules[0].id,
                second.id,
                self.rules[2].id,
            ],
        )
        migration.migrate(cr, "19.0.1.6.0")
        self.env.invalidate_all()
        self.assertEqual(first.cs_escalation_fired_rules, sorted(self.rules[:2].ids))
        self.assertEqual(second.cs_escalation_fired_rule_ids, self.rules[2])
        cr.execute("SELECT to_regclass('cs_escalation_fired_rel')")
        self.assertIsNone(cr.fetchone()[0])
        migration.migrate(cr, "19.0.1.6.0")
        self.assertEqual(second.cs_escalation_fired_rule_ids, self.rules[2])

    def test_stored_text_refreshed_on_change(self):
        ticket = self._tickets(self.teams[0], 1)
        self.assertEqual(ticket.cs_match_text, "pedido 0 llamare a mi abogado (0)")
        ticket.description = "<p>Todo bien</p>"
        self.assertEqual(ticket.cs_match_text, "pedido 0 todo bien")
        self._run()
        self.assertEqual(ticket.cs_escalation_level, 1)
        # Rows written in SQL without the text get it on the next pass.
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET description = '<p>Una DENÚNCIA</p>', "
            "cs_match_text = NULL WHERE id = %s",
            [ticket.id],
        )
        self.env.invalidate_all()
        self._run()
        self.assertEqual(ticket.cs_escalation_level, 3)
        self.assertEqual(ticket.cs_match_text, "pedido 0 una denuncia")

    def test_sql_pattern_matches_as_python(self):
        texts = [
            "llamare a mi abogado",
            "abogados del cliente",
            "mi abogado.",
            "c++ no compila",
            "pedido 12.5 roto",
            "precio 12x5",
            "denuncia_formal",
            "100% reembolso",
            "100 por cien reembolso",
            "mi_cuenta bloqueada",
            "micuenta bloqueada",
            "ruta c:\\temp rota",
        ]
        keywords = [
            "abogado",
            "c++",
            "12.5",
            "denuncia",
            "100%",
            "mi_cuenta",
            "c:\\temp",
        ]
        for text in texts:
            for word in keywords:
                # The pass's condition: the LIKE filter, then the expression.
                self.env.cr.execute(
                    "SELECT %s LIKE %s AND %s ~ %s",
                    [text, keyword_like(word), text, keyword_pattern(word)],
                )
                self.assertEqual(
                    self.env.cr.fetchone()[0],
                    match_keywords(text, [word]),
                    (text, word),
                )


@tagged("post_install", "-at_install")
class TestEscalationSlaStore(EscalationCase):
    """A pass rewrites a ticket for its SLA consumed only by whole points; the
    rules see the fresh value.

    Started Tuesday 13 January 2026 at 10:00 on office hours, with 4 hours to a
    first response: each working minute consumes 0.42 points.
    """

    def setUp(self):
        super().setUp()
        self.ticket = self._ticket("phone")
        self.ticket.write({"cs_sla_start": datetime(2026, 1, 13, 10, 0)})
        self.env["helpdesk.ticket"].search(
            [("id", "!=", self.ticket.id)]
        ).active = False
        self._pass_at("2026-01-13 11:00:00")
        self.assertEqual(self._stored(), 25.0)

    def _pass_at(self, moment):
        with freeze_time(moment):
            self._run()
        self.env.invalidate_all()

    def _stored(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT cs_sla_consumed FROM helpdesk_ticket WHERE id = %s",
            [self.ticket.id],
        )
        return self.env.cr.fetchone()[0]

    def test_small_move_not_written_one_point_written(self):
        # 25.42: no UPDATE of the ticket, the row keeps 25.0.
        cr = self.env.cr
        updates = []
        execute = type(cr).execute

        def spy(cursor, query, *args, **kwargs):
            code = query.code if isinstance(query, SQL) else query
            if "UPDATE helpdesk_ticket" in code:
                updates.append(query)
            return execute(cursor, query, *args, **kwargs)

        with patch.object(type(cr), "execute", spy):
            self._pass_at("2026-01-13 11:01:00")
        self.assertEqual(self._stored(), 25.0)
        self.assertEqual(updates, [])
        # 26.04: one point or more from the stored value is written.
        self._pass_at("2026-01-13 11:02:30")
        self.assertAlmostEqual(self._stored(), 26.04, places=2)

    def test_rule_condition_sees_fresh_value(self):
        self._rule(sla_percent=25.4)
        self._pass_at("2026-01-13 11:01:00")
        self.assertEqual(self.ticket.cs_escalation_level, 2)

    def test_rule_filter_on_stored_column_sees_fresh_value(self):
        self._rule(
            domain=f"[('team_id', '=', {self.team.id}), "
            "('cs_sla_consumed', '>=', 25.4)]"
        )
        self._pass_at("2026-01-13 11:01:00")
        self.assertEqual(self.ticket.cs_escalation_level, 2)
        self.assertAlmostEqual(self._stored(), 25.42, places=2)


@tagged("post_install", "-at_install")
class TestEscalationTicketStorage(EscalationCase):
    """What lets a pass rewrite tickets cheaply: room on the pages for in-place
    updates and no index entry for tickets without a complaint or legal clock."""

    def test_fillfactor_and_partial_indexes(self):
        cr = self.env.cr
        cr.execute(
            "SELECT reloptions FROM pg_class WHERE oid = 'helpdesk_ticket'::regclass"
        )
        self.assertIn("fillfactor=85", cr.fetchone()[0])
        cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'helpdesk_ticket'"
        )
        indexes = dict(cr.fetchall())
        self.assertNotIn("helpdesk_ticket__cs_legal_paused_index", indexes)
        for column in ("cs_complaint_deadline", "cs_legal_deadline"):
            self.assertIn(
                f"WHERE ({column} IS NOT NULL)",
                indexes[f"helpdesk_ticket__{column}_index"],
            )

    def test_init_replaces_a_full_index_once(self):
        cr = self.env.cr
        cr.execute(
            "DROP INDEX helpdesk_ticket__cs_complaint_deadline_index;"
            "CREATE INDEX helpdesk_ticket__cs_complaint_deadline_index "
            "ON helpdesk_ticket (cs_complaint_deadline)"
        )
        Ticket = self.env["helpdesk.ticket"]
        for _run in range(2):
            Ticket.init()
            self.registry.check_indexes(cr, [Ticket._name])
            cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = "
                "'helpdesk_ticket__cs_complaint_deadline_index'"
            )
            self.assertIn("IS NOT NULL", cr.fetchone()[0])

    def test_address_index_skips_messages_without_sender(self):
        """The GDPR address index of mail_message holds only messages with a
        sender address, and the retention lookup still goes through it."""
        cr = self.env.cr
        cr.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE indexname = 'mail_message_cs_email_from_address_idx'"
        )
        self.assertIn("WHERE (email_from IS NOT NULL)", cr.fetchone()[0])
        # On a test database the table is small enough for a scan.
        cr.execute("SET LOCAL enable_seqscan = off")
        query = cs_gdpr_address_query("mail_message", ["email_from"], {"a@b.example"})
        cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in cr.fetchall())
        self.assertIn("mail_message_cs_email_from_address_idx", plan)
