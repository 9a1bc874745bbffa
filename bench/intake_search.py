# Run through bench/intake_search.sh (odoo-bin shell: `env` is given, ROWS is set).
# ruff: noqa: F821
import statistics
import time

from odoo.tools import SQL

from odoo.addons.customer_service.tools import fts
from odoo.addons.customer_service.wizards.cs_search_wizard import vector_sql

RUNS = 40
QUERIES = [
    "hervidor",
    "garantía resistencia",
    "factura 2024",
    "w12345",
    "zzzunknown",
]
WORDS = (
    "hervidor tostadora cafetera garantía factura reclamación resistencia quemada "
    "cable enchufe devolución reembolso tienda pedido envío retraso kettle toaster "
    "invoice warranty refund delivery broken screen battery charger manual descale "
    "contrato identidad foto producto cliente agente oficina 2023 2024 2025"
).split()

Intake = env["cs.intake"]
count = Intake.sudo().with_context(active_test=False).search_count([])
if count < ROWS:
    team = env["helpdesk.ticket.team"].search([], limit=1) or env[
        "helpdesk.ticket.team"
    ].create({"name": "Bench team"})
    other = env["helpdesk.ticket.team"].create({"name": "Bench other team"})
    channel = env.ref("customer_service.channel_in_person")
    doc_type = env.ref("customer_service.cs_document_type_other")
    words = SQL("(ARRAY[%s])", SQL(", ").join(SQL("%s", w) for w in WORDS))
    # Bulk insert: the ORM would take an hour for 100k records with chatter.
    env.cr.execute(
        SQL(
            """
            INSERT INTO cs_intake (name, channel_id, document_type_id, team_id,
                received_at, company_id, active, classification_state, verify_token,
                extracted_text, search_text, create_uid, write_uid, create_date,
                write_date)
            SELECT 'BENCH/' || g, %(channel)s, %(type)s,
                   CASE WHEN g %% 2 = 0 THEN %(team)s ELSE %(other)s END,
                   now() - (g || ' minutes')::interval, %(company)s, true, 'manual',
                   md5(g::text),
                   t.txt, t.txt, 1, 1, now(), now()
              FROM generate_series(%(start)s, %(stop)s) g,
              LATERAL (
                -- Zipf-like vocabulary of 30k pseudo-words, plus 2%% of domain words.
                SELECT string_agg(
                    CASE WHEN random() < 0.02
                         THEN %(words)s[1 + floor(random() * %(n)s)::int]
                         ELSE 'w' || floor(30000 * power(random(), 3))::int
                    END, ' ') AS txt
                  FROM generate_series(1, 60 + (g %% 40)) w WHERE g > 0
              ) t
            """,
            channel=channel.id,
            type=doc_type.id,
            team=team.id,
            other=other.id,
            company=env.company.id,
            words=words,
            n=len(WORDS),
            start=count + 1,
            stop=ROWS,
        )
    )
    env.cr.execute("ANALYZE cs_intake")
    env.cr.commit()

agent = env["res.users"].search([("login", "=", "bench_agent")])
if not agent:
    agent = env["res.users"].create(
        {
            "name": "Bench Agent",
            "login": "bench_agent",
            "group_ids": [(6, 0, env.ref("customer_service.group_cs_agent").ids)],
        }
    )
    team = env["helpdesk.ticket.team"].search(
        [("name", "!=", "Bench other team")], limit=1
    )
    team.user_ids |= agent
    env.cr.commit()

wizard = env["cs.search.wizard"].with_user(agent).create({"query": "x"})


def orm(text):
    return wizard._cs_search_source("intake", text, [], 20)


# The rules' values, read once: the timed raw side runs SQL only.
AGENT_COMPANIES = tuple(agent.company_ids.ids)
AGENT_TEAMS = tuple(agent.helpdesk_team_ids.ids) or (0,)


def raw_sql(text):
    """The query the ORM path sends, written by hand (rules inlined as constants)."""
    vector = SQL(vector_sql("intake", "cs_intake"))
    tsq = SQL(fts.tsquery_sql(), text, text)
    env.cr.execute(
        SQL(
            "SELECT cs_intake.id, ts_rank(%(v)s, %(q)s) FROM cs_intake "
            "WHERE cs_intake.active IS TRUE AND cs_intake.company_id IN %(companies)s "
            "AND (cs_intake.team_id IN %(teams)s OR cs_intake.team_id IS NULL) "
            "AND %(v)s @@ %(q)s ORDER BY 2 DESC, cs_intake.id DESC LIMIT 20",
            v=vector,
            q=tsq,
            companies=AGENT_COMPANIES,
            teams=AGENT_TEAMS,
        )
    )
    return env.cr.fetchall()


def timed(func, text):
    samples = []
    for _ in range(RUNS):
        env.invalidate_all()
        start = time.perf_counter()
        func(text)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


total = Intake.sudo().search_count([])
print(f"intakes: {total}, runs per query: {RUNS}")
print(
    f"{'query':24} {'hits':>5} {'ORM p50':>8} {'ORM p95':>8} "
    f"{'SQL p50':>8} {'SQL p95':>8} ratio"
)
for text in QUERIES:
    hits = orm(text)
    assert [r[0] for r in hits] == [r[0] for r in raw_sql(text)], text
    o50, o95 = timed(orm, text)
    r50, r95 = timed(raw_sql, text)
    print(
        f"{text:24} {len(hits):5} {o50:8.1f} {o95:8.1f} {r50:8.1f} {r95:8.1f} "
        f"{o95 / r95:5.2f}"
    )
    print(
        f"BENCH|intake search p95 '{text}', {total} intakes (raw SQL, same tsquery)|"
        f"{o95:.1f}|{r95:.1f}|{o95 / r95:.2f}|"
    )

query = Intake.with_user(agent)._search([])
vector = SQL(vector_sql("intake", query.table))
tsq = SQL(fts.tsquery_sql(), "hervidor", "hervidor")
query.add_where(SQL("%s @@ %s", vector, tsq))
query.order = SQL("2 DESC, cs_intake.id DESC")
query.limit = 20
env.cr.execute(
    SQL(
        "EXPLAIN (ANALYZE, BUFFERS) %s",
        query.select("cs_intake.id", SQL("ts_rank(%s, %s)", vector, tsq)),
    )
)
print("\nEXPLAIN ANALYZE of the ORM query for 'hervidor':")
print("\n".join(row[0] for row in env.cr.fetchall()))
env.cr.rollback()
