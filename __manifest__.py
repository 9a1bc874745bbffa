# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Service (UC0241_2)",
    "summary": "Channel protocols, first contact and farewell checks for the "
    "customer-service team, after the Spanish standard UC0241_2",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/customer-service/customer_service",
    "author": "Customer Service Team",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "contacts",
        "helpdesk_mgmt",
        "phone_validation",
        "resource",
        "sms",
    ],
    "data": [
        "security/customer_service_security.xml",
        "security/ir.model.access.csv",
        "data/cs_address_form_data.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/cs_service_protocol_data.xml",
        "views/cs_service_protocol_views.xml",
        "views/helpdesk_ticket_channel_views.xml",
        "views/cs_address_form_views.xml",
        "views/res_partner_views.xml",
        "wizards/cs_farewell_wizard_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/customer_service_menus.xml",
    ],
    "demo": [
        "demo/customer_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_service/static/tests/tours/*.js",
        ],
    },
}
