"""Charts speak the report's language: category values, axis labels and titles through the label dictionary."""

from __future__ import annotations

import pandas as pd

__all__ = ["with_language"]

_EN = {"无数据": "No data", "（缺失）": "(missing)"}


def with_language(func, categories: tuple[str, ...]):
    """Give ``func`` a keyword ``language``: category values, axis labels and the title are translated.

    With ``language=None`` (the default) the chart draws the data as given. With "zh" or "en" the
    values of the category columns (``categories``: parameter names of ``func``) are shown by
    :func:`analysis.report.value_label`, an axis label that is a column name by its label, and a
    ``title`` or ``reference_label`` that is a key of the label dictionary by its text.
    """
    import functools
    import inspect

    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, language: str | None = None, **kwargs):
        if language is None:
            return func(*args, **kwargs)
        from analysis.report.labels import LABELS, check_language, label as _label, value_label

        check_language(language)
        bound = signature.bind(*args, **kwargs)
        data = bound.arguments.get("data")
        if isinstance(data, pd.DataFrame):
            cols = {}
            for name in categories:
                col = bound.arguments.get(name)
                if col is not None and col in data.columns and not pd.api.types.is_numeric_dtype(data[col].dtype) \
                        and not pd.api.types.is_datetime64_any_dtype(data[col].dtype):
                    cols[col] = data[col].map(lambda v, c=col: value_label(v, language, column=c)).astype(object)
            if cols:
                bound.arguments["data"] = data.assign(**cols)
        for name in ("title", "reference_label"):
            text = bound.arguments.get(name)
            if isinstance(text, str) and text in LABELS:
                bound.arguments[name] = _label(text, language)
        ax = func(*bound.args, **bound.kwargs)
        for get, put in ((ax.get_xlabel, ax.set_xlabel), (ax.get_ylabel, ax.set_ylabel)):
            text = get()
            if text and text in LABELS:
                put(_label(text, language))
        if language == "en":  # the charts' own words (no-data note, missing category)
            for text in ax.texts:
                if text.get_text() in _EN:
                    text.set_text(_EN[text.get_text()])
        legend = ax.get_legend()
        if legend is not None:
            title = legend.get_title()
            if title.get_text() in LABELS:
                title.set_text(_label(title.get_text(), language))
        return ax

    return wrapper
