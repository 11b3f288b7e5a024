"""Analyst briefings: one self-contained HTML (or Markdown) file from the knowledge base.

    greatgame report [--db FILE] [--target KAZ] [--since 2022-01] [--runs 500] -o brief.html
"""
from .briefing import (FORMATS, MAIN_POWERS, ReportError, build, check_since, check_target, render,
                       report_format, write_report)

__all__ = ["FORMATS", "MAIN_POWERS", "ReportError", "build", "check_since", "check_target", "render",
           "report_format", "write_report"]
