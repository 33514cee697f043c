# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The e-mails of the policy's workflows, written with the company's mail
templates (data/mail_template_data.xml) in each recipient's language: the
penalty notice, the fault reporter's "repair done, please confirm", the
whistle-blower's status updates."""

from odoo import SUPERUSER_ID, api, models


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    def action_confirm(self):
        result = super().action_confirm()
        self._phone_send_notice()
        return result

    def _phone_send_notice(self):
        """The penalty notice, PDF attached, to the employee: logged on the
        violation, which only its readers see."""
        template = self.env.ref(
            "phone_policy.mail_template_violation_notice", raise_if_not_found=False
        )
        # not while the addon installs (its demo violations): nobody to tell
        if not template or not self.env.registry.ready:
            return
        for violation in self.filtered("user_id"):
            violation.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_note"
            )


class PhoneFault(models.Model):
    _inherit = "phone.fault"

    def _on_stage_change(self, old_states):
        result = super()._on_stage_change(old_states)
        template = self.env.ref(
            "phone_policy.mail_template_fault_resolved", raise_if_not_found=False
        )
        resolved = self.filtered(
            lambda f: (
                f.state == "resolved"
                and old_states[f] != "resolved"
                and f.kind == "corrective"
                and f.reporter_id
                and f.reporter_id != self.env.user
            )
        )
        if template and self.env.registry.ready:
            for fault in resolved:
                fault.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_note"
                )
        return result


class PhoneWhistleblowFiling(models.Model):
    _inherit = "phone.whistleblow.filing"

    def _phone_mail_status(self, status):
        """Tell the reporters where their reports stand: ``status`` is
        received, investigating or closed. The mail is made from the
        reporter's own filing, out of every chatter of the report."""
        template = self.env.ref(
            f"phone_policy.mail_template_whistleblow_{status}", raise_if_not_found=False
        )
        if not template or not self.env.registry.ready:
            return
        # as the superuser, not sudo(): the mail's author may read it, and
        # whoever moved the report on must not learn whom it went to; the
        # mail names only the report and its status
        template = template.with_user(SUPERUSER_ID)
        for filing in self:
            template.send_mail(
                filing.id, email_layout_xmlid="mail.mail_notification_light"
            )
        # the status was read for the mail: read it afresh after the step
        self.invalidate_recordset(["name", "state", "reward_points"])

    @api.model_create_multi
    def create(self, vals_list):
        filings = super().create(vals_list)
        filings._phone_mail_status("received")
        return filings


class PhoneWhistleblowCase(models.Model):
    _inherit = "phone.whistleblow.case"

    def action_start_investigation(self):
        result = super().action_start_investigation()
        self._phone_mail_reporters("investigating")
        return result

    def action_substantiate(self):
        result = super().action_substantiate()
        self._phone_mail_reporters("closed")
        return result

    def action_unsubstantiate(self):
        result = super().action_unsubstantiate()
        self._phone_mail_reporters("closed")
        return result

    def _phone_mail_reporters(self, status):
        for case in self:
            # sudo: the reporter's filing is sealed (see _phone_filing)
            case.sudo()._phone_filing()._phone_mail_status(status)
