"""Where the first escalation pass spends its time, statement by statement.

Inserts ``--tickets`` open tickets as bench/escalation_bench.py does, runs one
pass and prints each kind of SQL statement (its first words) with its count and
seconds, foreign-key and other triggers included, then the time outside SQL.
Its BENCH line sets the pass against the time of its own SQL: what is left is
the Python, and the SQL part is the floor of the writes the rules ask for.
With ``--python N``, the pass also runs under cProfile (slower) and the N
functions with the most time of their own follow. Run through
bench/escalation_profile.sh; it resets the escalation bench database's tickets.
"""

import argparse
import cProfile
import pstats
import re
import sys
import time

import escalation_bench as bench

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.sql_db import Cursor


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument(
        "--python", type=int, default=0, help="also print the N costliest functions"
    )
    options, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    return options


def statement_kind(query):
    text = query.code if hasattr(query, "code") else str(query)
    text = re.sub(r"\s+", " ", text).strip()
    match = re.match(
        r"(WITH \w+ AS \(\s*)?(SELECT .*? FROM \"?\w+\"?|INSERT INTO \"?\w+\"?|"
        r"UPDATE \"?\w+\"?|DELETE FROM \"?\w+\"?|\w+)",
        text,
    )
    return match.group(0) if match else text[:50]


def main():
    options = parse()
    registry = Registry(odoo.tools.config["db_name"][0])
    spent = {}
    real_execute = Cursor.execute

    def execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return real_execute(self, query, params, log_exceptions)
        finally:
            kind = statement_kind(query)
            count, seconds = spent.get(kind, (0, 0.0))
            spent[kind] = (count + 1, seconds + time.perf_counter() - start)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        cr.execute("TRUNCATE helpdesk_ticket CASCADE")
        team, _phone = bench.setup(env)
        cr.commit()
        bench.fresh_open_tickets(env, cr, team, options.tickets)
        env.invalidate_all()
        model = env["helpdesk.ticket"].with_context(tracking_disable=False)
        profile = cProfile.Profile() if options.python else None
        Cursor.execute = execute
        try:
            start = time.perf_counter()
            if profile:
                profile.enable()
            processed = model._cron_cs_escalation(commit=True)
            cr.commit()
            if profile:
                profile.disable()
            total = time.perf_counter() - start
        finally:
            Cursor.execute = real_execute
    in_sql = sum(seconds for _count, seconds in spent.values())
    print(f"first pass: {processed} tickets, {total:.1f} s, {in_sql:.1f} s in SQL")
    for kind, (count, seconds) in sorted(spent.items(), key=lambda i: -i[1][1])[:15]:
        print(f"{seconds:8.2f} s {count:6d}  {kind[:90]}")
    print(f"{total - in_sql:8.2f} s         outside SQL (Python)")
    print(
        f"BENCH|escalation first pass {processed // 1000}k (ref: the time of its "
        f"own SQL statements)|{total * 1000:.0f}|{in_sql * 1000:.0f}|"
        f"{total / in_sql:.2f}|{sum(count for count, _s in spent.values())}"
    )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(options.python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
