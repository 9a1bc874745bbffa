"""Time the daily follow-up cron over many partners.

Usage (a database with customer_service installed, e.g. one kept by
``CS_KEEP_DB=1 CS_TEST_DB=cs_bench make test``)::

    $V/bin/python bench/followup_cron.py --db cs_bench --partners 2000 \
        --addons-path /opt/odoo19/odoo/addons,/opt/odoo19/addons,...

It creates the partners and their due follow-ups (an e-mail step and a phone step),
runs the cron's batches, prints the timings and rolls everything back.
"""

import argparse
import os
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.environ.get("ODOO_HOME", "/opt/odoo19"))

import odoo  # noqa: E402
from odoo import Command, api, fields  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.tools import config  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    config.parse_config(["--addons-path", args.addons_path, "--log-level", "warn"])
    odoo.tools.config["test_enable"] = False
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        today = fields.Date.context_today(env["cs.followup"])
        env["cs.followup"].search([]).action_cs_cancel()
        template = env.ref("customer_service.mail_template_cs_followup_satisfaction")
        results = {}
        for channel in ("email", "phone"):
            step = {"name": f"Bench {channel}", "day_offset": 0, "channel": channel}
            if channel == "email":
                step["mail_template_id"] = template.id
            plan = env["cs.followup.plan"].create(
                {
                    "name": f"Bench {channel}",
                    "trigger": "manual",
                    "step_ids": [Command.create(step)],
                }
            )
            t0 = time.perf_counter()
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Bench {channel} {i}",
                        "email": f"bench.{channel}.{i}@example.com",
                        "lang": "es_ES" if i % 2 else "en_US",
                    }
                    for i in range(args.partners)
                ]
            )
            followups = env["cs.followup.plan"]._cs_trigger("manual", partners)
            followups = followups.filtered(lambda f, plan=plan: f.plan_id == plan)
            followups.write({"start_date": today - timedelta(days=1)})
            followups._cs_schedule_next()
            env.flush_all()
            setup = time.perf_counter() - t0
            queries0 = cr.sql_log_count
            t0 = time.perf_counter()
            batches = 0
            totals = {}
            while True:
                processed, counters = env["cs.followup"]._cs_run_due_batch(
                    limit=args.batch
                )
                env.flush_all()
                if not processed:
                    break
                batches += 1
                for key, value in counters.items():
                    totals[key] = totals.get(key, 0) + value
            elapsed = time.perf_counter() - t0
            queries = cr.sql_log_count - queries0
            results[channel] = (setup, elapsed, batches, totals, queries)
            plan.active = False
        cr.rollback()
    for channel, (setup, elapsed, batches, totals, queries) in results.items():
        sent = totals.get("sent", 0)
        print(
            f"{channel}: {args.partners} partners, setup {setup:.1f}s; cron "
            f"{elapsed:.1f}s in {batches} batches of {args.batch} "
            f"({sent / elapsed if elapsed else 0:.0f} follow-ups/s, "
            f"{elapsed * 1000 / max(sent, 1):.1f} ms and "
            f"{queries / max(sent, 1):.1f} queries per follow-up); {totals}"
        )


if __name__ == "__main__":
    main()
