import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import fts

_logger = logging.getLogger(__name__)

HTML_TAGS = r"<[^>]+>"

# Text searched per source, as SQL over the source table (alias {t}). The GIN
# indexes created in _cs_ensure_fts_objects() use the very same expressions so the
# planner can use them.
TEXT_SQL = {
    "intake": "{t}.search_text",
    "ticket": "coalesce({t}.name, '') || ' ' || "
    "coalesce(regexp_replace({t}.description, '" + HTML_TAGS + "', ' ', 'g'), '')",
    "knowledge": "coalesce({t}.name, '') || ' ' || coalesce({t}.body, '')",
    "message": "regexp_replace({t}.body, '" + HTML_TAGS + "', ' ', 'g')",
}
TABLES = {
    "intake": "cs_intake",
    "ticket": "helpdesk_ticket",
    "knowledge": "cs_knowledge_item",
    "message": "mail_message",
}
MODELS = {
    "intake": "cs.intake",
    "ticket": "helpdesk.ticket",
    "knowledge": "cs.knowledge.item",
}
# Columns the searched text is made of: flushed first, as the ORM does not know
# that the vector SQL reads them.
TEXT_FIELDS = {
    "intake": ["search_text"],
    "ticket": ["name", "description"],
    "knowledge": ["name", "body"],
    "message": ["body", "model", "res_id", "message_type", "date"],
}
DATE_FIELDS = {
    "intake": "received_at",
    "ticket": "create_date",
    "knowledge": "write_date",
}


# The large sources keep their vector in a column, so ranking reads it instead of
# parsing the text of every hit. Intakes, our own table, have a generated column.
# Tickets and messages are written often on other columns (SLA, levels, states), and
# PostgreSQL recomputes a generated column on every UPDATE of a row: a trigger
# refreshes theirs only when the searched columns change, whether written by the
# ORM or in SQL. The knowledge base is small and keeps an expression index.
STORED_VECTOR = {
    "intake": "cs_search_vector",
    "ticket": "cs_search_vector",
    "message": "cs_search_vector",
}
TRIGGER_COLUMNS = {"ticket": ("name", "description"), "message": ("body",)}
TRIGGER_NAME = "cs_search_vector"


def trigger_function_name(source):
    return f"cs_{TABLES[source]}_search_vector"


def vector_sql(source, alias, stored=True):
    """SQL of the searched vector; ``alias`` None leaves columns unqualified."""
    if stored and source in STORED_VECTOR:
        return f'"{alias}".{STORED_VECTOR[source]}'
    if alias is None:
        text = TEXT_SQL[source].replace("{t}.", "")
    else:
        text = TEXT_SQL[source].format(t=f'"{alias}"')
    return fts.tsvector_sql(f"({text})")


def fts_index_name(source, stored=None):
    if stored is None:
        stored = source in STORED_VECTOR
    suffix = "cs_vector_idx" if stored else "cs_fts_idx"
    return f"{TABLES[source]}_{suffix}"


class CsSearchWizard(models.TransientModel):
    _name = "cs.search.wizard"
    _description = "Mass Search"

    query = fields.Char(
        string="Search",
        help="Words to find, in Spanish or English; accents do not matter. Use "
        '"quotes" for a phrase, or and -word to exclude.',
    )
    partner_id = fields.Many2one("res.partner", string="Contact")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    document_type_id = fields.Many2one("cs.document.type")
    channel_id = fields.Many2one("helpdesk.ticket.channel")
    ticket_id = fields.Many2one("helpdesk.ticket", string="From Ticket")
    result_ids = fields.One2many("cs.search.result", "wizard_id", string="Results")
    result_count = fields.Integer(compute="_compute_result_count")

    @api.depends("result_ids")
    def _compute_result_count(self):
        for wizard in self:
            wizard.result_count = len(wizard.result_ids)

    # ------------------------------------------------------------------
    # Database objects
    # ------------------------------------------------------------------

    @api.model
    def _cs_ensure_fts_objects(self, sources):
        """unaccent, the cs_es/cs_en configurations and the GIN indexes of ``sources``.

        The addon's own tables get theirs from their model's init(), core tables from
        the install hook; the uninstall hook drops them all with _cs_drop_fts_objects().
        """
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for config, stem in (("cs_es", "spanish_stem"), ("cs_en", "english_stem")):
            cr.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [config])
            if cr.fetchone():
                continue
            base = "spanish" if config == "cs_es" else "english"
            cr.execute(
                SQL(
                    "CREATE TEXT SEARCH CONFIGURATION %s (COPY = %s)",
                    SQL.identifier(config),
                    SQL.identifier("pg_catalog", base),
                )
            )
            cr.execute(
                SQL(
                    "ALTER TEXT SEARCH CONFIGURATION %s ALTER MAPPING FOR hword, "
                    "hword_part, word WITH unaccent, %s",
                    SQL.identifier(config),
                    SQL.identifier(stem),
                )
            )
        for source in sources:
            table = TABLES[source]
            cr.execute("SELECT 1 FROM pg_class WHERE relname = %s", [table])
            if not cr.fetchone():
                continue
            column = STORED_VECTOR.get(source)
            if column:
                # Up to 19.0.1.2 tickets and messages had an expression index.
                cr.execute(
                    SQL(
                        "DROP INDEX IF EXISTS %s",
                        SQL.identifier(fts_index_name(source, stored=False)),
                    )
                )
                cr.execute(
                    "SELECT is_generated FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = %s",
                    [table, column],
                )
                generated = cr.fetchone()
                if source in TRIGGER_COLUMNS:
                    self._cs_ensure_vector_trigger(source, generated)
                elif not generated:
                    cr.execute(
                        SQL(
                            "ALTER TABLE %s ADD COLUMN %s tsvector "
                            "GENERATED ALWAYS AS (%s) STORED",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            SQL(vector_sql(source, None, stored=False)),
                        )
                    )
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s))",
                    SQL.identifier(fts_index_name(source)),
                    SQL.identifier(table),
                    SQL(vector_sql(source, table)),
                )
            )

    @api.model
    def _cs_ensure_vector_trigger(self, source, column_state):
        """The vector column of ``source``, its trigger and, when new, its values."""
        cr = self.env.cr
        table = SQL.identifier(TABLES[source])
        column = SQL.identifier(STORED_VECTOR[source])
        function = SQL.identifier(trigger_function_name(source))
        if column_state and column_state[0] == "ALWAYS":
            cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", table, column))
            column_state = None
        if not column_state:
            cr.execute(SQL("ALTER TABLE %s ADD COLUMN %s tsvector", table, column))
        text = TEXT_SQL[source].format(t="NEW")
        cr.execute(
            SQL(
                "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN NEW.%s := %s; RETURN NEW; END $$",
                function,
                column,
                SQL(fts.tsvector_sql(f"({text})")),
            )
        )
        cr.execute(
            SQL("DROP TRIGGER IF EXISTS %s ON %s", SQL.identifier(TRIGGER_NAME), table)
        )
        cr.execute(
            SQL(
                "CREATE TRIGGER %s BEFORE INSERT OR UPDATE OF %s ON %s "
                "FOR EACH ROW EXECUTE FUNCTION %s()",
                SQL.identifier(TRIGGER_NAME),
                SQL(", ").join(SQL.identifier(c) for c in TRIGGER_COLUMNS[source]),
                table,
                function,
            )
        )
        if not column_state:
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s",
                    table,
                    column,
                    SQL(vector_sql(source, None, stored=False)),
                )
            )

    @api.model
    def _cs_drop_fts_objects(self):
        """Drop what _cs_ensure_fts_objects() made but the shared unaccent."""
        cr = self.env.cr
        for source, table in TABLES.items():
            for stored in (False, True):
                cr.execute(
                    SQL(
                        "DROP INDEX IF EXISTS %s",
                        SQL.identifier(fts_index_name(source, stored)),
                    )
                )
            if source in TRIGGER_COLUMNS:
                cr.execute(
                    SQL(
                        "DROP TRIGGER IF EXISTS %s ON %s",
                        SQL.identifier(TRIGGER_NAME),
                        SQL.identifier(table),
                    )
                )
                cr.execute(
                    SQL(
                        "DROP FUNCTION IF EXISTS %s()",
                        SQL.identifier(trigger_function_name(source)),
                    )
                )
            if source in STORED_VECTOR:
                cr.execute(
                    SQL(
                        "ALTER TABLE IF EXISTS %s DROP COLUMN IF EXISTS %s",
                        SQL.identifier(table),
                        SQL.identifier(STORED_VECTOR[source]),
                    )
                )
        for config in fts.CONFIGS:
            cr.execute(
                "SELECT 1 FROM pg_depend WHERE refclassid = 'pg_ts_config'::regclass "
                "AND refobjid IN (SELECT oid FROM pg_ts_config WHERE cfgname = %s)",
                [config],
            )
            if cr.fetchone():
                # Something made outside the addon uses it: keep it rather than
                # drop that too or refuse the uninstall.
                _logger.warning(
                    "Text search configuration %s kept: other database objects use it.",
                    config,
                )
                continue
            cr.execute(
                SQL(
                    "DROP TEXT SEARCH CONFIGURATION IF EXISTS %s",
                    SQL.identifier(config),
                )
            )

    # ------------------------------------------------------------------
    # Searching
    # ------------------------------------------------------------------

    def _cs_domain(self, source):
        """Domain of the filters for a source, or None when it cannot match."""
        if source == "knowledge" and (
            self.partner_id or self.channel_id or self.document_type_id
        ):
            return None
        if source == "ticket" and self.document_type_id:
            return None
        domain = []
        if self.partner_id and source in ("intake", "ticket"):
            domain.append(("partner_id", "child_of", self.partner_id.id))
        if self.channel_id:
            domain.append(("channel_id", "=", self.channel_id.id))
        if self.document_type_id:
            domain.append(("document_type_id", "=", self.document_type_id.id))
        date_field = DATE_FIELDS[source]
        if self.date_from:
            domain.append((date_field, ">=", self.date_from))
        if self.date_to:
            domain.append((date_field, "<", fields.Date.add(self.date_to, days=1)))
        return domain

    def _cs_search_source(self, source, text, domain, limit=20, docs=None):
        """[(id, rank)] of the source records the user may read, best first.

        The ORM builds the query with the access rules and filters; we only add the
        full-text condition and the ranking, so record rules always apply. ``docs``
        (a dict) receives the FROM and WHERE clauses of the readable documents, for
        their messages, when no date filters them.
        """
        Model = self.env[MODELS[source]]
        if not Model.has_access("read"):
            return []
        # Everything pending, not only the query's fields (text, rules, filters):
        # when nothing is, cheaper than the per-field flush of execute_query.
        self.env.flush_all()
        query = Model._search(domain)
        if docs is not None and not (self.date_from or self.date_to):
            docs[source] = (query.table, query.from_clause, query.where_clause)
        alias = query.table
        vector = SQL(vector_sql(source, alias))
        tsquery = SQL(fts.tsquery_sql(), text, text)
        query.add_where(SQL("%s @@ %s", vector, tsquery))
        rank = SQL("ts_rank(%s, %s)", vector, tsquery)
        query.order = SQL("2 DESC, %s DESC", SQL.identifier(alias, "id"))
        query.limit = limit
        self.env.cr.execute(query.select(SQL.identifier(alias, "id"), rank))
        return self.env.cr.fetchall()

    def _cs_search_messages(self, text, limit=20, docs=None):
        """[(id, rank)] of chatter messages on intakes and tickets the user may read.

        One statement for both models. The GIN index of the messages gives the hits,
        kept in a materialized CTE; each model's record rules then run only on the
        documents of those hits (``id = ANY(ARRAY(...))`` is a primary key scan), not
        on every readable document, which PostgreSQL would read whole to hash it
        because it cannot guess how few documents a rare word hits.
        """
        self.env["mail.message"].flush_model(TEXT_FIELDS["message"])
        vector = SQL(vector_sql("message", "mail_message"))
        tsquery = SQL(fts.tsquery_sql(), text, text)
        branches, models_searched = [], []
        for source in ("intake", "ticket"):
            domain = self._cs_domain(source)
            Model = self.env[MODELS[source]]
            if domain is None or not Model.has_access("read"):
                continue
            # Dates filter the messages themselves, not their documents.
            readable = (docs or {}).get(source)
            if readable is None:
                doc_domain = [d for d in domain if d[0] != DATE_FIELDS[source]]
                query = Model._search(doc_domain)
                readable = (query.table, query.from_clause, query.where_clause)
            alias, from_clause, where_clause = readable
            doc_id = SQL.identifier(alias, "id")
            hit_docs = SQL(
                "%s = ANY(ARRAY(SELECT hits.res_id FROM hits WHERE hits.model = %s))",
                doc_id,
                Model._name,
            )
            models_searched.append(Model._name)
            branches.append(
                SQL(
                    "(hits.model = %s AND hits.res_id IN (SELECT %s FROM %s WHERE %s))",
                    Model._name,
                    doc_id,
                    from_clause,
                    SQL(" AND ").join(c for c in (where_clause, hit_docs) if c),
                )
            )
        if not branches:
            return []
        dates = SQL()
        if self.date_from:
            dates = SQL("AND mail_message.date >= %s", self.date_from)
        if self.date_to:
            dates = SQL(
                "%s AND mail_message.date < %s",
                dates,
                fields.Date.add(self.date_to, days=1),
            )
        return self.env.execute_query(
            SQL(
                "WITH hits AS MATERIALIZED ("
                "SELECT mail_message.id, mail_message.model, mail_message.res_id, "
                "ts_rank(%(v)s, %(q)s) AS rank FROM mail_message "
                "WHERE mail_message.model IN %(models)s "
                "AND mail_message.message_type IN ('email', 'comment') "
                "AND %(v)s @@ %(q)s %(dates)s) "
                "SELECT hits.id, hits.rank FROM hits WHERE %(branches)s "
                "ORDER BY hits.rank DESC, hits.id DESC LIMIT %(limit)s",
                v=vector,
                q=tsquery,
                models=tuple(models_searched),
                dates=dates,
                branches=SQL(" OR ").join(branches),
                limit=limit,
            )
        )

    def _cs_run_search(self, limit=20):
        """List of result dicts, best first, across every source."""
        self.ensure_one()
        text = fts.clean_query(self.query)
        if not text:
            return []
        results = []
        docs = {}
        for source in ("intake", "ticket", "knowledge"):
            domain = self._cs_domain(source)
            if domain is None:
                continue
            for res_id, rank in self._cs_search_source(
                source, text, domain, limit, docs
            ):
                results.append(
                    {
                        "source": source,
                        "model": MODELS[source],
                        "id": res_id,
                        "rank": rank,
                    }
                )
        if not self.document_type_id:
            for res_id, rank in self._cs_search_messages(text, limit, docs):
                results.append(
                    {
                        "source": "message",
                        "model": "mail.message",
                        "id": res_id,
                        "rank": rank,
                    }
                )
        results.sort(key=lambda r: (-r["rank"], r["source"], -r["id"]))
        return results

    def _cs_snippets(self, results, text):
        """{(source, id): headline} with the matched words marked, in one query."""
        tsquery = SQL(fts.tsquery_sql(), text, text)
        options = "MaxWords=25, MinWords=8, MaxFragments=2, StartSel=«, StopSel=»"
        parts = []
        for source in TABLES:
            ids = [r["id"] for r in results if r["source"] == source]
            if not ids:
                continue
            table = TABLES[source]
            parts.append(
                SQL(
                    "SELECT %s, id, ts_headline('cs_es', %s, %s, %s) "
                    "FROM %s WHERE id IN %s",
                    source,
                    SQL(TEXT_SQL[source].format(t=f'"{table}"')),
                    tsquery,
                    options,
                    SQL.identifier(table),
                    tuple(ids),
                )
            )
        if not parts:
            return {}
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        return {(source, rid): headline for source, rid, headline in rows}

    def _cs_fetch(self, model, ids, extra=()):
        """Records of ``model`` with their display name's columns and ``extra``
        fetched in one query: the result list shows nothing else."""
        records = self.env[model].browse(ids)
        depends = self.env.registry.field_depends[records._fields["display_name"]]
        names = [
            name
            for name in (*depends, *extra)
            if name in records._fields and records._fields[name].store
        ]
        records.fetch(names)
        return records

    def action_search(self):
        self.ensure_one()
        results = self._cs_run_search()[:60]
        snippets = self._cs_snippets(results, fts.clean_query(self.query))
        ids = defaultdict(list)
        for result in results:
            ids[result["model"]].append(result["id"])
        messages = self._cs_fetch(
            "mail.message", ids.pop("mail.message", []), ("model", "res_id", "date")
        )
        documents = defaultdict(list)
        for message in messages:
            documents[message.model].append(message.res_id)
        for source, model in MODELS.items():
            if record_ids := ids.get(model, []) + documents.get(model, []):
                self._cs_fetch(model, record_ids, (DATE_FIELDS[source],))
        lines = [fields.Command.clear()]
        for sequence, result in enumerate(results):
            record = self.env[result["model"]].browse(result["id"])
            if result["source"] == "message":
                res_model, res_id = record.model, record.res_id
                document = self.env[res_model].browse(res_id)
                title = document.display_name or record.subject or ""
                date = record.date
            else:
                title = record.display_name
                res_model, res_id = result["model"], result["id"]
                date = record[DATE_FIELDS[result["source"]]]
            lines.append(
                fields.Command.create(
                    {
                        "sequence": sequence,
                        "source": result["source"],
                        "res_model": res_model,
                        "res_id": res_id,
                        "title": title,
                        "snippet": snippets.get((result["source"], result["id"]), ""),
                        "rank": result["rank"],
                        "date": date,
                    }
                )
            )
        self.result_ids = lines
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }


class CsSearchResult(models.TransientModel):
    _name = "cs.search.result"
    _description = "Mass Search Result"
    _order = "sequence"

    wizard_id = fields.Many2one("cs.search.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    source = fields.Selection(
        [
            ("intake", "Intake"),
            ("ticket", "Ticket"),
            ("message", "Message"),
            ("knowledge", "Knowledge"),
        ],
        required=True,
    )
    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    title = fields.Char()
    snippet = fields.Text()
    rank = fields.Float(digits=(16, 4))
    date = fields.Datetime()

    def action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }
