from odoo import models


class CsCompiledRulesMixin(models.AbstractModel):
    """Searches whose record rules are compiled to SQL once per rule domain (see
    ir_rule_compiled.py) instead of on every search."""

    _name = "cs.compiled.rules.mixin"
    _description = "Record rules compiled once"

    def _search(
        self,
        domain,
        offset=0,
        limit=None,
        order=None,
        *,
        active_test=True,
        bypass_access=False,
    ):
        rules = None
        if not (self.env.su or bypass_access):
            rules = self.env["ir.rule"]._cs_compiled_rules(self)
        if rules is None:
            return super()._search(
                domain,
                offset,
                limit,
                order,
                active_test=active_test,
                bypass_access=bypass_access,
            )
        # What the ORM does below with access checked, minus compiling the rules.
        self.browse().check_access("read")
        if rules is False:
            return self.browse()._as_query()
        query = super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=True
        )
        if rules:
            query.add_where(rules)
        return query
