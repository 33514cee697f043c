/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Logging a call from a contact on a 390×844 phone, before and after the
// short form: the same call (subject, key points, one to-do), saved. Every
// step that runs "click" or "edit" is one tap; tests/test_mobile_log_call.py
// counts them from this file.
import {registry} from "@web/core/registry";

// Before: the header's Log a Call sits in the gear menu and opens the full
// form; the to-do is an activity scheduled from the chatter.
registry.category("web_tour.tours").add("phone_policy_log_call_mobile_before", {
    steps: () => [
        {
            content: "The contact is open",
            trigger: ".o_form_view .o_field_widget[name='name']",
        },
        {
            content: "Open the gear menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Log a Call (full form)",
            trigger: ".o-dropdown--menu button[name='action_phone_log_call']",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Confirm December order",
        },
        {
            content: "Key points",
            trigger: ".o_field_widget[name='key_points'] textarea",
            run: "edit Fifty units, delivery before the 20th.",
        },
        {
            content: "Save (the icon at the top)",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_breadcrumb:contains('CALL/')",
        },
        {
            content: "Schedule the to-do from the chatter",
            trigger: ".o-mail-Chatter-activity",
            run: "click",
        },
        {
            content: "The to-do",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "edit Send the quotation",
        },
        {
            content: "Schedule it",
            trigger: ".modal button[name='action_schedule_activities']:visible",
            run: "click",
        },
        {
            content: "The to-do is on the call",
            trigger: ".o-mail-Activity:contains('Send the quotation')",
        },
    ],
});

// After: Log a Call in sight on the contact, the short form, one Save.
registry.category("web_tour.tours").add("phone_policy_log_call_mobile_after", {
    steps: () => [
        {
            content: "The contact is open",
            trigger: ".o_form_view .o_field_widget[name='name']",
        },
        {
            content: "Log a Call, in sight at the top of the contact",
            trigger: ".o_form_sheet button[name='action_phone_log_call_quick']:visible",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Confirm December order",
        },
        {
            content: "Key points, right below",
            trigger: ".o_field_widget[name='key_points'] textarea",
            run: "edit Fifty units, delivery before the 20th.",
        },
        {
            content: "The to-do",
            trigger: ".o_field_widget[name='todo_summary'] input",
            run: "edit Send the quotation",
        },
        {
            content: "Save the call (the big button under the fields)",
            trigger: ".o_form_sheet button[name='action_quick_saved']:visible",
            run: "click",
        },
        {
            content: "Saved, and said so",
            trigger: ".o_notification:contains('logged')",
        },
    ],
});
