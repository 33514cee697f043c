#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The README's screenshots, taken from the real web client.

    python3 tools/screenshots.py [--out readme/screenshots] [--keep]

On a throwaway database with the demo data (from the newest cached
``pptest-*`` template of ``make test`` when there is one), start an Odoo
server, log in as admin and drive a headless Chromium over the DevTools
protocol to the screens below, writing one PNG each:

    log_call.png                a call logged from a contact, filled in
    appraisal_phone_conduct.png the Phone conduct tab of an appraisal
    compliance_dashboard.png    the department dashboard of the month
    compliance_pivot.png        the compliance analysis (pivot)
    screen_pop.png              a live call's screen-pop (the called employee)
    live_call_form.png          that call's form after *Log this call*
    import_result.png           a PBX import: the calls of no employee, their extensions
    findings_review.png         the findings to review, the list's bulk actions
    mobile_log_call.png         Log a Call on a 390x844 phone: the short form

The server, the browser and the database are gone at the end (``--keep``
keeps the database). Needs chromium, python ``requests`` and
``websocket-client``, and CJK fonts (Debian's fonts-noto-cjk) for the demo's
Chinese names.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

import requests
import websocket

ADDON = "phone_policy"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGIN = PASSWORD = "admin"

# The web client is idle: an action is shown, nothing is loading, no dialog
# other than the ones we open is blocking the screen.
IDLE_JS = """(() => {
    if (document.readyState !== 'complete') return 'loading document';
    if (location.pathname.startsWith('/web/login')) return 'LOGIN';
    if (document.querySelector('.o_error_dialog')) return 'ERROR';
    if (!document.querySelector('.o_action_manager .o_view_controller'))
        return 'no view';
    if (document.querySelector('.o_loading_indicator, .o_blockUI, .o_view_sample_data'))
        return 'busy';
    return document.body.innerHTML.length;
})()"""


BUS_STATE_JS = "odoo.__WOWL_DEBUG__.root.env.services.bus_service.workerState"


def say(message):
    sys.stdout.write(f"==> {message}\n")
    sys.stdout.flush()


def psql(sql, db="postgres"):
    return subprocess.run(
        ["psql", "-d", db, "-Atqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def odoo_addons():
    import odoo

    source = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
    return os.path.join(source, "addons")


def free_port(preferred):
    for port in range(preferred, preferred + 100):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {preferred}")


def prepare_database(db, addons_path):
    """A database with the addon and the demo data: a copy of the cached test
    template when it has demo data (see tools/tasks.sh), else from scratch."""
    template = psql(
        "select datname from pg_database where datname like 'pptest-%' "
        "order by 1 desc limit 1"
    )
    demo = template and psql(
        "select demo from ir_module_module where name = 'base'", db=template
    )
    if demo == "t":
        say(f"Creating {db} from the template {template}")
        for attempt in range(5):  # the template may be in use by a copy of it
            done = subprocess.run(["createdb", "-T", template, db], check=False)
            if done.returncode == 0:
                break
            if attempt == 4:
                raise RuntimeError(f"could not copy {template}")
            time.sleep(3)
    else:
        say(f"Creating {db} from scratch (no template with demo data)")
        subprocess.run(["createdb", db], check=True)
    say(f"Installing {ADDON} with its demo data")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "-i",
            ADDON,
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    if (
        psql(
            "select count(*) from ir_model_data "
            f"where module = '{ADDON}' and name = 'hr_appraisal_wang_demo'",
            db=db,
        )
        != "1"
    ):
        raise RuntimeError(f"{db} has no demo data")


class Odoo:
    """An Odoo server on a throwaway port and an admin JSON-RPC session."""

    def __init__(self, db, addons_path, port, logfile):
        self.db = db
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo",
                "-d",
                db,
                f"--addons-path={addons_path}",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                "--workers=0",
                "--max-cron-threads=0",
                f"--db-filter=^{db}$",
                "--log-level=warn",
                f"--logfile={logfile}",
            ],
            start_new_session=True,
        )
        self.session = requests.Session()

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Odoo server stopped (see its log)")
            try:
                if self.session.get(f"{self.url}/web/health", timeout=5).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the Odoo server did not answer")

    def jsonrpc(self, path, params):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"], indent=1)[:2000])
        return body["result"]

    def authenticate(self):
        self.jsonrpc(
            "/web/session/authenticate",
            {"db": self.db, "login": LOGIN, "password": PASSWORD},
        )
        return self.session.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        found = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        if not found:
            raise RuntimeError(f"no record {xmlid}")
        return found[0]["res_id"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Browser:
    """A headless Chromium page driven over the DevTools protocol."""

    def __init__(self, port, width, height, profile):
        self.width, self.height = width, height
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or shutil.which("google-chrome") or "chromium",
                "--headless=new",
                f"--remote-debugging-port={port}",
                "--remote-allow-origins=*",
                f"--window-size={width},{height}",
                f"--user-data-dir={profile}",
                "--no-sandbox",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--lang=en-US",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.next_id = 0
        self.ws = None
        try:
            self.connect(port)
        except Exception:
            self.close()
            raise

    def connect(self, port):
        deadline = time.time() + 30
        while True:
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=2)
                pages = [t for t in targets.json() if t["type"] == "page"]
                if pages:
                    break
            except requests.ConnectionError:
                pass
            if time.time() > deadline:
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.3)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.send("Page.enable")
        self.send("Network.enable")
        self.resize(self.width, self.height)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def resize(self, width, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def set_cookie(self, url, name, value):
        self.send("Network.setCookie", url=url, name=name, value=value, path="/")

    def navigate(self, url):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_idle()

    def wait_idle(self, timeout=60, settle=1.0):
        """Until the web client shows a view, loads nothing and the page has
        not changed for ``settle`` seconds."""
        deadline = time.time() + timeout
        last, since = None, time.time()
        while time.time() < deadline:
            state = self.evaluate(IDLE_JS)
            if state in ("LOGIN", "ERROR"):
                raise RuntimeError(f"the web client shows a {state.lower()} page")
            if isinstance(state, int) and state == last:
                if time.time() - since >= settle:
                    return
            else:
                last, since = state, time.time()
            time.sleep(0.25)
        raise RuntimeError(f"the page did not settle (last state: {last!r})")

    def wait_for(self, selector, text=None, timeout=30):
        """Until an element matches ``selector`` (and contains ``text``)."""
        check = f"""[...document.querySelectorAll({json.dumps(selector)})]
            .some((e) => e.textContent.includes({json.dumps(text or "")}))"""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(check):
                return
            time.sleep(0.25)
        raise RuntimeError(f"{selector} {text or ''} did not appear")

    def click(self, selector, text=None):
        """Click the first element matching ``selector`` (whose text contains
        ``text`` when given)."""
        found = self.evaluate(
            f"""(() => {{
                const text = {json.dumps(text)};
                const el = [...document.querySelectorAll({json.dumps(selector)})]
                    .find((e) => !text || e.textContent.includes(text));
                if (!el) return false;
                el.scrollIntoView({{block: 'center'}});
                el.click();
                return true;
            }})()"""
        )
        if not found:
            raise RuntimeError(f"nothing to click at {selector} {text or ''}")

    def type(self, selector, text):
        """Type into a field as a user would (focus, insert, leave)."""
        self.wait_for(selector)
        self.evaluate(
            f"""(() => {{
                const el = document.querySelector({json.dumps(selector)});
                el.focus();
                el.select && el.select();
            }})()"""
        )
        self.send("Input.insertText", text=text)

    def blur(self):
        self.evaluate("document.activeElement && document.activeElement.blur()")

    def screenshot(self, path, down_to=None, margin=16):
        """The viewport, cut below the lowest element matching ``down_to``."""
        self.evaluate(
            "document.querySelectorAll('.o_content, .o_action_manager')"
            ".forEach((e) => e.scrollTo(0, 0))"
        )
        time.sleep(0.3)
        params = {"format": "png"}
        if down_to:
            bottom = self.evaluate(
                f"""Math.max(...[...document.querySelectorAll({json.dumps(down_to)})]
                    .map((e) => e.getBoundingClientRect().bottom))"""
            )
            height = min(int(bottom) + margin, self.evaluate("innerHeight"))
            width = self.evaluate("innerWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height}
            params["clip"]["scale"] = 1
        data = self.send("Page.captureScreenshot", **params)["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))
        say(f"Wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path):,} bytes)")

    def close(self):
        if self.ws:
            self.ws.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def ensure_month_figures(odoo, now=None):
    """The demo calls are dated 1 to 26 days ago; early in a month most of
    them fall in the previous one and the dashboard looks empty. Then move
    the open (not archived) demo calls of the last four weeks into this
    month, in the same order (times in UTC, as stored)."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    window = timedelta(days=27)
    elapsed = now - month_start
    if elapsed >= window:
        return
    calls = odoo.call(
        "phone.call",
        "search_read",
        [
            ("date_start", ">=", (now - window).strftime("%Y-%m-%d %H:%M:%S")),
            ("date_start", "<", month_start.strftime("%Y-%m-%d %H:%M:%S")),
        ],
        ["date_start"],
    )
    ratio = max(elapsed.total_seconds() - 3600, 0) / window.total_seconds()
    moved = 0
    for call in calls:
        before = datetime.strptime(call["date_start"], "%Y-%m-%d %H:%M:%S")
        after = now - timedelta(hours=1) - (now - before) * ratio
        try:
            odoo.call(
                "phone.call",
                "write",
                [call["id"]],
                {"date_start": after.strftime("%Y-%m-%d %H:%M:%S")},
            )
            moved += 1
        except RuntimeError:
            pass  # a call that may not change any more stays where it is
    say(f"Moved {moved} demo calls into this month for the dashboard")


def shoot_log_call(odoo, browser, out):
    """A contact's Log a Call button opens a new call: fill it in."""
    partner = odoo.ref(f"{ADDON}.partner_formosa_huang_demo")
    browser.resize(browser.width, 1400)  # the whole call, key points included
    browser.navigate(f"{odoo.url}/odoo/contacts/{partner}")
    browser.click(".o_form_view button[name='action_phone_log_call']")
    browser.wait_for(".o_form_view .o_field_widget[name='key_points'] textarea")
    browser.wait_idle()
    browser.type(".o_field_widget[name='subject'] input", "Confirm the December order")
    browser.type(".o_field_widget[name='category_id'] input", "Sales")
    browser.wait_for(".o-autocomplete--dropdown-item", "Sales")
    browser.click(".o-autocomplete--dropdown-item", "Sales")
    browser.wait_idle()
    browser.type(".o_field_widget[name='ring_seconds'] input", "6")
    browser.type(".o_field_widget[name='duration'] input", "420")
    browser.blur()
    for name in ("greeting_given", "closing_given"):
        browser.click(f".o_field_widget[name='{name}'] input")
    browser.type(
        ".o_field_widget[name='key_points'] textarea",
        "Fifty units confirmed at the quoted price; delivery before the 20th. "
        "We send the order confirmation today.",
    )
    browser.blur()
    browser.wait_idle()
    browser.screenshot(os.path.join(out, "log_call.png"), ".o_form_sheet .o_notebook")
    # Discard it: leaving a dirty form saves it, and the call would count on
    # the dashboard.
    browser.click(".o_form_button_cancel")
    browser.wait_idle()


def shoot_appraisal(odoo, browser, out):
    """王大明's appraisal, on the Phone conduct tab."""
    appraisal = odoo.ref(f"{ADDON}.hr_appraisal_wang_demo")
    browser.resize(browser.width, 1700)  # the whole sheet
    browser.navigate(
        f"{odoo.url}/odoo/action-hr_appraisal_oca.hr_appraisal_action_form/{appraisal}"
    )
    browser.click(".o_notebook .nav-link", "Phone conduct")
    browser.wait_for(".o_notebook .tab-pane.active .o_phone_conduct_details")
    browser.wait_idle()
    path = os.path.join(out, "appraisal_phone_conduct.png")
    browser.screenshot(path, ".o_form_sheet", margin=2)  # not the chatter below


def shoot_dashboard(odoo, browser, out):
    browser.resize(browser.width, 1200)  # every department
    browser.navigate(
        f"{odoo.url}/odoo/action-{ADDON}.phone_compliance_dashboard_action"
    )
    browser.wait_for(".o_kanban_record")
    path = os.path.join(out, "compliance_dashboard.png")
    browser.screenshot(path, ".o_kanban_record")


def shoot_pivot(odoo, browser, out):
    browser.navigate(f"{odoo.url}/odoo/action-{ADDON}.phone_compliance_report_action")
    browser.wait_for(".o_pivot table")
    browser.screenshot(os.path.join(out, "compliance_pivot.png"), ".o_pivot table")


def shoot_screen_pop(odoo, browser, out):
    """陳美玲's extension 601 rings: 黃先生 is calling. The screen-pop on her
    screen, then the call's form after *Log this call*. The phone system's
    event is posted to the live events endpoint with a push key generated
    for the shot."""
    system = odoo.ref(f"{ADDON}.phone_system_hotline_demo")
    # a promise still open with them, for the screen-pop to remind
    huang = odoo.ref(f"{ADDON}.partner_formosa_huang_demo")
    last = odoo.call("phone.call", "search", [("partner_id", "=", huang)], limit=1)
    model = odoo.call("ir.model", "search", [("model", "=", "phone.call")])
    odoo.call(
        "mail.activity",
        "create",
        {
            "res_model_id": model[0],
            "res_id": last[0],
            "activity_type_id": odoo.ref(f"{ADDON}.mail_activity_type_callback"),
            "summary": "Send the revised price list",
            "user_id": odoo.ref(f"{ADDON}.user_chen_demo"),
        },
    )
    action = odoo.call("phone.system", "action_generate_push_key", [system])
    key = action["params"]["message"].split()[-1]
    callee = requests.Session()
    callee.post(
        f"{odoo.url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "db": odoo.db,
                "login": "chen.meiling",
                "password": "chen.meiling",
            },
        },
        timeout=60,
    ).raise_for_status()
    browser.set_cookie(odoo.url, "session_id", callee.cookies["session_id"])
    browser.navigate(f"{odoo.url}/odoo/action-{ADDON}.phone_call_action_my")
    deadline = time.time() + 60
    while browser.evaluate(BUS_STATE_JS) != "CONNECTED":
        if time.time() > deadline:
            raise RuntimeError("the web client did not connect to the bus")
        time.sleep(0.25)
    requests.post(
        f"{odoo.url}/phone_policy/live/{system}/events",
        json={
            "event": "ringing",
            "call_id": f"screenshot-{int(time.time())}",
            "caller": "0912345678",
            "called": "601",
            "time": time.time(),
        },
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    ).raise_for_status()
    browser.wait_for(".o_phone_live_popup .o_phone_live_last_calls")
    time.sleep(0.5)  # the notification's entrance
    browser.screenshot(os.path.join(out, "screen_pop.png"))
    browser.click(".o_phone_live_popup .o_notification_buttons button", "Log this call")
    browser.wait_for(".o_form_view .o_phone_live_banner")
    browser.wait_idle()
    browser.resize(browser.width, 1100)
    browser.screenshot(os.path.join(out, "live_call_form.png"), ".o_form_sheet")


def shoot_import_result(odoo, browser, out):
    """The demo PBX import: what it read, and the calls of no employee with
    their extensions."""
    imports = odoo.call("phone.cdr.import", "search", [], limit=1, order="id")
    browser.resize(browser.width, 1100)
    browser.navigate(
        f"{odoo.url}/odoo/action-{ADDON}.phone_cdr_import_action/{imports[0]}"
    )
    browser.wait_for(
        ".o_form_view .alert-warning button[name='action_view_unmatched_calls']"
    )
    browser.wait_idle()
    browser.screenshot(
        os.path.join(out, "import_result.png"), ".o_form_sheet", margin=2
    )


def shoot_findings_review(odoo, browser, out):
    """The findings to review, three selected, the list's Actions menu open
    on the bulk Dismiss / Convert."""
    browser.navigate(f"{odoo.url}/odoo/action-{ADDON}.phone_finding_action")
    browser.wait_for(".o_list_view .o_data_row")
    browser.wait_idle()
    for row in range(3):
        browser.evaluate(
            "document.querySelectorAll('.o_list_view .o_data_row "
            f".o_list_record_selector input')[{row}].click()"
        )
    browser.wait_idle()
    browser.click(".o_control_panel .o_cp_action_menus button:has(.fa-cog)")
    browser.wait_for(".o-dropdown--menu .o_menu_item", "Dismiss")
    browser.wait_idle()
    browser.screenshot(os.path.join(out, "findings_review.png"))


def shoot_mobile_log_call(odoo, browser, out):
    """On a 390×844 phone: Log a Call in sight on the contact, then the short
    form, filled in, its Save under the fields."""
    partner = odoo.ref(f"{ADDON}.partner_formosa_huang_demo")
    browser.resize(390, 844)
    browser.navigate(f"{odoo.url}/odoo/contacts/{partner}")
    browser.click(".o_form_sheet button[name='action_phone_log_call_quick']")
    browser.wait_for(".o_field_widget[name='todo_summary'] input")
    browser.wait_idle()
    browser.type(".o_field_widget[name='subject'] input", "Confirm the December order")
    browser.type(
        ".o_field_widget[name='key_points'] textarea",
        "Fifty units at the quoted price; delivery before the 20th.",
    )
    browser.type(".o_field_widget[name='todo_summary'] input", "Send the confirmation")
    browser.blur()
    browser.wait_idle()
    browser.screenshot(os.path.join(out, "mobile_log_call.png"))
    # Discard it: leaving a dirty form saves it
    browser.click(".o_form_button_cancel")
    browser.wait_idle()


SHOTS = {
    "import_result": shoot_import_result,
    "findings_review": shoot_findings_review,
    "mobile_log_call": shoot_mobile_log_call,
    "log_call": shoot_log_call,
    "appraisal": shoot_appraisal,
    "dashboard": shoot_dashboard,
    "pivot": shoot_pivot,
    # last: it logs the browser in as the called employee
    "screen_pop": shoot_screen_pop,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "readme", "screenshots"))
    parser.add_argument("--port", type=int, default=8079, help="first port to try")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--only", choices=sorted(SHOTS), action="append")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="phone_policy_shots.")
    db = f"phone_policy_shots_{os.getpid()}"
    addons_dir = os.path.join(work, "addons")
    os.makedirs(addons_dir)
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    odoo = browser = None
    try:
        prepare_database(db, addons_path)
        port = free_port(args.port)
        say(f"Starting Odoo on port {port}")
        odoo = Odoo(db, addons_path, port, os.path.join(work, "odoo.log"))
        odoo.wait_ready()
        session_id = odoo.authenticate()
        ensure_month_figures(odoo)
        browser = Browser(
            free_port(port + 1000),
            args.width,
            args.height,
            os.path.join(work, "chrome"),
        )
        browser.set_cookie(odoo.url, "session_id", session_id)
        for name in args.only or SHOTS:
            say(f"Screenshot: {name}")
            browser.resize(args.width, args.height)
            SHOTS[name](odoo, browser, out)
    except Exception:
        log = os.path.join(work, "odoo.log")
        if os.path.exists(log):
            with open(log) as lines:
                sys.stderr.write("".join(lines.readlines()[-40:]))
        raise
    finally:
        if browser:
            browser.close()
        if odoo:
            odoo.stop()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        else:
            say(f"Kept the database {db}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
