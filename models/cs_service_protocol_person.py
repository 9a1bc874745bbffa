from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools.person_request import names_agent

# Placeholders that put the speaking agent's name in a script.
AGENT_PLACEHOLDERS = ("object.cs_agent_name",)
GREETING_FIELDS = ("greeting", "greeting_informal")


class CsServiceProtocolPerson(models.Model):
    """Ley 10/2025: on a synchronous channel the person identifies themselves."""

    _inherit = "cs.service.protocol"

    def _cs_anonymous_greeting(self):
        """(protocol, field, language) of a live greeting not naming the agent."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for protocol in self.filtered(
            lambda p: p.active and p.channel_id.cs_synchronous
        ):
            for lang in langs:
                translated = protocol.with_context(lang=lang)
                for field_name in GREETING_FIELDS:
                    text = translated[field_name]
                    if text and not names_agent(text, AGENT_PLACEHOLDERS):
                        return protocol, field_name, lang
        return None

    @api.constrains("greeting", "greeting_informal", "channel_id", "active")
    def _check_greeting_names_agent(self):
        # A broken placeholder is the first thing to fix: report it first.
        self._check_scripts()
        found = self._cs_anonymous_greeting()
        if found:
            protocol, field_name, lang = found
            raise ValidationError(
                self.env._(
                    "The %(field)s of protocol “%(protocol)s” (%(lang)s) does not "
                    "name the agent. On a channel where the customer is attended in "
                    "real time, such as %(channel)s, the person attending must "
                    "identify themselves at the start (Ley 10/2025): add the "
                    "placeholder {{ object.cs_agent_name }} to the greeting, for "
                    "example “My name is {{ object.cs_agent_name }}”.",
                    field=protocol._fields[field_name].get_description(self.env)[
                        "string"
                    ],
                    protocol=protocol.name,
                    lang=lang,
                    channel=protocol.channel_id.name,
                )
            )

    def update_field_translations(self, field_name, translations, source_lang=""):
        res = super().update_field_translations(
            field_name, translations, source_lang=source_lang
        )
        if field_name in GREETING_FIELDS:
            self._check_greeting_names_agent()
        return res
