from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .cron_common import cron_progress
from .gdpr_common import GdprCase


@tagged("post_install", "-at_install")
class TestGdprConsent(GdprCase):
    def test_contract_purpose_needs_no_consent(self):
        self.assertTrue(self.customer_en._cs_check_consent("service", "email"))

    def test_consent_purpose_refused_without_entry(self):
        self.assertFalse(self.customer_en._cs_check_consent("commercial", "email"))
        with self.assertRaisesRegex(
            UserError, "John Smith has no valid consent for Commercial communications"
        ):
            self.customer_en._cs_check_consent(
                "commercial", "email", raise_if_missing=True
            )

    def test_given_then_withdrawn_then_given_again(self):
        partner = self.customer_en
        self._give(partner, self.commercial)
        self.assertTrue(partner._cs_check_consent("commercial", "email"))
        self.assertFalse(partner._cs_check_consent("commercial", "sms"))
        self.assertFalse(partner._cs_check_consent("survey", "email"))
        # Same second: the server dates entries, the latest id wins.
        self._give(partner, self.commercial, state="withdrawn")
        self.assertFalse(partner._cs_check_consent("commercial", "email"))
        self._give(partner, self.commercial)
        self.assertTrue(partner._cs_check_consent(self.commercial, "email"))
        self.assertEqual(len(partner.cs_consent_ids), 3)
        self.assertEqual(len(partner.cs_current_consent_ids), 1)

    def test_expired_consent_is_refused_and_cron_records_expiry(self):
        old = fields.Datetime.now() - timedelta(days=800)
        consent = self._give(self.customer_en, self.commercial, date=old)
        self.assertLess(consent.expiry_date, fields.Datetime.now())
        self.assertFalse(self.customer_en._cs_check_consent("commercial", "email"))
        with cron_progress(self.env):
            expired = self.Consent._cron_cs_expire()
            self.assertEqual(expired.partner_id, self.customer_en)
            self.assertEqual(expired.state, "expired")
            self.assertFalse(self.Consent._cron_cs_expire(), "expiry recorded once")

    def test_renewal_period_sets_expiry(self):
        consent = self._give(self.customer_en, self.survey)
        self.assertIn((consent.expiry_date - consent.date).days, (730, 731))
        refused = self._give(self.customer_en, self.survey, state="refused")
        self.assertFalse(refused.expiry_date)

    def test_unknown_purpose(self):
        self.assertFalse(self.customer_en._cs_check_consent("astrology", "email"))
        with self.assertRaisesRegex(UserError, "No processing purpose with code"):
            self.customer_en._cs_check_consent("astrology", "email", True)

    def test_mass_send_skips_and_counts(self):
        partners = self.customer_en | self.customer_es | self.customer_plain
        self._give(self.customer_es, self.commercial, channel="sms")
        allowed, skipped = partners._cs_filter_consent("commercial", "sms")
        self.assertEqual(allowed, self.customer_es)
        self.assertEqual(skipped, 2)

    def test_history_is_append_only_for_everyone(self):
        consent = self._give(self.customer_en, self.commercial)
        for env in (self.env, self.env(su=True), self.env(user=self.dpo)):
            record = consent.with_env(env)
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                record.write({"state": "withdrawn"})
            # ACLs refuse first for users; the ORM refuses even the superuser.
            with self.assertRaisesRegex(UserError, "cannot be deleted|not allowed"):
                record.unlink()
        self.assertEqual(consent.state, "given")
        self.assertTrue(consent.exists())

    def test_agent_sees_status_not_proof(self):
        consent = self._give(self.customer_en, self.commercial)
        as_agent = consent.with_user(self.agent)
        self.assertEqual(as_agent.state, "given")
        with self.assertRaises(AccessError):
            as_agent.read(["proof_ip"])
        self.assertEqual(consent.with_user(self.dpo).proof_ip, "192.0.2.1")

    def test_agent_records_phone_consent_with_attestation(self):
        wizard = (
            self.env["cs.consent.record.wizard"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer_es.id,
                    "purpose_id": self.survey.id,
                    "channel": "email",
                    "source": "phone",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "attest"):
            wizard.action_confirm()
        wizard.attested = True
        wizard.action_confirm()
        consent = self.customer_es.cs_consent_ids
        self.assertEqual(consent.collected_by_id, self.agent)
        self.assertEqual(consent.notice_id, self.survey.current_notice_id)
        self.assertIn("Ana Agente attests", consent.sudo().proof_attestation)
        self.assertTrue(self.customer_es._cs_check_consent("survey", "email"))

    def test_phone_consent_without_attestation_is_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "attestation"),
            self.env.cr.savepoint(),
        ):
            self.Consent._cs_record(
                self.customer_en, self.commercial, "phone", "given", "phone"
            )
        self.assertFalse(self.customer_en.cs_consent_ids)

    def test_portal_user_reads_only_own_consents(self):
        own = self._give(self.portal_user.partner_id, self.commercial)
        other = self._give(self.customer_en, self.commercial)
        Consent = self.Consent.with_user(self.portal_user)
        self.assertEqual(Consent.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["state"])

    def test_notice_shown_cannot_be_edited(self):
        notice = self.commercial.current_notice_id
        self._give(self.customer_en, self.commercial)
        with self.assertRaisesRegex(UserError, "new version"):
            notice.write({"body": "<p>changed</p>"})

    def test_double_opt_in_sends_signed_link_and_records_pending(self):
        consent = self.customer_en._cs_request_opt_in("commercial")
        self.assertEqual(consent.state, "pending")
        message = consent.sudo().proof_message_id
        self.assertIn("/privacy/confirm/", message.body)
        self.assertIn(self.customer_en, message.partner_ids)
        self.assertFalse(self.customer_en._cs_check_consent("commercial", "email"))

    def test_withdraw_url_is_signed_per_contact(self):
        url_en = self.customer_en._cs_withdraw_url("commercial", "email")
        url_es = self.customer_es._cs_withdraw_url("commercial", "email")
        self.assertNotEqual(url_en.rsplit("/", 1)[1], url_es.rsplit("/", 1)[1])

    def test_mass_filter_in_constant_queries(self):
        Partner = self.env["res.partner"]
        partners = Partner.create([{"name": f"Mass {i}"} for i in range(30)])
        for partner in partners[:10]:
            self._give(partner, self.commercial)
        self._give(partners[0], self.commercial, channel="sms")
        partners.invalidate_recordset()
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            allowed, skipped = partners._cs_filter_consent("commercial", "email")
        self.assertEqual(allowed, partners[:10])
        self.assertEqual(skipped, 20)
        for partner in partners[:12]:
            self.assertEqual(
                partner in allowed, partner._cs_check_consent("commercial", "email")
            )
        allowed, skipped = partners._cs_filter_consent("service", "email")
        self.assertEqual((allowed, skipped), (partners, 0))

    def test_agent_sends_double_opt_in_from_wizard(self):
        wizard = (
            self.env["cs.consent.record.wizard"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer_en.id,
                    "purpose_id": self.commercial.id,
                    "channel": "email",
                }
            )
        )
        wizard.action_send_opt_in()
        self.assertEqual(self.customer_en.cs_consent_ids.state, "pending")
