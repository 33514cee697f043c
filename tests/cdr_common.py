# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import os

from odoo.tools import file_path

from .common import PhonePolicyCase

DATA = "phone_policy/tests/data"


def data_path(name):
    return file_path(os.path.join(DATA, name))


def expected():
    with open(data_path("expected.json"), encoding="utf-8") as handle:
        return json.load(handle)


def asterisk_line(
    src="1002",
    dst="0933111222",
    start="2026-11-02 08:40:10",
    answer="2026-11-02 08:40:17",
    end="2026-11-02 08:50:25",
    duration=615,
    billsec=608,
    disposition="ANSWERED",
    uniqueid="t.1",
    clid='"""Test"" <1002>"',
    context="from-internal",
    channel=None,
    dstchannel=None,
):
    """One Master.csv line, quoted the way Asterisk writes it."""
    # Asterisk numbers its channels: records differ by their channels
    channel = channel or f"PJSIP/{src}-{uniqueid}"
    dstchannel = dstchannel or f"PJSIP/{dst}-{uniqueid}"
    fields = [
        '""',
        f'"{src}"',
        f'"{dst}"',
        f'"{context}"',
        clid,
        f'"{channel}"',
        f'"{dstchannel}"',
        '"Dial"',
        f'"PJSIP/{dst},30,tT"',
        f'"{start}"',
        f'"{answer}"',
        f'"{end}"',
        str(duration),
        str(billsec),
        f'"{disposition}"',
        '"DOCUMENTATION"',
        f'"{uniqueid}"',
        '""',
    ]
    return ",".join(fields)


class PhoneCdrCase(PhonePolicyCase):
    """The Taipei company with a phone system whose extensions 1002, 1004,
    2001 and 2002 belong to our test employees, and contacts whose numbers
    are written in various ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.system = env["phone.system"].create(
            {
                "name": "Test PBX",
                "company_id": cls.company.id,
                "tz": "Asia/Taipei",
                "kind": "asterisk",
            }
        )
        cls.accounts = env["phone.account"].create(
            [
                {
                    "system_id": cls.system.id,
                    "company_id": cls.company.id,
                    "employee_id": employee.id,
                    "extension": extension,
                    "state": "active",
                }
                for extension, employee in (
                    ("1002", cls.emp_sales),
                    ("1004", cls.emp_sales2),
                    ("2001", cls.emp_support),
                    ("2002", cls.emp_dept_manager),
                )
            ]
        )
        Partner = env["res.partner"]
        cls.partner_mobile = Partner.create(
            {
                "name": "Ms Liu",
                "country_id": cls.taiwan.id,
                "mobile": "0933-111-222",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_cn = Partner.create(
            {
                "name": "Mr Zhou",
                "country_id": env.ref("base.cn").id,
                "phone": "+86 138 1234 5678",
                "tz": "Asia/Shanghai",
            }
        )
        cls.partner_cn2 = Partner.create(
            {
                "name": "Shanghai Precision",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "0086 139 1234 5678",
                "tz": "Asia/Shanghai",
            }
        )
        cls.partner_taipei = Partner.create(
            {
                "name": "Lee & Partners",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "+886 2 8765 4321",
                "tz": "Asia/Taipei",
            }
        )

    @classmethod
    def _new_system(cls, name="Other PBX", **values):
        values = {
            "name": name,
            "company_id": cls.company.id,
            "tz": "Asia/Taipei",
            **values,
        }
        return cls.env["phone.system"].create(values)

    def _import(self, name, file_format="asterisk", system=None, **values):
        with open(data_path(name), "rb") as stream:
            return self._import_stream(
                stream, file_format, system, file_name=name, **values
            )

    def _import_bytes(self, data, file_format="asterisk", system=None, **values):
        return self._import_stream(io.BytesIO(data), file_format, system, **values)

    def _import_stream(
        self, stream, file_format, system=None, env=None, batch_size=None, **values
    ):
        env = env or self.env
        system = (system or self.system).with_env(env)
        values.setdefault("file_name", "test.csv")
        imp = env["phone.cdr.import"]._start(system, "upload", file_format, **values)
        if batch_size:
            return imp._run_stream(stream, batch_size=batch_size)
        return imp._run_stream(stream)

    def _calls(self, system=None):
        return self.env["phone.call"].search(
            [("system_id", "=", (system or self.system).id)]
        )

    def assertCounts(self, imp, read, created, duplicate, rejected):
        self.assertEqual(
            (
                imp.count_read,
                imp.count_created,
                imp.count_duplicate,
                imp.count_rejected,
            ),
            (read, created, duplicate, rejected),
        )
        self.assertEqual(
            imp.count_read,
            imp.count_created + imp.count_duplicate + imp.count_rejected,
            "rows read = created + duplicates + rejected",
        )
