from werkzeug.exceptions import BadRequest, NotFound

from odoo import fields, http, models
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

PORTAL_REQUEST_TYPES = ("access", "erasure", "portability")
CHANNELS = ("email", "sms", "phone")
OPT_IN_VALIDITY_SECONDS = 30 * 24 * 3600


def _proof():
    return {
        "proof_ip": request.httprequest.remote_addr,
        "proof_user_agent": (request.httprequest.user_agent.string or "")[:500],
    }


class PrivacyPortal(CustomerPortal):
    def _cs_purposes(self):
        # sudo: the register of purposes is public information for data subjects.
        return (
            request.env["cs.processing.purpose"]
            .sudo()
            .search(
                [
                    ("requires_consent", "=", True),
                    ("company_id", "in", [False, request.env.company.id]),
                ]
            )
        )

    def _cs_privacy_values(self, partner, **kwargs):
        consents = request.env["cs.consent"].sudo()._cs_current(partner)
        state_by_key = {
            (c.purpose_id.id, c.channel): c for c in consents if c.purpose_id
        }
        return {
            "page_name": "my_privacy",
            "partner": partner,
            "purposes": self._cs_purposes(),
            "channels": CHANNELS,
            "channel_labels": dict(
                request.env["cs.consent"]
                ._fields["channel"]
                ._description_selection(request.env)
            ),
            "consent_by_key": state_by_key,
            # sudo: limited to the logged-in contact's own requests.
            "data_requests": request.env["cs.data.request"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="create_date desc"),
            "message": kwargs.get("message"),
        }

    @http.route("/my/privacy", type="http", auth="user", website=True)
    def cs_my_privacy(self, **kwargs):
        partner = request.env.user.partner_id
        return request.render(
            "customer_service.portal_my_privacy",
            self._cs_privacy_values(partner, **kwargs),
        )

    @http.route(
        "/my/privacy/consent", type="http", auth="user", methods=["POST"], website=True
    )
    def cs_my_privacy_consent(
        self, purpose_id=None, channel=None, decision=None, **kwargs
    ):
        partner = request.env.user.partner_id
        purpose_id = str(purpose_id or "").strip()
        purpose = self._cs_purposes().filtered(
            lambda p: purpose_id.isdecimal() and p.id == int(purpose_id)
        )
        if (
            not purpose
            or channel not in CHANNELS
            or decision not in ("give", "withdraw")
        ):
            # A form from an old page or edited by hand: say so rather than fail.
            raise BadRequest(
                request.env._(
                    "Your choice could not be recorded: the form did not say which "
                    "purpose, channel and decision it was for, or the purpose no "
                    "longer asks for consent. Open “My privacy” again and use the "
                    "buttons there."
                )
            )
        state = "given" if decision == "give" else "withdrawn"
        # sudo: the user acts on their own consent only (partner from the session).
        request.env["cs.consent"].sudo()._cs_record(
            partner, purpose, channel, state, "portal", **_proof()
        )
        return request.redirect(f"/my/privacy?message={state}")

    @http.route(
        "/my/privacy/request", type="http", auth="user", methods=["POST"], website=True
    )
    def cs_my_privacy_request(self, request_type, description=None, **kwargs):
        if request_type not in PORTAL_REQUEST_TYPES:
            raise NotFound()
        partner = request.env.user.partner_id
        # sudo: portal users have no create right; partner comes from the session.
        request.env["cs.data.request"].sudo().create(
            {
                "partner_id": partner.id,
                "request_type": request_type,
                "description": (description or "")[:2000],
                "channel_id": request.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_channel_web"
                ).id,
                "identity_method": "portal_login",
                "company_id": (partner.company_id or request.env.company).id,
            }
        )
        return request.redirect("/my/privacy?message=request")

    @http.route(
        "/my/privacy/request/<int:request_id>/export",
        type="http",
        auth="user",
        website=True,
    )
    def cs_my_privacy_export(self, request_id, **kwargs):
        data_request = (
            request.env["cs.data.request"]
            .sudo()
            .search(
                [
                    ("id", "=", request_id),
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("state", "=", "done"),
                ]
            )
        )
        attachment = data_request.export_attachment_id
        if not attachment:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )

    # ------------------------------------------------------------------
    # Signed links, without login
    # ------------------------------------------------------------------

    def _cs_partner_from_token(self, partner_id, token, *payload):
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner or not consteq(
            partner._cs_privacy_token(*payload), str(token or "")
        ):
            # Same answer for a wrong id and a wrong token: nothing is revealed.
            raise NotFound()
        return partner

    def _cs_render_for(self, partner, template, values):
        # The page speaks the contact's language, whoever opens the link.
        lang = partner.lang or request.env.lang or "en_US"
        values = {
            key: value.with_context(lang=lang)
            if isinstance(value, models.BaseModel)
            else value
            for key, value in values.items()
        }
        return (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(template, dict(values, html_lang=lang.replace("_", "-")))
        )

    @http.route(
        "/privacy/withdraw/<int:partner_id>/<string:purpose_code>/<string:channel>/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        # Checked below: RFC 8058 one-click POSTs come from the mail client
        # without our form's token.
        csrf=False,
        sitemap=False,
    )
    def cs_withdraw_link(self, partner_id, purpose_code, channel, token, **kwargs):
        """GET and HEAD show one button (mail scanners follow links but do not
        submit forms); a POST of that form (CSRF token) or an RFC 8058
        List-Unsubscribe-Post one-click request withdraws."""
        partner = self._cs_partner_from_token(
            partner_id, token, "withdraw", purpose_code, channel
        )
        purpose = request.env["cs.processing.purpose"].sudo()._cs_get(purpose_code)
        if not purpose or channel not in CHANNELS:
            raise NotFound()
        done = request.httprequest.method == "POST" and (
            kwargs.get("List-Unsubscribe") == "One-Click"
            or request.validate_csrf(kwargs.get("csrf_token"))
        )
        if done:
            # sudo: the signed link proves the contact; only their consent changes.
            request.env["cs.consent"].sudo()._cs_record(
                partner, purpose, channel, "withdrawn", "email", **_proof()
            )
        return self._cs_render_for(
            partner,
            "customer_service.privacy_withdraw_page",
            {"purpose": purpose, "channel": channel, "done": done},
        )

    @http.route(
        "/privacy/confirm/<int:partner_id>/<string:purpose_code>/<string:channel>/<int:stamp>/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=True,
        sitemap=False,
    )
    def cs_opt_in_link(self, partner_id, purpose_code, channel, stamp, token, **kwargs):
        """GET and HEAD show the confirmation button; only its POST (CSRF token
        checked by the route) gives the consent, so a mail scanner cannot."""
        partner = self._cs_partner_from_token(
            partner_id, token, "optin", purpose_code, channel, stamp
        )
        purpose = request.env["cs.processing.purpose"].sudo()._cs_get(purpose_code)
        now = int(fields.Datetime.now().timestamp())
        if (
            not purpose
            or channel not in CHANNELS
            or now - stamp > OPT_IN_VALIDITY_SECONDS
        ):
            raise NotFound()
        done = request.httprequest.method == "POST"
        if done:
            # sudo: the signed link proves the contact; only their consent changes.
            Consent = request.env["cs.consent"].sudo()
            current = Consent._cs_current(partner, purpose, channel)
            if current.state != "given":
                Consent._cs_record(
                    partner,
                    purpose,
                    channel,
                    "given",
                    "email",
                    proof_message_id=current.proof_message_id.id,
                    **_proof(),
                )
        return self._cs_render_for(
            partner,
            "customer_service.privacy_opt_in_page",
            {"purpose": purpose, "done": done},
        )
