"""Which record-rule domains compile to the same SQL whatever the database holds.

Odoo caches a user's evaluated rule domain, but optimises and compiles it to SQL on
every search. That second step reads the database (or the records cached in the
transaction) for some conditions: ``child_of``/``parent_of`` read the hierarchy,
a many2one compared with a name runs a name search, paths and ``any`` build
subqueries from other models' fields, search methods run arbitrary code, translated
and company-dependent columns depend on the context. A domain made of none of those
compiles to a SQL text that depends on the domain alone, so it can be kept.
"""

from collections.abc import Set

# Field types compared column to value, and the Python types their values may have.
# A string on a relational field would be a name search, so only ids are kept.
SAFE_VALUES = {
    "many2one": (int,),
    "integer": (int,),
    "boolean": (bool,),
    "selection": (str,),
    "char": (str,),
}
SAFE_OPERATORS = ("in", "not in")


def plain_column(field):
    """Whether ``field`` is a column of its own table compared as it is stored."""
    return (
        field.store
        and not field.inherited
        and field.type in SAFE_VALUES
        and not getattr(field, "translate", False)
        and not field.company_dependent
    )


def safe_value(value, types):
    # False is "not set" for every type; True is an int, so bool is told apart.
    if value is False:
        return True
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def compiles_without_data(domain, fields, pure_searches=()):
    """Whether ``domain`` (a rule domain after Odoo's basic optimisation) compiles
    to SQL without reading any data (see the module's docstring).

    ``fields`` are the model's fields, ``pure_searches`` the names of non-stored
    fields whose search method builds a subquery from its operand (ids) only.
    """
    # Imported here so that tools/ still loads in an interpreter without Odoo.
    from odoo.orm.domains import (  # noqa: PLC0415
        DomainBool,
        DomainCondition,
        DomainNary,
        DomainNot,
    )

    if isinstance(domain, DomainBool):
        return True
    if isinstance(domain, DomainNot):
        return compiles_without_data(domain.child, fields, pure_searches)
    if isinstance(domain, DomainNary):
        return all(
            compiles_without_data(child, fields, pure_searches)
            for child in domain.children
        )
    if not isinstance(domain, DomainCondition):
        return False
    field = fields.get(domain.field_expr)
    # A query or SQL value would be a subquery of its own.
    if field is None or not isinstance(domain.value, (list, tuple, Set)):
        return False
    if field.name in pure_searches:
        operators, types = ("in",), (int,)
    elif plain_column(field):
        operators, types = SAFE_OPERATORS, SAFE_VALUES[field.type]
    else:
        return False
    return domain.operator in operators and all(
        safe_value(value, types) for value in domain.value
    )
