from odoo import api, models


class CsSatisfactionStatAudit(models.Model):
    _inherit = "cs.satisfaction.stat"

    @api.model
    def _cs_audit_section_satisfaction(self, company, date_from, date_to):
        """Surveys and quick ratings sent in the period, from the satisfaction view."""
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        [(sent, answered, csat, nps, ces)] = self._read_group(
            domain,
            aggregates=[
                "sent:sum",
                "answered:sum",
                "csat:avg",
                "nps:avg",
                "ces:avg",
            ],
        )
        rows = self.search_fetch(domain, ["ticket_id", "answered", "source"])
        requests = rows
        answers = rows.filtered("answered")

        def rounded(value):
            return round(value, 1) if value is not None else "-"

        return {
            "key": "satisfaction",
            "title": self.env._("Customer satisfaction"),
            "definition": self.env._(
                "Satisfaction surveys and quick ratings sent in the period (by "
                "sending date). Response rate: answers over requests sent. CSAT: "
                "share of answers rating 4 or 5 out of 5. NPS: promoters (9-10) minus "
                "detractors (0-6), in points. CES: average effort on a 1-7 scale. "
                "The records are the requests: the demand they were about, or "
                "the survey answer or rating when there is no demand."
            ),
            "figures": [
                {
                    "label": self.env._("Satisfaction requests sent"),
                    "value": sent or 0,
                    "records": requests,
                },
                {
                    "label": self.env._("Answers received"),
                    "value": answered or 0,
                    "records": answers,
                },
                {
                    "label": self.env._("Response rate (%)"),
                    "value": rounded(100.0 * answered / sent) if sent else "-",
                    "records": answers,
                },
                {
                    "label": self.env._("CSAT (%)"),
                    "value": rounded(csat),
                    "records": answers,
                },
                {
                    "label": self.env._("NPS"),
                    "value": rounded(nps),
                    "records": answers,
                },
                {
                    "label": self.env._("CES (1-7)"),
                    "value": rounded(ces),
                    "records": answers,
                },
            ],
        }

    def _cs_audit_references(self):
        """{id: reference}: the demand's number, else the answer or rating."""
        refs = {}
        for row in self:
            if row.ticket_id:
                refs[row.id] = row.ticket_id.number
            elif row.source == "survey":
                refs[row.id] = self.env._(
                    "Survey answer %(id)s", id=row.user_input_id.id
                )
            else:
                refs[row.id] = self.env._("Rating %(id)s", id=row.id // 2)
        return refs
