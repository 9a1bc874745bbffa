from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

CONSENT_STATES = [
    ("pending", "Pending"),
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
]
CONSENT_CHANNELS = [("email", "E-mail"), ("sms", "SMS"), ("phone", "Phone")]
CONSENT_SOURCES = [
    ("portal", "Web (portal)"),
    ("email", "E-mail link"),
    ("phone", "Phone call"),
    ("in_person", "In person"),
    ("paper", "Signed form"),
    ("system", "System"),
]
PROOF_GROUP = "customer_service.group_cs_dpo"


class CsConsent(models.Model):
    """One entry of a contact's consent history. Entries are never edited: a change of
    mind, a withdrawal or an expiry adds a new entry, so the history is the proof."""

    _name = "cs.consent"
    _description = "Consent Record"
    _order = "date desc, id desc"

    # restrict: deleting a contact must not delete the proof of their consents.
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict"
    )
    purpose_id = fields.Many2one(
        "cs.processing.purpose",
        required=True,
        ondelete="restrict",
        index="btree_not_null",
    )
    purpose_code = fields.Char(related="purpose_id.code")
    channel = fields.Selection(CONSENT_CHANNELS, required=True)
    state = fields.Selection(CONSENT_STATES, required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    expiry_date = fields.Datetime(string="Expires On", readonly=True)
    source = fields.Selection(
        CONSENT_SOURCES, string="Collected Through", required=True
    )
    collected_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    notice_id = fields.Many2one(
        "cs.privacy.notice", string="Notice Shown", ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    proof_ip = fields.Char(string="IP Address", groups=PROOF_GROUP)
    proof_user_agent = fields.Char(string="User Agent", groups=PROOF_GROUP)
    proof_attestation = fields.Text(string="Agent Attestation", groups=PROOF_GROUP)
    proof_message_id = fields.Many2one(
        "mail.message",
        groups=PROOF_GROUP,
        ondelete="set null",
        index="btree_not_null",
    )
    is_valid = fields.Boolean(
        compute="_compute_is_valid", string="Valid Now", help="Given and not expired."
    )

    def _compute_is_valid(self):
        now = fields.Datetime.now()
        for consent in self:
            consent.is_valid = consent.state == "given" and (
                not consent.expiry_date or consent.expiry_date > now
            )

    @api.depends("purpose_id.name", "channel", "state")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for consent in self:
            consent.display_name = (
                f"{consent.purpose_id.name} ({channels.get(consent.channel)}): "
                f"{states.get(consent.state)}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Entries come from the recording flows (the Record Consent wizard, the
        portal, the double opt-in and withdrawal links, the expiry cron), which go
        through ``_cs_record``; otherwise only the DPO may add entries, as an import
        of consents collected elsewhere. Date, expiry and recording user are set
        here, not by the caller, so nobody can back-date or attribute a consent."""
        in_flow = self.env.context.get("cs_consent_flow")
        # The DPO's import, or data files loaded by the server itself (uid 1).
        importer = self.env.uid == SUPERUSER_ID or self.env.user.has_group(PROOF_GROUP)
        if not in_flow and not importer:
            raise AccessError(
                self.env._(
                    "Consents are recorded through the Record Consent wizard, the "
                    "customer portal or the double opt-in e-mail. Only the data "
                    "protection officer may import consents collected elsewhere."
                )
            )
        now = fields.Datetime.now()
        purposes = self.env["cs.processing.purpose"].sudo()
        for vals in vals_list:
            source = vals.get("source")
            date = now
            if not in_flow and vals.get("date"):
                date = fields.Datetime.to_datetime(vals["date"])
                if date > now:
                    raise ValidationError(
                        self.env._("An imported consent cannot be dated in the future.")
                    )
            vals["date"] = date
            vals["collected_by_id"] = False if source == "system" else self.env.uid
            # The expiry is fixed when consent is given; later changes of the renewal
            # period of the purpose do not rewrite history.
            vals["expiry_date"] = False
            if vals.get("state") == "given":
                months = purposes.browse(vals.get("purpose_id")).renewal_months
                if months:
                    vals["expiry_date"] = date + relativedelta(months=months)
        consents = super().create(vals_list)
        for consent in consents.sudo():
            consent._cs_check_proof(imported=not in_flow)
        return consents

    def _cs_check_proof(self, imported=False):
        """Proof that nobody can check later is no proof: ask for it at entry time."""
        self.ensure_one()
        if self.state == "expired" and self.source == "system":
            return
        if self.source == "system":
            raise ValidationError(
                self.env._("Only expiries are recorded by the system.")
            )
        if self.state != "given":
            return
        how = dict(CONSENT_SOURCES)[self.source]
        if self.source in ("phone", "in_person", "paper"):
            proven = bool(self.proof_attestation)
        elif self.source == "portal":
            proven = bool(self.proof_ip)
        else:
            proven = bool(self.proof_message_id)
        if proven or (imported and self.proof_attestation):
            return
        if imported:
            raise ValidationError(
                self.env._(
                    "An imported consent needs an attestation saying where the "
                    "original proof is kept (form, recording or e-mail)."
                )
            )
        if self.source == "portal":
            raise ValidationError(
                self.env._("A consent given on the web needs the IP address.")
            )
        if self.source == "email":
            raise ValidationError(
                self.env._(
                    "A consent given by e-mail needs the confirmation e-mail that "
                    "was sent (double opt-in)."
                )
            )
        raise ValidationError(
            self.env._(
                "A consent given by %(how)s needs the attestation of the agent who "
                "collected it.",
                how=how,
            )
        )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "Consent records cannot be changed: the history is the proof. Record "
                "a new entry (given, refused or withdrawn) instead."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Consent records cannot be deleted: the history is the proof. Record a "
                "withdrawal instead, or erase the contact through a data-subject "
                "request."
            )
        )

    @api.model
    def _cs_current(self, partners, purpose=None, channel=None):
        """Latest entry per (contact, purpose, channel), read in one SQL query."""
        if not partners:
            return self.browse()
        self.env["cs.consent"].flush_model()
        where = ["partner_id = ANY(%s)"]
        params = [partners.ids]
        if purpose:
            where.append("purpose_id = %s")
            params.append(purpose.id)
        if channel:
            where.append("channel = %s")
            params.append(channel)
        self.env.cr.execute(
            f"""SELECT DISTINCT ON (partner_id, purpose_id, channel) id
                  FROM cs_consent
                 WHERE {" AND ".join(where)}
              ORDER BY partner_id, purpose_id, channel, date DESC, id DESC""",  # noqa: S608
            params,
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _cs_record(self, partner, purpose, channel, state, source, **proof):
        """Append an entry; ``proof`` holds proof_* values and optional notice_id."""
        vals = {
            "partner_id": partner.id,
            "purpose_id": purpose.id,
            "channel": channel,
            "state": state,
            "source": source,
            "notice_id": proof.pop("notice_id", False) or purpose.current_notice_id.id,
            "company_id": (partner.company_id or self.env.company).id,
        }
        vals.update(proof)
        return self.with_context(cs_consent_flow=True).create(vals)

    @api.model
    def _cs_expired_current(self, now, limit=None):
        """Current entries (latest per contact, purpose and channel) still given
        but past their expiry, in one SQL query."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT id FROM (
                       SELECT DISTINCT ON (partner_id, purpose_id, channel)
                              id, state, expiry_date
                         FROM cs_consent
                        WHERE partner_id IN (
                              SELECT partner_id FROM cs_consent
                               WHERE state = 'given' AND expiry_date <= %(now)s)
                     ORDER BY partner_id, purpose_id, channel, date DESC, id DESC
                   ) AS cur
                  WHERE state = 'given' AND expiry_date <= %(now)s
               ORDER BY id
                  %(limit)s""",
                now=now,
                limit=SQL("LIMIT %s", limit) if limit else SQL(""),
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _cron_cs_expire(self, batch_size=500):
        """Add an "expired" entry for every valid consent past its expiry, batch
        by batch with the count still to expire."""
        now = fields.Datetime.now()
        created = self.browse()
        remaining = len(self._cs_expired_current(now))
        while remaining:
            current = self._cs_expired_current(now, limit=batch_size)
            if not current:
                break
            created |= self.with_context(cs_consent_flow=True).create(
                [
                    {
                        "partner_id": consent.partner_id.id,
                        "purpose_id": consent.purpose_id.id,
                        "channel": consent.channel,
                        "state": "expired",
                        "source": "system",
                        "notice_id": consent.notice_id.id,
                        "company_id": consent.company_id.id,
                        "collected_by_id": False,
                    }
                    for consent in current
                ]
            )
            remaining = len(self._cs_expired_current(now))
            if (
                self.env["ir.cron"]._commit_progress(len(current), remaining=remaining)
                <= 0
            ):
                break
        return created

    # GDPR export and erasure, called by res.partner's _cs_gdpr_export_all and
    # _cs_gdpr_erase_all (models/res_partner_gdpr.py).
    @api.model
    def _cs_gdpr_export(self, partner):
        consents = self.sudo().search(
            [("partner_id", "=", partner.id)], order="date, id"
        )
        return [
            {
                "purpose": c.purpose_id.name,
                "channel": c.channel,
                "state": c.state,
                "date": fields.Datetime.to_string(c.date),
                "expiry_date": fields.Datetime.to_string(c.expiry_date) or "",
                "source": c.source,
                "notice_version": c.notice_id.version or "",
                "ip_address": c.proof_ip or "",
                "user_agent": c.proof_user_agent or "",
                "attestation": c.proof_attestation or "",
            }
            for c in consents
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        consents = self.sudo().search([("partner_id", "in", partner.ids)])
        if not dry_run and consents:
            # Bypasses the ORM on purpose: entries are append-only for everyone, but
            # erasure must strip the personal part of the proof and keep the facts.
            self.env.cr.execute(
                """UPDATE cs_consent
                      SET proof_ip = NULL, proof_user_agent = NULL,
                          proof_attestation = NULL, proof_message_id = NULL
                    WHERE id = ANY(%s)""",
                [consents.ids],
            )
            self.invalidate_model(
                [
                    "proof_ip",
                    "proof_user_agent",
                    "proof_attestation",
                    "proof_message_id",
                ]
            )
        kept = []
        if consents:
            kept.append(
                self.env._(
                    "%(count)s consent entries, without IP, user agent or attestation: "
                    "proof that messages were sent lawfully (GDPR Art. 7(1)).",
                    count=len(consents),
                )
            )
        return {"changed": len(consents), "kept": kept}
