# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real SIP phones for tests and benchmarks: ``baresip`` user agents
registered with digest credentials to a Kamailio of ``pbx_common``, which
dial, ring, answer and hang up like desk phones, and Kamailio with the
addon's live call events configuration (``tools/kamailio/live_calls.cfg``).

Nothing here imports Odoo. A missing tool is an ``AssertionError`` (a
failure), never a skip.

Notes from trying this on Debian's builds: baresip's ``ausine`` source only
runs at 48 kHz, so the phones play an 8 kHz WAV file through ``aufile``;
each agent listens on UDP and TCP on its port and TLS on the next one, so
ports are chosen with room around them; answering is driven through the
``ctrl_tcp`` module, so that a call rings as long as the test wants.
"""

import glob
import json
import math
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import wave

try:
    from .pbx_common import Kamailio, require_pbx_tools
except ImportError:  # loaded as a plain module by a benchmark
    from pbx_common import Kamailio, require_pbx_tools

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIVE_CFG = os.path.join(ADDON_DIR, "tools", "kamailio", "live_calls.cfg")
HTTP_CLIENT_GLOBS = (
    "/usr/lib/*/kamailio/modules/http_client.so",
    "/usr/lib/kamailio/modules/http_client.so",
    "/usr/local/lib*/kamailio/modules/http_client.so",
)
BARESIP_MODULES = "/usr/lib/baresip/modules"


def require_live_tools():
    """Fails, naming what is missing, unless Kamailio (with its PostgreSQL
    and HTTP client modules), sipsak and baresip are installed."""
    require_pbx_tools()
    missing = []
    if not any(glob.glob(pattern) for pattern in HTTP_CLIENT_GLOBS):
        missing.append("Kamailio's http_client module (kamailio-utils-modules)")
    if not shutil.which("baresip"):
        missing.append("baresip (baresip-core)")
    for module in ("aufile", "g711", "ctrl_tcp", "account", "menu"):
        if not os.path.exists(os.path.join(BARESIP_MODULES, f"{module}.so")):
            missing.append(f"baresip's {module} module (baresip-core)")
    if missing:
        raise AssertionError(
            f"missing {', '.join(missing)}: install Debian's kamailio-utils-modules "
            "and baresip-core (.ci/run installs them)"
        )


def live_kamailio(db_url, realm, events_url, push_key):
    """Kamailio with the shipped configuration and the live call events
    configuration as its kamailio-local.cfg, posting to ``events_url``."""
    with open(LIVE_CFG, encoding="utf-8") as cfg:
        local = cfg.read()
    return Kamailio(
        db_url,
        realm,
        local_cfg=local,
        local_route=True,
        defines={
            "LIVE_EVENTS_URL": json.dumps(events_url),
            "LIVE_PUSH_KEY": json.dumps(push_key),
        },
    )


def _is_free(port, kind):
    with socket.socket(socket.AF_INET, kind) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_agent_ports(start, taken=()):
    """A SIP port (UDP and TCP free, TLS on the next port free) and a
    control port, from ``start`` up, away from ``taken``."""
    port = start
    while port < 65000:
        candidates = (port, port + 1, port + 10)
        if not any(p in taken for p in candidates) and all(
            (
                _is_free(port, socket.SOCK_DGRAM),
                _is_free(port, socket.SOCK_STREAM),
                _is_free(port + 1, socket.SOCK_STREAM),
                _is_free(port + 10, socket.SOCK_STREAM),
            )
        ):
            return port, port + 10
        port += 100
    raise AssertionError(f"no free ports for a SIP agent from {start}")


def tone_wav(path, seconds=30, rate=8000, frequency=440):
    """A mono 16-bit sine tone at 8 kHz (what the phones send)."""
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack(
                    "<h", int(8000 * math.sin(2 * math.pi * frequency * i / rate))
                )
                for i in range(rate * seconds)
            )
        )
    return path


class SipAgent:
    """A baresip phone registered as ``user`` (digest ``password``) in
    ``realm`` through Kamailio on 127.0.0.1:``proxy_port``. ``start()``
    waits for the registration; ``dial(target)``, ``accept()`` and
    ``hangup()`` are sent over its control port; ``quit_after`` seconds
    after it starts, baresip hangs up and exits (``-t``)."""

    def __init__(
        self,
        user,
        password,
        realm,
        proxy_port,
        sip_port,
        display_name=None,
        quit_after=60,
        answermode="manual",
    ):
        self.user = user
        self.password = password
        self.realm = realm
        self.proxy_port = proxy_port
        self.sip_port, self.ctrl_port = free_agent_ports(sip_port)
        self.display_name = display_name
        self.quit_after = quit_after
        self.answermode = answermode
        self.workdir = None
        self.process = None
        self._token = 0

    def start(self, timeout=15):
        require_live_tools()
        self.workdir = tempfile.mkdtemp(prefix=f"pp_baresip_{self.user}_")
        wav = tone_wav(os.path.join(self.workdir, "tone.wav"))
        with open(os.path.join(self.workdir, "config"), "w") as config:
            config.write(
                "poll_method epoll\n"
                f"sip_listen 127.0.0.1:{self.sip_port}\n"
                f"audio_player aufile,{self.workdir}/heard.wav\n"
                f"audio_source aufile,{wav}\n"
                f"audio_alert aufile,{wav}\n"
                f"module_path {BARESIP_MODULES}\n"
                "module g711.so\n"
                "module aufile.so\n"
                "module_tmp account.so\n"
                "module_app menu.so\n"
                "module_app ctrl_tcp.so\n"
                f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}\n"
            )
        name = f'"{self.display_name}" ' if self.display_name else ""
        with open(os.path.join(self.workdir, "accounts"), "w") as accounts:
            accounts.write(
                f"{name}<sip:{self.user}@{self.realm}>;auth_pass={self.password}"
                f';outbound="sip:127.0.0.1:{self.proxy_port}";regint=60'
                f";audio_codecs=PCMU;answermode={self.answermode}\n"
            )
        self.log_path = os.path.join(self.workdir, "baresip.log")
        self.process = subprocess.Popen(
            ["baresip", "-f", self.workdir, "-t", str(self.quit_after)],
            stdout=open(self.log_path, "wb"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "200 OK" in self.log() and "binding" in self.log():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"baresip {self.user} did not register:\n{self.log()}")

    def log(self):
        try:
            with open(self.log_path, "rb") as log:
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def command(self, command, params=""):
        """Send a command (as the baresip menu names it) over ``ctrl_tcp``;
        returns baresip's answer."""
        self._token += 1
        message = json.dumps(
            {"command": command, "params": params, "token": str(self._token)}
        ).encode()
        with socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=5) as ctrl:
            ctrl.sendall(b"%d:%s," % (len(message), message))
            buffer = b""
            while True:
                # netstrings: the answer, maybe after events of the phone
                length, colon, rest = buffer.partition(b":")
                if colon and len(rest) > int(length):
                    answer = json.loads(rest[: int(length)])
                    buffer = rest[int(length) + 1 :]
                    if answer.get("response"):
                        return answer
                    continue
                chunk = ctrl.recv(4096)
                if not chunk:
                    raise AssertionError(f"baresip {self.user} closed its control port")
                buffer += chunk

    def dial(self, target):
        return self.command("dial", target)

    def accept(self):
        return self.command("accept")

    def hangup(self):
        return self.command("hangup")

    def wait(self, timeout=60):
        self.process.wait(timeout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
