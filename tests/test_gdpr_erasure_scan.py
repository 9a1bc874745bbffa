import logging
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import SQL

from .gdpr_common import GdprCase

_logger = logging.getLogger(__name__)

NAME = "Zenobia Quiroga Altamirano"
EMAIL = "zenobia.quiroga@example.org"
PHONE_E164 = "+34611223344"
PHONE_NATIONAL = "611 22 33 44"
NIF = "45678912S"
IBAN = "ES9121000418450200051332"
IP = "198.51.100.77"
TERMS = [NAME, EMAIL, PHONE_E164, PHONE_NATIONAL, "611223344", NIF, IBAN, IP]

# What erasure keeps on purpose, and why. Anything else found afterwards fails.
RETAINED = {
    ("mail_blacklist", "email"): "e-mail suppression list: never mail the person "
    "again (GDPR Art. 21(3), LSSI Art. 21)",
    ("phone_blacklist", "number"): "SMS/call suppression list: never contact the "
    "person again (GDPR Art. 21(3), LSSI Art. 21)",
}


@tagged("post_install", "-at_install")
class TestGdprErasureScan(GdprCase):
    """Builds one person with data in every feature and the core models around
    them, erases them, then looks for their name, e-mail, phone, NIF, IBAN and IP in
    every text column of the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fixture = cls._cs_person_fixture(
            NAME, EMAIL, PHONE_E164, PHONE_NATIONAL, NIF, IBAN, IP
        )
        cls.person = fixture["person"]
        cls.portal = fixture["portal"]
        cls.ticket = fixture["ticket"]
        cls.request = fixture["request"]

    @classmethod
    def _cs_person_fixture(cls, name, email, phone, phone_national, nif, iban, ip):
        """One person with data in every feature and the core models around
        them; returns their contact, portal user, ticket and erasure request."""
        env = cls.env
        person = env["res.partner"].create(
            {
                "name": name,
                "email": email,
                "phone": phone,
                "vat": nif,
                "street": "Calle del Pez 7",
                "city": "Madrid",
                "country_id": env.ref("base.es").id,
            }
        )
        portal = env["res.users"].create(
            {
                "login": email,
                "partner_id": person.id,
                "group_ids": [Command.set(env.ref("base.group_portal").ids)],
                "signature": f"<p>{name}, {phone_national}</p>",
            }
        )
        ticket = cls._ticket(
            "email",
            partner=person,
            name=f"Refund for {name}",
            description=f"<p>{name}, nif {nif}, call {phone_national}</p>",
        )
        message = ticket.message_post(
            body=f"I am {name}, my phone is {phone_national}",
            author_id=person.id,
            email_from=f'"{name}" <{email}>',
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        env["rating.rating"].create(
            {
                "res_model_id": env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": ticket.id,
                "partner_id": person.id,
                "rating": 2,
                "feedback": f"{name} waited too long",
                "consumed": True,
            }
        )
        env["sms.sms"].create(
            {
                "number": phone,
                "body": f"Hola {name}, su pedido",
                "partner_id": person.id,
                "state": "outgoing",
            }
        )
        env["mail.notification"].create(
            {
                "mail_message_id": message.id,
                "res_partner_id": person.id,
                "notification_type": "sms",
                "sms_number": phone,
                "notification_status": "exception",
                "failure_reason": f"{phone} unreachable",
            }
        )
        env["mail.mail"].create(
            [
                {
                    "email_to": f'"{name}" <{email}>',
                    "subject": "Your refund",
                    "body_html": f"<p>Dear {name}</p>",
                    "headers": f"{{'X-Customer': '{email}'}}",
                    "state": "outgoing",
                },
                {
                    "recipient_ids": [Command.link(person.id)],
                    "email_cc": email,
                    "subject": "Bounce",
                    "body_html": f"<p>{name}, {phone_national}</p>",
                    "state": "exception",
                },
            ]
        )
        person.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Call {name}",
            note=f"<p>Phone {phone_national}</p>",
            user_id=cls.agent.id,
        )
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Send the refund to {name}",
            user_id=cls.agent.id,
        )
        env["res.partner.bank"].create(
            {"acc_number": iban, "partner_id": person.id, "acc_holder_name": name}
        )
        env["mail.blacklist"].sudo()._add(email)
        env["phone.blacklist"].sudo()._add([phone])
        cls._give(person, cls.commercial, proof_ip=ip, proof_user_agent="Firefox")
        env["cs.consent.record.wizard"].with_user(cls.agent).create(
            {
                "partner_id": person.id,
                "purpose_id": cls.survey.id,
                "channel": "sms",
                "source": "phone",
                "attested": True,
            }
        ).action_confirm()
        request = cls.Request.with_user(cls.dpo).create(
            {
                "partner_id": person.id,
                "request_type": "erasure",
                "description": f"{name} asks to be forgotten, {phone_national}",
                "identity_method": "id_document",
                "identity_note": f"nif {nif} seen",
                "dpo_id": cls.dpo.id,
            }
        )
        program = env["loyalty.program"].create(
            {"name": "Club", "program_type": "loyalty"}
        )
        program._cs_enrol(person)
        env["cs.followup"].create(
            {
                "plan_id": env.ref("customer_service.cs_followup_plan_after_ticket").id,
                "partner_id": person.id,
            }
        )
        intake = env["cs.intake"].create(
            {
                "partner_id": person.id,
                "channel_id": cls.channels["in_person"].id,
                "document_type_id": env.ref(
                    "customer_service.cs_document_type_other"
                ).id,
                "team_id": cls.team.id,
                "description": f"ID card of {name}",
                "received_at": fields.Datetime.now() - timedelta(days=3000),
            }
        )
        intake._cs_add_files([(f"{name} nif.txt", f"{name} {nif}".encode())])
        survey = env["survey.survey"].create(
            {
                "title": "Opinion",
                "question_and_page_ids": [
                    Command.create({"title": "Comments", "question_type": "text_box"})
                ],
            }
        )
        answer = env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": person.id,
                "email": email,
                "nickname": name,
            }
        )
        env["survey.user_input.line"].create(
            {
                "user_input_id": answer.id,
                "question_id": survey.question_and_page_ids.id,
                "answer_type": "text_box",
                "value_text_box": f"{name} thinks it was slow",
            }
        )
        env["cs.escalation.history"].create(
            {
                "ticket_id": ticket.id,
                "kind": "manual",
                "level": "2",
                "reason": f"{name} threatened to complain",
            }
        )
        env["cs.vulnerability"].create(
            {
                "partner_id": person.id,
                "category": "health",
                "note": f"{name} is in hospital, call {phone_national}",
                "legal_basis": "consent",
                "consent_date": fields.Date.today(),
            }
        )
        env["cs.service.hold.lift"].create(
            {
                "partner_id": person.id,
                "ticket_ids": [Command.link(ticket.id)],
                "reason": f"{name} paid from {iban}",
            }
        )
        return {
            "person": person,
            "portal": portal,
            "ticket": ticket,
            "request": request,
        }

    def _scan(self, terms=tuple(TERMS)):
        """{(table, column): rows} holding any of TERMS, over every text, varchar
        and jsonb column of every non-empty table, one query per table."""
        cr = self.env.cr
        # As at commit: flushes and runs the pre-commit hooks (tracking messages).
        cr.flush()
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb')
             ORDER BY c.table_name, c.ordinal_position"""
        )
        columns = {}
        for table, column in cr.fetchall():
            columns.setdefault(table, []).append(column)
        cr.execute(
            SQL(" UNION ALL ").join(
                SQL(
                    "SELECT %s WHERE EXISTS (SELECT 1 FROM %s)",
                    table,
                    SQL.identifier(table),
                )
                for table in columns
            )
        )
        filled = [row[0] for row in cr.fetchall()]
        patterns = [f"%{term}%" for term in terms]
        hits = {}
        for table in filled:
            cr.execute(
                SQL(
                    "SELECT %s FROM %s",
                    SQL(", ").join(
                        SQL(
                            "count(*) FILTER (WHERE %s::text ILIKE ANY(%s))",
                            SQL.identifier(column),
                            patterns,
                        )
                        for column in columns[table]
                    ),
                    SQL.identifier(table),
                )
            )
            for column, count in zip(columns[table], cr.fetchone(), strict=True):
                if count:
                    hits[table, column] = count
        scanned = sum(len(columns[table]) for table in filled)
        return hits, scanned, sum(len(cols) for cols in columns.values())

    def test_erasure_leaves_only_the_retained_set(self):
        before, scanned_before, total = self._scan()
        # The fixture really spreads the person over the features and core models.
        for table in (
            "res_partner",
            "helpdesk_ticket",
            "mail_message",
            "rating_rating",
            "sms_sms",
            "mail_notification",
            "mail_mail",
            "mail_activity",
            "res_partner_bank",
            "res_users",
            "cs_consent",
            "cs_data_request",
            "cs_intake",
            "survey_user_input_line",
            "cs_escalation_history",
            "cs_vulnerability",
            "cs_service_hold_lift",
            "mail_blacklist",
            "phone_blacklist",
        ):
            self.assertTrue(
                any(t == table for t, _c in before), f"nothing of the person in {table}"
            )
        request = self.request
        request.with_user(self.dpo).action_verify_identity()
        request.with_user(self.dpo).action_start()
        request.with_user(self.dpo).action_erasure_dry_run()
        preview = request.erasure_preview
        request.with_user(self.dpo).action_erase()
        after, scanned_after, _total = self._scan()
        _logger.info(
            "GDPR erasure scan: %s text columns in the database; before erasure %s "
            "columns scanned in non-empty tables, %s columns and %s rows with hits; "
            "after erasure %s columns scanned, %s columns and %s rows with hits "
            "(%s retained on purpose)",
            total,
            scanned_before,
            len(before),
            sum(before.values()),
            scanned_after,
            len(after),
            sum(after.values()),
            len(set(after) & set(RETAINED)),
        )
        self.assertEqual(
            sorted(set(after) - set(RETAINED)),
            [],
            "personal data left behind outside the retained set",
        )
        self.assertEqual(set(after), set(RETAINED), "suppression lists were removed")
        # The retained items, and the deleted ones, are shown before and after.
        for text in (preview, request.erasure_report):
            for expected in (
                "Scheduled activities: 2",
                "E-mails sent: ",
                "Message deliveries: 1",
                "Ratings: 1",
                "Bank accounts: 1",
                "SMS sent: 1",
                "suppression list",
                "file store",
            ):
                self.assertIn(expected, text)
