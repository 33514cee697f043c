# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A record file in another text encoding than its phone system's stops as
a whole, with one message naming the encoding it looks like, instead of
half-importing garbled names."""

import base64
import os
import tempfile

from odoo.tests import tagged

from .common import PhoneCdrCase, asterisk_line, load_zh_tw
from .security.common import PhonePolicyRpcCase

NAMES = {
    "utf-8": ["林志豪", "周经理", "Carol Wu", "陳美玲", "王大明"],
    "big5": ["林志豪", "陳美玲", "黃淑芬", "王大明", "張雅婷"],
    "gb18030": ["周经理", "刘小姐", "陈美玲", "王大明", "张雅婷"],
}
LABELS = {
    "utf-8": "UTF-8",
    "big5": "Big5 (Traditional Chinese)",
    "gb18030": "GB18030 (Simplified Chinese)",
}


def record_file(encoding, prefix=None, count=20):
    """``count`` Master.csv lines whose caller names are in ``encoding``."""
    prefix = prefix or encoding
    names = NAMES[encoding]
    return "\n".join(
        asterisk_line(
            uniqueid=f"{prefix}.{index}",
            clid=f'"""{names[index % len(names)]}"" <1002>"',
            start=f"2026-11-02 08:{index:02d}:10",
            answer=f"2026-11-02 08:{index:02d}:17",
            end=f"2026-11-02 08:{index:02d}:50",
            duration=40,
            billsec=33,
        )
        for index in range(count)
    ).encode(encoding)


class EncodingCase(PhoneCdrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.systems = {
            encoding: cls._new_system(f"{encoding} PBX", cdr_encoding=encoding)
            for encoding in NAMES
        }

    def assertStopped(self, imp, found, expected):
        """Nothing imported, one message naming both encodings."""
        self.assertEqual(imp.state, "failed")
        self.assertCounts(imp, 0, 0, 0, 0)
        self.assertFalse(imp.error_ids)
        self.assertFalse(self._calls(imp.system_id))
        self.assertIn(f"looks like {LABELS[found]} text", imp.message)
        self.assertIn(f"read as {LABELS[expected]}", imp.message)
        self.assertIn(imp.system_id.name, imp.message)


@tagged("post_install", "-at_install")
class TestCdrFileEncoding(EncodingCase):
    def test_utf8_file_on_a_big5_system(self):
        """The case of the issue: UTF-8 bytes of Chinese names are often
        valid Big5, which created calls with garbled names before."""
        imp = self._import_bytes(record_file("utf-8"), system=self.systems["big5"])
        self.assertStopped(imp, "utf-8", "big5")

    def test_big5_file_on_a_utf8_system(self):
        imp = self._import_bytes(record_file("big5"), system=self.systems["utf-8"])
        self.assertStopped(imp, "big5", "utf-8")

    def test_gb18030_file_on_utf8_and_big5_systems(self):
        """GB18030 text mostly reads as Big5 too (and the reverse): the
        share of frequently used characters tells them apart."""
        data = record_file("gb18030")
        imp = self._import_bytes(data, system=self.systems["utf-8"])
        self.assertStopped(imp, "gb18030", "utf-8")
        imp = self._import_bytes(data, system=self.systems["big5"])
        self.assertStopped(imp, "gb18030", "big5")
        imp = self._import_bytes(record_file("big5"), system=self.systems["gb18030"])
        self.assertStopped(imp, "big5", "gb18030")

    def test_each_file_in_its_own_encoding_arrives(self):
        for encoding, system in self.systems.items():
            imp = self._import_bytes(record_file(encoding), system=system)
            self.assertEqual(imp.state, "done")
            self.assertCounts(imp, 20, 20, 0, 0)
            names = {
                clid.split('"')[1] for clid in self._calls(system).mapped("cdr_clid")
            }
            self.assertEqual(names, set(NAMES[encoding]))

    def test_the_wizard_encoding_decides_for_an_upload(self):
        """Choosing the file's encoding when uploading imports it."""
        imp = self._import_bytes(
            record_file("big5"), system=self.systems["utf-8"], encoding="big5"
        )
        self.assertCounts(imp, 20, 20, 0, 0)

    def test_a_few_broken_lines_are_rejected_one_by_one(self):
        """A file clearly in its system's encoding keeps the rule of every
        row: a line in another encoding is rejected, the others arrive."""
        for encoding, stray in (("utf-8", "big5"), ("big5", "utf-8")):
            data = b"\n".join(
                [
                    record_file(encoding, prefix=f"good-{encoding}"),
                    record_file(stray, prefix=f"stray-{encoding}", count=1),
                ]
            )
            imp = self._import_bytes(data, system=self.systems[encoding])
            self.assertEqual(imp.state, "done")
            self.assertCounts(imp, 21, 20, 0, 1)
            self.assertEqual(imp.error_ids.line_number, 21)
            self.assertEqual(imp.error_ids.code, "encoding")

    def test_pick_up_directory_moves_the_file_to_failed(self):
        system = self.systems["big5"]
        with tempfile.TemporaryDirectory() as directory:
            system.cdr_directory = directory
            with open(os.path.join(directory, "Master.csv"), "wb") as target:
                target.write(record_file("utf-8"))
            Import = self.env["phone.cdr.import"]
            Import._cron_import_directories(settle_seconds=0, commit=False)
            imp = Import.search([("system_id", "=", system.id)])
            self.assertStopped(imp, "utf-8", "big5")
            self.assertEqual(
                os.listdir(os.path.join(directory, "failed")), ["Master.csv"]
            )


@tagged("post_install", "-at_install")
class TestCdrFileEncodingOverHttp(PhonePolicyRpcCase, EncodingCase):
    """An Officer uploads the file as the web client does, in Traditional
    Chinese: one translated message, nothing imported."""

    def test_officer_uploads_a_utf8_file_to_a_big5_system(self):
        load_zh_tw(self.env)
        system = self.systems["big5"]
        context = {"lang": "zh_TW"}
        created = self.rpc(
            "pp_officer",
            "phone.cdr.import.wizard",
            "create",
            [
                {
                    "system_id": system.id,
                    "file": base64.b64encode(record_file("utf-8")).decode(),
                    "file_name": "Master.csv",
                }
            ],
            context=context,
        )
        self.assertTrue(created.ok, created)
        action = self.rpc(
            "pp_officer",
            "phone.cdr.import.wizard",
            "action_import",
            created.value,
            context=context,
        )
        self.assertTrue(action.ok, action)
        imp_id = action.value["res_id"]
        read = self.rpc(
            "pp_officer",
            "phone.cdr.import",
            "read",
            [imp_id],
            ["state", "message", "count_read", "count_created"],
            context=context,
        )
        self.assertTrue(read.ok, read)
        values = read.value[0]
        self.assertEqual(values["state"], "failed")
        self.assertEqual((values["count_read"], values["count_created"]), (0, 0))
        self.assertIn("UTF-8", values["message"])
        self.assertIn("Big5（繁體中文）", values["message"])
        self.assertIn("未匯入任何通話", values["message"])
        self.assertFalse(self._calls(system))
