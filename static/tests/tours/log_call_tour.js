/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_log_call_tour", {
    steps: () => [
        {
            content: "The contact has no call yet",
            trigger:
                ".o_form_view button[name='action_phone_view_calls'] .o_stat_value:contains('0')",
        },
        {
            content: "Log a call from the contact",
            trigger: ".o_form_view button[name='action_phone_log_call']",
            run: "click",
        },
        {
            content: "The call is prefilled with the contact's number",
            trigger: ".o_field_widget[name='phone'] input:value('+886912345678')",
        },
        {
            content: "Say what the call was about",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Confirm December order",
        },
        {
            content: "Note the key points",
            trigger: ".o_field_widget[name='key_points'] textarea",
            run: "edit Fifty units, delivery before the 20th.",
        },
        {
            content: "Save the call",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The call got its reference",
            trigger: ".o_breadcrumb .active:contains('CALL/')",
        },
        {
            content: "Back to the contact",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour Contact')",
            run: "click",
        },
        {
            content: "The Calls button now counts the new call",
            trigger:
                ".o_form_view button[name='action_phone_view_calls'] .o_stat_value:contains('1')",
        },
    ],
});
