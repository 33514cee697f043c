/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// The screen-pop of live calls: when the phone system reports that a call
// rings on the extension of the logged-in employee, the server sends the
// call on the bus channel of that employee's partner only
// (models/phone_call_live.py, _live_notify); this service shows it as a
// notification with the contact, the last calls with them, the open to-dos
// and call-backs, and the buttons to open the contact and to log the call.

import {markup} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {deserializeDate, deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {escape} from "@web/core/utils/strings";

export const BUS_TYPE = "phone_policy/live_call";

function line(text, className = "") {
    return `<div class="${className}">${escape(text)}</div>`;
}

function list(title, items, className) {
    if (!items.length) {
        return "";
    }
    const rows = items.map((item) => `<li>${escape(item)}</li>`).join("");
    return (
        `<div class="mt-2 small fw-bold">${escape(title)}</div>` +
        `<ul class="list-unstyled small mb-0 ${className}">${rows}</ul>`
    );
}

/** The body of the notification, every value escaped. */
export function popupBody(call) {
    const who = call.contact ? call.contact.name : call.name || _t("Unknown number");
    const details = [];
    if (call.contact && call.contact.company) {
        details.push(call.contact.company);
    } else if (call.organization) {
        details.push(call.organization);
    }
    if (call.number) {
        details.push(call.number);
    }
    let html = line(who, "fw-bold o_phone_live_who");
    if (details.length) {
        html += line(details.join(" · "), "text-muted o_phone_live_details");
    }
    const calls = (call.last_calls || []).map((earlier) =>
        [
            formatDateTime(deserializeDateTime(earlier.date), {showSeconds: false}),
            earlier.subject || earlier.reference,
            earlier.employee || "",
        ]
            .filter(Boolean)
            .join(" · ")
    );
    const todos = (call.todos || []).map((todo) =>
        [formatDate(deserializeDate(todo.deadline)), todo.summary, todo.user || "", todo.document]
            .filter(Boolean)
            .join(" · ")
    );
    if (call.kind !== "missed" && call.last_calls) {
        html += list(_t("Last calls"), calls, "o_phone_live_last_calls");
        if (!calls.length) {
            html += line(_t("No earlier call with them."), "mt-2 small text-muted");
        }
        html += list(_t("Open to-dos and call-backs"), todos, "o_phone_live_todos");
    }
    return markup(html);
}

export const phoneLiveCallService = {
    dependencies: ["bus_service", "notification", "action", "orm"],

    start(env, {bus_service: busService, notification, action, orm}) {
        // call id -> {close, call}: the notification shown for each call
        const shown = new Map();

        function close(callId) {
            const entry = shown.get(callId);
            if (entry) {
                shown.delete(callId);
                entry.close();
            }
        }

        function openForm(model, resId, context = {}) {
            return action.doAction({
                type: "ir.actions.act_window",
                res_model: model,
                res_id: resId,
                views: [[false, "form"]],
                target: "current",
                context,
            });
        }

        function buttons(call) {
            const result = [];
            if (call.kind === "missed") {
                result.push({
                    name: _t("Call back"),
                    primary: true,
                    onClick: async () => {
                        close(call.call_id);
                        const next = await orm.call("phone.call", "action_schedule_callback", [
                            [call.call_id],
                        ]);
                        await action.doAction(next);
                    },
                });
            } else {
                result.push({
                    name: _t("Log this call"),
                    primary: true,
                    onClick: async () => {
                        close(call.call_id);
                        await openForm("phone.call", call.call_id);
                    },
                });
            }
            if (call.contact) {
                result.push({
                    name: _t("Open contact"),
                    onClick: () => openForm("res.partner", call.contact.id),
                });
            } else if (call.can_create_contact) {
                result.push({
                    name: _t("Create contact"),
                    onClick: () =>
                        openForm("res.partner", false, {
                            default_phone: call.number || false,
                            default_name: call.name || false,
                        }),
                });
            }
            return result;
        }

        function titleOf(call) {
            return call.kind === "missed" ? _t("Missed call") : _t("Incoming call");
        }

        function show(call) {
            close(call.call_id);
            const closeFn = notification.add(popupBody(call), {
                title: titleOf(call),
                type: call.kind === "missed" ? "warning" : "info",
                sticky: true,
                className: `o_phone_live_popup o_phone_live_${call.kind}`,
                buttons: buttons(call),
                onClose: () => shown.delete(call.call_id),
            });
            shown.set(call.call_id, {close: closeFn, call});
        }

        /** The contact, the last calls and the open to-dos, read with the
         * callee's own rights, added to the notification once they come. */
        async function addDetails(call) {
            const details = await orm.call("phone.call", "live_popup_details", [
                [call.call_id],
            ]);
            const entry = shown.get(call.call_id);
            if (entry) {
                show({...entry.call, ...details, kind: entry.call.kind});
            }
        }

        busService.subscribe(BUS_TYPE, (call) => {
            // ringing, or missed: a missed call replaces its ringing
            show(call);
            addDetails(call);
        });
        busService.start();
    },
};

registry.category("services").add("phone_policy_live_call", phoneLiveCallService);
