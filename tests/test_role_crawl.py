# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first day as each role, with no dead end: a crawl over HTTP JSON-RPC.

For each demo role (employee, department manager, technician, Officer,
Manager, appraisal user) the test logs in, takes the menus the web client
receives, and for every menu of the Phone Policy app does what a click does:

- loads the menu's action (and runs it, for a server action);
- for a window action, loads its views and reads each one as the web client
  would: the list (with the action's domain and its default filters), the
  form of the first record, the kanban, the pivot and the graph;
- for every button of the form's header the role receives, finds a record
  of the list on which the button's own ``invisible`` condition is false and
  presses it; a wizard it opens is loaded too (its views and its defaults).

Nothing here is a hand list: menus, actions, views, fields and buttons come
from what the server sends to that role. Any error (an access error, a
``UserError`` behind a visible button, a traceback) is collected with the
menu path and the button, and the test fails with the whole list. Each button
is pressed in a savepoint that is rolled back, so that one button does not
change what the next one sees. The counts (roles × menus × actions × views ×
buttons) are printed with the figures of the run."""

import logging

from lxml import etree

from odoo.osv import expression
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .rpc_common import RpcError, RpcMixin

_figures = logging.getLogger("phone_policy.figures")

# login (the demo user's password is its login) of each role
ROLES = {
    "employee": "lin.chihhao",
    "department manager": "chen.meiling",
    "technician": "wu.chunchieh",
    "officer": "chang.yating",
    "manager": "kuo.huiling",
    "appraisal user": "li.chienkuo",
}

# How many records of a list are read to find one on which a button shows
SAMPLE = 40

# The buttons that answer "do this first" instead of acting, on a record of
# the demo data where that first step is not done: a visible button that
# says what to do is no dead end. Any other error fails the crawl.
INSTRUCTIONS = {
    ("phone.fault", "action_check_issue"): "Describe the issue found",
    ("phone.inspection", "action_done"): "still has unchecked items",
    ("phone.security.incident", "action_escalate"): "Name the employees concerned",
    ("phone.archive.access.request", "action_refuse"): "Give the reason of the refusal",
    # a finding is dismissed with a reason (issue 15)
    ("phone.finding", "action_dismiss"): "write the reviewer's note first",
    # follow-up by e-mail to a contact without an address (issue 20)
    ("phone.call", "action_followup_email"): "add one to the contact first",
}

MUTED = (
    "odoo.http",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_model",
    "odoo.addons.base.models.ir_actions",
    "odoo.models",
)


def _fields_of(node):
    """The ``field`` nodes of a view that belong to its own record (not
    those of a sub-view inside a relational field)."""
    found = []
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            found.append(child)
        elif child.tag in ("list", "form", "kanban", "tree") and node.tag == "field":
            continue
        else:
            found.extend(_fields_of(child))
    return found


def _spec(node, fields_info, models, model):
    """The specification ``web_read``/``web_search_read`` receive for the
    fields of ``node`` (a list, form or kanban arch)."""
    spec = {}
    for field in _fields_of(node):
        name = field.get("name")
        info = fields_info.get(name)
        if not info:
            continue
        ftype = info["type"]
        if ftype == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif ftype in ("one2many", "many2many"):
            comodel = info.get("relation")
            sub = next((c for c in field if c.tag in ("list", "kanban", "form")), None)
            sub_fields = models.get(comodel, {}).get("fields", {})
            inner = (
                _spec(sub, sub_fields, models, comodel)
                if sub is not None and sub_fields
                else {}
            )
            inner.setdefault("display_name", {})
            spec[name] = {"fields": inner}
        else:
            spec.setdefault(name, {})
    return spec


def _eval_values(record, fields_info):
    """A record as the web client's expressions see it: many2one as an id,
    x2many as a list of ids."""
    values = {}
    for name, value in record.items():
        ftype = fields_info.get(name, {}).get("type")
        if ftype == "many2one":
            values[name] = value["id"] if value else False
        elif ftype in ("one2many", "many2many"):
            values[name] = [v["id"] if isinstance(v, dict) else v for v in value]
        else:
            values[name] = value
    return values


@tagged("post_install", "-at_install")
class TestRoleCrawl(RpcMixin, HttpCase):
    """Every menu, view and header button of each role, over HTTP."""

    # -- the evaluation context of the web client's expressions --------

    def _eval_context(self, uid, company_id, record=None, context=None):
        now = datetime.datetime.now()
        today = datetime.date.today()
        values = {
            "uid": uid,
            "context": dict(context or {}),
            "current_company_id": company_id,
            "allowed_company_ids": [company_id],
            "context_today": lambda: today,
            "today": today.isoformat(),
            "now": now.strftime("%Y-%m-%d %H:%M:%S"),
            "current_date": today.isoformat(),
            "datetime": datetime,
            "time": time,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "active_id": False,
            "active_ids": [],
            "active_model": False,
        }
        if record is not None:
            values.update(record)
            values["id"] = record.get("id", False)
        return values

    def _evaluate(self, expression, eval_context, default):
        if expression in (None, ""):
            return default
        return safe_eval(expression, dict(eval_context))

    # -- one action --------------------------------------------------------

    def _default_domain(self, search, domain, context, uid, company_id):
        """The action's domain and its default filters: filters of one group
        (between separators) are or-ed, the groups and-ed, as the web client
        does."""
        full_domain = list(domain)
        groups, group = [], []
        for node in search.iter() if search is not None else []:
            if node.tag in ("separator", "field", "group") and group:
                groups.append(group)
                group = []
            if node.tag != "filter" or not node.get("domain"):
                continue
            if context.get(f"search_default_{node.get('name')}"):
                group.append(
                    self._evaluate(
                        node.get("domain"),
                        self._eval_context(uid, company_id, context=context),
                        [],
                    )
                )
        groups.append(group)
        for group in filter(None, groups):
            full_domain = expression.AND([full_domain, expression.OR(group)])
        return full_domain

    def _open_window(self, path, action, stats, uid, company_id):
        """Open a window action's views; return the ids of the records it
        lists, the form's header buttons and the form's specification."""
        model = action["res_model"]
        context = action.get("context") or {}
        if isinstance(context, str):
            context = self._evaluate(context, self._eval_context(uid, company_id), {})
        context = dict(context, bin_size=True)
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = self._evaluate(
                domain, self._eval_context(uid, company_id, context=context), []
            )
        view_types = [v for v in action["view_mode"].split(",") if v]
        views = dict((t, i) for i, t in action.get("views") or [])
        requested = [[views.get(t, False), t] for t in view_types]
        requested.append(
            [
                action.get("search_view_id") and action["search_view_id"][0] or False,
                "search",
            ]
        )
        result = self.call(
            model,
            "get_views",
            kwargs={
                "views": requested,
                "options": {"toolbar": True, "load_filters": True},
                "context": context,
            },
        )
        models = result["models"]
        fields_info = models[model]["fields"]
        arches = {t: etree.fromstring(v["arch"]) for t, v in result["views"].items()}
        full_domain = self._default_domain(
            arches.get("search"), domain, context, uid, company_id
        )
        ids = []
        if "list" in arches:
            spec = _spec(arches["list"], fields_info, models, model)
            for dom in (full_domain, domain):
                read = self.call(
                    model,
                    "web_search_read",
                    kwargs={
                        "domain": dom,
                        "specification": spec,
                        "limit": SAMPLE,
                        "context": context,
                    },
                )
                ids = ids or [r["id"] for r in read["records"]]
            stats["views"] += 1
            # the list's own header buttons: on the first record selected, or
            # with no selection for those shown always
            self._list_buttons = [
                (b, None if b.get("display") == "always" else ids[:1])
                for b in arches["list"].findall("header/button")
                if b.get("type") in ("object", "action")
            ]
        if "kanban" in arches:
            kanban = arches["kanban"]
            spec = _spec(kanban, fields_info, models, model)
            group_by = kanban.get("default_group_by")
            if group_by:
                self.call(
                    model,
                    "web_read_group",
                    kwargs={
                        "domain": full_domain,
                        "fields": [],
                        "groupby": [group_by],
                        "context": context,
                    },
                )
            read = self.call(
                model,
                "web_search_read",
                kwargs={
                    "domain": full_domain,
                    "specification": spec,
                    "limit": SAMPLE,
                    "context": context,
                },
            )
            ids = ids or [r["id"] for r in read["records"]]
            stats["views"] += 1
        for graph_type in ("pivot", "graph"):
            arch = arches.get(graph_type)
            if arch is None:
                continue
            measures = [
                f.get("name")
                for f in arch.iter("field")
                if f.get("type") == "measure"
                or fields_info.get(f.get("name"), {}).get("type")
                in ("integer", "float", "monetary")
            ]
            groupby = [
                f.get("name")
                for f in arch.iter("field")
                if f.get("type") in ("row", "col", None)
                and f.get("name") not in measures
            ][:1]
            self.call(
                model,
                "read_group",
                kwargs={
                    "domain": full_domain,
                    "fields": [
                        f"{m}:{fields_info[m].get('aggregator') or 'sum'}"
                        for m in measures
                        if m in fields_info
                    ]
                    + ["__count"],
                    "groupby": groupby,
                    "lazy": False,
                    "context": context,
                },
            )
            stats["views"] += 1
        form = arches.get("form")
        if form is None:
            return model, ids, [], {}, fields_info, context
        spec = _spec(form, fields_info, models, model)
        res_id = action.get("res_id")
        if res_id:
            ids = [res_id]
        records = []
        if ids:
            records = self.call(
                model,
                "web_read",
                args=[ids],
                kwargs={"specification": spec, "context": context},
            )
        else:
            # no record for this role: the form opens on a new record
            self.call(
                model,
                "onchange",
                args=[[], {}, [], spec],
                kwargs={"context": context},
            )
        stats["views"] += 1
        # the header's buttons and the smart buttons of the button box
        boxes = form.findall("header") + form.findall(".//div[@name='button_box']")
        buttons = [
            b
            for box in boxes
            for b in box.iter("button")
            if b.get("type") in ("object", "action")
        ]
        return model, records, buttons, spec, fields_info, context

    def _open_result(self, path, result, stats, uid, company_id):
        """What a button or a server action returned, opened as the web
        client would: a window action's views (and a wizard's defaults)."""
        if not isinstance(result, dict):
            return
        if result.get("type") == "ir.actions.act_window":
            if result.get("target") == "new" and not result.get("res_id"):
                model = result["res_model"]
                context = result.get("context") or {}
                if isinstance(context, str):
                    context = self._evaluate(
                        context, self._eval_context(uid, company_id), {}
                    )
                views = result.get("views") or [[False, "form"]]
                form_id = next((i for i, t in views if t == "form"), False)
                got = self.call(
                    model,
                    "get_views",
                    kwargs={"views": [[form_id, "form"]], "context": context},
                )
                arch = etree.fromstring(got["views"]["form"]["arch"])
                spec = _spec(arch, got["models"][model]["fields"], got["models"], model)
                self.call(
                    model,
                    "onchange",
                    args=[[], {}, [], spec],
                    kwargs={"context": context},
                )
                stats["wizards"] += 1
            else:
                result.setdefault(
                    "view_mode", "form" if result.get("res_id") else "list,form"
                )
                if not result.get("views"):
                    result["views"] = [
                        [False, t] for t in result["view_mode"].split(",")
                    ]
                result["view_mode"] = ",".join(t for _i, t in result["views"])
                self._open_window(path, result, stats, uid, company_id)

    def _press(
        self, path, model, record, button, fields_info, context, stats, uid, company_id
    ):
        values = _eval_values(record, fields_info) if record else {}
        ids = [record["id"]] if record else []
        eval_context = self._eval_context(uid, company_id, values, context)
        button_context = dict(context)
        if button.get("context"):
            button_context.update(
                self._evaluate(button.get("context"), eval_context, {})
            )
        button_context.update(
            active_model=model, active_id=ids[0] if ids else False, active_ids=ids
        )
        button_context.pop("bin_size", None)
        with self.cr.savepoint(flush=False) as savepoint:
            if button.get("type") == "object":
                result = self.rpc(
                    "/web/dataset/call_button",
                    {
                        "model": model,
                        "method": button.get("name"),
                        "args": [ids],
                        "kwargs": {"context": button_context},
                    },
                )
            else:
                action = self.rpc(
                    "/web/action/load",
                    {"action_id": int(button.get("name")), "context": button_context},
                )
                result = action
                if action.get("type") == "ir.actions.server":
                    result = self.rpc(
                        "/web/action/run",
                        {"action_id": action["id"], "context": button_context},
                    )
            self._open_result(path, result, stats, uid, company_id)
            savepoint.rollback()
        self.env.invalidate_all()
        stats["buttons"] += 1

    def _press_list_buttons(self, path, model, stats, failures, uid, company_id):
        buttons, self._list_buttons = self._list_buttons, []
        for button, ids in buttons:
            label = button.get("string") or button.get("name")
            if ids == []:
                stats["buttons_hidden"] += 1
                continue
            record = {"id": ids[0]} if ids else None
            try:
                self._press(path, model, record, button, {}, {}, stats, uid, company_id)
            except RpcError as error:
                failures.append(f"{path} › list [{label}]: {error}")

    def _crawl_action(self, path, action_id, stats, failures, uid, company_id):
        self._list_buttons = []
        try:
            action = self.rpc("/web/action/load", {"action_id": action_id})
            if action.get("type") == "ir.actions.server":
                with self.cr.savepoint(flush=False) as savepoint:
                    result = self.rpc("/web/action/run", {"action_id": action["id"]})
                    savepoint.rollback()
                action = result if isinstance(result, dict) else {}
            if action.get("type") != "ir.actions.act_window":
                stats["actions"] += 1
                return
            model, records, buttons, _spec_, fields_info, context = self._open_window(
                path, action, stats, uid, company_id
            )
        except RpcError as error:
            failures.append(f"{path}: {error}")
            return
        stats["actions"] += 1
        self._press_list_buttons(path, model, stats, failures, uid, company_id)
        for button in buttons:
            label = button.get("string") or button.get("name")
            target = None
            for record in records:
                values = _eval_values(record, fields_info)
                try:
                    hidden = self._evaluate(
                        button.get("invisible"),
                        self._eval_context(uid, company_id, values, context),
                        False,
                    )
                except Exception as error:  # noqa: BLE001
                    failures.append(
                        f"{path} › [{label}]: cannot evaluate invisible="
                        f"{button.get('invisible')!r}: {error}"
                    )
                    break
                if not hidden:
                    target = record
                    break
            if target is None:
                stats["buttons_hidden"] += 1
                continue
            try:
                self._press(
                    path,
                    model,
                    target,
                    button,
                    fields_info,
                    context,
                    stats,
                    uid,
                    company_id,
                )
            except RpcError as error:
                instruction = INSTRUCTIONS.get((model, button.get("name")))
                if (
                    str(error).startswith("odoo.exceptions.UserError")
                    and instruction
                    and instruction in str(error)
                ):
                    stats["instructions"] += 1
                    continue
                failures.append(
                    f"{path} › [{label}] on {model} #{target['id']}: {error}"
                )

    def _crawl_role(self, role, login):
        self.authenticate(login, login)
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertTrue(user, f"the demo user {login} ({role}) is missing")
        uid, company_id = user.id, user.company_id.id
        response = self.url_open("/web/webclient/load_menus/crawl")
        menus = response.json()
        root = self.env.ref("phone_policy.phone_policy_menu_root").id
        self.assertIn(str(root), menus, f"{role} does not see the Phone Policy app")
        stats = dict(
            menus=0,
            actions=0,
            views=0,
            buttons=0,
            buttons_hidden=0,
            wizards=0,
            instructions=0,
        )
        failures = []

        def walk(menu_id, names):
            menu = menus[str(menu_id)]
            names = names + [menu["name"]]
            # the app's own entry opens its first menu's action: not twice
            if menu.get("actionID") and menu_id != root:
                stats["menus"] += 1
                self._crawl_action(
                    " › ".join(names),
                    menu["actionID"],
                    stats,
                    failures,
                    uid,
                    company_id,
                )
            for child in menu.get("children") or []:
                walk(child, names)

        with mute_logger(*MUTED):
            walk(root, [])
        return stats, failures

    def test_every_role_every_menu_every_button(self):
        totals = dict(
            menus=0,
            actions=0,
            views=0,
            buttons=0,
            buttons_hidden=0,
            wizards=0,
            instructions=0,
        )
        failures = []
        for role, login in ROLES.items():
            stats, role_failures = self._crawl_role(role, login)
            failures += [f"{role} ({login}): {f}" for f in role_failures]
            _figures.info(
                "crawl %s: %d menus, %d actions, %d views, %d buttons pressed "
                "(%d wizards opened, %d answered with what to do first), "
                "%d buttons with no record to show on",
                role,
                stats["menus"],
                stats["actions"],
                stats["views"],
                stats["buttons"],
                stats["wizards"],
                stats["instructions"],
                stats["buttons_hidden"],
            )
            self.assertGreater(stats["menus"], 0, f"{role} sees no menu")
            for key in totals:
                totals[key] += stats[key]
        _figures.info(
            "crawl: %d roles × %d menus × %d actions × %d views × %d buttons "
            "(%d wizards), %d errors",
            len(ROLES),
            totals["menus"],
            totals["actions"],
            totals["views"],
            totals["buttons"],
            totals["wizards"],
            len(failures),
        )
        self.assertFalse(failures, "dead ends:\n" + "\n".join(failures))
