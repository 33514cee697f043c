"""pytest plugin used by `make test` on top of pytest-odoo.

- A skipped test is not a pass: any skip fails the run (Odoo skips browser
  tests silently when Chromium or websocket-client is missing).
- Like Odoo's own runner, an error logged by Odoo during a test (a failing
  tour step, a browser console error, a broken report) fails that test,
  unless the test captured it with assertLogs or mute_logger.
- The figures tests measure (the attempts of the security suite) are logged
  to ``phone_policy.figures`` and printed at the end of the run.
"""

import logging

import pytest

from odoo.tools import config

# Import Odoo's test framework in test mode, so that it does not log its
# "not running in test mode" error at start-up (pytest-odoo imports it
# before it turns test mode on).
_test_enable = config["test_enable"]
config["test_enable"] = True
import odoo.tests  # noqa: E402,F401

config["test_enable"] = _test_enable


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


_collector = _ErrorCollector()


class _FigureCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


_figures = _FigureCollector()


def pytest_configure(config):
    logging.getLogger("odoo").addHandler(_collector)
    figures = logging.getLogger("phone_policy.figures")
    figures.setLevel(logging.INFO)
    figures.propagate = False
    figures.addHandler(_figures)


def pytest_terminal_summary(terminalreporter):
    if _figures.lines:
        terminalreporter.section("figures measured by the tests")
        for line in _figures.lines:
            terminalreporter.write_line(line)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _collector.records.clear()
    yield
    errors = [r for r in _collector.records if r.name != "odoo.sql_db"]
    _collector.records.clear()
    if errors:
        lines = "\n".join(f"{r.name}: {r.getMessage()}" for r in errors[:10])
        pytest.fail(f"Odoo logged {len(errors)} error(s) during the test:\n{lines}")


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"{skipped} test(s) were skipped: a skipped test is not a pass.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
