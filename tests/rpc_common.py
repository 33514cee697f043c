# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""JSON-RPC as the web client sends it, for ``HttpCase`` tests that act as
a logged-in role: the error comes back as the user would read it."""

import json


class RpcError(Exception):
    """The error dialog the web client would show: ``<exception>: <message>``."""


class RpcMixin:
    """For an ``HttpCase`` after ``self.authenticate(login, password)``."""

    def rpc(self, route, params):
        body = json.dumps(
            {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        ).encode()
        response = self.url_open(
            route, body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"].get("data", {})
            raise RpcError(
                "{}: {}".format(data.get("name"), data.get("message", "")).strip()
            )
        return decoded["result"]

    def call(self, model, method, args=(), kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        )

    def call_button(self, model, method, ids, context=None):
        return self.rpc(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": context or {}},
            },
        )
