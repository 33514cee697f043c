/** @odoo-module **/
// Copyright 2026 Phone Policy Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("phone_policy_account_issue_tour", {
    steps: () => [
        {
            content: "Issue the initial password of the new account",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_open_issue_wizard']:contains('Issue initial password')",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_issue']",
            run: "click",
        },
        {
            content: "The password is shown once: a strong one",
            trigger: ".modal .o_field_widget[name='password'] span",
            run() {
                const shown = this.anchor.textContent.trim();
                const strong = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{12,}$/;
                if (!strong.test(shown)) {
                    throw new Error(`No strong password shown: "${shown}"`);
                }
            },
        },
        {
            content: "Close the dialog",
            trigger: ".modal .modal-footer button:contains('Done')",
            run: "click",
        },
        {
            content: "The account is active",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Active')",
        },
        {
            content: "It is on its initial password",
            trigger: ".o_field_widget[name='password_is_initial'] input:checked",
        },
    ],
});
