/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_archive_file_tour", {
    steps: () => [
        {
            content: "The draft archive says how many calls are ready",
            trigger: ".o_form_view .o_field_widget[name='candidate_count']:contains('2')",
        },
        {
            content: "File them",
            trigger: ".o_form_view button[name='action_file']",
            run: "click",
        },
        {
            content: "Confirm that they will be sealed",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The archive is filed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Archived')",
        },
        {
            content: "It counts the calls filed",
            trigger: ".o_form_view button[name='action_view_calls'] .o_stat_value:contains('2')",
        },
        {
            content: "Check the chain of the company",
            trigger: ".o_main_navbar button:contains('Administration'), .o_menu_sections button:contains('Administration')",
            run: "click",
        },
        {
            content: "Verify integrity",
            trigger: ".dropdown-item:contains('Verify integrity')",
            run: "click",
        },
        {
            content: "The chain is intact",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Intact')",
        },
    ],
});
