/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_call_followup_tour", {
    steps: () => [
        {
            content: "The call did not connect: follow it up by e-mail",
            trigger: ".o_form_view button[name='action_followup_email']",
            run: "click",
        },
        {
            content: "The composer is addressed to the contact",
            trigger: ".modal .o_field_widget[name='partner_ids'] .o_tag:contains('Mr Huang')",
        },
        {
            content: "with the template's subject",
            trigger:
                ".modal .o_field_widget[name='subject'] input:value('We tried to reach you: Quotation Q-17')",
        },
        {
            content: "and its text",
            trigger: ".modal .o_field_widget[name='body']:contains('When may we call you back?')",
        },
        {
            content: "Send it",
            trigger: ".modal-footer button.o_mail_send",
            run: "click",
        },
        {
            content: "The e-mail is on the call",
            trigger: ".o-mail-Message:contains('When may we call you back?')",
        },
        {
            content: "and the call says it was followed up",
            trigger: ".o_form_view .o_field_widget[name='followup_email_date'] span:not(:empty)",
        },
    ],
});
