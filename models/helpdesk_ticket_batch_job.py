from odoo import api, models
from odoo.tools import SQL, split_every

from .helpdesk_ticket_escalation import BATCH_SIZE

OPEN_TICKETS = """
    SELECT t.id FROM helpdesk_ticket t
 LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
     WHERE t.active AND NOT COALESCE(s.closed, FALSE)
"""


class HelpdeskTicketBatchJob(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _cron_cs_escalation(self, batch_size=BATCH_SIZE, commit=True):
        """With queue_job, the pass is split into ranges of open tickets, one queue
        job each: the runners of several servers share them and no ticket falls in
        two ranges. Without it, the cron walks the tickets itself."""
        Jobs = self.env["cs.batch.job"]
        if self.env.context.get("cs_escalation_range") or not (
            Jobs._cs_queue_job_available()
        ):
            return super()._cron_cs_escalation(batch_size=batch_size, commit=commit)
        self.env.flush_all()
        self.env.cr.execute(SQL(OPEN_TICKETS + " ORDER BY t.id"))
        ids = [row[0] for row in self.env.cr.fetchall()]
        channel = Jobs._cs_job_channel()
        after_id = 0
        for chunk in split_every(batch_size, ids):
            self.with_delay(
                channel=channel,
                description=self.env._(
                    "Escalation pass, tickets %(first)s to %(last)s",
                    first=chunk[0],
                    last=chunk[-1],
                ),
            )._cs_escalation_range_job(after_id, chunk[-1], batch_size)
            after_id = chunk[-1]
        return 0

    @api.model
    def _cs_escalation_range_job(self, after_id, upto_id, batch_size=BATCH_SIZE):
        """The escalation pass over the open tickets with after_id < id <= upto_id."""
        return self.with_context(
            cs_escalation_range=(after_id, upto_id)
        )._cron_cs_escalation(batch_size=batch_size, commit=False)

    def _cs_lock_batch(self, after_id, limit):
        bounds = self.env.context.get("cs_escalation_range")
        if not bounds:
            return super()._cs_lock_batch(after_id, limit)
        low, high = bounds
        after_id = max(after_id, low)
        if after_id >= high:
            return []
        # Locks no ticket past the range: the job of the next range would skip it.
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FROM (%s AND t.id > %s AND t.id <= %s) r",
                SQL(OPEN_TICKETS),
                after_id,
                high,
            )
        )
        limit = min(limit, self.env.cr.fetchone()[0])
        if not limit:
            return []
        return [
            row for row in super()._cs_lock_batch(after_id, limit) if row["id"] <= high
        ]
