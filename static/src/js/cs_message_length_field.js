import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { TextField, textField } from "@web/views/fields/text/text_field";
import { onWillUpdateProps, useState } from "@odoo/owl";

import { namedUcs2Characters, smsLength, UCS2 } from "./cs_sms_length";

/**
 * A text field that counts, as the agent types, what the channel will count:
 * characters, or SMS parts and their encoding, against the channel's limit; and
 * names the characters that switch an SMS to Unicode (UCS-2).
 */
export class CsMessageLengthField extends TextField {
    static template = "customer_service.CsMessageLengthField";
    static props = {
        ...TextField.props,
        maxLengthField: { type: String, optional: true },
        unitField: { type: String, optional: true },
    };

    setup() {
        super.setup();
        this.live = useState({ text: this.props.record.data[this.props.name] || "" });
        onWillUpdateProps((nextProps) => {
            this.live.text = nextProps.record.data[nextProps.name] || "";
        });
    }

    onCsInput(ev) {
        this.live.text = ev.target.value;
    }

    get limit() {
        return (this.props.maxLengthField && this.props.record.data[this.props.maxLengthField]) || 0;
    }

    get isSms() {
        return (
            this.props.unitField && this.props.record.data[this.props.unitField] === "sms_segment"
        );
    }

    get counter() {
        const text = this.live.text;
        if (!this.isSms) {
            // Code points, as Python counts them (an emoji is one character).
            const characters = [...text].length;
            return {
                summary: this.limit
                    ? _t("Characters: %(characters)s of %(limit)s", {
                          characters,
                          limit: this.limit,
                      })
                    : _t("Characters: %(characters)s", { characters }),
                unicode: "",
                over:
                    this.limit && characters > this.limit
                        ? _t(
                              "The message is %(excess)s characters over the limit of %(limit)s of this channel.",
                              { excess: characters - this.limit, limit: this.limit }
                          )
                        : "",
            };
        }
        const measure = smsLength(text);
        const encoding = measure.encoding === UCS2 ? _t("Unicode (UCS-2)") : _t("GSM-7");
        const names = namedUcs2Characters(text);
        let unicode = "";
        if (names.length === 1) {
            unicode = _t(
                "The character %(characters)s switches the message to Unicode (UCS-2): 70 characters per SMS instead of 160.",
                { characters: names[0] }
            );
        } else if (names.length > 1) {
            unicode = _t(
                "The characters %(characters)s switch the message to Unicode (UCS-2): 70 characters per SMS instead of 160.",
                { characters: names }
            );
        }
        return {
            summary: this.limit
                ? _t(
                      "Characters: %(characters)s · SMS parts: %(parts)s of %(limit)s · Encoding: %(encoding)s",
                      {
                          characters: measure.units,
                          parts: measure.segments,
                          limit: this.limit,
                          encoding,
                      }
                  )
                : _t(
                      "Characters: %(characters)s · SMS parts: %(parts)s · Encoding: %(encoding)s",
                      { characters: measure.units, parts: measure.segments, encoding }
                  ),
            unicode,
            over:
                this.limit && measure.segments > this.limit
                    ? _t(
                          "The message is %(excess)s SMS parts over the limit of %(limit)s of this channel.",
                          { excess: measure.segments - this.limit, limit: this.limit }
                      )
                    : "",
        };
    }
}

export const csMessageLengthField = {
    ...textField,
    component: CsMessageLengthField,
    additionalClasses: ["o_field_text"],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...textField.extractProps(fieldInfo, dynamicInfo),
        maxLengthField: fieldInfo.options?.max_length_field,
        unitField: fieldInfo.options?.unit_field,
    }),
};

registry.category("fields").add("cs_message_length", csMessageLengthField);
