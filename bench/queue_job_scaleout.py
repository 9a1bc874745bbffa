"""Helpers of bench/queue_job_scaleout.sh (two Odoo servers sharing the long jobs).

    queue_job_scaleout.py proxy PORT TARGET_PORT...   round-robin TCP proxy: the
        job runner sends each job to the next server, as a load balancer would
    queue_job_scaleout.py seed     (fed to odoo-bin shell) open tickets matched by
        one escalation rule, and dormant contacts past retention
    queue_job_scaleout.py report   (fed to odoo-bin shell) the jobs per server and
        worker, and any record processed twice

Environment: CS_BENCH_TICKETS, CS_BENCH_CONTACTS, CS_BENCH_PIDS ("A:pid,pid B:...").
"""

import asyncio
import itertools
import json
import os
import sys
import time
from collections import Counter, defaultdict
from datetime import timedelta


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


def proxy(port, targets):
    ring = itertools.cycle(targets)

    async def handle(reader, writer):
        target = next(ring)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def seed(env):
    from odoo import fields  # noqa: PLC0415 (odoo-bin shell)

    tickets = int(os.environ.get("CS_BENCH_TICKETS", "2000"))
    contacts = int(os.environ.get("CS_BENCH_CONTACTS", "2000"))
    team = env["helpdesk.ticket.team"].create({"name": "Scale-out bench"})
    env["cs.escalation.rule"].create(
        {
            "name": "Scale-out: every ticket of the team",
            "domain": f"[('team_id', '=', {team.id})]",
            "level": "2",
        }
    )
    start = time.perf_counter()
    for first in range(0, tickets, 500):
        env["helpdesk.ticket"].create(
            [
                {"name": f"Scale-out {i}", "description": "x", "team_id": team.id}
                for i in range(first, min(first + 500, tickets))
            ]
        )
    partners = env["res.partner"].create(
        [
            {"name": f"Dormant {i}", "email": f"dormant{i}@example.com"}
            for i in range(contacts)
        ]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE res_partner SET write_date = %s WHERE id = ANY(%s)",
        [fields.Datetime.now() - timedelta(days=6 * 365), partners.ids],
    )
    env.cr.execute("DELETE FROM queue_job")
    env.cr.commit()
    print(
        f"seeded {tickets} open tickets and {contacts} dormant contacts in "
        f"{time.perf_counter() - start:.0f} s"
    )


def report(env):
    servers = {}
    for part in os.environ.get("CS_BENCH_PIDS", "").split():
        name, pids = part.split(":")
        for pid in pids.split(","):
            if pid:
                servers[int(pid)] = name
    env.cr.execute(
        """SELECT method_name, state, worker_pid, args, result, exec_time
             FROM queue_job WHERE channel = 'root.customer_service'
         ORDER BY id"""
    )
    jobs = env.cr.dictfetchall()
    per_worker = Counter()
    per_server = defaultdict(Counter)
    states = Counter()
    erased = Counter()
    ranges = []
    walked = 0
    for job in jobs:
        states[job["state"]] += 1
        server = servers.get(job["worker_pid"], "?")
        per_worker[(server, job["worker_pid"], job["method_name"])] += 1
        if job["method_name"] == "_cs_retention_erase_job" and job["result"]:
            ids = json.loads(job["result"])
            erased.update(ids)
            per_server[server]["contacts"] += len(ids)
        elif job["method_name"] == "_cs_escalation_range_job":
            args = job["args"]
            args = json.loads(args) if isinstance(args, str) else args
            ranges.append(tuple(args[:2]))
            done = int(job["result"] or 0)
            walked += done
            per_server[server]["tickets"] += done
    print(f"jobs on root.customer_service: {len(jobs)} {dict(states)}")
    for (server, pid, method), count in sorted(per_worker.items(), key=str):
        print(f"  server {server} worker {pid}: {count} x {method}")
    for server, counts in sorted(per_server.items()):
        print(f"  server {server}: {dict(counts)}")
    twice = [pid for pid, count in erased.items() if count > 1]
    overlaps = sum(
        1
        for (__, high), (low, __) in zip(ranges, ranges[1:], strict=False)
        if low < high
    )
    print(
        f"contacts erased: {len(erased)}, erased twice: {len(twice)}; tickets "
        f"walked: {walked} in {len(ranges)} ranges, overlapping ranges: {overlaps}"
    )
    print(
        f"BENCH|scale-out: servers used|{len(set(per_server))}|2|"
        f"{len(twice) + overlaps}|{len(jobs)}"
    )


if __name__ == "__main__" and sys.argv[1:2] == ["proxy"]:
    proxy(int(sys.argv[2]), [int(p) for p in sys.argv[3:]])
elif "env" in globals():
    {"seed": seed, "report": report}[os.environ["CS_BENCH_STEP"]](env)  # noqa: F821
