"""The header facts of a survey report, in the report's language (the answer itself: :mod:`.findings`).

Tests: ``tests/surveys/test_summary.py``. Notebook: ``01_community_survey`` (the first cell).
"""

from __future__ import annotations

import pandas as pd

from analysis import report
from analysis.report.labels import check_language

__all__ = ["scope_facts"]


def scope_facts(data, community_id: str = "", language: str = "zh") -> dict:
    """The facts of a survey report's header: its scope (the sheets themselves are the headline's first number).

    Parameters
    ----------
    data : data set
        :func:`analysis.surveys.survey_scope` of the report.
    community_id : str, optional
        The community the report is restricted to (empty: all of the branch's).
    language : {"zh", "en"}

    Returns
    -------
    dict
        Label key → text, for ``report.header(..., **scope_facts(...))``: ``header.scope`` — the
        community by name and id ("阳光小区（B01-C02）"), or "all N communities".

    Examples
    --------
    >>> import pandas as pd
    >>> data = {"communities": pd.DataFrame({"community_id": ["C1", "C2"], "name": ["阳光小区", "翠苑新村"]})}
    >>> scope_facts(data, language="en")
    {'header.scope': 'all 2 communities'}
    >>> scope_facts(data, "C2")
    {'header.scope': '翠苑新村（C2）'}
    """
    check_language(language)
    if not community_id:
        return {"header.scope": report.say("surveys.scope.all", language, n=len(data["communities"]))}
    comms = data["communities"]
    names = comms.loc[comms["community_id"] == community_id, "name"] if "name" in comms.columns else []
    name = str(names.iloc[0]) if len(names) and pd.notna(names.iloc[0]) else ""
    if not name:
        return {"header.scope": community_id}
    return {"header.scope": f"{name}（{community_id}）" if language == "zh" else f"{name} ({community_id})"}
