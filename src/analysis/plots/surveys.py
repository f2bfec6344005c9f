"""House charts of the surveys domain (they take an ``ax`` and return it)."""

from __future__ import annotations

import pandas as pd

from analysis.errors import ParameterError
from analysis.plots.core import bar

__all__ = ["responses_over_time"]


def responses_over_time(counts: pd.DataFrame, ax=None, title: str | None = None, language: str | None = None):
    """Answer sheets per day or week as bars, labelled by the day (``MM-DD``).

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.surveys.response_counts` by ``"week"`` or ``"date"`` (one row per period,
        periods without sheets as 0).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        A label key (``"title.surveys_weekly"``) or text.
    language : {"zh", "en"}, optional
        Translate the title (see :func:`analysis.plots.bar`).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"week": pd.to_datetime(["2026-08-31", "2026-09-07"]), "responses": [6, 5]})
    >>> ax = responses_over_time(counts)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['08-31', '09-07']
    """
    if not isinstance(counts, pd.DataFrame) or "responses" not in counts:
        raise ParameterError("responses_over_time: counts must be response_counts(...) by 'week' or 'date' "
                             "(a DataFrame with a responses column)")
    period = next((c for c in ("week", "date") if c in counts.columns), None)
    if period is None:
        raise ParameterError("responses_over_time: counts must be response_counts(...) by 'week' or 'date'; "
                             f"its columns are {', '.join(map(str, counts.columns))}")
    days = pd.to_datetime(counts[period]).dt.strftime("%m-%d")
    data = pd.DataFrame({period: days.to_numpy(dtype=object), "responses": counts["responses"].to_numpy()})
    return bar(data, x=period, y="responses", ax=ax, title=title, language=language)
