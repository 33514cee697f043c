/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// The administration officer checks a sampled call and turns the finding
// into a draft violation.
registry.category("web_tour.tours").add("phone_policy_inspection_finding_tour", {
    steps: () => [
        {
            content: "The late answer is already a finding of the inspection",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('Answered within the ring limit')",
        },
        {
            content: "Open the sampled call's checklist",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_data_cell[name='call_name']",
            run: "click",
        },
        {
            content: "The ring time was prefilled from the call as failed",
            trigger:
                ".modal .o_field_widget[name='check_ids'] .o_data_row:contains('Answered within the ring limit'):contains('Failed')",
        },
        {
            content: "Check the self-introduction",
            trigger:
                ".modal .o_field_widget[name='check_ids'] .o_data_row:contains('Self-introduction') .o_data_cell[name='result']",
            run: "click",
        },
        {
            content: "The employee introduced themselves",
            trigger:
                ".modal .o_data_row:contains('Self-introduction') .o_field_widget[name='result'] select",
            run: 'select "pass"',
        },
        {
            content: "Note what was heard",
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Let the phone ring for half a minute.",
        },
        {
            content: "Save the checklist",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Record the violation from the finding",
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row button[name='action_create_violation']",
            run: "click",
        },
        {
            content: "A draft violation of the employee, typed from the failed item",
            trigger:
                ".o_form_view .o_field_widget[name='type_id'] input:value('Not answered within three rings')",
        },
        {
            content: "It names the employee",
            trigger: ".o_form_view .o_field_widget[name='employee_id'] input:value('Tour Employee')",
        },
        {
            content: "It is a draft for HR",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },
    ],
});

// HR opens the employee's appraisal and finds the confirmed violation in
// the Phone conduct tab.
registry.category("web_tour.tours").add("phone_policy_appraisal_conduct_tour", {
    steps: () => [
        {
            content: "Open the Phone conduct tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Phone conduct')",
            run: "click",
        },
        {
            content: "One violation in the period",
            trigger: ".o_form_view .o_field_widget[name='phone_violation_count']:contains('1')",
        },
        {
            content: "Its points are deducted from the net score",
            trigger: ".o_form_view .o_field_widget[name='phone_net_score']:contains('-1')",
        },
        {
            content: "The violation is listed with its penalty",
            trigger:
                ".o_form_view .o_phone_conduct_violations tr:contains('VIO/'):contains('Verbal warning')",
        },
    ],
});
