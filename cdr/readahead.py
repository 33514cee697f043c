# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run a generator one item ahead of its consumer, in a thread.

The PBX import parses and matches the next batch of lines (pure Python)
while PostgreSQL stores the previous one: the consumer waits on the
database most of the time, and a waiting thread lets the other one run.
The generator must not touch the ORM or the database cursor: they belong
to the consumer's thread."""

import queue
import threading

_ITEM, _END, _ERROR = range(3)


class ReadAhead:
    """Iterate over ``generator`` while a thread computes its next item.

    Exceptions of the generator are raised by the consumer's ``next()``;
    ``close()`` (always call it, e.g. in a ``finally``) stops the thread
    when the consumer stops early."""

    def __init__(self, generator, name="read-ahead"):
        self._queue = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(
            target=self._produce, args=(generator,), name=name, daemon=True
        )
        self._thread.start()

    def _produce(self, generator):
        try:
            for item in generator:
                if not self._put((_ITEM, item)):
                    return
            self._put((_END, None))
        except BaseException as error:  # handed to the consumer
            self._put((_ERROR, error))
        finally:
            generator.close()

    def _put(self, message):
        while not self._stop.is_set():
            try:
                self._queue.put(message, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        kind, value = self._queue.get()
        if kind == _ITEM:
            return value
        self._done = True
        if kind == _ERROR:
            raise value
        raise StopIteration

    def close(self):
        self._stop.set()
        self._thread.join()
