# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .phone_guard import phone_workflow
from .phone_whistleblow_case import CASE_STATES


class PhoneWhistleblowFiling(models.Model):
    """What a reporter files and follows (policy §6.1.2): readable by the
    reporter alone. It creates the investigators' ``phone.whistleblow.case`` and only
    shows the reporter how it stands, never the investigation."""

    _name = "phone.whistleblow.filing"
    _description = "My Whistle-blowing Report"
    _inherit = ["phone.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # evidence is linked only by who may read it
    _phone_reach_fields = {"call_ids": "read"}

    def _default_employee(self):
        return self.env.user.employee_id

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        "Reporter",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        "Reporter (employee)",
        readonly=True,
        default=_default_employee,
        check_company=True,
    )
    accused_employee_id = fields.Many2one(
        "hr.employee", "Who", required=True, check_company=True
    )
    incident_date = fields.Datetime("When")
    description = fields.Text("What happened", required=True)
    evidence_file = fields.Binary("Evidence", attachment=True)
    evidence_filename = fields.Char(
        string="Evidence filename",
    )
    call_ids = fields.Many2many(
        "phone.call",
        "phone_whistleblow_filing_call_rel",
        "filing_id",
        "call_id",
        "Calls",
        check_company=True,
    )
    is_anonymous = fields.Boolean(
        "Report anonymously",
        help="Investigators will not know who you are. Only a Phone Policy "
        "manager can find out, and that is recorded on the report.",
    )
    case_id = fields.Many2one(
        "phone.whistleblow.case", "Report", readonly=True, index=True
    )
    name = fields.Char("Reference", compute="_compute_status")
    state = fields.Selection(CASE_STATES, "Status", compute="_compute_status")
    reward_points = fields.Integer("Reward points", compute="_compute_status")

    @api.depends("case_id")
    def _compute_status(self):
        for filing in self:
            # sudo: the reporter sees where their report stands, nothing more
            case = filing.case_id.sudo()
            filing.name = case.name
            filing.state = case.state
            filing.reward_points = case.reward_points if case.reward_granted else 0

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        # the reporter files for themselves only: reporter and report are
        # set by the application (see phone.guard.mixin)
        if not self.env.user.employee_id:
            raise UserError(_("Only employees can file a report."))
        filings = super().create(vals_list)
        for filing in filings:
            # the evidence calls must be calls the reporter may read
            filing.call_ids.check_access("read")
            # sudo: reporters cannot write their filing; the link is set once
            filing.sudo().case_id = filing._phone_file_case()
        return filings

    def action_submit(self):
        """The form's Submit button: the web client saves (files) the report
        first; this confirms it to the reporter with its reference."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": True,
                "title": _("Report filed"),
                "message": _(
                    "Your report %(reference)s was filed. Follow its status "
                    "in My reports; keep the reference.",
                    reference=self.name,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _phone_file_case(self):
        """Create the investigators' report as the superuser, so that its
        author, its creation message and its followers are not the
        reporter."""
        self.ensure_one()
        Case = (
            self.env["phone.whistleblow.case"]
            .with_user(SUPERUSER_ID)
            .with_company(self.company_id)
            .with_context(mail_create_nosubscribe=True, mail_create_nolog=True)
        )
        # quiet: the note below says the report came in; no creation line
        with phone_workflow(quiet=True):
            case = Case.create(
                {
                    "company_id": self.company_id.id,
                    "accused_employee_id": self.accused_employee_id.id,
                    "incident_date": self.incident_date,
                    "description": self.description,
                    "evidence_file": self.evidence_file,
                    "evidence_filename": self.evidence_filename,
                    "call_ids": [fields.Command.set(self.call_ids.ids)],
                    "is_anonymous": self.is_anonymous,
                    "reporter_id": False if self.is_anonymous else self.employee_id.id,
                }
            )
        # nobody is subscribed: a follower list would show who is missing
        # from it; Managers find new reports in Compliance > Reports received
        case.message_post(
            body=_(
                "Report received about %(employee)s.",
                employee=self.accused_employee_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return case.id
