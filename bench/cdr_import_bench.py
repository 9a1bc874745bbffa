"""Benchmark of the CDR import: N Asterisk Master.csv rows through the wizard's code.

Run inside ``odoo-bin shell`` on a dedicated database where customer_service is
installed (``bench/cdr_import_bench.sh`` does both). It:

1. writes a generated Master.csv of N rows to a temporary file (2 queues, 50,000
   distinct callers, 5 % abandoned, waits from 5 to 300 s) - not timed;
2. imports it with ``cs.call._cs_import_cdr`` (the wizard's code path: csv reader
   over the file, parsing, E.164 matching, one INSERT per batch of 5,000), and
   reports rows per second;
3. as the reference, COPYs the same file raw into a temporary table in the same
   process, and gives the ratio;
4. times the monthly legal indicator (the SQL view behind the dashboard) and the
   audit section over the imported calls.

Environment: CS_BENCH_ROWS (default 1,000,000), CS_BENCH_BATCH (default 5000).
The transaction is rolled back at the end: the database is left as it was.
"""

import csv
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta

ROWS = int(os.environ.get("CS_BENCH_ROWS", "1000000"))
BATCH = int(os.environ.get("CS_BENCH_BATCH", "5000"))


def generate(path, rows):
    rng = random.Random(10)
    start = datetime(2026, 10, 1)
    seconds_in_month = 30 * 24 * 3600
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        for index in range(rows):
            begin = start + timedelta(seconds=(index * seconds_in_month) // rows)
            wait = rng.randrange(5, 300)
            abandoned = rng.random() < 0.05
            talk = 0 if abandoned else rng.randrange(30, 900)
            answer = "" if abandoned else str(begin + timedelta(seconds=wait))
            end = begin + timedelta(seconds=wait + talk)
            caller = f"6{rng.randrange(10000000, 10050000)}"
            queue = "sales" if index % 3 else "support"
            writer.writerow(
                [
                    "",
                    caller,
                    "800",
                    "from-pstn",
                    f'"Caller" <{caller}>',
                    f"SIP/trunk-{index:08x}",
                    "" if abandoned else f"PJSIP/1{index % 40:02d}-{index:08x}",
                    "Queue",
                    f"{queue},t,,,300",
                    str(begin),
                    answer,
                    str(end),
                    str(wait + talk),
                    str(talk),
                    "NO ANSWER" if abandoned else "ANSWERED",
                    "DOCUMENTATION",
                    f"bench.{index}",
                    "",
                ]
            )


def main(env):
    company = env.company
    company.country_id = env.ref("base.es")
    Call = env["cs.call"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "Master.csv")
        started = time.perf_counter()
        generate(path, ROWS)
        print(f"generated {ROWS} rows in {time.perf_counter() - started:.1f}s")

        started = time.perf_counter()
        with open(path, newline="", encoding="utf-8") as handle:
            summary = Call._cs_import_cdr(handle, "asterisk", company, batch_size=BATCH)
        elapsed = time.perf_counter() - started
        rate = ROWS / elapsed
        print(
            f"import (wizard path): {summary['created']} created, "
            f"{summary['duplicates']} duplicates, {len(summary['errors'])} errors "
            f"in {elapsed:.1f}s = {rate:,.0f} rows/s"
        )

        started = time.perf_counter()
        with open(path, newline="", encoding="utf-8") as handle:
            summary2 = Call._cs_import_cdr(
                handle, "asterisk", company, batch_size=BATCH
            )
        again = time.perf_counter() - started
        print(
            f"re-import (idempotent): {summary2['created']} created, "
            f"{summary2['duplicates']} duplicates in {again:.1f}s"
        )

        cr = env.cr
        cr.execute(
            "CREATE TEMP TABLE cdr_raw ("
            + ", ".join(f"c{i} text" for i in range(18))
            + ")"
        )
        started = time.perf_counter()
        with open(path, encoding="utf-8") as handle:
            cr._obj.copy_expert("COPY cdr_raw FROM STDIN WITH (FORMAT csv)", handle)
        raw = time.perf_counter() - started
        print(
            f"reference raw COPY into a temp table: {raw:.1f}s = "
            f"{ROWS / raw:,.0f} rows/s; import/COPY time ratio {elapsed / raw:.1f}x"
        )
        print(
            f"BENCH|CDR import, {ROWS} rows ({rate:,.0f} rows/s; ref: raw COPY)|"
            f"{elapsed * 1000:.0f}|{raw * 1000:.0f}|{elapsed / raw:.1f}|"
            f"{-(-ROWS // BATCH)} batches"
        )

    env.invalidate_all()
    started = time.perf_counter()
    rows = env["cs.call.indicator"].search_read(
        [("kind", "=", "call"), ("month", "=", date(2026, 10, 1))],
        ["queue_id", "offered", "in_time", "share_percent", "meets_target"],
    )
    indicator = time.perf_counter() - started
    for row in rows:
        print(
            f"  {row['queue_id'][1]}: {row['in_time']}/{row['offered']} = "
            f"{row['share_percent']} % meets={row['meets_target']}"
        )
    print(f"monthly indicator (dashboard view): {indicator * 1000:.0f} ms")
    print(
        f"BENCH|monthly phone indicator over {ROWS} calls (no reference)|"
        f"{indicator * 1000:.0f}|||1"
    )
    started = time.perf_counter()
    section = Call._cs_audit_section_phone(
        company, date(2026, 10, 1), date(2026, 10, 31)
    )
    audit = time.perf_counter() - started
    print(
        f"audit section 'phone' (with record sets): {audit * 1000:.0f} ms, "
        f"share {section['figures'][3]['value']} %"
    )
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell global)
