/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The first day of an employee (林志豪, demo): the paths that used to end in
// an error or a dead end, clicked in the browser.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_first_day_tour", {
    steps: () => [
        {
            content: "Open the Calls menu",
            trigger: ".o_main_navbar [data-menu-xmlid='phone_policy.phone_calls_menu']",
            run: "click",
        },
        {
            content: "The policy",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='phone_policy.phone_policy_version_menu_in_force']",
            run: "click",
        },
        {
            content: "The version in force opens (no access error)",
            trigger: ".o_form_view button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "Acknowledged: the button is gone",
            trigger: ".o_form_view:not(:has(button[name='action_acknowledge']))",
        },
        {
            content: "Open the Calls menu again",
            trigger: ".o_main_navbar [data-menu-xmlid='phone_policy.phone_calls_menu']",
            run: "click",
        },
        {
            content: "My reports (whistle-blowing)",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='phone_policy.phone_whistleblow_filing_menu']",
            run: "click",
        },
        {
            content: "A new report",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Who",
            trigger: ".o_field_widget[name='accused_employee_id'] input",
            run: "edit Carol",
        },
        {
            content: "Pick them",
            trigger: ".o-autocomplete--dropdown-menu li a:contains('Carol Wu')",
            run: "click",
        },
        {
            content: "What happened",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Rude to a caller on Monday morning.",
        },
        {
            content: "Submit",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The confirmation gives the reference",
            trigger: ".o_notification:contains('was filed')",
        },
    ],
});
