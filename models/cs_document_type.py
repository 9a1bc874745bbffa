from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsDocumentType(models.Model):
    _name = "cs.document.type"
    _description = "Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    prefix = fields.Char(
        required=True,
        default="REG",
        help="Start of the codes of this type: PREFIX/YEAR/NUMBER-CHECK.",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Code Sequence",
        readonly=True,
        copy=False,
        help="Numbers restart every year.",
    )
    storage_location_id = fields.Many2one(
        "cs.storage.location",
        check_company=True,
    )
    storage_kind = fields.Selection(related="storage_location_id.kind")
    retention_months = fields.Integer(
        string="Retention (months)",
        default=60,
        help="How long intakes of this type are kept once received; 0 keeps them "
        "for ever. A daily job archives intakes past this period.",
    )
    legal_hold = fields.Boolean(
        help="Intakes of this type are never archived while the hold is on, "
        "whatever their retention period."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _prefix_alnum = models.Constraint(
        "CHECK (prefix ~ '^[A-Z0-9]+$')",
        "The code prefix may only hold capital letters and digits.",
    )

    @api.constrains("prefix")
    def _check_prefix_unique(self):
        # Codes are unique across companies and archived types keep their codes,
        # so a prefix is unique among all types; sudo: other companies' types too.
        for doc_type in self:
            other = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [("prefix", "=", doc_type.prefix), ("id", "!=", doc_type.id)],
                    limit=1,
                )
            )
            if not other:
                continue
            if other.company_id in self.env.user.company_ids:
                message = self.env._(
                    "The code prefix “%(prefix)s” of “%(name)s” is already used by "
                    "the document type “%(other)s”: two types cannot share a prefix "
                    "because their codes would collide. Choose another prefix.",
                    prefix=doc_type.prefix,
                    name=doc_type.name,
                    other=other.name,
                )
            else:
                message = self.env._(
                    "The code prefix “%(prefix)s” of “%(name)s” is already used by a "
                    "document type of another company: two types cannot share a "
                    "prefix because their codes would collide. Choose another prefix.",
                    prefix=doc_type.prefix,
                    name=doc_type.name,
                )
            raise ValidationError(message)

    @api.constrains("retention_months")
    def _check_retention_months(self):
        for doc_type in self:
            if doc_type.retention_months < 0:
                raise ValidationError(
                    self.env._(
                        "The retention of “%(name)s” cannot be negative; use 0 to "
                        "keep its documents for ever.",
                        name=doc_type.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("prefix"):
                vals["prefix"] = vals["prefix"].strip().upper()
        types = super().create(vals_list)
        today = fields.Date.context_today(self)
        for doc_type in types:
            doc_type._cs_ensure_sequence(today)
            # Next year's too: New Year's first registrations then never open it.
            doc_type._cs_ensure_sequence(date(today.year + 1, 1, 1))
        return types

    def write(self, vals):
        if vals.get("prefix"):
            vals["prefix"] = vals["prefix"].strip().upper()
        res = super().write(vals)
        if "prefix" in vals:
            for doc_type in self.filtered("sequence_id"):
                # sudo: ir.sequence is configured by administrators only; the
                # prefix is validated by the constraint above.
                doc_type.sequence_id.sudo().prefix = (
                    f"{doc_type.prefix}/%(range_year)s/"
                )
        return res

    def _cs_ensure_sequence(self, day=None):
        """Create the yearly sequence and this year's range ahead of first use.

        Creating the range in advance keeps parallel registrations from racing to
        create it (the first code of the year would otherwise fail for one of them).
        """
        day = day or fields.Date.context_today(self)
        for doc_type in self:
            # sudo: sequences are technical records that agents may not create.
            sequence = doc_type.sequence_id.sudo()
            if not sequence:
                sequence = (
                    self.env["ir.sequence"]
                    .sudo()
                    .create(
                        {
                            "name": f"Intake codes: {doc_type.name}",
                            "code": f"cs.intake.{doc_type.id}",
                            "prefix": f"{doc_type.prefix}/%(range_year)s/",
                            "padding": 6,
                            "use_date_range": True,
                            "implementation": "standard",
                            "company_id": doc_type.company_id.id,
                        }
                    )
                )
                doc_type.sequence_id = sequence
            in_range = sequence.date_range_ids.filtered(
                lambda r, d=day: r.date_from <= d <= r.date_to
            )
            if not in_range:
                # Two transactions that both miss the range would both create it,
                # and the second fails on Odoo's unique (sequence, dates) key, an
                # error nobody retries. This update makes them take turns: the one
                # that waited gets a serialization failure once the first commits,
                # which Odoo retries (requests, crons), and then finds the range.
                self.env.cr.execute(
                    "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                    [sequence.id],
                    log_exceptions=False,
                )
                sequence._create_date_range_seq(day)

    def _cs_next_code(self, day=None):
        self.ensure_one()
        # The same day for the range check and the number: Odoo would otherwise
        # take the UTC date, another year than the local one on New Year's Eve.
        day = day or fields.Date.context_today(self)
        self._cs_ensure_sequence(day)
        # sudo: drawing a number is part of registering, which agents and the
        # mail gateway do; the sequence itself stays read-only to them.
        return self.sequence_id.sudo()._next(sequence_date=day)

    @api.model
    def _cron_cs_prepare_sequences(self):
        """Open next year's ranges before New Year's first intake."""
        today = fields.Date.context_today(self)
        self.search([("active", "=", True)])._cs_ensure_sequence(
            date(today.year + 1, 1, 1)
        )
