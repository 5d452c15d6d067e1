"""What a what-if slider does to a pitch, the same on every frame of a drag and on its release.

A slider (the business panel's Price and Usage, presentation mode's) moves one business value. When the
pitch gives that value a 90% range and the slider leaves it (the default pitch's usage range is 0.5 to 2;
a drag to 2.28 leaves it), the range is **widened** just enough to hold the new value, and the edit says so
("Change usage multiplier; its range widened to 0.5 to 2.28"). Stopping the slider at the range's edge
would defeat the question a what-if asks (what if usage were 3x?); refusing the value would raise on every
frame of the drag. The widened range keeps the end the drag did not cross, so the user's stated
uncertainty changes no more than the value requires; one Ctrl+Z restores both.
"""

from __future__ import annotations

from core.fields import Group
from core.formatting import format_value
from core.pitch import FIELDS, Pitch, with_changes


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
