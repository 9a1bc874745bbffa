from odoo import api, fields, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    def _cs_gdpr_ratings(self, partner):
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        # sudo: ratings of the person's tickets, whichever team rated.
        return self.sudo().search(
            [
                "|",
                ("partner_id", "in", partner.ids),
                "&",
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
            ]
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "document": rating.res_name or "",
                "rating": rating.rating,
                "feedback": rating.feedback or "",
                "date": fields.Datetime.to_string(rating.create_date),
            }
            for rating in self._cs_gdpr_ratings(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        ratings = self._cs_gdpr_ratings(partner)
        kept = []
        if ratings:
            kept.append(
                self.env._(
                    "%(count)s ratings keep their score, without comment or contact, "
                    "for service statistics.",
                    count=len(ratings),
                )
            )
        if not dry_run and ratings:
            ratings.write({"feedback": False, "partner_id": False})
            # The stored document name was copied from the ticket before erasure.
            ratings._compute_res_name()
        return {"changed": len(ratings), "kept": kept}
