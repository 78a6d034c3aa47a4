"""The report's sections, one module each; see :mod:`tragac.analytics.report.base`."""
