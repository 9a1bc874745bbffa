import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_service_privacy_withdraw", {
    steps: () => [
        {
            content: "The commercial e-mail consent is shown as given",
            trigger:
                "tr[data-purpose='commercial'][data-channel='email'] .o_cs_consent_state:contains(Given)",
        },
        {
            content: "Withdraw it with the labelled button",
            trigger:
                "tr[data-purpose='commercial'][data-channel='email'] button.o_cs_withdraw[aria-label*='Withdraw consent']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page confirms the withdrawal to screen readers",
            trigger: "#cs_privacy_message[role='status']:contains(withdrawn)",
        },
        {
            content: "The consent now reads Withdrawn and can be given again",
            trigger:
                "tr[data-purpose='commercial'][data-channel='email']:has(.o_cs_consent_state:contains(Withdrawn)) button.o_cs_give",
        },
    ],
});
