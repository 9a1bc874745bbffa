import { registry } from "@web/core/registry";

// The portal membership page as the customer sees it, in English and in Spanish:
// first refused with the reasons listed, then joining once eligible.
const refusedSteps = ({ intro, reason }) => [
    {
        content: "The refusal names the person, not their company",
        trigger: `.o_cs_membership_refusal p:contains('${intro}')`,
    },
    {
        content: "No company name before the person's name",
        trigger: ".o_cs_membership_refusal:not(:contains('YourCompany'))",
    },
    {
        content: "Each reason is an item of a list",
        trigger: `.o_cs_membership_refusal ul > li:contains('${reason}')`,
    },
    {
        content: "The missing spending is listed too",
        trigger: ".o_cs_membership_refusal ul > li:nth-child(2)",
    },
    {
        content: "There is no join button for a customer who cannot join",
        trigger: ".o_cs_membership:not(:has(.o_cs_membership_join))",
    },
];

const joinSteps = ({ button, next, missing }) => [
    {
        content: "No refusal once the customer is eligible",
        trigger: ".o_cs_membership:not(:has(.o_cs_membership_refusal))",
    },
    {
        content: "Join the programme",
        trigger: `button.o_cs_membership_join:contains('${button}')`,
        run: "click",
        expectUnloadPage: true,
    },
    {
        content: "The new card is listed with its download link",
        trigger: ".o_cs_membership_cards .o_cs_card_download",
    },
    {
        content: "The next rewards say how many points are missing",
        trigger: `.o_cs_membership_rewards h4:contains('${next}')`,
    },
    {
        content: "The first reward is 90 points away",
        trigger: `.o_cs_rewards_ahead li:first .o_cs_reward_missing:contains('${missing}')`,
    },
    {
        content: "The join button is gone",
        trigger: ".o_cs_membership:not(:has(.o_cs_membership_join))",
    },
];

registry.category("web_tour.tours").add("customer_service_membership_refused_en", {
    steps: () =>
        refusedSteps({
            intro: "Joel Willis, you cannot join Club Acme yet:",
            reason: "Posted invoices: 0 of 1 needed",
        }),
});

registry.category("web_tour.tours").add("customer_service_membership_refused_es", {
    steps: () =>
        refusedSteps({
            intro: "Joel Willis, aún no puede unirse a Club Acme:",
            reason: "Facturas publicadas: 0 de 1 necesarias",
        }),
});

registry.category("web_tour.tours").add("customer_service_membership_join_en", {
    steps: () =>
        joinSteps({
            button: "Join the programme",
            next: "Next rewards",
            missing: "90 points to go",
        }),
});

registry.category("web_tour.tours").add("customer_service_membership_join_es", {
    steps: () =>
        joinSteps({
            button: "Unirse al programa",
            next: "Próximas recompensas",
            missing: "faltan 90 points",
        }),
});

registry.category("web_tour.tours").add("customer_service_loyalty_grant_reward", {
    steps: () => [
        {
            content: "Open the loyalty tab of the ticket",
            trigger: ".o_form_view .o_notebook a[name='cs_loyalty']",
            run: "click",
        },
        {
            // The page's loyalty panel is read when the page opens.
            content: "The reward the customer's points reach is shown",
            trigger:
                ".o_form_view .o_cs_lazy_form div[name='cs_loyalty_rewards_html'] .o_cs_rewards_reached li:contains('10%')",
        },
        {
            content: "The next one says what is missing",
            trigger:
                ".o_form_view .o_cs_lazy_form div[name='cs_loyalty_rewards_html'] .o_cs_rewards_ahead li:contains('100 points to go')",
        },
        {
            content: "Grant a reward",
            trigger: ".o_form_view .o_cs_lazy_form button[name='action_cs_grant_reward']",
            run: "click",
        },
        {
            content: "Only the reward within reach can be chosen",
            trigger: ".modal div[name='reward_id']:not(:contains('Toaster'))",
        },
        {
            content: "Choose the 10% discount",
            trigger: ".modal div[name='reward_id'] label:contains('10%')",
            run: "click",
        },
        {
            content: "The coupon goes by e-mail, the customer's channel",
            trigger: ".modal div[name='channel'] input[data-value='email']:checked",
        },
        {
            content: "Grant and send",
            trigger: ".modal button[name='action_grant']",
            run: "click",
        },
        {
            content: "The ticket records the coupon sent",
            trigger: ".o-mail-Message:contains('coupon'):contains('sent to the customer by e-mail')",
        },
        {
            content: "The points left no longer reach a reward",
            trigger:
                ".o_form_view .o_cs_lazy_form div[name='cs_loyalty_rewards_html']:not(:has(.o_cs_rewards_reached)) .o_cs_rewards_ahead li:contains('50 points to go')",
        },
        {
            content: "And the grant button is gone",
            trigger: ".o_form_view .o_cs_lazy_form:not(:has(button[name='action_cs_grant_reward']))",
        },
    ],
});
