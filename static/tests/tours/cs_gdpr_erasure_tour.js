import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_dpo_erasure", {
    steps: () => [
        {
            content: "The DPO runs the dry run first",
            trigger: ".o_form_view .o_form_statusbar button[name='action_erasure_dry_run']",
            run: "click",
        },
        {
            content: "The dry run says at once, in words, what would change",
            trigger: ".o_notification:contains('Erasure dry run: nothing was changed')",
        },
        {
            content: "The form shows the dry run's list at the top",
            trigger: ".o_cs_erasure_dry_run div[name='erasure_preview']:contains('Contact details: 1')",
        },
        {
            content: "Open the Erasure tab",
            trigger: ".o_form_view .o_notebook_headers a:contains(Erasure)",
            run: "click",
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

// What the DPO reads, in each language the tours check.
const TEXTS = {
    en: {
        exportButton: "Export personal data",
        exported: "Export produced",
        ready: "Export ready",
        download: "Download the zip",
        consents: "Consents:",
        dryRunButton: "Erasure dry run",
        dryRunTitle: "Erasure dry run: nothing was changed",
        wouldChange: "records would be anonymised or deleted",
        contact: "Contact details: 1",
    },
    es: {
        exportButton: "Exportar datos personales",
        exported: "Exportación generada",
        ready: "Exportación lista",
        download: "Descargar el archivo zip",
        consents: "Consentimientos:",
        dryRunButton: "Simular supresión",
        dryRunTitle: "Simulación de supresión: no se ha cambiado nada",
        wouldChange: "se anonimizarían o eliminarían",
        contact: "Datos de contacto: 1",
    },
};

for (const [lang, text] of Object.entries(TEXTS)) {
    registry.category("web_tour.tours").add(`customer_service_dpo_export_${lang}`, {
        steps: () => [
            {
                content: "The DPO produces the export of the customer's data",
                trigger: `.o_form_view .o_form_statusbar button[name='action_export']:contains("${text.exportButton}")`,
                run: "click",
            },
            {
                content: "A notification says at once, in words, what the export holds",
                trigger: `.o_notification:contains("${text.ready}"):contains("${text.consents}"):not(:contains(cs.consent))`,
            },
            {
                content: "The notification offers the zip to download",
                trigger: `.o_notification a[href*='download=true']:contains("${text.download}")`,
            },
            {
                content: "The chatter says in words what was exported",
                trigger: `.o-mail-Message:contains("${text.exported}"):contains("${text.consents}")`,
            },
            {
                content: "No technical model name in what the DPO reads",
                trigger: `.o-mail-Message:contains("${text.exported}"):not(:contains(cs.consent)):not(:contains(account.move))`,
            },
        ],
    });
    registry.category("web_tour.tours").add(`customer_service_dpo_dry_run_${lang}`, {
        steps: () => [
            {
                content: "The DPO runs the erasure dry run",
                trigger: `.o_form_view .o_form_statusbar button[name='action_erasure_dry_run']:contains("${text.dryRunButton}")`,
                run: "click",
            },
            {
                content: "A notification gives the result at once, in words",
                trigger: `.o_notification:contains("${text.dryRunTitle}"):contains("${text.wouldChange}"):contains("${text.contact}")`,
            },
            {
                content: "The form shows what would change, without technical names",
                trigger: `.o_cs_erasure_dry_run div[name='erasure_preview']:contains("${text.contact}"):not(:contains(res.partner))`,
            },
        ],
    });
}
