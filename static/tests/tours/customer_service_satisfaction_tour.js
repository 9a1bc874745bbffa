import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_satisfaction_report", {
    steps: () => [
        {
            content: "The wizard proposes last quarter: generate the report",
            trigger: ".modal button[name='action_generate']",
            run: "click",
        },
        {
            content: "The report opens with conclusions drafted from the data",
            trigger: ".o_form_view div[name='conclusions'] li",
        },
        {
            content: "Submit it for review",
            trigger: ".o_form_view .o_form_statusbar button[name='action_submit']",
            run: "click",
        },
        {
            content: "Try to approve it without any improvement proposal",
            trigger: ".o_form_view .o_form_statusbar button[name='action_approve']",
            run: "click",
        },
        {
            content: "Approval is refused and the message says how to fix it",
            trigger: ".modal:contains(has no improvement proposal):contains(Why No Proposal Is Needed)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Open the Improvement Proposals tab",
            trigger: ".o_form_view .o_notebook a[name='actions']",
            run: "click",
        },
        {
            content: "Write why no proposal is needed",
            trigger: ".o_form_view div[name='no_action_reason'] textarea",
            run: "edit Every figure is on target.",
        },
        {
            content: "Approve it as manager",
            trigger: ".o_form_view .o_form_statusbar button[name='action_approve']",
            run: "click",
        },
        {
            content: "Approved: it can now only be archived",
            trigger:
                ".o_form_view .o_form_statusbar button[name='action_archive_report']",
        },
    ],
});
