/**
 * Message length rules of the service channels, as tools/sms_length.py counts them:
 * GSM-7 (160 characters in one SMS, 153 per part), extension characters taking two,
 * and any other character switching the whole message to UCS-2 (70, 67 per part).
 */

const GSM7_BASIC = new Set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
);
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€");

export const GSM7 = "gsm7";
export const UCS2 = "ucs2";
const SINGLE_LIMIT = { [GSM7]: 160, [UCS2]: 70 };
const PART_LIMIT = { [GSM7]: 153, [UCS2]: 67 };

function isGsm7(char) {
    return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);
}

/** Characters of `text` outside GSM-7, each once, in order of appearance. */
export function ucs2Characters(text) {
    const seen = new Set();
    for (const char of text || "") {
        if (!isGsm7(char)) {
            seen.add(char);
        }
    }
    return [...seen];
}

/** How to name `char` to the agent: “á”, or U+00A0 when it cannot be seen. */
export function quotedCharacter(char) {
    if (/^[\p{C}\p{Z}\s]$/u.test(char)) {
        return "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    }
    return `“${char}”`;
}

export function namedUcs2Characters(text) {
    return ucs2Characters(text).map(quotedCharacter);
}

/** Encoding, size in units and number of SMS parts of `text`. */
export function smsLength(text) {
    text = text || "";
    const encoding = ucs2Characters(text).length ? UCS2 : GSM7;
    let units = 0;
    if (encoding === GSM7) {
        for (const char of text) {
            units += GSM7_EXTENSION.has(char) ? 2 : 1;
        }
    } else {
        // UTF-16 code units, as JavaScript strings count them.
        units = text.length;
    }
    let segments = 0;
    if (units > SINGLE_LIMIT[encoding]) {
        segments = Math.ceil(units / PART_LIMIT[encoding]);
    } else if (units) {
        segments = 1;
    }
    return { encoding, units, segments };
}
