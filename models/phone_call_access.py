# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reaches a call, beyond its record rules.

- Passing a call on (policy §2.1.3). A transfer of a call, or a message
  taken on it, lets its recipient read the call (record rule
  ``phone_call_rule_user_transfer_read``): only the people on the call hand
  it over, never someone who merely may read it.
- Reading an archived call (policy §5.2.3): every path to an archived
  call's content is logged or refused. ``read`` logs
  (``phone.call._read_format``); the other ways in are logged here:
  searching on what the calls say, grouping them (list, pivot, kanban and
  search panel counts), ``onchange`` on an archived call, its chatter, its
  files (``ir.attachment``, ``ir.binary``) and printing it
  (``ir.actions.report``). Exporting archived content is refused to all but
  Phone Policy managers, also through another model's export. Managers read
  archives by right and are not logged.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from ..utils.groups import MANAGER_GROUP


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # searching on these finds calls without telling what they hold
    _PHONE_INDEX_FIELDS = frozenset(
        {"id", "name", "company_id", "archive_id", "archive_access_granted"}
    )
    # exporting these exports no content
    _PHONE_EXPORT_FREE = frozenset({"id", ".id", "display_name", "name"})

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if self._phone_domain_reads_content(domain) and self._phone_reads_logged():
            # a search on what archived calls say reads them
            self._phone_log_archived_matching(domain)
        return query

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        result = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        if self._phone_reads_logged():
            # groups show the values of the calls in them
            self._phone_log_archived_matching(domain)
        return result

    def onchange(self, values, field_names, fields_spec):
        self._phone_log_archive_read()
        return super().onchange(values, field_names, fields_spec)

    def _thread_to_store(self, store, /, *, fields=None, request_list=None):
        # the chatter of a call: its notes, files and history
        self._phone_log_archive_read()
        return super()._thread_to_store(store, fields=fields, request_list=request_list)

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # who may not read the calls hears the access error, not that they
        # are archived (SECURITY.md, class 5)
        self._check_access_before_guard("read")
        if (
            not self.env.su
            and any(path and path[0] not in self._PHONE_EXPORT_FREE for path in fields)
            and not self.env.user.has_group(MANAGER_GROUP)
            and self._archived_calls()
        ):
            raise AccessError(
                _("Only Phone Policy managers may export archived call records.")
            )
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _phone_on_call(self, user):
        """True when ``user`` took the call (handled it, or logged it without
        an employee), is the colleague on its other end, or got it through a
        transfer."""
        self.ensure_one()
        # read as the user, who may read the call (see _phone_check_handover)
        # and reads the transfers made to them
        return (
            user == self.user_id
            or user == self.counterpart_employee_id.user_id
            or (not self.employee_id and user == self.create_uid)
            or user in self.transfer_ids.to_user_id
        )

    def _phone_check_handover(self):
        """Refuse unless the current user may read these calls and is on
        each of them; Phone Policy managers record transfers for anyone. The
        same answer for a call one may not read and one one is not on."""
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            self.check_access("read")
            return
        # who may not read a call is not asked whether they are on it
        if not self.has_access("read") or not all(
            call._phone_on_call(user) for call in self
        ):
            raise AccessError(
                _(
                    "Only the people on a call pass it on: the colleague who "
                    "took it or got it through a transfer."
                )
            )

    def _phone_log_archive_read(self):
        """Log these calls as read by the current user: those archived and
        read under an access request (see ``_log_archive_access``)."""
        if self and not self.env.su:
            self._log_archive_access()
        return self

    @api.model
    def _phone_reads_logged(self):
        """Whether the current user's reads of archived calls are logged: a
        user other than a Manager holding an open access request (only they
        may read archived calls and are not Managers)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return False
        return bool(
            self.env["phone.archive.access.request"]._open_grants(self.env.user)
        )

    @api.model
    def _phone_domain_reads_content(self, domain):
        for leaf in domain or ():
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3:
                fname = str(leaf[0]).split(".", 1)[0]
                if fname not in self._PHONE_INDEX_FIELDS:
                    return True
        return False

    @api.model
    def _phone_log_archived_matching(self, domain):
        """Log the archived calls ``domain`` finds for the current user."""
        archived = expression.AND([domain or [], [("archive_id", "!=", False)]])
        return self.browse(super()._search(archived))._phone_log_archive_read()
