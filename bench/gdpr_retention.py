"""Time the GDPR retention job over many inactive contacts.

Run with ``bench/gdpr_retention.sh [contacts]``: it installs customer_service on a
dedicated database (cs_bench_gdpr, without demo data) and feeds this file to
``odoo-bin shell``. Nothing is committed: the transaction is rolled back at the end.
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
env.invalidate_all()  # noqa: F821
setup = time.perf_counter() - start

start = time.perf_counter()
candidates = Partner._cs_retention_candidate_ids()
preview = time.perf_counter() - start

batches = []
queries = env.cr.sql_log_count  # noqa: F821
start = time.perf_counter()
done = Partner._cs_retention_run(
    batch_size=BATCH,
    progress=lambda n, remaining: batches.append(time.perf_counter()) or 1.0,
)
env.flush_all()  # noqa: F821
run = time.perf_counter() - start
queries = env.cr.sql_log_count - queries  # noqa: F821
print(
    f"contacts={CONTACTS} candidates={len(candidates)} setup={setup:.1f}s "
    f"preview={preview * 1000:.0f}ms anonymised={done} run={run:.1f}s "
    f"({done / run:.0f} contacts/s, {len(batches)} batches of {BATCH}, "
    f"{queries / max(done, 1):.1f} queries per contact)"
)

# Reference, in the same process: one batch write of the same values on as many
# other contacts, batch by batch (what the job does on the contact itself only).
others = Partner.create(
    [
        {"name": f"Bench Other {i}", "email": f"other{i}@example.com"}
        for i in range(done)
    ]
)
env.flush_all()  # noqa: F821
ref_queries = env.cr.sql_log_count  # noqa: F821
start = time.perf_counter()
for first in range(0, len(others), BATCH):
    others[first : first + BATCH].write(
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
            "active": False,
            "cs_erased_date": fields.Datetime.now(),
        }
    )
    env.flush_all()  # noqa: F821
ref = time.perf_counter() - start
ref_queries = env.cr.sql_log_count - ref_queries  # noqa: F821
ours_ms = run * 1000 / max(done, 1)
ref_ms = ref * 1000 / max(len(others), 1)
print(
    f"reference batch write: {len(others) / ref:.0f} contacts/s, "
    f"{ref_queries / max(len(others), 1):.1f} queries per contact"
)
print(
    f"BENCH|GDPR retention ({done / run:.0f} contacts/s)|{ours_ms:.2f}|{ref_ms:.2f}|"
    f"{ours_ms / ref_ms:.2f}|{queries / max(done, 1):.1f}"
)
print(
    f"BENCH|GDPR retention per contact, {CONTACTS} contacts (no reference yet)|"
    f"{run * 1000 / max(done, 1):.2f}|||"
)
env.cr.rollback()  # noqa: F821
