"""The house chart style (图表规范): CJK font, funnel, interval bars, timelines, bars.

Every plotting function takes a tidy DataFrame and column names, draws only
through the ``ax`` it is given (or a new figure's Axes when ``ax`` is None) and
returns that Axes. Nothing is printed, written or rounded; numbers are only
formatted in labels.

The Chinese font is the Noto Sans CJK SC file shipped inside the ``mplfonts``
package. It is registered with matplotlib lazily, the first time a plotting
function, :func:`house_style` or :func:`use_house_style` runs (importing the
``analysis`` package registers nothing and never imports pyplot).

Notes
-----
Why every text artist gets an explicit font family: matplotlib resolves the
``'sans-serif'`` alias when a figure is *drawn*, which in a notebook happens
after the plotting function (and its temporary :func:`house_style` context)
has returned. The plotting functions therefore set the concrete family
(:data:`FONT_FAMILY`) on the titles, labels, tick labels, texts and legends they
create, so the Chinese renders whether or not :func:`use_house_style` was
called. Text a caller adds later with ``ax.set_title`` / ``ax.set_xlabel``
reuses those artists and keeps the font; for other new text (``ax.text``,
a new legend), call :func:`use_house_style` once at the top of the notebook.

Examples
--------
>>> import pandas as pd
>>> from analysis import plots
>>> tiers = pd.DataFrame({"tier": ["大众群", "潜在客户群", "精英群", "成交"],
...                       "members": [480, 120, 11, 5]})
>>> ax = plots.funnel(tiers, step="tier", value="members", title="微信群分层漏斗")
>>> [t.get_text() for t in ax.get_yticklabels()]
['大众群', '潜在客户群', '精英群', '成交']
"""

from __future__ import annotations

import contextlib
import importlib.util
import threading
from collections.abc import Hashable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.text import Text

from analysis.errors import FontNotFoundError, ParameterError

__all__ = [
    "CATEGORICAL",
    "FONT_FAMILY",
    "FontNotFoundError",
    "HOUSE_FONT",
    "PALETTE",
    "bar",
    "funnel",
    "house_style",
    "interval_bars",
    "percent_axis",
    "register_font",
    "timeline",
    "use_house_style",
]

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

#: Named colours of the house style (bank blue, alert red, neutral greys).
PALETTE: Mapping[str, str] = MappingProxyType(
    {
        "blue": "#1F4E8C",  # primary series
        "red": "#C0392B",  # reference lines, marks, alerts
        "grey": "#8A8F98",  # secondary series, axes
        "light_blue": "#7FA7D9",
        "gold": "#C9A227",
        "teal": "#2A9D8F",
        "light_grey": "#E3E5E8",  # grid
        "dark": "#2E3440",  # text
    }
)

#: Colour order for categorical series (hue levels, timeline groups).
CATEGORICAL: tuple[str, ...] = (
    PALETTE["blue"],
    PALETTE["red"],
    PALETTE["grey"],
    PALETTE["light_blue"],
    PALETTE["gold"],
    PALETTE["teal"],
)

#: Family name of the CJK font the house style uses.
HOUSE_FONT = "Noto Sans CJK SC"
#: Font families, in fallback order, set on every text the plot helpers create.
FONT_FAMILY: tuple[str, ...] = (HOUSE_FONT, "DejaVu Sans")

_FONT_FILE = "NotoSansCJKsc-Regular.otf"
_NO_DATA = "无数据"
_MISSING_CATEGORY = "（缺失）"


# ---------------------------------------------------------------------------
# Font and style
# ---------------------------------------------------------------------------

_font_lock = threading.Lock()
_registered_font: Path | None = None


def _mplfonts_locations() -> list[Path]:
    """Folders of the installed ``mplfonts`` package, found without importing it.

    ``import mplfonts`` imports pyplot (and so picks a backend); the spec gives
    the package folder (the folder of its ``__file__``) with no side effect.
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return [Path(p) for p in spec.submodule_search_locations]
    return [Path(spec.origin).parent] if spec.origin else []


def register_font() -> Path:
    """Register the house CJK font with matplotlib (once) and return its file.

    Returns
    -------
    pathlib.Path
        The ``NotoSansCJKsc-Regular.otf`` file inside the ``mplfonts`` package.

    Raises
    ------
    FontNotFoundError
        If ``mplfonts`` is not installed or does not contain the font file.

    Notes
    -----
    Idempotent: later calls return the same path without touching the font
    manager again, and the file is never added twice.
    """
    global _registered_font
    if _registered_font is not None:
        return _registered_font
    with _font_lock:
        if _registered_font is None:
            locations = _mplfonts_locations()
            candidates = [loc / "fonts" / _FONT_FILE for loc in locations]
            path = next((c for c in candidates if c.is_file()), None)
            if path is None:
                where = (
                    "the package mplfonts is not installed"
                    if not locations
                    else "looked in " + ", ".join(str(c) for c in candidates)
                )
                raise FontNotFoundError(
                    f"The Chinese chart font {HOUSE_FONT} ({_FONT_FILE}) was not found "
                    f"({where}). Install it with `pip install mplfonts` (it is listed in "
                    "pyproject.toml and environment.yml); charts would otherwise show "
                    "boxes instead of Chinese characters."
                )
            known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
            if path not in known:
                font_manager.fontManager.addfont(str(path))
            _registered_font = path
    return _registered_font


def _house_rc() -> dict[str, Any]:
    """The rcParams of the house style (a fresh dict each call)."""
    others = [f for f in mpl.rcParamsDefault["font.sans-serif"] if f not in FONT_FAMILY]
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": [*FONT_FAMILY, *others],
        "axes.unicode_minus": False,
        "figure.figsize": (8.0, 4.5),
        "figure.facecolor": "white",
        "figure.constrained_layout.use": True,
        "savefig.dpi": 150,
        "savefig.facecolor": "white",
        "axes.facecolor": "white",
        "axes.edgecolor": PALETTE["grey"],
        "axes.labelcolor": PALETTE["dark"],
        "axes.titlesize": 13,
        "axes.titlelocation": "left",
        "axes.titlepad": 10,
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.axisbelow": True,
        "axes.prop_cycle": mpl.cycler(color=list(CATEGORICAL)),
        "grid.color": PALETTE["light_grey"],
        "grid.linewidth": 0.8,
        "text.color": PALETTE["dark"],
        "xtick.color": PALETTE["dark"],
        "ytick.color": PALETTE["dark"],
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.frameon": False,
        "legend.fontsize": 9,
    }


def use_house_style() -> None:
    """Make the house style the default for the session (e.g. at the top of a notebook).

    Registers the CJK font and updates ``matplotlib.rcParams``: Noto Sans CJK SC
    first in ``font.sans-serif`` (DejaVu Sans as Latin fallback),
    ``axes.unicode_minus = False``, the palette as colour cycle, light grid,
    no top/right spines. Nothing else in matplotlib or pyplot is changed.

    Raises
    ------
    FontNotFoundError
        If the font file cannot be found (install ``mplfonts``).
    """
    register_font()
    mpl.rcParams.update(_house_rc())


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style temporarily (restoring the previous values of the settings it changes).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> with house_style():
    ...     ax = Figure().subplots()
    ...     _ = ax.set_title("陌生客户占比")
    """
    register_font()
    rc = _house_rc()
    # Restore only the settings the style changes (not all of rcParams, as mpl.rc_context would): a notebook
    # kernel switches on its inline backend and interactive mode when the first figure is made, possibly
    # inside this context, and restoring those would stop later figures from being displayed.
    old = {key: mpl.rcParams[key] for key in rc}
    try:
        mpl.rcParams.update(rc)
        yield
    finally:
        mpl.rcParams.update(old)


def percent_axis(ax: Axes, axis: str = "x", decimals: int | None = None, xmax: float = 1.0) -> Axes:
    """Format an axis of proportions as percentages (0.7 → 70%).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    axis : {'x', 'y', 'both'}
    decimals : int, optional
        Decimals shown; None lets matplotlib choose.
    xmax : float
        The data value shown as 100% (1.0 for proportions).

    Returns
    -------
    matplotlib.axes.Axes
        The same ``ax``.
    """
    _check_ax(ax, "percent_axis")
    if axis not in ("x", "y", "both"):
        raise ParameterError(f"percent_axis: axis must be 'x', 'y' or 'both', got {axis!r}.")
    targets = {"x": [ax.xaxis], "y": [ax.yaxis], "both": [ax.xaxis, ax.yaxis]}[axis]
    for target in targets:
        target.set_major_formatter(ticker.PercentFormatter(xmax=xmax, decimals=decimals))
    return ax


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _check_ax(ax: Any, func: str) -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise ParameterError(
            f"{func}: ax must be a matplotlib Axes or None, got {type(ax).__name__}."
        )


def _check_frame(data: Any, func: str, **columns: Hashable | None) -> None:
    """`data` is a DataFrame holding every named column (None = not used)."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{func}: data must be a pandas DataFrame (one row per bar/point), "
            f"got {type(data).__name__}."
        )
    missing = []
    for role, name in columns.items():
        if name is None:
            continue
        try:
            present = name in data.columns
        except TypeError:  # unhashable, e.g. a list
            present = False
        if not present:
            missing.append(f"{name!r} (argument {role})")
    if missing:
        available = ", ".join(repr(c) for c in data.columns) or "none"
        raise ParameterError(
            f"{func}: column {', '.join(missing)} not found in data. "
            f"Available columns: {available}. Pass the name of an existing column."
        )


def _rows(data: pd.DataFrame, mask: np.ndarray, label: Hashable | None, limit: int = 5) -> str:
    """Describe the first offending rows by index (and label value)."""
    idx = np.flatnonzero(mask)
    parts = []
    for i in idx[:limit]:
        desc = f"index {data.index[i]!r}"
        if label is not None:
            desc += f" ({data[label].iloc[i]})"
        parts.append(desc)
    more = f" and {len(idx) - limit} more" if len(idx) > limit else ""
    return ", ".join(parts) + more


def _numeric(data: pd.DataFrame, column: Hashable, func: str, role: str) -> np.ndarray:
    series = data[column]
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise ParameterError(
            f"{func}: column {column!r} (argument {role}) must be numeric, "
            f"found dtype {series.dtype}."
        )
    return series.to_numpy(dtype=float, na_value=np.nan)


def _intervals(
    data: pd.DataFrame,
    func: str,
    rate: Hashable,
    ci_low: Hashable | None,
    ci_high: Hashable | None,
    label: Hashable | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numeric rate/ci arrays, checked: ci_low <= rate <= ci_high where not NaN."""
    r = _numeric(data, rate, func, "rate")
    n = len(r)
    lo = _numeric(data, ci_low, func, "ci_low") if ci_low is not None else np.full(n, np.nan)
    hi = _numeric(data, ci_high, func, "ci_high") if ci_high is not None else np.full(n, np.nan)
    tol = 1e-9  # computed intervals may sit a rounding error past the estimate
    with np.errstate(invalid="ignore"):
        bad = (lo > r + tol) | (r > hi + tol) | (lo > hi + tol)
    if bad.any():
        details = []
        for i in np.flatnonzero(bad)[:5]:
            who = f"index {data.index[i]!r}"
            if label is not None:
                who += f" ({data[label].iloc[i]})"
            fields = [(ci_low, lo[i]), (rate, r[i]), (ci_high, hi[i])]
            details.append(f"{who}: " + ", ".join(f"{c}={v:g}" for c, v in fields if c is not None))
        more = f"; and {int(bad.sum()) - 5} more" if bad.sum() > 5 else ""
        raise ParameterError(
            f"{func}: every row needs {ci_low} <= {rate} <= {ci_high} (NaN allowed), "
            f"but {int(bad.sum())} row(s) break it: " + "; ".join(details) + more
            + ". Check that the interval columns are not swapped and use the same "
            "scale as the rate (proportions 0–1)."
        )
    return r, lo, hi


def _categories(series: pd.Series) -> list[str]:
    return [_MISSING_CATEGORY if pd.isna(v) else str(v) for v in series]


# ---------------------------------------------------------------------------
# Drawing helpers
# ---------------------------------------------------------------------------


def _get_ax(ax: Axes | None) -> Axes:
    """The given Axes, or a new figure's Axes (pyplot, so notebooks display it)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # only here: creating a figure was asked for

    _, new_ax = plt.subplots()
    return new_ax


def _style_axes(ax: Axes, grid: str | None) -> None:
    """House look on any Axes, including one created outside the style."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(PALETTE["grey"])
    ax.set_axisbelow(True)
    ax.tick_params(colors=PALETTE["dark"], labelsize=9)
    if grid is not None:
        ax.grid(True, axis=grid, color=PALETTE["light_grey"], linewidth=0.8)


def _apply_fonts(ax: Axes) -> None:
    """Set the concrete CJK family on every text of the Axes (see module Notes)."""
    family = list(FONT_FAMILY)
    ax.tick_params(axis="both", which="both", labelfontfamily=family)
    texts = [c for c in ax.get_children() if isinstance(c, Text)]
    for axis in (ax.xaxis, ax.yaxis):
        texts += [axis.label, axis.get_offset_text()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [*legend.get_texts(), legend.get_title()]
    for text in texts:
        text.set_fontfamily(family)


def _title(ax: Axes, title: str | None) -> None:
    if title is not None:
        ax.set_title(title, loc="left", fontsize=13, color=PALETTE["dark"], pad=10)


def _no_data(ax: Axes, title: str | None) -> Axes:
    ax.text(0.5, 0.5, _NO_DATA, transform=ax.transAxes, ha="center", va="center",
            color=PALETTE["grey"], fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
    _title(ax, title)
    _apply_fonts(ax)
    return ax


def _fmt_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _fmt_value(value: float, percent: bool) -> str:
    return f"{value * 100:.1f}%" if percent else f"{value:.3g}"


def _fmt_interval(lo: float, hi: float, percent: bool) -> str:
    if percent:
        return f"{lo * 100:.1f}–{hi * 100:.1f}%"
    return f"{lo:.3g}–{hi:.3g}"


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def funnel(
    data: pd.DataFrame,
    step: Hashable,
    value: Hashable,
    ax: Axes | None = None,
    rate: Hashable | None = None,
    ci_low: Hashable | None = None,
    ci_high: Hashable | None = None,
    title: str | None = None,
    color: str | None = None,
) -> Axes:
    """Horizontal funnel: one centred bar per step, first step on top.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per step, in funnel order (drawn in data order, not sorted).
    step : column name
        Step names (y tick labels), e.g. 大众群, 潜在客户群, 精英群, 成交.
    value : column name
        Count (or amount) per step, non-negative; the bar width.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when None.
    rate, ci_low, ci_high : column name, optional
        Step rate (proportion 0–1, e.g. conversion from the previous step) and its
        interval, shown in the bar label; NaN (e.g. on the first step) shows the
        count only. ``ci_low``/``ci_high`` go together and need ``rate``.
    title : str, optional
    color : str, optional
        Bar colour (default ``PALETTE['blue']``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Bars are ``ax.containers[0]``; bar labels read
        ``"120 (25.0%, 21.3–29.1%)"``.

    Raises
    ------
    ParameterError
        Missing column, non-numeric or negative/NaN ``value``, or an interval
        that does not contain its rate.

    Examples
    --------
    >>> import pandas as pd
    >>> tiers = pd.DataFrame({"tier": ["大众群", "潜在客户群"], "members": [480, 120],
    ...                       "rate": [float("nan"), 0.25],
    ...                       "ci_low": [float("nan"), 0.2134], "ci_high": [float("nan"), 0.2906]})
    >>> ax = funnel(tiers, "tier", "members", rate="rate", ci_low="ci_low", ci_high="ci_high")
    >>> [t.get_text() for t in ax.texts]
    ['480', '120 (25.0%, 21.3–29.1%)']
    """
    func = "funnel"
    _check_ax(ax, func)
    _check_frame(data, func, step=step, value=value, rate=rate, ci_low=ci_low, ci_high=ci_high)
    if (ci_low is None) != (ci_high is None):
        raise ParameterError(f"{func}: pass both ci_low and ci_high, or neither.")
    if ci_low is not None and rate is None:
        raise ParameterError(f"{func}: ci_low/ci_high need rate (the estimate they bound).")
    values = _numeric(data, value, func, "value")
    with np.errstate(invalid="ignore"):
        bad = np.isnan(values) | (values < 0)
    if bad.any():
        raise ParameterError(
            f"{func}: column {value!r} must be a non-negative number on every step; "
            f"missing or negative at {_rows(data, bad, step)}."
        )
    n = len(values)
    r = lo = hi = np.full(n, np.nan)
    if rate is not None:
        r, lo, hi = _intervals(data, func, rate, ci_low, ci_high, step)
    steps = _categories(data[step])

    with house_style():
        ax = _get_ax(ax)
        if n == 0:
            return _no_data(ax, title)
        top = float(values.max())
        span = top if top > 0 else 1.0
        pos = np.arange(n)
        left = (top - values) / 2
        ax.barh(pos, values, left=left, height=0.72, color=color or PALETTE["blue"],
                edgecolor="white", label=str(value))
        ax.set_yticks(pos, labels=steps)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(-0.02 * span, top + 0.02 * span)
        for i in range(n):
            text = _fmt_number(values[i])
            if not np.isnan(r[i]):
                extra = _fmt_value(r[i], True)
                if not (np.isnan(lo[i]) or np.isnan(hi[i])):
                    extra += ", " + _fmt_interval(lo[i], hi[i], True)
                text += f" ({extra})"
            if values[i] >= 0.45 * span:
                ax.text(top / 2, i, text, ha="center", va="center", color="white", fontsize=10)
            else:
                ax.text(left[i] + values[i] + 0.01 * span, i, text, ha="left", va="center",
                        color=PALETTE["dark"], fontsize=10)
        _style_axes(ax, grid=None)
        ax.xaxis.set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0, labelsize=10)
        _title(ax, title)
        _apply_fonts(ax)
    return ax


def interval_bars(
    data: pd.DataFrame,
    label: Hashable,
    rate: Hashable,
    ci_low: Hashable,
    ci_high: Hashable,
    ax: Axes | None = None,
    reference: float | None = None,
    reference_label: str | None = None,
    horizontal: bool = True,
    percent: bool = True,
    title: str | None = None,
    annotate: bool = True,
    color: str | None = None,
) -> Axes:
    """One point with its interval per row (e.g. stranger ratio per event).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per estimate, drawn in data order (first row on top, or left).
    label : column name
        Row names (tick labels).
    rate, ci_low, ci_high : column name
        Estimate and interval bounds; ``ci_low <= rate <= ci_high`` wherever none
        is NaN. A row with NaN rate keeps its tick label and draws nothing; a
        row with a rate but a NaN bound draws the point without whiskers.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when None.
    reference : float, optional
        A reference value drawn as a dashed red line (gid ``'reference'``), e.g.
        0.70 for the branch's stranger-ratio standard.
    reference_label : str, optional
        Legend text of the reference line (default: the formatted value).
    horizontal : bool
        Rows on the y axis and values on the x axis (default), or the reverse.
    percent : bool
        Values are proportions: value axis and labels as percentages.
    title : str, optional
    annotate : bool
        Write the estimate next to each interval.
    color : str, optional
        Point colour (default ``PALETTE['blue']``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. The intervals are the ErrorbarContainer in
        ``ax.containers`` (segments from ``ci_low`` to ``ci_high``).

    Raises
    ------
    ParameterError
        Missing or non-numeric column, or an interval that does not contain its
        rate (the message names the rows).

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"event": ["家庭关系沙龙"], "rate": [31 / 38],
    ...                        "ci_low": [0.6658], "ci_high": [0.9078]})
    >>> ax = interval_bars(events, "event", "rate", "ci_low", "ci_high",
    ...                    reference=0.70, reference_label="陌生客户占比标准 70%")
    >>> [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "reference"]
    [0.7]
    """
    func = "interval_bars"
    _check_ax(ax, func)
    _check_frame(data, func, label=label, rate=rate, ci_low=ci_low, ci_high=ci_high)
    r, lo, hi = _intervals(data, func, rate, ci_low, ci_high, label)
    if reference is not None and not isinstance(reference, (int, float, np.number)):
        raise ParameterError(f"{func}: reference must be a number, got {reference!r}.")
    names = _categories(data[label])
    n = len(r)

    with house_style():
        ax = _get_ax(ax)
        if n == 0:
            return _no_data(ax, title)
        pos = np.arange(n, dtype=float)
        point_color = color or PALETTE["blue"]
        complete = ~(np.isnan(r) | np.isnan(lo) | np.isnan(hi))
        point_only = ~np.isnan(r) & ~complete
        err = np.vstack([r - lo, hi - r])[:, complete]
        style = dict(fmt="o", color=point_color, ecolor=point_color, elinewidth=2.2,
                     capsize=4, capthick=1.5, markersize=7, zorder=3)
        if horizontal:
            if complete.any():
                ax.errorbar(r[complete], pos[complete], xerr=err, **style)
            if point_only.any():
                ax.plot(r[point_only], pos[point_only], "o", color=point_color, markersize=7)
            ax.set_yticks(pos, labels=names)
            ax.set_ylim(n - 0.5, -0.5)
        else:
            if complete.any():
                ax.errorbar(pos[complete], r[complete], yerr=err, **style)
            if point_only.any():
                ax.plot(pos[point_only], r[point_only], "o", color=point_color, markersize=7)
            ax.set_xticks(pos, labels=names)
            ax.set_xlim(-0.5, n - 0.5)

        if annotate:
            for i in np.flatnonzero(~np.isnan(r)):
                end = hi[i] if not np.isnan(hi[i]) else r[i]
                text = _fmt_value(r[i], percent)
                if horizontal:
                    ax.annotate(text, xy=(end, pos[i]), xytext=(6, 0), textcoords="offset points",
                                ha="left", va="center", fontsize=9, color=PALETTE["dark"])
                else:
                    ax.annotate(text, xy=(pos[i], end), xytext=(0, 5), textcoords="offset points",
                                ha="center", va="bottom", fontsize=9, color=PALETTE["dark"])

        if reference is not None:
            ref_text = reference_label if reference_label is not None else _fmt_value(reference, percent)
            line_style = dict(color=PALETTE["red"], linestyle="--", linewidth=1.3,
                              label=ref_text, gid="reference", zorder=2)
            if horizontal:
                ax.axvline(reference, **line_style)
            else:
                ax.axhline(reference, **line_style)
            ax.legend(loc="best")

        # value-axis limits: include 0 and the reference, leave room for labels
        finite = np.concatenate([r, lo, hi, [reference if reference is not None else np.nan]])
        finite = finite[~np.isnan(finite)]
        if finite.size:
            low = min(0.0, float(finite.min()))
            high = float(finite.max())
            pad = (high - low) * (0.15 if annotate else 0.05) or 0.1
            limits = (low - (pad / 3 if low < 0 else 0.0), high + pad)
            (ax.set_xlim if horizontal else ax.set_ylim)(*limits)

        _style_axes(ax, grid="x" if horizontal else "y")
        if percent:
            percent_axis(ax, "x" if horizontal else "y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax


def bar(
    data: pd.DataFrame,
    x: Hashable,
    y: Hashable,
    ax: Axes | None = None,
    hue: Hashable | None = None,
    horizontal: bool = False,
    percent: bool = False,
    title: str | None = None,
    annotate: bool = True,
    color: str | None = None,
) -> Axes:
    """House-style bar chart (e.g. attendees by invitation source), optionally grouped by ``hue``.

    Parameters
    ----------
    data : pandas.DataFrame
        Already aggregated: one row per ``x`` value (per ``x``/``hue`` pair with hue).
        Categories are drawn in order of first appearance.
    x : column name
        Category (tick labels).
    y : column name
        Bar height (numeric; NaN draws no bar).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when None.
    hue : column name, optional
        Second category: side-by-side bars, one colour and legend entry per level.
    horizontal : bool
        Horizontal bars, first category on top.
    percent : bool
        ``y`` holds proportions: value axis and labels as percentages.
    title : str, optional
    annotate : bool
        Write each value at the end of its bar.
    color : str, optional
        Bar colour without ``hue`` (default ``PALETTE['blue']``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; one BarContainer per hue level in ``ax.containers``.

    Raises
    ------
    ParameterError
        Missing or non-numeric column, or repeated ``x`` (``x``/``hue``) values
        (aggregate first, e.g. ``data.groupby(x, as_index=False)[y].sum()``).

    Examples
    --------
    >>> import pandas as pd
    >>> by_source = pd.DataFrame({"source": ["员工邀请", "带客", "合作方邀请"], "n": [7, 16, 15]})
    >>> ax = bar(by_source, "source", "n")
    >>> [float(p.get_height()) for p in ax.patches]
    [7.0, 16.0, 15.0]
    """
    func = "bar"
    _check_ax(ax, func)
    _check_frame(data, func, x=x, y=y, hue=hue)
    heights = _numeric(data, y, func, "y")
    keys = [x] if hue is None else [x, hue]
    dup = data.duplicated(subset=keys, keep=False).to_numpy()
    if dup.any():
        raise ParameterError(
            f"{func}: one bar per {' and '.join(map(repr, keys))} value is drawn, but "
            f"{_rows(data, dup, x)} repeat one; aggregate first, e.g. "
            f"data.groupby({keys!r}, as_index=False)[{y!r}].sum()."
        )
    cats = _categories(data[x])
    order = list(dict.fromkeys(cats))
    levels = list(dict.fromkeys(_categories(data[hue]))) if hue is not None else [None]
    hue_values = _categories(data[hue]) if hue is not None else [None] * len(cats)

    with house_style():
        ax = _get_ax(ax)
        if len(data) == 0:
            return _no_data(ax, title)
        pos = np.arange(len(order), dtype=float)
        width = 0.75 / len(levels) if hue is not None else 0.7
        draw = ax.barh if horizontal else ax.bar
        for j, level in enumerate(levels):
            lookup = {c: h for c, v, h in zip(cats, hue_values, heights) if v == level}
            offsets = pos + (j - (len(levels) - 1) / 2) * width if hue is not None else pos
            values = np.array([lookup.get(c, np.nan) for c in order])
            keep = ~np.isnan(values)
            bar_color = (color or PALETTE["blue"]) if hue is None else CATEGORICAL[j % len(CATEGORICAL)]
            kwargs = {"height" if horizontal else "width": width}
            container = draw(offsets[keep], values[keep], color=bar_color,
                             label=level if level is not None else str(y), **kwargs)
            if annotate:
                ax.bar_label(container, labels=[_fmt_value(v, True) if percent else _fmt_number(v)
                                                for v in values[keep]],
                             padding=2, fontsize=8, color=PALETTE["dark"])
        if horizontal:
            ax.set_yticks(pos, labels=order)
            ax.set_ylim(len(order) - 0.5, -0.5)
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_xticks(pos, labels=order)
            ax.set_xlim(-0.5, len(order) - 0.5)
            ax.tick_params(axis="x", length=0)
        finite = heights[~np.isnan(heights)]
        if finite.size:
            low, high = min(0.0, float(finite.min())), max(0.0, float(finite.max()))
            pad = (high - low) * (0.12 if annotate else 0.05) or 1.0
            limits = (low - (pad if low < 0 else 0.0), high + (pad if high > 0 else 0.0))
            if limits[0] == limits[1]:  # every bar is zero: keep a visible, non-degenerate axis
                limits = (limits[0], limits[0] + 1.0)
            (ax.set_xlim if horizontal else ax.set_ylim)(*limits)
        if hue is not None:
            ax.legend(loc="best")
        _style_axes(ax, grid="x" if horizontal else "y")
        if percent:
            percent_axis(ax, "x" if horizontal else "y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax


# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# The timeline lives in its own module; every chart gets the ``language`` keyword
# ---------------------------------------------------------------------------

from analysis.plots.language import with_language as _with_language  # noqa: E402
from analysis.plots.timeline import timeline  # noqa: E402

funnel = _with_language(funnel, ("step",))
interval_bars = _with_language(interval_bars, ("label",))
timeline = _with_language(timeline, ("label", "group"))
bar = _with_language(bar, ("x", "hue"))
