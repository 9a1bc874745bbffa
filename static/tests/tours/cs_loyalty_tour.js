import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_loyalty_enrol_and_send", {
    steps: () => [
        {
            content: "Open the loyalty tab of the ticket",
            trigger: ".o_form_view .o_notebook a[name='cs_loyalty']",
            run: "click",
        },
        {
            content: "The agent sees the customer is eligible",
            trigger: ".o_form_view div[name='cs_loyalty_eligibility']:contains('Eligible for')",
        },
        {
            content: "Enrol the customer in one click",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_loyalty_enrol']",
            run: "click",
        },
        {
            content: "The card and tier appear on the ticket",
            trigger: ".o_form_view div[name='cs_loyalty_tier_id']:contains('Bronze')",
        },
        {
            content: "Send the membership card",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_send_loyalty_card']",
            run: "click",
        },
        {
            content: "The chatter records the card was sent",
            trigger: ".o-mail-Message:contains('sent to the customer')",
        },
    ],
});
