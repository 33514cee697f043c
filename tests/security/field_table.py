# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What each role may set, field by field, on the sample record of each model
(the samples of ``tests/test_access_matrix.py``): written by hand from the
policy and the forms, never derived from the guard it checks.

``TABLE[model][role]`` is ``(create, write)``: the fields the role may give
a value of its own when creating a record like the sample, and when writing
the sample. A role missing from a model's row may set nothing; a string
names the role whose rights it has; ``(role, create extra, write extra)``
adds fields to that role's. Fields missing from both sets must be refused.
"""

from datetime import timedelta

from odoo import Command, fields

# role: login (the users of tests/common.py; pp_tech is on the fault team)
ROLES = {
    "user": "pp_sales",
    "other_dept": "pp_support",
    "dept_manager": "pp_mgr",
    "officer": "pp_officer",
    "manager": "pp_manager",
    "other_company": "pp_other_co",
    "portal": "pp_portal",
    "technician": "pp_tech",
}


def F(text):
    return frozenset(text.split())


NOTHING = frozenset()

# --- calls (policy §2.2, §5.1) -------------------------------------------
# what the call form records: the facts of the call
CALL_FORM = F(
    """answered apology_given callback_datetime category_id closing_given
    confidentiality counterpart_name counterpart_organization date_start
    department_id direction duration greeting_given importance key_points
    legal_hold_reason nature partner_id phone responsible_user_id ring_seconds
    subject"""
)
# officers handle every non-confidential call: a confidential one is out
# of their reach (the write is refused after it)
CALL_OFFICER = CALL_FORM - {"confidentiality"} | {"employee_id"}

# --- internal communication (policy §2.1) ----------------------------------
TRANSFER = F(
    "call_id caller_informed date identity_confirmed outcome reason to_employee_id"
)
TRANSFER_WIZARD = F(
    """body callback_by callback_requested caller_informed identity_confirmed
    reason target_unavailable to_employee_id urgency"""
)
# who called: completed after the message was taken
MESSAGE_CALLER = F("caller_company caller_name caller_phone")
MESSAGE_TAKEN = MESSAGE_CALLER | F(
    "body callback_by call_id date partner_id recipient_employee_id urgency"
)
COVERAGE = F("cover_employee_id date_from date_to kind note")

# --- faults (policy §3.3) --------------------------------------------------
# what a reporter describes
FAULT_REPORT = F(
    """account_id call_id date_occurred description extension impact location
    symptom system_id"""
)
# what the technicians of the ticket and the Officers decide
FAULT_STAFF = FAULT_REPORT | F("kind priority reporter_id resolution stage_id")

# --- assessment (policy §6) ------------------------------------------------
VIOLATION_DRAFT = F(
    """call_ids currency_id date department_id employee_id evidence finding_id
    fine_amount incident_id inspection_id inspection_line_id penalty points
    severity type_id whistleblow_case_id"""
)
COMMENDATION_DRAFT = F(
    """amount call_ids currency_id date department_id employee_id
    inspection_id inspection_line_id points promotion_recommended reason
    whistleblow_case_id"""
)
REPORT_FILED = F(
    """accused_employee_id call_ids description evidence_file
    evidence_filename incident_date"""
)
REPORT_HANDLING = F(
    """decision_note investigation_note investigator_id reward_amount
    reward_points violation_type_id"""
)
SUBMISSION = F(
    """accused_employee_id call_ids description evidence_file
    evidence_filename incident_date is_anonymous"""
)

# --- archives (policy §5.2) ------------------------------------------------
ARCHIVE_DRAFT = F("category_id note period_date period_type")
ACCESS_REQUEST = F("archive_ids call_references date_from date_to purpose")

# --- accounts (policy §3.1-§3.2) ------------------------------------------
INCIDENT_REPORT = F("account_id call_id description employee_ids kind")

TABLE = {
    "phone.call": {
        "user": (CALL_FORM, CALL_FORM),
        "officer": (CALL_OFFICER, CALL_OFFICER),
        "manager": (CALL_FORM | {"employee_id"}, CALL_FORM | {"employee_id"}),
    },
    "phone.call.category": {
        "manager": (
            F("active code color company_id description name sequence"),
            F("active code color company_id description name sequence"),
        ),
    },
    "phone.call.callback.wizard": {
        # the call is the one the button was pressed on: set once
        "user": (
            F("callback_datetime note user_id"),
            F("callback_datetime note user_id"),
        ),
        "officer": (F("call_id callback_datetime note user_id"), NOTHING),
        "manager": "officer",
    },
    "phone.call.correction.wizard": {
        # on archived calls only (the value tried is a call not archived)
        "manager": (F("note"), F("note")),
    },
    "phone.call.transfer": {
        # a further transfer of the call, by who is on it: the plain user
        # handled the sample call, not the call tried
        "user": (TRANSFER - {"call_id"}, NOTHING),
        "other_dept": "user",
        # reading a call is not being on it
        "dept_manager": (NOTHING, NOTHING),
        "officer": "dept_manager",
        # HR records a transfer anyone made
        "manager": (
            TRANSFER | {"from_employee_id"},
            TRANSFER | {"from_employee_id"},
        ),
    },
    "phone.call.transfer.wizard": {
        # on a call one is on: the sample call, not the call tried
        "user": (TRANSFER_WIZARD, TRANSFER_WIZARD),
        # the sample call was transferred to them
        "other_dept": (TRANSFER_WIZARD, NOTHING),
        # reading a call is not being on it
        "dept_manager": (NOTHING, NOTHING),
        "officer": "dept_manager",
        # HR passes on any call
        "manager": (TRANSFER_WIZARD | {"call_id"}, NOTHING),
    },
    "phone.message": {
        # taken in one's own name, for anyone, on a call one may read; what
        # was said stays as taken, who called may be completed
        # (on a call one is on: not the call tried)
        "user": (MESSAGE_TAKEN - {"call_id"}, MESSAGE_CALLER),
        "other_dept": (MESSAGE_TAKEN - {"call_id"}, NOTHING),
        "technician": "other_dept",
        # the department's manager and the staff pass the message on to
        # another colleague (the sample was taken on no call: the new
        # recipient reads nothing more)
        "dept_manager": (
            MESSAGE_TAKEN - {"call_id"},
            MESSAGE_CALLER | {"recipient_employee_id"},
        ),
        "officer": "dept_manager",
        # HR takes one on any call
        "manager": (MESSAGE_TAKEN, MESSAGE_CALLER | {"recipient_employee_id"}),
    },
    "phone.coverage": {
        # the department of one's own absence is one's own business; a
        # department manager does not move one out of their department
        "user": (COVERAGE | {"department_id"}, COVERAGE | {"department_id"}),
        # the manager of the department plans anyone's absence in it
        "dept_manager": (
            COVERAGE | {"employee_id", "scope"},
            COVERAGE | {"employee_id", "scope"},
        ),
        "manager": (
            COVERAGE | {"department_id", "employee_id", "scope"},
            COVERAGE | {"department_id", "employee_id", "scope"},
        ),
    },
    "phone.coverage.gap": {},
    "phone.directory": {},
    # --- accounts, passwords and security incidents
    "phone.system": {
        "officer": (
            F(
                """active cdr_encoding cdr_extension_digits cdr_format
                cdr_merge_minutes cdr_profile_id cdr_push_max_kb kind
                live_max_age_minutes name note sequence tz"""
            ),
            F(
                """active cdr_encoding cdr_extension_digits cdr_format
                cdr_merge_minutes cdr_profile_id cdr_push_max_kb kind
                live_max_age_minutes name note sequence tz"""
            ),
        ),
        "manager": "officer",
    },
    "phone.system.numbering": {
        "officer": (
            F(
                """department_id extension_length prefix range_end range_start
                rule sequence system_id"""
            ),
            F(
                """department_id extension_length prefix range_end range_start
                rule sequence system_id"""
            ),
        ),
        "manager": "officer",
    },
    "phone.account": {
        # issued, frozen and closed with the buttons only
        "officer": (
            F("employee_id extension login system_id"),
            F("employee_id extension login system_id"),
        ),
        "manager": "officer",
    },
    "phone.account.password": {},
    "phone.account.password.wizard": {},
    "phone.account.freeze.wizard": {
        # one's own account, opened from its button
        "user": (F("kind mode reason"), F("kind reason")),
        "officer": (F("account_id kind mode reason"), NOTHING),
        "manager": "officer",
    },
    "phone.account.issue.wizard": {
        "officer": (F("account_id incident_id reason"), F("reason")),
        "manager": (F("account_id incident_id reason"), NOTHING),
    },
    "phone.security.incident": {
        # anyone reports one, in their own name; officers handle it
        "user": (INCIDENT_REPORT, NOTHING),
        "other_dept": "user",
        "dept_manager": "user",
        # about a call they may read only (not the sample call)
        "technician": (INCIDENT_REPORT - {"call_id"}, NOTHING),
        "officer": (
            INCIDENT_REPORT | {"resolution", "user_id"},
            INCIDENT_REPORT | {"resolution", "user_id"},
        ),
        "manager": "officer",
        # in their own company (the value tried is the other company)
        "other_company": (F("company_id"), NOTHING),
    },
    # --- provisioning to the phone system: the queue and the credential on
    # its way are provisioning code's only
    "phone.provisioning.job": {},
    "phone.provisioning.credential": {},
    # an officer's bulk wizard: the phone system and the employees, then the
    # lines as it proposed them (sent back by its form), extensions corrected
    "phone.account.bulk.wizard": {
        "officer": (F("employee_ids system_id"), F("employee_ids system_id")),
        "manager": (F("employee_ids system_id"), NOTHING),
    },
    # (a line moves between the officer's own wizards only: each wizard
    # reads the lines of its creator)
    "phone.account.bulk.wizard.line": {
        "officer": (
            F("employee_id extension note wizard_id"),
            F("employee_id extension note wizard_id"),
        ),
        "manager": (F("employee_id extension note wizard_id"), NOTHING),
    },
    # --- policy document
    "phone.policy.version": {
        # published: its text and version are what employees acknowledged
        "manager": (
            F("body effective_date name version"),
            F("effective_date name"),
        ),
    },
    "phone.policy.acknowledgement": {
        "user": (F("version_id"), NOTHING),
    },
    # --- faults
    "phone.fault": {
        "user": (FAULT_REPORT, FAULT_REPORT),
        # on an account they may read only (not the colleague's tried)
        "other_dept": (FAULT_REPORT - {"account_id"}, NOTHING),
        "dept_manager": "other_dept",
        "other_company": (F("company_id"), NOTHING),
        # a ticket for their own team, not moved to another one (out of
        # their hands)
        # (nor on a call or an account they may not read)
        "technician": (
            FAULT_REPORT - {"account_id", "call_id"} | {"team_id"},
            FAULT_STAFF - {"account_id", "call_id"} | {"technician_id"},
        ),
        # (a new ticket goes to the company's first team: the technician
        # tried, of another team, is nobody's to give it)
        "officer": (
            FAULT_STAFF | {"team_id"},
            FAULT_STAFF | {"team_id", "technician_id"},
        ),
        "manager": "officer",
    },
    "phone.fault.stage": {
        "manager": (
            F("description fold name sequence state"),
            F("description fold name sequence state"),
        ),
    },
    "phone.fault.team": {
        "officer": (
            F("active color member_ids name sequence"),
            F("active color member_ids name sequence"),
        ),
        "manager": "officer",
    },
    "phone.maintenance.plan": {
        "officer": (
            F(
                """active description interval_number interval_unit name
                next_date operation system_id team_id technician_id"""
            ),
            F(
                """active description interval_number interval_unit name
                next_date operation system_id team_id technician_id"""
            ),
        ),
        "manager": "officer",
    },
    "phone.fault.report": {},
    # --- supervision and assessment
    "phone.violation.type": {
        "manager": (
            F(
                """active category code default_penalty default_points
                description name policy_clause sequence severity"""
            ),
            F(
                """active category code default_penalty default_points
                description name policy_clause sequence severity"""
            ),
        ),
    },
    "phone.violation": {
        # officers draft the ones not from whistle-blowing reports, in the
        # employee's department (HR's data); HR records another one
        "officer": (
            VIOLATION_DRAFT - {"department_id"},
            VIOLATION_DRAFT - {"department_id"},
        ),
        "manager": (VIOLATION_DRAFT | {"source"}, VIOLATION_DRAFT | {"source"}),
    },
    "phone.commendation": {
        # officers propose the ones from inspections, in the employee's
        # department (HR's data); HR records another one
        "officer": (
            COMMENDATION_DRAFT - {"department_id"},
            COMMENDATION_DRAFT - {"department_id"},
        ),
        "manager": (
            COMMENDATION_DRAFT | {"source"},
            COMMENDATION_DRAFT | {"source"},
        ),
    },
    "phone.inspection.criterion": {
        "manager": (
            F(
                """active call_fact description name sequence
                violation_type_id weight"""
            ),
            F(
                """active call_fact description name sequence
                violation_type_id weight"""
            ),
        ),
    },
    "phone.inspection": {
        # the sample is drawn: its scope and seed stay as drawn
        "officer": (
            F(
                """date_from date_to department_id employee_id note plan_id
                sample_size seed user_id"""
            ),
            F("note plan_id user_id"),
        ),
        "manager": "officer",
    },
    # drawn with the sample, never typed in: the inspector judges
    "phone.inspection.line": {
        "officer": (NOTHING, F("note")),
        "manager": "officer",
    },
    "phone.inspection.check": {
        "officer": (NOTHING, F("result")),
        "manager": "officer",
    },
    "phone.inspection.plan": {
        "officer": (
            F(
                """active department_id interval_number interval_type next_date
                sample_size user_id"""
            ),
            F(
                """active department_id interval_number interval_type next_date
                sample_size user_id"""
            ),
        ),
        "manager": "officer",
    },
    "phone.whistleblow.case": {
        # what was reported stays as filed; the investigator and HR handle it
        # (naming someone else investigator takes the report out of reach)
        "officer": (NOTHING, REPORT_HANDLING - {"investigator_id"}),
        "manager": (REPORT_FILED | REPORT_HANDLING, REPORT_HANDLING),
    },
    "phone.whistleblow.filing": {
        "user": (SUBMISSION, NOTHING),
        # the evidence: calls the reporter may read
        "other_dept": (SUBMISSION - {"call_ids"}, NOTHING),
        "technician": "other_dept",
        "dept_manager": "user",
        "officer": "user",
        "manager": "user",
    },
    "phone.violation.appeal.wizard": {
        "user": (F("statement"), F("statement")),
        "dept_manager": (F("statement"), NOTHING),
        # officers and HR read the draft the value names, the manager does not
        "officer": (F("statement violation_id"), NOTHING),
        "manager": "officer",
    },
    "phone.violation.decision.wizard": {
        # cancel_violation_ids: the drafts cancelled together from the list
        "officer": (
            F("mode reason violation_id cancel_violation_ids"),
            F("mode reason cancel_violation_ids"),
        ),
        "manager": (F("mode reason violation_id cancel_violation_ids"), NOTHING),
    },
    # --- reporting
    "phone.compliance.report": {},
    "phone.compliance.print.wizard": {
        "officer": (
            F("department_ids month year"),
            F("department_ids month year"),
        ),
        "manager": (F("department_ids month year"), NOTHING),
    },
    # --- PBX call-detail records: made by the import, never typed in
    "phone.cdr.import": {},
    "phone.cdr.import.error": {},
    "phone.cdr.profile": {
        "officer": (F("active field_order name"), F("active field_order name")),
        "manager": "officer",
    },
    "phone.cdr.import.wizard": {
        "officer": (
            F("encoding file file_format file_name profile_id system_id"),
            F("encoding file file_format file_name profile_id system_id"),
        ),
        "manager": (
            F("encoding file file_format file_name profile_id system_id"),
            NOTHING,
        ),
    },
    "phone.finding.rule": {
        "manager": (
            F(
                """active auto_draft callback_hours key_points_days kind name
                note number_patterns sequence violation_type_id"""
            ),
            F(
                """active auto_draft callback_hours key_points_days kind name
                note number_patterns sequence violation_type_id"""
            ),
        ),
    },
    # found by the cron, reviewed with the buttons and a note
    "phone.finding": {
        "officer": (NOTHING, F("review_note")),
        "manager": "officer",
    },
    "phone.finding.check": {},
    # --- call records archive
    "phone.archive": {
        "officer": (ARCHIVE_DRAFT, ARCHIVE_DRAFT),
        "manager": "officer",
    },
    "phone.retention.policy": {
        "manager": (
            F("category_id note retention_type retention_years"),
            F("category_id note retention_type retention_years"),
        ),
    },
    "phone.archive.access.request": {
        # a request in one's own name; edited while a draft, then decided
        "user": (ACCESS_REQUEST, ACCESS_REQUEST),
        "other_dept": (ACCESS_REQUEST, NOTHING),
        "dept_manager": "other_dept",
        "technician": "other_dept",
        "officer": "other_dept",
        "manager": "user",
    },
    "phone.archive.access.log": {},
    "phone.archive.verification": {},
    # the monthly report e-mails: written by the cron only
    "phone.compliance.mail": {},
    # --- the addon's fields on other modules' models: their settings are
    # the administrators' (none of these roles); computed ones nobody's
    "res.company": {},
    # the department's phone settings: HR, officers, its manager
    "hr.department": {
        "dept_manager": (
            NOTHING,
            F(
                "phone_closing_script phone_greeting_script phone_leave_cover "
                "phone_message_taker_id"
            ),
        ),
        "officer": "dept_manager",
        "manager": "dept_manager",
    },
    "hr.employee": {},
    "hr.employee.public": {},
    # the appraisal's phone-conduct snapshot: taken by the confirmation only
    "hr.appraisal": {},
    # internal users keep contacts: not their normalised numbers
    "res.partner": {},
}


def allowed_fields(model, role, operation):
    """The fields ``role`` may set on ``model`` in ``operation`` ('create'
    or 'write'), following the references between roles."""
    rights = TABLE[model].get(role)
    index = 0 if operation == "create" else 1
    if rights is None:
        return NOTHING
    if isinstance(rights, str):
        return allowed_fields(model, rights, operation)
    if isinstance(rights[0], str):
        base, create_extra, write_extra = rights
        extra = create_extra if operation == "create" else write_extra
        return allowed_fields(model, base, operation) | extra
    return rights[index]


def _plus(minutes):
    return lambda case, current: fields.Datetime.to_string(
        (current or fields.Datetime.now()) + timedelta(minutes=minutes)
    )


def _a_leave(case, current):
    """The plain user's time off, one per test (leaves may not overlap)."""
    if not getattr(case, "_matrix_leave", None):
        leave_type = case.env["hr.leave.type"].create(
            {"name": "Matrix leave", "requires_allocation": "no"}
        )
        day = fields.Date.today() + timedelta(days=60)
        case._matrix_leave = case.env["hr.leave"].create(
            {
                "holiday_status_id": leave_type.id,
                "employee_id": case.emp_sales.id,
                "request_date_from": day,
                "request_date_to": day,
            }
        )
    return case._matrix_leave.id


# values for the fields where "another record of the company" or "the next
# option" would not be a value anyone could set (model, field): function of
# the test case and the current value
VALUES = {
    # a leave of the plain user's (only Time Off links one)
    ("phone.coverage", "leave_id"): _a_leave,
    ("phone.account", "extension"): lambda case, current: "1099",
    # an employee without an account on the system
    ("phone.account", "employee_id"): lambda case, current: case.emp_dept_manager.id,
    ("phone.account", "login"): lambda case, current: "sip-1099",
    # another account of the company (of an employee without a user)
    ("phone.account.freeze.wizard", "account_id"): (
        lambda case, current: case.account_colleague.id
    ),
    ("phone.account.issue.wizard", "account_id"): (
        lambda case, current: case.account_colleague.id
    ),
    ("phone.account.password.wizard", "account_id"): (
        lambda case, current: case.account_colleague.id
    ),
    # a call of the Sales department the plain user did not handle
    ("phone.call.callback.wizard", "call_id"): lambda case, current: case.other_call.id,
    ("phone.call.transfer.wizard", "call_id"): lambda case, current: case.other_call.id,
    ("phone.call.transfer", "call_id"): lambda case, current: case.other_call.id,
    ("phone.message", "call_id"): lambda case, current: case.other_call.id,
    ("phone.whistleblow.filing", "call_ids"): (
        lambda case, current: [Command.set(case.other_call.ids)]
    ),
    # numbers as they are stored (E.164)
    ("phone.call", "phone"): lambda case, current: "+886223450000",
    ("phone.message", "caller_phone"): lambda case, current: "+886223450000",
    ("phone.system.numbering", "prefix"): lambda case, current: "20",
    ("phone.cdr.profile", "field_order"): (
        lambda case, current: ",".join(reversed((current or "").split(",")))
    ),
    ("phone.finding.rule", "number_patterns"): lambda case, current: "0800*",
    # a category without a retention policy of its own
    ("phone.retention.policy", "category_id"): (
        lambda case, current: (
            case.env.ref("phone_policy.phone_call_category_support").id
        )
    ),
    ("phone.coverage", "cover_employee_id"): lambda case, current: case.emp_sales2.id,
    # a colleague of the same department (a move within the department)
    ("phone.coverage", "employee_id"): lambda case, current: case.emp_sales2.id,
    ("phone.call", "employee_id"): lambda case, current: case.emp_sales2.id,
    ("phone.coverage", "date_from"): _plus(-30),
    ("phone.coverage", "date_to"): _plus(30),
    ("phone.archive.access.request", "date_from"): _plus(-30),
    ("phone.archive.access.request", "date_to"): _plus(30),
    # another draft of the plain user
    ("phone.violation.appeal.wizard", "violation_id"): (
        lambda case, current: case.violation.id
    ),
    ("phone.violation.decision.wizard", "violation_id"): (
        lambda case, current: case.confirmed_violation.id
    ),
    ("phone.fault", "technician_id"): lambda case, current: case.user_tech.id,
    # an officer the incident is not about
    ("phone.security.incident", "user_id"): lambda case, current: case.user_manager.id,
    ("phone.maintenance.plan", "technician_id"): lambda case, current: (
        case.user_tech.id
    ),
    ("phone.fault.team", "member_ids"): (
        lambda case, current: [Command.set(current.ids + case.user_sales2.ids)]
    ),
}
