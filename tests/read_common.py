from lxml import etree


def form_specification(env, model="helpdesk.ticket"):
    """The ``web_read`` specification the web client sends to open ``model``'s
    default form: every field of the view, relational ones with the display name or
    the sub-view's fields, as the form's record loader builds it."""
    views = env[model].get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    fields_info = views["models"]
    return _node_spec(arch, model, fields_info)


def _node_spec(node, model, fields_info):
    spec = {}
    for child in node.iterchildren(tag=etree.Element):
        if child.tag != "field":
            spec.update(_node_spec(child, model, fields_info))
            continue
        name = child.get("name")
        field = fields_info[model]["fields"].get(name)
        if not field:
            continue
        if field["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many"):
            sub_spec = {}
            for sub_view in child.iterchildren(tag=etree.Element):
                sub_spec.update(_node_spec(sub_view, field["relation"], fields_info))
            spec[name] = {"fields": sub_spec or {"display_name": {}}}
        else:
            spec[name] = {}
    return spec
