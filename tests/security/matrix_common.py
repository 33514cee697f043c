# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sample records of the access matrix (``tests/test_access_matrix.py``)
reached over JSON-RPC by every role, for the generated suites of this
package."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tools import html2plaintext

from ...models.phone_guard import phone_workflow
from ..test_access_matrix import SAMPLES, AccessMatrixSamples
from .common import PhonePolicyRpcCase
from .field_table import VALUES


def addon_models(env):
    """{model: [names of the stored fields to try]}: every model the addon
    defines and every field it adds to other modules' models, from the
    registry (one2many fields are tried on their child model)."""
    data = env["ir.model.data"].search(
        [
            ("module", "=", "phone_policy"),
            ("model", "in", ("ir.model", "ir.model.fields")),
        ]
    )
    own_models = set(
        env["ir.model"]
        .browse(data.filtered(lambda d: d.model == "ir.model").mapped("res_id"))
        .mapped("model")
    )
    own_fields = env["ir.model.fields"].browse(
        data.filtered(lambda d: d.model == "ir.model.fields").mapped("res_id")
    )
    wanted = {}
    for name in own_models:
        if env[name]._original_module == "phone_policy":
            wanted[name] = set(env[name]._fields)
    for field in own_fields:
        wanted.setdefault(field.model, set()).add(field.name)
    result = {}
    for name, names in wanted.items():
        model = env[name]
        if model._abstract:
            continue
        tried = sorted(
            fname
            for fname in names
            if fname in model._fields
            and model._fields[fname].store
            and not model._fields[fname].automatic
            and model._fields[fname].type != "one2many"
        )
        if tried:
            result[name] = tried
    return result


# (value to send, what the record then holds) of the kinds whose value does
# not depend on the current one
FIXED_VALUES = {
    "text": ("Set by the field matrix.", "Set by the field matrix."),
    "html": ("<p>Set by the field matrix.</p>", "Set by the field matrix."),
    "json": ({"matrix": 1}, {"matrix": 1}),
}

# samples of the other modules' models the addon adds fields to
OTHER_SAMPLES = {
    "res.company": (lambda case: case.company, lambda case: {"name": "Matrix Co"}),
    "hr.department": (
        lambda case: case.dept_sales,
        lambda case: {"name": "Matrix department", "company_id": case.company.id},
    ),
    "hr.employee": (
        lambda case: case.emp_sales,
        lambda case: {"name": "Matrix employee", "company_id": case.company.id},
    ),
    "hr.employee.public": (
        lambda case: case.env["hr.employee.public"].browse(case.emp_sales.id),
        lambda case: {"name": "Matrix employee"},
    ),
    "res.partner": (
        lambda case: case.partner_tw,
        lambda case: {"name": "Matrix contact", "phone": "02 2345 6000"},
    ),
    "res.users": (
        lambda case: case.user_sales,
        lambda case: {"name": "Matrix user", "login": "matrix.user"},
    ),
    "hr.appraisal": (
        lambda case: (
            case.env["hr.appraisal"].search(
                [("employee_id", "=", case.emp_sales.id)], limit=1
            )
            or case.env["hr.appraisal"].create(
                {"employee_id": case.emp_sales.id, "date_close": "2026-12-31"}
            )
        ),
        lambda case: {"employee_id": case.emp_sales.id, "date_close": "2026-12-31"},
    ),
}


class MatrixRpcCase(AccessMatrixSamples, PhonePolicyRpcCase):
    """The matrix's samples, a technician, and helpers to read records back
    and undo what an attempt did."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_samples()
        env = cls.env
        # a technician: a user on the fault team of the sample ticket
        cls.user_tech, cls.emp_tech = cls._make_employee_user(
            "pp_tech", cls.dept_support
        )
        cls.fault_team.member_ids = cls.user_tech
        # the account of an employee with no user: nobody's of the roles
        cls.emp_no_user = env["hr.employee"].create(
            {
                "name": "Matrix receptionist",
                "company_id": cls.company.id,
                "department_id": cls.dept_support.id,
            }
        )
        cls.account_colleague = env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": cls.emp_no_user.id,
                "extension": "2002",
                "company_id": cls.company.id,
            }
        )
        cls.policy_next = env["phone.policy.version"].create(
            {"version": "M2", "company_id": cls.company.id, "body": "<p>More.</p>"}
        )
        cls.policy_next.action_publish()
        # a second record of the models that samples point at, to point
        # them elsewhere
        cls.fault_team_next = env["phone.fault.team"].create(
            {"name": "Matrix second team", "company_id": cls.company.id}
        )
        cls.fault_next = env["phone.fault"].create(
            {
                "symptom": "Matrix: echo",
                "company_id": cls.company.id,
                "team_id": cls.fault_team.id,
            }
        )
        cls.inspection_next = env["phone.inspection"].create(
            {
                "company_id": cls.company.id,
                "department_id": cls.dept_sales.id,
                "user_id": cls.user_officer.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "sample_size": 1,
                "seed": 8,
            }
        )
        cls.inspection_next.action_draw_sample()
        cls.cdr_import_next = env["phone.cdr.import"]._start(
            cls.system, "upload", "asterisk"
        )
        cls.access_request_next = env["phone.archive.access.request"].create(
            {
                "company_id": cls.company.id,
                "archive_ids": [Command.set(cls.filed_archive.ids)],
                "purpose": "Audit",
            }
        )
        # another job of the queue, and another bulk wizard of the officer
        with phone_workflow():
            cls.provisioning_job_next = env["phone.provisioning.job"].create(
                {
                    "account_id": cls.account_colleague.id,
                    "system_id": cls.system.id,
                    "company_id": cls.company.id,
                    "target": "kamailio",
                    "reason": "close",
                    "enabled": False,
                    "login": "2002",
                    "realm": "matrix.test",
                }
            )
        cls.bulk_wizard_next = (
            env["phone.account.bulk.wizard"]
            .with_user(cls.user_officer)
            .create({"system_id": cls.system.id})
            .sudo()
        )
        cls.job = env["hr.job"].create(
            {"name": "Matrix receptionist", "company_id": cls.company.id}
        )

    def _sample(self, model):
        make, create_vals = (SAMPLES.get(model) or OTHER_SAMPLES[model])[:2]
        return make(self).sudo(), create_vals(self)

    def _normal(self, field, value):
        """A value as read from a record, in a form to compare."""
        if field.type == "many2one":
            return value.id or False
        if field.type == "many2many":
            return frozenset(value.ids)
        if field.type == "datetime":
            return fields.Datetime.to_string(value) if value else False
        if field.type == "date":
            return fields.Date.to_string(value) if value else False
        if field.type in ("float", "monetary"):
            return round(value or 0.0, 2)
        if field.type == "html":
            return html2plaintext(value or "").strip() or False
        if field.type == "binary":
            return base64.b64decode(value) if value else False
        return value or False

    def _pool(self, comodel, exclude):
        """Records of ``comodel`` of the test company to choose from."""
        Model = self.env[comodel].sudo()
        if comodel == "res.company":
            candidates = self.company | self.other_company
        elif comodel == "res.users":
            candidates = Model.search(
                [("share", "=", False), ("company_ids", "in", self.company.ids)],
                order="id",
            )
        elif comodel == "res.currency":
            candidates = Model.with_context(active_test=False).search(
                [("name", "in", ("TWD", "USD", "EUR"))], order="name"
            )
        elif "company_id" in Model._fields and Model._fields["company_id"].store:
            candidates = Model.search(
                [("company_id", "in", [self.company.id, False])], order="id"
            )
        else:
            candidates = Model.search([], order="id", limit=20)
        return candidates.filtered(lambda r: r.id not in exclude)

    def _other_value(self, model, field, current):
        """(value to send, what the record must then hold) different from
        ``current`` (a value as the record holds it), or None."""
        override = VALUES.get((model, field.name))
        if override:
            value = override(self, current)
            if field.type == "many2many":
                return value, frozenset(value[0][2] if value[0][0] == 6 else [])
            return value, value
        kind = field.type
        if kind == "boolean":
            return (not current), (not current)
        if kind == "char":
            value = "Matrix" if current != "Matrix" else "Matrix 2"
            return value, value
        if kind in FIXED_VALUES:
            return FIXED_VALUES[kind]
        if kind == "integer":
            return (current or 0) + 1, (current or 0) + 1
        if kind in ("float", "monetary"):
            return (current or 0.0) + 1.5, round((current or 0.0) + 1.5, 2)
        if kind == "date":
            day = (current or fields.Date.today()) + timedelta(days=1)
            return fields.Date.to_string(day), fields.Date.to_string(day)
        if kind == "datetime":
            moment = (current or fields.Datetime.now()) + timedelta(minutes=60)
            moment = fields.Datetime.to_string(moment)
            return moment, moment
        if kind == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            others = [key for key in options if key != current]
            return (others[0], others[0]) if others else None
        if kind == "many2one":
            others = self._pool(field.comodel_name, {current.id})
            return (others[0].id, others[0].id) if others else None
        if kind == "many2many":
            others = self._pool(field.comodel_name, set(current.ids))
            if not others:
                return None
            ids = current.ids + others[:1].ids
            return [Command.set(ids)], frozenset(ids)
        if kind == "binary":
            return base64.b64encode(b"matrix file").decode(), b"matrix file"
        raise AssertionError(f"no value for a {kind} field ({model}.{field.name})")

    def _all_rights(self, model, user=None):
        """``model`` in the environment of ``user`` (default: the plain
        user; their company, their employee as defaults) with every right:
        what the superuser can do for them."""
        user = user or self.user_sales
        return self.env[model].with_user(user).with_company(user.company_id).sudo()

    def _savepoint(self):
        self.env.flush_all()
        return self.env.cr.savepoint(flush=False)

    def _rollback(self, savepoint):
        """Undo an attempt, including what it left to compute or write."""
        savepoint.close(rollback=True)
        self.env.transaction.clear()
        self.env.invalidate_all(flush=False)
