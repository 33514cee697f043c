# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Phone Policy",
    "summary": "Telephone system communication policy: call log, etiquette, "
    "accounts, faults, archives, supervision and appraisal",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "website": "https://github.com/phone-policy/phone_policy",
    "author": "Phone Policy Authors",
    "maintainers": [],
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["hr", "contacts"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/phone_policy_security.xml",
        "security/ir.model.access.csv",
        "security/phone_policy_rules.xml",
        "security/phone_policy_version_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/phone_call_category_data.xml",
        "data/phone_policy_version_data.xml",
        "data/ir_cron_data.xml",
        "views/phone_call_views.xml",
        "views/phone_call_category_views.xml",
        "views/phone_system_views.xml",
        "views/phone_account_views.xml",
        "views/res_partner_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_department_views.xml",
        "views/res_config_settings_views.xml",
        "views/phone_policy_version_views.xml",
        "wizards/phone_call_callback_wizard_views.xml",
        "reports/report_layout.xml",
        "reports/phone_call_report.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/phone_policy_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "phone_policy/static/tests/tours/**/*",
        ],
    },
}
