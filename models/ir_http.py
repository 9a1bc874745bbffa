from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request

UPLOAD_PATH = "/my/intakes/upload"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        # Werkzeug refuses a body over the request limit before any controller
        # runs; the customer gets the upload form back with the limits spelled out.
        if (
            isinstance(exception, RequestEntityTooLarge)
            and request
            and request.httprequest.path.rstrip("/").endswith(UPLOAD_PATH)
        ):
            return request.redirect(f"{UPLOAD_PATH}?error=too_big", code=303)
        return super()._handle_error(exception)
