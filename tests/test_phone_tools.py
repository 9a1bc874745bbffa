import csv
import io
from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..tools.cdr_parse import CdrError, asterisk_call, iter_calls, json_call, to_e164
from ..tools.person_request import asks_for_person, names_agent
from ..tools.phone_indicator import meets_target, share_percent, within_threshold

ASTERISK_ROW = (
    '"","600000001","800","from-pstn","""Juan"" <600000001>","SIP/trunk-01",'
    '"PJSIP/101-02","Queue","support,t,,,300","2026-11-02 09:15:00",'
    '"2026-11-02 09:18:00","2026-11-02 09:25:00","600","420","ANSWERED",'
    '"DOCUMENTATION","1730538900.1",""'
)
THREECX = (
    "historyid,callid,duration,time-start,time-answered,time-end,"
    "reason-terminated,from-no,to-no,from-dn,to-dn,dial-no,reason-changed,"
    "final-number,final-dn,bill-code,bill-rate,bill-cost,bill-name,chain,"
    "from-type,to-type,final-type,from-dispname,to-dispname,final-dispname\n"
    "00000001,1234,00:05:00,2026-11-02 09:15:00.123,2026-11-02 09:16:00,"
    "2026-11-02 09:20:00,TerminatedBySrc,+34600000001,800,,800,,,Ext.102,102,"
    ",,,,,external_line,queue,extension,Juan,Support,Ana\n"
)


@tagged("post_install", "-at_install")
class TestPhoneTools(BaseCase):
    def test_threshold_boundary(self):
        self.assertTrue(within_threshold(180))
        self.assertFalse(within_threshold(181))
        self.assertTrue(within_threshold(0))
        self.assertFalse(within_threshold(None))

    def test_target_boundary(self):
        # 19 of 20 is exactly 95 %: it meets the target; 18 of 20 does not.
        self.assertTrue(meets_target(19, 20, 95.0))
        self.assertEqual(share_percent(19, 20), 95.0)
        self.assertFalse(meets_target(18, 20, 95.0))
        # 949 of 1000 is 94.9 %, just short.
        self.assertFalse(meets_target(949, 1000, 95))
        self.assertTrue(meets_target(0, 0, 95))
        self.assertIsNone(share_percent(0, 0))

    def test_asterisk_row(self):
        call = next(iter_calls(io.StringIO(ASTERISK_ROW + "\n")))
        self.assertEqual(call["pbx_uid"], "1730538900.1")
        self.assertEqual(call["state"], "answered")
        self.assertEqual(call["wait_seconds"], 180)
        self.assertEqual(call["talk_seconds"], 420)
        self.assertEqual(call["queue"], "support")
        self.assertEqual(call["agent_ext"], "101")
        self.assertEqual(call["direction"], "inbound")

    def test_asterisk_abandoned_and_bad_rows(self):
        text = ASTERISK_ROW.replace('"ANSWERED"', '"NO ANSWER"')
        call = asterisk_call(next(csv.reader([text])))
        self.assertEqual(call["state"], "abandoned")
        self.assertEqual(call["wait_seconds"], 600)
        errors = []
        text = "a,b,c\n" + ASTERISK_ROW + "\n"
        calls = list(iter_calls(io.StringIO(text), "asterisk", errors=errors))
        self.assertEqual(len(calls), 1)
        self.assertEqual(errors[0][0], 1)
        self.assertEqual(errors[0][1].code, "short_row")

    def test_threecx_with_header(self):
        (call,) = list(iter_calls(io.StringIO(THREECX)))
        self.assertEqual(call["pbx_uid"], "00000001")
        self.assertEqual(call["start_date"], datetime(2026, 11, 2, 9, 15))
        self.assertEqual(call["wait_seconds"], 60)
        self.assertEqual(call["talk_seconds"], 240)
        self.assertEqual(call["queue"], "800")
        self.assertEqual(call["agent_ext"], "102")

    def test_json_call(self):
        call = json_call(
            {"call_id": "a1", "start": "2026-11-02T09:15:00+01:00", "wait_seconds": 5}
        )
        self.assertEqual(call["start_date"], datetime(2026, 11, 2, 8, 15))
        self.assertEqual(call["state"], "abandoned")
        for bad in ({}, {"call_id": "x"}, {"call_id": "x", "start": "soon"}, []):
            with self.assertRaises(CdrError):
                json_call(bad)
        with self.assertRaises(CdrError):
            json_call({"call_id": "x", "start": "2026-11-02", "wait_seconds": -1})

    def test_person_words(self):
        self.assertTrue(asks_for_person("Quiero hablar con una PERSONA, por favor."))
        self.assertTrue(asks_for_person("I want a real person"))
        self.assertTrue(asks_for_person("Vull parlar amb algú"))
        self.assertTrue(asks_for_person("Quero falar con alguén"))
        self.assertTrue(asks_for_person("Operadorea nahi dut"))
        # Exact words: no match inside longer words.
        self.assertFalse(asks_for_person("Mis personajes favoritos"))
        self.assertFalse(asks_for_person("humanitarian aid"))
        self.assertFalse(asks_for_person(""))

    def test_names_agent(self):
        placeholders = ("object.cs_agent_name",)
        self.assertTrue(names_agent("I am {{object.cs_agent_name}}.", placeholders))
        self.assertTrue(names_agent("I am {{ object.cs_agent_name }}.", placeholders))
        self.assertFalse(names_agent("Hello {{ object.cs_addressee }}", placeholders))

    def test_to_e164(self):
        self.assertEqual(to_e164("600 000 001", "ES"), "+34600000001")
        self.assertEqual(to_e164("+34 600-000-001", "ES"), "+34600000001")
        self.assertEqual(to_e164("0034600000001", "ES"), "+34600000001")
        self.assertEqual(to_e164("020 7946 0958", "GB"), "+442079460958")
        self.assertIsNone(to_e164("", "ES"))
        self.assertIsNone(to_e164("anonymous", "ES"))
        self.assertIsNone(to_e164("+12", "ES"))
