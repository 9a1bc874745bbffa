from contextlib import contextmanager
from unittest.mock import patch


@contextmanager
def cron_progress(env, time_left=100.0):
    """Record the crons' ``_commit_progress(processed, remaining=...)`` calls.

    Outside a cron job the real method commits, which a test must not do; the
    calls are kept as (processed, remaining) so a test can check that every batch
    reports the count still due and that the last one reports none.
    """
    calls = []

    def commit_progress(cron, processed=0, *, remaining=None, deactivate=False):
        calls.append((processed, remaining))
        return time_left

    with patch.object(type(env["ir.cron"]), "_commit_progress", commit_progress):
        yield calls
