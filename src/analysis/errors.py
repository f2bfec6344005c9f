"""The package's exceptions: one base class, specific subclasses.

Every error a user can cause (bad data, a bad parameter, a failed run) is an
:class:`AnalysisError`, so callers can catch one type; the message is written
for a bank analyst, naming the table, column, rule and rows involved.
"""

from __future__ import annotations

import pandas as pd


class AnalysisError(Exception):
    """Base class of every error raised on purpose by the ``analysis`` package."""


class DataError(AnalysisError):
    """Input data break the data contract.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``table``, ``column``, ``rule``,
        ``n_rows`` (how many rows break the rule), ``rows`` (the first offending
        row numbers, as the user sees them in the file: 1 = first data row) and
        ``detail`` (what was found and what to do).
    """

    def __init__(self, message: str, problems: pd.DataFrame | None = None):
        super().__init__(message)
        self.problems = problems if problems is not None else pd.DataFrame(
            columns=["table", "column", "rule", "n_rows", "rows", "detail"]
        )


class ParameterError(AnalysisError, ValueError):
    """A function or notebook was called with an invalid parameter."""


class RunError(AnalysisError):
    """A notebook run failed (raised by the runner when asked to fail fast)."""


class FontNotFoundError(AnalysisError, RuntimeError):
    """The Noto Sans CJK SC font file shipped with ``mplfonts`` cannot be found (charts need it for Chinese)."""
