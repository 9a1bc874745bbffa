from odoo import api, fields, models
from odoo.exceptions import UserError


class CsPrivacyNotice(models.Model):
    _name = "cs.privacy.notice"
    _description = "Privacy Notice Version"
    _order = "purpose_id, version desc"

    purpose_id = fields.Many2one(
        "cs.processing.purpose", required=True, ondelete="cascade", index=True
    )
    version = fields.Integer(required=True, default=1)
    date = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    body = fields.Html(string="Notice Text", required=True, translate=True)

    _version_uniq = models.Constraint(
        "unique(purpose_id, version)",
        "Each version of a privacy notice must have its own number.",
    )

    @api.depends("purpose_id.name", "version")
    def _compute_display_name(self):
        for notice in self:
            notice.display_name = self.env._(
                "%(purpose)s, v%(version)s",
                purpose=notice.purpose_id.name,
                version=notice.version,
            )

    def write(self, vals):
        # A notice somebody consented to is evidence: publish a new version instead.
        if {"body", "version", "purpose_id"} & set(vals) and self.env[
            "cs.consent"
        ].sudo().search_count([("notice_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._(
                    "This notice version was already shown to contacts who "
                    "consented. Create a new version instead of editing it."
                )
            )
        return super().write(vals)
