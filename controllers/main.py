# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
import tempfile

from werkzeug.wsgi import wrap_file

from odoo import SUPERUSER_ID, api, http
from odoo.http import content_disposition, request

from .push_auth import push_system, read_body

_logger = logging.getLogger(__name__)


class PhoneCdrController(http.Controller):
    def _json_error(self, status, error, message):
        return request.make_json_response(
            {"error": error, "message": message}, status=status
        )

    @staticmethod
    def _records(payload):
        if isinstance(payload, dict) and isinstance(payload.get("records"), list):
            return payload["records"]
        if isinstance(payload, dict):
            return [payload]
        if isinstance(payload, list):
            return payload
        return None

    @http.route(
        "/phone_policy/cdr/push/<int:system_id>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def cdr_push(self, system_id, **kwargs):
        """A phone system pushes call-detail records as JSON: one object,
        a list, or {"records": [...]}, with Asterisk column names. It
        authenticates with its own push key (``Authorization: Bearer``)."""
        # superuser: the caller is a phone system, authenticated below by the
        # key of the one system named in the URL, not an Odoo user
        env = api.Environment(request.env.cr, SUPERUSER_ID, {})
        system, refusal = push_system(env, system_id)
        if refusal == "missing":
            return self._json_error(
                401, "unauthorized", "A push key is required (Authorization: Bearer)."
            )
        if refusal:
            return self._json_error(
                401, "unauthorized", "The push key is not valid for this phone system."
            )
        limit = system.cdr_push_max_kb * 1024
        body = read_body(limit)
        if body is None:
            if request.httprequest.content_length is None:
                return self._json_error(
                    411, "length_required", "Send the Content-Length of the request."
                )
            return self._json_error(
                413,
                "too_large",
                "The request is larger than %d bytes: push smaller batches." % limit,
            )
        try:
            payload = json.loads(body or b"null")
        except ValueError as error:
            return self._json_error(400, "bad_json", "Not valid JSON: %s" % error)
        records = self._records(payload)
        if records is None:
            return self._json_error(
                400,
                "bad_payload",
                "Send a record object, a list of records or {'records': [...]}.",
            )
        env = env(context={"lang": system.company_id.partner_id.lang or "en_US"})
        imp = env["phone.cdr.import"]._start(
            system.with_env(env),
            "push",
            "json",
            name=env._("Pushed by %(system)s", system=system.name),
        )
        counts, errors = imp._run_records(records)
        return request.make_json_response(
            {
                "import": imp.id,
                "read": counts["read"],
                "created": counts["created"],
                "merged": counts["merged"],
                "duplicates": counts["duplicate"],
                "rejected": counts["rejected"],
                "errors": [
                    {"record": number, "code": code, "reason": reason}
                    for number, code, reason, _raw in errors
                ],
            }
        )

    @http.route(
        "/phone_policy/cdr_import/<int:import_id>/rejected.csv",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def cdr_rejected_csv(self, import_id, **kwargs):
        """The rejected rows of an import as CSV, written to a temporary
        file a batch at a time and streamed from there."""
        imp = request.env["phone.cdr.import"].browse(import_id).exists()
        if not imp:
            return request.not_found()
        target = tempfile.TemporaryFile()
        imp._rejected_csv(target)
        size = target.tell()
        target.seek(0)
        filename = "%s-rejected.csv" % (imp.file_name or imp.name or imp.id)
        return request.make_response(
            wrap_file(request.httprequest.environ, target),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Length", str(size)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
