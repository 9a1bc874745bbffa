"""Long jobs in batches: queue jobs when OCA queue_job is installed, else in place.

The addon does not depend on queue_job. When it is installed, the long jobs
(escalation passes, retention, follow-up sends, report generation, data exports, CDR
imports) are split into batches, one queue job each, on the channel
``root.customer_service``, so the job runners of several servers share them. Give
the channel its capacity in the runner's configuration, for example
``ODOO_QUEUE_JOB_CHANNELS=root:2,root.customer_service:1``. Without queue_job the
crons and buttons run them themselves, as before.
"""

import psycopg2

from odoo import api, models
from odoo.tools import plaintext2html, split_every

CHANNEL = "root.customer_service"


class CsBatchJob(models.AbstractModel):
    _name = "cs.batch.job"
    _description = "Customer Service Long Jobs"

    @api.model
    def _cs_queue_job_available(self):
        """True when queue_job is installed, unless the code already runs in a job
        (``job_uuid``) or the context asks to run in place (``cs_no_queue_job``)."""
        context = self.env.context
        return "queue.job" in self.env and not (
            context.get("cs_no_queue_job") or context.get("job_uuid")
        )

    @api.model
    def _cs_job_channel(self, channel=CHANNEL):
        """The channel's complete name, created under ``root`` on first use so that
        it shows in the job queue's settings."""
        # sudo: channels are settings records; any job's author may need one.
        Channel = self.env["queue.job.channel"].sudo()
        if Channel.search_count([("complete_name", "=", channel)], limit=1):
            return channel
        parent = Channel.search([("complete_name", "=", "root")], limit=1)
        try:
            with self.env.cr.savepoint():
                for name in channel.split(".")[1:]:
                    found = Channel.search(
                        [("name", "=", name), ("parent_id", "=", parent.id)], limit=1
                    )
                    parent = found or Channel.create(
                        {"name": name, "parent_id": parent.id}
                    )
        except psycopg2.IntegrityError:
            # Another server's cron created it at the same moment, in a transaction
            # this one cannot see: the name is all a job needs.
            return channel
        return channel

    @api.model
    def _cs_run_in_batches(
        self,
        records,
        method_name,
        batch_size=200,
        channel=CHANNEL,
        description=None,
        progress=None,
    ):
        """Call ``records[batch].<method_name>()`` for every batch of ``records``.

        With queue_job: one job per batch on ``channel`` (the job runs the method
        with ``cs_no_queue_job`` in its context); returns ``("queued", jobs)``.
        Without: the batches run here, one after the other; ``progress(done,
        remaining=...)`` (the cron's ``_commit_progress``) is called after each
        and stops the run when it returns no time left; returns ``("done",
        results)``.
        """
        batches = [records.browse(ids) for ids in split_every(batch_size, records.ids)]
        if self._cs_queue_job_available():
            channel = self._cs_job_channel(channel)
            jobs = []
            for batch in batches:
                delayed = batch.with_context(cs_no_queue_job=True).with_delay(
                    channel=channel,
                    description=description
                    or f"{records._description}: {method_name} ({len(batch)})",
                )
                jobs.append(getattr(delayed, method_name)())
            return "queued", jobs
        results = []
        remaining = len(records)
        for batch in batches:
            results.append(getattr(batch, method_name)())
            remaining -= len(batch)
            if (
                progress is not None
                and not progress(len(batch), remaining=remaining) > 0
            ):
                break
        return "done", results

    @api.model
    def _cs_run_job(
        self,
        records,
        method_name,
        *args,
        description=None,
        identity_key=None,
        **kwargs,
    ):
        """``records.<method_name>(*args, **kwargs)`` as one queue job on the
        addon's channel when queue_job is installed (returns ``("queued", job)``),
        else here and now (returns ``("done", result)``). A job with the
        ``identity_key`` of one still waiting is not queued twice."""
        if self._cs_queue_job_available():
            delayed = records.with_context(cs_no_queue_job=True).with_delay(
                channel=self._cs_job_channel(),
                description=description or f"{records._description}: {method_name}",
                identity_key=identity_key,
            )
            return "queued", getattr(delayed, method_name)(*args, **kwargs)
        return "done", getattr(records, method_name)(*args, **kwargs)

    @api.model
    def _cs_notify_user(self, title, message, attachment=None, level="success"):
        """Tell the user who started a job that its result is ready: a message in
        their inbox (with the file, if any), and a pop-up if they are online."""
        user = self.env.user
        self.env["mail.thread"].message_notify(
            partner_ids=user.partner_id.ids,
            subject=title,
            body=plaintext2html(message),
            attachment_ids=attachment.ids if attachment else None,
            subtype_xmlid="mail.mt_note",
        )
        user._bus_send(
            "simple_notification",
            {"type": level, "title": title, "message": message, "sticky": True},
        )
