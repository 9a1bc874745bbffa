from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import split_every


class ResPartnerGdpr(models.Model):
    _inherit = "res.partner"

    def _cs_check_consent(self, purpose, channel, raise_if_missing=False):
        """Tell whether this contact may get messages for ``purpose`` on ``channel``.

        ``purpose`` is the code of a processing purpose ("service", "survey",
        "commercial", "loyalty", "profiling"); ``channel`` is "email", "sms" or
        "phone". With ``raise_if_missing`` a refusal raises a UserError naming the
        missing consent. Every sender of surveys, loyalty and commercial messages calls
        this one method; the GDPR feature decides the answer.
        """
        self.ensure_one()
        code = getattr(purpose, "code", purpose)
        # sudo: any sender (portal, public website, cron) needs the yes/no answer; the
        # answer reveals no proof.
        purpose_rec = self.env["cs.processing.purpose"].sudo()._cs_get(code)
        if not purpose_rec:
            if raise_if_missing:
                raise UserError(
                    self.env._(
                        "No processing purpose with code %(code)s is configured. Ask "
                        "your data protection officer to register it.",
                        code=code,
                    )
                )
            return False
        if self.cs_erased_date:
            allowed = False
        elif not purpose_rec.requires_consent:
            allowed = True
        else:
            consent = (
                self.env["cs.consent"].sudo()._cs_current(self, purpose_rec, channel)
            )
            allowed = bool(consent) and consent.is_valid
        if not allowed and raise_if_missing:
            channels = dict(
                self.env["cs.consent"]
                ._fields["channel"]
                ._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "%(contact)s has no valid consent for %(purpose)s by "
                    "%(channel)s. Record the consent (or ask for it) before sending.",
                    contact=self.display_name,
                    purpose=purpose_rec.name,
                    channel=channels.get(channel, channel),
                )
            )
        return allowed

    cs_consent_ids = fields.One2many(
        "cs.consent",
        "partner_id",
        string="Consent History",
        readonly=True,
        groups="customer_service.group_cs_agent,customer_service.group_cs_dpo",
    )
    cs_current_consent_ids = fields.Many2many(
        "cs.consent",
        string="Current Consents",
        compute="_compute_cs_current_consent_ids",
        help="Latest entry for each purpose and channel.",
        groups="customer_service.group_cs_agent,customer_service.group_cs_dpo",
    )
    cs_data_request_ids = fields.One2many(
        "cs.data.request",
        "partner_id",
        string="Data-Subject Requests",
        groups="customer_service.group_cs_dpo",
    )
    cs_erased_date = fields.Datetime(
        string="Erased On",
        readonly=True,
        copy=False,
        help="Personal data of this contact was anonymised on this date.",
    )

    cs_collection_checklist = fields.Html(
        string="Data Collection Checklist",
        compute="_compute_cs_collection_checklist",
        sanitize=False,
        help="What each channel's collection procedure asks for, and what is missing.",
    )

    @api.depends("name", "email", "phone", "vat", "street", "zip", "city", "country_id")
    def _compute_cs_collection_checklist(self):
        channels = self.env["helpdesk.ticket.channel"].search(
            [("cs_collection_field_ids", "!=", False)]
        )
        for partner in self:
            parts = [
                Markup("<h6>%s</h6>%s")
                % (channel.name, channel._cs_collection_checklist_html(partner))
                for channel in channels
            ]
            partner.cs_collection_checklist = Markup("").join(parts) or False

    @api.depends("cs_consent_ids")
    def _compute_cs_current_consent_ids(self):
        current = self.env["cs.consent"]._cs_current(self.filtered("id"))
        for partner in self:
            partner.cs_current_consent_ids = current.filtered(
                lambda c, p=partner: c.partner_id == p
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_cs_consent(self):
        # sudo: consents of every company count, whoever deletes.
        consents = (
            self.env["cs.consent"].sudo().search([("partner_id", "in", self.ids)])
        )
        if consents:
            raise UserError(
                self.env._(
                    "%(contacts)s cannot be deleted: their consent history is the "
                    "proof that messages were sent lawfully. Archive the contact, or "
                    "erase their personal data through a data-subject request.",
                    contacts=", ".join(consents.partner_id.mapped("display_name")),
                )
            )

    def _cs_filter_consent(self, purpose, channel):
        """For mass sends: (contacts that may be sent to, number skipped).

        Same answer as ``_cs_check_consent`` for each contact, in a fixed number of
        queries whatever the number of contacts.
        """
        code = getattr(purpose, "code", purpose)
        purpose_rec = self.env["cs.processing.purpose"].sudo()._cs_get(code)
        partners = self.filtered(lambda p: not p.cs_erased_date)
        if not purpose_rec:
            allowed = self.browse()
        elif not purpose_rec.requires_consent:
            allowed = partners
        else:
            current = (
                self.env["cs.consent"]
                .sudo()
                ._cs_current(partners, purpose_rec, channel)
            )
            allowed = current.filtered("is_valid").partner_id.with_env(self.env)
            allowed = partners & allowed
        return allowed, len(self) - len(allowed)

    def action_cs_record_consent(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent"),
            "res_model": "cs.consent.record.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_cs_new_data_request(self):
        """Take in a data-subject request for this contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Data-Subject Request"),
            "res_model": "cs.data.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_partner_id": self.id},
        }

    # Signed links: the hmac key is the database secret, so links cannot be forged
    # and a token only ever opens the one action on the one contact it was made for.
    def _cs_privacy_token(self, *payload):
        self.ensure_one()
        return tools.hmac(self.env(su=True), "cs-privacy", (self.id, *payload))

    def _cs_withdraw_url(self, purpose_code, channel):
        """One-click withdrawal link to put in every commercial message."""
        self.ensure_one()
        token = self._cs_privacy_token("withdraw", purpose_code, channel)
        base = self.get_base_url()
        return f"{base}/privacy/withdraw/{self.id}/{purpose_code}/{channel}/{token}"

    def _cs_opt_in_url(self, purpose_code, channel, stamp):
        self.ensure_one()
        token = self._cs_privacy_token("optin", purpose_code, channel, stamp)
        return (
            f"{self.get_base_url()}/privacy/confirm/{self.id}/{purpose_code}/"
            f"{channel}/{stamp}/{token}"
        )

    def _cs_request_opt_in(self, purpose_code, channel="email"):
        """Double opt-in: e-mail a signed confirmation link and record a pending
        consent. Consent is given only when the contact opens the link."""
        self.ensure_one()
        if not self.email:
            raise UserError(
                self.env._(
                    "%(contact)s has no e-mail address: add one to send the "
                    "confirmation link.",
                    contact=self.display_name,
                )
            )
        purpose = self.env["cs.processing.purpose"]._cs_get(purpose_code)
        if not purpose:
            raise UserError(
                self.env._(
                    "No processing purpose with code %(code)s.", code=purpose_code
                )
            )
        stamp = int(fields.Datetime.now().timestamp())
        url = self._cs_opt_in_url(purpose_code, channel, stamp)
        # The contact reads the request in their own language, not the agent's.
        customer_env = self.with_context(lang=self.lang or self.env.lang).env
        shown_purpose = purpose.with_env(customer_env)
        body = customer_env["ir.qweb"]._render(
            "customer_service.cs_opt_in_mail",
            {"partner": self, "purpose": shown_purpose, "url": url},
        )
        # sudo: an agent may ask for consent without write rights on the contact's
        # chatter; the message is the proof of what was sent.
        message = self.sudo().message_post(
            body=body,
            subject=customer_env._(
                "Please confirm: %(purpose)s", purpose=shown_purpose.name
            ),
            partner_ids=self.ids,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        return (
            self.env["cs.consent"]
            .sudo()
            ._cs_record(
                self, purpose, channel, "pending", "email", proof_message_id=message.id
            )
        )

    # GDPR discovery, export and erasure across every model that holds personal data.
    @api.model
    def _cs_gdpr_model_names(self):
        names = [
            name
            for name, model in self.env.registry.items()
            if not model._abstract
            and not model._transient
            and hasattr(model, "_cs_gdpr_export")
        ]
        # The contact itself goes last: the others find their records through it.
        # Messages, mails and files come just before: other hooks log messages on
        # the contact (a deleted bank account, a revoked card) that must go too.
        late = ("ir.attachment", "mail.mail", "mail.message", "mail.notification")
        return sorted(names, key=lambda n: (n == "res.partner", n in late, n))

    def _cs_gdpr_lookup_terms(self):
        """Name and e-mail to give privacy_lookup. A name shared with another contact
        would find that person too, so the e-mail stands in for it then."""
        self.ensure_one()
        name = (self.name or "").strip()
        email = tools.email_normalize(self.email or "") or "nobody@invalid.invalid"
        homonyms = self.with_context(active_test=False).search_count(
            [("name", "=ilike", name), ("id", "!=", self.id)], limit=1
        )
        if homonyms or not name:
            name = email
        return name, email

    @api.model
    def _cs_gdpr_lookup(self, name, email):
        """(model, id) pairs privacy_lookup finds for ``name`` and ``email``."""
        # sudo: discovery must see every table whatever the DPO's other rights.
        wizard = (
            self.env["privacy.lookup.wizard"].sudo().new({"name": name, "email": email})
        )
        query = wizard._get_query()
        self.env.flush_all()
        self.env.cr.execute(query)
        models_by_id = {}
        ids_by_model = {}
        for row in self.env.cr.dictfetchall():
            model_id = row["res_model_id"]
            if model_id not in models_by_id:
                models_by_id[model_id] = (
                    self.env["ir.model"].sudo().browse(model_id).model
                )
            ids_by_model.setdefault(models_by_id[model_id], set()).add(row["res_id"])
        return self._cs_gdpr_exact_matches(ids_by_model, name, email)

    @api.model
    def _cs_gdpr_exact_matches(self, ids_by_model, name, email):
        """Keep the privacy_lookup hits that are really the person's.

        privacy_lookup compares e-mail columns with ``ilike %address%``, so looking
        for an@example.com also finds joan@example.com. A hit is kept when one of
        its addresses normalises to exactly ``email``, its name is ``name`` (case
        aside) or it points to a contact that matches that way.
        """
        email = tools.email_normalize(email or "") or ""
        name = (name or "").strip().lower()
        # sudo: discovery compares the values of every table, as privacy_lookup does.
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("email_normalized", "=", email or False),
                    ("name", "=ilike", name or False),
                ]
            )
        )
        partner_ids = set(partners.ids)

        def same_email(value):
            return bool(email) and email in tools.email_normalize_all(value or "")

        found = set()
        for model_name, ids in ids_by_model.items():
            Model = self.env[model_name].sudo().with_context(active_test=False)
            records = Model.browse(sorted(ids)).exists()
            email_fields = [
                fname
                for fname in (
                    "email_normalized",
                    "email",
                    "email_from",
                    "company_email",
                )
                if fname in Model._fields and Model._fields[fname].store
            ]
            partner_fields = [
                fname
                for fname, field in Model._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "res.partner"
                and field.store
            ]
            rec_name = Model._rec_name
            name_field = Model._fields.get(rec_name) if rec_name else None
            compare_name = bool(
                name_field and name_field.store and name_field.type == "char"
            )
            for record in records:
                if model_name == "res.partner":
                    hit = record.id in partner_ids
                elif model_name == "res.users":
                    hit = record.partner_id.id in partner_ids or same_email(
                        record.login
                    )
                else:
                    hit = (
                        any(same_email(record[fname]) for fname in email_fields)
                        or any(
                            record[fname].id in partner_ids for fname in partner_fields
                        )
                        or (
                            compare_name
                            and (record[rec_name] or "").strip().lower() == name
                        )
                    )
                if hit:
                    found.add((model_name, record.id))
        return found

    def _cs_gdpr_export_all(self):
        """Every piece of personal data of this contact: {model: [plain dicts]}."""
        self.ensure_one()
        data = {}
        for name in self._cs_gdpr_model_names():
            # sudo: the DPO answers for every record of the person, whichever team or
            # feature holds it; only DPO-guarded request actions reach this method.
            rows = self.env[name].sudo()._cs_gdpr_export(self)
            if rows:
                data[name] = rows
        # What privacy_lookup finds in models that do not export themselves.
        for model, res_id in sorted(
            self._cs_gdpr_lookup(*self._cs_gdpr_lookup_terms())
        ):
            if model in data or hasattr(self.env[model], "_cs_gdpr_export"):
                continue
            record = self.env[model].sudo().browse(res_id)
            data.setdefault(model, []).append(
                {"id": res_id, "name": record.display_name or ""}
            )
        return data

    def _cs_gdpr_erase_all(self, dry_run=False, verify=True):
        """Anonymise this contact everywhere. Returns {"changes": {model: count},
        "kept": [reasons], "remaining": [(model, id)]}. Raises, and so changes
        nothing, when privacy_lookup still finds the person afterwards (unless
        ``verify`` is False: the retention job, which scans no name)."""
        self.ensure_one()
        if self.with_context(active_test=False).user_ids.filtered(
            lambda u: not u.share
        ):
            raise UserError(
                self.env._(
                    "%(contact)s is an internal user. Erase employees through the HR "
                    "procedure, not through a customer request.",
                    contact=self.display_name,
                )
            )
        check = verify and not dry_run
        # Taken before anything changes: the old name and e-mail are what to look for.
        terms = self._cs_gdpr_lookup_terms() if check else None
        changes, kept, keeping_models = {}, [], set()
        cache = {}
        for name in self._cs_gdpr_model_names():
            # sudo: as for the export, erasure must reach every feature's records.
            # tracking_disable: tracking is written at commit, after the hooks, and
            # would keep the old values (the person's name) in new messages.
            result = (
                self.env[name]
                .sudo()
                .with_context(tracking_disable=True, cs_gdpr_cache=cache)
                ._cs_gdpr_erase(self, dry_run=dry_run)
            )
            changes[name] = result.get("changed", 0)
            kept.extend(result.get("kept") or [])
            # Records kept identifiable by law (invoices...) may still be found.
            if result.get("keeps_identifiable"):
                keeping_models.add(name)
        # Deleting files inside the erasure transaction would lose them if it rolled
        # back: Odoo's daily file-store clean-up removes them once nothing refers to
        # them any more.
        kept.append(
            self.env._(
                "Deleted files leave the file store at the next daily clean-up (at "
                "most one day); their records are deleted at once."
            )
        )
        remaining = []
        if check:
            remaining = sorted(
                (model, res_id)
                for model, res_id in self._cs_gdpr_lookup(*terms)
                if model not in keeping_models and model != "privacy.log"
            )
            if remaining:
                # sudo: the models' names only, to say where the person is found.
                names = {
                    self.env["ir.model"].sudo()._get(m).name or m
                    for m, _id in remaining
                }
                raise UserError(
                    self.env._(
                        "Erasure stopped and undone: personal data of the person is "
                        "still found in: %(where)s. Ask your administrator to extend "
                        "the erasure to these records, or erase them by hand, then "
                        "try again.",
                        where=", ".join(sorted(names)),
                    )
                )
        return {"changes": changes, "kept": kept, "remaining": remaining}

    @api.model
    def _cs_gdpr_export(self, partner):
        fields_to_export = [
            "name",
            "email",
            "phone",
            "street",
            "street2",
            "zip",
            "city",
            "vat",
            "website",
            "function",
            "lang",
        ]
        partner = partner.sudo()
        row = {"id": partner.id}
        for fname in fields_to_export:
            row[fname] = partner[fname] or ""
        row["country"] = partner.country_id.name or ""
        row["state"] = partner.state_id.name or ""
        row["created_on"] = fields.Datetime.to_string(partner.create_date)
        return [row]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        if dry_run:
            return {"changed": len(partner), "kept": []}
        partner = partner.sudo().with_context(tracking_disable=True)
        users = partner.with_context(active_test=False).user_ids
        if users:
            # SQL: writing the login through the ORM e-mails a "login changed" notice
            # to the very address being erased, and queues their name with it.
            self.env.cr.execute(
                "UPDATE res_users SET login = 'erased-' || id || '@invalid' "
                "WHERE id = ANY(%s)",
                [users.ids],
            )
            users.invalidate_recordset(["login"])
            users.write({"signature": False, "active": False})
        values = {}
        if "peppol_endpoint" in partner._fields:
            # Computed from the VAT number by e-invoicing, and kept when it is cleared.
            values["peppol_endpoint"] = False
        # Clearing an empty image still runs the resizing and attachment code for
        # each contact: only the contacts that have one.
        with_image = (
            self.env["ir.attachment"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_field", "=", "image_1920"),
                    ("res_id", "in", partner.ids),
                ],
                ["res_id"],
            )
        )
        if with_image:
            partner.browse(set(with_image.mapped("res_id"))).write(
                {"image_1920": False}
            )
        # One write for the whole batch.
        partner.write(
            values
            | {
                # Detached first: Odoo copies a contact's address and VAT up to its
                # company, and from there to the colleagues.
                "parent_id": False,
                "email": False,
                "phone": False,
                "street": False,
                "street2": False,
                "zip": False,
                "city": False,
                "vat": False,
                "website": False,
                "function": False,
                "comment": False,
                "cs_address_form_id": False,
                "active": False,
                "cs_erased_date": fields.Datetime.now(),
            }
        )
        # One UPDATE for the names too: a write per contact cost more than the rest
        # of the erasure. The stored fields computed from the name follow.
        prefix, suffix = self.env._("Erased contact %(id)s", id="\x00").split("\x00")
        self.env.cr.execute(
            tools.SQL(
                "UPDATE res_partner SET name = %s || id || %s WHERE id = ANY(%s)",
                prefix,
                suffix,
                partner.ids,
            )
        )
        partner.invalidate_recordset(["name"])
        partner.modified(["name"])
        return {"changed": len(partner) + len(users), "kept": []}

    def _cs_gdpr_erase_batch(self):
        """Anonymise these contacts everywhere, as the retention job does (no
        privacy_lookup check). Each model whose hook takes several contacts
        (``_cs_gdpr_batch``) is called once for the whole batch, the others once per
        contact. Returns {model: records changed}."""
        partners = self.filtered(
            lambda p: not p.with_context(active_test=False).user_ids.filtered(
                lambda u: not u.share
            )
        )
        changes = {}
        cache = {}
        for name in self._cs_gdpr_model_names():
            # sudo and tracking_disable: as in _cs_gdpr_erase_all.
            Model = (
                self.env[name]
                .sudo()
                .with_context(tracking_disable=True, cs_gdpr_cache=cache)
            )
            if getattr(Model, "_cs_gdpr_batch", False):
                results = [Model._cs_gdpr_erase(partners)]
            else:
                results = [Model._cs_gdpr_erase(partner) for partner in partners]
            changes[name] = sum(r.get("changed", 0) for r in results)
        return changes

    # Retention: contacts inactive for longer than their purposes' retention.
    @api.model
    def _cs_retention_query(self, limit=None, among_ids=None):
        service = self.env["cs.processing.purpose"].sudo()._cs_get("service")
        if not service.retention_months:
            return None
        self.env.flush_all()
        ids = list(among_ids) if among_ids is not None else None
        return tools.SQL(
            """
            WITH last_consent AS (
                SELECT DISTINCT ON (partner_id, purpose_id, channel)
                       partner_id, purpose_id, state
                  FROM cs_consent
                 %s
              ORDER BY partner_id, purpose_id, channel, date DESC, id DESC
            ), consent_months AS (
                SELECT lc.partner_id, MAX(pp.retention_months) AS months
                  FROM last_consent lc
                  JOIN cs_processing_purpose pp ON pp.id = lc.purpose_id
                 WHERE lc.state = 'given'
              GROUP BY lc.partner_id
            )
            SELECT p.id
              FROM res_partner p
         LEFT JOIN consent_months cm ON cm.partner_id = p.id
             WHERE p.active
               AND p.cs_erased_date IS NULL
               AND NOT p.is_company
               AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
               AND NOT EXISTS (
                    SELECT 1 FROM helpdesk_ticket t
                      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                     WHERE t.partner_id = p.id AND NOT COALESCE(s.closed, FALSE))
               AND NOT EXISTS (
                    SELECT 1 FROM cs_data_request r
                     WHERE r.partner_id = p.id
                       AND r.state IN ('received', 'verified', 'in_progress'))
               AND GREATEST(
                    p.write_date,
                    (SELECT MAX(t.write_date) FROM helpdesk_ticket t
                      WHERE t.partner_id = p.id),
                    (SELECT MAX(c.date) FROM cs_consent c WHERE c.partner_id = p.id),
                    (SELECT MAX(r.write_date) FROM cs_data_request r
                      WHERE r.partner_id = p.id)
               ) < NOW() AT TIME ZONE 'UTC'
                   - make_interval(months => GREATEST(%s, COALESCE(cm.months, 0)))
               %s
          ORDER BY p.id
             %s
            """,
            # A batch check reads the consents of its own contacts only, through
            # the index on partner_id: the filter on p.id does not reach the CTE.
            tools.SQL("WHERE partner_id = ANY(%s)", ids)
            if ids is not None
            else tools.SQL(""),
            service.retention_months,
            tools.SQL("AND p.id = ANY(%s)", ids) if ids is not None else tools.SQL(""),
            tools.SQL("LIMIT %s", limit) if limit else tools.SQL(""),
        )

    @api.model
    def _cs_retention_candidate_ids(self, limit=None, among_ids=None):
        query = self._cs_retention_query(limit, among_ids=among_ids)
        if query is None:
            return []
        self.env.cr.execute(query)
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cs_retention_run(self, batch_size=200, progress=None):
        """Anonymise candidates batch by batch; ``progress(done, remaining=...)`` is
        called after each batch (the cron's _commit_progress) and stops the run when
        it returns no time left. Returns the number of contacts anonymised."""
        total = 0
        # One scan of every contact for the run; each batch is checked again just
        # before it is erased, as a queue job does (another run, or the DPO, may
        # have dealt with some meanwhile), which looks up its own ids only.
        candidate_ids = self._cs_retention_candidate_ids()
        remaining = len(candidate_ids)
        for batch_ids in split_every(batch_size, candidate_ids):
            ids = self._cs_retention_candidate_ids(among_ids=batch_ids)
            if ids:
                self.browse(ids)._cs_gdpr_erase_batch()
            total += len(ids)
            remaining -= len(batch_ids)
            if progress is not None and not progress(len(ids), remaining=remaining) > 0:
                break
        return total

    def _cs_retention_erase_job(self):
        """One retention batch as a queue job: the contacts still due when it runs
        (another job, or the DPO, may have erased some meanwhile). Returns their
        ids, which the job keeps as its result."""
        due = self.browse(self._cs_retention_candidate_ids(among_ids=self.ids))
        due._cs_gdpr_erase_batch()
        return due.ids

    @api.model
    def _cron_cs_retention(self, batch_size=200):
        Jobs = self.env["cs.batch.job"]
        if Jobs._cs_queue_job_available():
            # Batches become queue jobs that the runners of every server share.
            partners = self.browse(self._cs_retention_candidate_ids())
            Jobs._cs_run_in_batches(
                partners, "_cs_retention_erase_job", batch_size=batch_size
            )
            return 0
        return self._cs_retention_run(
            batch_size, progress=self.env["ir.cron"]._commit_progress
        )

    @api.model
    def action_cs_retention_preview(self):
        """Dry run of the retention job: the contacts it would anonymise now."""
        ids = self._cs_retention_candidate_ids(limit=5000)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Retention: contacts to anonymise"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            "context": {"create": False},
        }
