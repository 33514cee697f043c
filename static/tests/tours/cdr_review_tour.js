/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_cdr_review_tour", {
    steps: () => [
        {
            content: "Open the import of the phone system's file",
            trigger: ".o_list_view .o_data_row td:contains('tour_Master.csv')",
            run: "click",
        },
        {
            content: "Four rows read, one rejected",
            trigger: ".o_form_view .o_field_widget[name='count_read']:contains('4')",
        },
        {
            content: "One call matched no employee: the result names its extension",
            trigger: ".o_form_view .o_field_widget[name='unmatched_extensions']:contains('2699')",
        },
        {
            content: "Those calls are one click away",
            trigger: ".o_form_view button[name='action_view_unmatched_calls']",
        },
        {
            content: "The rejected row says why",
            trigger:
                ".o_field_widget[name='error_ids'] td:contains('Negative value in duration')",
        },
        {
            content: "The rejected rows can be downloaded",
            trigger: ".o_form_view button[name='action_download_errors']",
        },
        {
            content: "Go to the findings",
            trigger:
                ".o_main_navbar [data-menu-xmlid='phone_policy.phone_administration_menu']",
            run: "click",
        },
        {
            content: "Findings to review",
            trigger: ".o-dropdown--menu [data-menu-xmlid='phone_policy.phone_finding_menu']",
            run: "click",
        },
        {
            // the late answer was drafted into a violation at once: it is
            // converted, no longer "To review"; its Officer finds it among
            // all the findings
            content: "Show all the findings, not only those to review",
            trigger: ".o_searchview_facet:contains('To review') .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the late answer",
            trigger: ".o_list_view .o_data_row td:contains('Answered after 25 seconds')",
            run: "click",
        },
        {
            content: "Explain the decision",
            trigger: ".o_field_widget[name='review_note'] textarea",
            run: "edit The line was faulty that morning.",
        },
        {
            content: "Dismiss the finding",
            trigger: ".o_form_view button[name='action_dismiss']",
            run: "click",
        },
        {
            content: "The finding is dismissed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Dismissed')",
        },
    ],
});
