import json
import re

from odoo import http
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request

from ..tools.cdr_parse import CdrError, json_call

# Calls accepted in one push; a PBX sends each call as it ends, or a few at once.
MAX_CALLS_PER_PUSH = 1000
API_KEY_SCOPE = "customer_service_pbx"


class CsCallApi(http.Controller):
    """PBXs push finished calls here, authenticated by an Odoo API key.

    POST /customer_service/api/calls with "Authorization: Bearer <key>" and a JSON
    body: one call object, or {"calls": [...]}. Pushing a call again (same
    "call_id") adds nothing, so a PBX may retry safely.
    """

    def _reply(self, status, payload):
        return request.make_response(
            json.dumps(payload),
            headers=[("Content-Type", "application/json")],
            status=status,
        )

    def _error(self, status, code, message, **extra):
        return self._reply(
            status, {"error": {"code": code, "message": message, **extra}}
        )

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization") or ""
        match = re.match(r"^bearer\s+(\S+)$", header, re.IGNORECASE)
        if not match:
            return None
        try:
            # Keys are hashed in res.users.apikeys; a key with no scope or with
            # this scope is accepted.
            uid = request.env["res.users.apikeys"]._check_credentials(
                scope=API_KEY_SCOPE, key=match.group(1)
            )
        except AccessDenied:
            return None
        return uid or None

    @http.route(
        "/customer_service/api/calls",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def push_calls(self, **_kwargs):
        uid = self._authenticate()
        if not uid:
            return self._error(
                401,
                "unauthorized",
                "Send an Odoo API key as 'Authorization: Bearer <key>'.",
            )
        env = request.env(user=uid)
        request.update_env(user=uid)
        try:
            body = json.loads(request.httprequest.get_data() or b"null")
        except ValueError:
            return self._error(400, "invalid_json", "The body is not valid JSON.")
        items = (
            body.get("calls") if isinstance(body, dict) and "calls" in body else [body]
        )
        if not isinstance(items, list) or not items:
            return self._error(
                400, "no_calls", "Send a call object or {'calls': [...]}."
            )
        if len(items) > MAX_CALLS_PER_PUSH:
            return self._error(
                413,
                "too_many_calls",
                f"Send at most {MAX_CALLS_PER_PUSH} calls at once.",
            )
        calls = []
        for index, item in enumerate(items):
            try:
                calls.append(json_call(item))
            except CdrError as problem:
                # Nothing is written when one call is wrong: the PBX fixes and resends.
                return self._error(
                    400,
                    problem.code,
                    f"Call {index} is not valid: {problem.code}.",
                    index=index,
                    detail=problem.detail,
                )
        company = env.company
        Call = env["cs.call"]
        try:
            ids, duplicates = Call._cs_insert_calls(calls, company, "api")
        except AccessError:
            return self._error(
                403,
                "forbidden",
                "The API key's user may not record calls: give them the "
                "'PBX integration' access.",
            )
        uids = [call["pbx_uid"] for call in calls]
        records = Call.search_read(
            [("company_id", "=", company.id), ("pbx_uid", "in", uids)], ["pbx_uid"]
        )
        return self._reply(
            200,
            {
                "created": len(ids),
                "duplicates": duplicates,
                "ids": {rec["pbx_uid"]: rec["id"] for rec in records},
            },
        )
