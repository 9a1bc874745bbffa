from odoo.tests import tagged
from odoo.tools import SQL

from ..models.mail_message import cs_gdpr_address_query, cs_gdpr_ids_with_address
from . import test_gdpr_erasure_scan as scan
from .gdpr_common import GdprCase

NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
PHONE_BLOCK = {"warm": 0, "small": 1, "big": 2}


def _nif(number):
    return f"{number:08d}{NIF_LETTERS[number % 23]}"


# Three people erased together: each with data in every feature, none sharing a
# name, address, number or IBAN with another.
PEOPLE = [
    (
        f"Eustaquia Vallejo Ribera {tag}",
        f"eustaquia.vallejo.{tag.lower()}@example.org",
        f"+3461155{i:04d}",
        f"611 55 {i:02d} {i:02d}",
        _nif(73512480 + i),
        f"ES76 2077 0024 0031 0257 {5710 + i}",
        f"203.0.113.{10 + i}",
    )
    for i, tag in enumerate(("Uno", "Dos", "Tres"), start=1)
]


@tagged("post_install", "-at_install")
class TestGdprRetentionBatch(scan.TestGdprErasureScan):
    """The retention job erases a whole batch in one pass per model: afterwards no
    personal data of any of them is left outside the retained set, and the number of
    queries does not grow with the number of contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = cls.env["res.partner"]
        cls.portals = cls.env["res.users"]
        for person in PEOPLE:
            fixture = cls._cs_person_fixture(*person)
            cls.people |= fixture["person"]
            cls.portals |= fixture["portal"]

    def test_erasure_leaves_only_the_retained_set(self):
        # The single-person test of the parent class runs there, not twice.
        self.skipTest("covered by TestGdprErasureScan")

    def test_batch_erasure_is_complete(self):
        terms = tuple(
            term
            for name, email, phone, national, nif, iban, ip in PEOPLE
            for term in (name, email, phone, national, national.replace(" ", ""), nif)
            + (iban, ip)
        )
        before, __, __ = self._scan(terms)
        self.assertGreater(len(before), 15, "the people are spread over the models")
        # The portal users are internal to nobody: retention erases portal contacts.
        changes = self.people._cs_gdpr_erase_batch()
        after, __, __ = self._scan(terms)
        self.assertEqual(
            sorted(set(after) - set(scan.RETAINED)),
            [],
            "personal data left behind outside the retained set",
        )
        self.assertEqual(set(after), set(scan.RETAINED), "suppression lists were kept")
        self.assertEqual(changes["res.partner"], 3 + 3, "contacts and their users")
        # Every covered model had each person's data and was reached for all three
        # (their files go with their intakes, before the files' own hook).
        for model in (
            "helpdesk.ticket",
            "mail.message",
            "mail.mail",
            "mail.activity",
            "mail.notification",
            "rating.rating",
            "sms.sms",
            "res.partner.bank",
            "cs.consent",
            "cs.data.request",
            "cs.escalation.history",
            "cs.followup",
            "cs.intake",
            "cs.service.hold.lift",
            "cs.vulnerability",
            "loyalty.card",
            "survey.user_input",
        ):
            self.assertGreaterEqual(changes[model], 3, model)
        tickets = (
            self.env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search([("partner_id", "in", self.people.ids)])
        )
        self.assertEqual(len(tickets), 3)
        self.assertEqual(
            sorted(tickets.mapped("name")),
            sorted(f"Erased ticket {t.number}" for t in tickets),
        )
        people = self.people.with_context(active_test=False)
        self.assertFalse(any(people.mapped("active")))
        self.assertTrue(all(people.mapped("cs_erased_date")))
        self.assertEqual(
            sorted(people.mapped("name")),
            sorted(f"Erased contact {p.id}" for p in people),
        )
        for fname in ("email", "phone", "vat", "street", "city", "comment"):
            self.assertFalse(any(people.mapped(fname)), fname)
        self.assertFalse(any(people.mapped("image_1920")))


@tagged("post_install", "-at_install")
class TestGdprRetentionQueries(GdprCase):
    """Erasing a batch costs a fixed number of queries: one or two per model for
    the whole batch, the same for 5 contacts as for 20."""

    def _contacts(self, count, tag):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Retention {tag} {i}",
                    "email": f"retention.{tag}.{i}@example.com",
                    "phone": f"+3465{PHONE_BLOCK[tag]}{i:06d}",
                }
                for i in range(count)
            ]
        )
        for partner in partners:
            ticket = self._ticket(
                "email", partner=partner, name=f"About {partner.name}"
            )
            ticket.message_post(
                body="Where is my parcel?",
                author_id=partner.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
            self._give(partner, self.commercial, proof_ip="192.0.2.9")
        self.env.flush_all()
        return partners

    def _erase_counting(self, partners):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        partners._cs_gdpr_erase_batch()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_queries_per_batch_do_not_grow(self):
        small = self._contacts(5, "small")
        big = self._contacts(20, "big")
        # Warm the caches (model names, purposes) on a first batch.
        self._erase_counting(self._contacts(2, "warm"))
        queries_small = self._erase_counting(small)
        # Measured with every feature loaded: 71 queries for 5 contacts and for 20
        # (each with a ticket, a message and a consent). One contact at a time cost
        # 26 queries each; hooks called per contact, 2 more per contact and hook.
        with self.assertQueryCount(74):
            queries_big = self._erase_counting(big)
        self.assertLessEqual(queries_big, queries_small + 3, "no query per contact")
        self.assertFalse(any(big.with_context(active_test=False).mapped("active")))


@tagged("post_install", "-at_install")
class TestGdprAddressLookup(GdprCase):
    """Erasure finds a person's address in e-mail headers through an index (a batch
    costs the same whatever the size of the table), as a whole address in any
    header form, and never a longer address that contains it."""

    def test_whole_addresses_in_any_header_form(self):
        headers = {
            "bare": "ana.pi@example.com",
            "named": '"Ana Pi" <Ana.Pi@Example.COM>',
            "glued": "Ana<ana.pi@example.com>",
            "listed": "someone@example.net, ANA.PI@example.com; x@example.org",
            "comment": "ana.pi@example.com (Ana)",
            "longer": "joana.pi@example.com",
            "domain": "ana.pi@example.com.au",
            "none": False,
        }
        author = self.env["res.partner"].create({"name": "Somebody Else"})
        messages = {
            key: self.env["mail.message"].create(
                {
                    "model": "res.partner",
                    "res_id": author.id,
                    "author_id": author.id,
                    "email_from": header,
                    "body": "Hello",
                }
            )
            for key, header in headers.items()
        }
        self.env.flush_all()
        found = set(
            cs_gdpr_ids_with_address(
                self.env.cr,
                "mail_message",
                ["email_from"],
                {"ana.pi@example.com"},
                exclude_ids=[messages["bare"].id],
            )
        )
        self.assertEqual(
            found,
            {messages[key].id for key in ("named", "glued", "listed", "comment")},
        )

    def test_lookups_use_the_address_indexes(self):
        for table, columns, index in (
            ("mail_message", ["email_from"], "mail_message_cs_email_from_address_idx"),
            ("mail_mail", ["email_to"], "mail_mail_cs_email_to_address_idx"),
            ("mail_mail", ["email_cc"], "mail_mail_cs_email_cc_address_idx"),
        ):
            with self.subTest(table=table, columns=columns):
                # On a test database the tables are small enough for a scan.
                self.env.cr.execute("SET LOCAL enable_seqscan = off")
                query = cs_gdpr_address_query(table, columns, {"ana@example.com"})
                self.env.cr.execute(SQL("EXPLAIN %s", query))
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.assertIn(index, plan)
