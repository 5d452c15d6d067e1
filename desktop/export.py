"""The deal memo: a one-page PDF, a Markdown summary to paste into a memo, and the charts as PNG.

Every figure comes from :mod:`core.scorecard` and :mod:`core.formatting`, the same functions the window
and ``computecurve evaluate`` use. Every piece of user text (the pitch's name, block names, a custom
scenario's source) is escaped: :func:`desktop.safety.html_escape` for the PDF's rich text,
:func:`md_escape` for Markdown. A memo named ``<img src=x>`` prints those characters.

The PDF is laid out by a QTextDocument painted onto a QPdfWriter. It must fit on ONE page, so the layout
is tried at a few densities (type, chart height), smallest last; a pitch with more blocks than even the
densest layout holds lists its costliest blocks and says how many more there are.

Headless use (``computecurve score --pdf DIR``) needs a QApplication, because the projection chart is a
widget rendered offscreen: :func:`ensure_app` makes one (offscreen when there is no display).
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, PreparedPitch, evaluate_prepared, prepare
from core.errors import PitchError
from core.formatting import format_money, format_percent
from core.pitch import Pitch
from core.pitch_io import atomic_write_bytes, load_pitch
from core.scorecard import Scorecard, build_scorecard, format_quantity, format_value
from core.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED, UncertaintyResult, monte_carlo, sensitivity
from desktop.evaluation_service import EvaluationBundle
from desktop.safety import html_escape
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from core.scoring import ScoreRow
    from desktop.charts.base import ChartBase
    from desktop.charts.projection_chart import ProjectionChart

PAGE_SIZES = ("A4", "Letter")
PAGE_MARGIN_MM = 12.0
CHART_WIDTH_PX = 780  # the chart's logical width when rendered; printed at the page's width
CHART_PIXEL_RATIO = 3  # rendered at 3x: sharp when printed or zoomed
MAX_NAME_CHARS = 200  # a longer pitch name is cut in the heading (the file keeps it whole)
MAX_BLOCK_NAME_CHARS = 60
MAX_WARNINGS = 3


@dataclass(frozen=True)
class Density:
    """One way to lay the page out: type sizes in points, the chart's height in CSS pixels (1/96 inch),
    and whether a block's model shares its name's line (compact) or has a line of its own."""

    body_pt: float
    table_pt: float
    chart_height_px: int
    compact: bool = False


# Tried in order until the memo fits on one page. Body text never goes below 8 pt, the blocks table
# below 6.5 pt, and the chart below 230 CSS pixels (6 cm): past that, the costliest blocks are listed.
DENSITIES = (
    Density(9.5, 8.0, 320),
    Density(9.0, 7.5, 300),
    Density(8.5, 7.0, 270),
    Density(8.5, 7.0, 250, compact=True),
    Density(8.0, 6.5, 230, compact=True),
)
MAX_TABLE_ROWS = 60  # a pitch with more blocks goes straight to listing the costliest


# --------------------------------------------------------------------------------------------------
# What a memo is made of
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoData:
    """A pitch with everything the memo prints: the evaluation, the sensitivity, the Monte Carlo."""

    bundle: EvaluationBundle
    uncertainty: UncertaintyResult
    scorecard: Scorecard

    @property
    def pitch(self) -> Pitch:
        return self.bundle.pitch

    @property
    def evaluation(self) -> Evaluation:
        assert self.bundle.evaluation is not None
        return self.bundle.evaluation


MemoSource = MemoData | EvaluationBundle | Pitch


def memo_from_prepared(
    prep: PreparedPitch,
    mc: UncertaintyResult | None = None,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> MemoData:
    """The memo of a prepared pitch (the Monte Carlo is run when ``mc`` is not given)."""
    ev = evaluate_prepared(prep)
    sens = tuple(sensitivity(prep))
    mc = mc or monte_carlo(prep, samples, seed)
    bundle = EvaluationBundle(prep.pitch, prep, ev, sens)
    return MemoData(bundle, mc, build_scorecard(ev, mc, sens, today=date.today()))


def memo_data(
    source: MemoSource,
    mc: UncertaintyResult | None = None,
    *,
    catalog: PriceCatalog | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> MemoData:
    """Everything a memo prints, from a pitch, the app's current bundle, or memo data as is.

    Raises
    ------
    PitchError
        When the pitch cannot be evaluated (an unknown model, a bad budget...).
    """
    if isinstance(source, MemoData):
        return source
    if isinstance(source, Pitch):
        return memo_from_prepared(prepare(source, catalog), mc, samples=samples, seed=seed)
    if source.evaluation is None or source.prepared is None:
        raise source.error or PitchError("the pitch has no evaluation to export")
    ev = source.evaluation
    mc = mc or monte_carlo(source.prepared, samples, seed)
    return MemoData(source, mc, build_scorecard(ev, mc, source.sensitivity, today=date.today()))


# --------------------------------------------------------------------------------------------------
# Qt, headless
# --------------------------------------------------------------------------------------------------


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display).

    Widgets need a QApplication: a QGuiApplication or QCoreApplication that is already running cannot
    render the chart, and is refused with a message rather than a crash.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.app import make_app

        app = make_app()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        raise RuntimeError(
            "PDF export renders a chart widget and needs a QApplication, not a " + type(app).__name__
        )
    return app


@contextmanager
def _projection_chart() -> Iterator[ProjectionChart]:
    """A light-themed projection chart shown offscreen (never on screen), closed and deleted after use."""
    from PySide6.QtCore import Qt

    from desktop.charts.projection_chart import ProjectionChart
    from desktop.theme import chart_theme

    app = ensure_app()
    chart = ProjectionChart()
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    chart.set_theme(chart_theme("light"))  # paper is white whatever the window's theme
    try:
        yield chart
    finally:
        chart.close()
        chart.deleteLater()
        app.processEvents()


def render_projection(
    data: MemoData, chart: ProjectionChart, height_px: int, width_px: int = CHART_WIDTH_PX
) -> QImage:
    """The projection chart (with the Monte Carlo fan) as an image ``CHART_PIXEL_RATIO`` times its size.

    The chart is laid out while shown offscreen (its labels and legend are placed from its real size),
    then rendered into the image.
    """
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    chart.resize(width_px, height_px)
    chart.show()
    QApplication.processEvents()
    chart.show_evaluation(data.bundle)
    chart.show_uncertainty(data.uncertainty)
    QApplication.processEvents()
    ratio = CHART_PIXEL_RATIO
    image = QImage(width_px * ratio, height_px * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        chart.render(painter, QPoint())
    finally:
        painter.end()
    chart.hide()
    return image


# --------------------------------------------------------------------------------------------------
# The page as rich text
# --------------------------------------------------------------------------------------------------

GREY = "#555555"
RULE = "#d0d0d0"
HEAD_BG = "#ececec"


def _e(text: str) -> str:
    return html_escape(text)


def _cut(text: str, limit: int) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def price_sources(ev: Evaluation) -> list[tuple[str, list[str]]]:
    """Each distinct price source string with the names of the blocks priced from it, in file order."""
    out: dict[str, list[str]] = {}
    for b in ev.blocks:
        out.setdefault(b.price.source or "no source given", []).append(b.name)
    return list(out.items())


def _source_numbers(ev: Evaluation) -> dict[str, int]:
    return {source: i + 1 for i, (source, _) in enumerate(price_sources(ev))}


def business_text(pitch: Pitch) -> str:
    """``price $9.99 per user-month · target margin 60% · ...``: the business assumptions on one line."""
    b = pitch.business
    parts = [
        f"price {format_money(b.price_per_user_month)} per user-month",
        f"target gross margin {format_value('target_gross_margin', b.target_gross_margin)}",
        f"inference {format_value('inference_share_of_cogs', b.inference_share_of_cogs)} of the cost of goods",
        f"{format_quantity(b.active_days_per_month)} active days a month",
        f"usage x{format_quantity(b.usage_multiplier)}",
        f"payment fees {format_value('payment_fee_fraction', b.payment_fee_fraction)}",
        f"{format_quantity(b.free_users_per_paying_user)} free users per paying user",
    ]
    return " · ".join(parts)


def scenario_text(ev: Evaluation) -> str:
    """``10x every 18-24 months: 3.16x–4.64x a year (id seed-rule); source: ...``."""
    s = ev.scenario
    ident = f"built-in id {s.id}" if s.id else "custom"
    text = f"{s.name}: prices fall {s.annual_decline_low:.3g}x (slow) to {s.annual_decline_high:.3g}x (fast) a year ({ident})"
    return text + (f"; source: {s.source}" if s.source else "")


def _block_extras(block: Any, price_multiplier: float) -> str:
    extras = []
    if block.reasoning_tokens:
        extras.append(f"reasoning {format_quantity(block.reasoning_tokens)} tokens")
    if block.cache_write_fraction:
        extras.append(f"cache writes {format_value('cache_write_fraction', block.cache_write_fraction)}")
    if block.per_call_usd:
        extras.append(f"+{format_money(block.per_call_usd)} per call")
    if price_multiplier != 1:
        extras.append(f"price x{format_quantity(price_multiplier)}")
    return " · ".join(extras)


def _blocks_rows(data: MemoData, limit: int | None) -> tuple[list[int], int, float]:
    """Indices of the blocks to list (file order), how many are left out, and their share of the cost."""
    blocks = data.evaluation.blocks
    if limit is None or limit >= len(blocks):
        return list(range(len(blocks))), 0, 0.0
    keep = sorted(
        sorted(blocks, key=lambda b: (-b.cost_per_user_month, b.index))[:limit], key=lambda b: b.index
    )
    kept = {b.index for b in keep}
    left_share = sum(b.share for b in blocks if b.index not in kept)
    return [b.index for b in keep], len(blocks) - len(keep), left_share


def memo_html(
    data: MemoData, density: Density, *, block_limit: int | None = None, chart_width_px: int = 700
) -> str:
    """The memo page as rich text; the chart is the image resource ``memo://projection``."""
    sc = data.scorecard
    ev = data.evaluation
    pitch = data.pitch
    body = density.body_pt
    small = max(density.table_pt, 6.5)
    colour = VERDICT_COLORS[sc.verdict]
    text_colour = VERDICT_TEXT_COLORS[sc.verdict]
    h: list[str] = []
    h.append(
        f"<p style='margin:0px; font-size:{body + 6:.1f}pt; font-weight:bold; white-space:pre-wrap'>"
        f"{_e(_cut(pitch.name, MAX_NAME_CHARS))}</p>"
    )
    h.append(
        f"<p style='margin-top:2px; margin-bottom:6px; color:{GREY}; font-size:{small:.1f}pt'>"
        f"Compute Curve deal memo · prices as of {_e(ev.as_of.isoformat())} · {_e(ev.catalog_version)}</p>"
    )
    # The verdict: its colour with its words beside it (greyscale printers and colour-blind readers).
    h.append("<table width='100%' cellspacing='0' cellpadding='5' style='margin-bottom:4px'><tr>")
    h.append(
        f"<td bgcolor='{colour}' width='17%' align='center' style='color:{text_colour}; font-weight:bold; "
        f"font-size:{body + 1:.1f}pt'>{_e(sc.verdict.short)}</td>"
    )
    h.append(f"<td style='font-size:{body + 2.5:.1f}pt; font-weight:bold'>{_e(sc.verdict.words)}</td>")
    h.append("</tr></table>")
    # The scorecard.
    h.append(f"<table width='100%' cellspacing='0' cellpadding='2' style='font-size:{body:.1f}pt'>")
    for label, text in sc.rows()[1:]:  # the verdict is the banner above
        h.append(
            f"<tr><td width='30%' style='color:{GREY}; border-bottom:1px solid {RULE}'>{_e(label)}</td>"
            f"<td style='border-bottom:1px solid {RULE}'>{_e(text)}</td></tr>"
        )
    h.append("</table>")
    # The chart.
    h.append(
        f"<p style='margin-top:6px; margin-bottom:0px'><img src='memo://projection' width='{chart_width_px}' "
        f"height='{round(chart_width_px * density.chart_height_px / CHART_WIDTH_PX)}'></p>"
    )
    h.append(
        f"<p style='margin-top:0px; margin-bottom:4px; color:{GREY}; font-size:{small:.1f}pt'>"
        "Cost per paying user-month, log scale. Band: the scenario's fast to slow decline; fan: Monte Carlo "
        "P10–P90; dashed: the budget for inference; shaded: the arrival window (point values).</p>"
    )
    # The assumptions.
    h.append(_blocks_table(data, density, block_limit))
    h.append(
        f"<p style='margin-top:3px; margin-bottom:0px; font-size:{density.table_pt:.1f}pt'><b>Business:</b> "
        f"{_e(business_text(pitch))}</p>"
    )
    # The sources.
    h.append(
        f"<p style='margin-top:6px; margin-bottom:1px; font-size:{body:.1f}pt; font-weight:bold'>Sources</p>"
    )
    h.append(f"<table cellspacing='0' cellpadding='1' style='font-size:{small:.1f}pt'>")
    for i, (source, names) in enumerate(price_sources(ev), start=1):
        used_by = ", ".join(_cut(n, 40) for n in names[:4]) + (
            f" and {len(names) - 4} more" if len(names) > 4 else ""
        )
        h.append(
            f"<tr><td valign='top' style='color:{GREY}'>[{i}]</td>"
            f"<td>{_e(source)} <span style='color:{GREY}'>({_e(used_by)})</span></td></tr>"
        )
    h.append(f"<tr><td valign='top' style='color:{GREY}'>Scenario</td><td>{_e(scenario_text(ev))}</td></tr>")
    h.append("</table>")
    if ev.warnings:
        shown = [_cut(w, 200) for w in ev.warnings[:MAX_WARNINGS]]
        more = len(ev.warnings) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more" if more else "")
        h.append(
            f"<p style='margin-top:3px; margin-bottom:0px; font-size:{small:.1f}pt'><b>Warnings:</b> {_e(text)}</p>"
        )
    mc = data.uncertainty
    h.append(
        f"<p style='margin-top:4px; margin-bottom:0px; color:{GREY}; font-size:{small:.1f}pt'>"
        f"Monte Carlo: {mc.samples:,} samples, seed {mc.seed}; its percentiles and the point-value arrival "
        "window are different figures. Made with Compute Curve from the same arithmetic as "
        "<i>computecurve evaluate</i>.</p>"
    )
    return "\n".join(h)


def _nb(text: str) -> str:
    """Escaped text that never breaks across lines (a number with its unit)."""
    return _e(text).replace(" ", "&nbsp;")


def _blocks_table(data: MemoData, density: Density, block_limit: int | None) -> str:
    ev = data.evaluation
    pitch = data.pitch
    pt = density.table_pt
    numbers = _source_numbers(ev)
    heads = [
        ("Block<br>model, other inputs", "left"),
        ("$ / M tokens<br>in · out", "right"),
        ("Price<br>source", "center"),
        ("Tokens<br>in", "right"),
        ("Tokens<br>out", "right"),
        ("Cached<br>input", "right"),
        ("Calls /<br>action", "right"),
        ("Actions<br>/ day", "right"),
        ("$ per<br>user-month", "right"),
        ("Share", "right"),
    ]
    t: list[str] = [
        f"<table width='100%' cellspacing='0' cellpadding='2' style='font-size:{pt:.1f}pt'>",
        "<tr>"
        + "".join(
            f"<td bgcolor='{HEAD_BG}' align='{align}' valign='bottom' style='font-weight:bold'>{name}</td>"
            for name, align in heads
        )
        + "</tr>",
    ]
    indices, left_out, left_share = _blocks_rows(data, block_limit)
    for i in indices:
        blk = pitch.blocks[i]
        res = ev.blocks[i]
        base = res.price.for_input_tokens(blk.input_tokens)
        style = f"border-bottom:1px solid {RULE}" + ("; color:#8a8a8a" if not blk.enabled else "")
        name = _e(_cut(blk.name, MAX_BLOCK_NAME_CHARS)) + (" (off)" if not blk.enabled else "")
        model = res.price.model_id or blk.model or "explicit price"
        detail = " · ".join(x for x in (_cut(model, 60), _block_extras(blk, blk.price_multiplier)) if x)
        name += (" · " if density.compact else "<br>") + f"<span style='color:{GREY}'>{_e(detail)}</span>"
        cells = [
            (name, "left"),
            (_nb(f"{format_money(base.input_per_mtok)} · {format_money(base.output_per_mtok)}"), "right"),
            (f"[{numbers[res.price.source or 'no source given']}]", "center"),
            (_nb(format_quantity(blk.input_tokens)), "right"),
            (_nb(format_quantity(blk.output_tokens)), "right"),
            (_nb(format_value("cached_input_fraction", blk.cached_input_fraction)), "right"),
            (_nb(format_quantity(blk.calls_per_action)), "right"),
            (_nb(format_quantity(blk.actions_per_day)), "right"),
            (_nb(format_money(res.cost_per_user_month)), "right"),
            (_nb(format_percent(res.share)), "right"),
        ]
        t.append(
            "<tr>"
            + "".join(
                f"<td align='{align}' valign='top' style='{style}'>{text}</td>" for text, align in cells
            )
            + "</tr>"
        )
    if left_out:
        t.append(
            f"<tr><td colspan='{len(heads)}' style='color:{GREY}'>"
            f"… and {left_out} more blocks ({_e(format_percent(left_share))} of the cost): the costliest are "
            "listed; see the pitch file for the rest.</td></tr>"
        )
    t.append(
        f"<tr><td colspan='{len(heads) - 2}' align='right' style='font-weight:bold'>Cost per active user-month</td>"
        f"<td align='right' style='font-weight:bold'>{_nb(format_money(ev.cost_per_user_month))}</td>"
        "<td></td></tr>"
    )
    t.append("</table>")
    return "".join(t)


# --------------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------------


def _page_size(name: str) -> Any:
    from PySide6.QtGui import QPageSize

    if name not in PAGE_SIZES:
        raise ValueError(f"page size {name!r}: use one of {', '.join(PAGE_SIZES)}")
    return QPageSize(QPageSize.PageSizeId.A4 if name == "A4" else QPageSize.PageSizeId.Letter)


def pdf_bytes(data: MemoData, *, page_size: str = "A4", chart: ProjectionChart | None = None) -> bytes:
    """The memo as a one-page PDF.

    Each density of :data:`DENSITIES` is tried until the page holds everything; past the densest, the
    blocks table lists fewer (the costliest) blocks until it fits.
    """
    if chart is None:
        with _projection_chart() as own:
            return pdf_bytes(data, page_size=page_size, chart=own)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QFont, QPageLayout, QPainter, QPdfWriter, QTextDocument, QTextOption
    from PySide6.QtWidgets import QApplication

    buffer_data = QByteArray()
    buffer = QBuffer(buffer_data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(_page_size(page_size))
    writer.setPageMargins(QMarginsF(*(PAGE_MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    writer.setTitle(_cut(data.pitch.name, MAX_NAME_CHARS))
    writer.setCreator("Compute Curve")
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    page_w, page_h = float(rect.width()), float(rect.height())
    # Images in rich text are sized in CSS pixels (1/96 inch) whatever the device.
    chart_width_px = math.floor(page_w / writer.resolution() * 96) - 2

    def layout(density: Density, limit: int | None) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        font = QFont(QApplication.font())
        font.setPointSizeF(density.body_pt)
        # No ligatures: text copied or extracted from the PDF must be the characters typed ("fl", not "ﬂ").
        for tag in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(tag), 0)
        doc.setDefaultFont(font)
        image = images.get(density.chart_height_px)
        if image is None:
            image = images[density.chart_height_px] = render_projection(data, chart, density.chart_height_px)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("memo://projection"), image)
        doc.setHtml(memo_html(data, density, block_limit=limit, chart_width_px=chart_width_px))
        doc.setPageSize(QSizeF(page_w, page_h))
        return doc

    def fits(doc: QTextDocument) -> bool:
        # A table's width may round a device pixel or two past the page: 0.2% is no visible overflow.
        return doc.pageCount() == 1 and doc.size().width() <= page_w * 1.002

    images: dict[int, Any] = {}
    n_blocks = len(data.pitch.blocks)
    doc = None
    if n_blocks <= MAX_TABLE_ROWS:
        for density in DENSITIES:
            doc = layout(density, None)
            if fits(doc):
                break
            doc = None
    if doc is None:
        # Even the densest layout overflows: list the costliest blocks, as many as fit. The height is not
        # quite monotone in the number of rows (rows wrap differently), so a binary search is followed by
        # a look one row further.
        densest = DENSITIES[-1]
        lo, hi = 0, min(n_blocks - 1, MAX_TABLE_ROWS)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(layout(densest, mid)):
                lo = mid
            else:
                hi = mid - 1
        while lo + 1 < n_blocks and lo + 1 <= MAX_TABLE_ROWS and fits(layout(densest, lo + 1)):
            lo += 1
        doc = layout(densest, lo)
    assert doc is not None
    painter = QPainter(writer)
    # Lossless (Flate) rather than JPEG: thin lines and small chart type stay crisp.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer_data.data())


def write_pdf(
    source: MemoSource,
    path: str | os.PathLike[str],
    *,
    mc: UncertaintyResult | None = None,
    catalog: PriceCatalog | None = None,
    page_size: str = "A4",
) -> None:
    """Write the one-page deal memo of ``source`` (a pitch, the app's bundle, or memo data) to ``path``.

    The file is written atomically. Raises PitchError when the pitch cannot be evaluated, OSError when
    the file cannot be written.
    """
    data = memo_data(source, mc, catalog=catalog)
    atomic_write_bytes(path, pdf_bytes(data, page_size=page_size))


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------

# Characters that mean something to CommonMark, GitHub-flavoured Markdown (tables, strikethrough) or to
# the math extensions of GitHub and Obsidian ($): each is backslash-escaped, which CommonMark allows for
# any ASCII punctuation. A leading "-", "+" or "1." would start a list: escaped too.
_MD_SPECIAL = frozenset("\\`*_[]<>|#&~!$")
_MD_BLOCK_START = re.compile(r"^\s*(?:[-+=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline text: no markup, no HTML, one line (a table cell's rules)."""
    one_line = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    escaped = "".join("\\" + c if c in _MD_SPECIAL else c for c in one_line)
    match = _MD_BLOCK_START.match(escaped)
    if match:  # "- x", "+ x", "=" (a heading's underline), "1. x" or "1) x" at the start of a line
        at = match.end() if match.group().rstrip()[-1:].isdigit() else match.end() - 1
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def markdown_summary(
    source: MemoSource, mc: UncertaintyResult | None = None, *, catalog: PriceCatalog | None = None
) -> str:
    """The scorecard, the blocks and the sources as Markdown to paste into a memo."""
    data = memo_data(source, mc, catalog=catalog)
    sc = data.scorecard
    ev = data.evaluation
    pitch = data.pitch
    numbers = _source_numbers(ev)
    lines = [
        f"## {md_escape(pitch.name)}",
        "",
        f"**{md_escape(sc.verdict.short)}**: {md_escape(sc.verdict.words)}",
        "",
        f"Prices as of {md_escape(ev.as_of.isoformat())} ({md_escape(ev.catalog_version)}).",
        "",
        "| Figure | Value |",
        "|---|---|",
    ]
    lines += [f"| {md_escape(label)} | {md_escape(text)} |" for label, text in sc.rows()[1:]]
    lines += [
        "",
        "| Block | Model | $ / M in · out | Source | Tokens in | Tokens out | Cached | Calls / action "
        "| Actions / day | $ / user-month | Share |",
        "|---|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for blk, res in zip(pitch.blocks, ev.blocks, strict=True):
        base = res.price.for_input_tokens(blk.input_tokens)
        name = blk.name + ("" if blk.enabled else " (off)")
        extras = _block_extras(blk, blk.price_multiplier)
        if extras:
            name += f" ({extras})"
        cells = [
            name,
            res.price.model_id or blk.model or "explicit price",
            f"{format_money(base.input_per_mtok)} · {format_money(base.output_per_mtok)}",
            str(numbers[res.price.source or "no source given"]),
            format_quantity(blk.input_tokens),
            format_quantity(blk.output_tokens),
            format_value("cached_input_fraction", blk.cached_input_fraction),
            format_quantity(blk.calls_per_action),
            format_quantity(blk.actions_per_day),
            format_money(res.cost_per_user_month),
            format_percent(res.share),
        ]
        lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
    lines += [
        "",
        f"**Business:** {md_escape(business_text(pitch))}",
        "",
        f"**Scenario:** {md_escape(scenario_text(ev))}",
        "",
        "**Price sources:**",
        "",
    ]
    for i, (origin, names) in enumerate(price_sources(ev), start=1):
        lines.append(f"{i}. {md_escape(origin)} ({md_escape(', '.join(names))})")
    if ev.warnings:
        lines += ["", "**Warnings:**", ""] + [f"- {md_escape(w)}" for w in ev.warnings]
    mc_used = data.uncertainty
    lines += [
        "",
        f"*Monte Carlo: {mc_used.samples:,} samples, seed {mc_used.seed}. Made with Compute Curve.*",
    ]
    return "\n".join(lines) + "\n"


def write_markdown(
    source: MemoSource, path: str | os.PathLike[str], *, mc: UncertaintyResult | None = None
) -> None:
    """Write :func:`markdown_summary` to ``path`` (UTF-8, atomically)."""
    atomic_write_bytes(path, markdown_summary(source, mc).encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# Charts as PNG
# --------------------------------------------------------------------------------------------------


def export_chart_pngs(charts: Sequence[ChartBase], folder: str | os.PathLike[str], stem: str) -> list[Path]:
    """Each chart as ``<stem>-<chart>.png`` in ``folder`` (through the chart's own ``export_png``)."""
    root = Path(folder)
    base = safe_stem(stem)
    out = []
    for chart in charts:
        path = root / f"{base}-{chart.export_name}.png"
        chart.export_png(path)
        out.append(path)
    return out


# --------------------------------------------------------------------------------------------------
# One PDF per scored file (computecurve score --pdf DIR)
# --------------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.\- ]", re.UNICODE)
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
MAX_STEM_CHARS = 120


def safe_stem(file_name: str) -> str:
    """A file name's stem made safe to write anywhere: no folder part, no separators, no leading dot.

    ``memo7.pitch.json`` -> ``memo7``; ``..`` -> ``pitch``; ``a\\b:c`` -> ``a_b_c``. Only the last path
    component is used, and only word characters, dots, dashes and spaces are kept.
    """
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    lower = name.lower()
    for suffix in (".pitch.json", ".json"):
        if lower.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    stem = _UNSAFE.sub("_", name).strip(" .")
    stem = stem.lstrip(".-")[:MAX_STEM_CHARS].rstrip(" .")
    if not stem:
        stem = "pitch"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem


def _unique(stem: str, used: set[str]) -> str:
    candidate, n = stem, 2
    while candidate.casefold() in used:  # case-insensitive file systems (macOS, Windows) collide too
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate.casefold())
    return candidate


def pdf_paths(files: Sequence[str], folder: Path) -> list[Path]:
    """The PDF path for each file, in order: ``folder/<stem>.pdf``, unique, always directly in ``folder``."""
    used: set[str] = set()
    out = []
    for f in files:
        path = folder / f"{_unique(safe_stem(f), used)}.pdf"
        if path.parent != folder or path.name in ("", ".", ".."):  # cannot happen after safe_stem
            raise AssertionError(f"unsafe PDF name for {f!r}")
        out.append(path)
    return out


def write_pitch_pdfs(rows: Sequence[ScoreRow], folder: Path) -> None:
    """One memo PDF per scored file into ``folder``, named from the file's name (never the pitch's).

    Rows with an error are skipped. The files are evaluated at the rows' own date and scenario (the
    ``--as-of`` and ``--scenario`` of the score). Nothing is written outside ``folder``.

    Raises
    ------
    PitchError
        When the folder cannot be created or a PDF cannot be written (``field`` is ``--pdf``).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PitchError(f"cannot create the folder {folder}: {exc.strerror or exc}", field="--pdf") from None
    good = [r for r in rows if r.evaluation is not None]
    if not good:
        return
    catalog = default_catalog()
    paths = pdf_paths([r.file for r in good], folder)
    with _projection_chart() as chart:
        for row, path in zip(good, paths, strict=True):
            ev = row.evaluation
            assert ev is not None
            try:
                prep = prepare(load_pitch(row.file), catalog, as_of=ev.as_of, scenario=ev.scenario)
            except PitchError as exc:  # the file changed since it was scored
                sys.stderr.write(f"computecurve score: no PDF for {row.file}: {exc}\n")
                continue
            data = memo_from_prepared(prep)
            try:
                atomic_write_bytes(path, pdf_bytes(data, chart=chart))
            except OSError as exc:
                raise PitchError(f"cannot write {path}: {exc.strerror or exc}", field="--pdf") from None


__all__ = [
    "DENSITIES",
    "MemoData",
    "ensure_app",
    "export_chart_pngs",
    "markdown_summary",
    "md_escape",
    "memo_data",
    "memo_from_prepared",
    "memo_html",
    "pdf_bytes",
    "pdf_paths",
    "safe_stem",
    "write_markdown",
    "write_pdf",
    "write_pitch_pdfs",
]
