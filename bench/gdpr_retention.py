"""Time the GDPR retention job over many inactive contacts.

Run with ``bench/gdpr_retention.sh [contacts]``: it installs customer_service on a
dedicated database (CS_BENCH_DB, without demo data) and feeds this file to
``odoo-bin shell``. Nothing is committed: the transaction is rolled back at the end.

Ours is the model's own retention loop (``_cs_retention_run``, as the cron runs it:
candidate query, then ``_cs_gdpr_erase_batch`` per batch). The reference is one
batch write of the same values on the contact itself, on as many other contacts,
which are recent and so never retention candidates. The two alternate: after each
of our batches, the progress callback of the loop times one reference batch, and
that time is taken out of ours. Times are printed in ms per contact.
"""

import os
import time
from datetime import timedelta

from odoo import fields

CONTACTS = int(os.environ.get("CS_BENCH_CONTACTS", "2000"))
BATCH = int(os.environ.get("CS_BENCH_BATCH", "200"))

Partner = env["res.partner"]  # noqa: F821 (provided by odoo-bin shell)
commercial = env.ref("customer_service.purpose_commercial")  # noqa: F821
start = time.perf_counter()
partners = Partner.create(
    [
        {"name": f"Bench Contact {i}", "email": f"bench{i}@example.com"}
        for i in range(CONTACTS)
    ]
)
# A fifth consented to commercial messages six years ago: the consent query of the
# job has real rows to scan, and those contacts are past every retention period too.
for p in partners[::5]:
    # Through the recording flow: a bare create is refused outside the DPO import.
    env["cs.consent"]._cs_record(  # noqa: F821
        p, commercial, "email", "given", "portal", proof_ip="192.0.2.1"
    )
env.flush_all()  # noqa: F821
old = fields.Datetime.now() - timedelta(days=6 * 365)
env.cr.execute(  # noqa: F821
    "UPDATE res_partner SET write_date = %s WHERE id = ANY(%s)", [old, partners.ids]
)
env.cr.execute(  # noqa: F821
    "UPDATE cs_consent SET date = %s WHERE partner_id = ANY(%s)", [old, partners.ids]
)
# The reference's contacts: as many, created now, so never due for retention.
others = Partner.create(
    [
        {"name": f"Bench Other {i}", "email": f"other{i}@example.com"}
        for i in range(CONTACTS)
    ]
)
env.flush_all()  # noqa: F821
env.invalidate_all()  # noqa: F821
setup = time.perf_counter() - start

start = time.perf_counter()
candidates = Partner._cs_retention_candidate_ids()
preview = time.perf_counter() - start

ref = {"time": 0.0, "queries": 0, "done": 0, "batches": 0}


def reference_batch(done, remaining=0):
    """One batch write of the same values, timed apart; then back to our loop."""
    start = time.perf_counter()
    queries = env.cr.sql_log_count  # noqa: F821
    first = ref["done"]
    chunk = others[first : first + done]
    chunk.write(
        {
            "parent_id": False,
            "name": "Erased contact",
            "email": False,
            "phone": False,
            "street": False,
            "street2": False,
            "zip": False,
            "city": False,
            "vat": False,
            "website": False,
            "function": False,
            "comment": False,
            "cs_address_form_id": False,
            "active": False,
            "cs_erased_date": fields.Datetime.now(),
        }
    )
    env.flush_all()  # noqa: F821
    ref["queries"] += env.cr.sql_log_count - queries  # noqa: F821
    ref["done"] += len(chunk)
    ref["batches"] += 1
    ref["time"] += time.perf_counter() - start
    return 1.0


queries = env.cr.sql_log_count  # noqa: F821
start = time.perf_counter()
done = Partner._cs_retention_run(batch_size=BATCH, progress=reference_batch)
env.flush_all()  # noqa: F821
run = time.perf_counter() - start - ref["time"]
queries = env.cr.sql_log_count - queries - ref["queries"]  # noqa: F821
ours_ms = run * 1000 / max(done, 1)
ref_ms = ref["time"] * 1000 / max(ref["done"], 1)
ours_q = queries / max(done, 1)
ref_q = ref["queries"] / max(ref["done"], 1)
print(
    f"contacts={CONTACTS} candidates={len(candidates)} setup={setup:.1f}s "
    f"preview={preview * 1000:.0f}ms batches={ref['batches']} of {BATCH}"
)
print(
    f"ours (_cs_retention_run): {done} contacts in {run:.2f}s, "
    f"{done / run:.0f} contacts/s, {ours_ms:.2f} ms and {ours_q:.1f} queries per "
    f"contact ({queries / max(ref['batches'], 1):.0f} per batch)"
)
print(
    f"reference (one batch write of the same values): {ref['done']} contacts in "
    f"{ref['time']:.2f}s, {ref['done'] / ref['time']:.0f} contacts/s, "
    f"{ref_ms:.2f} ms and {ref_q:.1f} queries per contact"
)
print(f"load average: {open('/proc/loadavg').read().strip()}")  # noqa: SIM115
print(
    f"BENCH|GDPR retention, ms per contact ({done / run:.0f} vs "
    f"{ref['done'] / ref['time']:.0f} contacts/s, batches of {BATCH}; reference: one "
    f"batch write of the same values)|{ours_ms:.2f}|{ref_ms:.2f}|"
    f"{ours_ms / ref_ms:.2f}|{ours_q:.1f} vs {ref_q:.1f} per contact"
)
env.cr.rollback()  # noqa: F821
