from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.protocol_match import script_for_register
from ..tools.template_check import TemplateProblem, unknown_placeholders

SCRIPT_FIELDS = ("greeting", "farewell", "greeting_informal", "farewell_informal")


class CsServiceProtocol(models.Model):
    _name = "cs.service.protocol"
    _description = "Service Protocol"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
    )
    channel_kind = fields.Selection(related="channel_id.cs_kind")
    channel_register = fields.Selection(related="channel_id.cs_register")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        tracking=True,
        check_company=True,
        help="Leave empty for every team.",
    )
    lang = fields.Selection(
        "_lang_get",
        string="Language",
        tracking=True,
        help="Leave empty for every language; the scripts are translated.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    greeting = fields.Text(
        required=True,
        translate=True,
        tracking=True,
        help="First words to the customer. Placeholders such as "
        "{{ object.cs_salutation }} are replaced for each ticket.",
    )
    farewell = fields.Text(
        required=True,
        translate=True,
        tracking=True,
        help="Closing words. They should ask whether the customer needs anything else.",
    )
    greeting_informal = fields.Text(
        string="Greeting (tú)",
        translate=True,
        tracking=True,
        help="Said instead of the greeting when the channel addresses customers as "
        "tú. Required on such channels.",
    )
    farewell_informal = fields.Text(
        string="Farewell (tú)",
        translate=True,
        tracking=True,
        help="Said instead of the farewell when the channel addresses customers as "
        "tú. Required on such channels.",
    )
    guidelines = fields.Html(
        translate=True, help="Advice for agents: tone, what to check, what to avoid."
    )
    placeholder_help = fields.Text(compute="_compute_placeholder_help")

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    @api.model
    def _allowed_placeholders(self):
        return self.env["helpdesk.ticket"].mail_allowed_qweb_expressions()

    @api.depends_context("lang")
    def _compute_placeholder_help(self):
        text = "\n".join(
            f"{{{{ {expression} }}}}"
            for expression in self.env["helpdesk.ticket"]._cs_placeholders()
        )
        for protocol in self:
            protocol.placeholder_help = text

    def _check_script(self, field_name, text):
        try:
            unknown = unknown_placeholders(text, self._allowed_placeholders())
        except TemplateProblem as problem:
            if problem.code == "line_break":
                raise ValidationError(
                    self.env._(
                        "The %(field)s of protocol “%(protocol)s” has a placeholder "
                        "split over several lines: “%(near)s” (↵ marks the line "
                        "break). Write each placeholder on one line, such as "
                        "{{ object.field }}.",
                        field=self._fields[field_name].get_description(self.env)[
                            "string"
                        ],
                        protocol=self.name,
                        near=problem.detail,
                    )
                ) from problem
            raise ValidationError(
                self.env._(
                    "The %(field)s of protocol “%(protocol)s” has a template syntax "
                    "error near “%(near)s”: each placeholder must be written "
                    "{{ object.field }}, with both pairs of braces.",
                    field=self._fields[field_name].get_description(self.env)["string"],
                    protocol=self.name,
                    near=problem.detail,
                )
            ) from problem
        if unknown:
            raise ValidationError(
                self.env._(
                    "The %(field)s of protocol “%(protocol)s” uses unknown "
                    "placeholders: %(unknown)s. Use one of: %(allowed)s.",
                    field=self._fields[field_name].get_description(self.env)["string"],
                    protocol=self.name,
                    unknown=", ".join(unknown),
                    allowed=", ".join(self.env["helpdesk.ticket"]._cs_placeholders()),
                )
            )

    @api.constrains(*SCRIPT_FIELDS)
    def _check_scripts(self):
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for protocol in self:
            for lang in langs:
                translated = protocol.with_context(lang=lang)
                for field_name in SCRIPT_FIELDS:
                    if translated[field_name]:
                        translated._check_script(field_name, translated[field_name])

    def update_field_translations(self, field_name, translations, source_lang=""):
        res = super().update_field_translations(
            field_name, translations, source_lang=source_lang
        )
        if field_name in SCRIPT_FIELDS:
            self._check_scripts()
        return res

    # The ticket form finds a ticket's protocol in a cache keyed on the channel's
    # protocol stamp: any change of a protocol stamps its channels, old and new.
    @api.model_create_multi
    def create(self, vals_list):
        protocols = super().create(vals_list)
        protocols.channel_id._cs_protocol_stamp()
        return protocols

    def write(self, vals):
        channels = self.channel_id
        result = super().write(vals)
        (channels | self.channel_id)._cs_protocol_stamp()
        return result

    def unlink(self):
        channels = self.channel_id
        result = super().unlink()
        channels.exists()._cs_protocol_stamp()
        return result

    def _update_field_translations(self, field_name, translations, *args, **kwargs):
        result = super()._update_field_translations(
            field_name, translations, *args, **kwargs
        )
        if field_name == "name":
            self.channel_id._cs_protocol_stamp()
        return result

    def _missing_register_scripts(self):
        """Protocols of ``self`` lacking the scripts of their channel's register."""
        return self.filtered(
            lambda p: p.active
            and p.channel_id.cs_register == "informal"
            and not (p.greeting_informal and p.farewell_informal)
        )

    @api.constrains("channel_id", "greeting_informal", "farewell_informal", "active")
    def _check_register(self):
        for protocol in self._missing_register_scripts():
            raise ValidationError(
                self.env._(
                    "The protocol “%(protocol)s” does not match the register of "
                    "channel %(channel)s: the channel addresses customers as tú, and "
                    "the protocol has no tú greeting and farewell. Write them in the "
                    "fields “Greeting (tú)” and “Farewell (tú)”, or set the channel to "
                    "address customers as usted.",
                    protocol=protocol.name,
                    channel=protocol.channel_id.name,
                )
            )

    def _script_field(self, field_name):
        """Name of the field holding ``field_name`` in the channel's register."""
        self.ensure_one()
        informal = f"{field_name}_informal"
        return script_for_register(
            self.channel_id.cs_register,
            field_name,
            informal if self[informal] else None,
        )

    def _render_script(self, field_name, ticket):
        """Render the greeting or farewell for ``ticket``.

        The text is the one of the channel's register (usted or tú), in the
        customer's language.
        """
        self.ensure_one()
        return self._render_scripts(field_name, ticket, ticket._cs_customer_lang())[
            ticket.id
        ]

    def _render_scripts(self, field_name, tickets, lang):
        """Render the greeting or farewell for ``tickets`` of customers speaking
        ``lang``, in one pass: {ticket id: text}."""
        self.ensure_one()
        template = self.with_context(lang=lang)[self._script_field(field_name)]
        renderer = self.env["mail.render.mixin"].with_context(lang=lang)
        return renderer._render_template(
            template, "helpdesk.ticket", tickets.ids, engine="inline_template"
        )
