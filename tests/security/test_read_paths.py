# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every way of reading a record over the wire, tried on confidential,
archived and HR-only data by each role that must not see it: read,
search_read, web_search_read, web_read, read_group, web_read_group,
export_data, search_count and name_search on what the record says (both
oracles), onchange on the record, and its PDF over HTTP (/report/html and
/report/pdf). Nothing the record says may come back, and nobody's failed
attempt may count as a logged read of the archive."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .relations_common import (
    ARCHIVED_CONFIDENTIAL,
    ARCHIVED_SECRET,
    LIVE_SECRET,
    REPORT_SECRET,
    REWARD_SECRET,
    VIOLATION_SECRET,
    RelationsCase,
)

CALL_RECORD = "phone_policy.phone_call_report_document"
PENALTY_NOTICE = "phone_policy.phone_violation_report_document"


@tagged("post_install", "-at_install")
class TestReadPaths(RelationsCase):
    def _targets(self):
        """(label, record, field holding the secret, secret, report, roles
        that must not read it)."""
        return [
            (
                "confidential call",
                self.secret_call,
                "subject",
                LIVE_SECRET,
                CALL_RECORD,
                # same department, other department, the department's
                # manager, officers, portal and another company
                ("pp_sales", "pp_support", "pp_mgr", "pp_officer", "pp_portal"),
            ),
            (
                "archived call",
                self.archived_call,
                "subject",
                ARCHIVED_SECRET,
                CALL_RECORD,
                # even the colleague who handled it, and the officer who filed it
                ("pp_sales2", "pp_sales", "pp_mgr", "pp_officer", "pp_other_co"),
            ),
            (
                "archived confidential call",
                self.archived_confidential,
                "subject",
                ARCHIVED_CONFIDENTIAL,
                CALL_RECORD,
                # the archive's grant does not name it
                ("pp_support", "pp_sales2", "pp_officer"),
            ),
            (
                "whistle-blowing report",
                self.whistle_report,
                "description",
                REPORT_SECRET,
                None,
                # the accused, the reporter (only their filing), officers
                # not investigating, the accused's department manager
                ("pp_sales2", "pp_support", "pp_officer", "pp_mgr", "pp_sales"),
            ),
            (
                "draft violation from a report",
                self.hr_violation,
                "evidence",
                VIOLATION_SECRET,
                PENALTY_NOTICE,
                ("pp_sales2", "pp_mgr", "pp_officer", "pp_sales", "pp_support"),
            ),
            (
                "anonymous reporter's reward",
                self.reward,
                "reason",
                REWARD_SECRET,
                None,
                # not even a Manager: only the reporter
                ("pp_manager", "pp_officer", "pp_mgr", "pp_sales", "pp_sales2"),
            ),
        ]

    def _paths(self, record, fname, secret, report):
        model, ids = record._name, record.ids
        same = [("id", "in", ids)]
        said = [(fname, "ilike", secret)]
        paths = {
            "read": ("rpc", (model, "read", ids, [fname])),
            "search_read": ("rpc", (model, "search_read", same, [fname])),
            "web_search_read": (
                "rpc",
                (model, "web_search_read", same, {fname: {}, "display_name": {}}),
            ),
            "web_read": ("rpc", (model, "web_read", ids, {fname: {}})),
            "read_group": ("rpc", (model, "read_group", same, [fname], [fname])),
            "web_read_group": (
                "rpc",
                (model, "web_read_group", same, [fname], [fname]),
            ),
            "export_data": ("rpc", (model, "export_data", ids, [fname])),
            "onchange": ("rpc", (model, "onchange", ids, {}, [], {fname: {}})),
            "search_count oracle": ("oracle", (model, "search_count", said)),
            "name_search oracle": ("oracle", (model, "name_search", "", said)),
        }
        if report:
            paths["report html"] = ("report", (report, ids, "html"))
            paths["report pdf"] = ("report", (report, ids, "pdf"))
        return paths

    def test_roles_read_nothing_they_must_not(self):
        export = self.env.ref("base.group_allow_export")
        for login in ("pp_sales", "pp_sales2", "pp_support", "pp_mgr", "pp_officer"):
            self.env["res.users"].search([("login", "=", login)]).groups_id += export
        logs = self.access_logs()
        attempts = 0
        for label, record, fname, secret, report, roles in self._targets():
            paths = self._paths(record, fname, secret, report)
            for login in roles:
                for name, (kind, call) in paths.items():
                    with self.subTest(target=label, role=login, path=name):
                        attempts += 1
                        if kind == "report":
                            # the refusal, raised while rendering, is logged
                            with mute_logger("odoo.http"):
                                result = self.report(login, *call)
                        else:
                            result = self.rpc(login, *call)
                        self.assertNoSecret(
                            result.value if result.ok else result.message, secret
                        )
                        if kind == "oracle" and result.ok:
                            # nothing found on what the record says
                            self.assertFalse(result.value, f"{name} found it")
        # the archived call's file, downloaded
        for login in ("pp_sales2", "pp_sales", "pp_officer"):
            with self.subTest(role=login, path="download"):
                attempts += 1
                type(self)._rpc_attempts += 1
                self.rpc_login(login)
                response = self.url_open(f"/web/content/{self.archived_file.id}")
                self.assertNotIn(b"Camelliafile", response.content)
        self.assertGreater(attempts, 300)
        # failed attempts leave no trace of a read in the archive log
        self.assertEqual(self.access_logs(), logs)

    def test_granted_reader_is_logged_on_every_path(self):
        """pp_support holds an approved request on the archive: each way of
        reading an archived call leaves one line in the log, naming it."""
        call = self.archived_call
        paths = self._paths(call, "subject", ARCHIVED_SECRET, CALL_RECORD)
        # the export is refused to all but Managers
        export = paths.pop("export_data")
        self.user_support.groups_id += self.env.ref("base.group_allow_export")
        refused = self.rpc("pp_support", *export[1])
        self.assertRefused(refused)
        self.assertIn("Only Phone Policy managers", refused.message)
        # also through the records that point at the calls: the grant's own
        # log lines, the archive
        self.rpc("pp_support", "phone.call", "read", call.ids, ["subject"])
        for model, ids, path in (
            (
                "phone.archive.access.log",
                self.access_logs(self.user_support).ids,
                "call_ids/subject",
            ),
            ("phone.archive", self.archive.ids, "call_ids/key_points"),
        ):
            with self.subTest(export=model):
                # the export dialog's "all data" mode follows the relation
                nested = self.rpc(
                    "pp_support",
                    model,
                    "export_data",
                    ids,
                    [path],
                    context={"import_compat": False},
                )
                self.assertRefused(nested)
                self.assertNoSecret(nested.message)
        # read through other records: the archive's calls, the grant's own
        paths["nested web_read"] = (
            "rpc",
            (
                "phone.archive",
                "web_read",
                self.archive.ids,
                {"call_ids": {"fields": {"subject": {}}}},
            ),
        )
        paths["chatter"] = (
            "route",
            (
                "/mail/thread/messages",
                {"thread_model": "phone.call", "thread_id": call.id},
            ),
        )
        paths["chatter data"] = (
            "route",
            (
                "/mail/thread/data",
                {
                    "thread_model": "phone.call",
                    "thread_id": call.id,
                    "request_list": ["attachments", "followers"],
                },
            ),
        )
        paths["file over RPC"] = (
            "rpc",
            ("ir.attachment", "read", self.archived_file.ids, ["raw"]),
        )
        paths["text report"] = ("report", (CALL_RECORD, call.ids, "text"))
        for name, (kind, call_args) in paths.items():
            with self.subTest(path=name):
                before = self.access_logs(self.user_support)
                if kind == "report":
                    result = self.report("pp_support", *call_args)
                elif kind == "route":
                    result = self.route("pp_support", *call_args)
                else:
                    result = self.rpc("pp_support", *call_args)
                self.assertTrue(result.ok, result)
                logged = self.access_logs(self.user_support) - before
                self.assertEqual(len(logged), 1, f"{name}: {len(logged)} log lines")
                self.assertEqual(logged.call_ids, call)
                self.assertEqual(logged.request_id, self.grant)
        # and a file downloaded from /web/content
        self.rpc_login("pp_support")
        before = self.access_logs(self.user_support)
        response = self.url_open(f"/web/content/{self.archived_file.id}")
        self.assertEqual(response.content, b"Camelliafile")
        self.assertEqual(len(self.access_logs(self.user_support) - before), 1)
