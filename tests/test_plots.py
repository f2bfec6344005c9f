"""Tests of analysis.plots: assertions on the Axes, not on images.

Interval values are Wilson intervals,
# statsmodels 0.14: proportion_confint(count, nobs, method="wilson")
for the counts named beside each row. The salon row is the reference case
(31 strangers out of 38 attendees, DESIGN.md).
"""

from __future__ import annotations

import os  # noqa: F401 - used by the subprocess test

# No MPLBACKEND here: notebook kernels started by other tests inherit the environment (see conftest.py).
import io  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.errors import AnalysisError, ParameterError  # noqa: E402

NAN = float("nan")


# ---------------------------------------------------------------------------
# Fixtures: small literal frames you can count by eye
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolate_matplotlib():
    """Restore rcParams and close pyplot figures after every test."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def tiers() -> pd.DataFrame:
    """WeChat tier funnel: 480 → 120 → 11 → 5 (hand-made counts)."""
    return pd.DataFrame(
        {
            "tier": ["大众群", "潜在客户群", "精英群", "成交"],
            "members": [480, 120, 11, 5],
            "rate": [NAN, 120 / 480, 11 / 120, 5 / 11],
            # proportion_confint(120, 480), (11, 120), (5, 11), method="wilson"
            "ci_low": [NAN, 0.2133507472842675, 0.05195718284856544, 0.2127127162245977],
            "ci_high": [NAN, 0.29061900225937143, 0.1567084697267091, 0.719908462590678],
        }
    )


@pytest.fixture
def strangers() -> pd.DataFrame:
    """Stranger ratio per event: 31/38 (salon case), 12/30, 18/25."""
    return pd.DataFrame(
        {
            "event": ["家庭关系沙龙", "驻点·超市", "驻点·社区中心"],
            "rate": [31 / 38, 12 / 30, 18 / 25],
            # proportion_confint(31, 38), (12, 30), (18, 25), method="wilson"
            "ci_low": [0.6658114192886859, 0.24590628116801855, 0.5242339480963842],
            "ci_high": [0.9077823481477874, 0.5767963974667754, 0.8571614614904344],
        }
    )


@pytest.fixture
def arrivals() -> pd.DataFrame:
    """Six check-ins at a salon starting 14:00 (hand-made times)."""
    return pd.DataFrame(
        {
            "arrived_at": pd.to_datetime(
                [
                    "2026-05-16 13:52",
                    "2026-05-16 13:58",
                    "2026-05-16 14:03",
                    "2026-05-16 14:05",
                    "2026-05-16 14:20",
                    "2026-05-16 14:41",
                ]
            ),
            "source": ["员工邀请", "带客", "员工邀请", "合作方邀请", "带客", "带客"],
            "name": ["甲", "乙", "丙", "丁", "戊", "己"],
        }
    )


@pytest.fixture
def by_source() -> pd.DataFrame:
    """Attendees by invitation source and customer kind (7 + 31 = 38)."""
    return pd.DataFrame(
        {
            "source": ["员工邀请", "员工邀请", "合作方邀请", "合作方邀请", "带客", "带客"],
            "kind": ["老客户", "陌生客户"] * 3,
            "n": [5, 2, 1, 14, 1, 15],
        }
    )


SALON_START = pd.Timestamp("2026-05-16 14:00")
SALON_END = pd.Timestamp("2026-05-16 15:30")


def _axes() -> plt.Axes:
    """An Axes outside pyplot and outside the house style (the hardest case)."""
    return Figure().subplots()


def _draw_all(tiers, strangers, arrivals, by_source):
    fig = Figure(figsize=(14, 9))
    axs = fig.subplots(2, 2)
    plots.funnel(tiers, "tier", "members", ax=axs[0, 0], rate="rate",
                 ci_low="ci_low", ci_high="ci_high", title="微信群分层漏斗")
    plots.interval_bars(strangers, "event", "rate", "ci_low", "ci_high", ax=axs[0, 1],
                        reference=0.70, reference_label="陌生客户占比标准 70%",
                        title="陌生客户占比")
    plots.timeline(arrivals, "arrived_at", ax=axs[1, 0], group="source", label="name",
                   marks={"开始": SALON_START, "结束": SALON_END}, title="沙龙签到时间")
    plots.bar(by_source, "source", "n", hue="kind", ax=axs[1, 1], title="到场人数（按来源）")
    return fig, axs


# ---------------------------------------------------------------------------
# Font and style
# ---------------------------------------------------------------------------


def test_chinese_figure_renders_without_missing_glyphs(tiers, strangers, arrivals, by_source, caplog):
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, _ = _draw_all(tiers, strangers, arrivals, by_source)
        fig.canvas.draw()
        fig.savefig(io.BytesIO(), format="png")
    glyph = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyph == []
    # every warning raised by drawing (not garbage from earlier tests, e.g. a ResourceWarning about an event loop
    # that the garbage collector happens to report here)
    drawn = [str(w.message) for w in caught if not issubclass(w.category, ResourceWarning)]
    assert drawn == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_glyph_check_catches_missing_glyphs_with_default_font(caplog):
    # Control for the test above: Chinese in DejaVu Sans must be reported.
    caplog.set_level(logging.WARNING, logger="matplotlib")
    fig = Figure()
    fig.subplots().set_title("陌生客户占比", fontfamily="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_chinese_text_resolves_to_noto_sans_cjk(tiers, strangers, arrivals, by_source):
    fig, axs = _draw_all(tiers, strangers, arrivals, by_source)
    fig.canvas.draw()
    funnel_ax, interval_ax = axs[0, 0], axs[0, 1]
    texts = [
        next(t for t in funnel_ax.get_children() if getattr(t, "get_text", lambda: "")() == "微信群分层漏斗"),
        funnel_ax.get_yticklabels()[0],  # 大众群
        interval_ax.get_legend().get_texts()[0],  # 陌生客户占比标准 70%
        axs[1, 0].texts[0],  # a name next to a tick
    ]
    for text in texts:
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert re.search(r"NotoSansCJK", os.path.basename(path)), (text.get_text(), path)
        assert FT2Font(path).family_name == plots.HOUSE_FONT


def test_register_font_returns_mplfonts_file_and_is_idempotent():
    path = plots.register_font()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert path.parent.name == "fonts" and path.parent.parent.name == "mplfonts"
    count = sum(f.fname == str(path) for f in font_manager.fontManager.ttflist)
    assert plots.register_font() == path
    assert sum(f.fname == str(path) for f in font_manager.fontManager.ttflist) == count > 0


def test_importing_the_package_registers_no_font_and_no_pyplot():
    code = (
        "import sys, analysis, analysis.plots\n"
        "from matplotlib import font_manager\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "assert 'mplfonts' not in sys.modules, 'mplfonts imported'\n"
        "assert not any('mplfonts' in f.fname for f in font_manager.fontManager.ttflist)\n"
        "analysis.plots.use_house_style()\n"
        "assert any('mplfonts' in f.fname for f in font_manager.fontManager.ttflist)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported by use_house_style'\n"
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_missing_font_raises_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(plots.core, "_registered_font", None)
    monkeypatch.setattr(plots.core, "_mplfonts_locations", lambda: [])
    with pytest.raises(plots.FontNotFoundError, match="pip install mplfonts") as info:
        plots.use_house_style()
    assert isinstance(info.value, AnalysisError) and isinstance(info.value, RuntimeError)

    monkeypatch.setattr(plots.core, "_mplfonts_locations", lambda: [tmp_path])  # mplfonts without the file
    with pytest.raises(plots.FontNotFoundError, match="NotoSansCJKsc-Regular.otf"):
        with plots.house_style():
            pass


def test_use_house_style_sets_rcparams():
    plots.use_house_style()
    rc = matplotlib.rcParams
    assert rc["font.sans-serif"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]
    assert rc["font.family"] == ["sans-serif"]
    assert rc["axes.unicode_minus"] is False
    assert rc["axes.prop_cycle"].by_key()["color"][0] == plots.PALETTE["blue"]


def test_house_style_is_temporary():
    before = matplotlib.rcParams["font.sans-serif"][:]
    with plots.house_style():
        assert matplotlib.rcParams["font.sans-serif"][0] == plots.HOUSE_FONT
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_plotting_leaves_rcparams_and_input_unchanged(tiers, strangers, arrivals, by_source):
    rc_before = dict(matplotlib.rcParams)
    frames = [f.copy() for f in (tiers, strangers, arrivals, by_source)]
    _draw_all(tiers, strangers, arrivals, by_source)
    assert dict(matplotlib.rcParams) == rc_before
    for original, after in zip(frames, (tiers, strangers, arrivals, by_source)):
        pd.testing.assert_frame_equal(original, after)


def test_palette_and_percent_axis():
    assert set(plots.PALETTE) >= {"blue", "red", "grey"}
    ax = _axes()
    assert plots.percent_axis(ax, "y") is ax
    assert ax.yaxis.get_major_formatter()(0.7) == "70%"
    with pytest.raises(ParameterError, match="'z'"):
        plots.percent_axis(ax, "z")


# ---------------------------------------------------------------------------
# funnel
# ---------------------------------------------------------------------------


def test_funnel_bars_equal_the_data_centred_in_data_order(tiers):
    ax = _axes()
    assert plots.funnel(tiers, "tier", "members", ax=ax) is ax
    bars = ax.containers[0]
    assert isinstance(bars, BarContainer)
    assert [p.get_width() for p in bars] == [480, 120, 11, 5]
    centres = {p.get_x() + p.get_width() / 2 for p in bars}
    assert centres == {240.0}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["大众群", "潜在客户群", "精英群", "成交"]
    ys = [p.get_y() + p.get_height() / 2 for p in bars]
    lo, hi = ax.get_ylim()
    assert lo > hi and ys == sorted(ys)  # y axis inverted: first step on top
    assert [t.get_text() for t in ax.texts] == ["480", "120", "11", "5"]


def test_funnel_labels_show_rate_and_interval(tiers):
    ax = plots.funnel(tiers, "tier", "members", ax=_axes(), rate="rate",
                      ci_low="ci_low", ci_high="ci_high", title="微信群分层漏斗")
    assert [t.get_text() for t in ax.texts] == [
        "480",
        "120 (25.0%, 21.3–29.1%)",
        "11 (9.2%, 5.2–15.7%)",
        "5 (45.5%, 21.3–72.0%)",
    ]
    assert ax.get_title(loc="left") == "微信群分层漏斗"


def test_funnel_does_not_leak_figures_and_creates_one_when_ax_is_none(tiers):
    fig, ax = plt.subplots()
    before = plt.get_fignums()
    assert plots.funnel(tiers, "tier", "members", ax=ax) is ax
    assert plt.get_fignums() == before
    new = plots.funnel(tiers, "tier", "members")
    assert new is not ax and len(plt.get_fignums()) == len(before) + 1


def test_funnel_rejects_bad_values(tiers):
    with pytest.raises(ParameterError, match="'members'.*index 2 \\(精英群\\)"):
        plots.funnel(tiers.assign(members=[480, 120, -1, 5]), "tier", "members", ax=_axes())
    with pytest.raises(ParameterError, match="ci_low and ci_high"):
        plots.funnel(tiers, "tier", "members", ax=_axes(), rate="rate", ci_low="ci_low")
    broken = tiers.assign(ci_low=[NAN, 0.30, 0.05, 0.21])  # 0.30 > 0.25
    with pytest.raises(ParameterError, match="潜在客户群"):
        plots.funnel(broken, "tier", "members", ax=_axes(), rate="rate", ci_low="ci_low", ci_high="ci_high")


def test_empty_data_draws_a_no_data_note(tiers):
    ax = plots.funnel(tiers.iloc[0:0], "tier", "members", ax=_axes())
    assert [t.get_text() for t in ax.texts] == ["无数据"]


# ---------------------------------------------------------------------------
# interval_bars
# ---------------------------------------------------------------------------


def test_interval_bars_extents_equal_ci_and_reference_at_070(strangers):
    ax = _axes()
    before = plt.get_fignums()
    out = plots.interval_bars(strangers, "event", "rate", "ci_low", "ci_high", ax=ax,
                              reference=0.70, reference_label="陌生客户占比标准 70%")
    assert out is ax and plt.get_fignums() == before
    container = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    points, _, (bars,) = container.lines
    np.testing.assert_array_equal(points.get_xdata(), strangers["rate"])
    segments = bars.get_segments()
    np.testing.assert_array_equal([s[0][0] for s in segments], strangers["ci_low"])
    np.testing.assert_array_equal([s[1][0] for s in segments], strangers["ci_high"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["家庭关系沙龙", "驻点·超市", "驻点·社区中心"]
    (ref,) = [line for line in ax.lines if line.get_gid() == "reference"]
    assert list(ref.get_xdata()) == [0.70, 0.70]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["陌生客户占比标准 70%"]
    assert ax.xaxis.get_major_formatter()(0.7) == "70%"
    assert [t.get_text() for t in ax.texts] == ["81.6%", "40.0%", "72.0%"]


def test_interval_bars_vertical(strangers):
    ax = plots.interval_bars(strangers, "event", "rate", "ci_low", "ci_high", ax=_axes(),
                             horizontal=False, reference=0.70)
    (bars,) = next(c for c in ax.containers if isinstance(c, ErrorbarContainer)).lines[2]
    np.testing.assert_array_equal([s[0][1] for s in bars.get_segments()], strangers["ci_low"])
    np.testing.assert_array_equal([s[1][1] for s in bars.get_segments()], strangers["ci_high"])
    (ref,) = [line for line in ax.lines if line.get_gid() == "reference"]
    assert list(ref.get_ydata()) == [0.70, 0.70]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(strangers["event"])


def test_interval_bars_skips_nan_rows_but_keeps_their_labels(strangers):
    data = strangers.assign(rate=[31 / 38, NAN, 0.72], ci_high=[0.9077823481477874, NAN, NAN])
    ax = plots.interval_bars(data, "event", "rate", "ci_low", "ci_high", ax=_axes())
    (bars,) = next(c for c in ax.containers if isinstance(c, ErrorbarContainer)).lines[2]
    assert len(bars.get_segments()) == 1  # only the complete row has whiskers
    assert len(ax.get_yticklabels()) == 3


@pytest.mark.parametrize(
    ("column", "values"),
    [("ci_low", [0.6658, 0.45, 0.5242]), ("ci_high", [0.9078, 0.5768, 0.70])],
    ids=["ci_low_above_rate", "ci_high_below_rate"],
)
def test_interval_bars_rejects_interval_not_containing_rate(strangers, column, values):
    broken = strangers.assign(**{column: values})
    with pytest.raises(ParameterError, match="ci_low <= rate <= ci_high") as info:
        plots.interval_bars(broken, "event", "rate", "ci_low", "ci_high", ax=_axes())
    offending = "驻点·超市" if column == "ci_low" else "驻点·社区中心"
    assert offending in str(info.value)
    assert "家庭关系沙龙" not in str(info.value)


# ---------------------------------------------------------------------------
# timeline
# ---------------------------------------------------------------------------


def test_timeline_one_tick_per_arrival_by_group_with_marks(arrivals):
    ax = _axes()
    before = plt.get_fignums()
    out = plots.timeline(arrivals, "arrived_at", ax=ax, group="source",
                         marks={"开始": SALON_START, "结束": SALON_END})
    assert out is ax and plt.get_fignums() == before
    lanes = {line.get_gid(): line for line in ax.lines if line.get_gid().startswith("timeline")}
    assert list(lanes) == ["timeline:员工邀请", "timeline:带客", "timeline:合作方邀请"]
    drawn = np.sort(np.concatenate([mdates.date2num(line.get_xdata()) for line in lanes.values()]))
    np.testing.assert_array_equal(drawn, np.sort(mdates.date2num(arrivals["arrived_at"].to_numpy())))
    assert len(lanes["timeline:带客"].get_xdata()) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["员工邀请", "带客", "合作方邀请"]
    marks = {line.get_gid(): mdates.date2num(line.get_xdata()[0]) for line in ax.lines
             if line.get_gid().startswith("mark:")}
    assert marks == {
        "mark:开始": mdates.date2num(SALON_START.to_datetime64()),
        "mark:结束": mdates.date2num(SALON_END.to_datetime64()),
    }
    assert {"开始", "结束"} <= {t.get_text() for t in ax.texts}


def test_timeline_axis_reads_hh_mm_within_a_day(arrivals):
    ax = plots.timeline(arrivals, "arrived_at", ax=_axes())
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d\d:\d\d", s) for s in labels)
    assert "14:00" in labels
    assert ax.get_xlabel() == "2026-05-16"


def test_timeline_keeps_wall_clock_of_tz_aware_times(arrivals):
    aware = arrivals.assign(arrived_at=arrivals["arrived_at"].dt.tz_localize("Asia/Shanghai"))
    ax = plots.timeline(aware, "arrived_at", ax=_axes(),
                        marks={"开始": pd.Timestamp("2026-05-16 06:00", tz="UTC")})  # = 14:00 Shanghai
    (line,) = [x for x in ax.lines if x.get_gid() == "timeline"]
    np.testing.assert_array_equal(mdates.date2num(line.get_xdata()),
                                  mdates.date2num(arrivals["arrived_at"].to_numpy()))
    (mark,) = [x for x in ax.lines if x.get_gid() == "mark:开始"]
    assert mdates.date2num(mark.get_xdata()[0]) == mdates.date2num(SALON_START.to_datetime64())


def test_timeline_over_several_days_shows_dates():
    days = pd.DataFrame({"captured_at": pd.to_datetime(["2026-05-01", "2026-05-04", "2026-05-12"])})
    ax = plots.timeline(days, "captured_at", ax=_axes())
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and not any(re.fullmatch(r"\d\d:\d\d", s) for s in labels)
    assert any(re.fullmatch(r"\d\d-\d\d", s) for s in labels)


def test_timeline_missing_times_are_counted_not_drawn(arrivals):
    data = arrivals.assign(arrived_at=arrivals["arrived_at"].mask(arrivals.index == 1))
    ax = plots.timeline(data, "arrived_at", ax=_axes(), label="name")
    (line,) = [x for x in ax.lines if x.get_gid() == "timeline"]
    assert len(line.get_xdata()) == 5
    assert "1 条记录缺少时间，未显示" in [t.get_text() for t in ax.texts]
    assert "乙" not in [t.get_text() for t in ax.texts]


def test_timeline_rejects_unreadable_times_and_marks(arrivals):
    text_times = pd.DataFrame({"arrived_at": ["2026-05-16 14:00", "下午两点"]})
    with pytest.raises(ParameterError, match="index 1"):
        plots.timeline(text_times, "arrived_at", ax=_axes())
    with pytest.raises(ParameterError, match="mark '结束'"):
        plots.timeline(arrivals, "arrived_at", ax=_axes(), marks={"结束": "不知道"})


# ---------------------------------------------------------------------------
# bar
# ---------------------------------------------------------------------------


def test_bar_heights_equal_the_data():
    data = pd.DataFrame({"source": ["员工邀请", "合作方邀请", "带客"], "n": [7, 15, 16]})
    ax = _axes()
    before = plt.get_fignums()
    assert plots.bar(data, "source", "n", ax=ax) is ax
    assert plt.get_fignums() == before
    assert [p.get_height() for p in ax.patches] == [7, 15, 16]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["员工邀请", "合作方邀请", "带客"]
    assert [t.get_text() for t in ax.texts] == ["7", "15", "16"]


def test_bar_with_hue_groups_bars(by_source):
    ax = plots.bar(by_source, "source", "n", hue="kind", ax=_axes())
    old, new = ax.containers
    assert [p.get_height() for p in old] == [5, 1, 1]
    assert [p.get_height() for p in new] == [2, 14, 15]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["老客户", "陌生客户"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["员工邀请", "合作方邀请", "带客"]


def test_bar_horizontal_widths_equal_the_data():
    data = pd.DataFrame({"segment": ["大众群", "精英群"], "share": [0.62, 0.09]})
    ax = plots.bar(data, "segment", "share", ax=_axes(), horizontal=True, percent=True)
    assert [p.get_width() for p in ax.patches] == [0.62, 0.09]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["大众群", "精英群"]
    assert [t.get_text() for t in ax.texts] == ["62.0%", "9.0%"]


def test_bar_rejects_repeated_categories(by_source):
    with pytest.raises(ParameterError, match="aggregate first"):
        plots.bar(by_source, "source", "n", ax=_axes())


# ---------------------------------------------------------------------------
# Shared negative case: a missing column is named
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda d, ax: plots.funnel(d["tiers"], "tier", "nope", ax=ax),
        lambda d, ax: plots.funnel(d["tiers"], "tier", "members", ax=ax, rate="nope"),
        lambda d, ax: plots.interval_bars(d["strangers"], "event", "nope", "ci_low", "ci_high", ax=ax),
        lambda d, ax: plots.timeline(d["arrivals"], "nope", ax=ax),
        lambda d, ax: plots.timeline(d["arrivals"], "arrived_at", ax=ax, group="nope"),
        lambda d, ax: plots.bar(d["by_source"], "source", "nope", ax=ax),
    ],
    ids=["funnel", "funnel_rate", "interval_bars", "timeline", "timeline_group", "bar"],
)
def test_missing_column_is_named(call, tiers, strangers, arrivals, by_source):
    frames = {"tiers": tiers, "strangers": strangers, "arrivals": arrivals, "by_source": by_source}
    before = plt.get_fignums()
    with pytest.raises(ParameterError, match="column 'nope'.*not found") as info:
        call(frames, None)
    assert "Available columns" in str(info.value)
    assert plt.get_fignums() == before  # no figure is created before validation
