"""Verdicts with their conditions: how a claim of the essay is judged, and how it is written out.

``core.claims`` holds the claims C1-C10 and computes their figures; this module holds the values a verdict is
made of (:class:`Claim`, :class:`ClaimResult`, :class:`Reading`, :class:`Condition`) and the two outputs of
``computecurve claims`` (:func:`claims_text`, :func:`claims_document`).

A claim is judged under each of its *readings* (where the essay's words are ambiguous) or *statements* (where it
says several things). Each reading's verdict comes from a :class:`Condition`: the interval of the claim's key
assumption over which it holds. A *free* assumption (one the essay does not give, such as usage) makes the claim
hold for no value (fails), for some values (depends) or for every value (holds); a *fact* (a figure the essay
or the data fixes) lies inside the interval (holds) or not (fails). :func:`combine` makes the claim's verdict:
alternative readings hold together, fail together, or the claim depends on the reading; statements must all hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.formatting import format_money, format_money_axis, format_percent


class ClaimVerdict(StrEnum):
    """A claim's verdict."""

    HOLDS = "holds"
    FAILS = "fails"
    DEPENDS = "depends"  # on a reading of the essay's words, or on an assumption the essay does not give


@dataclass(frozen=True)
class Condition:
    """The interval of a claim's key assumption over which it holds.

    ``free``: the essay does not give the assumption (usage, a decline rate): the claim holds exactly on the
    interval, and ``value`` is the example's choice. Otherwise ``value`` is the fact (a price, a span) and the
    claim holds when it lies in the interval. ``low``/``high`` ``None``: unbounded; ``empty``: no value works.
    """

    assumption: str  # what varies, in the user's words
    unit: str  # "sessions a week", "x a year", "$"
    low: float | None
    high: float | None
    value: float | None  # the example's value (free) or the fact
    free: bool
    empty: bool = False
    note: str = ""  # what the bounds are made of
    plural: bool = False  # "the sessions a week are", not "is"

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval (bounds included)."""
        if self.empty:
            return False
        return (self.low is None or x >= self.low * (1 - 1e-12)) and (
            self.high is None or x <= self.high * (1 + 1e-12)
        )

    @property
    def value_inside(self) -> bool | None:
        """Whether the example's value (or the fact) lies in the interval; ``None`` without a value."""
        return None if self.value is None else self.contains(self.value)

    def text(self) -> str:
        """``holds when the sessions a week are 3.76 to 7.7 (the example's 200 is outside)``.

        ``assumption`` is written as a noun phrase with its article ("the sessions a week"); ``verb`` agrees
        with it.
        """
        a, unit = self.assumption, self.unit
        verb = "are" if self.plural else "is"
        if self.empty:
            span = f"holds for no value of {a}"
        elif self.low is None and self.high is None:
            span = f"holds whatever {a} {verb}"
        elif self.high is None:
            span = f"holds when {a} {verb} at least {quantity(self.low, unit)}"
        elif self.low is None:
            span = f"holds when {a} {verb} at most {quantity(self.high, unit)}"
        else:
            named = unit in ("$", "%") or unit.startswith(
                "x"
            )  # the unit is part of each number: "$100", "5x"
            low = quantity(self.low, unit) if named else quantity(self.low, "")
            span = f"holds when {a} {verb} {low} to {quantity(self.high, unit)}"
        if self.value is not None:
            where = "inside" if self.value_inside else "outside"
            whose = "the example's" if self.free else "the data's"
            shown = format_money(self.value) if self.unit == "$" else quantity(self.value, self.unit)
            span += f" ({whose} {shown} is {where})"
        return span + (f"; {self.note}" if self.note else "")


def quantity(x: float | None, unit: str) -> str:
    """A bound or a value of a condition: dollars as everywhere below $10,000 and to three significant figures
    above (``format_money_axis``: a bound of millions is approximate), a share as a percent, otherwise three
    significant figures and the unit."""
    if x is None:
        return "-"
    if unit == "$":
        return format_money(x) if abs(x) < 10_000 else format_money_axis(x)  # cents where they matter
    if unit == "%":
        return format_percent(x)
    text = f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"
    if unit.startswith("x"):
        return f"{text}{unit}"
    return f"{text} {unit}".strip()


def condition_verdict(condition: Condition) -> ClaimVerdict:
    """The verdict a condition gives (module docstring)."""
    if condition.empty:
        return ClaimVerdict.FAILS
    if condition.free:
        if condition.low is None and condition.high is None:
            return ClaimVerdict.HOLDS
        return ClaimVerdict.DEPENDS
    return ClaimVerdict.HOLDS if condition.value_inside else ClaimVerdict.FAILS


@dataclass(frozen=True)
class Reading:
    """The claim under one reading of the essay's words (or one statement of a claim made of several)."""

    name: str  # the reading, in a few words
    verdict: ClaimVerdict
    figures: str  # what the app computes under this reading
    condition: Condition | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    statement: bool = False  # a statement of its own (all must hold), not an alternative reading


def combine(readings: Sequence[Reading]) -> ClaimVerdict:
    """A claim's verdict from its readings (module docstring)."""
    statements = [r.verdict for r in readings if r.statement]
    alternatives = [r.verdict for r in readings if not r.statement]
    verdicts = []
    if statements:
        if ClaimVerdict.FAILS in statements:
            verdicts.append(ClaimVerdict.FAILS)
        elif all(v is ClaimVerdict.HOLDS for v in statements):
            verdicts.append(ClaimVerdict.HOLDS)
        else:
            verdicts.append(ClaimVerdict.DEPENDS)
    if alternatives:
        if all(v is ClaimVerdict.HOLDS for v in alternatives):
            verdicts.append(ClaimVerdict.HOLDS)
        elif all(v is ClaimVerdict.FAILS for v in alternatives):
            verdicts.append(ClaimVerdict.FAILS)
        else:
            verdicts.append(ClaimVerdict.DEPENDS)
    if ClaimVerdict.FAILS in verdicts and statements:
        return ClaimVerdict.FAILS
    if all(v is ClaimVerdict.HOLDS for v in verdicts):
        return ClaimVerdict.HOLDS
    if all(v is ClaimVerdict.FAILS for v in verdicts):
        return ClaimVerdict.FAILS
    return ClaimVerdict.DEPENDS


@dataclass(frozen=True)
class Claim:
    """One numbered claim of the essay."""

    id: str  # C1..C10 (the project's seed-claims list)
    title: str  # a few words
    essay_text: str  # the essay's words
    source: str  # where in the essay
    essay_figure: str  # the essay's own numbers
    test: str  # how the app tests it
    assumptions: str  # the assumptions its figures rest on
    examples: tuple[str, ...] = ()  # shipped example files used


@dataclass(frozen=True)
class ClaimResult:
    """A claim checked: what the app computes, the verdict, its readings and its condition."""

    claim: Claim
    verdict: ClaimVerdict
    figures: str  # what the app computes (the first reading's figures, and the statements')
    readings: tuple[Reading, ...]
    # the key assumption's interval under the first reading whose interval is not empty (the first reading's
    # when all are empty); ``condition_reading`` names that reading
    condition: Condition | None
    values: dict[str, float] = field(default_factory=dict)
    condition_reading: str = ""

    @property
    def holds(self) -> bool:
        """True only when the verdict is *holds* (a claim that depends does not hold unconditionally)."""
        return self.verdict is ClaimVerdict.HOLDS

    @property
    def condition_text(self) -> str:
        """``under 'a rounding error' = at most 5% of the price: holds when ...``."""
        if self.condition is None:
            return ""
        return f"under {self.condition_reading}: {self.condition.text()}"


def claim_verdicts(results: Sequence[ClaimResult]) -> dict[str, ClaimVerdict]:
    """Claim id -> its verdict."""
    return {r.claim.id: r.verdict for r in results}


def claim_holds(results: Sequence[ClaimResult]) -> dict[str, bool]:
    """Claim id -> whether it holds unconditionally (a claim that depends does not)."""
    return {r.claim.id: r.holds for r in results}


# ------------------------------------------------------------------------------------------------------
# Output (``computecurve claims``)
# ------------------------------------------------------------------------------------------------------


def _condition_document(c: Condition | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "assumption": c.assumption,
        "unit": c.unit,
        "low": c.low,
        "high": c.high,
        "value": c.value,
        "free": c.free,
        "empty": c.empty,
        "value_inside": c.value_inside,
        "text": c.text(),
    }


def claims_document(results: Sequence[ClaimResult]) -> list[dict[str, Any]]:
    """``computecurve claims --json``: one object per claim, every number unrounded."""
    return [
        {
            "id": r.claim.id,
            "title": r.claim.title,
            "essay_text": r.claim.essay_text,
            "source": r.claim.source,
            "essay_figure": r.claim.essay_figure,
            "computed": r.figures,
            "verdict": r.verdict.value,
            "condition": _condition_document(r.condition),
            "condition_reading": r.condition_reading,
            "readings": [
                {
                    "name": x.name,
                    "statement": x.statement,
                    "verdict": x.verdict.value,
                    "figures": x.figures,
                    "condition": _condition_document(x.condition),
                }
                for x in r.readings
            ],
            "test": r.claim.test,
            "assumptions": r.claim.assumptions,
            "examples": list(r.claim.examples),
            "values": r.values,
        }
        for r in results
    ]


def claims_text(results: Sequence[ClaimResult]) -> str:
    """``computecurve claims``: each claim, its verdict, the essay's figure, the app's and the condition."""
    lines = []
    for r in results:
        c = r.claim
        lines.append(f"{c.id}  {r.verdict.value.upper():<8} {c.title}")
        lines.append(f"    essay: {c.essay_figure}")
        for x in r.readings:
            kind = "statement" if x.statement else "reading"
            lines.append(f"    {kind} {x.verdict.value}: {x.name}")
            lines.append(f"        {x.figures}")
        if r.condition is not None:
            lines.append(f"    condition: {r.condition_text}")
        else:
            lines.append("    condition: none to vary (each statement is checked against its source)")
        lines.append("")
    verdicts = claim_verdicts(results)
    summary = {v: [k for k, w in verdicts.items() if w is v] for v in ClaimVerdict}
    lines.append(
        "; ".join(f"{v.value}: {', '.join(ids) or 'none'}" for v, ids in summary.items())
        + " (under the shipped examples' stated usage, the bundled history and the catalog)"
    )
    return "\n".join(lines) + "\n"
