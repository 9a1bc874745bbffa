from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .gdpr_common import GdprCase


@tagged("post_install", "-at_install")
class TestGdprExactMatch(GdprCase):
    """Export and erasure find one person: not a look-alike address, not a
    colleague of the same company, not someone sharing the phone number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company_partner = Partner.create(
            {
                "name": "Talleres Ruiz SL",
                "is_company": True,
                "street": "Calle del Taller 1",
                "city": "Burgos",
                "vat": "B12345674",
            }
        )
        shared = {"parent_id": cls.company_partner.id, "phone": "+34 622 33 44 55"}
        cls.zoe = Partner.create(
            {"name": "Zoe Quintero", "email": "zoe.q@example.com", **shared}
        )
        cls.vera = Partner.create(
            {"name": "Vera Quintero", "email": "vera.zoe.q@example.com", **shared}
        )
        cls.an = Partner.create({"name": "An Li", "email": "an@example.com"})
        cls.joan = Partner.create({"name": "Joan Li", "email": "joan@example.com"})
        cls.joan_user = new_test_user(
            cls.env,
            login="joan@example.com",
            groups="base.group_portal",
            partner_id=cls.joan.id,
            name="Joan Li",
            email="joan@example.com",
        )

    def _message(self, email_from, body):
        return self.env["mail.message"].create(
            {"email_from": email_from, "body": body, "message_type": "email"}
        )

    def _escalation(self, ticket, reason):
        return self.env["cs.escalation.history"].create(
            {"ticket_id": ticket.id, "kind": "manual", "level": "2", "reason": reason}
        )

    def test_export_matches_the_address_exactly(self):
        self._message('"Joan Li" <joan@example.com>', "<p>Joan's secret</p>")
        self._message('"An Li" <AN@Example.com>', "<p>An's note</p>")
        bodies = [
            row["body"] for row in self.env["mail.message"]._cs_gdpr_export(self.an)
        ]
        self.assertIn("An's note", " ".join(bodies))
        self.assertNotIn("Joan", " ".join(bodies))
        found = self.env["res.partner"]._cs_gdpr_lookup(
            *self.an._cs_gdpr_lookup_terms()
        )
        self.assertNotIn(("res.users", self.joan_user.id), found)
        self.assertNotIn(("res.partner", self.joan.id), found)
        export = self.an._cs_gdpr_export_all()
        self.assertNotIn("joan@example.com", str(export))

    def test_erasure_spares_look_alikes_colleagues_and_shared_numbers(self):
        zoe_ticket = self._ticket("email", partner=self.zoe, name="Zoe's ticket")
        vera_ticket = self._ticket("email", partner=self.vera, name="Vera's ticket")
        zoe_reason = self._escalation(zoe_ticket, "Zoe was angry")
        vera_reason = self._escalation(vera_ticket, "Vera was angry")
        vera_message = self._message(
            '"Vera" <vera.zoe.q@example.com>', "<p>Vera writes</p>"
        )
        Sms = self.env["sms.sms"]
        number = self.zoe.phone_sanitized
        self.assertEqual(number, self.vera.phone_sanitized)
        vera_sms = Sms.create(
            {"number": number, "body": "Hi Vera", "partner_id": self.vera.id}
        )
        zoe_sms = Sms.create(
            {"number": number, "body": "Hi Zoe", "partner_id": self.zoe.id}
        )
        unowned_sms = Sms.create({"number": number, "body": "Hi family"})
        history = self.env["cs.escalation.history"]._cs_gdpr_export(self.zoe)
        self.assertEqual([row["reason"] for row in history], ["Zoe was angry"])

        self.zoe._cs_gdpr_erase_all()

        self.assertFalse(zoe_reason.reason)
        self.assertEqual(vera_reason.reason, "Vera was angry")
        self.assertIn("Vera writes", vera_message.body)
        self.assertEqual(vera_message.email_from, '"Vera" <vera.zoe.q@example.com>')
        # Odoo syncs a contact's address up to the company and down to colleagues.
        for partner in (self.company_partner, self.vera):
            self.assertEqual(partner.street, "Calle del Taller 1")
            self.assertEqual(partner.vat, "B12345674")
        self.assertEqual(self.vera.phone, "+34 622 33 44 55")
        self.assertFalse(zoe_sms.exists())
        self.assertTrue(vera_sms.exists())
        self.assertTrue(unowned_sms.exists(), "a shared number is not the person's")


@tagged("post_install", "-at_install")
class TestGdprConsentIntegrity(GdprCase):
    def _forged(self):
        return {
            "partner_id": self.customer_en.id,
            "purpose_id": self.commercial.id,
            "channel": "email",
            "state": "given",
            "source": "email",
            "date": "2020-01-01 10:00:00",
            "expiry_date": "2099-12-31 00:00:00",
            "collected_by_id": self.env.ref("base.user_admin").id,
            "company_id": self.env.company.id,
        }

    def test_agent_cannot_forge_a_consent_over_rpc(self):
        Consent = self.Consent.with_user(self.agent)
        with self.assertRaises(AccessError):
            Consent.create(self._forged())
        # A context key sent over RPC opens nothing: the ACL refuses first.
        with self.assertRaises(AccessError):
            Consent.with_context(cs_consent_flow=True).create(self._forged())
        # Server code that skips the recording flows is refused too.
        with self.assertRaisesRegex(AccessError, "Record Consent wizard"):
            Consent.sudo().create(self._forged())
        self.assertFalse(
            self.Consent.search([("partner_id", "=", self.customer_en.id)])
        )

    def test_flows_set_date_recorder_and_expiry(self):
        before = fields.Datetime.now()
        consent = (
            self.Consent.with_user(self.agent)
            .sudo()
            ._cs_record(
                self.customer_en,
                self.commercial,
                "email",
                "given",
                "portal",
                proof_ip="192.0.2.9",
                date="2020-01-01 10:00:00",
                expiry_date="2099-12-31 00:00:00",
                collected_by_id=self.env.ref("base.user_admin").id,
            )
        )
        self.assertGreaterEqual(consent.date, before)
        self.assertEqual(consent.collected_by_id, self.agent)
        self.assertEqual(
            consent.expiry_date,
            consent.date + relativedelta(months=self.commercial.renewal_months),
        )

    def test_each_channel_needs_its_proof(self):
        Consent = self.Consent.sudo()
        cases = [
            ("email", {}, "confirmation e-mail"),
            ("portal", {}, "IP address"),
            ("paper", {}, "attestation"),
            ("in_person", {}, "attestation"),
            ("system", {}, "Only expiries"),
        ]
        for source, proof, error in cases:
            with (
                self.subTest(source=source),
                self.assertRaisesRegex(ValidationError, error),
                self.env.cr.savepoint(),
            ):
                Consent._cs_record(
                    self.customer_en, self.commercial, "email", "given", source, **proof
                )
        # Double opt-in: the pending entry keeps the message the confirmation needs.
        pending = self.customer_en.with_user(self.agent)._cs_request_opt_in(
            "commercial"
        )
        given = Consent._cs_record(
            self.customer_en,
            self.commercial,
            "email",
            "given",
            "email",
            proof_message_id=pending.sudo().proof_message_id.id,
            proof_ip="192.0.2.3",
        )
        self.assertTrue(given.is_valid)
        self.assertTrue(self.customer_en._cs_check_consent("commercial", "email"))

    def test_dpo_imports_with_attestation_and_server_expiry(self):
        Consent = self.Consent.with_user(self.dpo)
        with self.assertRaisesRegex(ValidationError, "attestation"):
            Consent.create(self._forged())
        future = dict(self._forged(), date="2099-01-01 00:00:00")
        future["proof_attestation"] = "Paper form 12 in box 3"
        with self.assertRaisesRegex(ValidationError, "future"):
            Consent.create(future)
        consent = Consent.create(
            dict(self._forged(), proof_attestation="Paper form 12 in box 3")
        )
        self.assertEqual(consent.date, datetime(2020, 1, 1, 10, 0))
        self.assertEqual(
            consent.expiry_date,
            datetime(2020, 1, 1, 10, 0)
            + relativedelta(months=self.commercial.renewal_months),
        )
        self.assertEqual(consent.collected_by_id, self.dpo)

    def test_contact_with_consents_cannot_be_deleted(self):
        consent = self._give(self.customer_en, self.commercial)
        with self.assertRaisesRegex(UserError, "John Smith cannot be deleted"):
            self.customer_en.unlink()
        self.assertTrue(consent.exists())
        self.assertEqual(consent.partner_id, self.customer_en)
        plain = self.env["res.partner"].create({"name": "No consent"})
        plain.unlink()
        self.assertFalse(plain.exists())


@tagged("post_install", "-at_install")
class TestGdprMultiCompany(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Acme Norte"})
        both = [Command.set((cls.company | cls.company_b).ids)]
        cls.dpo_b = new_test_user(
            cls.env,
            login="cs_dpo_b",
            name="Dora DPO Norte",
            groups="base.group_user,customer_service.group_cs_dpo",
            company_id=cls.company_b.id,
            company_ids=both,
        )
        cls.agent_ab = new_test_user(
            cls.env,
            login="cs_agent_ab",
            name="Alba Agente",
            groups="customer_service.group_cs_agent",
            company_id=cls.company_b.id,
            company_ids=both,
        )
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Nora Norte",
                "email": "nora@example.com",
                "company_id": cls.company_b.id,
            }
        )

    def test_agent_of_one_company_takes_in_a_request(self):
        request = self.Request.with_user(self.agent).create(
            {"partner_id": self.customer_es.id, "request_type": "access"}
        )
        self.assertTrue(request.dpo_id)
        self.assertIn(self.company, request.sudo().dpo_id.company_ids)

    def test_agent_of_two_companies_uses_every_flow(self):
        env_b = self.env(
            user=self.agent_ab,
            context={"allowed_company_ids": [self.company_b.id, self.company.id]},
        )
        request = env_b["cs.data.request"].create(
            {"partner_id": self.customer_b.id, "request_type": "erasure"}
        )
        self.assertEqual(request.company_id, self.company_b)
        self.assertEqual(request.dpo_id, self.dpo_b)
        env_b["cs.consent.record.wizard"].create(
            {
                "partner_id": self.customer_b.id,
                "purpose_id": self.survey.id,
                "channel": "phone",
                "source": "phone",
                "attested": True,
            }
        ).action_confirm()
        consent = self.customer_b.sudo().cs_consent_ids
        self.assertEqual(consent.company_id, self.company_b)
        self.assertEqual(consent.collected_by_id, self.agent_ab)
        env_b["cs.collection.wizard"].with_context(
            default_partner_id=self.customer_b.id
        ).create({"email": "Nora.N@example.com"}).action_confirm()
        self.assertEqual(self.customer_b.email, "nora.n@example.com")

    def test_agents_read_consent_status_of_their_companies_not_proofs(self):
        """Decision: an agent must know whether a contact may be contacted, so they
        read the state of consents of their companies; proofs stay with the DPO."""
        consent_a = self._give(self.customer_en, self.commercial)
        consent_b = self._give(self.customer_b, self.commercial)
        self.assertEqual(consent_b.company_id, self.company_b)
        mine = [("partner_id", "in", (self.customer_en | self.customer_b).ids)]
        as_agent = self.Consent.with_user(self.agent)
        self.assertEqual(as_agent.search(mine), consent_a)
        self.assertEqual(consent_a.with_user(self.agent).state, "given")
        with self.assertRaises(AccessError):
            consent_a.with_user(self.agent).read(["proof_ip"])
        with self.assertRaises(AccessError):
            consent_b.with_user(self.agent).read(["state"])
        both = self.Consent.with_user(self.agent_ab).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        self.assertEqual(both.search(mine), consent_a | consent_b)
