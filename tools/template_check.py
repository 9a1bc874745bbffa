"""Checks of the inline templates of protocols: ``{{ object.field ||| default }}``."""


class TemplateProblem(ValueError):
    """A template that cannot be rendered: ``code`` says what, ``detail`` where."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def template_placeholders(text):
    """Return the placeholder expressions of ``text`` in order.

    Raises TemplateProblem("syntax") for an unclosed "{{", a stray "}}" or nested
    braces, TemplateProblem("line_break") for a placeholder split over lines and
    TemplateProblem("empty") for "{{ }}". Odoo's renderer would print such text as it
    is, so the customer would see the braces.
    """
    expressions = []
    pos = 0
    text = text or ""
    while True:
        start = text.find("{{", pos)
        stray = text.find("}}", pos)
        if stray != -1 and (start == -1 or stray < start):
            raise TemplateProblem("syntax", text[max(0, stray - 20) : stray + 2])
        if start == -1:
            return expressions
        end = text.find("}}", start + 2)
        if end == -1:
            raise TemplateProblem("syntax", text[start : start + 30])
        inner = text[start + 2 : end]
        if "{{" in inner:
            raise TemplateProblem("syntax", text[start : end + 2])
        # Odoo's inline renderer only matches a placeholder within one line.
        if "\n" in inner or "\r" in inner:
            shown = text[start : end + 2].replace("\r\n", "\n").replace("\r", "\n")
            raise TemplateProblem("line_break", shown.replace("\n", "↵"))
        expression = inner.split("|||", 1)[0].strip()
        if not expression:
            raise TemplateProblem("empty", text[start : end + 2])
        expressions.append(expression)
        pos = end + 2


def unknown_placeholders(text, allowed):
    """Placeholders of ``text`` not in ``allowed``, in order, without repeats."""
    unknown = []
    for expression in template_placeholders(text):
        if expression not in allowed and expression not in unknown:
            unknown.append(expression)
    return unknown
