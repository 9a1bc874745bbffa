from odoo.tests import BaseCase, tagged

from ..tools.opening_hours import opening_hours_text
from ..tools.protocol_match import best_protocol
from ..tools.sms_length import GSM7, UCS2, length_excess, sms_length
from ..tools.template_check import (
    TemplateProblem,
    template_placeholders,
    unknown_placeholders,
)


@tagged("at_install", "-post_install", "cs_tools")
class TestSmsLength(BaseCase):
    def test_plain_ascii_is_gsm7(self):
        measure = sms_length("Hello")
        self.assertEqual(
            (measure.encoding, measure.units, measure.segments), (GSM7, 5, 1)
        )

    def test_empty_text_has_no_part(self):
        self.assertEqual(sms_length("").segments, 0)
        self.assertEqual(sms_length(None).segments, 0)

    def test_gsm7_single_and_concatenated_limits(self):
        self.assertEqual(sms_length("a" * 160).segments, 1)
        self.assertEqual(sms_length("a" * 161).segments, 2)
        self.assertEqual(sms_length("a" * 306).segments, 2)
        self.assertEqual(sms_length("a" * 307).segments, 3)

    def test_extension_characters_take_two_septets(self):
        measure = sms_length("€" * 80)
        self.assertEqual(
            (measure.encoding, measure.units, measure.segments), (GSM7, 160, 1)
        )
        self.assertEqual(sms_length("€" * 80 + "a").segments, 2)

    def test_gsm7_spanish_letters_stay_gsm7(self):
        # GSM 03.38 has ñ, Ñ, ¿, ¡, é and ü in its default alphabet.
        self.assertEqual(sms_length("¿Mañana? ¡Sí, señor Müller, é!").encoding, UCS2)
        self.assertEqual(sms_length("¿Mañana? ¡Señor Müller!").encoding, GSM7)

    def test_accented_vowel_switches_to_ucs2(self):
        text = "a" * 69 + "á"
        measure = sms_length(text)
        self.assertEqual(
            (measure.encoding, measure.units, measure.segments), (UCS2, 70, 1)
        )
        self.assertEqual(sms_length("a" * 70 + "á").segments, 2)
        self.assertEqual(sms_length("a" * 133 + "á").segments, 2)
        self.assertEqual(sms_length("a" * 134 + "á").segments, 3)

    def test_emoji_switches_to_ucs2_and_counts_two_units(self):
        measure = sms_length("Gracias 🙂")
        self.assertEqual(measure.encoding, UCS2)
        self.assertEqual(measure.units, 10)
        self.assertEqual(sms_length("a" * 68 + "🙂").segments, 1)
        self.assertEqual(sms_length("a" * 69 + "🙂").segments, 2)

    def test_length_excess(self):
        self.assertEqual(length_excess("abc", 3, "char"), 0)
        self.assertEqual(length_excess("abcd", 3, "char"), 1)
        self.assertEqual(length_excess("ab", 3, "char"), 0)
        self.assertEqual(length_excess("x" * 500, 0, "char"), 0)
        self.assertEqual(length_excess("a" * 306, 2, "sms_segment"), 0)
        self.assertEqual(length_excess("a" * 307, 2, "sms_segment"), 1)
        self.assertEqual(length_excess("🙂" * 67, 2, "sms_segment"), 0)
        self.assertEqual(length_excess("🙂" * 68, 2, "sms_segment"), 1)


@tagged("at_install", "-post_install", "cs_tools")
class TestTemplateCheck(BaseCase):
    def test_placeholders_in_order(self):
        self.assertEqual(
            template_placeholders("Hi {{ object.name }}, {{object.number ||| n/a}}!"),
            ["object.name", "object.number"],
        )

    def test_unclosed_brace_is_a_syntax_error(self):
        with self.assertRaises(TemplateProblem) as caught:
            template_placeholders("Hi {{ object.name , welcome")
        self.assertEqual(caught.exception.code, "syntax")

    def test_stray_closing_brace_is_a_syntax_error(self):
        with self.assertRaises(TemplateProblem) as caught:
            template_placeholders("Hi object.name }} there")
        self.assertEqual(caught.exception.code, "syntax")

    def test_nested_braces_are_a_syntax_error(self):
        with self.assertRaises(TemplateProblem):
            template_placeholders("{{ object.{{ name }} }}")

    def test_empty_placeholder(self):
        with self.assertRaises(TemplateProblem) as caught:
            template_placeholders("Hi {{  }}")
        self.assertEqual(caught.exception.code, "empty")

    def test_placeholder_split_over_lines(self):
        # Odoo's inline renderer leaves such a placeholder as it is: raw braces.
        for text in (
            "Hello {{ object.cs_addressee\n }}",
            "Hello {{\nobject.cs_addressee }}",
            "Hello {{ object.cs_addressee\r\n}}",
            "Hello {{ object.cs_addressee ||| dear\ncustomer }}",
        ):
            with self.subTest(text=text), self.assertRaises(TemplateProblem) as caught:
                template_placeholders(text)
            self.assertEqual(caught.exception.code, "line_break")
            self.assertIn("↵", caught.exception.detail)
        # Other whitespace inside the braces is trimmed by the renderer too.
        self.assertEqual(
            template_placeholders("Hi {{\tobject.cs_addressee\u00a0}},\nbye"),
            ["object.cs_addressee"],
        )

    def test_unknown_placeholders_listed_once(self):
        self.assertEqual(
            unknown_placeholders(
                "{{ object.name }} {{ object.secret }} {{ object.secret }} "
                "{{ user.x }}",
                {"object.name"},
            ),
            ["object.secret", "user.x"],
        )


@tagged("at_install", "-post_install", "cs_tools")
class TestProtocolMatch(BaseCase):
    def test_most_specific_wins(self):
        candidates = [
            ("general", None, None),
            ("spanish", None, "es_ES"),
            ("team", 7, None),
            ("team_spanish", 7, "es_ES"),
        ]
        self.assertEqual(best_protocol(candidates, 7, "es_ES"), "team_spanish")
        self.assertEqual(best_protocol(candidates, 7, "en_US"), "team")
        self.assertEqual(best_protocol(candidates, 8, "es_ES"), "spanish")
        self.assertEqual(best_protocol(candidates, 8, "en_US"), "general")

    def test_first_in_sequence_wins_ties(self):
        self.assertEqual(
            best_protocol([("a", None, None), ("b", None, None)], 1, "x"), "a"
        )

    def test_nothing_applies(self):
        self.assertIsNone(best_protocol([("a", 3, None)], 1, "en_US"))
        self.assertIsNone(best_protocol([], 1, "en_US"))


@tagged("at_install", "-post_install", "cs_tools")
class TestOpeningHours(BaseCase):
    names = {0: "Mon", 1: "Tue", 2: "Wed", 3: "Thu", 4: "Fri", 5: "Sat", 6: "Sun"}

    def test_week_with_lunch_break_and_saturday(self):
        attendances = []
        for day in range(5):
            attendances += [(day, 9, 14), (day, 15.5, 18)]
        attendances.append((5, 10, 13))
        self.assertEqual(
            opening_hours_text(attendances, self.names),
            "Mon-Fri 09:00-14:00, 15:30-18:00; Sat 10:00-13:00",
        )

    def test_touching_intervals_merge_and_gaps_split_ranges(self):
        attendances = [(0, 8, 12), (0, 12, 16), (2, 8, 16), (3, 8, 16)]
        self.assertEqual(
            opening_hours_text(attendances, self.names),
            "Mon 08:00-16:00; Wed-Thu 08:00-16:00",
        )

    def test_no_attendance(self):
        self.assertEqual(opening_hours_text([], self.names), "")
