import { registry } from "@web/core/registry";

const FIELD = ".o_field_cs_message_length";
const SHORT = "Hola Lucia, te llamo a las 5.";

registry.category("web_tour.tours").add("customer_service_sms_length", {
    steps: () => [
        {
            content: "The rendered greeting is counted at once, and its “í” named",
            trigger: `${FIELD} .o_cs_length_unicode:contains("The character “í” switches the message to Unicode (UCS-2): 70 characters per SMS instead of 160.")`,
        },
        {
            content: "The agent writes a short text of plain characters",
            trigger: `${FIELD} textarea`,
            run: `edit ${SHORT}`,
        },
        {
            content: "Counted as typed: GSM-7, one part, no Unicode warning",
            trigger: `${FIELD}:not(:has(.o_cs_length_unicode)) .o_cs_length_summary:contains("Characters: 29 · SMS parts: 1 of 2 · Encoding: GSM-7")`,
        },
        {
            content: "An accent switches the message to Unicode",
            trigger: `${FIELD} textarea`,
            run: (helpers) => helpers.fill(" ¿Algo más?"),
        },
        {
            content: "The “á” is named and the encoding shown",
            trigger: `${FIELD} .o_cs_length_unicode:contains("The character “á” switches the message")`,
        },
        {
            trigger: `${FIELD} .o_cs_length_summary:contains("Characters: 40 · SMS parts: 1 of 2 · Encoding: Unicode (UCS-2)")`,
        },
        {
            content: "A long text goes over the channel's limit of two parts",
            trigger: `${FIELD} textarea`,
            run: `edit ${"Gracias por su paciencia, ya está resuelto. ".repeat(4)}`,
        },
        {
            trigger: `${FIELD} .o_cs_length_over:contains("The message is 1 SMS parts over the limit of 2 of this channel.")`,
        },
        {
            content: "Back to the short text",
            trigger: `${FIELD} textarea`,
            run: `edit ${SHORT}`,
        },
        {
            trigger: `${FIELD}:not(:has(.o_cs_length_over)):not(:has(.o_cs_length_unicode))`,
        },
        {
            content: "Send it",
            trigger: "button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The agent is told it was sent",
            trigger: ".o_notification:contains(The greeting was sent to the customer.)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_service_sms_length_es", {
    steps: () => [
        {
            content: "The counter speaks Spanish to a Spanish agent",
            trigger: `${FIELD} .o_cs_length_unicode:contains("El carácter “í” pasa el mensaje a Unicode (UCS-2): 70 caracteres por SMS en lugar de 160.")`,
        },
        {
            trigger: `${FIELD} .o_cs_length_summary:contains("Partes de SMS:"):contains("de 2 · Codificación: Unicode (UCS-2)")`,
        },
        {
            content: "Over the limit, in Spanish",
            trigger: `${FIELD} textarea`,
            run: `edit ${"Gracias por su paciencia, ya está resuelto. ".repeat(4)}`,
        },
        {
            trigger: `${FIELD} .o_cs_length_over:contains("El mensaje supera en 1 partes de SMS el límite de 2 de este canal.")`,
        },
    ],
});
