from odoo import models, tools
from odoo.tools import SQL, config
from odoo.tools.query import Query

from odoo.addons.mail.models.mail_thread import MailThread

from ..tools.rule_sql import compiles_without_data


class IrRule(models.Model):
    """The read rules of some models compiled to SQL once per rule domain.

    Odoo caches each user's evaluated rule domain (``_compute_domain``) but
    optimises and compiles it again on every search: most of the ORM's time in a
    rare-word ticket search. The compiled SQL is kept beside that domain, only when
    ``tools.rule_sql.compiles_without_data`` shows it compiles without reading any
    data. Whatever changes the evaluated domain (rules, groups, companies, team
    membership: each clears Odoo's caches) gives a new domain and a new entry; a
    domain that reads data to compile (the portal rules' ``child_of``) is compiled
    on every search as before.
    """

    _inherit = "ir.rule"

    def _cs_compiled_rules(self, model):
        """SQL of ``model``'s read rules for the current user: None when the ORM
        must compile them on each search, False when they allow no record, an
        empty SQL when they allow every record."""
        if "xml" in config["dev_mode"]:
            # Odoo then evaluates the rules on every search: so do we.
            return None
        domain = self._compute_domain(model._name, "read")
        # Keyed on the identity of Odoo's cached domain object: the entry holds the
        # object, so no other object can have its id while the entry exists.
        kept, sql = self._cs_rules_sql(model._name, id(domain), domain)
        return sql if kept is domain else None

    @tools.ormcache("model_name", "domain_id")
    def _cs_rules_sql(self, model_name, domain_id, domain):
        model = self.env[model_name]
        pure = ()
        field = model._fields.get("message_partner_ids")
        # mail.thread's search method only builds a subquery on mail_followers.
        if (
            field is not None
            and field.search == "_search_message_partner_ids"
            and type(model)._search_message_partner_ids
            is MailThread._search_message_partner_ids
        ):
            pure = ("message_partner_ids",)
        if not compiles_without_data(domain, model._fields, pure):
            return domain, None
        return domain, self._cs_rules_to_sql(model_name, model._table, domain)

    def _cs_rules_to_sql(self, model_name, alias, domain):
        """What ``BaseModel._search`` adds for the rules: compiled as superuser
        without active test, like there."""
        model = self.env[model_name].sudo().with_context(active_test=False)
        domain = domain.optimize_full(model)
        if domain.is_false():
            return False
        if domain.is_true():
            return SQL()
        query = Query(self.env, alias, model._table_sql)
        sql = domain._to_sql(model, alias, query)
        # Only the condition is kept: a join it needed would be lost.
        return None if query._joins or len(query._tables) > 1 else sql
