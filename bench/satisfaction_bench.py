"""Benchmark of the satisfaction analysis on a large volume of survey answers.

Run inside ``odoo-bin shell`` on a dedicated database where customer_service is
installed (``bench/satisfaction_bench.sh`` does both). It loads N satisfaction
answers with one SQL INSERT ... SELECT generate_series, then times:

1. the KPI pivot: ``read_group`` on the reporting model cs.satisfaction.stat,
   rows = channel, columns = month, measures = answers, CSAT %, NPS, CES,
   response rate, as the pivot view asks it;
2. the same aggregate as a single raw SQL query on survey_user_input;
3. the generation of a satisfaction report for the last whole quarter (KPIs,
   segments, trends against the previous quarter, typologies, deficiencies,
   charts), against the raw SQL that computes the same figures over the same rows
   (total and segments of both quarters, the trend months) in the same process;
   it prints ``BENCH|satisfaction report 1M|ours_ms|ref_ms|ratio|queries``.

Environment: CS_BENCH_ROWS (default 1,000,000), CS_BENCH_REPEAT (default 3; the best
time is kept).
"""

import os
import time
from datetime import date, timedelta

ROWS = int(os.environ.get("CS_BENCH_ROWS", "1000000"))
REPEAT = int(os.environ.get("CS_BENCH_REPEAT", "3"))


def alternate(ours, reference):
    """Best time of each side, the two run in turn so load swings hit both."""
    timings = ([], [])
    results = [None, None]
    for _i in range(REPEAT):
        for side, func in enumerate((ours, reference)):
            env.invalidate_all()  # noqa: F821 (odoo-bin shell global)
            start = time.perf_counter()
            results[side] = func()
            timings[side].append(time.perf_counter() - start)
    return min(timings[0]), results[0], min(timings[1]), results[1]


def load(env, rows):
    cr = env.cr
    cr.execute(
        "SELECT count(*) FROM survey_user_input WHERE cs_is_satisfaction AND "
        "access_token LIKE 'bench-%%'"
    )
    present = cr.fetchone()[0]
    if present >= rows:
        print(f"{present} bench answers already loaded")
        return
    survey = env.ref("customer_service.survey_cs_satisfaction")
    channels = env["helpdesk.ticket.channel"].search([]).ids
    teams = env["helpdesk.ticket.team"].search([]).ids or (
        env["helpdesk.ticket.team"]
        .create([{"name": f"Bench team {i}"} for i in range(5)])
        .ids
    )
    categories = env["helpdesk.ticket.category"].search([]).ids or (
        env["helpdesk.ticket.category"]
        .create([{"name": f"Bench category {i}"} for i in range(8)])
        .ids
    )
    agents = env["res.users"].search([("share", "=", False)], limit=20).ids
    start = time.perf_counter()
    cr.execute(
        """
        INSERT INTO survey_user_input (
            survey_id, access_token, state, create_date, write_date, create_uid,
            write_uid, cs_is_satisfaction, cs_sent_date, cs_team_id, cs_agent_id,
            cs_channel_id, cs_category_id, cs_company_id, cs_delivery,
            cs_has_csat, cs_has_nps, cs_has_ces, cs_csat, cs_nps, cs_ces,
            cs_deficiency)
        SELECT %(survey)s, 'bench-' || g,
               CASE WHEN r.a < 0.7 THEN 'done' ELSE 'new' END,
               now(), now(), 1, 1, TRUE,
               now() - (r.b * interval '365 days'),
               (%(teams)s::int[])[1 + g %% cardinality(%(teams)s::int[])],
               (%(agents)s::int[])[1 + g %% cardinality(%(agents)s::int[])],
               (%(channels)s::int[])[1 + g %% cardinality(%(channels)s::int[])],
               (%(categories)s::int[])[1 + g %% cardinality(%(categories)s::int[])],
               %(company)s, 'email',
               r.a < 0.7, r.a < 0.7, r.a < 0.7,
               CASE WHEN r.a < 0.7 THEN 1 + floor(r.c * 5) END,
               CASE WHEN r.a < 0.7 THEN floor(r.d * 11) END,
               CASE WHEN r.a < 0.7 THEN 1 + floor(r.e * 7) END,
               r.a < 0.7 AND (r.d < 0.6364 OR r.c < 0.4 OR r.e >= 0.5714)
          FROM generate_series(%(first)s, %(last)s) g,
               LATERAL (SELECT random() a, random() b, random() c, random() d,
                               random() e, g AS dummy) r
        """,
        {
            "survey": survey.id,
            "teams": teams,
            "agents": agents,
            "channels": channels,
            "categories": categories,
            "company": env.company.id,
            # Tokens go on from the answers already loaded, so a rerun at a larger
            # size adds rows instead of colliding with the unique token.
            "first": present + 1,
            "last": rows,
        },
    )
    cr.execute("ANALYZE survey_user_input")
    cr.commit()
    print(f"loaded {rows - present} answers in {time.perf_counter() - start:.1f} s")


def pivot(env):
    return env["cs.satisfaction.stat"]._read_group(
        [("source", "=", "survey")],
        ["channel_id", "date:month"],
        ["answered:sum", "csat:avg", "nps:avg", "ces:avg", "response_rate:avg"],
    )


RAW_SQL = """
    SELECT cs_channel_id,
           date_trunc('month', cs_sent_date::date) AS month,
           SUM((state = 'done')::int),
           AVG(CASE WHEN cs_has_csat THEN (cs_csat >= 4)::int * 100.0 END),
           AVG(CASE WHEN cs_has_nps THEN
               CASE WHEN cs_nps >= 9 THEN 100.0 WHEN cs_nps <= 6 THEN -100.0
                    ELSE 0.0 END END),
           AVG(CASE WHEN cs_has_ces THEN cs_ces END),
           AVG((state = 'done')::int * 100.0)
      FROM survey_user_input
     WHERE cs_is_satisfaction
     GROUP BY 1, 2
"""


def raw(env):
    env.cr.execute(RAW_SQL)
    return env.cr.fetchall()


def quarter():
    today = date.today()
    first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    date_to = first - timedelta(days=1)
    date_from = date_to.replace(day=1) - timedelta(days=62)
    return date_from.replace(day=1), date_to


def report(env):
    date_from, date_to = quarter()
    rec = env["cs.satisfaction.report"].create(
        {"name": "Bench", "date_from": date_from, "date_to": date_to}
    )
    queries = env.cr.sql_log_count
    rec._cs_generate()
    env.flush_all()
    return rec, env.cr.sql_log_count - queries


RAW_REPORT_SQL = """
    SELECT GROUPING(period, cs_team_id, cs_agent_id, cs_channel_id, cs_category_id,
                    cs_product_id, month),
           period, cs_team_id, cs_agent_id, cs_channel_id, cs_category_id,
           cs_product_id, month,
           COUNT(*), SUM((state = 'done')::int),
           COUNT(*) FILTER (WHERE cs_has_csat),
           COUNT(*) FILTER (WHERE cs_has_csat AND cs_csat >= 4),
           COUNT(*) FILTER (WHERE cs_has_nps),
           COUNT(*) FILTER (WHERE cs_has_nps AND cs_nps >= 9),
           COUNT(*) FILTER (WHERE cs_has_nps AND cs_nps <= 6),
           COUNT(*) FILTER (WHERE cs_has_ces),
           SUM(cs_ces) FILTER (WHERE cs_has_ces),
           SUM(cs_ces * cs_ces) FILTER (WHERE cs_has_ces),
           COUNT(*) FILTER (WHERE cs_deficiency)
      FROM (SELECT ui.*,
                   CASE WHEN d BETWEEN %(cur_from)s AND %(cur_to)s THEN 'current'
                        WHEN d BETWEEN %(prev_from)s AND %(prev_to)s THEN 'previous'
                   END AS period,
                   CASE WHEN d >= %(month_from)s
                        THEN date_trunc('month', d)::date END AS month
              FROM (SELECT ui.*, COALESCE(ui.cs_sent_date, ui.create_date)::date d
                      FROM survey_user_input ui
                     WHERE ui.cs_is_satisfaction AND ui.cs_company_id = %(company)s
                   ) ui
             WHERE d BETWEEN %(start)s AND %(cur_to)s) p
     GROUP BY GROUPING SETS ((period), (period, cs_team_id), (period, cs_agent_id),
              (period, cs_channel_id), (period, cs_category_id),
              (period, cs_product_id), (month))
"""


def raw_report(env):
    """The report's figures in SQL only: the two quarters' totals and segments and
    the six trend months, over the same rows."""
    date_from, date_to = quarter()
    prev_to = date_from - timedelta(days=1)
    prev_from = (prev_to.replace(day=1) - timedelta(days=62)).replace(day=1)
    month_from = (date_to.replace(day=1) - timedelta(days=155)).replace(day=1)
    env.cr.execute(
        RAW_REPORT_SQL,
        {
            "cur_from": date_from,
            "cur_to": date_to,
            "prev_from": prev_from,
            "prev_to": prev_to,
            "month_from": month_from,
            "start": min(prev_from, month_from),
            "company": env.company.id,
        },
    )
    return env.cr.fetchall()


def main(env):
    load(env, ROWS)
    env.cr.execute("SELECT count(*) FROM survey_user_input WHERE cs_is_satisfaction")
    total = env.cr.fetchone()[0]
    t_pivot, groups, t_raw, rows = alternate(lambda: pivot(env), lambda: raw(env))
    t_report, (rec, queries), t_raw_report, __ = alternate(
        lambda: report(env), lambda: raw_report(env)
    )
    print(f"satisfaction answers in database: {total}")
    print(f"KPI pivot, read_group on cs.satisfaction.stat: {t_pivot:.3f} s")
    print(f"  ({len(groups)} cells)")
    print(f"same aggregate, one raw SQL query: {t_raw:.3f} s ({len(rows)} cells)")
    print(f"ratio reporting model / raw SQL: {t_pivot / t_raw:.2f}")
    print(
        f"BENCH|KPI pivot, {total} answers (raw SQL aggregate)|{t_pivot * 1000:.1f}|"
        f"{t_raw * 1000:.1f}|{t_pivot / t_raw:.2f}|"
    )
    print(
        f"report generation {rec.date_from} - {rec.date_to} "
        f"({rec.answered} answers): {t_report:.3f} s, {queries} "
        f"queries; the same figures in raw SQL: {t_raw_report:.3f} s"
    )
    size = f"{total / 1e6:g}M" if total >= 1e6 else f"{total // 1000}k"
    print(
        f"BENCH|satisfaction report {size}|{t_report * 1000:.0f}|"
        f"{t_raw_report * 1000:.0f}|{t_report / t_raw_report:.2f}|{queries}"
    )
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell global)
