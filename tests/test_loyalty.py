import base64
import subprocess
import tempfile

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyEnrolment(LoyaltyCase):
    def test_eligibility_and_one_click_enrolment(self):
        partner = self.customer_en
        self.assertFalse(partner.cs_loyalty_eligible)
        self.assertIn("Posted invoices: 0 of 1 needed", partner.cs_loyalty_eligibility)
        with self.assertRaisesRegex(UserError, "cannot join Club Acme yet"):
            partner.action_cs_loyalty_enrol()
        self.assertFalse(partner.cs_loyalty_card_ids)

        self._invoice(partner, 60.0)
        partner.invalidate_recordset()
        self.assertFalse(partner.cs_loyalty_eligible)
        self.assertIn("Total spent", partner.cs_loyalty_eligibility)
        self.assertNotIn("Posted invoices", partner.cs_loyalty_eligibility)
        self._invoice(partner, 90.0)
        self._invoice(partner, 500.0, post=False)
        partner.invalidate_recordset()
        self.assertTrue(partner.cs_loyalty_eligible)
        self.assertIn("2 posted invoices", partner.cs_loyalty_eligibility)

        card = partner.with_user(self.agent).action_cs_loyalty_enrol()
        self.assertEqual(card.cs_state, "active")
        self.assertEqual(card.program_id, self.program)
        self.assertTrue(card.code)
        self.assertEqual(card.points, 10, "enrolment points")
        self.assertEqual(card.history_ids.issued, 10)
        self.assertEqual(card.cs_tier_id, self.bronze)
        self.assertTrue(card.cs_valid_until)
        partner.invalidate_recordset()
        self.assertEqual(partner.cs_loyalty_card_id, card)
        self.assertEqual(partner.cs_loyalty_tier_id, self.bronze)

        with self.assertRaisesRegex(UserError, "already a member of Club Acme"):
            partner.action_cs_loyalty_enrol()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["loyalty.card"].create(
                {
                    "program_id": self.program.id,
                    "partner_id": partner.id,
                    "cs_state": "active",
                }
            )

    def test_new_contact_form(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "Nuevo Cliente"
            self.assertFalse(form.cs_loyalty_eligible)
        self.assertFalse(form.record.cs_loyalty_card_id)

    def test_satisfaction_rule(self):
        self.program.cs_require_satisfied = True
        partner = self.customer_en
        self._invoice(partner)
        plan = self.env.ref("customer_service.cs_followup_plan_after_sale")
        followup = self.env["cs.followup"].create(
            {"plan_id": plan.id, "partner_id": partner.id}
        )
        followup._cs_record_answer(satisfaction="neutral")
        partner.invalidate_recordset()
        self.assertEqual(partner.cs_last_satisfaction, "neutral")
        self.assertFalse(partner.cs_loyalty_eligible)
        self.assertIn("last satisfaction answer", partner.cs_loyalty_eligibility)

    def test_consent_refused_gives_clear_error(self):
        self._invoice(self.customer_en)
        patcher, calls = self._refuse_consent()
        with patcher, self.assertRaisesRegex(UserError, "not consented to loyalty"):
            self.customer_en.action_cs_loyalty_enrol()
        self.assertEqual(calls, [("loyalty", "email", True)])
        self.assertFalse(self.customer_en.cs_loyalty_card_ids)

    def test_codes_unique_and_lost_card_replacement(self):
        self._invoice(self.customer_en)
        self._invoice(self.customer_es)
        card_en = self.customer_en.action_cs_loyalty_enrol()
        card_es = self.customer_es.action_cs_loyalty_enrol()
        self.assertNotEqual(card_en.code, card_es.code)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            card_es.code = card_en.code
            card_es.flush_recordset()

        card_en.points = 120
        old_code = card_en.code
        new_card = card_en.with_user(self.agent).action_cs_replace()
        self.assertNotEqual(new_card.code, old_code)
        self.assertEqual(card_en.cs_state, "replaced")
        self.assertEqual(card_en.cs_replaced_by_id, new_card)
        self.assertEqual(new_card.cs_replaces_id, card_en)
        self.assertEqual((card_en.points, new_card.points), (0, 120))
        self.assertEqual(new_card.cs_tier_id, self.silver)
        self.assertEqual(card_en.history_ids.sorted("id")[-1].used, 120)
        self.assertIn(old_code, new_card.history_ids.sorted("id")[-1].description)
        self.customer_en.invalidate_recordset()
        self.assertEqual(self.customer_en.cs_loyalty_card_id, new_card)
        with self.assertRaisesRegex(UserError, "not an active membership card"):
            card_en.action_cs_send_card("email")
        with self.assertRaisesRegex(UserError, "not an active membership card"):
            card_en.action_cs_replace()

        new_card.with_user(self.supervisor).action_cs_revoke("Fraud")
        self.assertEqual(new_card.cs_state, "revoked")
        self.customer_en.invalidate_recordset()
        self.assertFalse(self.customer_en.cs_loyalty_card_id)
        # Once revoked, the customer can be enrolled again.
        self.assertTrue(self.customer_en.action_cs_loyalty_enrol())

    def test_service_points_tiers_and_ticket_priority(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        history = card._cs_award_points("referral", "Referred Sam Lee")
        self.assertEqual(history.issued, 50)
        self.assertEqual(history.description, "Referred Sam Lee")
        self.assertEqual(card.points, 60)
        self.assertFalse(card._cs_award_points("unknown_event"))
        card._cs_award_points("survey")
        self.assertEqual(card.points, 80)
        self.assertEqual(card.cs_tier_id, self.bronze)
        card.points = 500
        self.assertEqual(card.cs_tier_id, self.gold)
        ticket = self._ticket("phone", priority="1")
        self.assertEqual(ticket.priority, "3", "gold members get a very high priority")
        self.assertEqual(ticket.cs_loyalty_tier_id, self.gold)
        self.assertEqual(ticket.cs_loyalty_points, 500)

    def test_referral_points_once_per_referred_customer(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        self.assertEqual(card.points, 10)
        Partner = self.env["res.partner"]
        newcomer = Partner.create(
            {"name": "Sam Lee", "cs_referred_by_id": self.customer_en.id}
        )
        self.assertEqual(card.points, 60)
        history = card.history_ids.filtered(
            lambda h: h.cs_award_key == f"referral:{newcomer.id}"
        )
        self.assertEqual(history.description, "Referred Sam Lee")
        # Saving again, clearing and naming the referrer again award nothing more.
        newcomer.write({"cs_referred_by_id": self.customer_en.id})
        newcomer.cs_referred_by_id = False
        newcomer.cs_referred_by_id = self.customer_en
        self.assertEqual(card.points, 60)
        # Another newcomer is another referral.
        Partner.create({"name": "Ana Ruiz", "cs_referred_by_id": self.customer_en.id})
        self.assertEqual(card.points, 110)

    def test_referral_refused_without_card_or_to_oneself(self):
        newcomer = self.env["res.partner"].create({"name": "Sam Lee"})
        with self.assertRaises(UserError) as caught:
            newcomer.cs_referred_by_id = self.customer_plain
        self.assertIn("has no active membership card", str(caught.exception))
        self.assertFalse(newcomer.cs_referred_by_id)
        self._invoice(newcomer)
        newcomer.action_cs_loyalty_enrol()
        with self.assertRaises(ValidationError) as caught:
            newcomer.cs_referred_by_id = newcomer
        self.assertIn("their own referrer", str(caught.exception))

    def test_tenure_points(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        card.cs_enrol_date = card.cs_enrol_date.replace(
            year=card.cs_enrol_date.year - 1
        )
        self.env["loyalty.card"]._cs_award_tenure_points()
        self.assertEqual(card.points, 110)
        self.assertIn(
            "1 year(s) of membership", card.history_ids.sorted("id")[-1].description
        )

    def test_access_rights(self):
        with self.assertRaises(AccessError):
            self.program.with_user(self.agent).cs_min_invoice_count = 0
        with self.assertRaises(AccessError):
            self.bronze.with_user(self.agent).min_points = 1
        with self.assertRaises(AccessError):
            self.env["cs.followup.plan"].with_user(self.agent).create({"name": "X"})
        self.program.with_user(self.supervisor).cs_min_invoice_count = 2
        self.env["cs.followup.plan"].with_user(self.supervisor).create({"name": "Y"})
        self._invoice(self.customer_en, 300)
        self._invoice(self.customer_en, 300)
        card = self.customer_en.with_user(self.agent).action_cs_loyalty_enrol()
        self.assertTrue(card.with_user(self.agent).action_cs_print_card())
        portal_cards = self.env["loyalty.card"].with_user(self.portal_user)
        self.assertFalse(portal_cards.search([]))
        with self.assertRaises(AccessError):
            portal_cards.browse(card.id).read(["code"])
        with self.assertRaises(AccessError):
            self.env["cs.followup"].with_user(self.portal_user).search([])

    def test_gdpr_export_and_erase(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        export = self.env["loyalty.card"]._cs_gdpr_export(self.customer_en)
        self.assertEqual(export[0]["code"], card.code)
        self.assertEqual(export[0]["history"][0]["issued"], 10)
        dry = self.env["loyalty.card"]._cs_gdpr_erase(self.customer_en, dry_run=True)
        self.assertEqual(dry["changed"], 1)
        self.assertTrue(card.exists())
        self.env["loyalty.card"]._cs_gdpr_erase(self.customer_en)
        self.assertFalse(card.exists())


@tagged("post_install", "-at_install")
class TestLoyaltyCard(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.customer_es)
        cls.card = cls.customer_es.action_cs_loyalty_enrol()
        cls.card.points = 150

    def test_card_pdf(self):
        report = self.env.ref("customer_service.report_cs_membership_card")
        html = self.env["ir.actions.report"]._render_qweb_html(report, self.card.ids)[0]
        html = html.decode()
        self.assertIn("Lucía Martínez", html)
        self.assertIn(self.card.code, html)
        self.assertIn("Silver", html)
        self.assertIn(f'alt="Barcode {self.card.code}"', html)
        self.assertIn(f'alt="QR {self.card.code}"', html)
        self.assertEqual(html.count("data:image/png;base64,"), 2)
        self.assertIn("Válida hasta", html, "the card speaks the customer's language")

        pdf = self.card.with_context(force_report_rendering=True)._cs_card_pdf()
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(pdf)
            tmp.flush()
            text = subprocess.run(
                ["pdftotext", tmp.name, "-"], capture_output=True, check=True
            ).stdout.decode()
            info = subprocess.run(
                ["pdfinfo", tmp.name], capture_output=True, check=True
            ).stdout.decode()
            images = subprocess.run(
                ["pdfimages", "-list", tmp.name], capture_output=True, check=True
            ).stdout.decode()
        self.assertIn("Lucía Martínez", text)
        self.assertIn(self.card.code, text)
        self.assertIn("Club Acme", text)
        self.assertRegex(info, r"Pages:\s+1\n", "one card, one page")
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        width, height = (
            float(v) for v in size.split(":")[1].split("pts")[0].split("x")
        )
        # ID-1 card: 85.6 x 54 mm, i.e. about 243 x 153 points.
        self.assertAlmostEqual(width, 243.8, delta=3)
        self.assertAlmostEqual(height, 153.1, delta=3)
        self.assertGreaterEqual(len(images.splitlines()) - 2, 2, "barcode and QR")

    def test_send_card_by_email_with_pdf(self):
        patcher, calls = self._refuse_consent(refused=())
        with patcher, self.mock_mail_gateway():
            self.card.with_user(self.agent).with_context(
                force_report_rendering=True
            ).action_cs_send_card("email")
        self.assertEqual(calls, [("loyalty", "email", True)])
        message = self.card.message_ids[0]
        self.assertIn(self.card.code, message.body)
        self.assertIn("Club Acme", message.subject)
        self.assertEqual(message.partner_ids, self.customer_es)
        self.assertEqual(len(message.attachment_ids), 1)
        attachment = message.attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(base64.b64decode(attachment.datas).startswith(b"%PDF"))
        self.assertSentEmail(
            self.agent.partner_id, [self.customer_es], subject=message.subject
        )

    def test_send_code_by_sms(self):
        patcher, calls = self._refuse_consent(refused=())
        with patcher, self.mockSMSGateway():
            self.card.with_user(self.agent).action_cs_send_card("sms")
        self.assertEqual(calls, [("loyalty", "sms", True)])
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(self.card.code, self._new_sms.body)
        self.assertNotIn("http", self._new_sms.body)

    def test_send_refused_without_consent_or_address(self):
        patcher, __ = self._refuse_consent()
        with patcher, self.mock_mail_gateway():
            with self.assertRaisesRegex(UserError, "not consented to loyalty by sms"):
                self.card.action_cs_send_card("sms")
        self.assertFalse(self._new_mails)
        self.customer_es.phone = False
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            self.card.action_cs_send_card("sms")
        self.customer_es.email = False
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            self.card.action_cs_send_card("email")
