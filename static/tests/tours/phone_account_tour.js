/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_account_tour", {
    steps: () => [
        {
            content: "Open my phone account",
            trigger: ".o_data_row .o_data_cell:contains('7701')",
            run: "click",
        },
        {
            content: "The account is on its initial password",
            trigger: ".o_field_widget[name='password_is_initial'] input:checked",
        },
        {
            content: "Change my phone password",
            trigger: ".o_form_view button[name='action_open_change_password']",
            run: "click",
        },
        {
            content: "Type the initial password",
            trigger: ".modal .o_field_widget[name='current_password'] input",
            run: "edit Tour#Initial-2026",
        },
        {
            content: "Type a new strong password",
            trigger: ".modal .o_field_widget[name='new_password'] input",
            run: "edit Tour#Changed-2026",
        },
        {
            content: "Confirm it",
            trigger: ".modal .o_field_widget[name='confirm_password'] input",
            run: "edit Tour#Changed-2026",
        },
        {
            content: "Change the password",
            trigger: ".modal button[name='action_done']",
            run: "click",
        },
        {
            content: "The change is confirmed",
            trigger: ".o_notification:contains('Your phone password is changed')",
        },
        {
            content: "The account is no longer on its initial password",
            trigger: ".o_field_widget[name='password_is_initial'] input:not(:checked)",
        },
        {
            content: "Report a leak",
            trigger: ".o_form_view button[name='action_open_report_wizard']",
            run: "click",
        },
        {
            content: "Say what happened",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Someone watched me type it.",
        },
        {
            content: "Freeze now",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The account shows as frozen at once",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Frozen')",
        },
        {
            content: "The reason is on the form",
            trigger: ".alert-danger:contains('Someone watched me type it.')",
        },
    ],
});
