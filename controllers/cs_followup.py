from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

RATES = {1: 1, 3: 3, 5: 5}


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

    def _thanks(self, followup):
        lang = followup.partner_id.lang or request.env.lang
        return (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(
                "customer_service.cs_followup_answer_thanks",
                {"followup": followup, "company": followup.company_id},
            )
        )

    @http.route(
        "/cs/followup/<string:token>/rate/<int:rate>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def rate(self, token, rate, **kwargs):
        if rate not in RATES:
            raise NotFound()
        rating, followup = self._followup_from_token(token)
        followup.rating_apply(RATES[rate], rating=rating)
        return self._thanks(followup)

    @http.route(
        "/cs/followup/<string:token>/fit/<string:answer>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def fitness(self, token, answer, **kwargs):
        if answer not in ("yes", "no"):
            raise NotFound()
        __, followup = self._followup_from_token(token)
        followup._cs_record_answer(fitness=answer)
        return self._thanks(followup)
