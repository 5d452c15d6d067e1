"""One way to write each kind of number, used by the window, the command line and every export.

One function per kind of number (``ui.md``'s visual language), so that a value reads the same on every
screen and in every file:

=====================  ==========================================================================
kind                   function
=====================  ==========================================================================
money, tables & prose  :func:`format_money`: ``$23.30``, ``$1,156.00``, ``$0.531``, ``$0.00412``
money, chart axes      :func:`format_money_axis`: ``$0.01``, ``$2.5``, ``$12,300``
money, tooltips        :func:`format_money_full`: ``$23.3``, ``$0.514512345678``
a number in a file     :func:`format_csv_number`: ``77.6`` (at most 12 significant digits)
an input fraction      :func:`format_fraction`: ``65.5%``, ``70%``
a probability, share   :func:`format_percent`: ``4%``, ``<1%``
orders of magnitude    :func:`format_orders`: ``1.15``
times cheaper          :func:`format_drop`: ``14.1x``
a price per M tokens   :func:`format_per_mtok`: ``$0.420 / M tokens``
a GPU-hour             :func:`format_gpu_hour`: ``$1.9621`` (the seed's and docs/contract.md 6.2's precision)
a quantity             :func:`format_quantity`: ``74,667``
a date                 :func:`format_month` in prose (``Dec 2027``), :func:`format_iso` in files
a pitch field's value  :func:`format_value`: by the field's kind (``core.fields.Kind``), one of the above
=====================  ==========================================================================

A value near a verdict edge is never displayed as the edge itself when it lies on the other side of it
(contract section 3): 1.0000001 orders of magnitude (two orders away) shows as 1.01, not 1.00.
"""

from __future__ import annotations

import math
from datetime import date

from core.fields import FieldSpec, Kind
from core.verdict import Verdict, band_bounds, verdict_for

# Above this, digits beyond the first few are float noise: write 1.25e+16, not 12,500,005,762,500,002.
_SCIENTIFIC_FROM = 1e15
CSV_DIGITS = 12  # contract section 5: a number in a file has at most 12 significant digits


def _sig(x: float, digits: int) -> str:
    """``x`` with ``digits`` significant figures (zeros kept), thousands separated; ``x`` below 1e15."""
    if x == 0:
        return "0"
    if abs(x) >= _SCIENTIFIC_FROM:
        return f"{x:.{digits - 1}e}"
    x = float(f"{x:.{digits}g}")  # 12,345 to 3 figures is 12,300: round the whole part too
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{x:,.{decimals}f}"


def _trim(text: str) -> str:
    """Drop a decimal part's trailing zeros (``2.50`` -> ``2.5``, ``100.0`` -> ``100``)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _not_finite(usd: float | None) -> str | None:
    """``n/a`` for a missing amount, ``∞`` for an infinite one, ``None`` for an ordinary number."""
    if usd is None or math.isnan(usd):
        return "n/a"
    if math.isinf(usd):
        return "∞" if usd > 0 else "-∞"
    return None


def format_orders(orders_of_magnitude: float | None) -> str:
    """Orders of magnitude with two decimals, kept inside the verdict's band.

    Examples
    --------
    >>> format_orders(1.2983), format_orders(1.0000001), format_orders(None)
    ('1.30', '1.01', '0.00')
    """
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


def format_drop(required_drop: float, orders_of_magnitude: float | None) -> str:
    """How many times cheaper inference must get, three significant figures, kept inside the verdict's band.

    Examples
    --------
    >>> format_drop(14.1234, 1.15), format_drop(10.0001, 1.0000043), format_drop(0.0, None)
    ('14.1x', '10.1x', '0x')
    """
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


def format_money(usd: float | None) -> str:
    """Dollars in tables and prose: the one rule every screen and export uses for an amount.

    Two decimals from $1 up, with thousands separators; three significant figures below $1; ``$0.00``
    for zero; the sign kept for a negative amount; scientific notation past $1e15 (the digits beyond
    the first few are float noise there); ``n/a`` for ``None`` and ``∞`` for an infinite amount.

    Examples
    --------
    >>> format_money(23.3), format_money(1156.0), format_money(1.1362)
    ('$23.30', '$1,156.00', '$1.14')
    >>> format_money(0.531), format_money(0.11904), format_money(0.004123)
    ('$0.531', '$0.119', '$0.00412')
    >>> format_money(0.0), format_money(-5.0), format_money(1.25e16), format_money(None)
    ('$0.00', '-$5.00', '$1.25e+16', 'n/a')
    """
    special = _not_finite(usd)
    if special is not None or usd is None:
        return special or "n/a"
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    if x == 0:
        return "$0.00"
    if x >= _SCIENTIFIC_FROM:
        return f"{sign}${x:.2e}"
    text = f"{x:,.2f}" if x >= 1 else _sig(x, 3)  # 0.9996 gives "1.00": the $1-up rule's own form
    return f"{sign}${text}"


def format_money_axis(usd: float | None) -> str:
    """Dollars on a chart (axis ticks, labels on the plot): at most three significant figures, no padding.

    No SI prefixes (``$12,300``, not ``$12.3k``): a reader compares the ticks of a log axis digit by digit.

    Examples
    --------
    >>> [format_money_axis(x) for x in (0.01, 1.0, 2.5, 100.0, 1234.0, 12345.0)]
    ['$0.01', '$1', '$2.5', '$100', '$1,230', '$12,300']
    """
    special = _not_finite(usd)
    if special is not None or usd is None:
        return special or "n/a"
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    if x == 0:
        return "$0"
    if x >= _SCIENTIFIC_FROM:
        mantissa, _, exponent = f"{x:.2e}".partition("e")
        return f"{sign}${_trim(mantissa)}e{exponent}"
    return f"{sign}${_trim(_sig(x, 3))}"


def format_money_full(usd: float | None) -> str:
    """Dollars in a tooltip: up to 12 significant digits, trailing zeros trimmed (float noise dropped).

    Examples
    --------
    >>> format_money_full(23.3), format_money_full(0.514512345678), format_money_full(1156.0)
    ('$23.3', '$0.514512345678', '$1,156')
    >>> format_money_full(0.1 + 0.2), format_money_full(0.0)
    ('$0.3', '$0')
    """
    special = _not_finite(usd)
    if special is not None or usd is None:
        return special or "n/a"
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    if x == 0:
        return "$0"
    if x >= _SCIENTIFIC_FROM:
        mantissa, _, exponent = f"{x:.{CSV_DIGITS - 1}e}".partition("e")
        return f"{sign}${_trim(mantissa)}e{exponent}"
    return f"{sign}${_trim(_sig(x, CSV_DIGITS))}"


def format_csv_number(x: float) -> str:
    """A number in a file (CSV): at most 12 significant digits, in the shortest form that keeps them.

    Python's ``format(x, ".12g")``: a whole number without ``.0`` (``5``, never ``5.0``), exponent
    notation below 1e-4 and from 1e12 (``2.5e-05``, ``1e+12``: every spreadsheet reads it), no thousands
    separator, ``0`` for -0.0.

    Raises
    ------
    ValueError
        ``x`` is NaN or infinite: such a value never reaches a file (the engine refuses it first).

    Examples
    --------
    >>> format_csv_number(77.60000000000001), format_csv_number(5.0), format_csv_number(0.1 + 0.2)
    ('77.6', '5', '0.3')
    >>> format_csv_number(1 / 3), format_csv_number(2.5e-05)
    ('0.333333333333', '2.5e-05')
    """
    if not math.isfinite(x):
        raise ValueError(f"{x!r} cannot be written to a file: not a finite number")
    text = f"{x:.{CSV_DIGITS}g}"
    return "0" if text == "-0" else text


def format_fraction(fraction: float) -> str:
    """An input fraction (margin, fee, cache share, inference share) as a percent with at most one decimal.

    A trailing ``.0`` is dropped. A non-zero value too small for one decimal reads ``<0.1%`` (one just
    below 1, ``>99.9%``) rather than 0% (100%). A probability or a share of a cost is
    :func:`format_percent`'s.

    Examples
    --------
    >>> format_fraction(0.655), format_fraction(0.7), format_fraction(0.123), format_fraction(0.005)
    ('65.5%', '70%', '12.3%', '0.5%')
    >>> format_fraction(-2.05), format_fraction(0.0001)
    ('-205%', '<0.1%')
    """
    if not math.isfinite(fraction):
        return "n/a"
    if 0 < fraction < 0.0005:
        return "<0.1%"
    if 0.9995 < fraction < 1:
        return ">99.9%"
    text = _trim(f"{fraction * 100:.1f}")
    return "0%" if text == "-0" else f"{text}%"


def format_quantity(value: float) -> str:
    """A plain quantity (tokens, calls, days) with three significant figures.

    Examples
    --------
    >>> format_quantity(15.0), format_quantity(4.2), format_quantity(74666.7)
    ('15', '4.2', '74,667')
    """
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
        text = _trim(f"{x:,.{decimals}f}")
    return ("-" if value < 0 else "") + text


def format_per_mtok(usd: float | None) -> str:
    """A price per million tokens, the amount by :func:`format_money`.

    Examples
    --------
    >>> format_per_mtok(0.42), format_per_mtok(15.0), format_per_mtok(None)
    ('$0.420 / M tokens', '$15.00 / M tokens', 'n/a')
    """
    return "n/a" if usd is None else f"{format_money(usd)} / M tokens"


def format_gpu_hour(usd: float | None) -> str:
    """What a GPU-hour (or a paid hour) costs, to the hundredth of a cent, as the seed essay and docs/contract.md
    6.2 quote it: the chain from a GPU-hour to a price per token needs the digits a cent would hide.

    Examples
    --------
    >>> format_gpu_hour(1.9621263974), format_gpu_hour(2.803037710635), format_gpu_hour(4.0)
    ('$1.9621', '$2.8030', '$4.0000')
    >>> format_gpu_hour(12345.6), format_gpu_hour(None)
    ('$12,345.6000', 'n/a')
    """
    special = _not_finite(usd)
    if special is not None or usd is None:
        return special or "n/a"
    return f"{'-' if usd < 0 else ''}${abs(usd):,.4f}"


def format_month(day: date | None) -> str:
    """A date in prose; ``None`` is "not within 50 years".

    Examples
    --------
    >>> format_month(date(2027, 12, 3)), format_month(None)
    ('Dec 2027', 'not within 50 years')
    """
    return "not within 50 years" if day is None else day.strftime("%b %Y")


def format_iso(day: date | None) -> str:
    """A date in files: ISO, or empty for ``None``.

    Examples
    --------
    >>> format_iso(date(2027, 12, 3)), format_iso(None)
    ('2027-12-03', '')
    """
    return "" if day is None else day.isoformat()


def format_percent(fraction: float) -> str:
    """A probability or a share of a cost, whole percents; ``<1%`` / ``>99%`` for values near 0 / 1.

    Examples
    --------
    >>> format_percent(0.04), format_percent(0.001), format_percent(0.999)
    ('4%', '<1%', '>99%')
    """
    if 0 < fraction < 0.005:
        return "<1%"
    if 0.995 < fraction < 1:
        return ">99%"
    return f"{fraction:.0%}"


def format_headroom(required_drop: float) -> str:
    """How far under budget a viable pitch is: ``1 / required_drop`` with three significant figures.

    Examples
    --------
    >>> format_headroom(0.25), format_headroom(1 / 3.16)
    ('4.00x', '3.16x')
    """
    return f"{_sig(1 / required_drop, 3)}x" if required_drop > 0 else "∞x"


def needs_sentence(required_drop: float, orders_of_magnitude: float | None, verdict: Verdict) -> str:
    """What inference must still do for the pitch to be viable, or its headroom when it already is.

    Examples
    --------
    >>> import math
    >>> needs_sentence(14.1234, math.log10(14.1234), Verdict.TWO_ORDERS)
    'needs 14.1x cheaper inference (1.15 orders of magnitude)'
    >>> needs_sentence(0.25, math.log10(0.25), Verdict.VIABLE_NOW)
    "viable at today's prices (4.00x headroom)"
    """
    if verdict is Verdict.VIABLE_NOW:
        if required_drop <= 0:
            return "costs nothing to run: viable at today's prices"
        return f"viable at today's prices ({format_headroom(required_drop)} headroom)"
    return (
        f"needs {format_drop(required_drop, orders_of_magnitude)} cheaper inference "
        f"({format_orders(orders_of_magnitude)} orders of magnitude)"
    )


def format_value(field: FieldSpec | Kind, value: float) -> str:
    """A pitch field's value as its kind is written everywhere (the field registry says the kind).

    Money by :func:`format_money`, a price per million tokens by :func:`format_per_mtok`, a fraction by
    :func:`format_fraction`, a factor as a quantity with ``×``, years and kilowatts with their unit, every
    other count by :func:`format_quantity`.

    Examples
    --------
    >>> format_value(Kind.MONEY, 9.99), format_value(Kind.FRACTION, 0.655), format_value(Kind.FACTOR, 2.28)
    ('$9.99', '65.5%', '2.28×')
    >>> format_value(Kind.COUNT, 74666.7), format_value(Kind.PRICE, 0.15), format_value(Kind.YEARS, 5.0)
    ('74,667', '$0.150 / M tokens', '5 years')
    """
    kind = field.kind if isinstance(field, FieldSpec) else field
    if kind is Kind.MONEY:
        return format_money(value)
    if kind is Kind.PRICE:
        return format_per_mtok(value)
    if kind is Kind.FRACTION:
        return format_fraction(value)
    if kind is Kind.FACTOR:
        return f"{format_quantity(value)}×"
    if kind is Kind.YEARS:
        return f"{format_quantity(value)} years"
    if kind is Kind.POWER:
        return f"{format_quantity(value)} kW"
    return format_quantity(value)
