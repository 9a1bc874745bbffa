# Run in `odoo-bin shell` (bench/fk_index_bench.sh). Deleting survey answers walks
# every foreign key that points to them; helpdesk_ticket.cs_satisfaction_input_id is
# the one on a large table. Measures the delete with the addon's index and, in the same
# process and transaction, with that index dropped (the reference), then rolls back.
# CS_BENCH_TICKETS sets the number of tickets (default 100000).
import os
import time

n_tickets = int(os.environ.get("CS_BENCH_TICKETS", "100000"))
n_answers = 200
cr = env.cr  # noqa: F821
env = env(context={"tracking_disable": True, "mail_create_nolog": True})  # noqa: F821
company = env.company.id
cr.execute(
    """
    INSERT INTO helpdesk_ticket (name, description, company_id, create_date, write_date)
    SELECT 'bench ' || g, 'bench', %s, now(), now() FROM generate_series(1, %s) g
    """,
    (company, n_tickets),
)
survey = env["survey.survey"].search([], limit=1)
answers = env["survey.user_input"].create([{"survey_id": survey.id}] * n_answers)
cr.execute(
    """
    UPDATE helpdesk_ticket t SET cs_satisfaction_input_id = a.id
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM survey_user_input
             WHERE id = ANY(%s)) a,
           (SELECT id, row_number() OVER (ORDER BY id DESC) AS r FROM helpdesk_ticket
             LIMIT %s) t2
     WHERE t.id = t2.id AND a.r = t2.r
    """,
    (answers.ids, n_answers),
)
cr.execute("ANALYZE helpdesk_ticket")
half = n_answers // 2


def timed_unlink(records):
    records.invalidate_recordset()
    start = time.perf_counter()
    records.unlink()
    env.flush_all()
    return (time.perf_counter() - start) * 1000


ours = timed_unlink(answers[:half])
cr.execute(
    """SELECT indexname FROM pg_indexes WHERE tablename = 'helpdesk_ticket'
        AND indexdef LIKE '%%(cs_satisfaction_input_id)%%'"""
)
names = [r[0] for r in cr.fetchall()]
for name in names:
    cr.execute(f'DROP INDEX "{name}"')
reference = timed_unlink(answers[half:])
cr.rollback()
print(f"tickets: {n_tickets}, answers deleted per side: {half}, index: {names}")
print(f"{'path':44} {'ours ms':>10} {'no index ms':>12} {'ratio':>8}")
print(
    f"{'delete survey answers (per answer)':44} {ours / half:10.2f} "
    f"{reference / half:12.2f} {reference / max(ours, 0.001):7.0f}x"
)
print(
    f"BENCH|delete survey answer, {n_tickets} tickets (without the index)|"
    f"{ours / half:.2f}|{reference / half:.2f}|{ours / max(reference, 0.001):.3f}|"
)
