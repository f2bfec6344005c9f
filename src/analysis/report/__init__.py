"""The report layer: one label dictionary (zh/en), number formats, sentences, ``show`` and the data-quality block.

Notebooks use it as::

    from analysis import report
    report.show(result, language)                 # a tidy result as a formatted, localized table
    report.label("title.stranger_by_event", language)
    report.say("events.verdict.below", language, n=5)
    report.data_quality(ds, tables, language=language)
    report.section("tables", language)             # a heading (label section.tables) and its intro
"""

from analysis.report.header import header, name_staff, period_bounds, period_text, section, staff_names
from analysis.report.headline import actions_block, headline_block, verdict_block
from analysis.report.labels import FORMATS, LABELS, LANGUAGES, fmt, label, value_label
from analysis.report.quality import data_quality, problems_for, quality_table
from analysis.report.tables import formatted, localize, show
from analysis.report.text import SENTENCES, say

__all__ = ["actions_block", "headline_block", "verdict_block", "FORMATS", "LABELS", "LANGUAGES", "SENTENCES", "data_quality", "fmt", "header", "period_bounds", "period_text", "formatted", "label",
           "localize", "problems_for", "quality_table", "name_staff", "say", "section", "show", "staff_names", "value_label"]
