"""Time the daily follow-up cron over many partners.

Usage (a database with customer_service installed, e.g. one kept by
``CS_KEEP_DB=1 CS_TEST_DB=cs_bench make test``)::

    $V/bin/python bench/followup_cron.py --db cs_bench --partners 2000 \
        --addons-path /opt/odoo19/odoo/addons,/opt/odoo19/addons,...

It creates the partners and their due follow-ups (an e-mail step and a phone step),
runs the cron's batches, prints the timings and rolls everything back. For the
e-mail step the reference is core mass mailing (the mass-mail composer with the same
template) on as many other follow-ups, in the same process; it prints
``BENCH|follow-up e-mail step|ours_ms|ref_ms|ratio|queries`` per follow-up.
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
        # Half the partners write in Spanish: a database without demo data may
        # not have it active yet.
        env["res.lang"]._activate_lang("es_ES")
        today = fields.Date.context_today(env["cs.followup"])
        env["cs.followup"].search([]).action_cs_cancel()
        # The bench partners have no consent records: the purposes the steps use
        # are opened for the run (rolled back), so every follow-up is sent.
        env["cs.processing.purpose"].search([]).requires_consent = False
        template = env.ref("customer_service.mail_template_cs_followup_satisfaction")
        results = {}
        reference = {}
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
            if channel == "email":
                reference[channel] = core_mass_mail(env, plan, template, args)
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
        if channel in reference:
            ref_elapsed, ref_queries, count = reference[channel]
            ours_ms = elapsed * 1000 / max(sent, 1)
            ref_ms = ref_elapsed * 1000 / count
            print(
                f"core mass mail on {count} follow-ups: {ref_ms:.1f} ms and "
                f"{ref_queries / count:.1f} queries per follow-up"
            )
            print(
                f"BENCH|follow-up e-mail step|{ours_ms:.1f}|{ref_ms:.1f}|"
                f"{ours_ms / ref_ms:.2f}|{queries / max(sent, 1):.1f}"
            )


def core_mass_mail(env, plan, template, args):
    """Core mass mailing of ``template`` to as many new follow-ups, by batch."""
    partners = env["res.partner"].create(
        [
            {
                "name": f"Reference {i}",
                "email": f"reference.{i}@example.com",
                "lang": "es_ES" if i % 2 else "en_US",
            }
            for i in range(args.partners)
        ]
    )
    followups = env["cs.followup"].create(
        [{"plan_id": plan.id, "partner_id": p.id} for p in partners]
    )
    env.flush_all()
    queries0 = env.cr.sql_log_count
    t0 = time.perf_counter()
    for start in range(0, len(followups), args.batch):
        batch = followups[start : start + args.batch]
        env["mail.compose.message"].with_context(
            active_model="cs.followup", active_ids=batch.ids
        ).create(
            {
                "composition_mode": "mass_mail",
                "model": "cs.followup",
                "res_ids": repr(batch.ids),
                "template_id": template.id,
                "auto_delete": False,
                "auto_delete_keep_log": True,
            }
        )._action_send_mail(auto_commit=False)
        env.flush_all()
    return (
        time.perf_counter() - t0,
        env.cr.sql_log_count - queries0,
        len(followups),
    )


if __name__ == "__main__":
    main()
