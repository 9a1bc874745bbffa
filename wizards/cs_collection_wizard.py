from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.contact_validation import (
    is_valid_email,
    normalize_postal_code,
    normalize_tax_id,
)

FIELDS = ("name", "email", "phone", "vat", "street", "zip", "city", "country_id")


class CsCollectionWizard(models.TransientModel):
    """Collect the contact data a channel's procedure asks for, validated."""

    _name = "cs.collection.wizard"
    _description = "Collect Contact Data"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel")
    privacy_notice = fields.Html(related="channel_id.cs_privacy_notice")
    name = fields.Char()
    email = fields.Char(string="E-mail")
    phone = fields.Char()
    vat = fields.Char(string="ID Document (NIF/NIE/CIF)")
    street = fields.Char()
    zip = fields.Char(string="ZIP")
    city = fields.Char()
    country_id = fields.Many2one("res.country")
    required_fields = fields.Char(compute="_compute_requirements")
    hidden_fields = fields.Char(compute="_compute_requirements")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        for fname in FIELDS:
            if fname in fields_list and partner:
                value = partner[fname]
                values[fname] = value.id if fname == "country_id" else value
        return values

    @api.depends("channel_id")
    def _compute_requirements(self):
        for wizard in self:
            lines = wizard.channel_id.cs_collection_field_ids
            wizard.required_fields = ",".join(
                lines.filtered(lambda x: x.requirement == "required").mapped(
                    "field_name"
                )
            )
            wizard.hidden_fields = ",".join(
                lines.filtered(lambda x: x.requirement == "not_asked").mapped(
                    "field_name"
                )
            )

    def _cs_validated_values(self):
        """Values to write on the contact, normalised; raise on the first bad one."""
        self.ensure_one()
        labels = {
            name: self._fields[name].get_description(self.env)["string"]
            for name in FIELDS
        }
        missing = [
            labels[name]
            for name in (self.required_fields or "").split(",")
            if name and not self[name]
        ]
        if missing:
            raise ValidationError(
                self.env._(
                    "The procedure of this channel requires: %(fields)s.",
                    fields=", ".join(missing),
                )
            )
        values = {name: self[name] or False for name in FIELDS if name != "country_id"}
        values["country_id"] = self.country_id.id
        if self.email:
            if not is_valid_email(self.email):
                raise ValidationError(
                    self.env._(
                        "E-mail: “%(value)s” is not a valid address. Expected "
                        "name@domain.tld, for example ana.garcia@example.com.",
                        value=self.email,
                    )
                )
            values["email"] = self.email.strip().lower()
        if self.phone:
            country = self.country_id or self.env.ref("base.es")
            e164 = self.partner_id._phone_format(
                number=self.phone, country=country, force_format="E164"
            )
            if not e164:
                raise ValidationError(
                    self.env._(
                        "Phone: “%(value)s” is not a valid number for %(country)s. "
                        "Expected a full number, e.g. +34 612 345 678.",
                        value=self.phone,
                        country=country.name,
                    )
                )
            values["phone"] = e164
        if self.vat:
            country_code = (self.country_id or self.env.ref("base.es")).code
            checked = normalize_tax_id(self.vat, country_code)
            if not checked:
                raise ValidationError(
                    self.env._(
                        "ID document: “%(value)s” is not a valid NIF, NIE or CIF (or "
                        "VAT number of the country). Expected e.g. 12345678Z, "
                        "X1234567L or B12345674, with its check letter.",
                        value=self.vat,
                    )
                )
            values["vat"] = checked[1]
        if self.zip:
            country = self.country_id or self.env.ref("base.es")
            postal_code = normalize_postal_code(self.zip, country.code)
            if not postal_code:
                raise ValidationError(
                    self.env._(
                        "ZIP: “%(value)s” is not a Spanish postal code. Expected five "
                        "digits starting with a province number from 01 to 52, e.g. "
                        "28013. For an address abroad, choose its country first.",
                        value=self.zip,
                    )
                )
            values["zip"] = postal_code
        return values

    def action_confirm(self):
        self.ensure_one()
        values = self._cs_validated_values()
        hidden = set(filter(None, (self.hidden_fields or "").split(",")))
        # Data the procedure says not to ask for is never written from here.
        values = {k: v for k, v in values.items() if k not in hidden}
        # sudo: agents may not edit contacts freely; this writes only the fields the
        # channel's procedure asks for, validated above.
        self.partner_id.sudo().write(values)
        return {"type": "ir.actions.act_window_close"}
