"""Which entries of the addon's .pot reach the customer.

Those entries must be shipped in every co-official language (Ley 10/2025, art. on
languages): Catalan, Basque and Galician, besides Spanish and English. An entry is
customer-facing when one of its references (``#:`` lines of the .pot) is:

- a mail or SMS template's subject or body, a greeting or farewell script;
- the satisfaction survey (titles, questions, answers, descriptions);
- a portal, public page, letter or PDF template of the addon (``CUSTOMER_VIEWS``);
- a record shown on those pages (processing purposes, privacy notice, document types);
- a Python string that ends up in a customer message (``CUSTOMER_CODE_FILES`` for files
  whose strings all do, ``CUSTOMER_CODE_MSGIDS`` for single strings of other files).

Add to these sets when a new customer-facing text is written elsewhere.
"""

import re

CO_OFFICIAL_LANGS = ("ca", "eu", "gl")

CUSTOMER_FIELDS = {
    "mail.template": {"subject", "body_html"},
    "sms.template": {"body"},
    "cs.service.protocol": {
        "greeting",
        "farewell",
        "greeting_informal",
        "farewell_informal",
    },
    "survey.survey": {"title", "description", "description_done"},
    "survey.question": {
        "title",
        "description",
        "question_placeholder",
        "scale_min_label",
        "scale_mid_label",
        "scale_max_label",
        "comments_message",
        "validation_error_msg",
        "constr_error_msg",
    },
    "survey.question.answer": {"value"},
    "cs.processing.purpose": {"name", "description", "data_categories", "retention"},
    "cs.privacy.notice": None,
    "cs.document.type": {"name"},
    # the form of address goes into the greetings ({{ object.cs_addressee }})
    "cs.address.form": {"name", "shortcut"},
}

# Basque puts the form of address after the name: "Ane Etxeberria andrea".
POSTPOSED_SALUTATION_LANGS = frozenset({"eu"})

CUSTOMER_VIEWS = frozenset(
    {
        # public pages and the portal
        "intake_verify_page",
        "portal_my_home_cs_intakes",
        "portal_my_intakes",
        "portal_intake_upload",
        "portal_intake_done",
        "portal_my_home_membership",
        "portal_my_membership",
        "cs_loyalty_rewards_overview",
        "cs_followup_answer_confirm",
        "cs_followup_answer_thanks",
        "portal_my_home_privacy",
        "portal_breadcrumbs_privacy",
        "portal_my_privacy",
        "privacy_withdraw_page",
        "privacy_opt_in_page",
        "cs_a11y_frontend_layout_lang",
        "cs_a11y_footer_language_selector",
        "cs_a11y_portal_docs_entry",
        "cs_a11y_survey_navigation",
        "cs_a11y_survey_question_text_box",
        "cs_a11y_survey_question_char_box",
        # letters and e-mails rendered from QWeb
        "cs_opt_in_mail",
        "cs_data_request_extension_letter",
        # PDFs the customer receives
        "report_cs_data_export_block",
        "report_cs_data_export",
        "report_cs_intake_receipt_document",
        # Ley 10/2025: the status page, the acknowledgement and answer letters, and the
        # compliance report (read by the company's auditor)
        "cs_tracking_page",
        "report_cs_demand_letter_document",
        "report_cs_demand_ack_letter",
        "report_cs_demand_answer_letter",
        "report_cs_audit",
        "report_cs_intake_receipt",
        "report_cs_membership_card_document",
        "report_cs_membership_card_i18n",
    }
)

CUSTOMER_CODE_FILES = frozenset(
    {
        "controllers/cs_loyalty_portal.py",
        "controllers/cs_privacy_portal.py",
        "controllers/intake.py",
        "models/cs_data_request_export.py",
    }
)

# Selection values the customer reads (the request type on the status page).
CUSTOMER_SELECTIONS = frozenset(
    {
        f"selection__helpdesk_ticket__cs_request_kind__{kind}"
        for kind in ("query", "incident", "complaint", "claim", "suggestion")
    }
)

CUSTOMER_CODE_MSGIDS = frozenset(
    {
        # Ley 10/2025: the key read out on the phone, the dispute-resolution notice of
        # a rejected complaint, the chat demand's title, the compliance report
        "Your request has been registered with the tracking key %(key)s. I will "
        "spell it: %(spelt)s. Please write it down: with this key and your e-mail, "
        "phone number or postal code you can follow your request at %(url)s, or ask "
        "us about it by any channel.",
        "If you do not agree with this answer, you may take your complaint to "
        "%(body)s, a consumer dispute resolution body. We adhere to it and will take "
        "part in its procedure.",
        "If you do not agree with this answer, you may take your complaint to "
        "%(body)s, a consumer dispute resolution body competent for it. We do not "
        "adhere to it and will not take part in its procedure.",
        "Chat %(chat)s: request for a person",
        "Ley 10/2025 compliance report",
        "Summary",
        "Section",
        "Figure",
        "Value",
        "Records",
        "Languages used",
        "Not recorded",
        "Service suspension holds",
        "Customers under a hold",
        "Complaints and claims protecting them",
        "Holds lifted by a supervisor",
        "Vulnerable customers",
        "Customers recorded as vulnerable",
        "Demands of vulnerable customers",
        "Answered within the internal deadline",
        "Customer satisfaction",
        "Satisfaction requests sent",
        "Answers received",
        "Survey answer %(id)s",
        "Rating %(id)s",
        "Hold lift %(id)s of %(date)s",
        # letters, receipts and their subjects
        "Your request %(ref)s: extended deadline",
        "Please confirm: %(purpose)s",
        "Entry receipt %(code)s",
        "Entry receipt %(code)s. Verify it at %(url)s",
        "Receipt %(code)s",
        "We have registered your documents under code %(code)s.",
        "You can verify the receipt at",
        # survey invitations by SMS
        "%(company)s: how did we do? Tell us in 1 minute: %(url)s",
        "%(company)s: reminder, your opinion matters. 1 minute: %(url)s",
        # membership card, rewards and joining the programme on the portal
        "%(years)s year(s) of membership",
        "%(points)s to go",
        "%(name)s cannot join %(programme)s yet:\n%(reasons)s",
        "Consent to the loyalty programme's messages: not given. "
        "You can give it on your privacy page.",
        "There is no loyalty programme to join at the moment.",
        "Posted invoices: %(count)s of %(needed)s needed",
        "Total spent: %(spent)s of %(needed)s needed",
        "Customer for %(days)s days of %(needed)s needed",
        "The last satisfaction answer was not happy",
        # documents handed in through the portal
        "Log in to hand in documents.",
        "Choose at least one file to send.",
        "No file could be accepted:\n%(reasons)s",
        "These files were refused; the others were kept:",
        "%(file)s: %(reason)s",
        "files of type %(mimetype)s are not accepted",
        "the PDF is damaged and cannot be read",
        "the PDF is protected by a password; please send it without one",
        "the file is empty",
        "too big (%(size)s MB, the limit is %(limit)s MB)",
    }
)

MODULE_PREFIX = "addons/customer_service/"


def addressee(salutation, name, lang):
    """How a script addresses the customer: form of address and name, in the order
    of the language ``lang`` (a code such as "eu_ES")."""
    parts = (salutation, name)
    if (lang or "").split("_")[0] in POSTPOSED_SALUTATION_LANGS:
        parts = (name, salutation)
    return " ".join(part for part in parts if part)


def is_customer_reference(reference):
    """True when one ``#:`` reference of a .pot entry points to a customer-facing text.

    ``reference`` is "model:<model>,<field>:<xmlid>", the same with "model_terms:",
    or "code:<path>" (a line number after the path is ignored).
    """
    kind, _sep, rest = reference.partition(":")
    if kind in ("model", "model_terms"):
        model_field, _sep, xmlid = rest.partition(":")
        model, _sep, field = model_field.partition(",")
        if model == "ir.model.fields.selection":
            module, _sep, name = xmlid.partition(".")
            return module == "customer_service" and name in CUSTOMER_SELECTIONS
        if model == "ir.ui.view":
            module, _sep, name = xmlid.partition(".")
            return module == "customer_service" and name in CUSTOMER_VIEWS
        if model not in CUSTOMER_FIELDS:
            return False
        fields = CUSTOMER_FIELDS[model]
        return fields is None or field in fields
    if kind == "code":
        path = rest.rsplit(":", 1)[0] if rest[-1:].isdigit() else rest
        path = path.removeprefix(MODULE_PREFIX)
        return path in CUSTOMER_CODE_FILES
    return False


def is_customer_facing(msgid, references):
    """True when an entry (its ``msgid`` and its references) reaches the customer."""
    if any(is_customer_reference(ref) for ref in references):
        return True
    return msgid in CUSTOMER_CODE_MSGIDS and any(
        ref.startswith("code:") for ref in references
    )


def customer_entries(pot_entries):
    """The customer-facing entries among ``pot_entries`` (polib entries, or objects
    with ``msgid`` and ``occurrences`` as (path, line) pairs), in their order."""
    return [
        entry
        for entry in pot_entries
        if not entry.obsolete
        and is_customer_facing(
            entry.msgid, [reference_text(occ) for occ in entry.occurrences]
        )
    ]


def reference_text(occurrence):
    """One polib occurrence (path, line) as the text of its ``#:`` reference."""
    path, line = occurrence
    return f"{path}:{line}" if line else path


def customer_occurrences(entry):
    """The occurrences of a .pot entry that reach the customer.

    A .po file keeps only these: Odoo applies a record term to the records its
    references name, so an internal view sharing the same English word keeps its
    own (Spanish or English) wording.
    """
    kept = [
        occ for occ in entry.occurrences if is_customer_reference(reference_text(occ))
    ]
    if not kept and entry.msgid in CUSTOMER_CODE_MSGIDS:
        kept = [occ for occ in entry.occurrences if occ[0].startswith("code:")]
    return kept


def sync_po(pot_entries, po, make_entry):
    """Bring a co-official language's ``po`` (a polib.POFile) in line with the .pot.

    Keeps the translations of the customer-facing entries, with the references of
    the current .pot; adds the missing entries with an empty translation; drops the
    entries no longer customer-facing. ``make_entry`` builds a new entry
    (polib.POEntry).
    Returns (missing msgids, dropped msgids).
    """
    wanted = {entry.msgid: entry for entry in customer_entries(pot_entries)}
    dropped = [entry.msgid for entry in po if entry.msgid not in wanted]
    for msgid in dropped:
        po.remove(po.find(msgid))
    missing = []
    for msgid, source in wanted.items():
        entry = po.find(msgid)
        if entry is None:
            entry = make_entry(msgid=msgid, msgstr="")
            po.append(entry)
        entry.occurrences = customer_occurrences(source)
        entry.comment = source.comment
        entry.flags = [flag for flag in source.flags if flag != "fuzzy"]
        entry.obsolete = False
        if not entry.msgstr.strip():
            missing.append(msgid)
    order = {msgid: index for index, msgid in enumerate(wanted)}
    po.sort(key=lambda entry: order.get(entry.msgid, len(order)))
    return missing, dropped


_MARKERS = (
    # %(name)s and %s placeholders of Python strings
    r"%\([a-z_]+\)[sd]|%[sd]",
    # {{ expression }} placeholders of inline templates and {{0}} of attributes
    r"\{\{[^}]*\}\}",
    # t-out/t-if/t-att... attributes of QWeb with their expression
    r"\bt-[a-z-]+=\"[^\"]*\"",
    # HTML tags by name (opening and closing)
    r"</?[a-zA-Z][a-zA-Z0-9]*",
)


def markup_signature(text):
    """What a translation must keep from its source: placeholders, QWeb attributes
    and HTML tags, as a sorted list (word order may change, the pieces may not)."""
    found = []
    for pattern in _MARKERS:
        found.extend(match.strip() for match in re.findall(pattern, text or ""))
    return sorted(found)
