from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools import SQL


def cs_gdpr_emails(partners):
    """The normalised e-mail addresses of ``partners``, as a set.

    Within one erasure (``cs_gdpr_cache`` in the context) the addresses are
    normalised once for all the models that look for them.
    """
    cache = partners.env.context.get("cs_gdpr_cache")
    key = ("emails", tuple(partners.ids))
    if cache is not None and key in cache:
        return cache[key]
    emails = {tools.email_normalize(p.email or "") for p in partners} - {False}
    if cache is not None:
        cache[key] = emails
    return emails


# The addresses in an e-mail header, one array element each: a header split at the
# characters that separate addresses and names ("Name" <a@b>, c@d; e@f (Comment)).
# Lowered by PostgreSQL on both sides, so one expression serves the GIN indexes of
# the e-mail columns and the lookups that use them.
ADDRESS_SEPARATORS = '[[:space:],;:<>"()]+'


def cs_gdpr_address_tokens(column):
    """The SQL expression of the address tokens of ``column``, as indexed."""
    return f"regexp_split_to_array(lower(\"{column}\"), '{ADDRESS_SEPARATORS}')"


def cs_gdpr_address_present(column):
    """The SQL condition of the rows whose ``column`` may hold an address."""
    return f'"{column}" IS NOT NULL'


def cs_gdpr_address_index(column, partial=False):
    """A GIN index on the address tokens of ``column`` (models.Index definition).

    Without fastupdate: each lookup would otherwise read the whole list of entries
    pending since the last vacuum (up to 4 MB), one second a batch at 20,000
    contacts. A row adds only a few tokens, so direct inserts cost little.
    ``partial`` leaves out the rows without an address, which no lookup finds:
    the lookups carry the same condition (cs_gdpr_address_query) to use it.
    """
    index = f"USING gin ({cs_gdpr_address_tokens(column)}) WITH (fastupdate = off)"
    return f"{index} WHERE {cs_gdpr_address_present(column)}" if partial else index


def cs_gdpr_address_query(table, columns, emails, exclude_ids=()):
    """SQL for the ids of the rows of ``table`` where one of ``columns`` holds one
    of ``emails`` as a whole address, case aside: the candidates that the caller
    then matches exactly.

    A token equal to the address, through the GIN index of the column's tokens: a
    contains-pattern (``ilike %address%``) can use no index, so each batch read
    the whole table. The addresses are normalised; they are lowered again by
    PostgreSQL, like the tokens, so that both sides agree whatever the database's
    character type.
    """
    return SQL(
        "SELECT id FROM %s WHERE (%s) AND NOT id = ANY(%s)",
        SQL.identifier(table),
        SQL(" OR ").join(
            SQL(
                "%s AND %s && ARRAY(SELECT lower(e) FROM unnest(%s::text[]) e)",
                SQL(cs_gdpr_address_present(column)),
                SQL(cs_gdpr_address_tokens(column)),
                sorted(emails),
            )
            for column in columns
        ),
        list(exclude_ids),
    )


def cs_gdpr_ids_with_address(cr, table, columns, emails, exclude_ids=()):
    """Ids found by ``cs_gdpr_address_query``."""
    cr.execute(cs_gdpr_address_query(table, columns, emails, exclude_ids))
    return [row[0] for row in cr.fetchall()]


class MailMessage(models.Model):
    _inherit = "mail.message"

    # Erasure hooks take one contact or a retention batch of them.
    _cs_gdpr_batch = True

    # Partial: a message without a sender address, which no lookup can find, does
    # not update it.
    _cs_email_from_address_idx = models.Index(
        cs_gdpr_address_index("email_from", partial=True)
    )

    @api.model
    def _cs_gdpr_messages(self, partner):
        """Messages written by the contact, and every message on the contact's own
        record and tickets.

        Within one erasure (``cs_gdpr_cache`` in the context) the lookup runs once
        for the messages, the e-mails and the files.
        """
        cache = self.env.context.get("cs_gdpr_cache")
        key = ("mail.message", tuple(partner.ids))
        if cache is not None and key in cache:
            # Erasing e-mails deletes their messages: only the ones still there.
            return cache[key].exists()
        messages = self._cs_gdpr_messages_search(partner)
        if cache is not None:
            cache[key] = messages
        return messages

    @api.model
    def _cs_gdpr_messages_search(self, partner):
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        domain = [
            "|",
            "|",
            ("author_id", "in", partner.ids),
            "&",
            ("model", "=", "res.partner"),
            ("res_id", "in", partner.ids),
            "&",
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "in", tickets.ids),
        ]
        # sudo: the DPO must reach every message, including internal notes.
        messages = self.sudo().search(domain, order="date, id")
        emails = cs_gdpr_emails(partner)
        if emails:
            # The index narrows the candidates; a message is the person's when one
            # of its sender addresses normalises to exactly theirs.
            self.flush_model(["email_from"])
            candidates = self.sudo().browse(
                cs_gdpr_ids_with_address(
                    self.env.cr, "mail_message", ["email_from"], emails, messages.ids
                )
            )
            messages |= candidates.filtered(
                lambda m: emails & set(tools.email_normalize_all(m.email_from or ""))
            )
        return messages.sorted(lambda m: (m.date, m.id))

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "date": fields.Datetime.to_string(m.date),
                "document": f"{m.model},{m.res_id}" if m.model else "",
                "type": m.message_type,
                "author": m.author_id.display_name or m.email_from or "",
                "subject": m.subject or "",
                "body": tools.html2plaintext(m.body or ""),
            }
            for m in self._cs_gdpr_messages(partner)
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        messages = self._cs_gdpr_messages(partner)
        if not dry_run and messages:
            messages.tracking_value_ids.sudo().unlink()
            # One UPDATE for the batch, where the ORM writes one per set of fields
            # that really change (messages without a subject apart); write() does
            # nothing for these fields, and the stored fields computed from them
            # follow.
            fnames = ["body", "subject", "email_from", "reply_to"]
            messages.flush_recordset(fnames)
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET body = %s, subject = NULL, "
                    "email_from = NULL, reply_to = NULL, write_date = %s, "
                    "write_uid = %s WHERE id = ANY(%s)",
                    Markup("<p>%s</p>") % self.env._("[erased]"),
                    self.env.cr.now(),
                    self.env.uid,
                    messages.ids,
                )
            )
            messages.invalidate_recordset([*fnames, "write_date", "write_uid"])
            messages.modified(fnames)
        return {"changed": len(messages), "kept": []}
