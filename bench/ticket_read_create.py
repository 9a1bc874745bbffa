"""Ticket form read, 1,000-ticket read and single create: customer_service against
plain helpdesk_mgmt, both measured in this process.

The reference is a second database with helpdesk_mgmt only (same Odoo, same
PostgreSQL, same data generator), opened as a second registry here, and each
measurement alternates between the two so load swings hit both sides alike.
With ``--deps``, a third database holding helpdesk_mgmt and every module the
addon depends on, without the addon, is loaded the same way and measured in the
same alternation; its rows show how much of the gap to plain helpdesk_mgmt comes
from those modules (wider company and partner rows, mail, ...), not the addon.
Run through bench/ticket_read_create.sh; prints ``BENCH|...`` lines (see
bench/run_all.sh).
"""

import argparse
import statistics
import time

import odoo
from odoo import api
from odoo.modules.registry import Registry

ADMIN = 2


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--plain", required=True)
    parser.add_argument(
        "--deps",
        default="",
        help="database with helpdesk_mgmt and the addon's dependencies, not the addon",
    )
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--only",
        default="",
        help="measure only the paths whose name contains this text (e.g. create)",
    )
    options, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    return options


ORM_TEMPLATES = 500


def clone_rows(cr, table, template_ids, count, overrides):
    """Insert ``count`` copies of the template rows in SQL, cycling through them.

    ``overrides`` maps a column to an SQL expression of ``n`` (the copy's number);
    every other column is copied as the ORM wrote it.
    """
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id'",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    select = ", ".join(overrides.get(name, f"t.{name}") for name in columns)
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {select} FROM generate_series(0, %s - 1) AS n "
        f"JOIN {table} t ON t.id = (%s::int[])[1 + n %% %s] ORDER BY n RETURNING id",
        [count, list(template_ids), len(template_ids)],
    )
    return [row[0] for row in cr.fetchall()]


def load(env, count):
    """Tickets up to ``count`` (rerunnable: only the missing ones are created).

    The first ORM_TEMPLATES tickets and their customers are created through the
    ORM; the rest are SQL copies of them with their own names, numbers and
    customers, so a 100k load takes seconds on either side.
    """
    Ticket = env["helpdesk.ticket"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    present = Ticket.search_count([("name", "=like", "Bench ticket %")])
    orm_count = min(count, ORM_TEMPLATES)
    if present < orm_count:
        partners = env["res.partner"].create(
            [
                {"name": f"Bench customer {i}", "email": f"bench{i}@example.com"}
                for i in range(present, orm_count)
            ]
        )
        channels = env["helpdesk.ticket.channel"].search([])
        teams = env["helpdesk.ticket.team"].search([])
        Ticket.create(
            [
                {
                    "name": f"Bench ticket {present + i}",
                    "description": "<p>My kettle stopped working.</p>",
                    "partner_id": partner.id,
                    "channel_id": channels[i % len(channels)].id if channels else False,
                    "team_id": teams[i % len(teams)].id if teams else False,
                }
                for i, partner in enumerate(partners)
            ]
        )
        env.flush_all()
        present = orm_count
    if present < count:
        templates = Ticket.search(
            [("name", "=like", "Bench ticket %")], order="id", limit=ORM_TEMPLATES
        )
        missing = count - present
        partner_ids = clone_rows(
            env.cr,
            "res_partner",
            templates.partner_id.ids,
            missing,
            {
                "name": f"'Bench customer ' || ({present} + n)",
                "complete_name": f"'Bench customer ' || ({present} + n)",
                "email": f"'bench' || ({present} + n) || '@example.com'",
                "email_normalized": f"'bench' || ({present} + n) || '@example.com'",
            },
        )
        # One INSERT draws its ids in order, so copy n gets customer first + n.
        assert partner_ids == list(range(partner_ids[0], partner_ids[0] + missing))
        clone_rows(
            env.cr,
            "helpdesk_ticket",
            templates.ids,
            missing,
            {
                "name": f"'Bench ticket ' || ({present} + n)",
                "number": f"'BENCH' || ({present} + n)",
                "cs_tracking_key": f"'BENCH-' || ({present} + n)",
                "partner_id": f"{partner_ids[0]} + n",
            },
        )
    # The reference gets the partial indexes this addon adds to helpdesk_mgmt's
    # columns (models/helpdesk_ticket_indexes.py): without them each form read of
    # plain scans the whole table, and the ratio would measure the index, not the
    # addon's overhead.
    for column in ("duplicate_id", "partner_id"):
        env.cr.execute(
            f"CREATE INDEX IF NOT EXISTS helpdesk_ticket__{column}_index "
            f"ON helpdesk_ticket ({column}) WHERE {column} IS NOT NULL"
        )
    env.cr.execute("ANALYZE helpdesk_ticket")
    env.cr.execute("ANALYZE res_partner")
    env.cr.commit()
    return Ticket.search([("name", "=like", "Bench ticket %")], order="id", limit=1000)


def measure(env, function):
    env.invalidate_all()
    env.cr.flush()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    function()
    env.cr.flush()
    return (time.perf_counter() - start) * 1000, env.cr.sql_log_count - before


def side(registry, options):
    # Importable once the addons path is configured.
    from odoo.addons.customer_service.tests.read_common import (  # noqa: PLC0415
        form_specification,
    )

    cr = registry.cursor()
    env = api.Environment(cr, ADMIN, {"lang": "en_US", "tz": "Europe/Madrid"})
    # As the web client sends it: the user's current company only. The demo data
    # of l10n_us (a dependency's) adds a second company to the user on the addon's
    # and the deps databases, not on plain's, and the record rules would then read
    # both companies on one side only.
    env = env(context=dict(env.context, allowed_company_ids=env.user.company_id.ids))
    tickets = load(env, options.tickets)
    spec = form_specification(env)
    addon_fields = [
        name
        for name, field in env["helpdesk.ticket"]._fields.items()
        if field.type not in ("one2many", "many2many", "binary") and not field.groups
    ]
    channel = env["helpdesk.ticket.channel"].search([], limit=1)
    team = env["helpdesk.ticket.team"].search([], limit=1)
    partner = tickets[:1].partner_id
    paths = {
        "ticket form web_read": lambda: tickets[:1].web_read(spec),
        f"read all fields of {len(tickets)} tickets": lambda: tickets.read(
            addon_fields, load=None
        ),
        "single ticket create": lambda: env["helpdesk.ticket"].create(
            {
                "name": "Bench single create",
                "description": "<p>Please call me back.</p>",
                "partner_id": partner.id,
                "channel_id": channel.id,
                "team_id": team.id,
            }
        ),
    }
    return cr, env, paths


DEPS_SUFFIX = " (reference: helpdesk_mgmt + the addon's dependencies)"


def main():
    options = parse()
    sides = {"ours": side(Registry(options.ours), options)}
    sides["plain"] = side(Registry(options.plain), options)
    if options.deps:
        sides["deps"] = side(Registry(options.deps), options)
    rows = []
    try:
        for path in sides["ours"][2]:
            if options.only not in path:
                continue
            runs = options.runs if "create" in path or "form" in path else 5
            times = {key: [] for key in sides}
            queries = {key: [] for key in sides}
            # Warm every side (ormcaches, prepared plans), then alternate.
            for _cr, env, paths in sides.values():
                measure(env, paths[path])
            for _ in range(runs):
                for key, (_cr, env, paths) in sides.items():
                    ms, count = measure(env, paths[path])
                    times[key].append(ms)
                    queries[key].append(count)
            ours_ms = statistics.median(times["ours"])
            for key, suffix in (("plain", ""), ("deps", DEPS_SUFFIX)):
                if key not in sides:
                    continue
                ref_ms = statistics.median(times[key])
                row = (
                    f"BENCH|{path}{suffix}|{ours_ms:.2f}|{ref_ms:.2f}|"
                    f"{ours_ms / ref_ms:.2f}|{statistics.median(queries['ours']):g} vs "
                    f"{statistics.median(queries[key]):g}"
                )
                if key == "plain":
                    print(row, flush=True)
                else:
                    rows.append(row)
        # The rows (against plain helpdesk_mgmt) first, then the deps ones.
        for row in rows:
            print(row, flush=True)
    finally:
        for cr, _env, _paths in sides.values():
            cr.rollback()
            cr.close()


if __name__ == "__main__":
    main()
