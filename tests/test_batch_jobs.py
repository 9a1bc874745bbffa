from datetime import timedelta
from unittest import SkipTest

from odoo import fields
from odoo.tests import tagged

from .gdpr_common import GdprCase


class BatchJobCase(GdprCase):
    def _old_contacts(self, count, tag):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Dormant {tag} {i}",
                    "email": f"dormant.{tag}.{i}@example.com",
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = %s WHERE id = ANY(%s)",
            [fields.Datetime.now() - timedelta(days=6 * 365), partners.ids],
        )
        self.env.invalidate_all()
        return partners

    def _erased(self, partners):
        return partners.with_context(active_test=False).filtered("cs_erased_date")


@tagged("post_install", "-at_install")
class TestBatchJobsInPlace(BatchJobCase):
    """Without queue_job the long jobs run in the cron, batch by batch."""

    def test_without_queue_job_batches_run_here(self):
        if "queue.job" in self.env:
            raise SkipTest("queue_job is installed: see TestBatchJobsQueued")
        Jobs = self.env["cs.batch.job"]
        self.assertFalse(Jobs._cs_queue_job_available())
        partners = self._old_contacts(5, "here")
        calls = []
        mode, results = Jobs._cs_run_in_batches(
            partners,
            "_cs_retention_erase_job",
            batch_size=2,
            progress=lambda done, remaining: calls.append((done, remaining)) or 1.0,
        )
        self.assertEqual(mode, "done")
        self.assertEqual(
            results, [partners[:2].ids, partners[2:4].ids, partners[4:].ids]
        )
        self.assertEqual(calls, [(2, 3), (2, 1), (1, 0)])
        self.assertEqual(self._erased(partners), partners)

    def test_progress_without_time_left_stops(self):
        if "queue.job" in self.env:
            raise SkipTest("queue_job is installed: see TestBatchJobsQueued")
        partners = self._old_contacts(4, "stop")
        mode, results = self.env["cs.batch.job"]._cs_run_in_batches(
            partners,
            "_cs_retention_erase_job",
            batch_size=2,
            progress=lambda done, remaining: 0.0,
        )
        self.assertEqual((mode, results), ("done", [partners[:2].ids]))
        self.assertEqual(len(self._erased(partners)), 2)

    def test_retention_job_skips_contacts_no_longer_due(self):
        partners = self._old_contacts(3, "due")
        # Touched since the batch was planned: active again, not erased.
        partners[0].write({"phone": "+34600111222"})
        done = partners.with_context(cs_no_queue_job=True)._cs_retention_erase_job()
        self.assertEqual(done, partners[1:].ids)
        self.assertEqual(self._erased(partners), partners[1:])


@tagged("post_install", "-at_install", "cs_queue_job")
class TestBatchJobsQueued(BatchJobCase):
    """With OCA queue_job installed the long jobs become queue jobs on the channel
    root.customer_service, one per batch, and no record is in two jobs. Runs on a
    database with queue_job (``.ci/peer``'s queue_job database); skipped
    elsewhere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "queue.job" not in cls.env:
            raise SkipTest("queue_job is not installed")

    def _trap(self):
        # Imported here: the addon runs without queue_job.
        from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: PLC0415

        return trap_jobs()

    def _job_records(self, trap, method_name):
        return [
            job.recordset
            for job in trap.enqueued_jobs
            if job.method_name == method_name
        ]

    def test_retention_is_queued_in_disjoint_batches(self):
        Partner = self.env["res.partner"]
        Partner.browse(Partner._cs_retention_candidate_ids())._cs_gdpr_erase_batch()
        partners = self._old_contacts(5, "queued")
        with self._trap() as trap:
            Partner._cron_cs_retention(batch_size=2)
            batches = self._job_records(trap, "_cs_retention_erase_job")
            self.assertEqual([len(b) for b in batches], [2, 2, 1])
            ids = [pid for batch in batches for pid in batch.ids]
            self.assertEqual(sorted(ids), sorted(set(ids)), "no contact twice")
            self.assertEqual(set(ids), set(partners.ids))
            for job in trap.enqueued_jobs:
                self.assertEqual(job.channel, "root.customer_service")
            self.assertFalse(self._erased(partners), "nothing runs before the jobs")
            trap.perform_enqueued_jobs()
        self.assertEqual(self._erased(partners), partners)
        channel = self.env["queue.job.channel"].search(
            [("complete_name", "=", "root.customer_service")]
        )
        self.assertEqual(len(channel), 1)

    def test_escalation_pass_is_queued_in_ranges(self):
        for i in range(5):
            self._ticket("email", name=f"Queued {i}")
        with self._trap() as trap:
            self.env["helpdesk.ticket"]._cron_cs_escalation(batch_size=2)
            ranges = [
                job.args[:2]
                for job in trap.enqueued_jobs
                if job.method_name == "_cs_escalation_range_job"
            ]
            self.assertGreaterEqual(len(ranges), 3)
            for (__, high), (low, __) in zip(ranges, ranges[1:], strict=False):
                self.assertEqual(high, low, "ranges follow each other, no overlap")
            trap.perform_enqueued_jobs()

    def test_followups_are_queued(self):
        plan = self.env.ref("customer_service.cs_followup_plan_after_ticket")
        partners = self.env["res.partner"].create(
            [{"name": f"Queued {i}", "email": f"q{i}@example.com"} for i in range(3)]
        )
        followups = self.env["cs.followup"].create(
            [{"plan_id": plan.id, "partner_id": p.id} for p in partners]
        )
        followups.write({"next_date": fields.Date.today() - timedelta(days=1)})
        with self._trap() as trap:
            result = self.env["cs.followup"]._cron_run_due(batch_size=2)
            batches = self._job_records(trap, "_cs_run_due_job")
            ids = [fid for batch in batches for fid in batch.ids]
            # The demo's due follow-ups go in the same jobs as these.
            self.assertTrue(set(followups.filtered("next_step_id").ids) <= set(ids))
            self.assertGreaterEqual(
                result["queued"], len(followups.filtered("next_step_id"))
            )
            self.assertEqual(sorted(ids), sorted(set(ids)))

    def test_report_generation_is_queued(self):
        with self._trap() as trap:
            action = (
                self.env["cs.satisfaction.report.wizard"]
                .create(
                    {
                        "name": "Queued",
                        "date_from": fields.Date.today() - timedelta(days=30),
                        "date_to": fields.Date.today(),
                    }
                )
                .action_generate()
            )
            report = self.env["cs.satisfaction.report"].browse(action["res_id"])
            self.assertFalse(report.generated_date)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertTrue(report.generated_date)
