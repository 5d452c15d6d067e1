"""The deal memo's content: the scorecard, the projection, the assumptions and every price's source.

Every figure comes from one :class:`~core.analysis.Analysis` (the analysis service's, with its Monte Carlo)
through :mod:`core.scorecard`, :mod:`core.wording` and :mod:`core.formatting`, the same functions the window
and ``computecurve evaluate`` use. Every piece of user text (the pitch's name, block names, a custom
scenario's source) is escaped (:func:`desktop.safety.html_escape`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.analysis import Analysis, analyse, with_monte_carlo
from core.catalog import PriceCatalog
from core.engine import Evaluation
from core.errors import PitchError
from core.fields import Group
from core.formatting import format_money, format_percent, format_quantity, format_value
from core.pitch import FIELDS, Pitch
from core.scorecard import Scorecard, build_scorecard
from core.uncertainty import UncertaintyResult
from core.what_must_change import WhatMustChange, must_change_of
from desktop.safety import html_escape
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS

CHART_WIDTH_PX = 780  # the chart's logical width when rendered; printed at the page's width
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


@dataclass(frozen=True)
class MemoData:
    """A pitch's analysis, with its Monte Carlo, and the scorecard made of it: everything a memo prints."""

    analysis: Analysis
    scorecard: Scorecard

    @property
    def pitch(self) -> Pitch:
        return self.analysis.pitch

    @property
    def evaluation(self) -> Evaluation:
        assert self.analysis.evaluation is not None
        return self.analysis.evaluation

    @property
    def uncertainty(self) -> UncertaintyResult:
        assert self.analysis.uncertainty is not None
        return self.analysis.uncertainty


def memo_data(analysis: Analysis, must_change: WhatMustChange | None = None) -> MemoData:
    """What a memo prints of ``analysis`` (which must have its Monte Carlo), with "what must change"
    (``core.what_must_change.changes_needed`` of the same pitch, by the date the user picked) when given.

    Raises
    ------
    PitchError
        When the pitch has no evaluation (the analysis' own error: a field path and a reason).
    ValueError
        When the analysis has no Monte Carlo yet (a caller waits for it: the service's
        ``uncertainty_ready``).
    """
    ev = analysis.evaluation
    if ev is None:
        raise analysis.error or PitchError("the pitch has no evaluation to export")
    if analysis.uncertainty is None:
        raise ValueError("a memo needs the pitch's Monte Carlo, which has not arrived yet")
    return MemoData(
        analysis,
        build_scorecard(
            ev, analysis.uncertainty, analysis.sensitivity, today=analysis.today, must_change=must_change
        ),
    )


def memo_of_pitch(pitch: Pitch, catalog: PriceCatalog | None = None, **overrides: Any) -> MemoData:
    """The memo of ``pitch``, analysed here with its Monte Carlo and what must change by one year after its
    date: for the command line (``computecurve score --pdf``), which has no analysis service.
    ``overrides``: ``as_of``, ``scenario``.

    Raises PitchError when the pitch cannot be evaluated.
    """
    analysis = analyse(pitch, catalog, **overrides)
    if analysis.error is not None:
        raise analysis.error
    return memo_data(with_monte_carlo(analysis), must_change_of(analysis, catalog))


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
    """``Price $9.99 · Target margin 60% · ...``: every business field, by its label, on one line."""
    b = pitch.business
    return " · ".join(
        f"{spec.label} {format_value(spec, getattr(b, key))}" for key, spec in FIELDS[Group.BUSINESS].items()
    )


def scenario_text(ev: Evaluation) -> str:
    """``10x every 18-24 months: 3.16x–4.64x a year (id seed-rule); source: ...``."""
    s = ev.scenario
    ident = f"built-in id {s.id}" if s.id else "custom"
    text = f"{s.name}: prices fall {s.annual_decline_low:.3g}x (slow) to {s.annual_decline_high:.3g}x (fast) a year ({ident})"
    return text + (f"; source: {s.source}" if s.source else "")


def _block_value(key: str, value: float) -> str:
    return format_value(FIELDS.spec(Group.BLOCK, key), value)


def _block_extras(block: Any, price_multiplier: float) -> str:
    extras = []
    if block.reasoning_tokens:
        extras.append(f"reasoning {format_quantity(block.reasoning_tokens)} tokens")
    if block.cache_write_fraction:
        extras.append(f"cache writes {_block_value('cache_write_fraction', block.cache_write_fraction)}")
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
    h.append(f"<td style='font-size:{body + 2.5:.1f}pt; font-weight:bold'>{_e(sc.headline)}</td>")
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
        ("$ per active<br>user-month", "right"),
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
            (_nb(_block_value("cached_input_fraction", blk.cached_input_fraction)), "right"),
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
