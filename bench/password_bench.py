# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the password lifecycle costs, on a database with phone_policy:

    python3 bench/password_bench.py -d DB --addons-path=ODOO/addons,ADDONS

Issues a password, then changes it with 0, 5 and 12 remembered passwords,
and prints the seconds each step takes (the cost is PBKDF2-SHA512 with
600,000 rounds, as res.users). Everything is rolled back.
"""

import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, Command, api


def _timed(label, func, *args):
    start = time.perf_counter()
    result = func(*args)
    sys.stdout.write("%-52s %6.2f s\n" % (label, time.perf_counter() - start))
    return result


def main(argv):
    odoo.tools.config.parse_config(argv)
    db = odoo.tools.config["db_name"]
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].create({"name": "Bench Co"})
        user = env["res.users"].create(
            {
                "name": "Bench User",
                "login": "phone_bench_user",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
            }
        )
        employee = env["hr.employee"].create(
            {"name": "Bench", "user_id": user.id, "company_id": company.id}
        )
        system = env["phone.system"].create({"name": "Bench", "company_id": company.id})
        account = env["phone.account"].create(
            {
                "system_id": system.id,
                "employee_id": employee.id,
                "extension": "9999",
                "company_id": company.id,
            }
        )
        sys.stdout.write("load average: %.1f %.1f %.1f\n" % os.getloadavg())
        History = env["phone.account.password"]
        _timed("one PBKDF2-SHA512 hash (600,000 rounds)", History._phone_hash, "x")
        current = _timed("issue an initial password", account._phone_issue_password)
        own = account.with_user(user)
        for depth in (0, 5, 12):
            company.phone_password_history = depth
            # fill the history so that every remembered password is compared
            for index in range(depth):
                new = "Bench#Fill-%04d-%d" % (index, depth)
                own._phone_change_password(current, new, new)
                current = new
            new = "Bench#Measured-%d" % depth
            _timed(
                "change the password, %2d passwords remembered" % depth,
                own._phone_change_password,
                current,
                new,
                new,
            )
            current = new
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1:])
