from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicketAudit(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _cs_audit_section_languages(self, company, date_from, date_to):
        """Demands of the period by the customer's language."""
        self.flush_model(["company_id", "partner_id"])
        self.env["res.partner"].flush_model(["lang"])
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(p.lang, ''), ARRAY_AGG(t.id ORDER BY t.id)
                  FROM helpdesk_ticket t
             LEFT JOIN res_partner p ON p.id = t.partner_id
                 WHERE t.company_id = %(company)s
                   AND t.create_date >= %(start)s
                   AND t.create_date < %(end)s
              GROUP BY 1
              ORDER BY 1
                """,
                company=company.id,
                start=date_from,
                end=fields.Date.add(date_to, days=1),
            )
        )
        rows = self.env.cr.fetchall()
        names = dict(self.env["res.lang"].get_installed())
        figures = [
            {
                "label": names.get(code, code) if code else self.env._("Not recorded"),
                "value": len(ids),
                "records": self.browse(ids),
            }
            for code, ids in rows
        ]
        return {
            "key": "languages",
            "title": self.env._("Languages used"),
            "definition": self.env._(
                "Demands (queries, complaints, claims, incidents and suggestions) "
                "created in the period, counted by the language of the customer's "
                "contact, which is the language the service answers in."
            ),
            "figures": figures,
        }
