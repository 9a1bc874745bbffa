from odoo.exceptions import AccessDenied
from odoo.tests import TransactionCase

# (xml id, login, password, groups the user must have, groups it must not have);
# README.md and static/description/index.html publish the same table.
DEMO_LOGINS = [
    (
        "base.user_demo",
        "demo",
        "demo",
        ["customer_service.group_cs_agent"],
        ["customer_service.group_cs_supervisor", "customer_service.group_cs_dpo"],
    ),
    (
        "customer_service.demo_user_cs_supervisor",
        "cs_supervisor_demo",
        "supervisor",
        ["customer_service.group_cs_supervisor", "customer_service.group_cs_agent"],
        ["customer_service.group_cs_manager", "customer_service.group_cs_dpo"],
    ),
    (
        "customer_service.demo_user_cs_manager",
        "cs_manager_demo",
        "manager",
        [
            "customer_service.group_cs_manager",
            "customer_service.group_cs_supervisor",
            "helpdesk_mgmt.group_helpdesk_manager",
        ],
        ["customer_service.group_cs_dpo"],
    ),
    (
        "customer_service.demo_user_cs_dpo",
        "cs_dpo_demo",
        "dpo",
        ["customer_service.group_cs_dpo", "customer_service.group_cs_agent"],
        ["customer_service.group_cs_supervisor"],
    ),
    (
        "base.demo_user0",
        "portal",
        "portal",
        ["base.group_portal"],
        ["base.group_user", "customer_service.group_cs_agent"],
    ),
]


class TestDemoUsers(TransactionCase):
    """Every role has a demo login whose published password works."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_customer_service").demo:
            cls.skipTest(cls, "customer_service was installed without demo data")

    def _authenticate(self, login, password):
        credential = {"type": "password", "login": login, "password": password}
        return self.env["res.users"].authenticate(credential, {"interactive": False})

    def test_each_role_has_a_demo_user(self):
        for xmlid, login, _password, groups, not_groups in DEMO_LOGINS:
            with self.subTest(login=login):
                user = self.env.ref(xmlid)
                self.assertEqual(user.login, login)
                self.assertTrue(user.active)
                for group in groups:
                    self.assertTrue(user.has_group(group), f"{login} lacks {group}")
                for group in not_groups:
                    self.assertFalse(user.has_group(group), f"{login} has {group}")

    def test_published_passwords_log_in(self):
        for xmlid, login, password, _groups, _not_groups in DEMO_LOGINS:
            with self.subTest(login=login):
                auth_info = self._authenticate(login, password)
                self.assertEqual(auth_info["uid"], self.env.ref(xmlid).id)
                with self.assertRaises(AccessDenied):
                    self._authenticate(login, password + "x")

    def test_dpo_reaches_the_data_protection_menu(self):
        dpo = self.env.ref("customer_service.demo_user_cs_dpo")
        visible = self.env["ir.ui.menu"].with_user(dpo)._visible_menu_ids()
        # A menu shows only under a visible parent, up to the Helpdesk app.
        for xmlid in (
            "helpdesk_mgmt.helpdesk_ticket_main_menu",
            "customer_service.cs_data_protection_menu",
            "customer_service.cs_data_request_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
