import { registry } from "@web/core/registry";

// A phone demand under Ley 10/2025: the agent greets, gives the tracking key on the
// phone, writes the answer and closes with the farewell.
registry.category("web_tour.tours").add("customer_service_phone_demand", {
    steps: () => [
        {
            content: "Greet the caller (logged at once on the phone)",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_greet']",
            run: "click",
        },
        {
            content: "Open the customer care tab",
            trigger: ".o_notebook_headers a[name='cs_protocol']",
            run: "click",
        },
        {
            content: "The key to give is on the ticket",
            trigger: "div[name='cs_tracking_key'] span:contains(-)",
        },
        {
            content: "Give the tracking key on the phone",
            trigger: ".o_form_view button[name='action_cs_send_acknowledgement']",
            run: "click",
        },
        {
            content: "The acknowledgement is recorded",
            trigger:
                ".o_form_view div[name='cs_ack_mode']",
        },
        {
            content: "Write the answer",
            trigger: "div[name='cs_answer_text'] textarea",
            run: "edit Your order leaves our warehouse tomorrow morning.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Close with the farewell",
            trigger:
                ".o_form_view:not(.o_form_dirty) .o_form_statusbar button[name='action_cs_open_farewell']",
            run: "click",
        },
        {
            content: "The demand is resolved",
            trigger: ".modal div[name='demand_resolved'] input",
            run: "click",
        },
        {
            content: "More information was offered",
            trigger: ".modal div[name='more_info_offered'] input",
            run: "click",
        },
        {
            content: "Confirm the farewell",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The demand is closed",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_form_statusbar:not(:has(button[name='action_cs_open_farewell']))",
        },
    ],
});
