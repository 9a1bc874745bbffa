import { user } from "@web/core/user";
import { registry } from "@web/core/registry";

// What the user reads, in the user's language: the tour checks the labels, not only the
// technical names, so a lost translation fails it too.
const LABELS = {
    en: {
        tabs: ["Description", "Customer care", "Complaint and escalation", "Loyalty and follow-up"],
        greet: "Greet customer",
        farewell: "Close with farewell",
        escalate: "Escalate",
        deescalate: "De-escalate",
        menu: ["Collect contact data", "Register document", "Search archives", "Send membership card"],
        complaint: "Complaint",
    },
    es: {
        tabs: ["Descripción", "Atención al cliente", "Reclamación y escalado", "Fidelización y seguimiento"],
        greet: "Saludar al cliente",
        farewell: "Cerrar con despedida",
        escalate: "Escalar",
        deescalate: "Desescalar",
        menu: [
            "Recoger datos de contacto",
            "Registrar documento",
            "Buscar en los archivos",
            "Enviar tarjeta de socio",
        ],
        complaint: "Reclamación",
    },
};

function labels() {
    return user.lang.startsWith("es") ? LABELS.es : LABELS.en;
}

function fail(message) {
    throw new Error(message);
}

// Asks the test for a screenshot (see tests/test_ticket_form_tour.py) and gives Chrome
// time to take it before the next step changes the page.
function screenshot(name) {
    return {
        content: `Screenshot ${name}`,
        trigger: ".o_form_view .o_form_statusbar",
        async run() {
            console.log(`cs_screenshot:${name}`);
            await new Promise((resolve) => setTimeout(resolve, 400));
        },
    };
}

function layoutSteps() {
    return [
        {
            content: "The form is loaded with its stage bar",
            trigger: ".o_form_view .o_form_statusbar .o_statusbar_status .o_arrow_button_current",
        },
        {
            content: "The stage bar shows its stages inline, not one collapsed dropdown",
            trigger: ".o_form_view .o_statusbar_status",
            run() {
                const bar = document.querySelector(".o_form_view .o_statusbar_status");
                const current = bar.querySelector(".o_arrow_button_current");
                if (!current || current.classList.contains("d-none")) {
                    fail("The current stage is hidden: the stage bar collapsed into a dropdown.");
                }
                const inline = [...bar.querySelectorAll(".o_arrow_button:not(.dropdown-toggle)")];
                const shown = inline.filter((el) => !el.classList.contains("d-none"));
                if (shown.length !== inline.length) {
                    fail(`Only ${shown.length} of ${inline.length} stages are shown inline.`);
                }
            },
        },
        {
            content: "The header buttons hold on one row",
            trigger: ".o_form_view .o_statusbar_buttons",
            run() {
                const buttons = [
                    ...document.querySelectorAll(".o_form_view .o_statusbar_buttons > button"),
                ];
                const tops = new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
                if (tops.size > 1) {
                    fail(`The ${buttons.length} header buttons wrap onto ${tops.size} rows.`);
                }
                const stages = document.querySelector(".o_form_view .o_statusbar_status");
                const left = stages.getBoundingClientRect().left;
                for (const button of buttons) {
                    if (button.getBoundingClientRect().right > left + 1) {
                        fail(`Header button "${button.textContent.trim()}" runs under the stage bar.`);
                    }
                }
            },
        },
        {
            content: "Every tab is visible, none scrolled out of sight",
            trigger: ".o_form_view .o_notebook .o_notebook_headers",
            run() {
                const headers = document.querySelector(".o_form_view .o_notebook_headers");
                const names = [...headers.querySelectorAll(".nav-link")].map((a) =>
                    a.textContent.trim()
                );
                for (const tab of labels().tabs) {
                    if (!names.includes(tab)) {
                        fail(`Tab "${tab}" is missing; tabs: ${names.join(", ")}`);
                    }
                }
                const right = headers.getBoundingClientRect().right;
                for (const link of headers.querySelectorAll(".nav-link")) {
                    if (link.getBoundingClientRect().right > right + 1) {
                        fail(`Tab "${link.textContent.trim()}" is hidden past the notebook's edge.`);
                    }
                }
                if (headers.scrollWidth > headers.clientWidth + 1) {
                    fail("The tabs scroll sideways.");
                }
            },
        },
    ];
}

function menuSteps() {
    return [
        {
            content: "Open the form's Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        ...labels().menu.map((item) => ({
            content: `The Actions menu offers "${item}"`,
            trigger: `.o-dropdown--menu .o_menu_item:contains("${item}")`,
        })),
    ];
}

function headerHas(name, label, { primary = false } = {}) {
    return {
        content: `The header offers "${label}"`,
        trigger: `.o_form_view .o_form_statusbar button${primary ? ".btn-primary" : ""}[name='${name}']:contains("${label}")`,
    };
}

function headerLacks(names) {
    const not = names.map((n) => `:not(:has(button[name='${n}']))`).join("");
    return {
        content: `The header does not offer ${names.join(", ")}`,
        trigger: `.o_form_view .o_form_statusbar .o_statusbar_buttons${not}`,
    };
}

registry.category("web_tour.tours").add("customer_service_ticket_form_agent", {
    steps: () => [
        ...layoutSteps(),
        // Not greeted yet: the greeting is the one thing to do, not the farewell.
        headerHas("action_cs_greet", labels().greet, { primary: true }),
        headerHas("action_cs_open_escalation", labels().escalate),
        headerLacks([
            "action_cs_open_farewell",
            "action_cs_escalate_scope",
            "action_cs_collect_data",
            "action_cs_register_document",
            "action_cs_mass_search",
            "action_cs_send_loyalty_card",
            "action_cs_loyalty_enrol",
        ]),
        {
            content: "An agent is not offered to de-escalate",
            trigger: `.o_form_view .o_statusbar_buttons:not(:has(button:contains("${labels().deescalate}")))`,
        },
        screenshot("agent_form"),
        ...menuSteps(),
        screenshot("agent_actions_menu"),
    ],
});

registry.category("web_tour.tours").add("customer_service_ticket_form_supervisor", {
    steps: () => [
        ...layoutSteps(),
        // Greeted and escalated to L2: the farewell is due; the supervisor may go either way.
        headerHas("action_cs_open_farewell", labels().farewell, { primary: true }),
        headerHas("action_cs_open_escalation", labels().deescalate),
        headerLacks(["action_cs_greet", "action_cs_escalate_scope"]),
        {
            content: "Open the complaint and escalation tab",
            trigger: `.o_form_view .o_notebook a[name='cs_escalation']:contains("${labels().tabs[2]}")`,
            run: "click",
        },
        {
            content: "The complaint is on the tab, next to the SLA",
            trigger: `.o_form_view .o_notebook .tab-pane.active .o_horizontal_separator:contains("${labels().complaint}")`,
        },
        {
            content: "The request type (query, complaint, claim...) is there to set",
            trigger: ".o_form_view .o_notebook .tab-pane.active div[name='cs_request_kind']",
        },
        {
            content: "The SLA, read when the tab opens, is shown below",
            trigger:
                ".o_form_view .o_notebook .tab-pane.active .o_cs_lazy_form div[name='cs_sla_consumed']",
        },
        screenshot("supervisor_form"),
        ...menuSteps(),
        screenshot("supervisor_actions_menu"),
    ],
});
