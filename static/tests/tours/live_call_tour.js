/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// The phone system's side of these tours comes from the test
// (tests/test_live_tour.py): the cookie phone_policy_live_tour holds the
// events endpoint, the phone system's push key and the events to post.
import {registry} from "@web/core/registry";

function tourConfig() {
    const cookie = document.cookie
        .split("; ")
        .find((part) => part.startsWith("phone_policy_live_tour="));
    if (!cookie) {
        throw new Error("The test did not set the phone_policy_live_tour cookie");
    }
    return JSON.parse(decodeURIComponent(cookie.split("=").slice(1).join("=")));
}

/** Until the web client listens on the bus, then as the phone system: post
 * the events, each ringing now. */
async function ring() {
    const bus = odoo.__WOWL_DEBUG__.root.env.services.bus_service;
    for (let tries = 0; bus.workerState !== "CONNECTED"; tries++) {
        if (tries > 200) {
            throw new Error("The web client never connected to the bus");
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const config = tourConfig();
    for (const event of config.events) {
        const response = await fetch(config.url, {
            method: "POST",
            headers: {
                "Content-Type": "application/json",
                Authorization: `Bearer ${config.key}`,
            },
            body: JSON.stringify({...event, time: Date.now() / 1000}),
        });
        if (response.status !== 200) {
            throw new Error(`The events endpoint answered ${response.status}`);
        }
    }
}

registry.category("web_tour.tours").add("phone_policy_live_call_tour", {
    steps: () => [
        {
            content: "The web client is ready; the customer calls my extension",
            trigger: ".o_main_navbar",
            run: ring,
        },
        {
            content: "The screen-pop says who is calling",
            trigger:
                ".o_notification.o_phone_live_popup .o_phone_live_who:contains('Keelung Harbour Trading')",
        },
        {
            content: "with the last call with them",
            trigger: ".o_phone_live_popup .o_phone_live_last_calls:contains('Sample order')",
        },
        {
            content: "and the call-back still open",
            trigger: ".o_phone_live_popup .o_phone_live_todos:contains('Send the sample')",
        },
        {
            content: "Log this call",
            trigger: ".o_phone_live_popup .o_notification_buttons button:contains('Log this call')",
            run: "click",
        },
        {
            content: "The live call's form: the contact is already there",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Keelung Harbour Trading')",
        },
        {
            content: "with the greeting to say",
            trigger: ".o_form_view .alert-info:contains('Hello, Taipei HQ Sales TW.')",
        },
        {
            content: "while the phone system reports the call",
            trigger: ".o_form_view .o_phone_live_banner",
        },
        {
            content: "Note the key points",
            trigger: ".o_field_widget[name='key_points'] textarea",
            run: "edit Wants 50 units by Friday.",
        },
        {
            content: "Choose the business category",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit Sales",
        },
        {
            content: "Sales",
            trigger: ".o-autocomplete--dropdown-item:contains('Sales')",
            run: "click",
        },
        {
            content: "Save the call",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("phone_policy_live_call_other_tour", {
    steps: () => [
        {
            content: "A colleague's extension rings, then mine",
            trigger: ".o_main_navbar",
            run: ring,
        },
        {
            content: "My screen-pop shows my caller",
            trigger: ".o_notification.o_phone_live_popup .o_phone_live_who:contains('Mr Lai')",
        },
        {
            content: "and nothing of my colleague's call, which was sent first",
            trigger: "body:not(:has(.o_phone_live_popup:contains('Keelung Harbour Trading')))",
        },
        {
            content: "one screen-pop only",
            trigger: "body:not(:has(.o_phone_live_popup ~ .o_phone_live_popup))",
        },
    ],
});
