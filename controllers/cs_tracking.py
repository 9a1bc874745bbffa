from odoo import http
from odoo.http import request

TEMPLATE = "customer_service.cs_tracking_page"


class CsTrackingPage(http.Controller):
    """Public status page of a demand: tracking key plus a second factor."""

    def _render(self, status=200, **values):
        lang = request.env.lang or "en_US"
        values.setdefault("key", "")
        values.setdefault("result", None)
        values.setdefault("error", None)
        values["html_lang"] = lang.replace("_", "-")
        response = request.render(
            TEMPLATE, values, headers={"Cache-Control": "no-store"}
        )
        response.status_code = status
        return response

    @http.route(
        "/cs/track",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def track_form(self, **kwargs):
        # A link only shows the form: nothing is looked up on GET.
        return self._render()

    @http.route(
        "/cs/track",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def track(self, key="", factor="", **kwargs):
        env = request.env
        # sudo: the visitor is anonymous; they prove the demand is theirs with its
        # key and their e-mail, phone or postal code, checked exactly. Only the
        # values of _cs_track_values (no personal data) reach the page.
        limited = (
            env["cs.tracking.attempt"]
            .sudo()
            ._cs_register(request.httprequest.remote_addr or "", key or "")
        )
        if limited:
            return self._render(status=429, key=key, error="limited")
        ticket = (
            env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False, lang=env.lang)
            ._cs_track_lookup(key, factor)
        )
        if not ticket:
            return self._render(key=key, error="no_match")
        return self._render(result=ticket._cs_track_values())
