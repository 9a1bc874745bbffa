import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_manual_escalation", {
    steps: () => [
        {
            content: "Open the escalation wizard",
            trigger:
                ".o_form_view .o_form_statusbar button[name='action_cs_open_escalation']:contains(Escalate)",
            run: "click",
        },
        {
            content: "The escalation dialog is open",
            trigger: ".modal div[name='level']",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit The customer asks for a refund above my limit",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The ticket shows level 2",
            trigger: ".o_form_view:not(:has(.modal)) div[name='cs_badges'] span:contains(L2)",
        },
    ],
});
