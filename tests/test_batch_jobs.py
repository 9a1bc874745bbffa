import base64
import io
from datetime import timedelta
from unittest import SkipTest
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.tests import BaseCase, tagged

from odoo.addons.customer_service.models import cs_call
from odoo.addons.customer_service.tools.cdr_parse import CALL_KEYS, split_cdr
from odoo.addons.customer_service.wizards import cs_call_import_wizard

from .gdpr_common import GdprCase
from .test_phone_tools import ASTERISK_ROW


def _cdr_file():
    """Six lines of Asterisk CDR: five calls, line 4 is not one."""
    rows = [ASTERISK_ROW.replace("1730538900.1", f"1730538900.9{i}") for i in range(5)]
    rows.insert(3, "not,a,call")
    return "\n".join(rows) + "\n"


class TestCdrSplit(BaseCase):
    def test_chunks_keep_the_header_and_the_file_line_numbers(self):
        text = "accountcode,src\n" + "".join(f"l{i}\n" for i in range(1, 8))
        chunks = list(split_cdr(io.StringIO(text, newline=""), 3, "asterisk"))
        self.assertEqual(
            chunks,
            [
                (0, "accountcode,src\nl1\nl2\nl3\n"),
                (3, "accountcode,src\nl4\nl5\nl6\n"),
                (6, "accountcode,src\nl7\n"),
            ],
        )
        # "l4" is line 2 of its chunk and line 5 of the file.
        plain = "".join(f"l{i}\n" for i in range(1, 8))
        chunks = list(split_cdr(io.StringIO(plain, newline=""), 3, "asterisk"))
        self.assertEqual([offset for offset, __ in chunks], [0, 3, 6])
        self.assertEqual(chunks[1][1], "l4\nl5\nl6\n")
        self.assertEqual(list(split_cdr(io.StringIO(""), 3, "asterisk")), [])


class BatchJobCase(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.es")

    def _access_request(self):
        person = self.env["res.partner"].create(
            {"name": "Julia Export", "email": "julia.export@example.com"}
        )
        self._ticket("email", partner=person, name="Julia's claim")
        request = self.Request.with_user(self.dpo).create(
            {
                "partner_id": person.id,
                "request_type": "access",
                "identity_method": "id_document",
                "dpo_id": self.dpo.id,
            }
        )
        request.action_verify_identity()
        request.action_start()
        return request

    def _cdr_wizard(self):
        return (
            self.env["cs.call.import.wizard"]
            .with_user(self.supervisor)
            .create({"cdr_file": base64.b64encode(_cdr_file().encode())})
        )

    def _cdr_calls(self):
        return self.env["cs.call"].search([("pbx_uid", "like", "1730538900.9")])

    def _audit_wizard(self):
        return self.env["cs.audit.report.wizard"].create(
            {
                "date_from": fields.Date.today() - timedelta(days=30),
                "date_to": fields.Date.today(),
            }
        )

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

    def test_data_export_runs_now(self):
        if "queue.job" in self.env:
            raise SkipTest("queue_job is installed: see TestBatchJobsQueued")
        request = self._access_request()
        action = request.action_export()
        self.assertEqual(action["params"]["title"], "Export ready")
        attachment = request.export_attachment_id
        self.assertTrue(attachment.raw.startswith(b"PK"))
        self.assertIn(
            f"/web/content/{attachment.id}", action["params"]["links"][0]["url"]
        )
        self.assertIn("Export produced", request.message_ids[0].body)

    def test_audit_xlsx_runs_now(self):
        if "queue.job" in self.env:
            raise SkipTest("queue_job is installed: see TestBatchJobsQueued")
        action = self._audit_wizard().action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.raw.startswith(b"PK"))

    def test_cdr_import_runs_now_in_batches(self):
        if "queue.job" in self.env:
            raise SkipTest("queue_job is installed: see TestBatchJobsQueued")
        wizard = self._cdr_wizard()
        with patch.object(cs_call_import_wizard, "BATCH_SIZE", 2):
            wizard.action_import()
        self.assertIn("5 calls imported, 0 already recorded, 1 lines", wizard.result)
        self.assertIn("Line 4 skipped", wizard.result)
        self.assertEqual(len(self._cdr_calls()), 5)

    def test_insert_columns_follow_the_call_keys(self):
        # A key added to the call dict without its field fails here, not at insert.
        columns = cs_call._INSERT_COLUMNS
        self.assertEqual(len(columns), len(set(columns)))
        self.assertEqual(len(columns), len(CALL_KEYS) + 8)
        Call = self.env["cs.call"]
        for column in columns:
            self.assertTrue(Call._fields[column].store, column)

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

    def test_channel_created_meanwhile_by_another_server(self):
        # Two servers' crons plan jobs at once: the one whose insert of the channel
        # fails on the unique name still queues its jobs, on that channel.
        Channel = self.env["queue.job.channel"]
        Channel.search([("complete_name", "=", "root.customer_service")]).unlink()
        with patch.object(
            type(Channel), "create", side_effect=psycopg2.errors.UniqueViolation()
        ):
            self.assertEqual(
                self.env["cs.batch.job"]._cs_job_channel(), "root.customer_service"
            )

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

    def _notices(self, user):
        return self.env["mail.message"].search(
            [("model", "=", False), ("partner_ids", "in", user.partner_id.ids)],
            order="id desc",
        )

    def test_data_export_is_queued(self):
        request = self._access_request()
        with self._trap() as trap:
            action = request.action_export()
            self.assertEqual(action["params"]["title"], "Export queued")
            request.action_export()
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.channel, "root.customer_service")
            self.assertEqual(job.method_name, "_cs_export_job")
            self.assertFalse(request.export_attachment_id, "nothing before the job")
            self.assertIn("job queue", request.message_ids[0].body)
            trap.perform_enqueued_jobs()
        self.assertTrue(request.export_attachment_id.raw.startswith(b"PK"))
        note = request.message_ids[0]
        self.assertIn("Export produced", note.body)
        self.assertEqual(note.attachment_ids, request.export_attachment_id)

    def test_data_export_job_skips_a_request_no_longer_in_progress(self):
        request = self._access_request()
        with self._trap() as trap:
            request.action_export()
            request.state = "rejected"
            trap.perform_enqueued_jobs()
        self.assertFalse(request.export_attachment_id)

    def test_audit_xlsx_is_queued(self):
        with self._trap() as trap:
            action = self._audit_wizard().action_export_xlsx()
            self.assertEqual(action["params"]["title"], "Report queued")
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.customer_service")
            trap.perform_enqueued_jobs()
        notice = self._notices(self.env.user)[0]
        self.assertEqual(notice.subject, "Compliance report ready")
        self.assertEqual(len(notice.attachment_ids), 1)
        self.assertTrue(notice.attachment_ids.raw.startswith(b"PK"))

    def test_cdr_import_is_queued_in_chunks(self):
        wizard = self._cdr_wizard()
        with (
            self._trap() as trap,
            patch.object(cs_call_import_wizard, "BATCH_SIZE", 2),
        ):
            wizard.action_import()
            self.assertIn("3 parts", wizard.result)
            chunks = self._job_records(trap, "_cs_import_chunk_job")
            self.assertEqual(len(chunks), 3)
            reports = self._job_records(trap, "_cs_import_report_job")
            self.assertEqual(len(reports), 1)
            for job in trap.enqueued_jobs:
                self.assertEqual(job.channel, "root.customer_service")
            attachments = self.env["ir.attachment"].browse(
                [
                    job.args[0]
                    for job in trap.enqueued_jobs
                    if job.method_name == "_cs_import_chunk_job"
                ]
            )
            self.assertEqual(len(attachments), 3)
            self.assertFalse(self._cdr_calls(), "nothing before the jobs")
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._cdr_calls()), 5)
        self.assertFalse(attachments.exists(), "the chunks are dropped")
        notice = self._notices(self.supervisor)[0]
        self.assertIn("5 calls imported, 0 already recorded, 1 lines", notice.body)
        # The bad row is named by its line in the file, not in its chunk.
        self.assertIn("Line 4 skipped", notice.body)
