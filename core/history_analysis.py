"""The price of a fixed capability level over time, from the bundled price history.

A *capability level* is a benchmark threshold (MMLU >= 86 is "GPT-4 level": GPT-4's launch model scored
86 in the history's sources). On each date, the cheapest model at or above the threshold gives the
level's price; carried forward until the next change, it is a step line (what Epoch AI's
llm-benchmark-efficiency analysis plots). Prices are Epoch's 3:1 input:output blend
(:attr:`core.history.HistoryRow.blended_3_to_1`).

Each model's price on a date is its latest row on or before that date, so a price cut (gpt-3-davinci
$60 -> $20) or a promotion that ends (DeepSeek-V3's launch price) is followed both ways: the cheapest of
the date can go up. A model is one catalog id, or, for rows without one, one provider and model name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.capability import release_dates
from core.history import HistoryRow, price_history
from core.scenarios import builtin_scenarios, fit_decline, years_between

# The seed essay's date ("the week after GTC 2026"): "by early 2026" in claim C8 is read as this day.
ESSAY_DATE = date(2026, 3, 23)
# GPT-4's launch (the history's gpt-4-0314 row; OpenAI's announcement of 2023-03-14).
GPT4_LAUNCH = date(2023, 3, 14)
# A yearly rate fitted over less than this is noise (GPQA's frontier spans five weeks in the history).
MIN_FIT_YEARS = 1.0


@dataclass(frozen=True)
class CapabilityLevel:
    """A benchmark threshold: every model scoring at least ``threshold`` on ``score_kind``."""

    score_kind: str  # "MMLU" or "GPQA", as in the history's score_kind column
    threshold: float
    label: str

    def admits(self, kind: str | None, score: float | None) -> bool:
        """Whether a model with this score is at or above the level."""
        return kind == self.score_kind and score is not None and score >= self.threshold


LEVELS: tuple[CapabilityLevel, ...] = (
    CapabilityLevel("MMLU", 70.0, "MMLU ≥ 70"),
    CapabilityLevel("MMLU", 80.0, "MMLU ≥ 80"),
    CapabilityLevel("MMLU", 86.0, "MMLU ≥ 86 (GPT-4 level)"),
    CapabilityLevel("GPQA", 50.0, "GPQA ≥ 50"),
    CapabilityLevel("GPQA", 70.0, "GPQA ≥ 70"),
)
GPT4_LEVEL = LEVELS[2]


def model_key(row: HistoryRow) -> str:
    """The identity of a row's model: its catalog id, or ``provider:model`` for rows without one."""
    return row.catalog_id or f"{row.provider}:{row.model}"


def model_score(key: str, rows: Iterable[HistoryRow]) -> tuple[str | None, float | None]:
    """A model's benchmark score: its latest scored row's (a price change does not change the model)."""
    scored = [r for r in rows if model_key(r) == key and r.score is not None]
    if not scored:
        return None, None
    last = max(scored, key=lambda r: r.price_date)
    return last.score_kind, last.score


def in_force_from(row: HistoryRow) -> date:
    """The first day ``row``'s price could be paid: its date, or its model's API release if that is later.

    Two history rows are dated by an announcement before the model could be called (Claude 3 Haiku, Claude 3.5
    Haiku: resources/CAPABILITY_SOURCES.md, "Conflicts with the price history"); a model is never priced before
    its release (docs/contract.md 6.3), here as in the catalog.
    """
    release = release_dates().get(row.catalog_id or "")
    return max(row.price_date, release) if release is not None else row.price_date


def prices_on(day: date, rows: Iterable[HistoryRow]) -> dict[str, HistoryRow]:
    """Every model's row in force on ``day``: its latest row on or before it (models not yet priced are absent)."""
    out: dict[str, HistoryRow] = {}
    for row in rows:
        if in_force_from(row) > day:
            continue
        key = model_key(row)
        if key not in out or row.price_date >= out[key].price_date:
            out[key] = row
    return out


@dataclass(frozen=True)
class FrontierPoint:
    """From ``day`` on, the cheapest model at the level costs ``price`` (USD per million tokens, 3:1 blend)."""

    day: date
    price: float
    row: HistoryRow


def cheapest_series(
    level: CapabilityLevel, rows: Sequence[HistoryRow] | None = None
) -> tuple[FrontierPoint, ...]:
    """The level's price over time: one point per date on which the cheapest qualifying price changes.

    Parameters
    ----------
    level
        The capability level.
    rows
        History rows (default: the bundled history).

    Returns
    -------
    tuple of FrontierPoint
        In date order; the price holds from each point's day until the next point (a step line). Empty
        when no model in the rows reaches the level.
    """
    rows = tuple(price_history() if rows is None else rows)
    scores = {key: model_score(key, rows) for key in {model_key(r) for r in rows}}
    qualifying = [r for r in rows if level.admits(*scores[model_key(r)])]
    out: list[FrontierPoint] = []
    for day in sorted({in_force_from(r) for r in qualifying}):
        current = prices_on(day, qualifying)
        best = min(current.values(), key=lambda r: (r.blended_3_to_1, r.price_date, r.model))
        if not out or best.blended_3_to_1 != out[-1].price:
            out.append(FrontierPoint(day, best.blended_3_to_1, best))
    return tuple(out)


def cheapest_on(
    level: CapabilityLevel, day: date, rows: Sequence[HistoryRow] | None = None
) -> FrontierPoint | None:
    """The level's cheapest price in force on ``day`` (``None`` before any model reached it)."""
    before = [p for p in cheapest_series(level, rows) if p.day <= day]
    return before[-1] if before else None


def step_line(points: Sequence[FrontierPoint], end: date) -> tuple[tuple[date, ...], tuple[float, ...]]:
    """The step line through ``points``, carried forward to ``end``: (dates, prices), two vertices per step.

    The price of point *i* runs horizontally from its day to the next point's day (or ``end``), where the
    line drops (or rises) vertically to the next price.
    """
    days: list[date] = []
    prices: list[float] = []
    for i, p in enumerate(points):
        until = points[i + 1].day if i + 1 < len(points) else max(end, p.day)
        days += [p.day, until]
        prices += [p.price, p.price]
    return tuple(days), tuple(prices)


@dataclass(frozen=True)
class FrontierFit:
    """A decline fitted to a level's frontier points: ``price(t) = exp(intercept) / factor**t``."""

    annual_factor: float
    annual_decline_fraction: float
    r_squared: float | None
    origin: date  # t = 0
    intercept: float  # log(price) at the origin on the fitted line
    points: int
    first: date
    last: date

    def price_at(self, day: date) -> float:
        """The fitted price on ``day``."""
        return float(math.exp(self.intercept) / self.annual_factor ** years_between(self.origin, day))


def fit_frontier(points: Sequence[FrontierPoint]) -> FrontierFit | None:
    """Fit a yearly decline (``core.scenarios.fit_decline``, least squares on log price) to frontier points.

    ``None`` with fewer than two points or when they span less than :data:`MIN_FIT_YEARS`.
    """
    if len(points) < 2:
        return None
    origin, last = points[0].day, points[-1].day
    if years_between(origin, last) < MIN_FIT_YEARS:
        return None
    fit = fit_decline([(p.day, p.price) for p in points])
    # fit_decline gives the slope; the least-squares intercept for that slope is mean(y) - slope * mean(t).
    t = [years_between(origin, p.day) for p in points]
    y = [math.log(p.price) for p in points]
    slope = -math.log(fit.annual_factor)
    intercept = sum(y) / len(y) - slope * sum(t) / len(t)
    return FrontierFit(
        annual_factor=fit.annual_factor,
        annual_decline_fraction=fit.annual_decline_fraction,
        r_squared=fit.r_squared,
        origin=origin,
        intercept=intercept,
        points=fit.points,
        first=origin,
        last=last,
    )


@dataclass(frozen=True)
class ReferenceRate:
    """A published rate of decline, drawn as a slope for comparison (factor per year; low == high for one)."""

    claim: str  # the seed claim it comes from (C2, C3, C8, C10)
    label: str
    factor_low: float
    factor_high: float
    source: str


def c8_annual_factor() -> float:
    """Claim C8's 60x from GPT-4's launch to the essay's date, as a yearly factor (about 3.86x)."""
    return float(60 ** (1 / years_between(GPT4_LAUNCH, ESSAY_DATE)))


def reference_rates() -> tuple[ReferenceRate, ...]:
    """The published rates the history chart draws, from the built-in scenarios and claim C8."""
    s = builtin_scenarios()
    ng, flation, progress = s["ng-gpt4"], s["llmflation"], s["price-of-progress"]
    c8 = c8_annual_factor()
    return (
        ReferenceRate(
            "C2", "Ng: GPT-4 blended, 4.72x/yr", ng.annual_decline_low, ng.annual_decline_high, ng.source
        ),
        ReferenceRate(
            "C8",
            f"Essay: GPT-4 level 60x by early 2026 ({c8:.2f}x/yr)",
            c8,
            c8,
            "seed essay 'Compute Is the Root of Everything' (60x from GPT-4's launch 2023-03-14 to 2026-03-23)",
        ),
        ReferenceRate(
            "C10",
            "Price of Progress: 5-10x/yr",
            progress.annual_decline_low,
            progress.annual_decline_high,
            progress.source,
        ),
        ReferenceRate(
            "C3",
            "LLMflation: 10x/yr",
            flation.annual_decline_low,
            flation.annual_decline_high,
            flation.source,
        ),
    )


def reference_price(start_price: float, start: date, factor: float, day: date) -> float:
    """The price on ``day`` of a line starting at ``start_price`` on ``start`` and falling ``factor`` x a year."""
    return float(start_price / factor ** years_between(start, day))


def unscored_models(level: CapabilityLevel, rows: Sequence[HistoryRow] | None = None) -> tuple[str, ...]:
    """Models in the history with no score of the level's kind: they cannot be placed on it (sorted names)."""
    rows = tuple(price_history() if rows is None else rows)
    names = {}
    for row in rows:
        kind, _ = model_score(model_key(row), rows)
        if kind != level.score_kind:
            names[model_key(row)] = row.model
    return tuple(sorted(set(names.values())))


def last_scored_date(level: CapabilityLevel, rows: Sequence[HistoryRow] | None = None) -> date | None:
    """The latest date of a row carrying a score of the level's kind (the data's horizon for the level)."""
    rows = tuple(price_history() if rows is None else rows)
    days = [r.price_date for r in rows if r.score_kind == level.score_kind and r.score is not None]
    return max(days) if days else None
