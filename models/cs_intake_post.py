from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .cs_intake import RECEIVED_AT_MIN


class CsIntakePost(models.Model):
    _inherit = "cs.intake"

    envelope_date = fields.Date(
        string="Postmark Date",
        copy=False,
        help="Date stamped on the envelope of a letter. It is the date the demand "
        "was received: the legal term counts from it.",
    )

    @api.constrains("envelope_date")
    def _check_envelope_date(self):
        today = fields.Date.context_today(self)
        for intake in self.filtered("envelope_date"):
            if RECEIVED_AT_MIN.date() <= intake.envelope_date <= today:
                continue
            raise ValidationError(
                self.env._(
                    "The postmark date %(date)s of %(code)s is not possible: it "
                    "cannot be later than today nor earlier than 1 January 2000. "
                    "Enter the date stamped on the envelope.",
                    date=format_date(self.env, intake.envelope_date),
                    code=intake.name or self.env._("this intake"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("envelope_date"):
                vals["received_at"] = self._cs_envelope_received_at(
                    vals["envelope_date"]
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("envelope_date"):
            vals = dict(
                vals, received_at=self._cs_envelope_received_at(vals["envelope_date"])
            )
        return super().write(vals)

    def _cs_envelope_received_at(self, envelope_date):
        """Midday of the postmark day in the user's time zone, stored in UTC."""
        day = fields.Date.to_date(envelope_date)
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(day, time(12, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)
