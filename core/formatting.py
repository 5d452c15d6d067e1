"""One way to write each kind of number, used by the window, the command line and every export.

A value near a verdict edge is never displayed as the edge itself when it lies on the other side of it
(contract section 3): 1.0000001 orders of magnitude (two orders away) shows as 1.01, not 1.00.
"""

from __future__ import annotations

import math
from datetime import date

from core.verdict import Verdict, band_bounds, verdict_for


def format_orders(orders_of_magnitude: float | None) -> str:
    """Orders of magnitude with two decimals, kept inside the verdict's band."""
    if orders_of_magnitude is None:
        return "0.00"
    lower, upper = band_bounds(verdict_for(orders_of_magnitude))
    shown = round(orders_of_magnitude, 2)
    if lower is not None and shown <= lower:
        shown = lower + 0.01
    if upper is not None and shown > upper:
        shown = upper
    text = f"{shown:.2f}"
    return "0.00" if text == "-0.00" else text


# Above this, digits beyond the first few are float noise: write 1.25e+16, not 12,500,005,762,500,002.
_SCIENTIFIC_FROM = 1e15


def _sig(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    if abs(x) >= _SCIENTIFIC_FROM:
        return f"{x:.{digits - 1}e}"
    magnitude = math.floor(math.log10(abs(x)))
    if abs(round(x, max(0, digits - 1 - magnitude))) >= 10 ** (magnitude + 1):
        magnitude += 1  # 9.9999 rounds up to 10.0, which has one more digit before the point
    decimals = max(0, digits - 1 - magnitude)
    return f"{x:,.{decimals}f}"


def format_drop(required_drop: float, orders_of_magnitude: float | None) -> str:
    """How many times cheaper inference must get ("14.1x"), kept inside the verdict's band."""
    if orders_of_magnitude is None or required_drop <= 0:
        return "0x"
    lower, upper = band_bounds(verdict_for(orders_of_magnitude))
    digits = 3
    text = _sig(required_drop, digits)
    value = float(text.replace(",", ""))
    # The edges in "times cheaper" are 1x, 10x and 100x; nudge by one unit in the last place.
    if lower is not None and value <= 10**lower:
        step = 10 ** (math.floor(math.log10(10**lower)) - digits + 1)
        text = _sig(10**lower + step, digits)
    elif upper is not None and value > 10**upper:
        text = _sig(10**upper, digits)
    return f"{text}x"


def format_money(usd: float | None, *, precise: bool = False) -> str:
    """Dollars for prose and charts (3 significant figures at most below $1,000) or tables (precise)."""
    if usd is None:
        return "n/a"
    if not math.isfinite(usd):
        return "∞"
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    if x >= _SCIENTIFIC_FROM:
        return f"{sign}${x:.{5 if precise else 2}e}"
    if precise:
        if x >= 1:
            return f"{sign}${x:,.4f}".rstrip("0").rstrip(".") if x < 1e6 else f"{sign}${x:,.2f}"
        return f"{sign}${x:.6g}"
    if x >= 1000:
        return f"{sign}${x:,.0f}"
    if x >= 1:
        return f"{sign}${x:,.2f}" if x < 100 else f"{sign}${x:,.0f}"
    if x == 0:
        return "$0"
    return f"{sign}${_sig(x, 3)}"


def format_quantity(value: float) -> str:
    """A plain quantity (tokens, calls, days) with three significant figures: ``15``, ``4.2``, ``74,667``."""
    if not math.isfinite(value):
        return "∞"
    if value == 0:
        return "0"
    x = abs(value)
    if x >= _SCIENTIFIC_FROM:
        text = f"{x:.2e}"
    elif x >= 999.5:
        text = f"{x:,.0f}"
    else:
        decimals = max(0, 2 - math.floor(math.log10(x)))
        text = f"{x:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return ("-" if value < 0 else "") + text


def format_per_mtok(usd: float | None) -> str:
    """A price per million tokens, e.g. ``$0.42 / M tokens``."""
    return "n/a" if usd is None else f"{format_money(usd)} / M tokens"


def format_month(day: date | None) -> str:
    """A date in prose: ``Dec 2027``; ``None`` is "not within 50 years"."""
    return "not within 50 years" if day is None else day.strftime("%b %Y")


def format_iso(day: date | None) -> str:
    """A date in files: ISO, or empty for ``None``."""
    return "" if day is None else day.isoformat()


def format_percent(fraction: float) -> str:
    """A probability or share: ``4%``, ``<1%`` for tiny non-zero values."""
    if 0 < fraction < 0.005:
        return "<1%"
    if 0.995 < fraction < 1:
        return ">99%"
    return f"{fraction:.0%}"


def needs_sentence(required_drop: float, orders_of_magnitude: float | None, verdict: Verdict) -> str:
    """``needs 14.1x cheaper inference (1.15 orders of magnitude)`` or that it is viable now."""
    if verdict is Verdict.VIABLE_NOW:
        headroom = 1 / required_drop if required_drop > 0 else math.inf
        if not math.isfinite(headroom):
            return "costs nothing to run: viable at today's prices"
        return f"viable at today's prices ({_sig(headroom, 3)}x headroom)"
    return (
        f"needs {format_drop(required_drop, orders_of_magnitude)} cheaper inference "
        f"({format_orders(orders_of_magnitude)} orders of magnitude)"
    )
