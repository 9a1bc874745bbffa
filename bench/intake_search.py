# Run through bench/intake_search.sh (odoo-bin shell: `env` is given, ROWS is set,
# TICKETS and MESSAGES may be).
# ruff: noqa: F821
import statistics
import time
from unittest.mock import patch

from odoo.tools import SQL

from odoo.addons.customer_service.tools import fts
from odoo.addons.customer_service.wizards.cs_search_wizard import vector_sql

RUNS = 40
# The table's rows (the rare word) get more samples: a p95 of 40 is the third
# slowest run, which load on a shared machine moves by a third or more.
RARE_RUNS = {"intake": 400, "ticket": 1000, "all": 200}
WARMUP = 20
QUERIES = [
    "hervidor",
    "garantía resistencia",
    "factura 2024",
    "w12345",
    "w29876",
    "zzzunknown",
]
# Rare in every source: the pseudo-words are drawn with a cubic skew, high numbers
# come seldom (a few dozen rows per 100k).
RARE = "w29876"
TICKETS = globals().get("TICKETS", ROWS)
MESSAGES = globals().get("MESSAGES", 10 * ROWS)
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


def pseudo_text(min_words, spread):
    """SQL of a row's text: Zipf-like pseudo-words plus 2% of domain words."""
    words = SQL("(ARRAY[%s])", SQL(", ").join(SQL("%s", w) for w in WORDS))
    return SQL(
        """(SELECT string_agg(
                CASE WHEN random() < 0.02
                     THEN %(words)s[1 + floor(random() * %(n)s)::int]
                     ELSE 'w' || floor(30000 * power(random(), 3))::int
                END, ' ')
              FROM generate_series(1, %(min)s + (g %% %(spread)s)) w WHERE g > 0)""",
        words=words,
        n=len(WORDS),
        min=min_words,
        spread=spread,
    )


bench_teams = env["helpdesk.ticket.team"].search([("name", "!=", "Bench other team")])
mine_team = bench_teams[:1]
other_team = env["helpdesk.ticket.team"].search(
    [("name", "=", "Bench other team")], limit=1
)
env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE number LIKE 'BT%%'")
ticket_count = env.cr.fetchone()[0]
if ticket_count < TICKETS:
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    # Half the tickets in the agent's team, half in the other one, as the intakes.
    env.cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, name, description, team_id,
                stage_id, company_id, priority, active, create_uid, write_uid,
                create_date, write_date, last_stage_update)
            SELECT 'BT' || g, 'Bench ticket ' || g, '<p>' || %(text)s || '</p>',
                   CASE WHEN g %% 2 = 0 THEN %(team)s ELSE %(other)s END,
                   %(stage)s, %(company)s, '1', true, 1, 1, now(), now(), now()
              FROM generate_series(%(start)s, %(stop)s) g
            """,
            text=pseudo_text(30, 30),
            team=mine_team.id,
            other=other_team.id,
            stage=stage.id,
            company=env.company.id,
            start=ticket_count + 1,
            stop=TICKETS,
        )
    )
    env.cr.execute("ANALYZE helpdesk_ticket")
    env.cr.commit()
env.cr.execute(
    "SELECT count(*) FROM mail_message WHERE message_type = 'comment' "
    "AND subject = 'bench'"
)
message_count = env.cr.fetchone()[0]
if message_count < MESSAGES:
    env.cr.execute(
        "SELECT min(id), max(id) FROM helpdesk_ticket WHERE number LIKE 'BT%%'"
    )
    first_ticket, last_ticket = env.cr.fetchone()
    env.cr.execute("SELECT min(id), max(id) FROM cs_intake WHERE name LIKE 'BENCH/%%'")
    first_intake, last_intake = env.cr.fetchone()
    note = env.ref("mail.mt_comment").id
    # Four answers in five on tickets, one on intakes; spread over all documents.
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_message (model, res_id, message_type, subtype_id,
                subject, body, date, is_internal, author_id, create_uid, write_uid,
                create_date, write_date)
            SELECT CASE WHEN g %% 5 = 0 THEN 'cs.intake' ELSE 'helpdesk.ticket' END,
                   CASE WHEN g %% 5 = 0
                        THEN %(fi)s + (g::bigint * 7919) %% (%(li)s - %(fi)s + 1)
                        ELSE %(ft)s + (g::bigint * 7919) %% (%(lt)s - %(ft)s + 1) END,
                   'comment', %(note)s, 'bench', '<p>' || %(text)s || '</p>',
                   now() - (g || ' minutes')::interval, false, %(author)s, 1, 1,
                   now(), now()
              FROM generate_series(%(start)s, %(stop)s) g
            """,
            fi=first_intake,
            li=last_intake,
            ft=first_ticket,
            lt=last_ticket,
            note=note,
            text=pseudo_text(15, 20),
            author=env.user.partner_id.id,
            start=message_count + 1,
            stop=MESSAGES,
        )
    )
    env.cr.execute("ANALYZE mail_message")
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


def orm_ticket(text):
    return wizard._cs_search_source("ticket", text, [], 20)


WIZARDS = {}


def orm_all(text):
    # One wizard per text, made on the warm-up call: the search reads its query.
    if text not in WIZARDS:
        WIZARDS[text] = env["cs.search.wizard"].with_user(agent).create({"query": text})
    search = WIZARDS[text]
    return search._cs_snippets(search._cs_run_search(), text)


# The rules' values, read once: the timed raw side runs SQL only.
AGENT_COMPANIES = tuple(agent.company_ids.ids)
AGENT_TEAMS = tuple(agent.helpdesk_team_ids.ids) or (0,)
AGENT_PARTNER = agent.partner_id.id
# The record rules of an agent, written by hand: company rules (global), and for
# tickets the team, personal and "internal user" (own or followed) rules of
# helpdesk_mgmt OR-ed together; for intakes the team rule of the addon.
INTAKE_RULES = SQL(
    "cs_intake.active IS TRUE AND cs_intake.company_id IN %(companies)s "
    "AND (cs_intake.team_id IN %(teams)s OR cs_intake.team_id IS NULL)",
    companies=AGENT_COMPANIES,
    teams=AGENT_TEAMS,
)
TICKET_RULES = SQL(
    "helpdesk_ticket.active IS TRUE "
    "AND (helpdesk_ticket.company_id IN %(companies)s "
    "     OR helpdesk_ticket.company_id IS NULL) "
    "AND (helpdesk_ticket.team_id IN %(teams)s OR helpdesk_ticket.team_id IS NULL "
    "     OR helpdesk_ticket.user_id = %(uid)s "
    "     OR helpdesk_ticket.partner_id = %(partner)s "
    "     OR helpdesk_ticket.id IN (SELECT res_id FROM mail_followers "
    "        WHERE res_model = 'helpdesk.ticket' AND partner_id = %(partner)s))",
    companies=AGENT_COMPANIES,
    teams=AGENT_TEAMS,
    partner=AGENT_PARTNER,
    uid=agent.id,
)
RULES = {"intake": INTAKE_RULES, "ticket": TICKET_RULES}
TABLE = {"intake": "cs_intake", "ticket": "helpdesk_ticket"}


def raw_source(source, text):
    """The query the ORM path sends, written by hand (rules inlined as constants)."""
    table = TABLE[source]
    vector = SQL(vector_sql(source, table))
    tsq = SQL(fts.tsquery_sql(), text, text)
    env.cr.execute(
        SQL(
            "SELECT %(id)s, ts_rank(%(v)s, %(q)s) FROM %(t)s WHERE %(rules)s "
            "AND %(v)s @@ %(q)s ORDER BY 2 DESC, %(id)s DESC LIMIT 20",
            id=SQL.identifier(table, "id"),
            t=SQL.identifier(table),
            v=vector,
            q=tsq,
            rules=RULES[source],
        )
    )
    return env.cr.fetchall()


def raw_sql(text):
    return raw_source("intake", text)


def raw_ticket(text):
    return raw_source("ticket", text)


STATEMENTS = {}


def raw_all(text):
    """The statements the whole mass search sent for ``text``, captured once outside
    the timing and replayed on the bare psycopg2 cursor: the same tsquery, rules
    and snippets in SQL, without the ORM that built them."""
    if text not in STATEMENTS:
        captured = []
        original = type(env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            if isinstance(query, SQL):
                query, params = query.code, query.params
            captured.append((query, params))
            return original(cr, query, params, log_exceptions)

        with patch.object(type(env.cr), "execute", spy):
            orm_all(text)
        STATEMENTS[text] = captured
    raw = env.cr._obj
    for query, params in STATEMENTS[text]:
        raw.execute(query, params)
        if raw.description:
            raw.fetchall()


def compare(label, ours, raw, texts, check=True, runs=None):
    """Print the table rows of ``texts`` and return (ours p95, raw p95, queries) of
    the first one. Ours and raw alternate, each going first every other run, so
    that load swings and cache effects hit both; the first text (the table's row)
    gets ``runs`` samples after a warm-up, the others RUNS."""
    first = None
    for text in texts:
        if check:
            assert [r[0] for r in ours(text)] == [r[0] for r in raw(text)], text
        else:
            # Warm both sides (caches, captured statements) before counting and timing.
            ours(text)
            raw(text)
        before = env.cr.sql_log_count
        ours(text)
        queries = env.cr.sql_log_count - before
        count = runs if first is None and runs else RUNS
        for _ in range(WARMUP):
            ours(text)
            raw(text)
        samples = {ours: [], raw: []}
        for run in range(count):
            for side in (ours, raw) if run % 2 == 0 else (raw, ours):
                env.invalidate_all()
                start = time.perf_counter()
                side(text)
                samples[side].append((time.perf_counter() - start) * 1000)
        o_samples, r_samples = sorted(samples[ours]), sorted(samples[raw])
        o50, r50 = statistics.median(o_samples), statistics.median(r_samples)
        o95 = o_samples[int(len(o_samples) * 0.95) - 1]
        r95 = r_samples[int(len(r_samples) * 0.95) - 1]
        print(
            f"{label:8} {text:22} {o50:8.1f} {o95:8.1f} {r50:8.1f} {r95:8.1f} "
            f"{o95 / r95:5.2f} {queries:3} {count:5}"
        )
        if first is None:
            first = (o95, r95, queries)
    return first


env.cr.execute("SELECT count(*) FROM mail_message")
total_messages = env.cr.fetchone()[0]
print(
    f"intakes: {Intake.sudo().search_count([])}, tickets: "
    f"{env['helpdesk.ticket'].sudo().search_count([])}, messages: {total_messages}, "
    f"runs per query: {RUNS}, rare word {RARE_RUNS}; "
    f"load average {open('/proc/loadavg').read()[:14]}"
)
print(
    f"{'source':8} {'query':22} {'ORM p50':>8} {'ORM p95':>8} "
    f"{'SQL p50':>8} {'SQL p95':>8} ratio  q  runs"
)
intake = compare("intake", orm, raw_sql, [RARE, *QUERIES], runs=RARE_RUNS["intake"])
ticket = compare(
    "ticket", orm_ticket, raw_ticket, [RARE, *QUERIES], runs=RARE_RUNS["ticket"]
)
whole = compare(
    "all", orm_all, raw_all, [RARE, *QUERIES[:3]], check=False, runs=RARE_RUNS["all"]
)
print(f"load average after: {open('/proc/loadavg').read()[:14]}")
scale = (
    f"{ROWS // 1000}k intakes, {TICKETS // 1000}k tickets, "
    f"{total_messages // 1000}k messages"
)
for path, (o95, r95, queries) in (
    (
        f"intake search p95, rare word (raw SQL, same tsquery and rules; {scale})",
        intake,
    ),
    (
        f"ticket search p95, rare word (raw SQL, same tsquery and rules; {scale})",
        ticket,
    ),
    (f"whole mass search p95, rare word (raw SQL, same statements; {scale})", whole),
):
    print(f"BENCH|{path}|{o95:.2f}|{r95:.2f}|{o95 / r95:.2f}|{queries}")

for source, text in (("intake", "hervidor"), ("ticket", RARE)):
    Model = env[{"intake": "cs.intake", "ticket": "helpdesk.ticket"}[source]]
    query = Model.with_user(agent)._search([])
    vector = SQL(vector_sql(source, query.table))
    tsq = SQL(fts.tsquery_sql(), text, text)
    query.add_where(SQL("%s @@ %s", vector, tsq))
    query.order = SQL("2 DESC, %s DESC", SQL.identifier(query.table, "id"))
    query.limit = 20
    env.cr.execute(
        SQL(
            "EXPLAIN (ANALYZE, BUFFERS) %s",
            query.select(
                SQL.identifier(query.table, "id"), SQL("ts_rank(%s, %s)", vector, tsq)
            ),
        )
    )
    print(f"\nEXPLAIN ANALYZE of the ORM query on {source} for {text!r}:")
    print("\n".join(row[0] for row in env.cr.fetchall()))
for query, params in STATEMENTS.get(RARE, []):
    if query.startswith("WITH hits"):
        env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
        print(f"\nEXPLAIN ANALYZE of the message statement for {RARE!r}:")
        print("\n".join(row[0] for row in env.cr.fetchall()))
env.cr.rollback()
