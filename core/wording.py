"""The verdict and its arrival in words: one place for every screen and export (contract section 3).

The verdict's words are the seed essay's ("One order of magnitude away: roughly the next 18-24 months");
the figures beside them are the pitch's. So wherever the words are shown, the arrival under the pitch's own
scenario is shown with them (:func:`verdict_headline`), and the seed's gloss after the colon is shown
labelled as the seed's rule of thumb (:func:`seed_rule_line`), never as this pitch's arrival. An arrival
window that lies wholly before today says it has passed; it is never written as a future date.

``today`` is always a parameter (callers pass ``date.today()``; tests pin it), never read here.
"""

from __future__ import annotations

import math
from datetime import date

from core.engine import Evaluation
from core.formatting import format_headroom, format_money, format_month
from core.verdict import HORIZON_YEARS, Verdict

MONTHS_PER_YEAR = 12
YEARS_FROM_MONTHS = 24  # a duration of 24 months or more is written in years
SEED_PACE = "its 10x per 18-24 months pace"
NOT_WITHIN_SLOW = f"not within {HORIZON_YEARS} years at the slow rate"


# --------------------------------------------------------------------------------------------------
# The seed's words
# --------------------------------------------------------------------------------------------------


def verdict_title(verdict: Verdict) -> str:
    """The contract's words before the colon.

    Examples
    --------
    >>> verdict_title(Verdict.ONE_ORDER)
    'One order of magnitude away'
    """
    return verdict.words.partition(": ")[0]


def verdict_gloss(verdict: Verdict) -> str:
    """The seed's words after the colon (its rule of thumb, not this pitch's arrival).

    Examples
    --------
    >>> verdict_gloss(Verdict.ONE_ORDER)
    'roughly the next 18-24 months'
    """
    return verdict.words.partition(": ")[2]


def seed_rule_gloss(verdict: Verdict) -> str:
    """The seed's gloss, with the pace it assumes where the gloss is a duration.

    Examples
    --------
    >>> seed_rule_gloss(Verdict.ONE_ORDER)
    'roughly the next 18-24 months (at its 10x per 18-24 months pace)'
    >>> seed_rule_gloss(Verdict.TWO_ORDERS)
    'interesting but premature'
    """
    gloss = verdict_gloss(verdict)
    return f"{gloss} (at {SEED_PACE})" if verdict is Verdict.ONE_ORDER else gloss


def seed_rule_line(verdict: Verdict) -> str:
    """The seed's gloss labelled as the seed's, to show under the headline.

    Examples
    --------
    >>> seed_rule_line(Verdict.ONE_ORDER)
    "The seed's rule of thumb: roughly the next 18-24 months (at its 10x per 18-24 months pace)"
    """
    return f"The seed's rule of thumb: {seed_rule_gloss(verdict)}"


# --------------------------------------------------------------------------------------------------
# Durations and month ranges
# --------------------------------------------------------------------------------------------------


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _one_duration(months: float) -> str:
    """``9 months``, ``1 month``, ``2.1 years`` (from 24 months, one decimal, a trailing .0 dropped)."""
    whole = _round_half_up(months)
    if whole < YEARS_FROM_MONTHS:
        return "1 month" if whole == 1 else f"{whole} months"
    years = f"{months / MONTHS_PER_YEAR:.1f}".removesuffix(".0")
    return f"{years} years"


def duration_text(months_earliest: float, months_latest: float | None) -> str:
    """How long until the window opens and closes, in whole months (years from 24 months).

    Each end is rounded half up to whole months; from 24 months it is written in years with one decimal.
    ``None`` for the latest end: not within 50 years at the slow rate.

    Examples
    --------
    >>> duration_text(8.66, 11.56), duration_text(25.2, 40.8), duration_text(10.2, 9.9)
    ('about 9-12 months', 'about 2.1-3.4 years', 'about 10 months')
    >>> duration_text(18.0, 30.0), duration_text(0.4, 0.9), duration_text(0.4, 2.2)
    ('about 18 months to 2.5 years', 'within a month', 'within about 2 months')
    >>> duration_text(25.2, None)
    '2.1 years or more (not within 50 years at the slow rate)'
    """
    if months_latest is None:
        first = "a month" if months_earliest < 1 else _one_duration(months_earliest)
        return f"{first} or more ({NOT_WITHIN_SLOW})"
    if months_latest < 1:
        return "within a month"
    if months_earliest < 1:
        return f"within about {_one_duration(months_latest)}"
    early, late = _one_duration(months_earliest), _one_duration(months_latest)
    if early == late:
        return f"about {early}"
    early_number, _, early_unit = early.partition(" ")
    late_number, _, late_unit = late.partition(" ")
    if early_unit.rstrip("s") == late_unit.rstrip("s"):
        return f"about {early_number}-{late_number} {late_unit}"
    return f"about {early} to {late}"


def month_range(earliest: date, latest: date | None) -> str:
    """``between Dec 2026 and Mar 2027``, ``between Jun and Aug 2026``, ``around Jun 2026``.

    Examples
    --------
    >>> month_range(date(2026, 12, 3), date(2027, 3, 20)), month_range(date(2026, 6, 1), date(2026, 8, 9))
    ('between Dec 2026 and Mar 2027', 'between Jun and Aug 2026')
    >>> month_range(date(2026, 6, 1), date(2026, 6, 30)), month_range(date(2026, 6, 1), None)
    ('around Jun 2026', 'from Jun 2026 (not within 50 years at the slow rate)')
    """
    if latest is None:
        return f"from {format_month(earliest)} ({NOT_WITHIN_SLOW})"
    if format_month(earliest) == format_month(latest):
        return f"around {format_month(earliest)}"
    if earliest.year == latest.year:
        return f"between {earliest.strftime('%b')} and {format_month(latest)}"
    return f"between {format_month(earliest)} and {format_month(latest)}"


# --------------------------------------------------------------------------------------------------
# The arrival beside the verdict
# --------------------------------------------------------------------------------------------------


def arrival_passed(evaluation: Evaluation, today: date) -> bool:
    """Whether the point-value arrival window lies wholly before ``today`` (a pitch priced long ago)."""
    latest = evaluation.arrival.latest
    return evaluation.verdict is not Verdict.VIABLE_NOW and latest is not None and latest < today


def arrival_phrase(evaluation: Evaluation, today: date) -> str:
    """When the pitch becomes viable under its own scenario, in a few words to put beside the verdict.

    - viable now: ``3.16x headroom`` (``3.16x headroom at Mar 2023 prices`` for a pitch priced on
      another day than ``today``);
    - a window wholly after ``today``, priced ``today``: its duration, ``about 9-12 months at Frontier
      5-10x/yr`` (:func:`duration_text`); priced on another day: its months, ``between Dec 2026 and Mar
      2027 at ...`` (a duration from another day would read as one from today);
    - a window containing ``today``: ``due now (by Mar 2027) at ...``;
    - a window wholly before ``today``: ``should have arrived by Aug 2026 at ...``;
    - no arrival within 50 years even at the fast rate: ``not within 50 years at ...``.

    Examples
    --------
    With a pitch that needs a 3.03x drop, priced on 2026-03-23 under the seed's rule:

    - on 2026-03-23: ``about 9-12 months at the seed's rule 3.16-4.64x/yr``;
    - on 2026-06-01: ``between Dec 2026 and Mar 2027 at the seed's rule 3.16-4.64x/yr``;
    - on 2027-01-15: ``due now (by Mar 2027) at ...``; on 2027-06-01: ``should have arrived by Mar 2027 at ...``.
    """
    ev = evaluation
    at = f"at {ev.scenario.short}"
    if ev.verdict is Verdict.VIABLE_NOW:
        if ev.required_drop <= 0:
            return "costs nothing to run"
        headroom = f"{format_headroom(ev.required_drop)} headroom"
        # The verdict's own words already say "viable": beside them, only the figure (and, for a pitch
        # priced on another day, which day's prices give it).
        return headroom if ev.as_of == today else f"{headroom} at {format_month(ev.as_of)} prices"
    a = ev.arrival
    if a.earliest is None:
        return f"not within {HORIZON_YEARS} years {at}"
    if a.latest is not None and a.latest < today:
        return f"should have arrived by {format_month(a.latest)} {at}"
    if a.earliest <= today:
        by = NOT_WITHIN_SLOW if a.latest is None else f"by {format_month(a.latest)}"
        return f"due now ({by}) {at}"
    if ev.as_of == today:
        latest = None if a.latest is None else a.years_latest * MONTHS_PER_YEAR
        return f"{duration_text(a.years_earliest * MONTHS_PER_YEAR, latest)} {at}"
    return f"{month_range(a.earliest, a.latest)} {at}"


def verdict_headline(evaluation: Evaluation, today: date) -> str:
    """The verdict's title and the pitch's own arrival: what every screen shows where the words appear.

    Examples
    --------
    ``One order of magnitude away · about 9-12 months at Frontier 5-10x/yr``;
    ``Two orders of magnitude away · should have arrived by Aug 2026 at the seed's rule 3.16-4.64x/yr``.
    """
    return f"{verdict_title(evaluation.verdict)} · {arrival_phrase(evaluation, today)}"


def arrival_window_text(evaluation: Evaluation, today: date) -> str:
    """The point-value arrival window as a sentence (the Monte Carlo's percentiles are a different figure).

    Examples
    --------
    ``Viable between Dec 2026 and Mar 2027 (point values at the seed's rule 3.16-4.64x/yr)``;
    ``Should have arrived between Jun and Aug 2026: the window has passed (point values at the seed's rule
    3.16-4.64x/yr; prices as of 2026-03-23)``; ``Due now: viable between Jun 2026 and Mar 2027 (...)``.
    """
    ev = evaluation
    point = f"point values at {ev.scenario.short}"
    if ev.verdict is Verdict.VIABLE_NOW:
        return "Viable now"
    a = ev.arrival
    if a.earliest is None:
        return f"Not viable within {HORIZON_YEARS} years ({point})"
    if arrival_passed(ev, today):
        return (
            f"Should have arrived {month_range(a.earliest, a.latest)}: the window has passed "
            f"({point}; prices as of {ev.as_of.isoformat()})"
        )
    if a.earliest <= today:
        return f"Due now: viable {month_range(a.earliest, a.latest)} ({point})"
    if a.latest is None:
        return f"Viable from {format_month(a.earliest)} at the earliest; {NOT_WITHIN_SLOW} ({point})"
    return f"Viable {month_range(a.earliest, a.latest)} ({point})"


# --------------------------------------------------------------------------------------------------
# A cost beside a budget
# --------------------------------------------------------------------------------------------------


def paying_cost_text(evaluation: Evaluation) -> str:
    """``$23.30 per paying user-month ($1.79 per active user)``: the cost a budget is compared with.

    The budget is what one paying user's price leaves for inference; each paying user carries their free
    users, so the cost beside it is always the cost per paying user (the one the required drop divides).
    The cost per active user is added, labelled, when free users make it differ.
    """
    ev = evaluation
    text = f"{format_money(ev.cost_per_paying_user_month)} per paying user-month"
    if ev.cost_per_paying_user_month != ev.cost_per_user_month:
        text += f" ({format_money(ev.cost_per_user_month)} per active user)"
    return text


def cost_vs_budget(evaluation: Evaluation) -> str:
    """``$23.30 per paying user-month ($1.79 per active user) vs $3.06 budget`` (see :func:`paying_cost_text`)."""
    return f"{paying_cost_text(evaluation)} vs {format_money(evaluation.budget_per_user_month)} budget"


__all__ = [
    "arrival_passed",
    "arrival_phrase",
    "arrival_window_text",
    "cost_vs_budget",
    "duration_text",
    "month_range",
    "paying_cost_text",
    "seed_rule_gloss",
    "seed_rule_line",
    "verdict_gloss",
    "verdict_headline",
    "verdict_title",
]
