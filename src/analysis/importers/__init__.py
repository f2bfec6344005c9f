"""Importers of the data branches really have: fill-in sheets and WeCom (企业微信) payloads (issue 15).

- :mod:`~analysis.importers.templates` — the fill-in forms and their Excel workbook (``python -m analysis
  templates``), and one documentation page per form.
- :mod:`~analysis.importers.sheets` — filled-in forms → contract tables (``python -m analysis import-sheets``).
- :mod:`~analysis.importers.wecom` — WeCom API payloads → groups, memberships, daily statistics
  (``python -m analysis import-wecom``).

Names and phone numbers become the salted-hash person id of :mod:`analysis.privacy` (the 问卷星 importer's),
and every import appends to the data folder without duplicating rows (:func:`analysis.io.append_tables`).
The 问卷星 importer stays :func:`analysis.wjx.read_wjx`.
"""

from __future__ import annotations

from pathlib import Path

from analysis.importers._common import Folder, ImportResult, write
from analysis.importers.sheets import read_sheets
from analysis.importers.templates import FORMS, form_markdown, write_templates
from analysis.importers.wecom import daily_health, parse_tier_rule, read_wecom

__all__ = ["FORMS", "ImportResult", "write_templates", "form_markdown", "read_sheets", "import_sheets",
           "read_wecom", "import_wecom", "parse_tier_rule", "daily_health"]


def import_sheets(paths, out, *, salt: str | None = None, date_order: str | None = None) -> tuple[ImportResult, dict]:
    """Read filled-in forms (:func:`~analysis.importers.sheets.read_sheets`) and append them to folder ``out``.

    Returns the import and the rows added per table. Nothing is written when any sheet has a problem or a
    re-import conflicts (same key, other content)."""
    folder = Folder(Path(out))
    result = read_sheets(paths, folder, salt=salt, date_order=date_order)
    return result, write(result, folder)


def import_wecom(paths, out, *, branch_id: str, tier_rule: str | None = None, staff_map=None,
                 salt: str | None = None) -> tuple[ImportResult, dict]:
    """Read WeCom payloads (:func:`~analysis.importers.wecom.read_wecom`) and append them to folder ``out``."""
    folder = Folder(Path(out))
    result = read_wecom(paths, folder, branch_id=branch_id, tier_rule=tier_rule, staff_map=staff_map, salt=salt)
    return result, write(result, folder)
