import re
from datetime import timedelta

import lxml.html
import psycopg2

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from ..models.cs_tracking_attempt import MAX_PER_IP, MAX_PER_KEY
from ..tools import tracking_key
from ..tools.check_char import ALPHABET as CHECK_ALPHABET
from .common import CustomerServiceCase

KEY_RE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


class TestTrackingKeyTools(BaseCase):
    def test_key_shape_and_strength(self):
        keys = tracking_key.new_keys(2000)
        self.assertEqual(len(set(keys)), 2000)
        for key in keys[:200]:
            self.assertRegex(key, KEY_RE)
            self.assertEqual(tracking_key.normalise_key(key), key)
        self.assertGreaterEqual(tracking_key.random_bits(), 40)
        self.assertFalse(set("01OI") & set("".join(keys)))
        self.assertTrue(set(tracking_key.ALPHABET) <= set(CHECK_ALPHABET))

    def test_typed_keys(self):
        key = tracking_key.new_key()
        plain = key.replace("-", "")
        self.assertEqual(tracking_key.normalise_key(f" {plain.lower()} "), key)
        self.assertEqual(tracking_key.normalise_key(" ".join(plain)), key)
        # One wrong character or two swapped ones are caught by the check character.
        wrong = plain[:3] + ("A" if plain[3] != "A" else "B") + plain[4:]
        self.assertEqual(tracking_key.normalise_key(wrong), "")
        swaps = caught = 0
        for other in tracking_key.new_keys(300):
            chars = other.replace("-", "")
            for i in range(len(chars) - 1):
                if chars[i] != chars[i + 1]:
                    swaps += 1
                    swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2 :]
                    caught += not tracking_key.normalise_key(swapped)
        self.assertGreater(caught / swaps, 0.98)
        for bad in ("", "ABC", plain + "X", plain[:-1], "é" * 12):
            self.assertEqual(tracking_key.normalise_key(bad), "", bad)

    def test_spoken_key(self):
        self.assertEqual(
            tracking_key.spoken_key("K7QX-M4RT-9PWH"),
            "K 7 Q X - M 4 R T - 9 P W H",
        )


class TrackingCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channels["post"] = cls.env["helpdesk.ticket.channel"].create(
            {"name": "Post", "cs_kind": "post"}
        )
        cls.customer_es.write(
            {
                "street": "Calle Mayor 1",
                "zip": "28013",
                "city": "Madrid",
                "country_id": cls.env.ref("base.es").id,
            }
        )

    def _demand(self, channel_kind="email", kind="query", **values):
        return self._ticket(
            channel_kind, partner=self.customer_es, cs_request_kind=kind, **values
        )


class TestTrackingKey(TrackingCase, MockEmail, MockSMS):
    def test_every_ticket_gets_a_key_in_batch(self):
        vals = {
            "name": "Batch",
            "description": "<p>x</p>",
            "team_id": self.team.id,
            "channel_id": self.channels["phone"].id,
        }
        tickets = self.env["helpdesk.ticket"].create([dict(vals) for _i in range(5)])
        keys = tickets.mapped("cs_tracking_key")
        self.assertEqual(len(set(keys)), 5)
        for key in keys:
            self.assertRegex(key, KEY_RE)
        copy = tickets[0].copy()
        self.assertNotEqual(copy.cs_tracking_key, tickets[0].cs_tracking_key)
        self.assertTrue(copy.cs_tracking_key)

    def test_key_costs_no_query(self):
        Ticket = self.env["helpdesk.ticket"]
        vals = {
            "name": "Cheap",
            "description": "<p>x</p>",
            "team_id": self.team.id,
            "channel_id": self.channels["phone"].id,
        }
        Ticket.create(dict(vals))  # warm the caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        Ticket.create(dict(vals, cs_tracking_key="AAAA-BBBB-CCCC"))
        self.env.flush_all()
        given = self.cr.sql_log_count - before
        before = self.cr.sql_log_count
        Ticket.create(dict(vals))
        self.env.flush_all()
        drawn = self.cr.sql_log_count - before
        self.assertEqual(drawn, given)

    def test_key_unique_per_company(self):
        ticket = self._demand()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.env["helpdesk.ticket"].create(
            {
                "name": "Same key elsewhere",
                "description": "<p>x</p>",
                "company_id": other_company.id,
                "cs_tracking_key": ticket.cs_tracking_key,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.cr.savepoint():
                self.env["helpdesk.ticket"].create(
                    {
                        "name": "Clash",
                        "description": "<p>x</p>",
                        "cs_tracking_key": ticket.cs_tracking_key,
                    }
                )

    def test_fill_keys_of_old_tickets(self):
        ticket = self._demand()
        self.env.flush_all()
        self.cr.execute(
            "UPDATE helpdesk_ticket SET cs_tracking_key = NULL WHERE id = %s",
            [ticket.id],
        )
        self.env["helpdesk.ticket"]._cs_fill_tracking_keys()
        self.assertRegex(ticket.cs_tracking_key, KEY_RE)

    def test_ack_by_email_once(self):
        ticket = self._demand("email")
        with self.mock_mail_gateway():
            ticket.action_cs_send_acknowledgement()
        mail = self._new_mails.filtered(lambda m: self.customer_es in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.cs_tracking_key, mail.body_html)
        # Spanish customer, Spanish acknowledgement.
        self.assertIn("clave", mail.subject)
        self.assertTrue(ticket.cs_ack_sent_date)
        self.assertEqual(ticket.cs_ack_mode, "email")
        with self.assertRaises(UserError):
            ticket.action_cs_send_acknowledgement()

    def test_ack_by_sms(self):
        ticket = self._demand("sms", kind="incident")
        with self.mockSMSGateway():
            ticket.action_cs_send_acknowledgement()
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(ticket.cs_tracking_key, self._new_sms.body)
        self.assertEqual(ticket.cs_ack_mode, "sms")
        self.customer_en.phone = False
        no_phone = self._ticket("sms", cs_request_kind="query")
        with self.assertRaises(UserError):
            no_phone.action_cs_send_acknowledgement()
        self.assertFalse(no_phone.cs_ack_sent_date)

    def test_ack_spoken_on_phone_and_in_person(self):
        for kind in ("phone", "in_person"):
            ticket = self._demand(kind, kind="complaint")
            ticket.action_cs_send_acknowledgement()
            note = ticket.message_ids[0]
            self.assertIn(tracking_key.spoken_key(ticket.cs_tracking_key), note.body)
            self.assertIn("clave de seguimiento", note.body)
            self.assertEqual(ticket.cs_ack_mode, "spoken")

    def test_ack_letter_for_post(self):
        ticket = self._demand("post", kind="claim")
        ticket.action_cs_send_acknowledgement()
        self.assertEqual(ticket.cs_ack_mode, "letter")
        attachment = ticket.message_ids[0].attachment_ids
        self.assertEqual(len(attachment), 1)
        # Tests render reports as HTML: the letter's text is readable.
        html = attachment.raw.decode()
        self.assertIn(ticket.cs_tracking_key, html)
        self.assertIn("Calle Mayor 1", html)
        self.assertIn("OMIC", html)
        self.customer_en.street = False
        no_address = self._ticket("post", cs_request_kind="query")
        with self.assertRaises(UserError):
            no_address.action_cs_send_acknowledgement()

    def test_suggestion_is_no_demand(self):
        ticket = self._demand(kind="suggestion")
        with self.assertRaises(UserError):
            ticket.action_cs_send_acknowledgement()

    def test_answer_letter(self):
        ticket = self._demand("post", kind="claim")
        with self.assertRaises(UserError):
            ticket.action_cs_print_answer_letter()
        ticket.cs_answer_text = "We refunded the double charge."
        action = ticket.action_cs_print_answer_letter()
        self.assertIn("report_cs_demand_answer_letter", str(action))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_service.report_cs_demand_answer_letter", ticket.ids
            )[0]
            .decode()
        )
        self.assertIn("We refunded the double charge.", html)
        self.assertIn(ticket.cs_tracking_key, html)
        # In the customer's language.
        self.assertIn("Clave de seguimiento", html)

    def test_post_channel_kind_added(self):
        kinds = dict(self.env["helpdesk.ticket.channel"]._fields["cs_kind"].selection)
        self.assertIn("post", kinds)
        self.assertIn("in_person", kinds)
        self.assertFalse(self.channels["post"].cs_synchronous)


class TestTrackingLookup(TrackingCase):
    def test_factor_matches_exactly(self):
        ticket = self._demand()
        Ticket = self.env["helpdesk.ticket"]
        key = ticket.cs_tracking_key
        for factor in (
            "Lucia@Example.com",
            " lucia@example.com ",
            "600000002",
            "+34 600 00 00 02",
            "28013",
            "28 013",
        ):
            self.assertEqual(Ticket._cs_track_lookup(key, factor), ticket, factor)
        self.assertEqual(
            Ticket._cs_track_lookup(key.replace("-", "").lower(), "28013"), ticket
        )
        for factor in (
            "lucia@example",
            "example.com",
            "ucia@example.com",
            "60000000",
            "2801",
            "28013 Madrid",
            "",
        ):
            self.assertFalse(Ticket._cs_track_lookup(key, factor), factor)
        other = self._demand()
        self.assertFalse(Ticket._cs_track_lookup(other.cs_tracking_key[:-1], "28013"))

    def test_unknown_key_costs_what_a_wrong_factor_costs(self):
        ticket = self._demand()
        other = self._demand()
        unknown = other.cs_tracking_key
        other.unlink()
        Ticket = self.env["helpdesk.ticket"]
        counts = []
        for key in (unknown, ticket.cs_tracking_key):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.assertFalse(Ticket._cs_track_lookup(key, "28014"))
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])

    def test_values_shown(self):
        ticket = self._demand(kind="complaint")
        values = ticket.with_context(lang="es_ES")._cs_track_values()
        self.assertEqual(values["key"], ticket.cs_tracking_key)
        self.assertEqual(values["kind"], "Queja")
        self.assertNotIn("lucia", str(values).lower())


class TestPostalIntake(TrackingCase):
    def test_envelope_date_is_the_received_date(self):
        doc_type = self.env.ref("customer_service.cs_document_type_complaint")
        envelope = fields.Date.today() - timedelta(days=3)
        intake = self.env["cs.intake"].create(
            {
                "partner_id": self.customer_es.id,
                "channel_id": self.channels["post"].id,
                "document_type_id": doc_type.id,
                "envelope_date": envelope,
            }
        )
        self.assertEqual(intake.received_at.date(), envelope)
        intake.envelope_date = envelope - timedelta(days=1)
        self.assertEqual(intake.received_at.date(), envelope - timedelta(days=1))
        for bad in (
            fields.Date.today() + timedelta(days=2),
            fields.Date.to_date("1999-12-31"),
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                intake.envelope_date = bad
        es_intake = intake.with_context(lang="es_ES")
        with self.assertRaisesRegex(ValidationError, "matasellos"):
            es_intake.envelope_date = fields.Date.today() + timedelta(days=5)


class TestAuditSectionChannels(TrackingCase):
    def test_demands_by_kind_and_channel(self):
        email_query = self._demand("email", kind="query")
        self._demand("email", kind="query")
        phone_claim = self._demand("phone", kind="claim")
        self._demand("email", kind="suggestion")
        phone_claim.action_cs_send_acknowledgement()
        # The domain reads dates as days of the user's time zone.
        today = fields.Date.context_today(phone_claim)
        section = self.env["helpdesk.ticket"]._cs_audit_section_channels(
            self.company, today, today
        )
        self.assertEqual(section["key"], "channels")
        self.assertTrue(section["title"] and section["definition"])
        figures = {f["label"]: f for f in section["figures"]}
        ours = email_query | phone_claim
        demands = figures["Demands"]["records"]
        self.assertTrue(ours <= demands)
        self.assertEqual(figures["Demands"]["value"], len(demands))
        self.assertFalse(demands.filtered(lambda t: t.cs_request_kind == "suggestion"))
        acked = figures["Demands acknowledged with their key"]["records"]
        self.assertIn(phone_claim, acked)
        self.assertNotIn(email_query, acked)
        share = figures["Share acknowledged (%)"]["value"]
        self.assertEqual(share, round(100.0 * len(acked) / len(demands), 1))
        by_email = figures[f"Query by {self.channels['email'].name}"]
        self.assertIn(email_query, by_email["records"])
        self.assertEqual(by_email["value"], len(by_email["records"]))
        yesterday = today - timedelta(days=1)
        empty = self.env["helpdesk.ticket"]._cs_audit_section_channels(
            self.company, yesterday - timedelta(days=5), yesterday
        )
        self.assertNotIn(
            email_query, {f["label"]: f for f in empty["figures"]}["Demands"]["records"]
        )


@tagged("post_install", "-at_install")
class TestTrackingPage(TrackingCase, HttpCase):
    def _csrf(self):
        page = self.url_open("/cs/track")
        self.assertEqual(page.status_code, 200)
        form = lxml.html.fromstring(page.content).xpath("//form[@action='/cs/track']")[
            0
        ]
        return form.xpath(".//input[@name='csrf_token']")[0].get("value")

    def _post(self, key, factor):
        return self.url_open(
            "/cs/track",
            data={"csrf_token": self._csrf(), "key": key, "factor": factor},
        )

    def _masked(self, response, key):
        # The CSRF token changes with every page, in the form and the session info.
        text = re.sub(r'csrf_token(" value=|: )"[^"]*"', "", response.text)
        return text.replace(key, "KEY")

    def test_get_shows_form_and_post_needs_token(self):
        ticket = self._demand(kind="claim")
        page = self.url_open(f"/cs/track?key={ticket.cs_tracking_key}&factor=28013")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_cs_track_result", page.text)
        doc = lxml.html.fromstring(page.content)
        for field_id in ("cs_track_key", "cs_track_factor"):
            self.assertTrue(doc.xpath(f"//label[@for='{field_id}']"))
        self.assertTrue(doc.xpath("//html[@lang]"))
        with mute_logger("odoo.http"):
            no_token = self.url_open(
                "/cs/track", data={"key": ticket.cs_tracking_key, "factor": "28013"}
            )
        self.assertEqual(no_token.status_code, 400)

    def test_match_shows_state(self):
        ticket = self._demand(kind="claim")
        response = self._post(ticket.cs_tracking_key.lower(), "LUCIA@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cs_track_result", response.text)
        self.assertIn(ticket.stage_id.name, response.text)
        self.assertIn("Claim", response.text)
        self.assertNotIn("lucia@example.com", response.text.lower())
        if "cs_legal_deadline" in ticket._fields and ticket.cs_legal_deadline:
            self.assertIn("o_cs_track_deadline", response.text)

    def test_wrong_key_and_wrong_factor_answer_alike(self):
        ticket = self._demand(kind="query")
        other = self._demand(kind="query")
        other_key = other.cs_tracking_key
        other.unlink()
        wrong_key = self._post(other_key, "28013")
        wrong_factor = self._post(ticket.cs_tracking_key, "28014")
        self.assertEqual(wrong_key.status_code, wrong_factor.status_code)
        self.assertEqual(wrong_key.status_code, 200)
        self.assertIn('role="alert"', wrong_key.text)
        self.assertNotIn("o_cs_track_result", wrong_factor.text)
        self.assertEqual(
            self._masked(wrong_key, other_key),
            self._masked(wrong_factor, ticket.cs_tracking_key),
        )

    def test_rate_limited_per_ip_and_per_key(self):
        ticket = self._demand(kind="query")
        for _i in range(MAX_PER_KEY):
            self._post(ticket.cs_tracking_key, "99999")
        # Even the right factor is refused once the key is over its limit.
        limited = self._post(ticket.cs_tracking_key, "28013")
        self.assertEqual(limited.status_code, 429)
        self.assertNotIn("o_cs_track_result", limited.text)
        self.assertIn('role="alert"', limited.text)
        Attempt = self.env["cs.tracking.attempt"]
        self.assertFalse(
            Attempt.search([]).filtered(lambda a: "127.0.0.1" in a.ip_hash)
        )
        # Other keys from the same address: limited per IP too.
        self.env["cs.tracking.attempt"].search([]).unlink()
        for _i in range(MAX_PER_IP):
            self._post(tracking_key.new_key(), "28013")
        self.assertEqual(self._post(ticket.cs_tracking_key, "28013").status_code, 429)
        # After the window the visitor may look again.
        Attempt.search([]).write(
            {"attempt_date": fields.Datetime.now() - timedelta(hours=1)}
        )
        self.assertEqual(self._post(ticket.cs_tracking_key, "28013").status_code, 200)
