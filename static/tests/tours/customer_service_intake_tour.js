import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_intake_from_ticket", {
    steps: () => [
        {
            content: "Open the ticket's Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Register a document handed in for this ticket",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Register document')",
            run: "click",
        },
        {
            content: "The contact and channel come from the ticket",
            trigger: ".o_form_view div[name='channel_id'] input:value(/In person/)",
        },
        {
            content: "Choose the document type",
            trigger: ".o_form_view div[name='document_type_id'] input",
            run: "edit Warranty",
        },
        {
            content: "Pick Warranty",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(Warranty)",
            run: "click",
        },
        {
            content: "Describe what was handed in",
            trigger: ".o_form_view div[name='description'] textarea",
            run: "edit Warranty card handed in at the desk",
        },
        {
            content: "Save: the intake gets its code",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The code is shown",
            trigger: ".o_form_view .oe_title span:contains(/^GAR\\/\\d{4}\\/\\d{6}-[0-9A-Z]$/)",
        },
        {
            content: "Print the entry receipt",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_print_receipt']",
            run: "click",
        },
        {
            content: "No error: the form is still there",
            trigger: ".o_form_view:not(:has(.o_error_dialog)) .oe_title",
        },
    ],
});
