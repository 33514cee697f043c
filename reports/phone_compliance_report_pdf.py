# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, models

from ..models.phone_violation_type import VIOLATION_CATEGORIES

# The rows of the figures table, by section; "%" shares, "s" and "h" averages
SECTIONS = [
    (
        "calls",
        [
            ("call_count", ""),
            ("personal_call_count", ""),
            ("answered_count", ""),
            # a share says how many calls it rests on
            ("ring_measured_count", ""),
            ("answered_in_time_rate", "%"),
            ("ring_seconds", "s"),
            ("missed_count", ""),
            ("missed_no_callback_count", ""),
            ("record_count", ""),
            ("complete_rate", "%"),
            ("overdue_callback_count", ""),
        ],
    ),
    (
        "faults",
        [
            ("fault_count", ""),
            ("fault_open_count", ""),
            ("fault_overdue_count", ""),
            ("fault_resolved_count", ""),
            ("repair_hours", "h"),
        ],
    ),
    (
        "conduct",
        [
            ("violation_count", ""),
            *((f"violation_{key}_count", "") for key, _label in VIOLATION_CATEGORIES),
            ("violation_points", ""),
            ("commendation_count", ""),
            ("commendation_points", ""),
        ],
    ),
    (
        "inspections",
        [("inspected_call_count", ""), ("inspection_score", "%")],
    ),
]

CHART_WIDTH = 640
CHART_HEIGHT = 150
TREND_MONTHS = 6


def format_figure(value, unit):
    if value is None:
        return "–"
    if unit:
        return f"{value:.1f} {unit}"
    return str(value)


class PhoneComplianceReportPdf(models.AbstractModel):
    """Values of the monthly compliance PDF: a company page and one page per
    department, in the company's language, each with its figures table and a
    bar chart drawn as SVG (wkhtmltopdf runs no chart library)."""

    _name = "report.phone_policy.phone_compliance_report_document"
    _description = "Monthly Compliance Report"

    @api.model
    def _section_titles(self):
        return {
            "calls": _("Calls (policy §2, §4, §5)"),
            "faults": _("Faults (policy §3.3)"),
            "conduct": _("Violations and commendations (policy §6)"),
            "inspections": _("Inspections (policy §6.1)"),
        }

    @api.model
    def _figures_table(self, figures):
        report = self.env["phone.compliance.report"]
        labels = report.fields_get(list(report.FIGURES), ["string"])
        titles = self._section_titles()
        return [
            {
                "title": titles[section],
                "rows": [
                    (labels[name]["string"], format_figure(figures.get(name), unit))
                    for name, unit in rows
                ],
            }
            for section, rows in SECTIONS
        ]

    @api.model
    def _chart(self, bars, unit, scale=None):
        """Geometry of a bar chart: ``bars`` is a list of (label, value);
        ``scale`` the value of a full-height bar (default: the largest)."""
        top = scale or max((value or 0 for _label, value in bars), default=0) or 1
        slot = CHART_WIDTH / max(len(bars), 1)
        width = min(slot * 0.6, 60)
        shapes = []
        for index, (label, value) in enumerate(bars):
            height = round(CHART_HEIGHT * (value or 0) / top, 1)
            x = round(index * slot + (slot - width) / 2, 1)
            shapes.append(
                {
                    "x": x,
                    "y": round(20 + CHART_HEIGHT - height, 1),
                    "width": round(width, 1),
                    "height": height,
                    "center": round(x + width / 2, 1),
                    "label": label,
                    "value": format_figure(value, unit),
                }
            )
        return {
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT + 60,
            "base": 20 + CHART_HEIGHT,
            "bars": shapes,
        }

    @api.model
    def _pages(self, wizard):
        report = self.env["phone.compliance.report"]
        company = wizard.company_id
        month = wizard._month_date()
        tz = wizard._tz()
        company_domain = [("company_id", "=", company.id)]
        by_department = report._figures(month, tz, domain=company_domain)
        departments = wizard.department_ids
        pages = []
        if not departments:
            totals = report._figures(month, tz, domain=company_domain, groupby=())
            known = self.env["hr.department"].browse(
                [key.id for key in by_department if key]
            )
            departments = known.sorted("complete_name")
            pages.append(
                {
                    "title": company.name,
                    "subtitle": _("Whole company"),
                    "table": self._figures_table(totals.get((), {})),
                    "chart_title": _(
                        "Incoming calls answered within the ring limit, by "
                        "department (%)"
                    ),
                    "chart": self._chart(
                        [
                            (
                                department.name,
                                by_department[department]["answered_in_time_rate"],
                            )
                            for department in departments
                        ],
                        "%",
                        scale=100,
                    ),
                }
            )
        # the calls of the six months, every department at once
        months = [month - relativedelta(months=back) for back in range(TREND_MONTHS)]
        start = report._month_bounds(months[-1], tz)[0]
        end = report._month_bounds(month, tz)[1]
        calls = {
            (department, day.strftime("%Y-%m")): count
            for department, day, count in report.with_context(tz=tz)._read_group(
                [
                    ("company_id", "=", company.id),
                    ("department_id", "in", departments.ids),
                    ("date", ">=", start),
                    ("date", "<", end),
                ],
                groupby=["department_id", "date:month"],
                aggregates=["call_count:sum"],
            )
        }
        for department in departments:
            trend = [
                (
                    past.strftime("%Y-%m"),
                    calls.get((department, past.strftime("%Y-%m")), 0) or 0,
                )
                for past in reversed(months)
            ]
            pages.append(
                {
                    "title": department.complete_name,
                    "subtitle": company.name,
                    "table": self._figures_table(by_department.get(department, {})),
                    "chart_title": _("Calls of the last six months"),
                    "chart": self._chart(trend, ""),
                }
            )
        return pages

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["phone.compliance.print.wizard"].browse(docids)
        company = wizards.company_id[:1] or self.env.company
        lang = company.partner_id.lang or self.env.lang
        localized = self.with_context(lang=lang)
        return {
            "doc_ids": docids,
            "doc_model": "phone.compliance.print.wizard",
            "docs": wizards,
            "company": company,
            "res_company": company,
            "compliance_lang": lang,
            "reports": [
                {
                    "wizard": wizard,
                    "period": f"{wizard.year:04d}-{int(wizard.month):02d}",
                    "pages": localized._pages(wizard.with_context(lang=lang)),
                }
                for wizard in wizards
            ],
        }
