/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// A plain employee reports a fault from "Calls > Fault tickets".
registry.category("web_tour.tours").add("phone_policy_report_fault_tour", {
    steps: () => [
        {
            content: "Report a new fault",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Say what does not work",
            trigger: ".o_field_widget[name='symptom'] input",
            run: "edit Headset crackles in meeting room",
        },
        {
            content: "Say where",
            trigger: ".o_field_widget[name='location'] input",
            run: "edit Head office, 6F, meeting room B",
        },
        {
            content: "Nobody in the room can call out: communication is down",
            trigger: ".o_field_widget[name='impact'] input[data-value='down']",
            run: "click",
        },
        {
            content: "The administration department's team takes it; the reporter cannot change that",
            trigger:
                ".o_field_widget[name='team_id'].o_readonly_modifier:contains('Telephony support')",
        },
        {
            content: "Save the report",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The ticket got its reference",
            trigger: ".o_breadcrumb .active:contains('FLT/')",
        },
        {
            content: "It is an emergency",
            trigger: ".o_form_view .ribbon:contains('Emergency')",
        },
        {
            content: "It waits in the New stage",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('New')",
        },
    ],
});

// The Officer finds it on top of the New column of the kanban and takes it.
registry.category("web_tour.tours").add("phone_policy_fault_kanban_tour", {
    steps: () => [
        {
            content: "The emergency is the first card of the New column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('New')) .o_kanban_record:first:contains('Headset crackles in meeting room')",
        },
        {
            content: "It is flagged as an emergency",
            trigger:
                ".o_kanban_record:contains('Headset crackles in meeting room') .o_phone_fault_emergency",
        },
        {
            content: "Open the ticket",
            trigger: ".o_kanban_record:contains('Headset crackles in meeting room')",
            run: "click",
        },
        {
            content: "The reporter is named",
            trigger: ".o_field_widget[name='reporter_id']:contains('Fault Reporter')",
        },
        {
            content: "Take the ticket",
            trigger: ".o_form_view button[name='action_assign_to_me']",
            run: "click",
        },
        {
            content: "The ticket is assigned",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Assigned')",
        },
    ],
});
