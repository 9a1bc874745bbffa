import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

# Looking a demand up on the public status page. A key has 55 random bits, so
# guessing needs billions of tries: the limits only have to stop a script.
WINDOW_MINUTES = 15
MAX_PER_IP = 10
MAX_PER_KEY = 5


class CsTrackingAttempt(models.Model):
    """One look-up on the public status page, kept a day to rate-limit it.

    Addresses and keys are stored as keyed hashes (HMAC with the database secret):
    the table can count them without holding anyone's IP address.
    """

    _name = "cs.tracking.attempt"
    _description = "Tracking Page Look-up"
    _log_access = False

    ip_hash = fields.Char(required=True, index=True)
    key_hash = fields.Char(required=True, index=True)
    attempt_date = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True
    )

    def _cs_hash(self, value):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(
            (secret or "").encode(), (value or "").encode(), hashlib.sha256
        ).hexdigest()[:32]

    @api.model
    def _cs_register(self, ip, key):
        """Record one look-up; tell whether it is over the limits.

        Counted before the look-up, so a limited visitor learns nothing more; the
        visitor's look-ups count whether they match or not.
        """
        ip_hash = self._cs_hash(ip)
        key_hash = self._cs_hash(key)
        since = fields.Datetime.now() - timedelta(minutes=WINDOW_MINUTES)
        self.env.cr.execute(
            "SELECT count(*) FILTER (WHERE ip_hash = %s), "
            "count(*) FILTER (WHERE key_hash = %s) "
            "FROM cs_tracking_attempt WHERE attempt_date >= %s "
            "AND (ip_hash = %s OR key_hash = %s)",
            [ip_hash, key_hash, since, ip_hash, key_hash],
        )
        by_ip, by_key = self.env.cr.fetchone()
        self.create({"ip_hash": ip_hash, "key_hash": key_hash})
        return by_ip >= MAX_PER_IP or by_key >= MAX_PER_KEY

    @api.autovacuum
    def _gc_old_attempts(self):
        limit = fields.Datetime.now() - timedelta(days=1)
        self.env.cr.execute(
            "DELETE FROM cs_tracking_attempt WHERE attempt_date < %s", [limit]
        )
