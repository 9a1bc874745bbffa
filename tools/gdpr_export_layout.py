"""How the readable copy of a person's data (GDPR Art. 15) is laid out.

The export hooks return plain rows keyed by short names ("ip_address", "received_on")
that the machine-readable files keep. These functions decide, without the database,
which section a model belongs to, which key is which field and which keys only make
sense to a machine.
"""

# Sections of the letter, in order: (key, models). Models not listed go to "other".
SECTIONS = [
    ("details", ("res.partner", "res.partner.bank", "res.users")),
    ("consents", ("cs.consent", "mail.blacklist", "phone.blacklist")),
    ("requests", ("cs.data.request",)),
    (
        "tickets",
        (
            "helpdesk.ticket",
            "cs.escalation.history",
            "mail.message",
            "mail.mail",
            "sms.sms",
            "mail.notification",
            "mail.activity",
        ),
    ),
    ("documents", ("cs.intake", "ir.attachment")),
    ("loyalty", ("loyalty.card",)),
    ("surveys", ("survey.user_input", "rating.rating", "cs.followup")),
]
OTHER = "other"

# Row keys that are another name for a field of the model.
KEY_FIELDS = {
    "res.partner": {
        "country": "country_id",
        "state": "state_id",
        "created_on": "create_date",
    },
    "res.partner.bank": {
        "account": "acc_number",
        "holder": "acc_holder_name",
        "bank": "bank_id",
    },
    "cs.consent": {
        "purpose": "purpose_id",
        "notice_version": "notice_id",
        "ip_address": "proof_ip",
        "user_agent": "proof_user_agent",
        "attestation": "proof_attestation",
    },
    "cs.data.request": {
        "reference": "name",
        "type": "request_type",
        "received_on": "receipt_date",
        "request": "description",
        "answer": "response",
    },
    "helpdesk.ticket": {
        "subject": "name",
        "channel": "channel_id",
        "team": "team_id",
        "stage": "stage_id",
        "created_on": "create_date",
        "closed_on": "closed_date",
        "contact_name": "partner_name",
        "contact_email": "partner_email",
    },
    "cs.escalation.history": {"ticket": "ticket_id", "rule": "rule_id"},
    "mail.message": {"type": "message_type", "author": "author_id"},
    "mail.mail": {"to": "email_to", "cc": "email_cc", "date": "create_date"},
    "sms.sms": {"date": "create_date"},
    "mail.notification": {
        "type": "notification_type",
        "status": "notification_status",
        "failure": "failure_reason",
    },
    "mail.activity": {"type": "activity_type_id", "due": "date_deadline"},
    "cs.intake": {
        "code": "name",
        "channel": "channel_id",
        "document_type": "document_type_id",
        "subject": "email_subject",
        "message": "email_body",
        "files": "files_manifest",
        "ticket": "ticket_id",
    },
    "ir.attachment": {"size": "file_size", "created_on": "create_date"},
    "loyalty.card": {
        "programme": "program_id",
        "state": "cs_state",
        "tier": "cs_tier_id",
        "enrolled_on": "cs_enrol_date",
        "valid_until": "cs_valid_until",
        "history": "history_ids",
    },
    "survey.user_input": {
        "survey": "survey_id",
        "sent_on": "cs_sent_date",
        "ticket": "cs_ticket_id",
        "channel": "cs_channel_id",
        "csat": "cs_csat",
        "nps": "cs_nps",
        "ces": "cs_ces",
        "reasons": "cs_reasons",
        "comment": "cs_comment",
    },
    "cs.followup": {
        "plan": "plan_id",
        "product_fitness": "fitness",
        "invoice": "invoice_id",
        "product": "product_id",
    },
    "rating.rating": {"document": "res_name", "date": "create_date"},
    "loyalty.history": {"date": "create_date"},
}

# Keys that only identify records for a machine: kept in JSON/CSV, not in the letter.
HIDDEN_KEYS = {"id", "model"}
HIDDEN_MODEL_KEYS = {"mail.notification": {"message"}}

# A model whose visible columns are at most this many reads best as one table.
TABLE_MAX_COLUMNS = 8
# From this many records, a column with the same value in every record is said once
# above the table instead of on every line.
COMMON_MIN_ROWS = 3


def section_of(model):
    for key, models in SECTIONS:
        if model in models:
            return key
    return OTHER


def group_models(models):
    """[(section key, [models])] in the letter's order, empty sections left out.

    Listed models keep the order of SECTIONS; the others come last by name."""
    groups = []
    for key, listed in SECTIONS:
        found = [model for model in listed if model in models]
        if found:
            groups.append((key, found))
    others = sorted(model for model in models if section_of(model) == OTHER)
    if others:
        groups.append((OTHER, others))
    return groups


def field_of(model, key):
    """The field name a row key stands for (the key itself unless aliased)."""
    return KEY_FIELDS.get(model, {}).get(key, key)


def is_empty(value):
    return value is None or value is False or value == "" or value == []


def visible_keys(model, rows):
    """Keys worth showing a person, in the rows' order: not machine identifiers,
    and holding a value in at least one row."""
    hidden = HIDDEN_KEYS | HIDDEN_MODEL_KEYS.get(model, set())
    keys = dict.fromkeys(key for row in rows for key in row)
    return [
        key
        for key in keys
        if key not in hidden and any(not is_empty(row.get(key)) for row in rows)
    ]


def common_keys(keys, rows):
    """Keys whose (simple, non-empty) value is the same in every row."""
    if len(rows) < COMMON_MIN_ROWS:
        return []
    common = []
    for key in keys:
        values = [row.get(key) for row in rows]
        first = values[0]
        if (
            not is_empty(first)
            and not isinstance(first, (list, dict))
            and all(value == first for value in values)
        ):
            common.append(key)
    return common


def use_table(keys, rows):
    """One table (a line per record) or a card per record: tables for narrow
    records without nested lists."""
    nested = any(isinstance(row.get(key), list) for row in rows for key in keys)
    return not nested and len(keys) <= TABLE_MAX_COLUMNS


def parse_document_ref(value):
    """("model", id) from a "model,id" reference, else None."""
    if not isinstance(value, str) or value.count(",") != 1:
        return None
    model, _sep, res_id = value.partition(",")
    if "." not in model or not res_id.isdigit():
        return None
    return model, int(res_id)
