# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every PDF of the addon, rendered in Traditional Chinese through
wkhtmltopdf on the demo data, keeps none of its template's own English.

The English is not a dictionary: it is the list of translatable terms of
each report's templates (the template and the addon's templates it calls),
taken from the views themselves, with their zh_TW translation. A term whose
translation is the English itself (a brand, a code) is not English to
remove. A legal document (the penalty notice, the access approval) must be
entirely in its language; so must the others."""

import logging
import re
import subprocess

from lxml import etree

from odoo.tests import tagged

from .common import PhonePolicyPdfCase, load_zh_tw

_figures = logging.getLogger("phone_policy.figures")

# a page's text starts within this distance of the paper's top edge (the
# paper format keeps 12 mm; the company default kept 40 mm for a header
# our layout does not use, a blank band on every page)
TOP_MM = 20
POINTS_PER_MM = 72 / 25.4

# "t-call" of the addon's own templates
CALL = re.compile(r"""t-call=["'](phone_policy\.[\w.]+)["']""")


def _first_text_top_mm(pdf):
    """Distance from the top edge of page 1 to its first word, in mm."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    tops = [float(y) for y in re.findall(rb'<word [^>]*yMin="([\d.]+)"', html)]
    return min(tops) / POINTS_PER_MM


def _plain(term):
    """A term as it reads in the PDF: no tags, one space between words."""
    text = etree.fromstring(f"<div>{term}</div>").xpath("string()")
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestPdfZhTw(PhonePolicyPdfCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_zh_tw(cls.env, overwrite=True)
        # the documents in the company's language, read by a Taiwanese office
        cls.env.company.partner_id.lang = "zh_TW"
        cls.env.user.lang = "zh_TW"

    def _templates(self, xmlid, seen):
        """The view of ``xmlid`` and of the addon's templates it calls."""
        if xmlid in seen:
            return
        view = self.env.ref(xmlid)
        seen[xmlid] = view
        for called in CALL.findall(view.with_context(lang="en_US").arch_db):
            self._templates(called, seen)

    def _english_terms(self, views):
        """{English text: zh_TW text} of the templates' terms that have a
        translation of their own."""
        field = self.env["ir.ui.view"]._fields["arch_db"]
        terms = {}
        for view in views:
            english = view.with_context(lang="en_US").arch_db
            chinese = view.with_context(lang="zh_TW").arch_db
            pairs = field.get_translation_dictionary(english, {"zh_TW": chinese})
            for term, translations in pairs.items():
                source, target = _plain(term), _plain(translations["zh_TW"])
                if re.search(r"[A-Za-z]{2}", source) and source != target:
                    terms[source] = target
        return terms

    def _records(self, report):
        """What to print: the first demo record, or a monthly report of
        the last complete month."""
        Model = self.env[report.model]
        if report.model == "phone.compliance.print.wizard":
            return Model.create({})
        records = Model.search([], limit=1)
        self.assertTrue(records, f"no demo record to print {report.name}")
        return records

    def test_every_pdf_in_traditional_chinese(self):
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "qweb-pdf")]
        )
        reports = reports.filtered(
            lambda r: r.get_external_id()[r.id].startswith("phone_policy.")
        )
        self.assertGreaterEqual(len(reports), 8)
        # the print button of a user working in Chinese
        self.env = self.env(context=dict(self.env.context, lang="zh_TW"))
        left = []
        banded = []
        checked = 0
        for report in reports:
            seen = {}
            self._templates(report.report_name, seen)
            terms = self._english_terms(seen.values())
            self.assertTrue(terms, f"{report.report_name} has no term to check")
            records = self._records(report)
            pdf, text = self.render_pdf(report.report_name, records)
            top = _first_text_top_mm(pdf)
            if top > TOP_MM:
                banded.append(f"{report.report_name}: text begins {top:.0f} mm down")
            flat = " ".join(text.split())
            for english in terms:
                checked += 1
                if re.search(rf"(?<![A-Za-z]){re.escape(english)}(?![A-Za-z])", flat):
                    left.append(f"{report.report_name}: {english!r}")
        _figures.info(
            "zh_TW PDFs: %d reports, %d English terms of their templates looked for",
            len(reports),
            checked,
        )
        self.assertGreater(checked, 100)
        self.assertFalse(left, "English left in the zh_TW PDFs:\n" + "\n".join(left))
        self.assertFalse(banded, "blank band atop:\n" + "\n".join(banded))
