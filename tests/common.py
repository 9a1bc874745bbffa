from unittest.mock import patch

from odoo.tests import Form, TransactionCase, new_test_user


class CustomerServiceCase(TransactionCase):
    """Users, contacts and tickets on every channel, without demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(
            ["resource", "helpdesk_mgmt", "customer_service"], ["es_ES"], overwrite=True
        )
        cls.company = cls.env.company
        cls.company.name = "Acme Servicios"
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Front desk"})
        cls.other_team = cls.env["helpdesk.ticket.team"].create({"name": "Back office"})
        cls.agent = new_test_user(
            cls.env,
            login="cs_agent",
            name="Ana Agente",
            groups="customer_service.group_cs_agent",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="cs_supervisor",
            name="Sergio Supervisor",
            groups="customer_service.group_cs_supervisor",
        )
        cls.portal_user = new_test_user(
            cls.env, login="cs_portal", name="Paula Portal", groups="base.group_portal"
        )
        cls.team.user_ids = cls.agent | cls.supervisor
        cls.mr = cls.env.ref("customer_service.address_form_mr")
        cls.dona = cls.env.ref("customer_service.address_form_dona")
        cls.customer_en = cls.env["res.partner"].create(
            {
                "name": "John Smith",
                "email": "john.smith@example.com",
                "phone": "+34 600 000 001",
                "lang": "en_US",
                "cs_address_form_id": cls.mr.id,
            }
        )
        cls.customer_es = cls.env["res.partner"].create(
            {
                "name": "Lucía Martínez",
                "email": "lucia@example.com",
                "phone": "+34 600 000 002",
                "lang": "es_ES",
                "cs_address_form_id": cls.dona.id,
            }
        )
        cls.customer_plain = cls.env["res.partner"].create(
            {"name": "Sam Lee", "email": "sam@example.com", "lang": "en_US"}
        )
        cls.channels = {
            "in_person": cls.env.ref("customer_service.channel_in_person"),
            "phone": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
            "email": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
            "sms": cls.env.ref("customer_service.channel_sms"),
            "web": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"),
            "chat": cls.env.ref("customer_service.channel_chat"),
            "social": cls.env.ref("customer_service.channel_social"),
            "ecommerce": cls.env.ref("customer_service.channel_ecommerce"),
        }
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _spy(self, model_name, method):
        """A spy on ``method`` of the model's class: it records the calls and still
        runs the method."""
        model_class = type(self.env[model_name])
        return patch.object(
            model_class,
            method,
            autospec=True,
            side_effect=getattr(model_class, method),
        )

    def _assert_no_cache_cleared(self, function):
        """Run ``function`` and check it cleared no registry cache; return its
        result."""
        registry_class = type(self.env.registry)
        with patch.object(
            registry_class,
            "clear_cache",
            autospec=True,
            wraps=registry_class.clear_cache,
        ) as clear:
            result = function()
        clear.assert_not_called()
        return result

    @classmethod
    def _ticket(cls, channel_kind, partner=None, user=None, **values):
        vals = {
            "name": f"Question by {channel_kind}",
            "description": "<p>Where is my order?</p>",
            "channel_id": cls.channels[channel_kind].id,
            "partner_id": (partner or cls.customer_en).id,
            "team_id": cls.team.id,
            "user_id": (user or cls.agent).id,
            "stage_id": cls.stage_new.id,
        }
        vals.update(values)
        return cls.env["helpdesk.ticket"].create(vals)

    def _greet(self, ticket, user, **values):
        """Greet as ``user`` with ``values`` typed in the greeting wizard, which is
        returned unconfirmed; a greeting said aloud has no wizard and returns the
        action's result."""
        action = ticket.with_user(user).action_cs_greet()
        if not action or action["res_model"] != "cs.greeting.wizard":
            return action
        form = Form(
            self.env["cs.greeting.wizard"]
            .with_user(user)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    @classmethod
    def _cs_consent_not_required(cls, *codes):
        """Let every contact be sent messages for these purposes.

        Flow tests of senders (follow-ups, loyalty, surveys) are not about consent:
        treating the purposes as legitimate interest keeps them independent of consent
        records, while refusals are tested with real entries where it matters.
        """
        purposes = cls.env["cs.processing.purpose"].search([("code", "in", codes)])
        purposes.write({"legal_basis": "legitimate_interest"})
