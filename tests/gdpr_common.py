from odoo.tests import new_test_user

from .common import CustomerServiceCase


class GdprCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env,
            login="cs_dpo",
            name="Diana DPO",
            email="dpo@example.com",
            groups="base.group_user,customer_service.group_cs_dpo",
        )
        cls.Consent = cls.env["cs.consent"]
        cls.Request = cls.env["cs.data.request"]
        cls.commercial = cls.env.ref("customer_service.purpose_commercial")
        cls.survey = cls.env.ref("customer_service.purpose_survey")
        cls.service = cls.env.ref("customer_service.purpose_service")

    @classmethod
    def _give(cls, partner, purpose, channel="email", state="given", **proof):
        proof.setdefault("proof_ip", "192.0.2.1")
        if "date" in proof:
            # Only the DPO's import may date an entry in the past.
            return cls.Consent.with_user(cls.dpo).create(
                {
                    "partner_id": partner.id,
                    "purpose_id": purpose.id,
                    "channel": channel,
                    "state": state,
                    "source": "portal",
                    "company_id": cls.env.company.id,
                    "proof_attestation": "Imported from the previous web shop",
                    **proof,
                }
            )
        return cls.Consent.sudo()._cs_record(
            partner, purpose, channel, state, "portal", **proof
        )
