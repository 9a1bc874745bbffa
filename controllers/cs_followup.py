from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

RATES = (5, 3, 1)
FITNESS = ("yes", "no")


class CsFollowupAnswer(http.Controller):
    def _followup_from_token(self, token):
        # The rating token is the customer's proof; nothing else is public.
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search(
                [("access_token", "=", token), ("res_model", "=", "cs.followup")],
                limit=1,
            )
        )
        if not rating:
            raise NotFound()
        followup = request.env["cs.followup"].sudo().browse(rating.res_id).exists()
        if not followup:
            raise NotFound()
        return rating, followup

    def _render(self, template, followup, **values):
        lang = followup.partner_id.lang or request.env.lang or "en_US"
        return (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(
                template,
                dict(
                    values,
                    followup=followup,
                    company=followup.company_id,
                    html_lang=lang.replace("_", "-"),
                ),
            )
        )

    def _confirm_page(self, token, followup, kind, value):
        # Mail scanners follow links (GET and HEAD): the link only shows the
        # choice; the customer's submit of the form (POST with CSRF token) records it.
        return self._render(
            "customer_service.cs_followup_answer_confirm",
            followup,
            token=token,
            kind=kind,
            value=value,
            choices=RATES if kind == "rate" else FITNESS,
        )

    @http.route(
        "/cs/followup/<string:token>/rate/<int:rate>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def rate(self, token, rate, **kwargs):
        if rate not in RATES:
            raise NotFound()
        __, followup = self._followup_from_token(token)
        return self._confirm_page(token, followup, "rate", rate)

    @http.route(
        "/cs/followup/<string:token>/fit/<string:answer>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def fitness(self, token, answer, **kwargs):
        if answer not in FITNESS:
            raise NotFound()
        __, followup = self._followup_from_token(token)
        return self._confirm_page(token, followup, "fit", answer)

    @http.route(
        "/cs/followup/<string:token>/answer",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def answer(self, token, kind=None, value=None, **kwargs):
        rating, followup = self._followup_from_token(token)
        if kind == "rate" and value in {str(r) for r in RATES}:
            followup.rating_apply(int(value), rating=rating)
        elif kind == "fit" and value in FITNESS:
            followup._cs_record_answer(fitness=value)
        else:
            raise NotFound()
        return self._render("customer_service.cs_followup_answer_thanks", followup)
