import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_greet_and_farewell", {
    steps: () => [
        {
            content: "The agent sees that the first contact is pending",
            trigger: ".o_form_view div[name='cs_first_contact_pending']",
        },
        {
            content: "Greet the customer with the phone protocol",
            trigger: ".o_form_view .o_form_statusbar button[name='action_cs_greet']",
            run: "click",
        },
        {
            content: "Once greeted, the farewell becomes the main action",
            trigger:
                ".o_form_view:not(:has(div[name='cs_first_contact_pending'])) " +
                ".o_form_statusbar button.btn-primary[name='action_cs_open_farewell']",
            run: "click",
        },
        {
            content: "The farewell for this customer is rendered",
            trigger: ".modal div[name='farewell'] textarea:value(/anything else/)",
        },
        {
            content: "Confirm the demand is resolved",
            trigger: ".modal div[name='demand_resolved'] input",
            run: "click",
        },
        {
            content: "Confirm more information was offered",
            trigger: ".modal div[name='more_info_offered'] input",
            run: "click",
        },
        {
            content: "Close the ticket",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            // The wizard is a form view too: wait until its dialog is gone.
            content: "The ticket is closed: no farewell button any more",
            trigger:
                "body:not(:has(.modal)) .o_action_manager .o_form_view " +
                ".o_form_statusbar:not(:has(button[name='action_cs_open_farewell']))",
        },
    ],
});
