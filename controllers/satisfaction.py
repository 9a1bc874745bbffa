from odoo import http
from odoo.http import request


class CsSatisfactionController(http.Controller):
    @http.route("/cs/s/<string:code>", type="http", auth="public", website=False)
    def cs_short_link(self, code, **kwargs):
        """Short link of an SMS or QR code: redirect to the survey of that answer."""
        # The public visitor holds only the code; the answer is looked up by it and
        # nothing but its survey URL is revealed.
        answer = (
            request.env["survey.user_input"]
            .sudo()
            .search([("cs_short_code", "=", code)], limit=1)
        )
        if not answer:
            raise request.not_found()
        return request.redirect(answer.get_start_url(), local=True)
