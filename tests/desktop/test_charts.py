"""The charts draw the engine's numbers, in dollars and plain text, and export valid files.

Pitches here give explicit prices (no catalog model), so every expected figure is worked out by hand:
a block of 1,000 input tokens at $1 / M and 100 output tokens at $2 / M costs $0.001 + $0.0002 = $0.0012 a
call; at 1,000 actions a day for 30 days that is 30,000 calls, $36 per user-month. A $10 subscription at
a 50% target margin (no fee, inference all of the cost) leaves a $5 budget: a 7.2x drop, one order away.
"""

from __future__ import annotations

import math
import struct
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import desktop.charts.pyqtgraph_overrides as overrides
from core.analysis import Analysis
from core.formatting import format_money_axis, format_money_full, format_month, format_orders, format_quantity
from core.pitch import Business, FeatureBlock, Pitch, PriceSpec, ReferenceLine
from core.uncertainty import SensitivityRow
from core.verdict import Verdict
from desktop.charts.axes import DollarLogAxis, YearAxis
from desktop.charts.base import EMPTY_ALL_DISABLED, EMPTY_FREE, EMPTY_NO_BLOCKS, ChartBase
from desktop.charts.breakdown_chart import MAX_BARS, BreakdownChart
from desktop.charts.common import decimal_year
from desktop.charts.probability_chart import SIMULATING, ProbabilityChart
from desktop.charts.projection_chart import PASSED_WORDS, WINDOW_WORDS, ProjectionChart
from desktop.charts.sensitivity_chart import NOTHING_TO_VARY, SensitivityChart, hover_sentence
from desktop.theme import DARK, LIGHT, PRESENTATION, verdict_color
from tests.desktop.helpers import (
    analysis_of,
    breakdown_drawn,
    empty_text,
    hover_at,
    probability_drawn,
    projection_drawn,
    sensitivity_drawn,
)

AS_OF = date(2026, 1, 1)
HOSTILE = "<img src=http://x/y.png>"
CHARTS = (ProjectionChart, BreakdownChart, ProbabilityChart, SensitivityChart)
SEED_FAST = 10 ** (12 / 18)  # contract section 4: seed-rule's fast decline, 10x per 18 months


def block(
    name: str = "Chat",
    *,
    actions: float = 1000.0,
    input_price: float = 1.0,
    output_price: float = 2.0,
    enabled: bool = True,
    ranges: dict[str, tuple[float, float]] | None = None,
) -> FeatureBlock:
    return FeatureBlock(
        name=name,
        enabled=enabled,
        price=PriceSpec(input_per_mtok=input_price, output_per_mtok=output_price),
        input_tokens=1000.0,
        output_tokens=100.0,
        calls_per_action=1.0,
        actions_per_day=actions,
        ranges=ranges or {},
    )


def pitch(*blocks: FeatureBlock, refs: tuple[ReferenceLine, ...] = ()) -> Pitch:
    return Pitch(
        format="computecurve.pitch",
        schema_version=2,
        name="Test pitch",
        as_of=AS_OF,
        business=Business(price_per_user_month=10.0, target_gross_margin=0.5),
        blocks=blocks,
        reference_lines=refs,
    )


def point(p: Pitch, today: date = AS_OF) -> Analysis:
    """The analysis of ``p`` as the service makes it (point values and sensitivity), "today" pinned."""
    return analysis_of(p, today=today)


def with_mc(p: Pitch, today: date = AS_OF) -> Analysis:
    """The same with its Monte Carlo (2,000 samples)."""
    return analysis_of(p, today=today, monte_carlo=True)


def shown(qtbot: QtBot, cls: type[ChartBase]) -> ChartBase:
    chart = cls()
    qtbot.addWidget(chart)
    chart.resize(800, 450)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


# --------------------------------------------------------------------------------------------------
# Axes and numbers
# --------------------------------------------------------------------------------------------------


def test_dollar_axis_labels_log_values_in_dollars(qtbot: QtBot) -> None:
    axis = DollarLogAxis("left")
    assert axis.tickStrings([-2, 0, 2], 1.0, 1.0) == ["$0.01", "$1", "$100"]
    assert axis.tickStrings([4, math.log10(2), math.log10(0.5)], 1.0, 1.0) == ["$10,000", "$2", "$0.5"]
    assert axis.autoSIPrefix is False


def test_dollar_axis_ticks_fall_on_decades(qtbot: QtBot) -> None:
    axis = DollarLogAxis("left")
    levels = axis.tickValues(-2.3, 3.4, 400)
    assert levels[0][1] == [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    labels = axis.tickStrings(levels[0][1], 1.0, 1.0)
    assert labels == ["$0.01", "$0.1", "$1", "$10", "$100", "$1,000"]
    if len(levels) > 1 and levels[1][1]:
        # minor ticks (2x..9x of each decade) carry no label
        assert set(axis.tickStrings(levels[1][1], 1.0, 1.0)) == {""}


def test_money_ticks_are_the_chart_rule(qtbot: QtBot) -> None:
    # ticks follow core.formatting.format_money_axis: at most 3 significant figures, no padding zeros
    axis = DollarLogAxis("left")
    values = [math.log10(v) for v in (0.01, 1.0, 0.2, 2.5, 0.001, 1e6, 12_345.0)]
    expected = ["$0.01", "$1", "$0.2", "$2.5", "$0.001", "$1,000,000", "$12,300"]
    assert axis.tickStrings(values, 1.0, 1.0) == expected
    assert [format_money_axis(10**v) for v in values] == expected


def test_quantity_format() -> None:
    assert format_quantity(96.6) == "96.6"
    assert format_quantity(100.0) == "100"
    assert format_quantity(12000.0) == "12,000"
    assert format_quantity(0.2939) == "0.294"


def test_year_axis_labels_years(qtbot: QtBot) -> None:
    axis = YearAxis("bottom")
    assert axis.tickStrings([2027.0, 2028.0], 1.0, 1.0) == ["2027", "2028"]
    values = axis.tickValues(2026.0, 2032.0, 700)[0][1]
    assert values == [2026.0, 2027.0, 2028.0, 2029.0, 2030.0, 2031.0, 2032.0]
    # 2026-07-02 is day 182 (from 0) of a 365-day year
    assert decimal_year(date(2026, 7, 2)) == pytest.approx(2026 + 182 / 365)


# --------------------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------------------


def test_projection_draws_the_engines_curves_on_a_log_axis(qtbot: QtBot) -> None:
    analysis = point(pitch(block()))
    ev = analysis.evaluation
    assert ev is not None
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(analysis)
    d = projection_drawn(chart)

    # today's cost, worked out by hand (module docstring), at month 0 of both curves
    assert d["fast"][0] == pytest.approx(math.log10(36.0))
    assert d["slow"][0] == pytest.approx(math.log10(36.0))
    # a year on, the fast curve has fallen by the fast factor
    assert d["fast"][12] == pytest.approx(math.log10(36.0 / SEED_FAST))
    np.testing.assert_array_equal(d["fast"], np.log10(ev.projection.fast))
    np.testing.assert_array_equal(d["slow"], np.log10(ev.projection.slow))
    assert len(d["x"]) == 73
    assert d["x"][0] == pytest.approx(decimal_year(AS_OF))
    assert d["x"][-1] == pytest.approx(AS_OF.year + 6, abs=2 / 365)

    assert d["budget"] == pytest.approx(math.log10(5.0))
    assert d["budget_label"] == "budget $5.00"  # the money rule, as the verdict panel writes the budget
    y0, y1 = d["y_range"]
    assert y0 < math.log10(5.0) < y1
    assert y0 < d["fast"].min() and d["slow"].max() < y1
    assert d["as_of"] == pytest.approx(decimal_year(AS_OF))

    # one order away: shaded from the fast arrival, log10(7.2) / (12/18) years on, to the slow one
    assert ev.verdict is Verdict.ONE_ORDER
    years_fast = math.log10(7.2) / (12 / 18)
    earliest = AS_OF + timedelta(days=round(years_fast * 365.25))
    assert d["window"][0] == pytest.approx(decimal_year(earliest), abs=1.5 / 365)
    assert d["window_color"] == verdict_color(Verdict.ONE_ORDER).name()
    assert chart.money_axis.tickStrings([-2, 0, 2], 1.0, 1.0) == ["$0.01", "$1", "$100"]


def test_projection_fan_from_monte_carlo(qtbot: QtBot) -> None:
    p = pitch(block(ranges={"actions_per_day": (300.0, 3000.0)}))
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(point(p))
    assert "fan_p50" not in projection_drawn(chart)
    analysis = with_mc(p)
    mc = analysis.uncertainty
    assert mc is not None
    chart.show_uncertainty(analysis)
    d = projection_drawn(chart)
    np.testing.assert_allclose(d["fan_p10"], np.log10(mc.fan_p10))
    np.testing.assert_allclose(d["fan_p50"], np.log10(mc.fan_p50))
    np.testing.assert_allclose(d["fan_p90"], np.log10(mc.fan_p90))
    y0, y1 = d["y_range"]
    assert y0 < d["fan_p10"].min() and d["fan_p90"].max() < y1
    assert len(chart.legend.entries) == 4
    # a new pitch: the old fan no longer applies
    chart.show_analysis(point(pitch(block(actions=500.0))))
    assert "fan_p50" not in projection_drawn(chart)
    assert len(chart.legend.entries) == 2


def test_the_projection_legend_shows_the_fan_entries_again_without_building_them_again(qtbot: QtBot) -> None:
    """Each edit drops the Monte Carlo's two legend entries and its result brings them back: the same
    words and swatches in the same order each time, nothing else of the legend on screen, and the entries
    kept (hidden) in between rather than built anew."""
    p = pitch(block(ranges={"actions_per_day": (300.0, 3000.0)}))
    chart = shown(qtbot, ProjectionChart)
    legend = chart.legend

    def on_screen() -> list[str]:
        return [label.text() for _, label in legend.entries if label.isVisibleTo(legend)]

    def shown_boxes() -> int:
        return sum(1 for box in legend.children() if isinstance(box, QWidget) and box.isVisibleTo(legend))

    chart.show_analysis(point(p))
    chart.show_uncertainty(with_mc(p))
    four = ["fast decline", "slow decline", "Monte Carlo P10–P90", "Monte Carlo median"]
    assert on_screen() == four and shown_boxes() == 4
    first = [(swatch, label) for swatch, label in legend.entries]
    fan_brush = first[2][0].brush
    assert fan_brush is not None and first[2][0].pen is None
    for _ in range(3):
        chart.show_analysis(point(p))  # an edit: the fan no longer applies
        assert on_screen() == ["fast decline", "slow decline"] and shown_boxes() == 2
        chart.show_uncertainty(with_mc(p))
        assert on_screen() == four and shown_boxes() == 4
    assert legend.entries == first  # the same widgets, shown again
    assert legend.entries[2][0].brush == fan_brush and legend.entries[3][0].pen is not None


def test_projection_updates_items_in_place(qtbot: QtBot) -> None:
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(point(pitch(block())))
    items = list(chart.plot_item.items)
    fast = chart._fast
    chart.show_analysis(point(pitch(block(actions=100.0))))
    assert chart.plot_item.items == items
    assert chart._fast is fast
    assert projection_drawn(chart)["fast"][0] == pytest.approx(math.log10(3.6))


def test_projection_reference_lines_are_plain_text(qtbot: QtBot) -> None:
    refs = (
        ReferenceLine(label=HOSTILE, usd_per_month=20.0),
        ReferenceLine(label="{value} salary", usd_per_month=8000.0),
    )
    analysis = point(pitch(block(), refs=refs))
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(analysis)
    d = projection_drawn(chart)
    assert d["references"] == [
        (f"{HOSTILE} $20", pytest.approx(math.log10(20.0))),
        ("{value} salary $8,000", pytest.approx(math.log10(8000.0))),
    ]
    _line, label = chart._refs[0]
    assert label.toPlainText() == f"{HOSTILE} $20"
    assert d["y_range"][1] > math.log10(8000.0)  # every reference line in view


def test_projection_hover_shows_exact_values(qtbot: QtBot) -> None:
    analysis = point(pitch(block()))
    ev = analysis.evaluation
    assert ev is not None
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(analysis)
    x = projection_drawn(chart)["x"][24]
    text = hover_at(chart, x, math.log10(5.0))
    assert format_month(ev.projection.dates[24]) in text
    assert f"fast decline: {format_money_full(float(ev.projection.fast[24]))}" in text
    assert f"slow decline: {format_money_full(float(ev.projection.slow[24]))}" in text
    assert "budget: $5" in text
    assert chart._cursor.isVisible()


# --------------------------------------------------------------------------------------------------
# Breakdown
# --------------------------------------------------------------------------------------------------


def test_breakdown_sorted_descending_without_disabled_blocks(qtbot: QtBot) -> None:
    analysis = point(
        pitch(
            block("Small", actions=10.0),  # $0.36
            block("Big", actions=1000.0),  # $36
            block("Off", actions=100_000.0, enabled=False),  # would be $3,600
            block(HOSTILE, actions=100.0),  # $3.60
        )
    )
    chart = shown(qtbot, BreakdownChart)
    chart.show_analysis(analysis)
    d = breakdown_drawn(chart)
    assert d["names"] == ["Big", HOSTILE, "Small"]
    np.testing.assert_allclose(d["cost"], [36.0, 3.6, 0.36])
    np.testing.assert_allclose(d["share"], [36 / 39.96, 3.6 / 39.96, 0.36 / 39.96])
    assert d["y"][0] > d["y"][1] > d["y"][2]  # the most expensive on top
    assert d["labels"][0] == "$36.00 · 90%"  # the money rule, as the blocks table writes it
    # the hostile name is drawn literally by the axis
    assert chart.name_axis.tickStrings([d["y"][1]], 1.0, 1.0) == [HOSTILE]
    text = hover_at(chart, 1.0, d["y"][0])
    assert text.startswith("Big\n$36 per active user-month, 90% of the cost")


def test_breakdown_gathers_the_cheapest_blocks(qtbot: QtBot) -> None:
    blocks = [block(f"Block {i}", actions=float(i + 1)) for i in range(MAX_BARS + 3)]
    chart = shown(qtbot, BreakdownChart)
    chart.show_analysis(point(pitch(*blocks)))
    d = breakdown_drawn(chart)
    assert len(d["names"]) == MAX_BARS
    assert d["names"][0] == f"Block {MAX_BARS + 2}"
    assert d["names"][-1] == "4 other blocks"
    # the four cheapest: 1 + 2 + 3 + 4 actions a day at $0.036 each a month
    assert d["cost"][-1] == pytest.approx(10 * 0.036)


def test_breakdown_elides_long_names(qtbot: QtBot) -> None:
    long_name = "A very long block name " * 20
    chart = shown(qtbot, BreakdownChart)
    chart.show_analysis(point(pitch(block(long_name))))
    shown_name = breakdown_drawn(chart)["names"][0]
    assert shown_name.endswith("…") and len(shown_name) < len(long_name)
    assert chart.name_axis.width() < chart.width() / 2


# --------------------------------------------------------------------------------------------------
# P(viable by date)
# --------------------------------------------------------------------------------------------------


def test_probability_curve_from_monte_carlo(qtbot: QtBot) -> None:
    p = pitch(block(ranges={"actions_per_day": (300.0, 3000.0)}))
    chart = shown(qtbot, ProbabilityChart)
    chart.show_analysis(point(p))
    assert empty_text(chart) == SIMULATING
    analysis = with_mc(p)
    mc = analysis.uncertainty
    assert mc is not None
    chart.show_uncertainty(analysis)
    assert not chart.is_empty()
    d = probability_drawn(chart)
    np.testing.assert_allclose(d["p"], 100 * mc.p_viable_by_month)
    assert len(d["x"]) == 121
    assert d["x"][0] == pytest.approx(decimal_year(AS_OF))
    assert d["x"][-1] == pytest.approx(AS_OF.year + 10, abs=2 / 365)
    assert d["guides"] == [10.0, 50.0, 90.0]
    ev = analysis.evaluation
    assert ev is not None and ev.arrival.earliest is not None and ev.arrival.latest is not None
    assert d["window"] == pytest.approx((decimal_year(ev.arrival.earliest), decimal_year(ev.arrival.latest)))
    assert d["window_color"] == verdict_color(ev.verdict).name()
    assert mc.arrival_p50 is not None
    assert f"50% by {format_month(mc.arrival_p50)}" in d["marks"]
    # an edit: the old curve stays, faded, until the new result
    chart.show_analysis(point(pitch(block(actions=900.0))))
    assert not chart.is_empty()
    assert probability_drawn(chart)["stale"] is True
    assert chart.show_uncertainty(point(pitch(block(actions=900.0)))) is None  # no Monte Carlo in it yet
    assert empty_text(chart) == SIMULATING


# --------------------------------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------------------------------


def test_tornado_matches_the_sensitivity_rows(qtbot: QtBot) -> None:
    analysis = point(pitch(block(HOSTILE, ranges={"actions_per_day": (30.0, 10_000.0)}), block("Other")))
    ev = analysis.evaluation
    assert ev is not None and ev.orders_of_magnitude is not None
    rows = analysis.sensitivity[:8]
    assert len(analysis.sensitivity) > 8  # the chart shows only the top eight
    chart = shown(qtbot, SensitivityChart)
    chart.show_analysis(analysis)
    d = sensitivity_drawn(chart)
    assert d["full_labels"] == [r.label for r in rows]
    np.testing.assert_allclose(d["low"], [r.oom_low for r in rows])
    np.testing.assert_allclose(d["high"], [r.oom_high for r in rows])
    assert d["current"] == pytest.approx(ev.orders_of_magnitude)
    # the widest input first: actions per day of the first block, 30..10,000 (1,000 today: $36 + $36 in all)
    # swings from log10((1.08 + 36) / 5) to log10((360 + 36) / 5), more than the price's x0.5..x2 (log10 4)
    assert rows[0].label == f"actions per day · {HOSTILE}"
    assert d["low"][0] == pytest.approx(math.log10((1.08 + 36.0) / 5))
    assert d["high"][0] == pytest.approx(math.log10((360.0 + 36.0) / 5))
    assert d["labels"][0] == f"actions per day · {HOSTILE}"  # plain text on the axis
    assert 1.0 in d["edges"]
    text = hover_at(chart, d["current"], d["y"][0])
    assert text.splitlines()[0] == rows[0].label
    assert "low 30 → 0.87 OOM, high 10,000 → 1.90 OOM" in text


def test_a_short_tornado_draws_the_largest_swings_that_fit(qtbot: QtBot) -> None:
    """Row names never overlap: a chart too short for eight legible rows draws the largest swings that fit
    (three at least), and all eight again once it is tall enough."""
    analysis = point(pitch(block(HOSTILE, ranges={"actions_per_day": (30.0, 10_000.0)}), block("Other")))
    chart = shown(qtbot, SensitivityChart)
    chart.show_analysis(analysis)
    assert len(sensitivity_drawn(chart)["full_labels"]) == 8
    chart.resize(400, 200)
    qtbot.waitUntil(lambda: len(sensitivity_drawn(chart)["full_labels"]) < 8)
    d = sensitivity_drawn(chart)
    assert d["full_labels"] == [r.label for r in analysis.sensitivity[: len(d["full_labels"])]]
    assert len(d["full_labels"]) >= 3
    line = QFontMetrics(chart.chart_font()).height()
    slot = chart.view_box.height() / (chart.view_box.viewRange()[1][1] - chart.view_box.viewRange()[1][0])
    assert len(d["full_labels"]) == 3 or slot >= line  # one row's slot holds a line of text
    chart.resize(800, 450)
    qtbot.waitUntil(lambda: len(sensitivity_drawn(chart)["full_labels"]) == 8)


def test_tornado_hover_sentence() -> None:
    row = SensitivityRow(
        block_index=0,
        field="actions_per_day",
        label="actions per day · Background",
        value=200.0,
        low=100.0,
        high=300.0,
        from_range=True,
        oom_low=1.02,
        oom_high=1.49,
        swing=0.47,
        verdict=Verdict.TWO_ORDERS,
        better_verdict=Verdict.ONE_ORDER,
        better_at=96.6,
        worse_verdict=None,
        worse_at=None,
    )
    assert hover_sentence(row) == "low 100 → 1.02 OOM, high 300 → 1.49 OOM; one order away at 96.6"


# --------------------------------------------------------------------------------------------------
# Empty states
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CHARTS)
def test_empty_states(qtbot: QtBot, cls: type[ChartBase]) -> None:
    chart = shown(qtbot, cls)
    bad = FeatureBlock(
        name="Bad",
        model="nope:missing",
        input_tokens=1.0,
        output_tokens=1.0,
        calls_per_action=1.0,
        actions_per_day=1.0,
    )
    error = point(pitch(bad))
    assert error.evaluation is None and error.error is not None
    chart.show_analysis(error)
    assert chart.is_empty()
    # the problem in the user's words: the block by its name, the field by its label
    assert empty_text(chart).startswith("Fix the pitch to see the chart:\nBad · Model: unknown model")
    chart.show_uncertainty(error)

    chart.show_analysis(point(pitch()))
    assert empty_text(chart) == EMPTY_NO_BLOCKS
    chart.show_analysis(point(pitch(block(enabled=False))))
    assert empty_text(chart) == EMPTY_ALL_DISABLED
    free = with_mc(pitch(block(input_price=0.0, output_price=0.0)))
    chart.show_analysis(free)
    assert empty_text(chart) == (NOTHING_TO_VARY if cls is SensitivityChart else EMPTY_FREE)
    chart.show_uncertainty(free)
    assert chart.is_empty()

    # and back to a chart
    good = with_mc(pitch(block()))
    chart.show_analysis(good)
    chart.show_uncertainty(good)
    assert not chart.is_empty() and empty_text(chart) == ""


def test_empty_state_error_text_is_plain(qtbot: QtBot) -> None:
    chart = shown(qtbot, ProjectionChart)
    bad = FeatureBlock(
        name="Bad",
        model="x:<b>bold</b>",
        input_tokens=1.0,
        output_tokens=1.0,
        calls_per_action=1.0,
        actions_per_day=1.0,
    )
    chart.show_analysis(point(pitch(bad)))
    assert "<b>bold</b>" in empty_text(chart)
    assert chart._empty.textFormat().name == "PlainText"


# --------------------------------------------------------------------------------------------------
# Themes, type, export
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CHARTS)
def test_theme_and_font_scale(qtbot: QtBot, cls: type[ChartBase]) -> None:
    chart = shown(qtbot, cls)
    analysis = with_mc(pitch(block(ranges={"actions_per_day": (300.0, 3000.0)})))
    chart.show_analysis(analysis)
    base = chart.plot_item.getAxis("left").tick_font.pointSizeF()
    chart.set_theme(DARK)
    assert chart.plot.backgroundBrush().color().name() == DARK.background
    chart.set_theme(PRESENTATION)
    chart.set_font_scale(1.5)
    assert chart.plot_item.getAxis("left").tick_font.pointSizeF() == pytest.approx(base * 1.5)
    chart.set_font_scale(0.5)  # never below the platform default
    assert chart.plot_item.getAxis("left").tick_font.pointSizeF() == pytest.approx(base)
    chart.set_theme(LIGHT)
    assert chart.plot.backgroundBrush().color().name() == LIGHT.background


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("cls", CHARTS)
def test_export_png_and_svg(qtbot: QtBot, tmp_path: Path, cls: type[ChartBase]) -> None:
    chart = shown(qtbot, cls)
    analysis = with_mc(pitch(block(HOSTILE, ranges={"actions_per_day": (300.0, 3000.0)})))
    chart.show_analysis(analysis)

    png = tmp_path / "chart.png"
    chart.export_png(png)
    data = png.read_bytes()
    ratio = chart.devicePixelRatioF()
    assert _png_size(data) == (round(800 * ratio), round(450 * ratio))
    image = QImage(str(png))
    assert not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 3  # not a blank picture

    svg = tmp_path / "chart.svg"
    chart.export_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text
    root = ET.fromstring(text)  # well-formed XML
    assert root.tag.endswith("svg")
    tags = {el.tag.rpartition("}")[2] for el in root.iter()}
    assert tags & {"path", "polyline", "polygon", "rect", "line"}
    assert "text" in tags


def test_export_of_an_empty_chart(qtbot: QtBot, tmp_path: Path) -> None:
    chart = shown(qtbot, ProjectionChart)
    chart.export_svg(tmp_path / "empty.svg")
    ET.fromstring((tmp_path / "empty.svg").read_text(encoding="utf-8"))
    chart.export_png(tmp_path / "empty.png")
    assert (tmp_path / "empty.png").stat().st_size > 0


def test_export_to_a_missing_folder_raises(qtbot: QtBot, tmp_path: Path) -> None:
    chart = shown(qtbot, BreakdownChart)
    with pytest.raises(OSError):
        chart.export_png(tmp_path / "no" / "such" / "folder" / "chart.png")


@pytest.mark.parametrize("cls", CHARTS)
def test_context_menu_offers_exports(qtbot: QtBot, cls: type[ChartBase]) -> None:
    chart = shown(qtbot, cls)
    menu = chart.context_menu()
    assert [a.text() for a in menu.actions()] == ["Export PNG…", "Export SVG…"]
    menu.deleteLater()
    # pyqtgraph's own menus (with their broken SVG export and log mode) are off
    assert not chart.view_box.menuEnabled()
    assert not chart.plot_item.menuEnabled()


def test_right_click_opens_the_charts_own_menu(qtbot: QtBot) -> None:
    chart = shown(qtbot, SensitivityChart)
    opened: list[list[str]] = []

    class Menu:
        def __init__(self, real: object) -> None:
            self.real = real

        def exec(self, *args: object) -> None:
            opened.append([a.text() for a in self.real.actions()])  # type: ignore[attr-defined]

        def deleteLater(self) -> None:
            self.real.deleteLater()  # type: ignore[attr-defined]

    real_menu = chart.context_menu
    chart.context_menu = lambda: Menu(real_menu())  # type: ignore[method-assign,assignment,return-value]
    viewport = chart.plot.viewport()
    at = QPoint(400, 200)
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    )
    assert opened == [["Export PNG…", "Export SVG…"]]


# --------------------------------------------------------------------------------------------------
# Cheap updates: an edit redraws what changed, once, and draws the same pixels
# --------------------------------------------------------------------------------------------------


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(30)
    QApplication.processEvents()


@pytest.mark.parametrize("cls", (ProjectionChart, BreakdownChart, SensitivityChart))
def test_an_edit_repaints_each_chart_once(qtbot: QtBot, cls: type[ChartBase]) -> None:
    chart = shown(qtbot, cls)
    chart.show_analysis(point(pitch(block("A"), block("B", actions=300.0))))
    _settle(qtbot)
    counter = _PaintCounter()
    chart.plot.viewport().installEventFilter(counter)
    # new numbers, the same bars: the view's range changes, nothing moves while it paints
    chart.show_analysis(point(pitch(block("A", actions=1200.0), block("B", actions=300.0))))
    _settle(qtbot)
    chart.plot.viewport().removeEventFilter(counter)
    assert counter.count == 1


def test_the_same_bars_keep_the_name_axis_drawing(qtbot: QtBot) -> None:
    chart = shown(qtbot, BreakdownChart)
    chart.show_analysis(point(pitch(block("A"), block("B", actions=300.0))))
    _settle(qtbot)
    picture, width = chart.name_axis.picture, chart.name_axis.width()
    assert picture is not None
    chart.show_analysis(point(pitch(block("A", actions=1100.0), block("B", actions=310.0))))
    assert chart.name_axis.picture is picture and chart.name_axis.width() == width
    chart.show_analysis(point(pitch(block("A"), block("C", actions=300.0))))
    assert chart.name_axis.picture is None  # a renamed bar is redrawn
    assert breakdown_drawn(chart)["names"] == ["A", "C"]


def test_tornado_legend_changes_only_todays_text(qtbot: QtBot) -> None:
    chart = shown(qtbot, SensitivityChart)
    chart.show_analysis(point(pitch(block(), block("Other"))))
    items = list(chart.legend.entries)
    today = items[-1][1]
    assert today.text().startswith("today ")
    chart.show_analysis(point(pitch(block(actions=20_000.0), block("Other"))))
    assert chart.legend.entries == items  # the same swatches and labels
    assert today.text() == f"today {format_orders(sensitivity_drawn(chart)['current'])}"


def test_axis_titles_and_legend_labels_are_plain_text(qtbot: QtBot) -> None:
    chart = shown(qtbot, ProjectionChart)
    # the same text pyqtgraph would render from HTML, trailing space included (part of its width)
    assert chart.money_axis.label.toPlainText() == "cost per paying user-month "
    chart.money_axis.setLabel(HOSTILE)
    assert chart.money_axis.label.toPlainText() == f"{HOSTILE} "
    assert [label.text() for _, label in chart.legend.entries] == ["fast decline", "slow decline"]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for _, label in chart.legend.entries)


def test_restyling_with_the_same_theme_does_nothing(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    chart = ProjectionChart()
    qtbot.addWidget(chart)
    calls: list[int] = []
    real = chart._apply_style
    monkeypatch.setattr(chart, "_apply_style", lambda: (calls.append(1), real())[1])
    chart.set_theme(chart.theme)  # what the main window does right after building its charts
    chart.set_font_scale(1.0)
    assert calls == []
    chart.set_theme(DARK)
    chart.set_font_scale(1.5)
    assert len(calls) == 2


def test_grid_rectangles_light_the_lines_pixels(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert overrides.OVERRIDES_ACTIVE  # pyproject.toml pins the version the overrides copy
    assert overrides._check_grid_rects()
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(point(pitch(block(ranges={"actions_per_day": (300.0, 3000.0)}))))
    _settle(qtbot)
    rects: list[object] = []
    real_rect = overrides._grid_rect

    def counting(*args: object) -> object:
        rect = real_rect(*args)  # type: ignore[arg-type]
        if rect is not None:
            rects.append(rect)
        return rect

    monkeypatch.setattr(overrides, "_grid_rect", counting)
    axes = [chart.money_axis, chart.year_axis]

    def render() -> QImage:
        for axis in axes:
            axis.picture = None
        return chart.grab().toImage()

    fast = render()
    assert len(rects) > 5  # the dollar axis' grid went through the rectangles
    monkeypatch.setattr(overrides, "_GRID_EXACT", [False])
    lines = render()
    assert fast == lines


# --------------------------------------------------------------------------------------------------
# A window that has passed; a cost per active user; the pyqtgraph pin
# --------------------------------------------------------------------------------------------------


def test_a_window_before_today_is_labelled_passed_on_both_dated_charts(qtbot: QtBot) -> None:
    # Priced 2026-01-01, 7.2x to fall (module docstring): the window runs from log10(7.2) / (2/3) = 1.286
    # years (2027-04-15) to log10(7.2) / 0.5 = 1.715 years (2027-09-18). Seen on 2028-06-01 it has passed.
    later = date(2028, 6, 1)
    chart = shown(qtbot, ProjectionChart)
    chart.show_analysis(point(pitch(block()), today=AS_OF))
    assert projection_drawn(chart)["window_label"] == WINDOW_WORDS
    assert projection_drawn(chart)["today"] is None  # priced today: no separate today line
    chart.show_analysis(point(pitch(block()), today=later))
    d = projection_drawn(chart)
    assert d["window_label"] == PASSED_WORDS
    assert d["window"][1] < d["today"] == pytest.approx(decimal_year(later))  # the window lies left of today
    probability = shown(qtbot, ProbabilityChart)
    analysis = with_mc(pitch(block()), today=later)
    probability.show_analysis(analysis)
    assert probability_drawn(probability)["window_label"] == PASSED_WORDS


def test_the_breakdown_says_its_costs_are_per_active_user(qtbot: QtBot) -> None:
    free = pitch(block()).model_dump(mode="python")
    free["business"]["free_users_per_paying_user"] = 2.0
    chart = shown(qtbot, BreakdownChart)
    chart.show_analysis(point(Pitch.model_validate(free)))
    d = breakdown_drawn(chart)
    # $36 per active user (module docstring); a paying user carries two free users: $108 per paying user
    assert d["axis_title"] == "cost per active user-month"
    np.testing.assert_allclose(d["cost"], [36.0])
    assert hover_at(chart, 1.0, d["y"][0]).splitlines()[1].startswith("$36 per active user-month")


def test_the_pyqtgraph_overrides_copy_the_pinned_version() -> None:
    import tomllib

    pins = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["project"]
    assert f"pyqtgraph=={overrides.PINNED_VERSION}" in pins["dependencies"]
    assert overrides.OVERRIDES_ACTIVE
    assert overrides.PlainAxis is overrides._PlainAxis
