# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The whole addon's access matrix: every model of the registry × every role
× read, write, create, unlink, against the table below. An unexpected allow
fails, and so does an unexpected deny; a model of the addon without a row
fails too, and so does a row of no model.

Each model has a *sample* record belonging to the plain user's world (their
own call, their own account, ...), the values to *create* one like it and the
values to *write* on it. Letters: r read, w write, c create, u unlink.

This is the one CRUD matrix of the addon. What it cannot say, because it
depends on the data (who reads which call, ticket or violation, a
technician's team, an approved window on the archive), is tested next to
each area with the helpers of ``tests/common.py`` (``assertRights``,
``assertReaders``); which field each role may set is the field matrix of
``tests/security/test_field_matrix.py``."""

import base64
import io
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from ..models.phone_guard import phone_workflow
from .common import PhonePolicyCase, asterisk_line

ROLES = (
    "user",
    "other_dept",
    "dept_manager",
    "officer",
    "manager",
    "other_company",
    "portal",
)

# model: {role: rights}; the sample of each model is described by SAMPLES
EXPECTED = {
    # the plain user's own ordinary call
    "phone.call": {
        "user": "rwc-",
        "other_dept": "----",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's call reported live by the phone system (their
    # extension rang): they log it; nobody creates one by hand (create:
    # the values a forged live call would have)
    "phone.call:live": {
        "user": "rw--",
        "other_dept": "----",
        "dept_manager": "r---",
        "officer": "rw-u",
        "manager": "rw-u",
        "other_company": "----",
        "portal": "----",
    },
    # a shared business category
    "phone.call.category": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "r---",
        "portal": "----",
    },
    # the company's phone system and its numbering plan
    "phone.system": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    "phone.system.numbering": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's own phone account
    "phone.account": {
        "user": "r---",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwc-",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the published policy of the company (published: withdrawn, never deleted)
    "phone.policy.version": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwc-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's acknowledgement (create: acknowledging for them);
    # nobody acknowledges for someone else, nobody rewrites or deletes one
    "phone.policy.acknowledgement": {
        "user": "r-c-",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # a call-back wizard the plain user opened on their own call: only who
    # may change the call opens one; transient records belong to their creator
    "phone.call.callback.wizard": {
        "user": "rwcu",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "--c-",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's own planned absence from the phone
    "phone.coverage": {
        "user": "rwcu",
        "other_dept": "----",
        "dept_manager": "rwcu",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a message an officer took for the plain user (create: taking one for a
    # colleague, in one's own name)
    "phone.message": {
        "user": "rwc-",
        "other_dept": "--c-",
        "dept_manager": "rwc-",
        "officer": "rwc-",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user transferred their own call to a support colleague
    # (create: recording a further transfer of that call, for who is on it:
    # the user and the colleague it was transferred to; reading the call, as
    # the department's manager and officers do, is not enough)
    "phone.call.transfer": {
        "user": "r-c-",
        "other_dept": "r-c-",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's row in the directory (a read-only view)
    "phone.directory": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # a transfer wizard the plain user opened on their own call (create: for
    # who is on the call)
    "phone.call.transfer.wizard": {
        "user": "rwcu",
        "other_dept": "--c-",
        "dept_manager": "----",
        "officer": "----",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the coverage-gap view a department manager opened (gaps are computed,
    # never typed in)
    "phone.coverage.gap": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "r--u",
        "officer": "----",
        "manager": "----",
        "other_company": "----",
        "portal": "----",
    },
    # --- supervision and assessment (policy §6) ---
    # a violation type of the company
    "phone.violation.type": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a draft violation of the plain user (drafts stay with officers and HR)
    "phone.violation": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a draft commendation of the plain user
    "phone.commendation": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # an inspection criterion of the company
    "phone.inspection.criterion": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # an inspection of the Sales department, its sampled call, a checklist item
    "phone.inspection": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    "phone.inspection.line": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "r---",
        "officer": "rw-u",
        "manager": "rw-u",
        "other_company": "----",
        "portal": "----",
    },
    "phone.inspection.check": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "r---",
        "officer": "rw-u",
        "manager": "rw-u",
        "other_company": "----",
        "portal": "----",
    },
    # the inspection plan of the Sales department
    "phone.inspection.plan": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a report about the Support employee, investigated by the officer: the
    # accused (other_dept) never reaches it; reports are never deleted
    "phone.whistleblow.case": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rw--",
        "manager": "rwc-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's own filing: only they read it, nobody changes it
    "phone.whistleblow.filing": {
        "user": "r-c-",
        "other_dept": "--c-",
        "dept_manager": "--c-",
        "officer": "--c-",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's appeal wizard on their confirmed violation
    "phone.violation.appeal.wizard": {
        "user": "rwcu",
        "other_dept": "----",
        "dept_manager": "--c-",
        "officer": "--c-",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # an officer's decision wizard (cancel a draft violation)
    "phone.violation.decision.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's own fault ticket (technicians: tests/test_phone_fault_access.py)
    "phone.fault": {
        "user": "rwc-",
        "other_dept": "--c-",
        "dept_manager": "--c-",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a fault stage (stages are shared by all companies)
    "phone.fault.stage": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "r---",
        "portal": "----",
    },
    # the company's team of technicians
    "phone.fault.team": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a maintenance plan of the company's phone system
    "phone.maintenance.plan": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the faults analysis row of the plain user's ticket (a database view)
    "phone.fault.report": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # the compliance analysis row of the plain user's fault (a database view)
    "phone.compliance.report": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # a monthly report wizard an officer opened
    "phone.compliance.print.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the monthly report e-mailed to the Sales manager: officers see what
    # went to whom; only the cron writes them
    "phone.compliance.mail": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # --- PBX call-detail records (policy §5.1, §6.1) ---
    # an import of the company's phone system, its rejected row
    "phone.cdr.import": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r--u",
        "other_company": "----",
        "portal": "----",
    },
    "phone.cdr.import.error": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r--u",
        "other_company": "----",
        "portal": "----",
    },
    # a 3CX field order of the company
    "phone.cdr.profile": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a finding rule of the company, a finding on the plain user's PBX call,
    # the record that the call was evaluated
    "phone.finding.rule": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    "phone.finding": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rw--",
        "manager": "rw-u",
        "other_company": "----",
        "portal": "----",
    },
    "phone.finding.check": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # an upload wizard an officer opened
    "phone.cdr.import.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # --- accounts, passwords and security incidents (policy §3.1-§3.2) ---
    # a hash in the plain user's password history: nobody, through the ORM
    "phone.account.password": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "----",
        "other_company": "----",
        "portal": "----",
    },
    # an anomaly the plain user reported on their own account (create:
    # anyone reports one)
    "phone.security.incident": {
        "user": "r-c-",
        "other_dept": "--c-",
        "dept_manager": "--c-",
        "officer": "rwc-",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the provisioning job of the plain user's account: officers follow the
    # queue, only provisioning code (superuser) writes it
    "phone.provisioning.job": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # the digest of a new password waiting for delivery: nobody, through
    # the ORM
    "phone.provisioning.credential": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "----",
        "other_company": "----",
        "portal": "----",
    },
    # an officer's bulk account wizard, and one of its lines
    "phone.account.bulk.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    "phone.account.bulk.wizard.line": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's "report a leak" wizard on their own account (officers
    # open one on any account to freeze it)
    "phone.account.freeze.wizard": {
        "user": "rwcu",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "--c-",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # an officer's issue wizard for the plain user's account
    "phone.account.issue.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "rwcu",
        "manager": "--c-",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's "change my phone password" wizard (nothing of it is
    # written by hand once opened: the passwords go through its inverse)
    "phone.account.password.wizard": {
        "user": "r-cu",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "----",
        "other_company": "----",
        "portal": "----",
    },
    # --- call records archive (policy §5.2) ---
    # a draft archive (the catalogue of archives is public to the company)
    "phone.archive": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "rwcu",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    "phone.retention.policy": {
        "user": "r---",
        "other_dept": "r---",
        "dept_manager": "r---",
        "officer": "r---",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # the plain user's draft request to read an archive: theirs to manage,
    # officers read all requests, managers decide; anyone may make their own
    "phone.archive.access.request": {
        "user": "rwcu",
        "other_dept": "--c-",
        "dept_manager": "--c-",
        "officer": "r-c-",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
    # a read of archived calls logged for the plain user: written by the
    # system only
    "phone.archive.access.log": {
        "user": "r---",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # an integrity check: written by the system only (no forged certificate)
    "phone.archive.verification": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "r---",
        "manager": "r---",
        "other_company": "----",
        "portal": "----",
    },
    # a Manager's correction wizard on an archived call: archived calls are
    # readable only by Managers and approved requests (policy §5.2.3)
    "phone.call.correction.wizard": {
        "user": "----",
        "other_dept": "----",
        "dept_manager": "----",
        "officer": "----",
        "manager": "rwcu",
        "other_company": "----",
        "portal": "----",
    },
}


# roles that matter for some models only: {role: {model: rights}}
EXPECTED_MORE = {
    # an officer of another company: none of the company's PBX records
    # (policy §3.2; officers' own rules are wide, the company rule holds)
    "other_company_officer": {
        "phone.cdr.import": "----",
        "phone.cdr.import.error": "----",
        "phone.cdr.profile": "----",
        "phone.finding": "----",
        "phone.finding.rule": "----",
        "phone.finding.check": "----",
    },
    # the administrator (Settings): a manager's rights on phone systems and
    # accounts, and no more: the password hashes are nobody's
    "admin": {
        "phone.system": "rwcu",
        "phone.system.numbering": "rwcu",
        "phone.account": "rwcu",
        "phone.account.password": "----",
        "phone.security.incident": "rwcu",
    },
}


def _sample_call(case):
    return case._call(case.user_sales)


def _computed_gap(case):
    """A gap as the department manager's "Coverage gaps" computes it."""
    with phone_workflow():
        gap = (
            case.env["phone.coverage.gap"]
            .with_user(case.user_dept_manager)
            .create({"department_id": case.dept_sales.id})
        )
    return gap.sudo()


SAMPLES = {
    # model: (make sample, values to create one like it, values to write)
    "phone.call": (
        _sample_call,
        lambda case: {
            "company_id": case.company.id,
            "employee_id": case.emp_sales.id,
            "partner_id": case.partner_tw.id,
            "subject": "Matrix",
        },
        {"subject": "changed"},
    ),
    "phone.call:live": (
        lambda case: case.live_call,
        lambda case: {
            "company_id": case.company.id,
            "employee_id": case.emp_sales.id,
            "partner_id": case.partner_tw.id,
            "direction": "inbound",
            "source": "live",
            "live_call_key": "matrix.forged",
        },
        {"key_points": "changed"},
    ),
    "phone.call.category": (
        lambda case: case.category,
        lambda case: {"name": "Matrix category"},
        {"description": "changed"},
    ),
    "phone.system": (
        lambda case: case.spare_system,
        lambda case: {"name": "Matrix PBX", "company_id": case.company.id},
        {"note": "<p>changed</p>"},
    ),
    "phone.system.numbering": (
        lambda case: case.system.numbering_ids[:1],
        lambda case: {
            "system_id": case.system.id,
            "department_id": case.dept_support.id,
            "prefix": "20",
        },
        {"extension_length": 4},
    ),
    "phone.account": (
        lambda case: case.account,
        lambda case: {
            "system_id": case.system.id,
            "employee_id": case.emp_sales2.id,
            "extension": "1077",
            "company_id": case.company.id,
        },
        {"login": "changed"},
    ),
    "phone.policy.version": (
        lambda case: case.policy,
        lambda case: {"version": "matrix", "company_id": case.company.id},
        {"name": "changed"},
    ),
    "phone.policy.acknowledgement": (
        lambda case: case.acknowledgement,
        lambda case: {"version_id": case.policy.id, "employee_id": case.emp_sales.id},
        {"date": "2026-01-02 00:00:00"},
    ),
    "phone.coverage": (
        lambda case: case.coverage,
        lambda case: {
            "company_id": case.company.id,
            "employee_id": case.emp_sales.id,
            "date_from": case.soon + timedelta(days=1),
            "date_to": case.soon + timedelta(days=1, hours=1),
            "cover_type": "voicemail",
            "kind": "meeting",
        },
        {"note": "changed"},
    ),
    "phone.message": (
        lambda case: case.message,
        lambda case: {
            "company_id": case.company.id,
            "recipient_employee_id": case.emp_sales2.id,
            "caller_name": "Ms Liu",
            "body": "Please call back.",
        },
        # what the caller said is kept as taken; who they are may be completed
        {"caller_company": "changed"},
    ),
    "phone.call.transfer": (
        lambda case: case.transfer,
        lambda case: {
            "call_id": case.sample_call.id,
            "to_employee_id": case.emp_support.id,
            "reason": "Technical question",
        },
        {"reason": "changed"},
    ),
    "phone.directory": (
        lambda case: case.env["phone.directory"].search(
            [("employee_id", "=", case.emp_sales.id)]
        ),
        lambda case: {"name": "Someone"},
        {"name": "changed"},
    ),
    "phone.call.transfer.wizard": (
        lambda case: (
            case.env["phone.call.transfer.wizard"]
            .with_user(case.user_sales)
            .create(
                {"call_id": case.sample_call.id, "to_employee_id": case.emp_support.id}
            )
            .sudo()
        ),
        lambda case: {
            "call_id": case.sample_call.id,
            "to_employee_id": case.emp_support.id,
        },
        {"reason": "changed"},
    ),
    "phone.coverage.gap": (
        lambda case: _computed_gap(case),
        lambda case: {"department_id": case.dept_sales.id},
        {"date_from": "2026-01-01 00:00:00"},
    ),
    "phone.violation.type": (
        lambda case: case.violation_type,
        lambda case: {"name": "New type", "company_id": case.company.id},
        {"default_points": 3},
    ),
    "phone.violation": (
        lambda case: case.violation,
        lambda case: {
            "company_id": case.company.id,
            "employee_id": case.emp_sales.id,
            "type_id": case.violation_type.id,
            "source": "inspection",
        },
        {"evidence": "Seen"},
    ),
    "phone.commendation": (
        lambda case: case.commendation,
        lambda case: {
            "company_id": case.company.id,
            "employee_id": case.emp_sales.id,
            "reason": "Good call",
            "source": "inspection",
        },
        {"points": 4},
    ),
    "phone.inspection.criterion": (
        lambda case: case.criterion,
        lambda case: {"name": "New", "company_id": case.company.id},
        {"weight": 3},
    ),
    "phone.inspection": (
        lambda case: case.inspection,
        lambda case: {
            "company_id": case.company.id,
            "department_id": case.dept_sales.id,
            "date_from": "2026-10-01",
            "date_to": "2026-10-31",
        },
        # the sample is drawn: its size stays as drawn
        {"note": "<p>Checked</p>"},
    ),
    "phone.inspection.line": (
        lambda case: case.inspection.line_ids[:1],
        lambda case: {
            "inspection_id": case.inspection.id,
            "call_id": case.other_call.id,
        },
        {"note": "Friendly"},
    ),
    "phone.inspection.check": (
        lambda case: case.inspection.line_ids[:1].check_ids[:1],
        lambda case: {
            "line_id": case.inspection.line_ids[:1].id,
            "criterion_id": case.criterion.id,
        },
        {"result": "fail"},
    ),
    "phone.inspection.plan": (
        lambda case: case.inspection_plan,
        lambda case: {
            "company_id": case.company.id,
            "department_id": case.dept_support.id,
        },
        {"sample_size": 4},
    ),
    "phone.whistleblow.case": (
        lambda case: case.report,
        lambda case: {
            "company_id": case.company.id,
            "accused_employee_id": case.emp_sales2.id,
            "description": "Told by phone to HR",
        },
        {"investigation_note": "<p>Heard both</p>"},
    ),
    "phone.whistleblow.filing": (
        lambda case: case.submission,
        lambda case: {
            "company_id": case.company.id,
            "accused_employee_id": case.emp_sales2.id,
            "description": "Personal calls",
        },
        {"description": "Changed"},
    ),
    "phone.violation.appeal.wizard": (
        lambda case: (
            case.env["phone.violation.appeal.wizard"]
            .with_user(case.user_sales)
            .create(
                {"violation_id": case.confirmed_violation.id, "statement": "Not me"}
            )
            .sudo()
        ),
        lambda case: {
            "violation_id": case.confirmed_violation.id,
            "statement": "Not me",
        },
        {"statement": "changed"},
    ),
    "phone.violation.decision.wizard": (
        lambda case: (
            case.env["phone.violation.decision.wizard"]
            .with_user(case.user_officer)
            .create({"violation_id": case.violation.id, "reason": "Duplicate"})
            .sudo()
        ),
        lambda case: {"violation_id": case.violation.id, "reason": "Duplicate"},
        {"reason": "changed"},
    ),
    "phone.fault": (
        lambda case: case.fault,
        lambda case: {"symptom": "Matrix fault", "company_id": case.company.id},
        {"symptom": "changed"},
    ),
    "phone.fault.stage": (
        lambda case: case.fault_stage,
        lambda case: {"name": "Matrix stage", "state": "progress"},
        {"name": "changed"},
    ),
    "phone.fault.team": (
        lambda case: case.fault_team,
        lambda case: {"name": "Matrix team", "company_id": case.company.id},
        {"name": "changed"},
    ),
    "phone.maintenance.plan": (
        lambda case: case.maintenance_plan,
        lambda case: {
            "name": "Matrix upgrade",
            "system_id": case.system.id,
            "company_id": case.company.id,
        },
        {"interval_number": 2},
    ),
    "phone.fault.report": (
        lambda case: case.env["phone.fault.report"].browse(case.fault.id),
        lambda case: {"name": "Matrix"},
        {"name": "changed"},
    ),
    "phone.compliance.report": (
        lambda case: case.env["phone.compliance.report"].browse(case.fault.id * 8 + 2),
        lambda case: {"record_type": "call"},
        {"record_type": "fault"},
    ),
    "phone.compliance.print.wizard": (
        lambda case: (
            case.env["phone.compliance.print.wizard"]
            .with_user(case.user_officer)
            .create({"company_id": case.company.id, "month": "3", "year": 2026})
            .sudo()
        ),
        lambda case: {"company_id": case.company.id, "month": "3", "year": 2026},
        {"month": "4"},
    ),
    "phone.compliance.mail": (
        lambda case: case.compliance_mail,
        lambda case: {
            "company_id": case.company.id,
            "department_id": case.dept_support.id,
            "month": "2026-03-01",
        },
        {"month": "2026-04-01"},
    ),
    "phone.cdr.import": (
        lambda case: case.cdr_import,
        lambda case: {
            "system_id": case.system.id,
            "origin": "upload",
            "file_format": "asterisk",
            "name": "manual",
            "state": "done",
        },
        {"message": "checked"},
    ),
    "phone.cdr.import.error": (
        lambda case: case.cdr_import.error_ids[:1],
        lambda case: {
            "import_id": case.cdr_import.id,
            "company_id": case.company.id,
            "line_number": 9,
            "reason": "x",
        },
        {"reason": "changed"},
    ),
    "phone.cdr.profile": (
        lambda case: case.cdr_profile,
        lambda case: {"name": "new", "company_id": case.company.id},
        {"name": "renamed"},
    ),
    "phone.finding.rule": (
        lambda case: case.spare_finding_rule,
        lambda case: {
            "name": "new",
            "kind": "long_call",
            "company_id": case.company.id,
        },
        {"sequence": 99},
    ),
    "phone.finding": (
        lambda case: case.finding,
        lambda case: {
            "rule_id": case.spare_finding_rule.id,
            "call_id": case.pbx_call.id,
            "company_id": case.company.id,
            "date": case.pbx_call.date_start,
        },
        {"review_note": "seen"},
    ),
    "phone.finding.check": (
        lambda case: case.finding_check,
        lambda case: {"call_id": case.other_call.id, "state": "done"},
        {"state": "waiting"},
    ),
    "phone.cdr.import.wizard": (
        lambda case: (
            case.env["phone.cdr.import.wizard"]
            .with_user(case.user_officer)
            .create({"system_id": case.system.id, "file": case.cdr_file})
            .sudo()
        ),
        lambda case: {"system_id": case.system.id, "file": case.cdr_file},
        {"file_name": "changed.csv"},
    ),
    "phone.account.password": (
        lambda case: case.password_hash,
        lambda case: {
            "account_id": case.account.id,
            "kind": "change",
            "password_hash": "$pbkdf2-sha512$600000$forged",
        },
        {"kind": "change"},
    ),
    "phone.security.incident": (
        lambda case: case.incident,
        lambda case: {
            "kind": "fraud",
            "description": "Fake bank call.",
            "company_id": case.company.id,
        },
        {"description": "Edited"},
    ),
    "phone.provisioning.job": (
        lambda case: case.provisioning_job,
        lambda case: {
            "system_id": case.system.id,
            "company_id": case.company.id,
            "target": "kamailio",
            "reason": "update",
            "enabled": True,
            "login": "1001",
            "realm": "matrix.test",
        },
        {"last_error": "forged"},
    ),
    "phone.provisioning.credential": (
        lambda case: case.provisioning_credential,
        lambda case: {
            "job_id": case.provisioning_job.id,
            "ha1": "0" * 32,
            "ha1b": "0" * 32,
        },
        {"ha1": "f" * 32},
    ),
    "phone.account.bulk.wizard": (
        lambda case: case.bulk_wizard,
        lambda case: {"system_id": case.system.id},
        {"employee_ids": [(6, 0, [])]},
    ),
    "phone.account.bulk.wizard.line": (
        lambda case: case.bulk_wizard.line_ids[:1],
        lambda case: {
            "wizard_id": case.bulk_wizard.id,
            "employee_id": case.emp_sales2.id,
        },
        {"extension": "1088"},
    ),
    "phone.account.freeze.wizard": (
        lambda case: (
            case.env["phone.account.freeze.wizard"]
            .with_user(case.user_sales)
            .create({"account_id": case.account.id, "reason": "Someone saw it"})
            .sudo()
        ),
        lambda case: {"account_id": case.account.id, "reason": "Someone saw it"},
        {"reason": "changed"},
    ),
    "phone.account.issue.wizard": (
        lambda case: (
            case.env["phone.account.issue.wizard"]
            .with_user(case.user_officer)
            .create({"account_id": case.account.id})
            .sudo()
        ),
        lambda case: {"account_id": case.account.id},
        {"reason": "changed"},
    ),
    "phone.account.password.wizard": (
        lambda case: (
            case.env["phone.account.password.wizard"]
            .with_user(case.user_sales)
            .create({"account_id": case.account.id})
            .sudo()
        ),
        lambda case: {"account_id": case.account.id},
        {"done": True},
    ),
    "phone.archive": (
        lambda case: case.draft_archive,
        lambda case: {"company_id": case.company.id, "category_id": case.category.id},
        {"note": "Paper copies in room 3"},
    ),
    "phone.retention.policy": (
        lambda case: case.retention_policy,
        lambda case: {"company_id": case.company.id, "category_id": case.category.id},
        {"retention_years": 7},
    ),
    "phone.archive.access.request": (
        lambda case: case.access_request,
        lambda case: {
            "company_id": case.company.id,
            "archive_ids": [Command.set(case.filed_archive.ids)],
            "purpose": "Audit",
        },
        {"purpose": "Dispute with the customer"},
    ),
    "phone.archive.access.log": (
        lambda case: case.access_log,
        lambda case: {
            "request_id": case.access_request.id,
            "user_id": case.user_support.id,
        },
        {"call_references": "forged"},
    ),
    "phone.archive.verification": (
        lambda case: case.verification,
        lambda case: {
            "name": "Forged",
            "company_id": case.company.id,
            "check_date": "2026-01-01 00:00:00",
            "state": "intact",
        },
        {"state": "intact"},
    ),
    "phone.call.correction.wizard": (
        lambda case: (
            case.env["phone.call.correction.wizard"]
            .with_user(case.user_manager)
            .create({"call_id": case.archived_call.id, "note": "The price was 120."})
            .sudo()
        ),
        lambda case: {"call_id": case.archived_call.id, "note": "The price was 120."},
        {"note": "changed"},
    ),
    "phone.call.callback.wizard": (
        lambda case: (
            case.env["phone.call.callback.wizard"]
            .with_user(case.user_sales)
            .create({"call_id": case.sample_call.id})
            .sudo()
        ),
        lambda case: {"call_id": case.sample_call.id},
        {"note": "<p>changed</p>"},
    ),
}


class AccessMatrixSamples:
    """The sample records of the matrix, for a test case of
    ``PhonePolicyCase`` (this matrix, and the field x role matrix over RPC
    in ``tests/security``)."""

    @classmethod
    def _setup_samples(cls):
        env = cls.env
        cls.category = env["phone.call.category"].create(
            {"name": "Matrix", "code": "MTX"}
        )
        cls.system = env["phone.system"].create(
            {
                "name": "Matrix PBX HQ",
                "company_id": cls.company.id,
                "numbering_ids": [
                    Command.create({"department_id": cls.dept_sales.id, "prefix": "10"})
                ],
            }
        )
        # a system without accounts, so that deleting it is a matter of rights
        cls.spare_system = env["phone.system"].create(
            {"name": "Matrix spare PBX", "company_id": cls.company.id}
        )
        cls.account = env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": cls.emp_sales.id,
                "extension": "1001",
                "company_id": cls.company.id,
            }
        )
        cls.policy = env["phone.policy.version"].create(
            {"version": "M1", "company_id": cls.company.id, "body": "<p>Rules.</p>"}
        )
        cls.policy.action_publish()
        cls.acknowledgement = env["phone.policy.acknowledgement"].create(
            {"version_id": cls.policy.id, "employee_id": cls.emp_sales.id}
        )
        cls.sample_call = _sample_call(cls)
        cls.live_call = cls._call(
            cls.user_sales,
            direction="inbound",
            system_id=cls.system.id,
            source="live",
            live_call_key="matrix.1",
            live_state="answered",
        )
        cls.soon = fields.Datetime.now().replace(
            minute=0, second=0, microsecond=0
        ) + timedelta(days=7)
        cls.coverage = env["phone.coverage"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "date_from": cls.soon,
                "date_to": cls.soon + timedelta(hours=1),
                "cover_type": "voicemail",
                "kind": "meeting",
            }
        )
        cls.message = (
            env["phone.message"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "recipient_employee_id": cls.emp_sales.id,
                    "caller_name": "Mr Huang",
                    "body": "Please call back about the invoice.",
                }
            )
            .sudo()
        )
        cls.fault_stage = env["phone.fault.stage"].create(
            {"name": "Matrix parts ordered", "state": "waiting"}
        )
        cls.fault_team = env["phone.fault.team"].create(
            {"name": "Matrix technicians", "company_id": cls.company.id}
        )
        cls.fault = env["phone.fault"].create(
            {
                "symptom": "Matrix: no dial tone",
                "company_id": cls.company.id,
                "reporter_id": cls.user_sales.id,
                "team_id": cls.fault_team.id,
            }
        )
        cls.maintenance_plan = env["phone.maintenance.plan"].create(
            {
                "name": "Matrix check",
                "system_id": cls.system.id,
                "company_id": cls.company.id,
            }
        )
        # accounts: a hash of the plain user's history, their own report
        cls.password_hash = env["phone.account.password"].create(
            {
                "account_id": cls.account.id,
                "kind": "initial",
                "password_hash": "$pbkdf2-sha512$600000$matrix",
            }
        )
        cls.incident = (
            env["phone.security.incident"]
            .with_user(cls.user_sales)
            .create(
                {
                    "kind": "account_anomaly",
                    "account_id": cls.account.id,
                    "description": "A call I did not make.",
                }
            )
            .sudo()
        )
        # the plain user's account on its way to the phone system (a job and
        # the credential it carries) and an officer's bulk wizard
        with phone_workflow():
            cls.provisioning_job = env["phone.provisioning.job"].create(
                {
                    "account_id": cls.account.id,
                    "system_id": cls.system.id,
                    "company_id": cls.company.id,
                    "target": "kamailio",
                    "reason": "issue",
                    "enabled": True,
                    "has_credential": True,
                    "login": "1001",
                    "realm": "matrix.test",
                }
            )
        cls.provisioning_credential = env["phone.provisioning.credential"].create(
            {"job_id": cls.provisioning_job.id, "ha1": "a" * 32, "ha1b": "b" * 32}
        )
        bulk_wizard = (
            env["phone.account.bulk.wizard"]
            .with_user(cls.user_officer)
            .with_context(active_model="hr.employee", active_ids=cls.emp_sales2.ids)
            .create({"system_id": cls.system.id})
        )
        bulk_wizard.env.flush_all()  # its lines are the officer's too
        cls.bulk_wizard = bulk_wizard.sudo()
        # PBX records: an import with one good and one rejected row
        lines = [
            asterisk_line(src="1001", uniqueid="m.1"),
            asterisk_line(src="1001", uniqueid="m.2", duration=-1),
        ]
        cls.cdr_file = base64.b64encode("\n".join(lines).encode())
        cls.cdr_import = env["phone.cdr.import"]._start(
            cls.system, "upload", "asterisk"
        )
        cls.cdr_import._run_stream(io.BytesIO("\n".join(lines).encode()))
        cls.pbx_call = env["phone.call"].search([("cdr_key", "=", "m.1")])
        cls.compliance_mail = env["phone.compliance.mail"].create(
            {
                "company_id": cls.company.id,
                "department_id": cls.dept_sales.id,
                "month": date(2026, 3, 1),
                "manager_id": cls.emp_dept_manager.id,
                "partner_id": cls.user_dept_manager.partner_id.id,
            }
        )
        cls.cdr_profile = env["phone.cdr.profile"].create(
            {"name": "3CX HQ", "company_id": cls.company.id}
        )
        cls.finding_rule = env["phone.finding.rule"].create(
            {
                "name": "Long calls, HQ",
                "kind": "long_call",
                "company_id": cls.company.id,
            }
        )
        # a rule no finding refers to, so that deleting it is a matter of rights
        cls.spare_finding_rule = env["phone.finding.rule"].create(
            {
                "name": "Quiet hours, HQ",
                "kind": "quiet_hours",
                "company_id": cls.company.id,
            }
        )
        cls.finding = env["phone.finding"].create(
            {
                "rule_id": cls.finding_rule.id,
                "call_id": cls.pbx_call.id,
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "date": cls.pbx_call.date_start,
                "description": "Long.",
            }
        )
        cls.finding_check = env["phone.finding.check"].create(
            {"call_id": cls.pbx_call.id, "state": "done"}
        )
        # call records archive: March's Sales calls filed by the officer
        cls.archived_call = cls._call(
            cls.user_sales,
            date_start=datetime(2026, 3, 2, 2, 0),
            category_id=cls.category_sales.id,
            key_points="Price agreed.",
        )
        cls.filed_archive = (
            env["phone.archive"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "period_type": "month",
                    "period_date": date(2026, 3, 1),
                    "category_id": cls.category_sales.id,
                }
            )
        )
        cls.filed_archive.action_file()
        cls.filed_archive = cls.filed_archive.sudo()
        cls.draft_archive = env["phone.archive"].create(
            {
                "company_id": cls.company.id,
                "category_id": env.ref("phone_policy.phone_call_category_support").id,
            }
        )
        cls.retention_policy = env["phone.retention.policy"].create(
            {"company_id": cls.company.id, "category_id": cls.category_sales.id}
        )
        cls.access_request = (
            env["phone.archive.access.request"]
            .with_user(cls.user_sales)
            .create(
                {
                    "company_id": cls.company.id,
                    "archive_ids": [Command.set(cls.filed_archive.ids)],
                    "purpose": "Dispute",
                }
            )
            .sudo()
        )
        cls.access_log = env["phone.archive.access.log"].create(
            {"request_id": cls.access_request.id, "user_id": cls.user_sales.id}
        )
        cls.verification = env["phone.archive.verification"]._run(cls.company)
        # supervision and assessment
        cls.violation_type = env["phone.violation.type"].create(
            {"name": "Taipei only", "code": "TPE", "company_id": cls.company.id}
        )
        late = env.ref("phone_policy.violation_type_late_answer")
        violation_vals = {
            "company_id": cls.company.id,
            "employee_id": cls.emp_sales.id,
            "type_id": late.id,
            "source": "inspection",
        }
        cls.violation = env["phone.violation"].create(violation_vals)
        cls.confirmed_violation = env["phone.violation"].create(violation_vals)
        cls.confirmed_violation.with_user(cls.user_manager).action_confirm()
        cls.commendation = env["phone.commendation"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "reason": "Exemplary call",
                "source": "inspection",
            }
        )
        cls.inspection = env["phone.inspection"].create(
            {
                "company_id": cls.company.id,
                "department_id": cls.dept_sales.id,
                "user_id": cls.user_officer.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "sample_size": 1,
                "seed": 7,
            }
        )
        cls.inspection.action_draw_sample()
        # created after the sample was drawn: outside it, unused by it
        cls.other_call = cls._call(cls.user_sales2)
        cls.criterion = env["phone.inspection.criterion"].create(
            {"name": "Taipei only", "company_id": cls.company.id}
        )
        cls.inspection_plan = env["phone.inspection.plan"].create(
            {"company_id": cls.company.id, "department_id": cls.dept_sales.id}
        )
        cls.report = env["phone.whistleblow.case"].create(
            {
                "company_id": cls.company.id,
                "accused_employee_id": cls.emp_support.id,
                "description": "Shouted at a customer",
                "investigator_id": cls.user_officer.id,
            }
        )
        cls.submission = (
            env["phone.whistleblow.filing"]
            .with_user(cls.user_sales)
            .create(
                {
                    "company_id": cls.company.id,
                    "accused_employee_id": cls.emp_support.id,
                    "description": "Shouted at a customer",
                }
            )
            .sudo()
        )
        cls.transfer = env["phone.call.transfer"].create(
            {
                "call_id": cls.sample_call.id,
                "from_employee_id": cls.emp_sales.id,
                "to_employee_id": cls.emp_support.id,
                "reason": "Technical question",
            }
        )


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixSamples, PhonePolicyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_samples()
        admin = cls.env.ref("base.user_admin")
        admin.company_ids += cls.company
        cls.more_roles = {
            "other_company_officer": new_test_user(
                cls.env,
                "pp_other_officer",
                groups="base.group_user,phone_policy.group_phone_officer",
                company_id=cls.other_company.id,
                company_ids=[Command.set(cls.other_company.ids)],
            ),
            "admin": admin,
        }

    def _addon_models(self):
        """Every model the addon defines (its abstract mixins aside), from
        the registry."""
        return {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "phone_policy" and not model._abstract
        }

    def test_every_wizard_is_kept_to_its_creator(self):
        """Odoo 18 no longer keeps transient records to their creator: every
        wizard of the addon needs a record rule saying so (a wizard may hold
        a password shown once, an appeal statement, an uploaded file...)."""
        transient = sorted(m for m in self._addon_models() if self.env[m]._transient)
        self.assertTrue(transient)
        rules = self.env["ir.rule"].sudo().search([("model_id.model", "in", transient)])
        covered = {
            rule.model_id.model
            for rule in rules
            if "create_uid" in rule.domain_force and "user.id" in rule.domain_force
        }
        self.assertEqual(set(transient) - covered, set(), "wizards open to other users")

    def _rights_of(self, model, user):
        make, create_vals, write_vals = SAMPLES[model]
        letters = ""
        for letter, operation in (
            ("r", lambda: make(self).with_user(user).read(["display_name"])),
            (
                "w",
                lambda: (
                    make(self)
                    .with_user(user)
                    .write(
                        write_vals(self) if callable(write_vals) else dict(write_vals)
                    )
                ),
            ),
            (
                "c",
                lambda: (
                    self.env[model.split(":")[0]]
                    .with_user(user)
                    .create(create_vals(self))
                ),
            ),
            ("u", lambda: make(self).with_user(user).unlink()),
        ):
            if model == "phone.policy.acknowledgement" and letter == "c":
                # one acknowledgement per employee: make room for the new one
                operation = self._create_acknowledgement_again(user)
            label = f"{model} {letter} as {user.login}"
            letters += letter if self._allowed(operation, label) else "-"
        return letters

    def _create_acknowledgement_again(self, user):
        def operation():
            self.acknowledgement.sudo().unlink()
            self.env["phone.policy.acknowledgement"].with_user(user).create(
                {"version_id": self.policy.id, "employee_id": self.emp_sales.id}
            )

        return operation

    def test_matrix(self):
        """Every model of the registry against its row, every role."""
        models = self._addon_models()
        # a row "model:variant" is one more kind of the model's records
        row_models = {row.split(":")[0] for row in EXPECTED}
        mismatches = [
            f"{model:32} has no row in the table"
            for model in sorted(models - row_models)
        ] + [
            f"{model:32} has a row but is no model of the addon"
            for model in sorted(row_models - models)
        ]
        self.assertEqual(set(SAMPLES), set(EXPECTED), "a sample for every row")
        cells = [
            (model, role, self.roles[role], expected[role])
            for model, expected in sorted(EXPECTED.items())
            if model.split(":")[0] in models and model in SAMPLES
            for role in ROLES
        ] + [
            (model, role, self.more_roles[role], rights)
            for role, rows in EXPECTED_MORE.items()
            for model, rights in rows.items()
            if model.split(":")[0] in models
        ]
        for model, role, user, expected in cells:
            actual = self._rights_of(model, user)
            if actual != expected:
                mismatches.append(
                    f"{model:32} {role:22} expected {expected} got {actual}"
                )
        self.assertFalse(
            mismatches, "access differs from the table:\n" + "\n".join(mismatches)
        )
