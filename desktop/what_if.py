"""What a what-if slider does to a pitch, the same on every frame of a drag and on its release.

A slider (the business panel's Price and Usage, presentation mode's) moves one business value. When the
pitch gives that value a 90% range and the slider leaves it (the default pitch's usage range is 0.5 to 2;
a drag to 2.28 leaves it), the range is **widened** just enough to hold the new value, and the edit says so
("Change usage multiplier; its range widened to 0.5 to 2.28"). Stopping the slider at the range's edge
would defeat the question a what-if asks (what if usage were 3x?); refusing the value would raise on every
frame of the drag. The widened range keeps the end the drag did not cross, so the user's stated
uncertainty changes no more than the value requires; one Ctrl+Z restores both.

What a slider spans (:func:`centred_span`): a decade either side of the pitch's own value, not the field's
whole range. Over $0.50 to $100,000 in 260 pixels a 60-pixel drag took a $9.99 price to $117; over $0.999 to
$99.90 the same drag is a factor of about 2.9, a question a person means to ask. The span is centred again
when the value comes from elsewhere (typed, undone, another pitch) or a drag ends at an end of it.
"""

from __future__ import annotations

from core.fields import Group
from core.formatting import format_value
from core.pitch import FIELDS, Pitch, with_changes

DECADES_EACH_SIDE = 1.0


def centred_span(
    value: float, decades: float = DECADES_EACH_SIDE, low: float | None = None, high: float | None = None
) -> tuple[float, float]:
    """The values a what-if slider spans around ``value``: ``decades`` either side, kept within the
    field's bounds ``low .. high`` (a span cut at one bound reaches further on the other side, so the
    slider always covers ``2 * decades``, unless the bounds are narrower).

    >>> centred_span(9.99)
    (0.999, 99.9)
    >>> centred_span(0.02, low=0.01)
    (0.01, 1.0)
    """
    if not (value > 0 and decades > 0):
        raise ValueError("a span needs a positive value and width")
    factor = 10.0**decades
    lo, hi = value / factor, value * factor
    if low is not None and low > 0 and lo < low:
        lo, hi = low, low * factor * factor
    if high is not None and hi > high:
        hi = high
        lo = max(high / (factor * factor), low if low is not None and low > 0 else 0.0)
    if not 0 < lo < hi:
        raise ValueError(f"no span around {value} within {low}..{high}")
    return _tidy(lo), _tidy(hi)


def _tidy(x: float) -> float:
    """``x`` without float noise (9.99 / 10 is 0.9990000000000001): 12 significant digits."""
    return float(f"{x:.12g}")


def with_business_value(pitch: Pitch, key: str, value: float) -> tuple[Pitch, str]:
    """``pitch`` with ``business.key`` at ``value``, and a note when its range had to widen (else "").

    Raises
    ------
    pydantic.ValidationError
        The value is outside the field's own bounds (a slider never offers one).
    """
    business = pitch.business
    ranges = dict(business.ranges)
    note = ""
    interval = ranges.get(key)
    if interval is not None and not interval[0] <= value <= interval[1]:
        widened = (min(interval[0], value), max(interval[1], value))
        ranges[key] = widened
        spec = FIELDS.spec(Group.BUSINESS, key)
        note = f"its range widened to {format_value(spec, widened[0])} to {format_value(spec, widened[1])}"
    changes: dict[str, object] = {key: value}
    if note:
        changes["ranges"] = ranges
    return with_changes(pitch, business=with_changes(business, **changes)), note


def undo_text(key: str, note: str) -> str:
    """``Change usage multiplier``, with the note of a widened range."""
    text = FIELDS.spec(Group.BUSINESS, key).undo_text()
    return f"{text}; {note}" if note else text
