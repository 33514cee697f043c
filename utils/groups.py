# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The addon's groups (security/phone_policy_security.xml), each implying the
one before. Who is in one in a company: ``res.users._phone_group_users``."""

USER_GROUP = "phone_policy.group_phone_user"
OFFICER_GROUP = "phone_policy.group_phone_officer"
MANAGER_GROUP = "phone_policy.group_phone_manager"
