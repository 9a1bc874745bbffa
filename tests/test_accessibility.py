import base64
import json
import os
import time
import unittest

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_path

from .intake_common import PNG
from .loyalty_common import LoyaltyCase

# Core Odoo markup on pages we render that our templates cannot reach.
# Each entry: axe rule id, a fragment of the node's selector, and why it is left.
CORE_EXCLUSIONS = []


# Loads axe-core and the check (one script, served by the test server) into the page.
RUN_JS = """
(async () => {
    const config = __CONFIG__;
    await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = config.axe;
        script.onload = resolve;
        script.onerror = () => reject(new Error("axe-core did not load"));
        document.head.appendChild(script);
    });
    __BODY__
})();
"""
CHECK_JS = """
    const problems = await window.csA11yCheck(config);
    if (problems.length) {
        const list = problems.join("\\n- ");
        console.error(`Accessibility problems on ${config.page}:\\n- ${list}`);
    } else {
        console.log("test successful");
    }
"""
# One fault of each kind the check must report.
FAULTS_HTML = """
<img src="/web/static/img/placeholder.png">
<div role="button" id="cs_fake_button">Fake</div>
<input id="cs_jumpy" aria-label="Jumpy" tabindex="3">
<button id="cs_no_ring" style="outline: none !important; box-shadow: none !important">
    Ring
</button>
<button id="cs_trap">Trap</button>
"""
SELF_TEST_JS = """
    document.querySelector("main").insertAdjacentHTML("beforeend", config.faults);
    document.getElementById("cs_trap").addEventListener("keydown", (ev) => {
        if (ev.key === "Tab") {
            ev.preventDefault();
        }
    });
    const problems = (await window.csA11yCheck(config)).join("\\n");
    const missed = config.expected.filter((bit) => !problems.includes(bit));
    if (missed.length) {
        console.error(`The check missed ${missed.join(", ")} in:\\n${problems}`);
    } else {
        console.log("test successful");
    }
"""


@tagged("post_install", "-at_install")
class TestAccessibility(LoyaltyCase, HttpCase):
    """Every page a customer sees passes axe-core (WCAG 2.1 A and AA, no serious or
    critical violation) in headless Chromium and can be used with the keyboard alone.

    axe-core is not shipped with the addon: the harness (.ci/axe, run by .ci/test)
    downloads it with npm and gives its path in CS_AXE_JS.
    """

    @classmethod
    def setUpClass(cls):
        axe_path = os.environ.get("CS_AXE_JS")
        if not axe_path or not os.path.isfile(axe_path):
            if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                raise AssertionError(
                    "CS_AXE_JS does not point to axe.min.js: run the tests with "
                    "`make test`, whose .ci/axe downloads axe-core."
                )
            raise unittest.SkipTest(
                "CS_AXE_JS is not set: run `make test` (.ci/axe downloads axe-core)"
            )
        super().setUpClass()
        with open(axe_path, encoding="utf-8") as handle:
            source = handle.read()
        with open(
            file_path("customer_service/static/tests/a11y/cs_a11y_check.js"),
            encoding="utf-8",
        ) as handle:
            source += "\n" + handle.read()
        # Served by the test server like any public file, so the page loads it with a
        # short <script src>: the code given to the browser stays small in the logs.
        cls.axe_attachment = cls.env["ir.attachment"].create(
            {
                "name": "cs_a11y_check.js",
                "raw": source.encode(),
                "mimetype": "application/javascript",
                "public": True,
            }
        )
        cls.axe_url = f"/web/content/{cls.axe_attachment.id}?unique={time.time_ns()}"
        cls.portal_user.password = "cs_portal"
        cls.portal_partner = cls.portal_user.partner_id
        cls.portal_partner.write({"email": "paula@example.com", "lang": "en_US"})
        cls.program.write({"cs_min_invoice_count": 0, "cs_min_total_spent": 0})
        # LoyaltyCase makes commercial messages legitimate interest; the privacy
        # page lists only the purposes that ask for consent.
        cls.commercial = cls.env.ref("customer_service.purpose_commercial")
        cls.commercial.legal_basis = "consent"
        cls.doc_type = cls.env.ref("customer_service.cs_document_type_other")

    def _run(self, url, body, config, login=None):
        code = RUN_JS.replace("__CONFIG__", json.dumps(config)).replace(
            "__BODY__", body
        )
        self.browser_js(url, code, login=login, timeout=120)

    def _check(self, url, login=None, reachable=(), exclude=(), **options):
        """Open url in Chromium and fail with the page's accessibility problems."""
        config = dict(
            options,
            axe=self.axe_url,
            page=url.split("?")[0][:80],
            reachable=list(reachable),
            exclude=[list(e[:2]) for e in (*CORE_EXCLUSIONS, *exclude)],
        )
        with self.subTest(url=url):
            self._run(url, CHECK_JS, config, login=login)

    def test_checker_reports_what_breaks(self):
        """The check itself fails on a page with the faults it looks for."""
        intake = (
            self.env["cs.intake"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer_es.id,
                    "channel_id": self.channels["in_person"].id,
                    "document_type_id": self.doc_type.id,
                    "team_id": self.team.id,
                }
            )
        )
        config = {
            "axe": self.axe_url,
            "reachable": [".o_cs_absent"],
            "faults": FAULTS_HTML,
            "expected": [
                "image-alt",
                "div#cs_fake_button",
                "tabindex=3",
                "button#cs_no_ring",
                "keyboard trap",
                "nothing matches .o_cs_absent",
            ],
        }
        self._run(self._path(intake._cs_verify_url()), SELF_TEST_JS, config)

    def _path(self, url):
        return "/" + url.split("://", 1)[1].split("/", 1)[1]

    # ------------------------------------------------------------------
    # Portal pages
    # ------------------------------------------------------------------

    def test_portal_home_and_privacy(self):
        self.env["cs.consent"].sudo()._cs_record(
            self.portal_partner,
            self.commercial,
            "email",
            "given",
            "portal",
            proof_ip="192.0.2.1",
        )
        Consent = self.env["cs.consent"].sudo()
        for state in ("given", "withdrawn"):
            Consent._cs_record(
                self.portal_partner,
                self.commercial,
                "sms",
                state,
                "portal",
                proof_ip="192.0.2.1",
            )
        self.env["cs.data.request"].sudo().create(
            {
                "partner_id": self.portal_partner.id,
                "request_type": "access",
                "description": "A copy, please",
            }
        )
        self._check("/my", login="cs_portal", reachable=["a[href='/my/privacy']"])
        self._check(
            "/my/privacy?message=given",
            login="cs_portal",
            reachable=[".o_cs_withdraw", ".o_cs_give", "#cs_request_type"],
            expect=".badge.text-success-emphasis",
        )

    def test_portal_membership(self):
        self._check(
            "/my/membership", login="cs_portal", reachable=[".o_cs_membership_join"]
        )
        self.portal_partner.sudo().action_cs_loyalty_enrol(channel="portal")
        self._check(
            "/my/membership", login="cs_portal", reachable=[".o_cs_card_download"]
        )

    def test_portal_intakes_and_upload(self):
        self.env["cs.intake"].sudo().create(
            {
                "partner_id": self.portal_partner.id,
                "channel_id": self.channels["web"].id,
                "document_type_id": self.doc_type.id,
                "team_id": self.team.id,
            }
        )
        self._check(
            "/my/intakes",
            login="cs_portal",
            reachable=["a[href='/my/intakes/upload']", "a[href$='/receipt']"],
        )
        self._check(
            "/my/intakes/upload",
            login="cs_portal",
            reachable=["#files", "#description", ".o_cs_intake_upload [type=submit]"],
        )
        self._check(
            "/my/intakes/upload?error=too_big",
            login="cs_portal",
            reachable=[".o_cs_intake_upload [type=submit]"],
        )
        self._check(
            "/my/intakes/upload",
            login="cs_portal",
            submit=".o_cs_intake_upload [type=submit]",
            fill={"#description": "Photo of the broken kettle"},
            file={
                "input": "#files",
                "name": "kettle.png",
                "type": "image/png",
                "base64": base64.b64encode(PNG).decode(),
            },
            expect="a[href$='/receipt']",
            reachable=["a[href$='/receipt']", "a[href='/my/intakes']"],
        )

    # ------------------------------------------------------------------
    # Public pages (links in messages, no login)
    # ------------------------------------------------------------------

    def test_public_intake_verification(self):
        intake = (
            self.env["cs.intake"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer_es.id,
                    "channel_id": self.channels["in_person"].id,
                    "document_type_id": self.doc_type.id,
                    "team_id": self.team.id,
                }
            )
        )
        intake._cs_add_files([("kettle.png", PNG)])
        self._check(self._path(intake._cs_verify_url()))
        self._check(f"/intake/verify?code={intake.name}&token={'0' * 32}")

    def test_public_followup_answers(self):
        self._invoice(self.customer_es)
        followup = self.customer_es.cs_followup_ids
        token = followup._cs_answer_token()
        # One lang attribute, the customer's: the page's own, not the core default.
        page = self.url_open(f"/cs/followup/{token}/rate/5").text
        html_tag = page[page.index("<html") : page.index(">", page.index("<html"))]
        self.assertEqual(html_tag.count("lang="), 1, html_tag)
        self.assertIn('lang="es-ES"', html_tag)
        self._check(f"/cs/followup/{token}/rate/5", reachable=[".o_cs_followup_send"])
        self._check(f"/cs/followup/{token}/fit/no", reachable=[".o_cs_followup_send"])
        self._check(
            f"/cs/followup/{token}/rate/1",
            submit=".o_cs_followup_send",
            expect=".o_cs_followup_thanks",
        )

    def test_public_consent_pages(self):
        partner = self.customer_es
        # The confirmation link answers a pending double opt-in sent by e-mail.
        partner._cs_request_opt_in("commercial", "email")
        stamp = int(fields.Datetime.now().timestamp())
        confirm = self._path(partner._cs_opt_in_url("commercial", "email", stamp))
        self._check(confirm, reachable=[".o_cs_opt_in_confirm"])
        self._check(
            confirm, submit=".o_cs_opt_in_confirm", expect="[role=status] strong"
        )
        withdraw = self._path(partner._cs_withdraw_url("commercial", "email"))
        self._check(withdraw, reachable=[".o_cs_withdraw_confirm"])
        self._check(
            withdraw, submit=".o_cs_withdraw_confirm", expect="[role=status] strong"
        )

    def test_public_satisfaction_survey(self):
        ticket = self._ticket("email", partner=self.customer_es)
        rule = self.env.ref("customer_service.cs_survey_rule_ticket_closed")
        answer = rule._cs_create_answer(ticket, "email")
        survey = answer.survey_id
        # The short link of the SMS leads to the start page.
        self._check(
            f"/cs/s/{answer.cs_short_code}", reachable=[".o_survey_form button"]
        )
        answer._mark_in_progress()
        page = f"/survey/{survey.access_token}/{answer.access_token}"
        self._check(page, reachable=[".o_survey_form button[type=submit]"])
        answer._mark_done()
        self._check(page)

    def test_public_tracking_page(self):
        ticket = self._ticket(
            "email", partner=self.customer_es, cs_request_kind="query"
        )
        fields_ = ["#cs_track_key", "#cs_track_factor", ".o_cs_track_submit"]
        self._check("/cs/track", reachable=fields_)
        # A wrong detail: the error is announced (role=alert), the form stays usable.
        self._check(
            "/cs/track",
            submit=".o_cs_track_submit",
            fill={
                "#cs_track_key": ticket.cs_tracking_key,
                "#cs_track_factor": "nobody@example.com",
            },
            expect="#cs_track_error[role=alert]",
            reachable=fields_,
        )
        self._check(
            "/cs/track",
            submit=".o_cs_track_submit",
            fill={
                "#cs_track_key": ticket.cs_tracking_key,
                "#cs_track_factor": self.customer_es.email,
            },
            expect=".o_cs_track_result",
            reachable=[".o_cs_track_again"],
        )
