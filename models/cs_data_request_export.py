from odoo import fields, models
from odoo.tools.misc import format_date, format_datetime, formatLang, human_size
from odoo.tools.translate import LazyTranslate

from ..tools import gdpr_export_layout as layout

_lt = LazyTranslate(__name__)

SECTION_TITLES = {
    "details": _lt("Your contact details"),
    "consents": _lt("Your consents"),
    "requests": _lt("Your requests"),
    "tickets": _lt("Your tickets and messages"),
    "documents": _lt("Your documents"),
    "loyalty": _lt("Your loyalty card"),
    "surveys": _lt("Your survey answers"),
    "other": _lt("Other records"),
}
# Headings (and chatter words) for the models the export hooks know.
BLOCK_TITLES = {
    "res.partner": _lt("Contact details"),
    "res.partner.bank": _lt("Bank accounts"),
    "res.users": _lt("User accounts"),
    "cs.consent": _lt("Consents"),
    "mail.blacklist": _lt("E-mail opt-outs"),
    "phone.blacklist": _lt("Phone opt-outs"),
    "cs.data.request": _lt("Data protection requests"),
    "helpdesk.ticket": _lt("Tickets"),
    "cs.escalation.history": _lt("Escalations"),
    "mail.message": _lt("Messages"),
    "mail.mail": _lt("E-mails sent"),
    "sms.sms": _lt("SMS sent"),
    "mail.notification": _lt("Message deliveries"),
    "mail.activity": _lt("Scheduled activities"),
    "cs.intake": _lt("Intake records"),
    "ir.attachment": _lt("Files"),
    "loyalty.card": _lt("Loyalty cards"),
    "survey.user_input": _lt("Survey answers"),
    "rating.rating": _lt("Ratings"),
    "cs.followup": _lt("After-sale follow-ups"),
}
# Labels of keys that are no field of their model.
KEY_LABELS = {
    "document": _lt("Concerning"),
    "name": _lt("Name"),
    "size": _lt("Size"),
    "mimetype": _lt("File type"),
    "sha256": _lt("Checksum (SHA-256)"),
}


class CsDataRequestExport(models.Model):
    """The copy of the data a person can read (GDPR Art. 12 and 15): in their
    language, grouped by subject, with labels instead of technical names and the
    information Art. 15(1) requires."""

    _inherit = "cs.data.request"

    def _cs_export_env(self):
        """The request in the data subject's language: the letter is theirs."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        tz = self.partner_id.tz or self.env.user.tz or "UTC"
        return self.with_context(lang=lang, tz=tz)

    def _cs_export_block_title(self, model):
        if model in BLOCK_TITLES:
            return self.env._(BLOCK_TITLES[model])
        # sudo: only the model's name, for a heading.
        return self.env["ir.model"].sudo()._get(model).name or model

    def _cs_export_summary(self, counts):
        """{model: count} in words, biggest first: "Messages: 12, Consents: 4"."""
        items = sorted(
            (
                (self._cs_export_block_title(model), count)
                for model, count in counts.items()
                if count
            ),
            key=lambda item: (-item[1], item[0]),
        )
        return ", ".join(
            self.env._("%(what)s: %(count)s", what=title, count=count)
            for title, count in items
        )

    def _cs_export_label(self, model, key):
        if key in KEY_LABELS:
            return self.env._(KEY_LABELS[key])
        field = self.env[model]._fields.get(layout.field_of(model, key))
        if field:
            return field._description_string(self.env)
        return key.replace("_", " ").capitalize()

    def _cs_export_value(self, model, key, value, refs):
        env = self.env
        if layout.is_empty(value):
            return ""
        if key == "document" and isinstance(value, str) and value in refs:
            return refs[value]
        if key == "size" and isinstance(value, int):
            return human_size(value)
        field = env[model]._fields.get(layout.field_of(model, key))
        ftype = field.type if field else None
        if isinstance(value, bool) or ftype == "boolean":
            return env._("Yes") if value else env._("No")
        if ftype == "selection":
            return dict(field._description_selection(env)).get(value, value)
        try:
            if ftype == "datetime":
                stamp = fields.Datetime.to_datetime(str(value)[:19])
                return format_datetime(env, stamp, tz=env.context.get("tz"))
            if ftype == "date":
                return format_date(env, fields.Date.to_date(str(value)[:10]))
        except ValueError:
            return str(value)
        if isinstance(value, float):
            return formatLang(env, value, digits=0 if value.is_integer() else 2)
        return str(value)

    def _cs_export_refs(self, data):
        """Readable names of the "model,id" references in the rows, read once per
        model: "Ticket HT0012 - Refund for order 55"."""
        wanted = {}
        for rows in data.values():
            for row in rows:
                ref = layout.parse_document_ref(row.get("document"))
                if ref:
                    wanted.setdefault(ref[0], set()).add(ref[1])
        refs = {}
        for model, ids in wanted.items():
            if model not in self.env:
                continue
            # sudo: the names of the person's own documents, whoever may read them.
            records = self.env[model].sudo().browse(sorted(ids)).exists()
            kind = self.env["ir.model"].sudo()._get(model).name or model
            for record in records:
                refs[f"{model},{record.id}"] = f"{kind}: {record.display_name}"
        return refs

    def _cs_export_block(self, model, rows, refs):
        keys = layout.visible_keys(model, rows)
        common = layout.common_keys(keys, rows)
        keys = [key for key in keys if key not in common]
        block = {
            "model": model,
            "title": self._cs_export_block_title(model),
            "count": len(rows),
            "common": [
                (
                    self._cs_export_label(model, key),
                    self._cs_export_value(model, key, rows[0][key], refs),
                )
                for key in common
            ],
            "labels": [self._cs_export_label(model, key) for key in keys],
            "table": layout.use_table(keys, rows),
            "rows": [],
        }
        field_model = self.env[model]
        for row in rows:
            cells = []
            for key in keys:
                value = row.get(key)
                if isinstance(value, list):
                    field = field_model._fields.get(layout.field_of(model, key))
                    sub_model = getattr(field, "comodel_name", None) or model
                    sub = self._cs_export_block(sub_model, value, refs)
                    cells.append({"nested": sub})
                else:
                    cells.append(
                        {"text": self._cs_export_value(model, key, value, refs)}
                    )
            block["rows"].append(cells)
        return block

    def _cs_export_purposes(self):
        """Purposes that apply to the person: the ones without consent, and those
        they consented to (a current, valid consent)."""
        self.ensure_one()
        # sudo: the register of processing is the DPO's, read for the letter.
        purposes = (
            self.env["cs.processing.purpose"]
            .sudo()
            .search([("company_id", "in", [False, self.company_id.id])])
        )
        consents = self.env["cs.consent"].sudo()._cs_current(self.partner_id)
        consented = consents.filtered("is_valid").purpose_id
        bases = dict(purposes._fields["legal_basis"]._description_selection(self.env))
        result = []
        for purpose in purposes:
            if purpose.requires_consent and purpose not in consented:
                continue
            if purpose.retention_months:
                retention = self.env._(
                    "%(months)s months after your last contact with us",
                    months=purpose.retention_months,
                )
            else:
                retention = self.env._(
                    "Until you ask us to erase it, unless the law requires us to "
                    "keep it"
                )
            result.append(
                {
                    "name": purpose.name,
                    "description": purpose.description or "",
                    "legal_basis": bases.get(purpose.legal_basis, ""),
                    "categories": purpose.data_categories or "",
                    "retention": retention,
                }
            )
        return result

    def _cs_export_document(self, data):
        """Everything the readable letter shows, already translated and formatted
        (call on the request in the person's language, see _cs_export_env)."""
        self.ensure_one()
        refs = self._cs_export_refs(data)
        sections = []
        for key, model_names in layout.group_models(data):
            sections.append(
                {
                    "key": key,
                    "title": self.env._(SECTION_TITLES[key]),
                    "blocks": [
                        self._cs_export_block(model, data[model], refs)
                        for model in model_names
                    ],
                }
            )
        company = self.company_id
        dpo = self.dpo_id
        count = sum(len(rows) for rows in data.values())
        how_to = [
            self.env._(
                "To exercise them, use the page “My privacy” of our website (%(url)s).",
                url=f"{company.get_base_url()}/my/privacy",
            )
        ]
        if dpo.email:
            how_to.append(
                self.env._(
                    "You may also write to our data protection officer, %(name)s, "
                    "at %(email)s.",
                    name=dpo.name,
                    email=dpo.email,
                )
            )
        if company.email:
            how_to.append(
                self.env._(
                    "You may also write to %(company)s at %(email)s.",
                    company=company.name,
                    email=company.email,
                )
            )
        address = ", ".join(
            part
            for part in (
                company.street,
                company.zip,
                company.city,
                company.country_id.name,
            )
            if part
        )
        if address:
            how_to.append(
                self.env._("Our postal address: %(address)s.", address=address)
            )
        how_to.append(self.env._("We answer within one month."))
        return {
            "sections": sections,
            "purposes": self._cs_export_purposes(),
            "count": count,
            "greeting": self.env._("Dear %(name)s:", name=self.partner_id.name),
            "intro": self.env._(
                "In answer to your request %(ref)s of %(date)s, this document is a "
                "copy of the personal data we hold about you (%(count)s records), "
                "grouped by what it is about, followed by how and why we process it "
                "and how to exercise your rights. The JSON and CSV files in the same "
                "archive hold the same data in a machine-readable form, which you "
                "may take to another provider.",
                ref=self.name,
                date=format_date(self.env, self.receipt_date),
                count=count,
            ),
            "produced": self.env._(
                "Produced on %(date)s.",
                date=format_datetime(
                    self.env, fields.Datetime.now(), tz=self.env.context.get("tz")
                ),
            ),
            "how_to": " ".join(how_to),
        }
