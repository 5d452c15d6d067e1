"""The deal memo as Markdown to paste into a memo: the scorecard, the blocks and the sources.

Every piece of user text is escaped by :func:`md_escape`: a memo named ``<img src=x>`` prints those
characters.
"""

from __future__ import annotations

import os
import re

from core.formatting import format_money, format_percent, format_quantity
from core.pitch_io import atomic_write_bytes
from desktop.export.memo import (
    MemoData,
    _block_extras,
    _block_value,
    _source_numbers,
    business_text,
    price_sources,
    scenario_text,
)

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


def markdown_summary(data: MemoData) -> str:
    """The scorecard, the blocks and the sources as Markdown to paste into a memo."""
    sc = data.scorecard
    ev = data.evaluation
    pitch = data.pitch
    numbers = _source_numbers(ev)
    lines = [
        f"## {md_escape(pitch.name)}",
        "",
        f"**{md_escape(sc.verdict.short)}**: {md_escape(sc.headline)}",
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
        "| Actions / day | $ / active user-month | Share |",
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
            _block_value("cached_input_fraction", blk.cached_input_fraction),
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


def write_markdown(data: MemoData, path: str | os.PathLike[str]) -> None:
    """Write :func:`markdown_summary` to ``path`` (UTF-8, atomically)."""
    atomic_write_bytes(path, markdown_summary(data).encode("utf-8"))
