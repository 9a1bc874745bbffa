from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

RECEIPT_REPORT = "customer_service.action_report_cs_intake_receipt"


class IntakeVerification(http.Controller):
    @http.route("/intake/verify", type="http", auth="public", sitemap=False)
    def intake_verify(self, code="", token="", **kwargs):
        """Confirm a receipt is genuine; a wrong token reads like an unknown code."""
        # sudo: a public visitor proves knowledge of code and token; only the code,
        # date, file count and hashes are rendered, never personal data.
        Intake = request.env["cs.intake"].sudo().with_context(active_test=False)
        intake = Intake._cs_find_by_code(code) if code else Intake
        if not (
            intake
            and token
            and intake.verify_token
            and consteq(intake.verify_token, str(token))
        ):
            intake = Intake
        values = {
            "intake": intake,
            "files": [
                {"size": f["size"], "sha256": f["sha256"]}
                for f in intake.files_manifest or []
            ],
        }
        return request.render(
            "customer_service.intake_verify_page",
            values,
            headers={"Cache-Control": "no-store"},
        )


class IntakePortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_intake_count" in counters:
            Intake = request.env["cs.intake"]
            values["cs_intake_count"] = (
                Intake.search_count([]) if Intake.has_access("read") else 0
            )
        return values

    @http.route("/my/intakes", type="http", auth="user", website=True)
    def portal_my_intakes(self, **kwargs):
        Intake = request.env["cs.intake"]
        intakes = Intake.search([]) if Intake.has_access("read") else Intake
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "intakes": intakes,
                "page_name": "cs_intakes",
                "created": kwargs.get("created"),
            }
        )
        return request.render("customer_service.portal_my_intakes", values)

    @http.route(
        "/my/intakes/<int:intake_id>/receipt", type="http", auth="user", website=True
    )
    def portal_intake_receipt(self, intake_id, download=False, **kwargs):
        try:
            intake_sudo = self._document_check_access("cs.intake", intake_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._show_report(
            model=intake_sudo,
            report_type="pdf",
            report_ref=RECEIPT_REPORT,
            download=download,
        )

    @http.route(
        "/my/intakes/upload",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_intake_upload(self, **post):
        user = request.env.user
        # sudo: portal users may not read the type list through ACLs of another
        # company; we only show active types of the user's company.
        types = (
            request.env["cs.document.type"]
            .sudo()
            .search([("company_id", "=", user.company_id.id)])
        )
        values = self._prepare_portal_layout_values()
        values.update({"types": types, "page_name": "cs_intake_upload", "error": None})
        if post.get("error") == "too_big":
            values["error"] = self._cs_upload_too_big_message()
        if request.httprequest.method == "POST":
            files = [
                (f.filename, f.read())
                for f in request.httprequest.files.getlist("files")
                if f.filename
            ]
            try:
                intake, rejections = request.env["cs.intake"]._cs_create_from_portal(
                    user.partner_id,
                    files,
                    post.get("description", ""),
                    types.filtered(lambda t: str(t.id) == post.get("document_type_id")),
                )
            except UserError as error:
                values["error"] = error.args[0]
            else:
                values.update({"intake": intake, "rejections": rejections})
                return request.render("customer_service.portal_intake_done", values)
        return request.render("customer_service.portal_intake_upload", values)

    def _cs_upload_too_big_message(self):
        """Why an upload over the request limit was refused, with both limits."""
        max_bytes, _patterns = request.env["cs.intake"]._cs_file_limits()
        upload_mb = round(http.DEFAULT_MAX_CONTENT_LENGTH / 1048576)
        if max_bytes:
            return request.env._(
                "Nothing was received: the files were too big. Each file may be at "
                "most %(file_limit)s MB and one sending at most %(upload_limit)s MB "
                "in all. Send smaller files, or fewer files at a time.",
                file_limit=round(max_bytes / 1048576, 1),
                upload_limit=upload_mb,
            )
        return request.env._(
            "Nothing was received: the files were too big. One sending may hold at "
            "most %(upload_limit)s MB in all. Send smaller files, or fewer files at "
            "a time.",
            upload_limit=upload_mb,
        )
