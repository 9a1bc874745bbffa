import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

URL = "/customer_service/api/calls"


@tagged("post_install", "-at_install")
class TestCallApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pbx = new_test_user(
            cls.env,
            login="cs_pbx_push",
            groups="base.group_user,customer_service.group_cs_pbx",
        )
        cls.plain = new_test_user(
            cls.env, login="cs_pbx_plain", groups="base.group_user"
        )
        tomorrow = datetime.now() + timedelta(days=1)
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.pbx)
            ._generate("customer_service_pbx", "PBX", tomorrow)
        )
        cls.plain_key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.plain)
            ._generate(None, "x", tomorrow)
        )

    def _post(self, payload, key=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = raw if raw is not None else json.dumps(payload)
        return self.url_open(URL, data=data, headers=headers)

    def test_auth_failures(self):
        call = {"call_id": "api-1", "start": "2026-11-02T09:00:00Z"}
        response = self._post(call)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")
        self.assertEqual(self._post(call, key="wrong-key").status_code, 401)
        forbidden = self._post(call, key=self.plain_key)
        self.assertEqual(forbidden.status_code, 403)
        self.assertEqual(self.url_open(URL).status_code, 405)
        self.assertFalse(self.env["cs.call"].search([("pbx_uid", "=", "api-1")]))

    def test_push_is_idempotent(self):
        calls = {
            "calls": [
                {
                    "call_id": "api-2",
                    "start": "2026-11-02T09:00:00Z",
                    "answer": "2026-11-02T09:03:00Z",
                    "end": "2026-11-02T09:10:00Z",
                    "caller": "+34600000009",
                    "queue": "support",
                },
                {
                    "call_id": "api-3",
                    "start": "2026-11-02T09:01:00Z",
                    "wait_seconds": 50,
                },
            ]
        }
        first = self._post(calls, key=self.key)
        self.assertEqual(first.status_code, 200, first.text)
        self.assertEqual(first.json()["created"], 2)
        again = self._post(calls, key=self.key)
        self.assertEqual(again.json(), {**first.json(), "created": 0, "duplicates": 2})
        call = self.env["cs.call"].search([("pbx_uid", "=", "api-2")])
        self.assertEqual(
            (call.state, call.wait_seconds, call.talk_seconds), ("answered", 180, 420)
        )
        self.assertEqual(call.source, "api")

    def test_bad_payloads(self):
        self.assertEqual(self._post(None, key=self.key, raw="{nope").status_code, 400)
        bad = self._post({"calls": [{"call_id": "api-4"}]}, key=self.key)
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json()["error"]["code"], "missing_start")
        # One bad call refuses the whole push.
        mixed = {
            "calls": [
                {"call_id": "api-5", "start": "2026-11-02T09:00:00Z"},
                {"call_id": "api-6", "start": "later"},
            ]
        }
        self.assertEqual(self._post(mixed, key=self.key).status_code, 400)
        self.assertFalse(self.env["cs.call"].search([("pbx_uid", "=", "api-5")]))
