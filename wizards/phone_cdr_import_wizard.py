# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.phone_cdr_import import FORMATS


class PhoneCdrImportWizard(models.TransientModel):
    _name = "phone.cdr.import.wizard"
    _description = "Import Phone System Records"
    _inherit = ["phone.guard.mixin"]
    _check_company_auto = True

    system_id = fields.Many2one(
        "phone.system", "Phone system", required=True, check_company=True
    )
    company_id = fields.Many2one(related="system_id.company_id")
    file = fields.Binary("Record file", required=True, attachment=True)
    file_name = fields.Char("File name")
    file_format = fields.Selection(
        [fmt for fmt in FORMATS if fmt[0] != "json"],
        "Format",
        compute="_compute_from_system",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    profile_id = fields.Many2one(
        "phone.cdr.profile",
        "3CX field order",
        compute="_compute_from_system",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    encoding = fields.Selection(
        [
            ("utf-8", "UTF-8"),
            ("big5", "Big5 (Traditional Chinese)"),
            ("gb18030", "GB18030 (Simplified Chinese)"),
        ],
        "Text encoding",
        compute="_compute_from_system",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    @api.depends("system_id")
    def _compute_from_system(self):
        for wizard in self:
            system = wizard.system_id
            wizard.file_format = system.cdr_format or "asterisk"
            wizard.profile_id = system.cdr_profile_id
            wizard.encoding = system.cdr_encoding or "utf-8"

    def _open_file(self):
        """The uploaded file as a binary stream, read from the filestore
        rather than decoded into memory when it is stored there."""
        self.ensure_one()
        # the wizard's own file, which its creator may read: no sudo()
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", "file"),
            ],
            limit=1,
        )
        if not attachment:
            raise UserError(_("Choose a file to import."))
        if attachment.store_fname:
            return open(attachment._full_path(attachment.store_fname), "rb"), (
                attachment.file_size
            )
        return io.BytesIO(attachment.raw or b""), attachment.file_size

    def action_import(self):
        self.ensure_one()
        if self.file_format == "3cx" and not self.profile_id:
            raise UserError(_("Choose the 3CX field order of this phone system."))
        stream, size = self._open_file()
        with stream:
            imp = self.env["phone.cdr.import"]._start(
                self.system_id,
                "upload",
                self.file_format,
                file_name=self.file_name or _("Uploaded file"),
                file_size=size,
                encoding=self.encoding,
                profile_id=self.profile_id.id,
            )
            imp._run_stream(stream)
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.cdr.import",
            "res_id": imp.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
