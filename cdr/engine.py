# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turns parsed call-detail records into ``phone.call`` records, fast.

The ORM's ``create()`` costs about a millisecond per call (defaults,
sequence, tracking, one compute pass per record). A phone system writes
hundreds of thousands of records, so this importer:

- reads, parses and matches the lines of the next batch while the
  database stores the current one (:class:`~.readahead.ReadAhead`: a line
  read for each call the COPY hands over; pure Python, no ORM, no cursor);
- computes the stored values of a call in Python, with per-import caches
  (extensions, E.164 numbers, contacts looked up through an index, the
  quiet-hours rule per local minute of the week);
- draws the call references from the same ``ir.sequence`` in one query;
- COPYs each batch straight into ``phone_call``, streamed as it is
  formatted. The database's unique keys, not a Python check, decide what
  is a duplicate: a batch the keys refuse (a record stored by an earlier
  import, or by a concurrent one meanwhile) goes through a temporary table
  and ``INSERT … SELECT … ON CONFLICT DO NOTHING``. A look at a sample of
  the keys first spares a file imported again the attempt;
- tells the ORM about the new rows (``modified``, and ``add_to_compute`` for
  any stored computed field of ``phone.call`` it did not fill, e.g. one added
  by another module), so the records are exactly what ``create()`` gives; a
  test compares them field by field with the ORM's own computation.

Every input line ends in exactly one count: created (or merged into a call
logged by hand), duplicate, or rejected with a reason.
"""

import io
import json
import logging
import operator
import re
import zoneinfo
from collections import ChainMap
from datetime import datetime, timedelta, timezone
from functools import partial

import psycopg2
import psycopg2.errors
import psycopg2.extensions

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import clean_context

from odoo.addons.phone_validation.tools import phone_validation

from ..models.phone_call_callback import STAMP_FNAMES
from ..utils import call_rules
from . import parsers
from .readahead import ReadAhead

_logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
# The first batch is read before PostgreSQL has anything to do: it is kept
# small, and each next batch is at most twice the one before (Python reads
# a call in about half the time PostgreSQL stores and stamps one, so most
# of the next batch is read by the time the current one is stored).
FIRST_BATCH = 500
# characters of COPY text sent at a time (see CopyStream)
COPY_CHUNK = 1 << 15
# A COPY has two halves: while it streams, PostgreSQL stores each row and
# its index entries (~18 µs a call) as Python formats it; once all rows are
# sent, PostgreSQL checks their foreign keys (~27 µs a call) and Python
# has nothing to hand over. Python reads one line of the next batch every
# READ_DURING_COPY calls it hands over, and the rest in a thread during the
# second half (ReadAhead.read_on).
READ_DURING_COPY = 4
NO_COUNTS = dict.fromkeys(("read", "created", "merged", "duplicate", "rejected"), 0)
MISSING = object()
# STATISTICS. PostgreSQL plans each batch from the statistics of
# phone_call, which a large import soon makes describe a table much smaller
# than the one its queries read (autovacuum analyses the table only once
# the import has committed). Each query of the import is written so that
# no statistics can lead it off its index: the "called back" stamp is
# pinned to its index probes (phone_call_callback.py; 325 rows/s at 100k
# rows in issue 15 before), the known keys and the live calls take the
# phone system as a value the planner does not look at (else it read all
# the system's calls through a unique key led by system_id: 87 ms a batch
# at 100k calls), the calls logged by hand are read through their partial
# index by date. The import analysed the table as it grew (0.14 s of
# PostgreSQL per 100k rows, 2 % of the import) until no query needed it.
CLID_NAME = re.compile(r'^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$')
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

# what a new call of the phone system has that its record does not say
# (the completeness rule reads them)
NEW_RECORD = {
    "nature": "work",
    "importance": "normal",
    "key_points": None,
    "responsible_user_id": None,
    "callback_datetime": None,
}

# the phone system's own facts of a call, kept as they came
CDR_FNAMES = (
    "cdr_key",
    "cdr_hash",
    "cdr_src",
    "cdr_dst",
    "cdr_disposition",
    "cdr_answer_date",
    "cdr_end_date",
    "cdr_total_seconds",
    "cdr_context",
    "cdr_clid",
    "cdr_channel",
    "cdr_dst_channel",
    "cdr_account_code",
)
# Stored columns of phone.call this importer fills itself: those that vary
# per call go through COPY, the constants of an import are query parameters.
# The other stored fields are left to the ORM (defaults, computes).
ROW_FNAMES = (
    "name",
    "direction",
    "employee_id",
    "user_id",
    "department_id",
    "partner_id",
    "counterpart_employee_id",
    "counterpart_name",
    "counterpart_organization",
    "phone",
    "date_start",
    "ring_seconds",
    "answered",
    "duration",
    "answered_in_time",
    "late_answer",
    "is_long_call",
    "in_quiet_hours",
    "is_complete",
    *CDR_FNAMES,
)
CONSTANT_FNAMES = (
    "company_id",
    "system_id",
    "cdr_import_id",
    "source",
    "nature",
    "importance",
    "confidentiality",
    "ring_source",
    "ring_limit_seconds",
    "cdr_merged",
    "legal_hold",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
)
CALL_FNAMES = ROW_FNAMES + CONSTANT_FNAMES
# The per-call columns the writing side fills or changes (contacts looked
# up, references drawn); the others are formatted for COPY as soon as a
# line is read, ahead of the batch's COPY. A writing step that changes another
# column of a call adds it here.
WRITE_FNAMES = (
    "name",
    "partner_id",
    "counterpart_name",
    "counterpart_organization",
    "in_quiet_hours",
    "is_complete",
)
READ_FNAMES = tuple(fname for fname in ROW_FNAMES if fname not in WRITE_FNAMES)
WRITE_VALUES = operator.itemgetter(*WRITE_FNAMES)
READ_VALUES = operator.itemgetter(*READ_FNAMES)
# facts of the phone system that complete a call logged by hand
MERGE_FNAMES = (
    "source",
    "system_id",
    "cdr_import_id",
    "direction",
    "date_start",
    "ring_seconds",
    "answered",
    "duration",
    *CDR_FNAMES,
)
ERROR_COLUMNS = (
    "import_id",
    "company_id",
    "line_number",
    "code",
    "reason",
    "raw_line",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
)


def _slow_copy_line(values):
    return "\t".join(
        "\\N"
        if value is None
        else value.translate(COPY_ESCAPES)
        if value.__class__ is str
        else ("t" if value else "f")
        if value.__class__ is bool
        else value.isoformat(" ")
        if value.__class__ is datetime
        else str(value)
        for value in values
    )


def copy_line(values):
    """One line of COPY text format: NULL for None, t/f for booleans,
    escaped text. Not-null columns never get None; nullable ones never
    get False. Values rarely need escaping: the line is checked once."""
    line = "\t".join(
        [
            "\x00"
            if value is None
            else value
            if value.__class__ is str
            else ("t" if value else "f")
            if value.__class__ is bool
            else value.isoformat(" ")
            if value.__class__ is datetime
            else str(value)
            for value in values
        ]
    )
    if (
        "\\" in line
        or "\n" in line
        or "\r" in line
        or line.count("\t") != len(values) - 1
        or line.count("\x00") != values.count(None)
    ):
        return _slow_copy_line(values)
    return line.replace("\x00", "\\N")


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in the order of ``columns``) into ``table``."""
    buffer = io.StringIO("\n".join(map(copy_line, rows)) + "\n")
    # like ir.model.data's COPY: no gevent wait callback during COPY FROM
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        cr.copy_from(buffer, table, columns=columns)
    finally:
        psycopg2.extensions.set_wait_callback(callback)


class Batch:
    """Lines read, the call values of the good ones, the rejected ones
    (line number, reason code, parameters, raw line), and the records that
    came twice in the batch (same key or content hash). Gathered as the
    lines are read (while PostgreSQL stores the batch before), for the
    lookups before this batch is stored: the outside numbers (contacts),
    and the employees and first and last start of the calls that have one
    (calls logged by hand)."""

    __slots__ = (
        "read",
        "rows",
        "rejects",
        "duplicate",
        "keys",
        "hashes",
        "numbers",
        "employees",
        "first_start",
        "last_start",
    )

    def __init__(self):
        self.read = 0
        self.rows = []
        self.rejects = []
        self.duplicate = 0
        self.keys = set()
        self.hashes = set()
        self.numbers = set()
        self.employees = set()
        self.first_start = self.last_start = None

    def add(self, vals):
        key, content_hash = vals["cdr_key"], vals["cdr_hash"]
        if key in self.keys or content_hash in self.hashes:
            self.duplicate += 1
            return
        self.keys.add(key)
        self.hashes.add(content_hash)
        self.rows.append(vals)
        if vals["direction"] != "internal" and vals["phone"]:
            self.numbers.add(vals["phone"])
        if vals["employee_id"]:
            self.employees.add(vals["employee_id"])
            start = vals["date_start"]
            if self.first_start is None or start < self.first_start:
                self.first_start = start
            if self.last_start is None or start > self.last_start:
                self.last_start = start


class CopyStream:
    """What psycopg2's ``copy_from`` reads: the COPY text of ``lines`` (an
    iterator of lines), produced chunk by chunk while PostgreSQL stores
    the chunks before it. The chunks must be well under the socket's
    buffer (~200 kB): psycopg2 sends a chunk whole before it asks for the
    next, so with 256 kB chunks PostgreSQL waited while Python made the
    next one and Python while PostgreSQL stored it (measured: a COPY of
    100k calls took the sum of both, 8.0 s; with 32 kB chunks, the larger
    of the two)."""

    def __init__(self, lines):
        self._lines = lines

    def read(self, size=65536):  # pylint: disable=method-required-super
        chunk = []
        length = 0
        for line in self._lines:
            chunk.append(line)
            length += len(line)
            if length >= size:
                break
        return "".join(chunk)

    def readline(self, size=-1):
        return next(self._lines, "")


class CdrImporter:
    """Imports lines (files) or JSON objects (pushes) into one
    ``phone.cdr.import`` record."""

    def __init__(self, imp, commit=False, batch_size=BATCH_SIZE, keep_errors=False):
        self.imp = imp
        self.kept_errors = [] if keep_errors else None
        self.env = imp.env
        self.cr = imp.env.cr
        self.commit = commit
        self.batch_size = batch_size
        system = self.system = imp.system_id
        company = self.company = system.company_id
        try:
            self.tz = zoneinfo.ZoneInfo(system.tz or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.tz = timezone.utc
        # plain values: the matching runs while a COPY streams (ReadAhead)
        self.country_code = company.country_id.code or None
        self.country_phone_code = company.country_id.phone_code or None
        self.accounts = system._cdr_extension_of()
        self.numbering = [
            (
                line.rule,
                line.prefix or "",
                line.extension_length,
                line.range_start,
                line.range_end,
            )
            for line in system.numbering_ids
        ]
        self.ext_digits = system.cdr_extension_digits
        self.merge_delta = timedelta(minutes=system.cdr_merge_minutes)
        self.ring_limit = company._phone_ring_limit()
        self.long_minutes = company.phone_long_call_minutes
        self.company_tz = company._phone_tz()
        self.employees = self._load_employees(set(self.accounts.values()))
        # caches of the matching (reading ahead)
        self.ext_cache = {}
        self.offsets = {}
        self.e164_cache = {}
        # caches of the writing
        self.quiet_settings = company._phone_quiet_settings()
        self.spent = []  # lists of call values stored (see _let_go)
        self.quiet_cache = {}
        self.complete_cache = {}
        self.tz_offsets = {}
        self.partner_cache = {}
        self.partners = {}
        self.counts = dict(NO_COUNTS)
        # whether the phone system has reported live calls, as this
        # transaction sees the table (see _merge_live)
        self.live_seen = None
        self.errors = []
        self.stage = None
        self.reasons = self._reason_templates()
        self._prepare_orm()

    # ------------------------------------------------------------------
    # set-up
    # ------------------------------------------------------------------
    def _load_employees(self, employee_ids):
        """{employee id: (user id, department id, name, department name)}"""
        # sudo: names and departments behind the extensions, no private HR data
        employees = self.env["hr.employee"].sudo().browse(employee_ids).exists()
        return {
            employee.id: (
                employee.user_id.id or None,
                employee.department_id.id or None,
                employee.name,
                employee.department_id.name or None,
            )
            for employee in employees
        }

    def _prepare_orm(self):
        Call = self.env["phone.call"]
        self.Call = Call
        own = set(CALL_FNAMES) | {"id"}
        stored = [field for field in Call._fields.values() if field.store]
        # stored computed fields that another module may add to phone.call:
        # the ORM computes them on the imported calls
        self.orm_computed = [
            field for field in stored if field.compute and field.name not in own
        ]
        # the stamp flushes the fields it reads before it runs: the ORM's
        # bookkeeping of a batch goes beside the stamp only when it marks
        # none of them to compute (else it goes first, as create() does)
        computed = {field.name for field in self.orm_computed}
        self.bookkeeping_beside = not computed & set(STAMP_FNAMES)
        plain = [
            field.name
            for field in stored
            if not field.compute and field.column_type and field.name not in own
        ]
        # the field defaults, not the default_* keys of the caller's context
        clean_env = self.env(context=clean_context(self.env.context))
        defaults = Call.with_env(clean_env).default_get(plain)
        self.default_columns = []
        self.default_values = []
        for fname, value in defaults.items():
            field = Call._fields[fname]
            self.default_columns.append(fname)
            self.default_values.append(
                field.convert_to_column_insert(
                    field.convert_to_write(field.convert_to_cache(value, Call), Call),
                    Call,
                )
            )
        self.own_fields = [Call._fields[fname] for fname in CALL_FNAMES]
        # what modified() could mark for recomputation on the new calls
        self.own_computed = [field for field in self.own_fields if field.compute]
        # COPY straight into phone_call when the defaults are plain values
        self.copy_direct = all(
            value is None or isinstance(value, str | int | float | bool | datetime)
            for value in self.default_values
        )
        sequence = (
            self.env["ir.sequence"]
            # sudo: the phone.call sequence, to draw its numbers in bulk
            .sudo()
            .search(
                [
                    ("code", "=", "phone.call"),
                    ("company_id", "in", [self.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        self.sequence = sequence.with_company(self.company)
        self.name_format = None
        if sequence.implementation == "standard" and not sequence.use_date_range:
            prefix, suffix = sequence._get_prefix_suffix()
            self.name_format = (
                prefix,
                "%%0%sd" % sequence.padding,
                suffix,
                "ir_sequence_%03d" % sequence.id,
            )

    def _reason_templates(self):
        env = self.env
        return {
            "empty": lambda p: env._("Empty line."),
            "too_long": lambda p: env._(
                "The line is %(size)s bytes long (limit %(limit)s).", **p
            ),
            "encoding": lambda p: env._(
                "Not valid %(encoding)s text: byte %(byte)s at position "
                "%(position)s. Check the phone system's text encoding.",
                **p,
            ),
            "nul": lambda p: env._("The line contains NUL bytes."),
            "csv": lambda p: env._("Broken CSV quoting: %(error)s.", **p),
            "columns": lambda p: env._(
                "%(count)s columns instead of %(expected)s.", **p
            ),
            "field_too_long": lambda p: env._(
                "Field %(column)s is %(size)s characters long (limit %(limit)s).",
                **p,
            ),
            "date": lambda p: env._("Unreadable date in %(column)s: %(value)s.", **p),
            "missing": lambda p: env._("No value in %(column)s.", **p),
            "number": lambda p: env._(
                "Not a whole number in %(column)s: %(value)s.", **p
            ),
            "negative": lambda p: env._(
                "Negative value in %(column)s: %(value)s.", **p
            ),
            "disposition": lambda p: env._(
                "Unknown call outcome (disposition): %(value)s.", **p
            ),
            "billsec": lambda p: env._(
                "Talk time %(billsec)s s is longer than the whole call (%(total)s s).",
                **p,
            ),
            "chronology": lambda p: env._(
                "The call ends (%(end)s) before it starts (%(start)s).", **p
            ),
            "answer_outside": lambda p: env._(
                "Answered at %(answer)s, outside the call (%(start)s to %(end)s).",
                **p,
            ),
            "mixed_dates": lambda p: env._(
                "Some dates carry a time zone offset and others do not."
            ),
            "json": lambda p: env._(
                "A record must be a JSON object, not %(kind)s.", **p
            ),
            "json_value": lambda p: env._(
                "Field %(column)s must be text or a number.", **p
            ),
            "database": lambda p: env._(
                "The database refused the record: %(error)s", **p
            ),
            "internal": lambda p: env._("Unexpected error: %(error)s", **p),
        }

    # ------------------------------------------------------------------
    # entry points
    # ------------------------------------------------------------------
    def run_stream(self, stream, file_format, field_order=None, encoding="utf-8"):
        """Import a binary stream line by line. The lines of the next batch
        are parsed and matched (pure Python, no database) while the
        database stores the current batch (``ReadAhead``)."""
        fmt = parsers.make_format(file_format, field_order)
        return self._run(ReadAhead(self._file_steps(stream, fmt, encoding)))

    def run_records(self, records):
        """Import JSON objects pushed by a PBX (numbered from 1)."""
        return self._run(ReadAhead(self._record_batches(records)))

    def _run(self, batches):
        # the COPY of a batch and its stamp read the next one (ReadAhead)
        self.read_ahead = batches.advance
        self.read_on = batches.read_on
        self.meanwhile = partial(batches.meanwhile, first=self._let_go)
        try:
            for batch in batches:
                self._store_batch(batch)
        finally:
            batches.close()
            self._drop_stage()
        return self.counts

    # ------------------------------------------------------------------
    # reading: lines and records into batches of call values (no ORM, no
    # database: this part runs while a COPY streams, see ReadAhead)
    # ------------------------------------------------------------------
    def _file_steps(self, stream, fmt, encoding):
        """The batches of a file, and ``None`` after each line read (a
        step for ``ReadAhead``)."""
        batch = Batch()
        limit = min(FIRST_BATCH, self.batch_size)
        header_pending = fmt.has_header
        for number, raw in parsers.iter_lines(stream):
            if number == 1 and isinstance(raw, bytes):
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if header_pending:
                header_pending = False
                self._read_header(fmt, raw, encoding)
                continue
            batch.read += 1
            try:
                if isinstance(raw, parsers.LongLine):
                    raise parsers.CdrReject(
                        "too_long", size=raw.size, limit=parsers.MAX_LINE_BYTES
                    )
                text = parsers.decode(raw, encoding)
                self._take(batch, fmt.parse(text), number, text)
            except parsers.CdrReject as reject:
                batch.rejects.append((number, reject.code, reject.params, raw))
            except Exception as error:  # never crash on one line
                batch.rejects.append(self._internal_error(number, error, raw))
            if batch.read >= limit:
                yield batch
                batch = Batch()
                limit = min(2 * limit, self.batch_size)
            else:
                yield None
        if batch.read:
            yield batch

    def _record_batches(self, records):
        """The batches of pushed records (already in memory: one step of
        ``ReadAhead`` per batch)."""
        fmt = parsers.JsonFormat()
        batch = Batch()
        limit = min(FIRST_BATCH, self.batch_size)
        for number, record in enumerate(records, 1):
            batch.read += 1
            try:
                self._take(batch, fmt.parse(record), number, record)
            except parsers.CdrReject as reject:
                batch.rejects.append((number, reject.code, reject.params, record))
            except Exception as error:  # never crash on one record
                batch.rejects.append(self._internal_error(number, error, record))
            if batch.read >= limit:
                yield batch
                batch = Batch()
                limit = min(2 * limit, self.batch_size)
        if batch.read:
            yield batch

    def _take(self, batch, row, number, raw):
        row.line = number
        row.raw = raw
        vals = self._resolve(row)
        vals["_copy"] = copy_line(READ_VALUES(vals))
        batch.add(vals)

    def _read_header(self, fmt, raw, encoding):
        if isinstance(raw, parsers.LongLine):
            raise parsers.CdrFormatError("header", missing="…")
        try:
            text = parsers.decode(raw, encoding)
        except parsers.CdrReject as reject:
            raise parsers.CdrFormatError("header", missing="…") from reject
        fmt.read_header(text)

    def _internal_error(self, number, error, raw):
        _logger.warning("CDR line %s could not be read: %s", number, error)
        return (number, "internal", {"error": repr(error)[:200]}, raw)

    # ------------------------------------------------------------------
    # writing: one batch at a time
    # ------------------------------------------------------------------
    def _store_batch(self, batch):
        self.spent.append(batch.rows)
        self.counts["read"] += batch.read
        self.counts["duplicate"] += batch.duplicate
        for reject in batch.rejects:
            self._reject(*reject)
        if batch.rows:
            self._store_rows(batch)
        errors, self.errors = self.errors, []
        if errors:
            self._store_errors(errors)
            self.counts["rejected"] += len(errors)
        self.env.flush_all()
        # keep memory flat: nothing of this batch stays in the ORM cache
        self.env.invalidate_all()
        if self.commit:
            self.imp._save_progress(self.counts)
            self.cr.commit()  # pylint: disable=invalid-commit
            self.live_seen = None  # a new transaction may see new ones

    def _reject(self, number, code, params, raw):
        if not isinstance(raw, bytes | str | parsers.LongLine):
            raw = json.dumps(raw, ensure_ascii=False, default=str)
        try:
            reason = self.reasons[code](params)
        except (KeyError, TypeError, ValueError):
            reason = code
        self.errors.append((number, code, reason, parsers.printable_raw(raw)))

    def _store_rows(self, batch):
        fresh = batch.rows
        if self._some_known(fresh):
            fresh = self._drop_known(fresh)
        # the batch's numbers, employees and dates may be more than those
        # of the fresh calls: a few more lookups, never fewer
        self._attach_partners(batch.numbers)
        # a record of a live call completes it
        fresh = self._merge_live(fresh)
        fresh = self._merge_manual(fresh, batch)
        if fresh:
            self._insert(fresh)

    def _some_known(self, resolved):
        """A cheap first look: are some of these records stored already (a
        file imported again, files that overlap)? Asks about the first,
        the last and every 50th key only: the table's unique keys decide
        in the end (see ``_insert``); this look only spares most batches of
        known records the attempt, and their references."""
        sample = [vals["cdr_key"] for vals in resolved[::50] + resolved[-1:]]
        # one probe of the unique (system_id, cdr_key) index per key. The
        # planner's statistics may not know the rows of this import yet (a
        # new phone system: "system_id = 7" looks like one row, and then
        # it hashes all of the system's rows, or probes the content-hash
        # index by system alone): the system is given as a parameter it
        # does not look at, and LATERAL ... LIMIT 1 keeps one lookup per key
        self.cr.execute(
            """
            SELECT 1 FROM unnest(%s::varchar[]) AS sample(key),
                   LATERAL (SELECT call.cdr_key FROM phone_call call
                             WHERE call.system_id = (SELECT %s::int)
                               AND call.cdr_key = sample.key
                             LIMIT 1) AS known
             LIMIT 1
            """,
            [sample, self.system.id],
        )
        return bool(self.cr.fetchone())

    def _drop_known(self, resolved):
        """Rows already stored for this phone system (earlier imports,
        earlier batches), known by their key or by their content hash (the
        same call exported in another format)."""
        if not resolved:
            return resolved
        keys = [vals["cdr_key"] for vals in resolved]
        hashes = [vals["cdr_hash"] for vals in resolved]
        # the system as a parameter the planner does not look at: see
        # _some_known
        self.cr.execute(
            """
            SELECT cdr_key, cdr_hash FROM phone_call
             WHERE system_id = (SELECT %s::int)
               AND (cdr_key = ANY(%s) OR cdr_hash = ANY(%s))
            """,
            [self.system.id, keys, hashes],
        )
        known = set()
        for key, content_hash in self.cr.fetchall():
            known.add(("k", key))
            known.add(("h", content_hash))
        if not known:
            return resolved
        fresh = []
        for vals in resolved:
            if ("k", vals["cdr_key"]) in known or ("h", vals["cdr_hash"]) in known:
                self.counts["duplicate"] += 1
                continue
            fresh.append(vals)
        return fresh

    # ------------------------------------------------------------------
    # matching
    # ------------------------------------------------------------------
    def _utc(self, moment, is_utc):
        """PBX local time → naive UTC; the offset is looked up once per
        local hour (time zone changes happen on the hour)."""
        if moment is None or is_utc:
            return moment
        hour = moment.toordinal() * 24 + moment.hour
        offset = self.offsets.get(hour)
        if offset is None:
            offset = self.offsets[hour] = moment.replace(tzinfo=self.tz).utcoffset()
        return moment - offset

    def _is_extension(self, number):
        known = self.ext_cache.get(number)
        if known is None:
            known = bool(number) and (
                number in self.accounts
                or (
                    number.isdigit()
                    and (
                        len(number) == self.ext_digits
                        or any(self._in_plan(line, number) for line in self.numbering)
                    )
                )
            )
            self.ext_cache[number] = known
        return known

    @staticmethod
    def _in_plan(line, number):
        rule, prefix, length, start, end = line
        if rule == "prefix":
            return number.startswith(prefix) and (not length or len(number) == length)
        return start <= int(number) <= end

    def _side(self, hint, extension, channel):
        """(is it one of our extensions, which extension)"""
        if hint is not None:
            return hint, extension
        if self._is_extension(extension):
            return True, extension
        peer = parsers.channel_peer(channel)
        if peer and peer in self.accounts:
            return True, peer
        return False, extension

    def _e164(self, number):
        value = self.e164_cache.get(number, MISSING)
        if value is not MISSING:
            return value
        value = None
        text = number.strip()
        if len(text) >= 3 and any(char.isdigit() for char in text):
            try:
                value = phone_validation.phone_format(
                    text,
                    self.country_code,
                    self.country_phone_code,
                    force_format="E164",
                    raise_exception=True,
                )
            except UserError:
                value = None
        if len(self.e164_cache) > 200000:
            self.e164_cache.clear()
        self.e164_cache[number] = value
        return value

    def _resolve(self, row):
        """The stored values of the call of one record (partner aside)."""
        start = self._utc(row.start, row.utc)
        src_internal, src_ext = self._side(row.src_internal, row.src_ext, row.channel)
        dst_internal, dst_ext = self._side(
            row.dst_internal, row.dst_ext, row.dst_channel
        )
        employee = counterpart = external = phone = None
        if src_internal and dst_internal:
            direction = "internal"
            employee = self.accounts.get(src_ext)
            counterpart = self.accounts.get(dst_ext)
            phone = dst_ext
        elif src_internal:
            direction, employee, external = (
                "outbound",
                self.accounts.get(src_ext),
                row.dst,
            )
        elif dst_internal:
            direction, employee, external = (
                "inbound",
                self.accounts.get(dst_ext),
                row.src,
            )
        else:
            # trunk to trunk (a forwarded call): no employee of ours
            direction = "inbound" if row.inbound_hint else "outbound"
            external = row.src if row.inbound_hint else row.dst
        if external is not None:
            phone = self._e164(external)
        answered = row.disposition == "answered"
        ring = int((row.answer - row.start).total_seconds()) if answered else row.total
        duration = row.billsec if answered else 0
        late = call_rules.late_answer(answered, ring, self.ring_limit)
        user_id, department_id, _name, _dept = self.employees.get(
            employee, (None, None, None, None)
        )
        counterpart_name = counterpart_org = None
        if counterpart:
            _u, _d, counterpart_name, counterpart_org = self.employees.get(
                counterpart, (None, None, None, None)
            )
        elif direction == "inbound" and row.clid:
            match = CLID_NAME.match(row.clid)
            counterpart_name = (match.group(1).strip() if match else None) or None
        return {
            "direction": direction,
            "employee_id": employee,
            "user_id": user_id,
            "department_id": department_id,
            "partner_id": None,
            "counterpart_employee_id": counterpart,
            "counterpart_name": counterpart_name,
            "counterpart_organization": counterpart_org,
            "phone": phone,
            "date_start": start,
            "ring_seconds": ring,
            "answered": answered,
            "duration": duration,
            "answered_in_time": call_rules.answered_in_time(
                answered, ring, self.ring_limit
            ),
            "late_answer": late,
            "is_long_call": call_rules.long_call(duration, self.long_minutes),
            "in_quiet_hours": False,
            "is_complete": None,
            "cdr_key": row.key,
            "cdr_hash": row.hash,
            "cdr_src": row.src or None,
            "cdr_dst": row.dst or None,
            "cdr_disposition": row.disposition,
            "cdr_answer_date": self._utc(row.answer, row.utc),
            "cdr_end_date": self._utc(row.end, row.utc),
            "cdr_total_seconds": row.total,
            "cdr_context": row.context or None,
            "cdr_clid": row.clid or None,
            "cdr_channel": row.channel or None,
            "cdr_dst_channel": row.dst_channel or None,
            "cdr_account_code": row.account_code or None,
            "_line": row.line,
            "_raw": row.raw,
        }

    def _attach_partners(self, numbers):
        """Contacts by E.164 number through the indexed phone_e164 /
        mobile_e164 columns, once per distinct outside number of the
        import (the facts that depend on the contact: ``_finish``)."""
        if len(self.partner_cache) > 200000:
            # memory stays flat whatever the number of distinct numbers
            self.partner_cache.clear()
            self.partners.clear()
        wanted = numbers - self.partner_cache.keys()
        if wanted:
            self._lookup_partners(list(wanted))

    def _finish(self, vals):
        """The contact found by ``_attach_partners`` and the facts that
        depend on it: quiet hours (in the contact's time zone) and
        completeness. Called for each call as the COPY reads it
        (``_copy_direct``), so that this Python work runs while PostgreSQL
        stores the lines before it; for a call merged into another, before
        the merge."""
        if "_tz" in vals:
            return vals
        partner_id = None
        if vals["direction"] != "internal" and vals["phone"]:
            partner_id = self.partner_cache.get(vals["phone"])
        if partner_id:
            name, organization, partner_tz = self.partners[partner_id]
            vals["partner_id"] = partner_id
            vals["counterpart_name"] = name
            vals["counterpart_organization"] = organization
            vals["_tz"] = partner_tz or self.company_tz
        else:
            vals["_tz"] = self.company_tz
        if vals["direction"] == "outbound":
            vals["in_quiet_hours"] = self._quiet(vals["date_start"], vals["_tz"])
        vals["is_complete"] = self._complete(vals)
        return vals

    def _complete(self, vals):
        """The one completeness rule, on the record as it will be stored;
        asked once per combination of the facts it reads (a new call of
        the phone system varies only in those)."""
        key = (
            vals["answered"],
            vals["direction"],
            not vals["employee_id"],
            not vals["department_id"],
            not vals["phone"],
            not (vals["counterpart_name"] or "").strip(),
            not (vals["counterpart_organization"] or "").strip(),
        )
        complete = self.complete_cache.get(key)
        if complete is None:
            complete = self.complete_cache[key] = not call_rules.missing_record_parts(
                ChainMap(vals, NEW_RECORD)
            )
        return complete

    def _quiet(self, when, tz_name):
        """The company's quiet-hours rule, asked once per time zone and
        local weekday, hour and minute (its windows are set in hours and
        minutes). The zone's offset is looked up once per quarter of an
        hour: offsets change on local hours, and every offset is a
        multiple of 15 minutes."""
        quarter = (tz_name, when.toordinal(), when.hour, when.minute // 15)
        offset = self.tz_offsets.get(quarter)
        if offset is None:
            if len(self.tz_offsets) > 100000:
                self.tz_offsets.clear()
            offset = self.tz_offsets[quarter] = self.company._phone_localize(
                when, tz_name
            ).utcoffset()
        local = (when + offset).replace(second=0, microsecond=0)
        key = (tz_name, local.weekday(), local.hour, local.minute)
        quiet = self.quiet_cache.get(key)
        if quiet is None:
            quiet = self.quiet_cache[key] = bool(
                call_rules.quiet_kind(self.quiet_settings, local)
            )
        return quiet

    def _lookup_partners(self, numbers):
        self.env["res.partner"].flush_model(
            ["phone_e164", "mobile_e164", "active", "company_id"]
        )
        # Two probes of the E.164 indexes per number. Not "phone_e164 =
        # ANY(array)": with the contacts' statistics not yet gathered (new
        # contacts, or an import in the transaction that created them) the
        # planner read the company's contacts through company_id and
        # compared each with every number of the array, 60 µs a number
        # (0.3 s of PostgreSQL per 100k calls of 5,000 numbers)
        self.cr.execute(
            """
            SELECT p.id, p.phone_e164, p.mobile_e164, p.name,
                   -- as phone.call._compute_counterpart: a company
                   -- contact is its own organisation
                   COALESCE(parent.name, NULLIF(p.company_name, ''),
                            CASE WHEN p.is_company THEN p.name END), p.tz
              FROM json_array_elements_text(%(numbers)s) AS wanted(number)
             CROSS JOIN LATERAL (
                    SELECT id FROM res_partner WHERE phone_e164 = wanted.number
                     UNION
                    SELECT id FROM res_partner WHERE mobile_e164 = wanted.number
                   ) found
              JOIN res_partner p ON p.id = found.id
              LEFT JOIN res_partner parent ON parent.id = p.parent_id
             -- tests no index reads: the contacts are found by number only
             WHERE (p.active AND (p.company_id IS NULL
                                  OR p.company_id = %(company)s)) IS TRUE
             ORDER BY p.is_company, p.id
            """,
            # one JSON text, not thousands of parameters to quote (2 ms)
            {"company": self.company.id, "numbers": json.dumps(numbers)},
        )
        for partner_id, phone, mobile, name, organization, tz in self.cr.fetchall():
            self.partners[partner_id] = (name, organization, tz)
            # people before companies, then the oldest contact
            for number in (phone, mobile):
                if number:
                    self.partner_cache.setdefault(number, partner_id)
        for number in numbers:
            self.partner_cache.setdefault(number, None)

    # ------------------------------------------------------------------
    # calls that rang live (models/phone_call_live.py) and calls logged by
    # hand before the record arrived
    # ------------------------------------------------------------------
    def _merge_live(self, fresh):
        """A record whose key is the PBX call id of a live call completes
        that call instead of creating a second one."""
        if not fresh:
            return fresh
        self.env["phone.call"].flush_model(["system_id", "live_call_key", "cdr_key"])
        if self.live_seen is None:
            # most phone systems report no live calls: one probe of the
            # index says so for the whole transaction (a live call stored
            # meanwhile by another one is not in its snapshot: Odoo's
            # transactions are REPEATABLE READ), instead of a look at
            # thousands of keys every batch (5 ms a batch)
            self.cr.execute(
                """
                SELECT EXISTS (SELECT FROM phone_call
                                WHERE system_id = (SELECT %s::int)
                                  AND live_call_key IS NOT NULL)
                """,
                [self.system.id],
            )
            self.live_seen = self.cr.fetchone()[0]
        if not self.live_seen:
            return fresh
        self.cr.execute(
            """
            SELECT live_call_key, id FROM phone_call
             WHERE system_id = (SELECT %(system)s::int) AND cdr_key IS NULL
               AND live_call_key = ANY(ARRAY(SELECT json_array_elements_text(%(keys)s)))
            """,
            # one JSON text, not thousands of parameters to quote
            {
                "system": self.system.id,
                "keys": json.dumps([vals["cdr_key"] for vals in fresh]),
            },
        )
        live = dict(self.cr.fetchall())
        if not live:
            return fresh
        return [
            vals
            for vals in fresh
            if not (
                vals["cdr_key"] in live
                and self._merge_into(live.pop(vals["cdr_key"]), vals, manual=False)
            )
        ]

    def _merge_manual(self, fresh, batch):
        if not fresh or not batch.employees:
            return fresh
        self.env["phone.call"].flush_model()
        self.cr.execute(
            """
            SELECT id, employee_id, direction, phone, counterpart_employee_id,
                   date_start
              FROM phone_call
             WHERE source = 'manual' AND cdr_key IS NULL
               AND date_start BETWEEN %s AND %s
               -- the company and the employees are tests no index reads
               -- (see STATISTICS): the partial index of unmatched calls
               -- logged by hand reads the dates
               AND company_id = (SELECT %s::int)
               AND (employee_id = ANY(%s)) IS TRUE
            """,
            [
                batch.first_start - self.merge_delta,
                batch.last_start + self.merge_delta,
                self.company.id,
                list(batch.employees),
            ],
        )
        manual = {}
        for call_id, employee, direction, phone, colleague, start in self.cr.fetchall():
            if direction == "internal":
                key = (employee, "colleague", colleague)
            else:
                key = (employee, "number", phone)
            manual.setdefault(key, []).append([start, call_id])
        if not manual:
            return fresh
        remaining = []
        for vals in fresh:
            call_id = self._pick_manual(manual, vals)
            if call_id and self._merge_into(call_id, vals):
                continue
            remaining.append(vals)
        return remaining

    def _pick_manual(self, manual, vals):
        if not vals["employee_id"]:
            return None
        if vals["direction"] == "internal":
            key = (vals["employee_id"], "colleague", vals["counterpart_employee_id"])
        else:
            key = (vals["employee_id"], "number", vals["phone"])
        options = manual.get(key)
        if not options:
            return None
        start = vals["date_start"]
        best = min(options, key=lambda option: abs(option[0] - start))
        if abs(best[0] - start) > self.merge_delta:
            return None
        options.remove(best)
        return best[1]

    def _merge_into(self, call_id, vals, manual=True):
        """Complete a hand-logged call (or a live call: ``manual`` False)
        with the record's facts. False when the call cannot change (e.g. it
        is archived): the record then becomes a call of its own."""
        # sudo: the PBX completes a call the importer may not read; PBX fields only
        call = self.env["phone.call"].sudo().browse(call_id)
        self._finish(vals)
        update = {fname: vals[fname] for fname in MERGE_FNAMES if fname in vals}
        update.update(
            source="pbx",
            system_id=self.system.id,
            cdr_import_id=self.imp.id,
            cdr_merged=manual,
        )
        if vals["partner_id"] and not call.partner_id:
            update["partner_id"] = vals["partner_id"]
        try:
            with mute_logger("odoo.sql_db"), self.cr.savepoint():
                call.write(update)
                call.flush_recordset()
        except psycopg2.IntegrityError:
            # the same record arrived meanwhile through another import
            self.counts["duplicate"] += 1
            return True
        except (UserError, psycopg2.Error) as error:
            _logger.info("Call %s not completed from the PBX: %s", call_id, error)
            return False
        # sudo: the call's automatic checks are the system's, stale once completed
        self.env["phone.finding.check"].sudo().search(
            [("call_id", "=", call_id)]
        ).unlink()
        self.counts["created"] += 1
        self.counts["merged"] += manual
        return True

    # ------------------------------------------------------------------
    # writing
    # ------------------------------------------------------------------
    def _names(self, count):
        sequence = self.sequence
        if not sequence:
            return [self.env._("New")] * count
        if self.name_format:
            # the sequence's numbers drawn in one query
            self.cr.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                [self.name_format[3], count],
            )
            return [self._reference(number) for (number,) in self.cr.fetchall()]
        return [sequence._next() for _index in range(count)]

    def _reference(self, number):
        """The call reference of a number of the sequence, with its prefix
        and suffix as of the start of the import."""
        prefix, pattern, suffix, _table = self.name_format
        return prefix + pattern % number + suffix

    def _ensure_stage(self):
        """A temporary table shaped like the per-call columns of phone_call,
        created outside the batch savepoints so that a refused batch keeps
        it."""
        if self.stage:
            return
        self.stage = "phone_cdr_stage_%d" % self.imp.id
        self.cr.execute(
            SQL(
                "CREATE TEMP TABLE IF NOT EXISTS %s AS SELECT %s FROM phone_call "
                "WITH NO DATA",
                SQL.identifier(self.stage),
                SQL(", ").join(SQL.identifier(name) for name in ROW_FNAMES),
            )
        )

    def _drop_stage(self):
        if self.stage:
            try:
                self.cr.execute(
                    SQL("DROP TABLE IF EXISTS %s", SQL.identifier(self.stage))
                )
            except psycopg2.Error:
                _logger.info("Could not drop %s", self.stage)
            self.stage = None

    def _constants(self):
        now = self.cr.now()
        uid = self.env.uid
        return {
            "company_id": self.company.id,
            "system_id": self.system.id,
            "cdr_import_id": self.imp.id,
            "source": "pbx",
            "nature": "work",
            "importance": "normal",
            "confidentiality": "normal",
            "ring_source": call_rules.ring_source("pbx", 0),
            "ring_limit_seconds": self.ring_limit,
            "cdr_merged": False,
            "legal_hold": False,
            "create_uid": uid,
            "create_date": now,
            "write_uid": uid,
            "write_date": now,
        }

    def _insert_query(self):
        constants = self._constants()
        return SQL(
            "INSERT INTO phone_call (%s) SELECT %s FROM %s ORDER BY cdr_key "
            "ON CONFLICT DO NOTHING RETURNING id",
            SQL(", ").join(
                SQL.identifier(name)
                for name in (*ROW_FNAMES, *CONSTANT_FNAMES, *self.default_columns)
            ),
            SQL(", ").join(
                [SQL.identifier(name) for name in ROW_FNAMES]
                + [SQL("%s", constants[name]) for name in CONSTANT_FNAMES]
                + [SQL("%s", value) for value in self.default_values]
            ),
            SQL.identifier(self.stage),
        )

    def _assign_names(self, fresh):
        for vals, name in zip(fresh, self._names(len(fresh)), strict=True):
            vals["name"] = name

    def _insert(self, fresh):
        """Fast path: COPY straight into phone_call (ids drawn from its
        sequence). Should the database know some of these records already
        (by their content hash, or stored meanwhile by a concurrent import),
        its unique keys refuse the COPY: the known records are left out and
        the others go through ``INSERT … ON CONFLICT DO NOTHING``; should
        the database refuse a row for another reason, rows go one by one."""
        if self.copy_direct:
            try:
                with mute_logger("odoo.sql_db"), self.cr.savepoint(flush=False):
                    ids = self._copy_direct(fresh)
            except psycopg2.Error as error:
                _logger.info("CDR batch not copied (%s): inserting", error)
            else:
                self.counts["created"] += len(ids)
                self.spent.append(fresh)
                self._tell_orm(ids)
                return
        fresh = self._drop_known(fresh)
        if not fresh:
            return
        self._assign_names(fresh)
        rows = [[self._finish(vals)[fname] for fname in ROW_FNAMES] for vals in fresh]
        self._ensure_stage()
        try:
            with mute_logger("odoo.sql_db"), self.cr.savepoint(flush=False):
                ids = self._insert_batch(rows)
        except psycopg2.Error as error:
            _logger.info("CDR batch refused (%s): retrying line by line", error)
            ids = self._insert_one_by_one(fresh, rows)
        else:
            self.counts["duplicate"] += len(rows) - len(ids)
        self.counts["created"] += len(ids)
        self._tell_orm(ids)

    def _copy_direct(self, fresh):
        # the ids and the references' numbers in one query, the references
        # written as the COPY reads each call (else drawn one by one first)
        if not self.name_format:
            self._assign_names(fresh)
        self.cr.execute(
            "SELECT nextval('phone_call_id_seq'), %s FROM generate_series(1, %%s)"
            % ("nextval(%s)" if self.name_format else "%s"),
            [self.name_format and self.name_format[3], len(fresh)],
        )
        drawn = self.cr.fetchall()
        ids = [call_id for call_id, _number in drawn]
        constants = self._constants()
        suffix = copy_line(
            [constants[name] for name in CONSTANT_FNAMES] + self.default_values
        )
        # _finish runs while the COPY streams: nothing it reads may need a
        # query then (the quiet hours' settings were read at the start)
        finish = self._finish
        reference = self._reference
        read_ahead = self.read_ahead
        read_every = READ_DURING_COPY
        stop_reading = []

        def lines():
            for index, ((call_id, number), vals) in enumerate(
                zip(drawn, fresh, strict=True)
            ):
                # a line of the next batch read for some of the calls
                # handed over, the rest once all are (see READ_DURING_COPY)
                if not index % read_every:
                    read_ahead()
                if number is not None:
                    vals["name"] = reference(number)
                yield "%d\t%s\t%s\t%s\n" % (
                    call_id,
                    copy_line(WRITE_VALUES(finish(vals))),
                    vals["_copy"],
                    suffix,
                )
            stop_reading.append(self.read_on())

        columns = [
            "id",
            *WRITE_FNAMES,
            *READ_FNAMES,
            *CONSTANT_FNAMES,
            *self.default_columns,
        ]
        callback = psycopg2.extensions.get_wait_callback()
        psycopg2.extensions.set_wait_callback(None)
        try:
            self.cr.copy_from(
                CopyStream(lines()), "phone_call", columns=columns, size=COPY_CHUNK
            )
        finally:
            psycopg2.extensions.set_wait_callback(callback)
            for finish in stop_reading:
                finish()
        return ids

    def _insert_batch(self, rows):
        self.cr.execute(SQL("TRUNCATE %s", SQL.identifier(self.stage)))
        copy_rows(self.cr, self.stage, ROW_FNAMES, rows)
        self.cr.execute(self._insert_query())
        return [call_id for (call_id,) in self.cr.fetchall()]

    def _insert_one_by_one(self, fresh, rows):
        ids = []
        for vals, row in zip(fresh, rows, strict=True):
            try:
                with mute_logger("odoo.sql_db"), self.cr.savepoint(flush=False):
                    created = self._insert_batch([row])
            except psycopg2.errors.SerializationFailure:
                # Odoo's transactions are REPEATABLE READ: ON CONFLICT DO
                # NOTHING raises this, instead of skipping the row, exactly
                # when the conflicting record was committed by a concurrent
                # import after this transaction began: a duplicate
                self.counts["duplicate"] += 1
                continue
            except psycopg2.Error as error:
                self._reject(
                    vals["_line"],
                    "database",
                    {"error": str(error).strip()[:300]},
                    vals["_raw"],
                )
                continue
            if created:
                ids.extend(created)
            else:
                self.counts["duplicate"] += 1
        return ids

    def _let_go(self):
        """Let go of the values of the calls stored so far (nothing reads
        them again): done by the reading thread while PostgreSQL stamps the
        batch, not by the importing thread when the next batch replaces
        this one (freeing 5,000 calls' values took 4 ms a batch, with
        PostgreSQL idle)."""
        spent, self.spent = self.spent, []
        for rows in spent:
            rows.clear()

    def _tell_orm(self, ids):
        """What ``create()`` does after its INSERT: dependent fields of
        other records, and stored computed fields we did not fill."""
        if not ids:
            return
        records = self.Call.browse(ids)

        def bookkeeping():
            with self.env.protecting(self.own_computed, records):
                records.modified(CALL_FNAMES, create=True)
                for field in self.orm_computed:
                    self.env.add_to_compute(field, records)

        if not self.bookkeeping_beside:
            bookkeeping()
            bookkeeping = None
        # the one "called back" rule, as for a call created by hand; the
        # bookkeeping done while PostgreSQL stamps (see bookkeeping_beside)
        self.Call._stamp_called_back(ids, meanwhile=self.meanwhile, beside=bookkeeping)

    def _store_errors(self, errors):
        if self.kept_errors is not None:
            self.kept_errors.extend(errors)
        now = self.cr.now()
        uid = self.env.uid
        rows = [
            (
                self.imp.id,
                self.company.id,
                number,
                code,
                reason,
                raw,
                uid,
                now,
                uid,
                now,
            )
            for number, code, reason, raw in errors
        ]
        copy_rows(self.cr, "phone_cdr_import_error", ERROR_COLUMNS, rows)
