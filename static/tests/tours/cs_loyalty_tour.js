import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_loyalty_enrol_and_send", {
    steps: () => [
        {
            content: "Open the loyalty tab of the ticket",
            trigger: ".o_form_view .o_notebook a[name='cs_loyalty']",
            run: "click",
        },
        {
            // The page's loyalty panel is read when the page opens.
            content: "The agent sees the customer is eligible",
            trigger:
                ".o_form_view .o_cs_lazy_form div[name='cs_loyalty_eligibility']:contains('Eligible for')",
        },
        {
            content: "Enrol the customer in one click, beside the eligibility",
            trigger: ".o_form_view .o_cs_lazy_form button[name='action_cs_loyalty_enrol']",
            run: "click",
        },
        {
            content: "The card and tier appear on the ticket",
            trigger: ".o_form_view .o_cs_lazy_form div[name='cs_loyalty_tier_id']:contains('Bronze')",
        },
        {
            content: "The enrol button is gone once the panel reloaded",
            trigger: ".o_form_view .o_cs_lazy_form:not(:has(button[name='action_cs_loyalty_enrol']))",
        },
        {
            content: "Open the ticket's Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Send the membership card",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Send membership card')",
            run: "click",
        },
        {
            content: "The chatter records the card was sent",
            trigger: ".o-mail-Message:contains('sent to the customer')",
        },
    ],
});

registry.category("web_tour.tours").add("customer_service_followup_today", {
    steps: () => [
        {
            content: "Today's follow-ups list the customer due today",
            trigger: ".o_list_view .o_data_row td[name='partner_id']:contains('John Smith')",
            run: "click",
        },
        {
            content: "Run the satisfaction step",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_run_next_step']",
            run: "click",
        },
        {
            content: "The message with the one-tap links is in the chatter",
            trigger: ".o-mail-Message:contains('One tap is enough')",
        },
        {
            content: "The next step is the courtesy call",
            trigger: ".o_form_view div[name='next_step_id']:contains('Courtesy call')",
        },
    ],
});

registry.category("web_tour.tours").add("customer_service_followup_calendar", {
    steps: () => [
        {
            content: "The follow-up calendar shows the customer's next step",
            trigger: ".o_calendar_view .o_event:contains('John Smith')",
        },
    ],
});
