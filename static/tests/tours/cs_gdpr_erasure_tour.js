import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_dpo_erasure", {
    steps: () => [
        {
            content: "The DPO runs the dry run first",
            trigger: ".o_form_view .o_form_statusbar button[name='action_erasure_dry_run']",
            run: "click",
        },
        {
            content: "Open the Erasure tab",
            trigger: ".o_form_view .o_notebook_headers a:contains(Erasure)",
            run: "click",
        },
        {
            content: "The dry run lists what would change",
            trigger: ".o_form_view div[name='erasure_preview']:contains(res.partner: 1)",
        },
        {
            content: "Confirm the erasure",
            trigger: ".o_form_view .o_form_statusbar button[name='action_erase']",
            run: "click",
        },
        {
            content: "Erasure is irreversible: confirm in the dialog",
            trigger: ".modal:contains(irreversible) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The report lists what was kept and why",
            trigger: ".o_form_view div[name='erasure_report']:contains(Kept, and why)",
        },
    ],
});
