/* Accessibility check of one page, run by tests/test_accessibility.py after axe-core
 * (loaded from the same script). window.csA11yCheck(config) resolves to a list of
 * problems, empty when the page passes:
 *  - axe-core violations of impact serious or critical for WCAG 2.1 A and AA, less the
 *    exclusions the test names (rule id and a selector fragment, each with its reason);
 *  - keyboard: every visible control is in the Tab order and takes focus, shows that it
 *    has it, no tabindex above 0 reorders the page, no key handler swallows Tab (a trap),
 *    and the controls the test names (the page's main action) are reachable by Tab.
 * With config.submit, the page is first opened in a frame and that form submitted (with
 * config.fill and config.file put in its fields): the page checked is the answer to the
 * POST. config.expect names an element the page checked must hold.
 */
(function () {
    "use strict";

    const FOCUSABLE =
        "a[href], area[href], button, input, select, textarea, summary, iframe, " +
        "[tabindex], [contenteditable=''], [contenteditable='true']";
    const INTERACTIVE_ROLES = [
        "button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "option",
        "combobox", "textbox", "slider", "spinbutton",
    ];

    function describe(el) {
        let text = el.tagName.toLowerCase();
        if (el.id) {
            text += "#" + el.id;
        } else if (el.className && typeof el.className === "string") {
            text += "." + el.className.trim().split(/\s+/).slice(0, 3).join(".");
        }
        const label = (el.getAttribute("aria-label") || el.textContent || el.value || "")
            .trim().replace(/\s+/g, " ").slice(0, 40);
        return label ? `${text} "${label}"` : text;
    }

    function visible(el) {
        if (!el.getClientRects().length) {
            return false;
        }
        return el.checkVisibility
            ? el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })
            : true;
    }

    function focusLook(win, el) {
        const style = win.getComputedStyle(el);
        return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
            style.borderColor, style.backgroundColor, style.textDecorationLine].join("|");
    }

    function keyboardProblems(win, config) {
        const doc = win.document;
        const problems = [];
        const candidates = [...doc.querySelectorAll(FOCUSABLE)].filter(
            (el) => !(el.tagName === "INPUT" && el.type === "hidden") && visible(el)
        );
        for (const el of doc.querySelectorAll("[role]")) {
            if (INTERACTIVE_ROLES.includes(el.getAttribute("role")) && visible(el)
                && !candidates.includes(el)) {
                problems.push(`keyboard: ${describe(el)} acts as a ${el.getAttribute("role")} ` +
                    "but cannot be reached with Tab (no tabindex)");
            }
        }
        const tabbable = [];
        for (const el of candidates) {
            if (el.tabIndex > 0) {
                problems.push(`keyboard: ${describe(el)} has tabindex=${el.tabIndex}, ` +
                    "which takes it out of the reading order");
            }
            if (el.disabled || el.tabIndex < 0 || el.closest("[inert]")) {
                continue;
            }
            tabbable.push(el);
        }
        const before = new Map(tabbable.map((el) => [el, focusLook(win, el)]));
        for (const el of tabbable) {
            el.focus();
            if (doc.activeElement !== el) {
                problems.push(`keyboard: ${describe(el)} is in the Tab order but does not take focus`);
                continue;
            }
            if (focusLook(win, el) === before.get(el)) {
                problems.push(`keyboard: ${describe(el)} does not show that it has the focus`);
            }
            const tab = new win.KeyboardEvent("keydown", {
                key: "Tab", code: "Tab", keyCode: 9, bubbles: true, cancelable: true,
            });
            if (!el.dispatchEvent(tab)) {
                problems.push(`keyboard: Tab is swallowed on ${describe(el)} (keyboard trap)`);
            }
            el.blur();
        }
        for (const selector of config.reachable || []) {
            const targets = [...doc.querySelectorAll(selector)];
            if (!targets.length) {
                problems.push(`keyboard: nothing matches ${selector} on this page`);
            } else if (!targets.some((el) => tabbable.includes(el))) {
                problems.push(`keyboard: ${selector} cannot be reached with Tab`);
            }
        }
        return problems;
    }

    function excluded(config, ruleId, target) {
        return (config.exclude || []).some(
            ([rule, fragment]) => rule === ruleId && target.includes(fragment)
        );
    }

    async function axeProblems(win, config) {
        const result = await win.axe.run(win.document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            resultTypes: ["violations"],
        });
        const problems = [];
        for (const violation of result.violations) {
            if (!["serious", "critical"].includes(violation.impact)) {
                continue;
            }
            const nodes = violation.nodes.filter(
                (node) => !excluded(config, violation.id, node.target.join(" "))
            );
            if (nodes.length) {
                const shown = nodes.slice(0, 6).map((node) => {
                    const why = (node.failureSummary || "").split("\n").slice(1, 2).join(" ").trim();
                    return `${node.target.join(" ")} = ${node.html.slice(0, 140)}${why ? " [" + why + "]" : ""}`;
                });
                problems.push(`axe ${violation.id} (${violation.impact}): ${violation.help} on\n    ` +
                    shown.join("\n    ") +
                    (nodes.length > 6 ? `\n    and ${nodes.length - 6} more` : ""));
            }
        }
        return problems;
    }

    function loadScript(doc, src) {
        return new Promise((resolve, reject) => {
            const script = doc.createElement("script");
            script.src = src;
            script.onload = resolve;
            script.onerror = () => reject(new Error(`could not load ${src}`));
            doc.head.appendChild(script);
        });
    }

    function nextLoad(frame, what) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${what}: no page after 30 s`)), 30000);
            frame.addEventListener("load", () => {
                clearTimeout(timer);
                resolve();
            }, { once: true });
        });
    }

    async function answerOfSubmit(config) {
        const frame = document.createElement("iframe");
        frame.style.cssText = "position:fixed;top:0;left:0;width:100vw;height:100vh;border:0;z-index:99999;background:#fff";
        let loaded = nextLoad(frame, "opening the form");
        frame.src = window.location.href;
        document.body.appendChild(frame);
        await loaded;
        const doc = frame.contentDocument;
        const button = doc.querySelector(config.submit);
        if (!button) {
            throw new Error(`nothing matches ${config.submit} to submit`);
        }
        for (const [selector, value] of Object.entries(config.fill || {})) {
            doc.querySelector(selector).value = value;
        }
        if (config.file) {
            const transfer = new frame.contentWindow.DataTransfer();
            const bytes = Uint8Array.from(atob(config.file.base64), (c) => c.charCodeAt(0));
            transfer.items.add(new frame.contentWindow.File([bytes], config.file.name,
                { type: config.file.type }));
            doc.querySelector(config.file.input).files = transfer.files;
        }
        loaded = nextLoad(frame, "submitting the form");
        // The form's own submit, as the browser does it, without waiting for the
        // page's scripts to start (they may hold a submit until they are ready).
        if (!button.form.reportValidity()) {
            throw new Error(`the form of ${config.submit} is not valid as filled`);
        }
        frame.contentWindow.HTMLFormElement.prototype.submit.call(button.form);
        await loaded;
        return frame.contentWindow;
    }

    window.csA11yCheck = async function (config) {
        let win = window;
        if (config.submit) {
            win = await answerOfSubmit(config);
            await loadScript(win.document, config.axe);
        }
        if (config.expect && !win.document.querySelector(config.expect)) {
            return [`${config.expect} is not on the page`];
        }
        if (win.document.fonts) {
            await win.document.fonts.ready;
        }
        return [...(await axeProblems(win, config)), ...keyboardProblems(win, config)];
    };
})();
