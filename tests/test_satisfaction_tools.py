from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.satisfaction_conclusions import draft_conclusions
from ..tools.satisfaction_metrics import (
    csat_pct,
    kpis,
    mean_interval,
    nps,
    nps_class,
    nps_from_scores,
    nps_interval,
    previous_period,
    response_rate,
    wilson_interval,
)
from ..tools.satisfaction_typology import (
    NEGATIVE,
    POSITIVE,
    match_polarity,
    normalize,
    parse_keywords,
    tag_text,
)


class FakeEnv:
    """Stands for an Odoo environment: only its translation function is used."""

    @staticmethod
    def _(source, **kwargs):
        return source % kwargs if kwargs else source


ENV = FakeEnv()


@tagged("at_install", "-post_install", "cs_tools", "cs_satisfaction")
class TestSatisfactionMetrics(BaseCase):
    def test_nps_all_promoters_all_detractors_and_empty(self):
        self.assertEqual(nps_from_scores([9, 10, 10, 9]), 100.0)
        self.assertEqual(nps_from_scores([0, 3, 6, 6]), -100.0)
        self.assertIsNone(nps_from_scores([]))
        self.assertIsNone(nps(0, 0, 0))

    def test_nps_hand_computed(self):
        # 10 answers: 5 promoters (9-10), 3 passives (7-8), 2 detractors (0-6).
        scores = [10, 10, 9, 9, 9, 8, 7, 7, 6, 2]
        self.assertAlmostEqual(nps_from_scores(scores), 30.0)
        self.assertEqual(
            [nps_class(s) for s in (6, 7, 8, 9)],
            ["detractor", "passive", "passive", "promoter"],
        )
        self.assertIsNone(nps_class(None))

    def test_csat_ces_and_response_rate(self):
        self.assertAlmostEqual(csat_pct(3, 4), 75.0)
        self.assertIsNone(csat_pct(0, 0))
        self.assertAlmostEqual(response_rate(7, 20), 35.0)
        self.assertIsNone(response_rate(0, 0))
        result = kpis(
            {
                "sent": 10,
                "answered": 4,
                "csat_n": 4,
                "csat_sat": 3,
                "nps_n": 4,
                "promoters": 2,
                "detractors": 1,
                "ces_n": 4,
                "ces_sum": 10,
                "ces_sumsq": 30,
            }
        )
        self.assertAlmostEqual(result["csat"], 75.0)
        self.assertAlmostEqual(result["nps"], 25.0)
        self.assertAlmostEqual(result["ces"], 2.5)
        self.assertAlmostEqual(result["response_rate"], 40.0)
        self.assertTrue(result["small_sample"])
        empty = kpis({})
        self.assertIsNone(empty["nps"])
        self.assertIsNone(empty["csat_ci"])

    def test_wilson_interval(self):
        # Reference values (Wilson, z = 1.96): 8/10 -> 0.4902 .. 0.9433
        low, high = wilson_interval(8, 10)
        self.assertAlmostEqual(low, 49.02, places=1)
        self.assertAlmostEqual(high, 94.33, places=1)
        # It stays inside [0, 100] at the edges, unlike the normal approximation.
        low, high = wilson_interval(10, 10)
        self.assertLess(low, 100)
        self.assertAlmostEqual(high, 100.0)
        self.assertEqual(wilson_interval(0, 5)[0], 0.0)
        self.assertIsNone(wilson_interval(0, 0))
        # It narrows with the sample.
        small, large = wilson_interval(8, 10), wilson_interval(800, 1000)
        self.assertLess(large[1] - large[0], small[1] - small[0])

    def test_nps_and_mean_intervals(self):
        low, high = nps_interval(50, 20, 100)
        # NPS 30, variance 0.5 + 0.2 - 0.09 = 0.61, half width 1.96*sqrt(.0061)
        self.assertAlmostEqual((low + high) / 2, 30.0)
        self.assertAlmostEqual(high - 30.0, 100 * 1.96 * (0.61 / 100) ** 0.5, places=1)
        self.assertEqual(nps_interval(1, 0, 1), (-100.0, 100.0))
        self.assertEqual(nps_interval(10, 0, 10), (100.0, 100.0))
        self.assertIsNone(nps_interval(0, 0, 0))
        low, high = mean_interval(10, 30, 4)  # values 1, 2, 3, 4: mean 2.5
        self.assertLess(low, 2.5)
        self.assertGreater(high, 2.5)
        self.assertGreaterEqual(low, 1.0)

    def test_previous_period(self):
        self.assertEqual(
            previous_period(date(2026, 7, 1), date(2026, 9, 30)),
            (date(2026, 4, 1), date(2026, 6, 30)),
        )
        self.assertEqual(
            previous_period(date(2026, 3, 1), date(2026, 3, 31)),
            (date(2026, 2, 1), date(2026, 2, 28)),
        )
        self.assertEqual(
            previous_period(date(2026, 3, 10), date(2026, 3, 19)),
            (date(2026, 2, 28), date(2026, 3, 9)),
        )


@tagged("at_install", "-post_install", "cs_tools", "cs_satisfaction")
class TestTypology(BaseCase):
    WAIT = parse_keywords("esper*, cola, tard*, +rapid*, wait*, queue*, +quick*")
    STAFF = parse_keywords("grosero*, +amable*, +atend*, rude*, +friendly, +helped")

    def test_normalize_ignores_accents_and_case(self):
        self.assertEqual(normalize("ATENDIÉRON Rápido"), "atendieron rapido")
        self.assertEqual(normalize("didn't"), "didnt")

    def test_spanish_with_accents_and_case(self):
        self.assertEqual(
            match_polarity("Tuve que ESPERAR una hora", self.WAIT), NEGATIVE
        )
        self.assertEqual(match_polarity("Fue RÁPIDO", self.WAIT), POSITIVE)
        self.assertEqual(match_polarity("Era muy amable", self.STAFF), POSITIVE)
        self.assertIsNone(match_polarity("Todo correcto", self.WAIT))

    def test_negation_turns_praise_into_complaint_and_back(self):
        self.assertEqual(match_polarity("No me atendieron", self.STAFF), NEGATIVE)
        self.assertEqual(match_polarity("Nadie me atendió", self.STAFF), NEGATIVE)
        self.assertEqual(match_polarity("No tuve que esperar", self.WAIT), POSITIVE)
        self.assertEqual(match_polarity("I didn't wait at all", self.WAIT), POSITIVE)
        self.assertEqual(match_polarity("Nobody helped me", self.STAFF), NEGATIVE)
        self.assertEqual(match_polarity("They were not friendly", self.STAFF), NEGATIVE)

    def test_negation_stops_at_the_clause(self):
        # The "no" belongs to the first clause only.
        self.assertEqual(match_polarity("No. Me atendieron bien", self.STAFF), POSITIVE)
        # Too far before the keyword to negate it.
        self.assertEqual(
            match_polarity("no lo sé, pero la verdad es que me atendieron", self.STAFF),
            POSITIVE,
        )

    def test_english_and_complaint_wins_over_praise(self):
        self.assertEqual(match_polarity("Long QUEUE", self.WAIT), NEGATIVE)
        self.assertEqual(
            match_polarity("Quick answer but I had to wait again", self.WAIT), NEGATIVE
        )

    def test_tag_text_and_phrases(self):
        topics = {
            "wait": "esper*, +rapid*",
            "channel": "se corto, cut off, +contest*",
            "empty": "",
        }
        self.assertEqual(
            tag_text("Se cortó la llamada y tuve que esperar", topics),
            {"wait": NEGATIVE, "channel": NEGATIVE},
        )
        self.assertEqual(tag_text("No contestaron", topics), {"channel": NEGATIVE})
        self.assertEqual(tag_text("", topics), {})
        self.assertEqual(parse_keywords(" , ,* "), [])


@tagged("at_install", "-post_install", "cs_tools", "cs_satisfaction")
class TestConclusions(BaseCase):
    def _k(self, answered, nps_value, csat=80.0, ces=3.0, rate=50.0):
        return {
            "answered": answered,
            "sent": answered * 2,
            "nps": nps_value,
            "csat": csat,
            "ces": ces,
            "response_rate": rate,
            "small_sample": answered < 30,
            "csat_ci": (70.0, 90.0),
        }

    def test_nps_fall_driven_by_channel_with_sla(self):
        segments = [
            {
                "label": "the Phone channel",
                "current": self._k(40, 10.0),
                "previous": self._k(40, 35.0),
                "sla_breaches": 8,
                "sla_breaches_prev": 4,
            },
            {
                "label": "the E-mail channel",
                "current": self._k(40, 28.0),
                "previous": self._k(40, 30.0),
            },
        ]
        sentences = draft_conclusions(
            ENV, self._k(80, 20.0), self._k(80, 32.0), segments
        )
        self.assertIn(
            "NPS fell 12 points against the previous period, to 20, driven by the "
            "Phone channel (-25), where SLA breaches went from 4 to 8.",
            sentences,
        )
        self.assertIn(
            "CSAT was stable at 80 (+0 against the previous period).", sentences
        )

    def test_rise_small_sample_and_extra_facts(self):
        sentences = draft_conclusions(
            ENV,
            self._k(12, 40.0, ces=2.0),
            self._k(50, 20.0, ces=3.0),
            extra={
                "worst_category": {"name": "Billing", "complaints": 9, "csat": 41.0},
                "sla_detractor": {"breached_rate": 60.0, "on_track_rate": 20.0},
                "top_typology": {"name": "Waiting time", "count": 7},
            },
        )
        text = "\n".join(sentences)
        self.assertIn("Only 12 answers", text)
        self.assertIn("between 70% and 90%", text)
        self.assertIn("NPS rose 20 points", text)
        self.assertIn("CES fell 1.0 points on the 1-7 scale", text)
        self.assertIn("Category Billing has both the most complaints (9)", text)
        self.assertIn("SLA breaches predict detractors: 60%", text)
        self.assertIn("Waiting time (7 comments)", text)

    def test_no_previous_and_no_answer(self):
        self.assertEqual(
            draft_conclusions(ENV, {"answered": 0}, None),
            ["No answer was received in the period: nothing can be concluded."],
        )
        self.assertEqual(draft_conclusions(ENV, self._k(40, 10.0), None), [])
