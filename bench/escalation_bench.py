"""Time SLA planning at ticket creation and one evaluator pass over many tickets.

The pass runs at two sizes (--small and --tickets): the reference of the BENCH line
is the small pass scaled linearly, so a ratio near 1 means the pass grows with the
tickets and no faster, and the query counts show they grow with batches only.

Run through bench/escalation_bench.sh, which prepares a dedicated database.
"""

import argparse
import contextlib
import sys
import time
from datetime import datetime
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--create", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--skip-create", action="store_true")
    parser.add_argument(
        "--at",
        type=datetime.fromisoformat,
        help="UTC moment the passes start at (e.g. 2026-12-02T10:00, in working "
        "hours: SLA clocks move between passes as a cron's would); default now",
    )
    options, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    return options


def timed(cr, function):
    cr.flush()
    before = cr.sql_log_count
    start = time.perf_counter()
    result = function()
    cr.flush()
    return result, time.perf_counter() - start, cr.sql_log_count - before


def setup(env):
    env["cs.escalation.rule"].with_context(active_test=False).search([]).unlink()
    env["cs.sla.policy"].with_context(active_test=False).search([]).unlink()
    team = env["helpdesk.ticket.team"].search([("name", "=", "Bench")], limit=1)
    team = team or env["helpdesk.ticket.team"].create({"name": "Bench"})
    team.user_id = env.ref("base.user_admin")
    phone = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
    env["cs.sla.policy"].create(
        [
            {"name": "General", "first_response_hours": 8, "resolution_hours": 40},
            {
                "name": "Bench team",
                "team_id": team.id,
                "first_response_hours": 4,
                "resolution_hours": 24,
            },
            {
                "name": "Phone urgent",
                "channel_id": phone.id,
                "priority": "3",
                "first_response_hours": 1,
                "resolution_hours": 8,
            },
        ]
    )
    env["cs.escalation.rule"].create(
        [
            {
                "name": "Legal threat",
                "sequence": 1,
                "keywords": "abogado, denuncia",
                "level": "3",
                "action_note": "<p>Legal threat</p>",
                "stop": True,
            },
            {
                "name": "At risk",
                "sequence": 2,
                "sla_percent": 75,
                "action_add_supervisor": True,
            },
            {
                "name": "Breached",
                "sequence": 3,
                "sla_percent": 100,
                "level": "2",
                "action_priority": "3",
            },
            {
                "name": "Waiting",
                "sequence": 4,
                "hours_since_customer": 24,
                "domain": f"[('team_id', '=', {team.id})]",
                "level": "2",
            },
            {"name": "Reopened", "sequence": 5, "reopen_count": 2, "level": "2"},
        ]
    )
    return team, phone


def create_batches(env, team, phone, count, batch):
    model = env["helpdesk.ticket"]
    for offset in range(0, count, batch):
        model.create(
            [
                {
                    "name": f"Bench create {offset + i}",
                    "description": "<p>Bench</p>",
                    "team_id": team.id,
                    "channel_id": phone.id,
                    "priority": str(i % 4),
                }
                for i in range(min(batch, count - offset))
            ]
        )
        env.invalidate_all()


def insert_open_tickets(env, team, count, at=None):
    """Open tickets straight in SQL, with SLA start spread over ten days."""
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    policy = env["cs.sla.policy"].search([("team_id", "=", team.id)])
    env.cr.execute(
        """
        INSERT INTO helpdesk_ticket (
            number, name, description, cs_match_text, team_id, stage_id,
            company_id, priority, active, cs_sla_policy_id, cs_sla_start,
            cs_sla_consumed,
            cs_escalation_level, cs_reopen_count, cs_customer_waiting_since,
            create_date, write_date, create_uid, write_uid, last_stage_update
        )
        SELECT 'B' || g, 'Bench ticket ' || g,
               CASE WHEN g %% 200 = 0 THEN '<p>Pondré una denuncia</p>'
                    ELSE '<p>Consulta sobre mi pedido número ' || g || '</p>' END,
               -- What the ORM stores for keyword rules (tools.escalation_match).
               'bench ticket ' || g || CASE WHEN g %% 200 = 0
                    THEN ' pondre una denuncia'
                    ELSE ' consulta sobre mi pedido numero ' || g END,
               %s, %s, %s, (g %% 3)::text, TRUE, %s,
               b.at - (g %% 240) * interval '1 hour', 0, 1,
               CASE WHEN g %% 97 = 0 THEN 2 ELSE 0 END,
               CASE WHEN g %% 50 = 0 THEN b.at - interval '30 hours' END,
               b.at, b.at, 1, 1, b.at
          FROM generate_series(1, %s) g,
               (SELECT COALESCE(%s::timestamp, now() at time zone 'UTC') AS at) b
        """,
        [team.id, stage.id, env.company.id, policy.id, count, at],
    )


@contextlib.contextmanager
def clock_from(at):
    """fields.Datetime.now() runs from ``at`` as the real clock does."""
    if not at:
        yield
        return
    real_start = datetime.now()

    def now(*_args):
        return (at + (datetime.now() - real_start)).replace(microsecond=0)

    with patch.object(fields.Datetime, "now", now):
        yield


def create_bench(env, cr, team, phone, options):
    print(f"== Ticket creation: {options.create} tickets, batches of {options.batch}")
    env["cs.sla.policy"].search([]).active = False
    env["cs.escalation.rule"].search([]).active = False
    _r, plain_s, plain_q = timed(
        cr, lambda: create_batches(env, team, phone, options.create, options.batch)
    )
    env["cs.sla.policy"].with_context(active_test=False).search([]).active = True
    env["cs.escalation.rule"].with_context(active_test=False).search([]).active = True
    _r, sla_s, sla_q = timed(
        cr, lambda: create_batches(env, team, phone, options.create, options.batch)
    )
    planned = env["helpdesk.ticket"].search_count(
        [("cs_sla_resolution_deadline", "!=", False)]
    )
    print(f"plain (SLA and rules archived): {plain_s:.2f} s, {plain_q} queries")
    print(f"with 3 SLAs and 5 rules:       {sla_s:.2f} s, {sla_q} queries")
    print(
        f"ratio: {sla_s / plain_s:.2f}x time, "
        f"{sla_q / max(plain_q, 1):.2f}x queries;"
        f" {planned} tickets planned"
    )
    print(
        f"BENCH|batch create {options.create} tickets (ref: SLA and rules archived)|"
        f"{sla_s * 1000:.1f}|{plain_s * 1000:.1f}|{sla_s / plain_s:.2f}|"
        f"{sla_q} vs {plain_q}"
    )


def fresh_open_tickets(env, cr, team, count, at=None):
    """Drop every ticket and its chatter, insert ``count`` open tickets and commit;
    the seconds the insert took."""
    cr.execute("TRUNCATE helpdesk_ticket CASCADE")
    for table, column in (
        ("mail_followers", "res_model"),
        ("mail_message", "model"),
        ("mail_activity", "res_model"),
    ):
        cr.execute(
            SQL(
                "DELETE FROM %s WHERE %s = 'helpdesk.ticket'",
                SQL.identifier(table),
                SQL.identifier(column),
            )
        )
    cr.commit()
    _r, insert_s, _q = timed(cr, lambda: insert_open_tickets(env, team, count, at))
    cr.execute("ANALYZE helpdesk_ticket")
    cr.commit()
    return insert_s


def evaluator_pass(env, cr, team, count, at=None):
    """Two passes over ``count`` fresh open tickets; [(seconds, queries)] of each."""
    print(f"== Evaluator pass over {count} open tickets (SQL insert)")
    insert_s = fresh_open_tickets(env, cr, team, count, at)
    print(f"inserted in {insert_s:.1f} s")
    model = env["helpdesk.ticket"].with_context(tracking_disable=False)
    results = []
    with clock_from(at):
        for label in ("first pass (rules fire)", "second pass (idempotent)"):
            env.invalidate_all()
            processed, seconds, queries = timed(
                cr, lambda m=model: m._cron_cs_escalation(commit=True)
            )
            cr.commit()
            print(f"{label}: {processed} tickets, {seconds:.1f} s, {queries} queries")
            results.append((seconds, queries))
    cr.execute(
        "SELECT count(DISTINCT ticket_id), count(*) FROM cs_escalation_history "
        "WHERE kind = 'rule'"
    )
    print("tickets escalated, history rows:", cr.fetchone())
    cr.execute(
        "SELECT kind, level, count(*) FROM cs_escalation_history "
        "GROUP BY kind, level ORDER BY 1, 2"
    )
    print("history:", cr.fetchall())
    cr.execute(
        "SELECT cs_sla_status, count(*) FROM helpdesk_ticket GROUP BY 1 ORDER BY 1"
    )
    print("SLA status:", cr.fetchall())
    cr.execute(
        "SELECT count(*) FROM mail_followers WHERE res_model = 'helpdesk.ticket'"
    )
    print("followers:", cr.fetchone()[0])
    return results


def main():
    options = parse()
    registry = Registry(odoo.tools.config["db_name"][0])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        cr.execute("TRUNCATE helpdesk_ticket CASCADE")
        team, phone = setup(env)
        cr.commit()
        if not options.skip_create:
            create_bench(env, cr, team, phone, options)
        passes = {}
        for size in sorted({options.small, options.tickets}):
            passes[size] = evaluator_pass(env, cr, team, size, options.at)
        for index, label in enumerate(("pass", "second pass")):
            small_s, _q = passes[min(passes)][index]
            big_s, big_q = passes[max(passes)][index]
            reference = small_s * max(passes) / min(passes)
            print(
                f"BENCH|escalation {label} {max(passes) // 1000}k (ref: "
                f"{min(passes) // 1000}k {label} x{max(passes) / min(passes):g})|"
                f"{big_s * 1000:.0f}|{reference * 1000:.0f}|{big_s / reference:.2f}|"
                f"{big_q}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
