# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os

import polib

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

LANGS = ("zh_TW", "zh_CN")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Most users read Chinese first: every term of the addon is translated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.i18n = os.path.join(get_module_path("phone_policy"), "i18n")
        reader = TranslationModuleReader(cls.env.cr, modules=["phone_policy"])
        cls.terms = {row[4] for row in reader if row[0] == "phone_policy"}

    def _po(self, name):
        return polib.pofile(os.path.join(self.i18n, name))

    def test_template_lists_every_term(self):
        pot = {entry.msgid for entry in self._po("phone_policy.pot")}
        missing = sorted(self.terms - pot)
        self.assertFalse(
            missing, f"{len(missing)} terms missing from the .pot: {missing[:10]}"
        )

    def test_every_term_translated(self):
        self.assertGreater(len(self.terms), 200)
        for lang in LANGS:
            po = self._po(f"{lang}.po")
            translated = {
                e.msgid
                for e in po
                if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
            }
            missing = sorted(self.terms - translated)
            self.assertFalse(
                missing,
                f"{lang}: {len(missing)} terms untranslated, e.g. {missing[:10]}",
            )

    def test_placeholders_kept(self):
        for lang in LANGS:
            for entry in self._po(f"{lang}.po"):
                for placeholder in ("%(", "%s", "{company}", "{department}"):
                    self.assertEqual(
                        entry.msgid.count(placeholder),
                        entry.msgstr.count(placeholder),
                        f"{lang}: placeholders differ in {entry.msgid!r}",
                    )

    def test_users_get_chinese_labels_and_errors(self):
        for lang, label, error in (
            ("zh_TW", "方向", "不可為負數"),
            ("zh_CN", "方向", "不可为负数"),
        ):
            self.env["res.lang"]._activate_lang(lang)
            module = self.env["ir.module.module"].search(
                [("name", "=", "phone_policy")]
            )
            module._update_translations(filter_lang=[lang])
            field = self.env["ir.model.fields"]._get("phone.call", "direction")
            self.assertEqual(field.with_context(lang=lang).field_description, label)
            Call = self.env["phone.call"].with_context(lang=lang)
            with self.assertRaises(ValidationError) as caught:
                Call.create({"direction": "outbound", "duration": -1})
            self.assertIn(error, str(caught.exception))
