import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase
from .test_phone_tools import ASTERISK_ROW, THREECX


def _call(uid, start, wait, state="answered", queue="support", caller="", **extra):
    values = {
        "pbx_uid": uid,
        "start_date": start,
        "answer_date": start + timedelta(seconds=wait) if state == "answered" else None,
        "end_date": start + timedelta(seconds=wait + 60),
        "direction": "inbound",
        "state": state,
        "wait_seconds": wait,
        "talk_seconds": 60 if state == "answered" else 0,
        "caller": caller,
        "queue": queue,
        "agent_ext": "",
        "is_callback": False,
    }
    values.update(extra)
    return values


class PhoneCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Call = cls.env["cs.call"]
        cls.dpo = new_test_user(
            cls.env, login="cs_dpo_phone", groups="customer_service.group_cs_dpo"
        )
        cls.company.country_id = cls.env.ref("base.es")
        # Away from the demo's calls and requests, which fill last month.
        cls.month = datetime(2020, 10, 1, 9, 0)

    def _import(self, text, file_format="auto", user=None):
        wizard = (
            self.env["cs.call.import.wizard"]
            .with_user(user or self.supervisor)
            .create(
                {
                    "cdr_file": base64.b64encode(text.encode()),
                    "file_format": file_format,
                }
            )
        )
        wizard.action_import()
        return wizard


@tagged("post_install", "-at_install")
class TestCallImport(PhoneCase):
    def test_asterisk_import_is_idempotent_and_matches_contacts(self):
        # The customer's phone is +34 600 000 001: the CDR's 600000001 is the same
        # number in E.164; a longer number containing it is not.
        other = ASTERISK_ROW.replace("1730538900.1", "1730538900.2").replace(
            '"600000001"', '"6000000019"'
        )
        wizard = self._import(ASTERISK_ROW + "\n" + other + "\n")
        self.assertIn("2 calls imported", wizard.result)
        calls = self.Call.search([("pbx_uid", "like", "1730538900.")], order="pbx_uid")
        self.assertEqual(calls[0].partner_id, self.customer_en)
        self.assertEqual(calls[0].phone_e164, "+34600000001")
        self.assertFalse(calls[1].partner_id)
        self.assertEqual(calls[0].source, "asterisk")
        self.assertEqual(calls[0].queue_id.code, "support")
        self.assertEqual(calls[0].wait_seconds, 180)
        again = self._import(ASTERISK_ROW + "\n")
        self.assertIn("0 calls imported, 1 already recorded", again.result)
        self.assertEqual(self.Call.search_count([("pbx_uid", "=", "1730538900.1")]), 1)

    def test_threecx_import_and_agent(self):
        self.agent.cs_pbx_extension = "102"
        self._import(THREECX, "threecx")
        call = self.Call.search([("pbx_uid", "=", "00000001")])
        self.assertEqual(call.source, "threecx")
        self.assertEqual(call.user_id, self.agent)
        self.assertEqual(call.talk_seconds, 240)

    def test_bad_file_is_refused_whole(self):
        with self.assertRaises(UserError):
            self._import("nothing,here\n1,2\n")
        with self.assertRaises(UserError):
            self._import("")
        self.assertFalse(self.Call.search([("source", "=", "asterisk")]))

    def test_callback_links_abandoned_call(self):
        start = self.month
        abandoned = _call("in-1", start, 40, state="abandoned", caller="+34600000002")
        back = _call(
            "out-1",
            start + timedelta(hours=1),
            5,
            caller="+34600000002",
            direction="outbound",
            queue="",
        )
        self.Call._cs_insert_calls([abandoned], self.company, "api")
        self.Call._cs_insert_calls([back], self.company, "api")
        callback = self.Call.search([("pbx_uid", "=", "out-1")])
        self.assertTrue(callback.is_callback)
        self.assertEqual(callback.callback_of_id.pbx_uid, "in-1")
        self.assertEqual(callback.partner_id, self.customer_es)

    def test_batch_is_one_insert(self):
        calls = [
            _call(f"q-{i}", self.month, 10, caller=f"+3491000{i:04d}")
            for i in range(50)
        ]
        cache = self.Call._cs_lookup_cache(self.company)
        self.Call._cs_insert_calls(calls[:1], self.company, "api", cache)
        # Phone formatting, contacts, insert and callback link: a fixed number of
        # queries whatever the batch size.
        with self.assertQueryCount(3):
            self.Call._cs_insert_calls(calls[1:], self.company, "api", cache)
        self.assertEqual(self.Call.search_count([("pbx_uid", "like", "q-")]), 50)


@tagged("post_install", "-at_install")
class TestPhoneIndicator(PhoneCase):
    def _month_of(self, in_time, late, abandoned=0, queue="support"):
        calls = []
        for i in range(in_time):
            # The last in-time call waits exactly 180 s: it counts as in time.
            calls.append(
                _call(f"{queue}-ok-{i}", self.month, 180 if i == 0 else 30, queue=queue)
            )
        for i in range(late):
            calls.append(_call(f"{queue}-late-{i}", self.month, 181, queue=queue))
        for i in range(abandoned):
            calls.append(
                _call(f"{queue}-ab-{i}", self.month, 20, state="abandoned", queue=queue)
            )
        self.Call._cs_insert_calls(calls, self.company, "api")

    def _row(self, queue):
        return self.env["cs.call.indicator"].search(
            [
                ("kind", "=", "call"),
                ("queue_id.code", "=", queue),
                ("month", "=", date(2020, 10, 1)),
            ]
        )

    def test_exactly_95_percent_meets_target(self):
        self._month_of(19, 1, queue="q95")
        row = self._row("q95")
        self.assertEqual((row.offered, row.in_time), (20, 19))
        self.assertEqual(row.share_percent, 95.0)
        self.assertTrue(row.meets_target)

    def test_below_95_percent_misses_target(self):
        # 18 in time, one at 181 s, one abandoned after 20 s: 90 %.
        self._month_of(18, 1, abandoned=1, queue="q90")
        row = self._row("q90")
        self.assertEqual((row.offered, row.in_time, row.abandoned), (20, 18, 1))
        self.assertFalse(row.meets_target)

    def test_threshold_and_target_are_settings(self):
        self._month_of(18, 2, queue="qset")
        self.company.cs_phone_target_percent = 90.0
        self.assertTrue(self._row("qset").meets_target)
        self.company.cs_phone_threshold_seconds = 181
        self.env["cs.call.indicator"].invalidate_model()
        self.assertEqual(self._row("qset").in_time, 20)
        with self.assertRaises(ValidationError):
            self.company.cs_phone_target_percent = 120

    def test_audit_section_phone(self):
        self._month_of(19, 1, abandoned=0, queue="qa")
        section = self.Call._cs_audit_section_phone(
            self.company, date(2020, 10, 1), date(2020, 10, 31)
        )
        self.assertEqual(section["key"], "phone")
        figures = {f["label"]: f for f in section["figures"]}
        self.assertEqual(figures["Inbound calls offered"]["value"], 20)
        self.assertEqual(len(figures["Inbound calls offered"]["records"]), 20)
        self.assertEqual(figures["Calls answered within 180 seconds"]["value"], 19)
        self.assertEqual(figures["Share answered in time (%)"]["value"], 95.0)
        self.assertEqual(figures["Target met"]["value"], "Yes")
        outside = self.Call._cs_audit_section_phone(
            self.company, date(2020, 11, 1), date(2020, 11, 30)
        )
        self.assertEqual(outside["figures"][0]["value"], 0)


@tagged("post_install", "-at_install")
class TestCallAccess(PhoneCase):
    def test_agents_see_their_teams_calls(self):
        queue_mine = self.env["cs.call.queue"].create(
            {"name": "Mine", "code": "mine", "team_id": self.team.id}
        )
        queue_other = self.env["cs.call.queue"].create(
            {"name": "Other", "code": "other", "team_id": self.other_team.id}
        )
        self.Call._cs_insert_calls(
            [
                _call("acc-1", self.month, 10, queue="mine"),
                _call("acc-2", self.month, 10, queue="other"),
            ],
            self.company,
            "api",
        )
        seen = self.Call.with_user(self.agent).search([("pbx_uid", "like", "acc-")])
        self.assertEqual(seen.queue_id, queue_mine)
        self.assertNotIn(queue_other, seen.queue_id)
        self.assertEqual(
            len(
                self.Call.with_user(self.supervisor).search(
                    [("pbx_uid", "like", "acc-")]
                )
            ),
            2,
        )
        self.assertEqual(
            len(self.Call.with_user(self.dpo).search([("pbx_uid", "like", "acc-")])), 2
        )
        with self.assertRaises(AccessError):
            self.Call.with_user(self.agent)._cs_insert_calls(
                [_call("acc-3", self.month, 10)], self.company, "api"
            )
        with self.assertRaises(AccessError):
            self.env["cs.call.indicator"].with_user(self.agent).search([])


@tagged("post_install", "-at_install")
class TestPersonRequest(PhoneCase):
    def test_request_and_takeover_by_reply(self):
        ticket = self._ticket("phone", user=self.supervisor)
        with freeze_time(datetime(2020, 10, 5, 10, 0, 0)):
            ticket.with_user(self.agent).action_cs_request_person()
        self.assertTrue(ticket.cs_person_requested)
        self.assertEqual(ticket.cs_person_request_channel_id, self.channels["phone"])
        with freeze_time(datetime(2020, 10, 5, 10, 3, 0)):
            ticket.with_user(self.agent).message_post(
                body="Hello, I am Ana.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.cs_person_takeover_user_id, self.agent)
        self.assertEqual(ticket.cs_person_wait_seconds, 180)
        # A second request does not restart the clock.
        ticket._cs_request_person()
        self.assertEqual(ticket.cs_person_request_date, datetime(2020, 10, 5, 10, 0, 0))

    def test_takeover_is_self_assignment_not_automation(self):
        ticket = self._ticket("phone", cs_person_requested=True, user=self.supervisor)
        self.assertTrue(ticket.cs_person_request_date)
        ticket.write({"user_id": self.agent.id})  # assigned by the superuser
        self.assertFalse(ticket.cs_person_takeover_date)
        ticket.with_user(self.agent).write({"user_id": self.agent.id})
        self.assertEqual(ticket.cs_person_takeover_user_id, self.agent)

    def _visitor_channel(self):
        channel = self.env["discuss.channel"].create(
            {
                "name": "Web visitor",
                "channel_type": "channel",
                "group_public_id": False,
                "cs_automated": True,
            }
        )
        channel._add_members(users=self.agent)
        return channel

    def _visitor_says(self, channel, body, message_type):
        # As live chat's controllers post a visitor's message: on the channel, in
        # sudo, with the visitor as author.
        return channel.sudo().message_post(
            body=body,
            message_type=message_type,
            author_id=self.portal_user.partner_id.id,
        )

    def test_chat_request_creates_then_escalates_and_agent_takes_over(self):
        channel = self._visitor_channel()
        self._visitor_says(
            channel, body="¿Dónde está mi pedido?", message_type="comment"
        )
        self.assertFalse(channel.cs_ticket_id)
        with freeze_time(datetime(2020, 10, 6, 12, 0, 0)):
            self._visitor_says(
                channel, body="Quiero hablar con una persona", message_type="comment"
            )
        ticket = channel.cs_ticket_id
        self.assertTrue(ticket.cs_person_requested)
        self.assertEqual(ticket.cs_person_request_channel_id, self.channels["chat"])
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self._visitor_says(channel, body="Operador, por favor", message_type="comment")
        self.assertEqual(channel.cs_ticket_id, ticket)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("id", "=", ticket.id)]), 1
        )
        with freeze_time(datetime(2020, 10, 6, 12, 2, 0)):
            channel.with_user(self.agent).message_post(
                body="Hola, soy Ana.", message_type="comment"
            )
        self.assertEqual(ticket.cs_person_takeover_user_id, self.agent)
        self.assertEqual(ticket.cs_person_wait_seconds, 120)

    def test_unwatched_channel_opens_nothing(self):
        channel = self._visitor_channel()
        channel.cs_automated = False
        self._visitor_says(
            channel, body="Quiero hablar con una persona", message_type="comment"
        )
        self.assertFalse(channel.cs_ticket_id)

    def test_audit_section_person_and_indicator(self):
        base = datetime(2020, 10, 7, 9, 0, 0)
        for index, wait in enumerate((30, 180, 181)):
            self._ticket(
                "phone",
                cs_person_requested=True,
                cs_person_request_date=base + timedelta(hours=index),
                cs_person_takeover_date=base + timedelta(hours=index, seconds=wait),
                cs_person_takeover_user_id=self.agent.id,
            )
        section = self.env["helpdesk.ticket"]._cs_audit_section_person(
            self.company, date(2020, 10, 1), date(2020, 10, 31)
        )
        figures = {f["label"]: f for f in section["figures"]}
        self.assertEqual(section["key"], "person")
        self.assertEqual(figures["Requests for a person"]["value"], 3)
        self.assertEqual(figures["Taken over within 180 seconds"]["value"], 2)
        self.assertEqual(len(figures["Taken over within 180 seconds"]["records"]), 2)
        self.assertEqual(figures["Longest time to a person (s)"]["value"], 181)
        self.assertEqual(figures["Target met"]["value"], "No")
        row = self.env["cs.call.indicator"].search(
            [
                ("kind", "=", "person"),
                ("month", "=", date(2020, 10, 1)),
                ("team_id", "=", self.team.id),
            ]
        )
        self.assertEqual((row.offered, row.in_time), (3, 2))


@tagged("post_install", "-at_install")
class TestProtocolNamesAgent(PhoneCase):
    def test_shipped_protocols_name_the_agent(self):
        protocols = (
            self.env["cs.service.protocol"].with_context(active_test=False).search([])
        )
        self.assertGreaterEqual(len(protocols), 9)
        self.assertIsNone(protocols._cs_anonymous_greeting())

    def _protocol(self, channel, **values):
        vals = {
            "name": "Test",
            "channel_id": self.channels[channel].id,
            "greeting": "Hello, I am {{ object.cs_agent_name }}.",
            "farewell": "Bye.",
        }
        vals.update(values)
        return self.env["cs.service.protocol"].create(vals)

    def test_live_greeting_without_agent_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not name the agent"):
            self._protocol("phone", greeting="Hello {{ object.cs_addressee }}.")
        with self.assertRaisesRegex(ValidationError, "object.cs_agent_name"):
            self._protocol("chat", greeting_informal="Hi there!")
        # Written channels may greet without a name.
        self._protocol("email", greeting="Dear {{ object.cs_addressee }},")
        protocol = self._protocol("phone")
        with self.assertRaises(ValidationError):
            protocol.update_field_translations(
                "greeting", {"es_ES": "Hola {{ object.cs_addressee }}."}
            )

    def test_channel_turned_synchronous_checks_its_protocols(self):
        self._protocol(
            "social",
            greeting="Hello {{ object.cs_addressee }}.",
            greeting_informal="Hi, I'm {{ object.cs_agent_name }}.",
            farewell_informal="Bye!",
        )
        with self.assertRaises(ValidationError):
            self.channels["social"].cs_synchronous = True
