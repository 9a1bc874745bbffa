from odoo import api, fields, models


class AccountMoveServiceHold(models.Model):
    _inherit = "account.move"

    cs_service_hold = fields.Boolean(
        string="Service Must Not Be Suspended",
        compute="_compute_cs_service_hold",
        help="The customer has a pending complaint or claim: no suspension of the "
        "service or dunning for this debt until it is answered (Ley 10/2025).",
    )
    cs_service_hold_reason = fields.Char(
        string="Suspension Hold Reason", compute="_compute_cs_service_hold"
    )

    @api.depends("partner_id")
    def _compute_cs_service_hold(self):
        customer_moves = self.filtered(
            lambda m: m.partner_id and m.move_type in ("out_invoice", "out_refund")
        )
        # Reading the first partner computes the hold of all of them at once.
        partners = customer_moves.partner_id.commercial_partner_id
        partners.mapped("cs_service_hold")
        for move in self:
            partner = move.partner_id.commercial_partner_id
            held = move in customer_moves and partner.cs_service_hold
            move.cs_service_hold = held
            move.cs_service_hold_reason = (
                partner._cs_service_suspension_allowed()[1] if held else False
            )

    def _get_alerts(self):
        # The invoice form's banner: whoever handles the debt sees the hold.
        alerts = super()._get_alerts()
        if self.cs_service_hold:
            alerts["cs_service_hold"] = {
                "level": "warning",
                "message": self.cs_service_hold_reason,
            }
        return alerts
