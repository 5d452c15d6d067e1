"""The seed essay's quantitative claims, as data, tested against the shipped examples and the price history.

Each :class:`Claim` is one checkable statement: the essay's words, where they are, the number that tests
them and the threshold, with the reading written out (the essay gives no usage figures, so the examples in
``resources/examples`` state their own; a claim is shown holding or failing under them, never tuned to
hold). :func:`evaluate_claims` computes every figure with the same engine as the rest of the app.

Claims C1, C4 and C5 each make two or three statements; each statement is a row of its own, and a claim
holds only if all its statements do (:func:`claim_holds`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, evaluate
from core.formatting import format_drop, format_money, format_orders, format_percent
from core.history import HistoryRow, price_history
from core.history_analysis import ESSAY_DATE, GPT4_LAUNCH, GPT4_LEVEL, cheapest_on
from core.pitch import Pitch
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from core.scenarios import fit_decline, years_between
from core.wording import cost_vs_budget

ESSAY = "seed essay 'Compute Is the Root of Everything'"

# C4: "a rounding error" read as at most 5% of the subscription price.
ROUNDING_ERROR_SHARE = 0.05
# C2: the fitted yearly decline must be within this of the stated 79%.
C2_TOLERANCE = 0.02
# C2: Ng's blend. 80% input / 20% output reproduces both of his figures from the list prices
# (0.8 x $30 + 0.2 x $60 = $36; 0.8 x $2.50 + 0.2 x $10 = $4); Epoch's 3:1 blend would give $37.50 and $4.38.
NG_INPUT_SHARE = 0.8
# C8: "roughly $0.50/MTok" and "a 60x reduction".
C8_PRICE = 0.50
C8_REDUCTION = 60.0


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the essay."""

    id: str  # C1, C2, C4, C5, C8 (the numbering of the project's seed-claims list)
    part: str  # which statement of the claim ("2023", "Sonnet 4.6"), "" for a single one
    essay_text: str  # the essay's words
    source: str  # where in the essay
    test: str  # the number that tests it, the threshold, and the reading
    assumptions: str  # the assumptions the figures rest on (from the examples' notes)
    examples: tuple[str, ...] = ()  # shipped example files used

    @property
    def title(self) -> str:
        return f"{self.id} · {self.part}" if self.part else self.id


@dataclass(frozen=True)
class ClaimResult:
    """A claim's figures and whether it holds."""

    claim: Claim
    holds: bool
    figures: str
    values: dict[str, float] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """``holds`` or ``fails``."""
        return "holds" if self.holds else "fails"


_AGENTIC = (
    "One agentic coding session = 61 calls (40 main-loop calls of 30,000 input / 800 output tokens, 80% cache "
    "reads and 10% cache writes; 20 sub-agent calls of 15,000 / 500; one self-review of 20,000 / 1,500); "
    "28.6 sessions a day (200 a week), 30 days; a $200/month power-user plan, 3% card fee, 60% target margin."
)
_COMPANION = (
    "Same companion in both files: 192 background passes a day (4,000 input / 300 output tokens), 60 chat "
    "turns (6,000 / 150), 3 nightly memory calls (6,000 / 800), half of the input cached, 30 days; a $9.99 "
    "plan, 15% app-store fee, 60% target margin. 2023: openai:gpt-4 at $30/$60; 2026: openai:gpt-4o-mini "
    "at $0.15/$0.60."
)
_SUPER = (
    "Ten agents around the clock: 240 agent-hours a day x 60 calls of 30,000 input (80% cache reads, 10% "
    "writes) / 800 output tokens, 30 days; one junior engineer = $7,000/month, ten = $70,000; no margin "
    "(raw API cost against salaries). Opus 4 at $15/$75, Sonnet 4.6 at $3/$15, both on 2026-03-23."
)

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "C1",
        "GPT-4, 2023",
        "When GPT-4 launched at $30 per million input tokens and $60 output, running an agent loop was "
        "economically insane.",
        f"{ESSAY}, on agents",
        "Reading of 'economically insane': the session's inference costs more than 100x what the plan can "
        "spend on it (required drop > 100x, the verdict 'beyond the horizon').",
        _AGENTIC + " GPT-4 at 2023-03-14, $30/$60, no caching then.",
        ("agentic-coding-gpt4-2023.pitch.json",),
    ),
    Claim(
        "C1",
        "Sonnet 4.6",
        "At Claude Sonnet 4.6 pricing ($3/$15), it's viable for power users.",
        f"{ESSAY}, on agents",
        "Reading of 'viable for power users': the verdict 'viable now' for the $200/month power-user plan "
        "(cost per user-month at most the inference budget).",
        _AGENTIC + " Claude Sonnet 4.6 at 2026-03-23, $3/$15, cache reads $0.30, writes $3.75.",
        ("agentic-coding-sonnet-4-6.pitch.json",),
    ),
    Claim(
        "C1",
        "flash tier",
        "At flash-tier pricing ($0.15-0.25), it's viable for everyone.",
        f"{ESSAY}, on agents",
        "Reading of 'viable for everyone': it must at least be viable now for the power user on the "
        "$200/month plan (cost at most the budget); failing that, it is not viable for everyone.",
        _AGENTIC + " openai:gpt-4o-mini at 2026-03-23, $0.15/$0.60, cache reads $0.075.",
        ("agentic-coding-flash.pitch.json",),
    ),
    Claim(
        "C2",
        "",
        "Andrew Ng calculated that GPT-4's blended token price fell from $36/MTok to $4 in just 17 months "
        "— a 79% annual decline.",
        f"{ESSAY}, on agents (quoting Andrew Ng)",
        "From the bundled price history: GPT-4 (gpt-4-0314, 2023-03-14) and GPT-4o (gpt-4o-2024-08-06, "
        "2024-08-06) blended 80% input / 20% output, the blend that gives Ng's $36 and $4. Holds if those "
        f"are $36 and $4 and the fitted yearly decline is 79% within {C2_TOLERANCE:.0%} points.",
        "List prices from the bundled history (LiteLLM's price table, Epoch AI); the fit is least squares "
        "on log price over the two dates, a year being 365.25 days.",
    ),
    Claim(
        "C4",
        "2023",
        "At 2023 prices, this was $100+/month per user in raw API costs.",
        f"{ESSAY}, on AI companions",
        "Holds if the companion's cost per user-month at 2023-03 prices is at least $100.",
        _COMPANION,
        ("companion-2023.pitch.json",),
    ),
    Claim(
        "C4",
        "2026",
        "At 2026 prices, it's a rounding error.",
        f"{ESSAY}, on AI companions",
        f"Reading of 'a rounding error': at most {ROUNDING_ERROR_SHARE:.0%} of the subscription price "
        "(at $9.99, about $0.50 per user-month).",
        _COMPANION,
        ("companion-2026.pitch.json",),
    ),
    Claim(
        "C5",
        "$75 output",
        "At $75/MTok output, this costs more than hiring the humans.",
        f"{ESSAY}, on the super individual",
        "Holds if the ten agents' monthly cost exceeds ten junior engineers' salaries (10 x the file's "
        "price per user-month, $70,000).",
        _SUPER,
        ("super-individual-opus.pitch.json",),
    ),
    Claim(
        "C5",
        "$3 input",
        "At $3/MTok, it costs less than a single junior engineer's salary.",
        f"{ESSAY}, on the super individual",
        "Holds if the ten agents' monthly cost is below one junior engineer's salary (the file's price per "
        "user-month, $7,000): the verdict 'viable now'.",
        _SUPER,
        ("super-individual-sonnet.pitch.json",),
    ),
    Claim(
        "C8",
        "",
        "By early 2026, GPT-4-level capability is available at roughly $0.50/MTok — a 60x reduction.",
        f"{ESSAY}, on the model layer",
        f"From the bundled price history: GPT-4 level = MMLU ≥ {GPT4_LEVEL.threshold:g} (GPT-4 scored 86), "
        "prices in Epoch AI's 3:1 input:output blend, 'early 2026' = the essay's date 2026-03-23. Holds if "
        f"the cheapest GPT-4-level price then is at most {format_money(C8_PRICE)} and at least "
        f"{C8_REDUCTION:g}x below GPT-4's launch price.",
        "Only models with a published MMLU score can be placed on the level; the history has no scores "
        "after 2025-02-05, so a cheaper unscored model would only strengthen the claim.",
    ),
)


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


def _per_session(ev: Evaluation, pitch: Pitch) -> float:
    """Cost of one action (one session): each enabled block's cost per call times its calls per action."""
    return sum(
        b.cost_per_call * blk.calls_per_action
        for b, blk in zip(ev.blocks, pitch.blocks, strict=True)
        if b.enabled
    )


def _vs_budget(ev: Evaluation) -> str:
    return f"{cost_vs_budget(ev)}: {_drop_words(ev)}"


def _drop_words(ev: Evaluation) -> str:
    if ev.required_drop <= 1:
        return f"within budget ({format_percent(ev.required_drop)} of it)"
    return (
        f"needs {format_drop(ev.required_drop, ev.orders_of_magnitude)} cheaper inference "
        f"({format_orders(ev.orders_of_magnitude)} orders of magnitude)"
    )


def _agentic(name: str, test: Callable[[float], bool]) -> Callable[[PriceCatalog], ClaimResult]:
    def run(catalog: PriceCatalog) -> ClaimResult:
        pitch = _example(name)
        ev = evaluate(pitch, catalog)
        session = _per_session(ev, pitch)
        figures = f"{_vs_budget(ev)}; {format_money(session)} per session"
        values = {
            "cost_per_user_month": ev.cost_per_user_month,
            "budget_per_user_month": ev.budget_per_user_month,
            "required_drop": ev.required_drop,
            "cost_per_session": session,
        }
        return ClaimResult(_claim(name), test(ev.required_drop), figures, values)

    return run


def _claim(example: str) -> Claim:
    return next(c for c in CLAIMS if example in c.examples)


def _row(model: str, day: date) -> HistoryRow:
    return next(r for r in price_history() if r.model == model and r.price_date == day)


def _c2(catalog: PriceCatalog) -> ClaimResult:
    del catalog  # list prices straight from the history rows
    start = _row("gpt-4-0314", GPT4_LAUNCH)
    end = _row("gpt-4o-2024-08-06", date(2024, 8, 6))

    def ng(r: HistoryRow) -> float:
        return NG_INPUT_SHARE * r.input_per_mtok + (1 - NG_INPUT_SHARE) * r.output_per_mtok

    p0, p1 = ng(start), ng(end)
    fit = fit_decline([(start.price_date, p0), (end.price_date, p1)])
    months = years_between(start.price_date, end.price_date) * 12
    holds = (
        round(p0, 6) == 36.0
        and round(p1, 6) == 4.0
        and abs(fit.annual_decline_fraction - 0.79) <= C2_TOLERANCE
    )
    figures = (
        f"{format_money(p0)} ({start.model}, {start.price_date.isoformat()}) -> {format_money(p1)} "
        f"({end.model}, {end.price_date.isoformat()}) in {months:.1f} months: {fit.annual_factor:.2f}x a year, "
        f"a {format_percent(fit.annual_decline_fraction)} annual decline"
    )
    values = {
        "start_price": p0,
        "end_price": p1,
        "months": months,
        "annual_factor": fit.annual_factor,
        "annual_decline_fraction": fit.annual_decline_fraction,
    }
    return ClaimResult(CLAIMS[3], holds, figures, values)


def _c4_2023(catalog: PriceCatalog) -> ClaimResult:
    ev = evaluate(_example("companion-2023.pitch.json"), catalog)
    figures = (
        f"{format_money(ev.cost_per_user_month)} per active user-month at {ev.as_of.isoformat()} prices "
        f"(threshold {format_money(100.0)})"
    )
    values = {"cost_per_user_month": ev.cost_per_user_month}
    return ClaimResult(CLAIMS[4], ev.cost_per_user_month >= 100, figures, values)


def _c4_2026(catalog: PriceCatalog) -> ClaimResult:
    ev = evaluate(_example("companion-2026.pitch.json"), catalog)
    price = ev.business["price_per_user_month"]
    limit = ROUNDING_ERROR_SHARE * price
    share = ev.cost_per_user_month / price
    figures = (
        f"{format_money(ev.cost_per_user_month)} per active user-month at {ev.as_of.isoformat()} prices = "
        f"{format_percent(share)} of the {format_money(price)} subscription (threshold {format_money(limit)}, "
        f"{ROUNDING_ERROR_SHARE:.0%}); {_drop_words(ev)}"
    )
    values = {"cost_per_user_month": ev.cost_per_user_month, "limit": limit, "share_of_price": share}
    return ClaimResult(CLAIMS[5], ev.cost_per_user_month <= limit, figures, values)


def _c5(name: str, claim: Claim, humans: int) -> Callable[[PriceCatalog], ClaimResult]:
    def run(catalog: PriceCatalog) -> ClaimResult:
        ev = evaluate(_example(name), catalog)
        salary = ev.business["price_per_user_month"]
        line = humans * salary
        who = "ten junior engineers" if humans > 1 else "one junior engineer"
        holds = ev.cost_per_user_month > line if humans > 1 else ev.cost_per_user_month < line
        figures = f"{format_money(ev.cost_per_user_month)} a month vs {format_money(line)} for {who}"
        values = {"cost_per_user_month": ev.cost_per_user_month, "line": line}
        return ClaimResult(claim, holds, figures, values)

    return run


def _c8(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    first = cheapest_on(GPT4_LEVEL, GPT4_LAUNCH)
    then = cheapest_on(GPT4_LEVEL, ESSAY_DATE)
    assert first is not None and then is not None  # the bundled history has both
    reduction = first.price / then.price
    holds = then.price <= C8_PRICE and reduction >= C8_REDUCTION
    figures = (
        f"{format_money(first.price)} ({first.row.model}, {first.day.isoformat()}) -> {format_money(then.price)} "
        f"({then.row.model}, priced from {then.day.isoformat()}) on {ESSAY_DATE.isoformat()}: "
        f"{reduction:,.0f}x cheaper"
    )
    values = {"launch_price": first.price, "price_2026": then.price, "reduction": reduction}
    return ClaimResult(CLAIMS[8], holds, figures, values)


_TESTS: tuple[Callable[[PriceCatalog], ClaimResult], ...] = (
    _agentic("agentic-coding-gpt4-2023.pitch.json", lambda drop: drop > 100),
    _agentic("agentic-coding-sonnet-4-6.pitch.json", lambda drop: drop <= 1),
    _agentic("agentic-coding-flash.pitch.json", lambda drop: drop <= 1),
    _c2,
    _c4_2023,
    _c4_2026,
    _c5("super-individual-opus.pitch.json", CLAIMS[6], 10),
    _c5("super-individual-sonnet.pitch.json", CLAIMS[7], 1),
    _c8,
)


def evaluate_claims(catalog: PriceCatalog | None = None) -> tuple[ClaimResult, ...]:
    """Every statement of :data:`CLAIMS`, in order, with its figures and whether it holds."""
    catalog = catalog or default_catalog()
    return tuple(test(catalog) for test in _TESTS)


def claim_holds(results: Sequence[ClaimResult]) -> dict[str, bool]:
    """Claim id -> whether every one of its statements holds."""
    out: dict[str, bool] = {}
    for r in results:
        out[r.claim.id] = out.get(r.claim.id, True) and r.holds
    return out
