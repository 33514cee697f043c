# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read the next batch of a PBX file while PostgreSQL stores the current one.

The import streams each batch into ``phone_call`` with COPY; PostgreSQL
takes ~50 µs to store a call, Python ~30 µs to read, parse and match the
line of the next one. Each line of COPY that Python hands over lets it
read one line of the next batch (:meth:`ReadAhead.advance`): while
PostgreSQL works through the data already sent, Python reads, and the two
run side by side on two cores.

This is done in the importing thread itself, not in a thread of its own:
a reading thread held the GIL whenever the importing thread came back
from the database, so every query and every chunk of COPY waited for it
(a 1 ms query took 20 ms; the whole import ran no faster than the sum of
PostgreSQL's and Python's work: 7.3 s + 4.4 s for 12.0 s at 100k rows).
Only while one long statement runs (the "called back" stamp of a batch,
~10 % of an import) does a thread read on (:meth:`ReadAhead.meanwhile`):
the COPY leaves a quarter of the next batch for it.

The reading must not touch the ORM or the database cursor: it runs while
the cursor is in the middle of a COPY."""

import threading
import time
from contextlib import contextmanager

_END = object()


def _nothing():
    pass


class ReadAhead:
    """Iterate over the batches of ``steps``, a generator that yields
    ``None`` after each line it reads and a batch when one is complete.

    Each ``next()`` finishes reading the next batch; ``advance()`` reads
    one more line of it meanwhile (until it is complete). An error of the
    reading is kept and raised by the ``next()`` that reaches it, never by
    ``advance()``, which runs inside a COPY. ``close()`` (always call it,
    e.g. in a ``finally``) closes the generator."""

    def __init__(self, steps):
        self._steps = steps
        self._ready = None
        self._error = None
        self._done = False

    def advance(self):
        if self._ready is not None or self._done:
            return
        try:
            item = next(self._steps, _END)
        except Exception as error:  # raised by __next__, outside the COPY
            self._error = error
            self._done = True
            return
        if item is _END:
            self._done = True
        elif item is not None:
            self._ready = item

    def read_on(self, first=None):
        """Read ahead in a thread until the function returned is called
        (it stops the thread and waits for it): for while the importing
        thread waits on the database (one long statement, or the end of a
        COPY, where PostgreSQL checks the foreign keys of the rows it got).
        When the statement returns, the thread holds the GIL, and the
        importing thread waits for it, up to Python's switch interval of
        5 ms; a thread beside every query cost 20 ms a query. ``first``
        runs in the thread before it reads (work that must not wait for
        the statement, and that the statement must not wait for)."""
        if first is None and (self._ready is not None or self._done):
            return _nothing
        stop = threading.Event()

        def read():
            # let the importing thread reach its statement first (else it
            # waits for the GIL this thread holds: 13 ms a batch measured)
            time.sleep(0.001)
            if first is not None:
                first()
            while not stop.is_set() and self._ready is None and not self._done:
                self.advance()

        thread = threading.Thread(target=read, name="cdr-read-ahead", daemon=True)
        thread.start()

        def finish():
            stop.set()
            thread.join()

        return finish

    @contextmanager
    def meanwhile(self, first=None):
        """Read ahead in a thread while the block waits on the database
        (see ``read_on``)."""
        finish = self.read_on(first)
        try:
            yield
        finally:
            finish()

    def __iter__(self):
        return self

    def __next__(self):
        while self._ready is None and not self._done:
            self.advance()
        if self._ready is not None:
            batch, self._ready = self._ready, None
            return batch
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        raise StopIteration

    def close(self):
        self._done = True
        self._steps.close()
