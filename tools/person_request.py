"""Spotting a customer's request to speak to a person, per language.

Exact word match on normalised text (lower case, no accents, no punctuation):
"agente" matches "Quiero un agente." but not "agentes" nor "reagente".
"""

import re
import unicodedata

# Whole phrases, already normalised. Per language; every language is checked, as a
# visitor may write in another language than their profile's.
PERSON_PHRASES = {
    "en": (
        "human",
        "a person",
        "real person",
        "an agent",
        "agent please",
        "operator",
        "talk to someone",
        "speak to someone",
        "representative",
    ),
    "es": (
        "persona",
        "humano",
        "un agente",
        "agente por favor",
        "operador",
        "operadora",
        "hablar con alguien",
        "atencion personal",
        "atencion personalizada",
    ),
    "ca": (
        "una persona",
        "huma",
        "un agent",
        "operador",
        "operadora",
        "parlar amb algu",
        "atencio personal",
        "atencio personalitzada",
    ),
    "eu": (
        "pertsona",
        "pertsona batekin",
        "gizaki",
        "eragile",
        "operadorea",
        "arreta pertsonala",
    ),
    "gl": (
        "unha persoa",
        "persoa",
        "humano",
        "un axente",
        "operador",
        "operadora",
        "falar con alguen",
        "atencion persoal",
        "atencion personalizada",
    ),
}

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text):
    """Lower case words without accents, separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", plain.lower()).split())


def asks_for_person(text, phrases=None):
    """The phrase found in ``text`` asking for a person, or ""."""
    padded = f" {normalise(text)} "
    if padded.strip() == "":
        return ""
    groups = phrases if phrases is not None else PERSON_PHRASES
    for words in groups.values():
        for phrase in words:
            if f" {phrase} " in padded:
                return phrase
    return ""


def names_agent(script, agent_placeholders):
    """True when ``script`` contains one of the placeholders naming the agent."""
    compact = re.sub(r"\s+", "", script or "")
    return any(
        "{{" + placeholder.replace(" ", "") + "}}" in compact
        for placeholder in agent_placeholders
    )
