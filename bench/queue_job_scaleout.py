"""Helpers of bench/queue_job_scaleout.sh (two Odoo servers sharing the long jobs).

    queue_job_scaleout.py proxy PORT TARGET_PORT...   round-robin TCP proxy: the
        job runner sends each job to the next server, as a load balancer would
    queue_job_scaleout.py (fed to odoo-bin shell, CS_BENCH_STEP=...)
        seed     two sets of open tickets, each matched by its own escalation rule,
                 and two sets of contacts; only set 1 is due (active, dormant)
        switch   set CS_BENCH_SET becomes the one due, the other is put aside
        report   the jobs of set CS_BENCH_SET per server and worker, and any record
                 processed twice or not at all; prints a SCALEOUT| line

Environment: CS_BENCH_TICKETS, CS_BENCH_CONTACTS, CS_BENCH_SET, CS_BENCH_PIDS
("A:pid,pid B:..."), CS_BENCH_SINCE (when the run was started, UTC).
"""

import asyncio
import itertools
import json
import os
import sys
import time
from collections import Counter
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


def _team(env, number):
    return env["helpdesk.ticket.team"].search(
        [("name", "=", f"Scale-out bench {number}")], limit=1
    )


def seed(env):
    tickets = int(os.environ["CS_BENCH_TICKETS"])
    contacts = int(os.environ["CS_BENCH_CONTACTS"])
    start = time.perf_counter()
    if _untouched(env, tickets, contacts):
        print("reusing the two sets seeded by an earlier run, not processed yet")
        _switch(env, 1)
        return
    # A rerun starts afresh: the rows of an earlier run are put out of the way.
    old = env["helpdesk.ticket.team"].search(
        [("name", "in", ["Scale-out bench 1", "Scale-out bench 2"])]
    )
    env.cr.execute(
        "UPDATE helpdesk_ticket SET active = FALSE WHERE team_id = ANY(%s)", [old.ids]
    )
    for team in old:
        team.name = f"{team.name} (old {team.id})"
    for number in (1, 2):
        # Contacts of an earlier run not erased would be due in this one too.
        left = _contacts(env, number).filtered(lambda p: not p.cs_erased_date)
        if left:
            env.cr.execute(
                "UPDATE res_partner SET write_date = now() AT TIME ZONE 'UTC' "
                "WHERE id = ANY(%s)",
                [left.ids],
            )
    env["cs.escalation.rule"].search([("name", "=like", "Scale-out%")]).active = False
    for number in (1, 2):
        team = env["helpdesk.ticket.team"].create({"name": f"Scale-out bench {number}"})
        env["cs.escalation.rule"].create(
            {
                "name": f"Scale-out {number}: every ticket of the team",
                "domain": f"[('team_id', '=', {team.id})]",
                "level": "2",
            }
        )
        for first in range(0, tickets, 500):
            env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Scale-out {number}.{i}",
                        "description": "x",
                        "team_id": team.id,
                        "active": number == 1,
                    }
                    for i in range(first, min(first + 500, tickets))
                ]
            )
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Dormant {number}.{i}",
                    "email": f"dormant{number}.{i}.{team.id}@example.com",
                }
                for i in range(contacts)
            ]
        )
        # Erasure blanks what would tell the contacts apart: keep their ids.
        env["ir.config_parameter"].set_param(
            f"cs_bench.scaleout.contacts.{number}", json.dumps(partners.ids)
        )
    env.flush_all()
    env.cr.execute("DELETE FROM queue_job")
    env.cr.commit()
    _switch(env, 1)
    print(
        f"seeded 2 x {tickets} open tickets and 2 x {contacts} contacts in "
        f"{time.perf_counter() - start:.0f} s"
    )


def _untouched(env, tickets, contacts):
    """True when both sets are there at these sizes and nothing processed them."""
    for number in (1, 2):
        team = _team(env, number)
        if not team:
            return False
        count = (
            env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search_count([("team_id", "=", team.id)])
        )
        partners = _contacts(env, number)
        if (
            count != tickets
            or len(partners) != contacts
            or partners.filtered("cs_erased_date")
            or env["cs.escalation.history"].search_count([("team_id", "=", team.id)])
        ):
            return False
    return True


def _contacts(env, number):
    ids = env["ir.config_parameter"].get_param(
        f"cs_bench.scaleout.contacts.{number}", "[]"
    )
    return env["res.partner"].with_context(active_test=False).browse(json.loads(ids))


def _switch(env, number):
    """Only set ``number`` is due: its tickets are active, its contacts dormant."""
    now = env.cr.now()
    for other in (1, 2):
        team = _team(env, other)
        env.cr.execute(
            "UPDATE helpdesk_ticket SET active = %s WHERE team_id = %s",
            [other == number, team.id],
        )
        partners = _contacts(env, other).filtered(lambda p: not p.cs_erased_date)
        if partners:
            env.cr.execute(
                "UPDATE res_partner SET write_date = %s WHERE id = ANY(%s)",
                [
                    now - timedelta(days=6 * 365) if other == number else now,
                    partners.ids,
                ],
            )
    env.cr.commit()


def switch(env):
    _switch(env, int(os.environ["CS_BENCH_SET"]))


def report(env):
    number = int(os.environ["CS_BENCH_SET"])
    team = _team(env, number)
    servers = {}
    for part in os.environ.get("CS_BENCH_PIDS", "").split():
        name, pids = part.split(":")
        for pid in pids.split(","):
            if pid:
                servers[int(pid)] = name
    env.cr.execute(
        """SELECT method_name, state, worker_pid, args, result,
                  EXTRACT(EPOCH FROM date_done - %s) * 1000 AS done_ms
             FROM queue_job
            WHERE channel = 'root.customer_service' AND date_created >= %s
         ORDER BY id""",
        [os.environ["CS_BENCH_SINCE"], os.environ["CS_BENCH_SINCE"]],
    )
    jobs = env.cr.dictfetchall()
    states = Counter(job["state"] for job in jobs)
    per_server = Counter()
    per_worker = Counter()
    erased = Counter()
    for job in jobs:
        server = servers.get(job["worker_pid"], "?")
        per_server[server] += 1
        per_worker[(server, job["worker_pid"], job["method_name"])] += 1
        if job["method_name"] == "_cs_retention_erase_job" and job["result"]:
            erased.update(json.loads(job["result"]))
    for (server, pid, method), count in sorted(per_worker.items(), key=str):
        print(f"  server {server} worker {pid}: {count} x {method}")
    # Twice or not at all, as the database shows it: escalations per ticket of the
    # set's rule, and the set's contacts erased.
    rule = env["cs.escalation.rule"].search(
        [("name", "=", f"Scale-out {number}: every ticket of the team")], limit=1
    )
    env.cr.execute(
        """SELECT t.id, COUNT(h.id) FROM helpdesk_ticket t
      LEFT JOIN cs_escalation_history h ON h.ticket_id = t.id AND h.rule_id = %s
          WHERE t.team_id = %s GROUP BY t.id""",
        [rule.id, team.id],
    )
    escalations = Counter(count for __, count in env.cr.fetchall())
    partners = _contacts(env, number)
    not_erased = len(partners.filtered(lambda p: not p.cs_erased_date))
    twice = sum(n for count, n in escalations.items() if count > 1) + sum(
        1 for count in erased.values() if count > 1
    )
    missed = escalations.get(0, 0) + not_erased
    done_ms = max((job["done_ms"] or 0 for job in jobs), default=0)
    print(
        f"set {number}: {len(jobs)} jobs {dict(states)}; tickets escalated once: "
        f"{escalations.get(1, 0)}, contacts erased: {len(partners) - not_erased}; "
        f"twice: {twice}, missed: {missed}; last job done after {done_ms:.0f} ms"
    )
    split = "/".join(
        str(per_server[name]) for name in ("A", "B") if name in servers.values()
    )
    print(f"SCALEOUT|{number}|{done_ms:.0f}|{split}|{twice}|{missed}|{len(jobs)}")


if __name__ == "__main__" and sys.argv[1:2] == ["proxy"]:
    proxy(int(sys.argv[2]), [int(p) for p in sys.argv[3:]])
elif "env" in globals():
    step = os.environ["CS_BENCH_STEP"]
    {"seed": seed, "switch": switch, "report": report}[step](env)  # noqa: F821
