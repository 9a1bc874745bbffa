from lxml import etree

# What the web client takes for a field the view always hides.
_ALWAYS_INVISIBLE = ("True", "1")


def form_specification(env, model="helpdesk.ticket"):
    """The ``web_read`` specification the web client sends to open ``model``'s
    default form, as its record loader (``getFieldsSpec``) builds it: every field of
    the view; many2one fields with their display name unless the view always hides
    them; x2many fields with their sub-view's fields, or only their ids when always
    hidden."""
    views = env[model].get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    fields_info = views["models"]
    return _view_spec(arch, model, fields_info)


def _field_nodes(node):
    """The field nodes of one view level, without those of x2many sub-views."""
    for child in node.iterchildren(tag=etree.Element):
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def _view_spec(arch, model, fields_info):
    spec = {}
    occurrences = {}
    for node in _field_nodes(arch):
        if node.get("name") in fields_info[model]["fields"]:
            occurrences.setdefault(node.get("name"), []).append(node)
    for name, nodes in occurrences.items():
        field = fields_info[model]["fields"][name]
        # The web client merges a field's occurrences: hidden only if hidden in all.
        hidden = all(node.get("invisible") in _ALWAYS_INVISIBLE for node in nodes)
        if field["type"] in ("many2one", "reference"):
            spec[name] = {"fields": {} if hidden else {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many") and not hidden:
            sub_spec = {}
            for node in nodes:
                for sub_view in node.iterchildren(tag=etree.Element):
                    sub_spec.update(
                        _view_spec(sub_view, field["relation"], fields_info)
                    )
            spec[name] = {"fields": sub_spec or {"display_name": {}}}
        else:
            spec[name] = {}
    return spec
