# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks over the wire: every call goes through Odoo's HTTP JSON-RPC
(``/web/dataset/call_kw``) as a logged-in role, with whatever fields,
record ids and context keys an attacker would send. ``with_user()`` skips
the context and ``onchange`` paths; these tests do not."""

import json
import logging
import re

from odoo.tests import HttpCase

from ..common import PhonePolicyCase

_logger = logging.getLogger(__name__)


class RpcResult:
    """What one RPC answered: ``ok`` and ``value``, or ``error`` (the
    exception's class name, e.g. ``odoo.exceptions.AccessError``) and
    ``message``."""

    def __init__(self, ok, value=None, error=None, message=None):
        self.ok = ok
        self.value = value
        self.error = error
        self.message = message

    def __repr__(self):
        if self.ok:
            return f"<ok {self.value!r:.200}>"
        return f"<{self.error}: {self.message!r:.200}>"


class PhonePolicyRpcCase(HttpCase, PhonePolicyCase):
    """The fixtures of ``PhonePolicyCase``, reached over HTTP JSON-RPC.
    Each test user's password is their login (``new_test_user``)."""

    _rpc_login = None
    # calls made over the wire by each test class (printed at its end)
    _rpc_attempts = 0

    @classmethod
    def tearDownClass(cls):
        if cls._rpc_attempts:
            _logger.info("%s: %s RPC attempts", cls.__name__, cls._rpc_attempts)
        super().tearDownClass()

    def rpc_login(self, login):
        if self._rpc_login != login:
            self.authenticate(login, login)
            self._rpc_login = login

    def rpc(self, login, model, method, *args, context=None, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``login`` over JSON-RPC.
        Returns an :class:`RpcResult`; never raises for a server-side
        refusal (the caller asserts it)."""
        self.rpc_login(login)
        type(self)._rpc_attempts += 1
        if context is not None:
            kwargs = dict(kwargs, context=context)
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw",
            json.dumps(payload, default=str),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        answer = response.json()
        # anything may have changed server-side: read afresh afterwards
        self.env.invalidate_all()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            return RpcResult(False, error=data.get("name"), message=data.get("message"))
        return RpcResult(True, answer.get("result"))

    def assertRefused(self, result, error="odoo.exceptions.AccessError", msg=None):
        self.assertFalse(result.ok, msg or f"the server accepted: {result!r}")
        if error:
            self.assertIn(error, f"{result.error} {result.message}", msg)

    def assertSameAnswer(self, results, msg=None):
        """Every result answered alike: all accepted, or all refused with the
        same error and the same words (SECURITY.md, class 5)."""
        # the ids an attacker sent may be quoted back; they tell nothing
        answers = {
            label: (result.ok, result.error, re.sub(r"\d+", "#", result.message or ""))
            if not result.ok
            else (True,)
            for label, result in results.items()
        }
        self.assertEqual(
            len(set(answers.values())), 1, msg or f"the answers differ: {answers}"
        )

    def route(self, login, url, params=None):
        """Call a JSON route (``/mail/thread/messages``...) as ``login``:
        an :class:`RpcResult` like :meth:`rpc`."""
        self.rpc_login(login)
        type(self)._rpc_attempts += 1
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params or {}}
        response = self.url_open(
            url,
            json.dumps(payload, default=str),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        if response.status_code != 200:
            return RpcResult(False, error=str(response.status_code), message=url)
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            return RpcResult(False, error=data.get("name"), message=data.get("message"))
        return RpcResult(True, answer.get("result"))

    def report(self, login, report_name, ids, converter="html"):
        """Render ``/report/<converter>/<report_name>/<ids>`` as ``login``:
        an :class:`RpcResult` with the page's text as value when it rendered
        (in tests, Odoo answers /report/pdf with the HTML it would print)."""
        self.rpc_login(login)
        type(self)._rpc_attempts += 1
        url = f"/report/{converter}/{report_name}/{','.join(map(str, ids))}"
        response = self.url_open(url, timeout=60)
        self.env.invalidate_all()
        if response.status_code != 200:
            return RpcResult(
                False, error=str(response.status_code), message=response.text
            )
        return RpcResult(True, response.content.decode(errors="replace"))
