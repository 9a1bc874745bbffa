from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CsLoyaltyPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_membership_count" in counters:
            values["cs_membership_count"] = request.env["loyalty.card"].search_count(
                [("cs_state", "=", "active")]
            )
        return values

    @http.route("/my/membership", type="http", auth="user", website=True)
    def cs_membership(self, error=None, **kwargs):
        partner = request.env.user.partner_id
        cards = request.env["loyalty.card"].search([("cs_state", "!=", False)])
        active = cards.filtered(lambda c: c.cs_state == "active")
        # Programme and eligibility are configuration, invoices and consents a
        # portal user cannot read; only the sentences saying why leave them.
        program = partner.sudo()._cs_membership_program()
        refusals = (
            partner.sudo()._cs_loyalty_join_refusals(program)
            if program and not active
            else []
        )
        # The record rule limits portal users to their own coupons.
        coupons = request.env["loyalty.card"].search(
            [("cs_member_card_id", "in", cards.ids)], order="id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "cs_membership",
                "cards": cards,
                "program": program,
                "can_join": bool(program) and not active and not refusals,
                "refusals": refusals,
                "refusal_intro": refusals
                and request.env._(
                    "%(name)s, you cannot join %(programme)s yet:",
                    name=partner.name,
                    programme=program.name,
                ),
                "rewards": {card.id: card._cs_reward_overview() for card in active},
                "coupons": [
                    {
                        "code": coupon.code,
                        # sudo: the reward is programme configuration; its label
                        # is what the customer was given.
                        "reward": coupon.sudo().cs_reward_id.description or "",
                        "expiration_date": coupon.expiration_date,
                    }
                    for coupon in coupons
                ],
                "error": error,
            }
        )
        return request.render("customer_service.portal_my_membership", values)

    @http.route(
        "/my/membership/join", type="http", auth="user", website=True, methods=["POST"]
    )
    def cs_membership_join(self, **kwargs):
        partner = request.env.user.partner_id
        program = partner.sudo()._cs_membership_program()
        if not program or partner.sudo()._cs_loyalty_join_refusals(program):
            # The page lists the reasons instead of the join button.
            return self.cs_membership()
        try:
            # The customer enrols themselves: consent and eligibility are checked
            # inside; sudo because portal users cannot create loyalty cards.
            partner.sudo().action_cs_loyalty_enrol(program=program, channel="portal")
        except UserError as error:
            return self.cs_membership(error=str(error))
        return request.redirect("/my/membership")

    @http.route(
        "/my/membership/<int:card_id>/card.pdf", type="http", auth="user", website=True
    )
    def cs_membership_card_pdf(self, card_id, **kwargs):
        # The record rule limits portal users to their own cards.
        card = request.env["loyalty.card"].search(
            [("id", "=", card_id), ("cs_state", "=", "active")]
        )
        if not card:
            raise NotFound()
        pdf = card.sudo()._cs_card_pdf()
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                (
                    "Content-Disposition",
                    f'attachment; filename="membership-{card.code}.pdf"',
                ),
            ],
        )
