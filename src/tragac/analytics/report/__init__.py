"""The monitoring report: HTML (self-contained) and PDF, built from registered sections."""

from tragac.analytics.report.render import ReportResult, build_report, render_html

__all__ = ["ReportResult", "build_report", "render_html"]
