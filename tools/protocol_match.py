"""Choice of the service protocol that applies to a contact."""


def protocol_score(protocol_team, protocol_lang, team, lang):
    """Specificity of a protocol for a team and language; None when it does not apply.

    A protocol narrowed to the team beats one narrowed to the language, which beats a
    general one. Falsy ``protocol_team`` or ``protocol_lang`` means "any".
    """
    if protocol_team and protocol_team != team:
        return None
    if protocol_lang and protocol_lang != lang:
        return None
    return (2 if protocol_team else 0) + (1 if protocol_lang else 0)


def best_protocol(candidates, team, lang):
    """Pick the most specific candidate; ties go to the first (lowest sequence).

    ``candidates`` is an iterable of (key, protocol_team, protocol_lang) in sequence
    order. Returns the chosen key or None.
    """
    best_key, best_score = None, -1
    for key, protocol_team, protocol_lang in candidates:
        score = protocol_score(protocol_team, protocol_lang, team, lang)
        if score is not None and score > best_score:
            best_key, best_score = key, score
    return best_key


def script_for_register(register, formal, informal):
    """The script to say on a channel of ``register`` ("formal" or "informal").

    ``formal`` addresses the customer as usted, ``informal`` as tú. A protocol
    written before it had tú scripts has only ``formal``: it is said as it is.
    """
    if register == "informal" and informal:
        return informal
    return formal
