/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_archive_access_request_tour", {
    steps: () => [
        {
            content: "Ask for access to archived calls",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Look the archive up in the catalogue",
            trigger: ".o_field_widget[name='archive_ids'] input",
            run: "edit ARCH/TOUR",
        },
        {
            content: "Pick it",
            trigger:
                ".o_field_widget[name='archive_ids'] .o-autocomplete--dropdown-menu li a:contains('ARCH/TOUR/0001')",
            run: "click",
        },
        {
            content: "Say why the records are needed",
            trigger: ".o_field_widget[name='purpose'] textarea",
            run: "edit Supplier disputes the delivery date agreed in February.",
        },
        {
            content: "Save the request",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit it to the managers",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The request waits for a manager's decision",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});
