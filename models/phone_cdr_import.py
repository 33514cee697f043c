# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
import logging
import os
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.modules import module as odoo_module
from odoo.tools import file_open

from ..cdr import engine, parsers
from .index_tools import apply_index_budget
from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)

FORMATS = [
    ("asterisk", "Asterisk Master.csv"),
    ("freepbx", "FreePBX CDR export"),
    ("3cx", "3CX CDR"),
    ("json", "JSON push"),
]
ERROR_CODES = [
    ("empty", "Empty line"),
    ("too_long", "Line too long"),
    ("encoding", "Wrong text encoding"),
    ("nul", "NUL bytes"),
    ("csv", "Broken CSV"),
    ("columns", "Wrong number of columns"),
    ("field_too_long", "Field too long"),
    ("date", "Unreadable date"),
    ("missing", "Missing value"),
    ("number", "Not a number"),
    ("negative", "Negative value"),
    ("disposition", "Unknown outcome"),
    ("billsec", "Talk time too long"),
    ("chronology", "Ends before it starts"),
    ("answer_outside", "Answer time outside the call"),
    ("mixed_dates", "Mixed date formats"),
    ("json", "Not a JSON object"),
    ("json_value", "Wrong JSON value"),
    ("database", "Refused by the database"),
    ("internal", "Unexpected error"),
]
IGNORED_FILES = ("imported", "failed")


class PhoneCdrImport(models.Model):
    _name = "phone.cdr.import"
    _description = "Phone System Record Import"
    _inherit = ["phone.guard.mixin", "mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="system_id.company_id", store=True, index=True, readonly=True
    )
    origin = fields.Selection(
        [
            ("upload", "Upload"),
            ("directory", "Pick-up directory"),
            ("push", "Push from the phone system"),
        ],
        required=True,
        readonly=True,
    )
    file_format = fields.Selection(FORMATS, "Format", required=True, readonly=True)
    encoding = fields.Char("Text encoding", readonly=True)
    profile_id = fields.Many2one(
        "phone.cdr.profile", "3CX field order", readonly=True, check_company=True
    )
    file_name = fields.Char("File name", readonly=True)
    file_size = fields.Integer("File size (bytes)", readonly=True)
    user_id = fields.Many2one(
        "res.users", "Run by", readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Import failed")],
        required=True,
        default="running",
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_start = fields.Datetime(
        "Started", required=True, readonly=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime("Finished", readonly=True)
    duration = fields.Float("Duration (seconds)", readonly=True, digits=(16, 2))
    count_read = fields.Integer("Rows read", readonly=True)
    count_created = fields.Integer(
        "Calls created",
        readonly=True,
        help="Including the calls logged by hand that the records completed.",
    )
    count_merged = fields.Integer(
        "Hand-logged calls completed",
        readonly=True,
        help="Rows that completed a call logged by hand instead of creating one.",
    )
    count_duplicate = fields.Integer("Duplicates skipped", readonly=True)
    count_rejected = fields.Integer("Rows rejected", readonly=True)
    rows_per_second = fields.Float(
        "Rows per second", compute="_compute_rows_per_second", digits=(16, 0)
    )
    message = fields.Text("Why it failed", readonly=True)
    error_ids = fields.One2many(
        "phone.cdr.import.error", "import_id", "Rejected rows", readonly=True
    )
    call_count = fields.Integer("Calls", compute="_compute_call_count")

    _sql_constraints = [
        (
            "counts_conserved",
            "CHECK(count_read = count_created + count_duplicate + count_rejected)",
            "Every row read is created, a duplicate or rejected.",
        ),
    ]

    @api.depends("duration", "count_read")
    def _compute_rows_per_second(self):
        for imp in self:
            imp.rows_per_second = (
                imp.count_read / imp.duration if imp.duration > 0 else 0.0
            )

    def _compute_call_count(self):
        counts = dict(
            self.env["phone.call"]._read_group(
                [("cdr_import_id", "in", self.ids)], ["cdr_import_id"], ["__count"]
            )
        )
        for imp in self:
            imp.call_count = counts.get(imp, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_running(self):
        if any(imp.state == "running" for imp in self):
            raise UserError(_("An import that is still running cannot be deleted."))

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("cdr_import_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_download_errors(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/phone_policy/cdr_import/%d/rejected.csv" % self.id,
            "target": "download",
        }

    # ------------------------------------------------------------------
    # running imports
    # ------------------------------------------------------------------
    @api.model
    def _start(self, system, origin, file_format, **values):
        """A new import of ``system`` (checks the caller may run imports)."""
        self.check_access("create")
        self.env["phone.call"].check_access("create")
        values.update(
            {
                "system_id": system.id,
                "origin": origin,
                "file_format": file_format,
                "encoding": values.get("encoding") or system.cdr_encoding,
            }
        )
        values.setdefault("name", values.get("file_name") or system.name)
        if file_format == "3cx" and not values.get("profile_id"):
            values["profile_id"] = system.cdr_profile_id.id
        # a push may come with every call: no chatter messages for those
        context = {"mail_create_nolog": True}
        if origin == "push":
            context["tracking_disable"] = True
        # an import is started by the application: its facts are not typed in
        with phone_workflow(quiet=True):
            return self.with_context(**context).create(values)

    def _run_stream(self, stream, commit=False, batch_size=engine.BATCH_SIZE):
        """Import a binary stream into this (running) import."""
        self.ensure_one()
        started = time.monotonic()
        encoding = self.encoding or "utf-8"
        found = parsers.sniff_encoding(stream, encoding)
        if found and found != encoding:
            self._fail(self._encoding_message(found, encoding), engine.NO_COUNTS)
            return self
        importer = engine.CdrImporter(self, commit=commit, batch_size=batch_size)
        field_order = self.profile_id._field_list() if self.profile_id else None
        try:
            importer.run_stream(stream, self.file_format, field_order, encoding)
        except parsers.CdrFormatError as error:
            self._fail(
                _(
                    "The first line is not a FreePBX header: columns %(missing)s "
                    "are missing.",
                    **error.params,
                ),
                importer.counts,
            )
            return self
        self._finish(importer.counts, time.monotonic() - started)
        return self

    def _encoding_message(self, found, expected):
        labels = dict(
            self.env["phone.system"]
            ._fields["cdr_encoding"]
            ._description_selection(self.env)
        )
        return _(
            "This file looks like %(found)s text, but it was to be read as "
            "%(expected)s: nothing was imported. Set the text encoding of "
            "%(system)s (or choose it when uploading the file) to %(found)s, "
            "or convert the file, then import it again.",
            found=labels.get(found, found),
            expected=labels.get(expected, expected),
            system=self.system_id.display_name,
        )

    def _run_records(self, records):
        """Import JSON objects pushed by the phone system; returns the
        counts and the rejected records."""
        self.ensure_one()
        started = time.monotonic()
        importer = engine.CdrImporter(self, keep_errors=True)
        counts = importer.run_records(records)
        self._finish(counts, time.monotonic() - started)
        return counts, importer.kept_errors

    def _save_progress(self, counts):
        self._phone_record(self._count_values(counts))

    def _phone_record(self, values):
        """Write what the import did (pushes leave the chatter alone)."""
        with phone_workflow(quiet=self.origin == "push"):
            self.write(values)

    @staticmethod
    def _count_values(counts):
        return {
            "count_read": counts["read"],
            "count_created": counts["created"],
            "count_merged": counts["merged"],
            "count_duplicate": counts["duplicate"],
            "count_rejected": counts["rejected"],
        }

    def _finish(self, counts, seconds):
        values = self._count_values(counts)
        values.update(
            {"state": "done", "date_end": fields.Datetime.now(), "duration": seconds}
        )
        self._phone_record(values)

    def _fail(self, message, counts):
        values = self._count_values(counts)
        values.update(
            {"state": "failed", "date_end": fields.Datetime.now(), "message": message}
        )
        self._phone_record(values)

    @api.model
    def _demo_import(self, path, system_id):
        """Demo data: import a record file shipped with the module."""
        system = self.env["phone.system"].browse(system_id)
        with file_open(path, "rb") as stream:
            imp = self._start(
                system,
                "upload",
                system.cdr_format or "asterisk",
                file_name=os.path.basename(path),
            )
            imp._run_stream(stream)
        return imp

    # ------------------------------------------------------------------
    # rejected rows as CSV
    # ------------------------------------------------------------------
    def _rejected_csv(self, target, batch=5000):
        """Write the rejected rows of this import as CSV into the binary
        file ``target``, a batch at a time."""
        self.ensure_one()
        self.check_access("read")
        Error = self.env["phone.cdr.import.error"]
        text = io.TextIOWrapper(
            target, encoding="utf-8", newline="", write_through=True
        )
        writer = csv.writer(text)
        writer.writerow([_("Line number"), _("Reason"), _("Row as read")])
        last_id = 0
        while True:
            errors = Error.search_fetch(
                [("import_id", "=", self.id), ("id", ">", last_id)],
                ["line_number", "reason", "raw_line"],
                order="id",
                limit=batch,
            )
            if not errors:
                break
            for error in errors:
                writer.writerow([error.line_number, error.reason, error.raw_line])
            last_id = errors[-1].id
            errors.invalidate_recordset()
        text.detach()

    # ------------------------------------------------------------------
    # the pick-up directories
    # ------------------------------------------------------------------
    @api.model
    def _cron_import_directories(self, settle_seconds=60, commit=None):
        """Import the files the phone systems dropped in their pick-up
        directories, oldest first; each file moves to ``imported/`` (or
        ``failed/``) so that it is read once. Commits after each batch, so
        that a large file makes progress and holds no lock for long. A
        cron: runs as the superuser, no sudo()."""
        if commit is None:
            commit = not odoo_module.current_test
        systems = self.env["phone.system"].search([("cdr_directory", "!=", False)])
        for system in systems:
            for path in self._pending_files(system.cdr_directory, settle_seconds):
                self._import_path(system, path, commit=commit)

    @api.model
    def _pending_files(self, directory, settle_seconds):
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            _logger.warning("Cannot read CDR directory %s: %s", directory, error)
            return []
        now = time.time()
        files = [
            entry
            for entry in entries
            if entry.is_file(follow_symlinks=False)
            and not entry.name.startswith(".")
            and entry.name not in IGNORED_FILES
            # a file still being written is left for the next run
            and now - entry.stat().st_mtime >= settle_seconds
        ]
        files.sort(key=lambda entry: (entry.stat().st_mtime, entry.name))
        return [entry.path for entry in files]

    @api.model
    def _import_path(self, system, path, commit=False):
        name = os.path.basename(path)
        imp = self._start(
            system,
            "directory",
            system.cdr_format or "asterisk",
            file_name=name,
            file_size=os.path.getsize(path),
        )
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            with open(path, "rb") as stream:
                imp._run_stream(stream, commit=commit)
        except Exception as error:
            if not commit:
                raise
            # batches already committed stay; the file goes to failed/
            self.env.cr.rollback()
            _logger.exception("Import of %s failed", path)
            imp._fail(
                _("The import stopped: %(error)s", error=error),
                {
                    "read": imp.count_read,
                    "created": imp.count_created,
                    "merged": imp.count_merged,
                    "duplicate": imp.count_duplicate,
                    "rejected": imp.count_rejected,
                },
            )
        self._move_done(path, "failed" if imp.state == "failed" else "imported")
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        return imp

    @api.model
    def _move_done(self, path, folder):
        target_dir = os.path.join(os.path.dirname(path), folder)
        os.makedirs(target_dir, exist_ok=True)
        target = os.path.join(target_dir, os.path.basename(path))
        if os.path.exists(target):
            stem, ext = os.path.splitext(os.path.basename(path))
            target = os.path.join(
                target_dir, "%s.%s%s" % (stem, time.strftime("%Y%m%d%H%M%S"), ext)
            )
        os.replace(path, target)


class PhoneCdrImportError(models.Model):
    _name = "phone.cdr.import.error"
    _description = "Rejected Phone System Record"
    _inherit = ["phone.guard.mixin"]
    _order = "import_id, line_number, id"
    _check_company_auto = True

    import_id = fields.Many2one(
        "phone.cdr.import",
        "Import",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    line_number = fields.Integer("Line number", readonly=True)
    code = fields.Selection(ERROR_CODES, "Problem", readonly=True)
    reason = fields.Char(readonly=True)
    raw_line = fields.Text("Row as read", readonly=True)

    def init(self):
        res = super().init()
        # the rejected rows of an import (its form, the CSV download)
        apply_index_budget(self)
        return res
