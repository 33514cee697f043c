/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_take_message_tour", {
    steps: () => [
        {
            content: "Transfer the call",
            trigger: ".o_form_view button[name='action_transfer']",
            run: "click",
        },
        {
            content: "Choose the colleague",
            trigger: ".modal .o_field_widget[name='to_employee_id'] input",
            run: "edit Tour Colleague",
        },
        {
            content: "Pick them in the list",
            trigger: ".o-autocomplete--dropdown-menu li a:contains('Tour Colleague')",
            run: "click",
        },
        {
            content: "The directory says they are away, covered by voicemail",
            trigger:
                ".modal .o_field_widget[name='availability']:contains('Away until'):contains('voicemail')",
        },
        {
            content: "So a message is offered instead of a transfer",
            trigger: ".modal .o_field_widget[name='target_unavailable'] input:checked",
        },
        {
            content: "Write the message",
            trigger: ".modal .o_field_widget[name='body'] textarea",
            run: "edit Please call Mr Tour back about the delivery date.",
        },
        {
            content: "Mark it urgent",
            trigger: ".modal .o_field_widget[name='urgency'] input[data-value='urgent']",
            run: "click",
        },
        {
            content: "Take the message",
            trigger: ".modal-footer button[name='action_take_message']",
            run: "click",
        },
        {
            content: "Open the transfers of the call",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Transfers and messages')",
            run: "click",
        },
        {
            content: "The chain shows the message taken for the colleague",
            trigger:
                ".o_field_widget[name='transfer_ids'] .o_data_row:contains('Tour Colleague'):contains('Message taken')",
        },
    ],
});

// the colleague who took it finds it too, with its default filters, and is
// not offered Acknowledge (only the recipient's side may)
registry.category("web_tour.tours").add("phone_policy_message_taker_tour", {
    steps: () => [
        {
            content: "The message taken is listed for its taker",
            trigger:
                ".o_list_view .o_data_row td.o_data_cell:contains('Please call Mr Tour back about the delivery date.')",
            run: "click",
        },
        {
            content: "It opens, without an Acknowledge button for the taker",
            trigger:
                ".o_form_view .o_field_widget[name='body']:contains('Please call Mr Tour back about the delivery date.')",
        },
        {
            content: "No Acknowledge button",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_acknowledge']))",
        },
    ],
});

registry.category("web_tour.tours").add("phone_policy_my_messages_tour", {
    steps: () => [
        {
            content: "The message waits in My messages",
            trigger:
                ".o_list_view .o_data_row td.o_data_cell:contains('Please call Mr Tour back about the delivery date.')",
            run: "click",
        },
        {
            content: "The message opens with what the caller said",
            trigger:
                ".o_form_view .o_field_widget[name='body']:contains('Please call Mr Tour back about the delivery date.')",
        },
        {
            content: "It is urgent",
            trigger: ".o_form_view .o_field_widget[name='urgency'] input[data-value='urgent']:checked",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Acknowledged')",
        },
    ],
});
