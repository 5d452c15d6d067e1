"""Evaluations as JSON documents, text and score rows: the one source of every exported number."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.engine import Evaluation
from core.formatting import (
    format_fraction,
    format_iso,
    format_money,
    format_month,
    format_orders,
    format_per_mtok,
    format_percent,
    format_quantity,
    needs_sentence,
)
from core.price_data import PriceDataInfo
from core.uncertainty import SensitivityRow, UncertaintyResult
from core.wording import (
    arrival_passed,
    arrival_window_text,
    paying_cost_text,
    seed_rule_line,
    verdict_headline,
)


def scenario_document(ev: Evaluation) -> dict[str, Any]:
    s = ev.scenario
    return {
        "id": s.id,
        "name": s.name,
        "annual_decline_low": s.annual_decline_low,
        "annual_decline_high": s.annual_decline_high,
        "source": s.source,
    }


def sensitivity_document(rows: list[SensitivityRow]) -> list[dict[str, Any]]:
    return [
        {
            "input": r.path,
            "label": r.label,
            "value": r.value,
            "low": r.low,
            "high": r.high,
            "from_range": r.from_range,
            "orders_of_magnitude_at_low": r.oom_low,
            "orders_of_magnitude_at_high": r.oom_high,
            "swing": r.swing,
            "better_verdict": r.better_verdict.value if r.better_verdict else None,
            "better_at": r.better_at,
            "worse_verdict": r.worse_verdict.value if r.worse_verdict else None,
            "worse_at": r.worse_at,
        }
        for r in rows
    ]


def capability_document(ev: Evaluation) -> list[dict[str, Any]]:
    """Contract 6.3: one entry per block with ``requires`` (in file order), empty when none has one.

    ``model`` is the model the block is priced at (the cheapest capable one when ``chosen``, else the block's
    own, ``null`` for a block priced by its own price or a deployment); ``model_score`` its score (``null``:
    none published); ``best_score``/``best_model`` the best score of any model released by the pitch's date.
    """
    out = []
    for b in ev.blocks:
        c = b.price.capability
        if c is None:
            continue
        out.append(
            {
                "block": b.name,
                "benchmark": c.benchmark,
                "min_score": c.min_score,
                "met_on_as_of": c.met_on_as_of,
                "model": c.model,
                "model_score": c.model_score,
                "chosen": c.chosen,
                "best_score": c.best_score,
                "best_model": c.best_model,
            }
        )
    return out


def price_data_document(info: PriceDataInfo) -> dict[str, Any]:
    """Contract 6.5: the price data's code, its date and the history's, and whether a file was installed."""
    return {
        "catalog": info.catalog,
        "data_date": info.data_date.isoformat(),
        "history_date": info.history_date.isoformat(),
        "updated": info.updated,
        "installed_on": info.installed_on.isoformat() if info.installed_on else None,
        "sha256": info.sha256,
    }


def evaluation_document(
    ev: Evaluation,
    mc: UncertaintyResult | None = None,
    sens: list[SensitivityRow] | None = None,
    *,
    today: date,
) -> dict[str, Any]:
    """The ``evaluate --json`` object (contract section 5), plus a few more keys.

    Beside ``verdict_words`` (the seed's words), ``verdict_headline`` and ``arrival_text`` give the pitch's
    own arrival in words, and ``arrival.passed`` says whether its window lies wholly before ``today``.
    """
    doc: dict[str, Any] = {
        "name": ev.name,
        "as_of": ev.as_of.isoformat(),
        "scenario": scenario_document(ev),
        "catalog_version": ev.catalog_version,
        "cost_per_user_month": ev.cost_per_user_month,
        "cost_per_paying_user_month": ev.cost_per_paying_user_month,
        "budget_per_user_month": ev.budget_per_user_month,
        "required_drop": ev.required_drop,
        "orders_of_magnitude": ev.orders_of_magnitude,
        "verdict": ev.verdict.value,
        "verdict_words": ev.verdict.words,
        "verdict_headline": verdict_headline(ev, today),
        "arrival_text": arrival_window_text(ev, today),
        "arrival": {
            "earliest": format_iso(ev.arrival.earliest) or None,
            "latest": format_iso(ev.arrival.latest) or None,
            "passed": arrival_passed(ev, today),
        },
        "breakeven": {
            "blended_per_mtok": ev.breakeven.blended_per_mtok,
            "breakeven_blended_per_mtok": ev.breakeven.breakeven_blended_per_mtok,
            "price_per_user_month": ev.breakeven.price_per_user_month,
        },
        "tokens_per_user_month": ev.tokens_per_user_month,
        "gross_margin_today": ev.gross_margin_today,
        "blocks": [
            {
                "name": b.name,
                "enabled": b.enabled,
                "cost_per_user_month": b.cost_per_user_month,
                "share": b.share,
                "cost_per_call": b.cost_per_call,
                "calls_per_user_month": b.calls_per_user_month,
                "resolved_price": {
                    **b.price.base.as_dict(),
                    "tiers": [{"above_input_tokens": a, **p.as_dict()} for a, p in b.price.tiers],
                    "model": b.price.model_id,
                    "source": b.price.source,
                    "notes": list(b.price.notes),
                },
            }
            for b in ev.blocks
        ],
        "capability": capability_document(ev),
        "price_data": price_data_document(ev.price_data),
        "warnings": list(ev.warnings),
    }
    if mc is not None:
        doc["uncertainty"] = {
            "samples": mc.samples,
            "seed": mc.seed,
            "p_viable_now": mc.p_viable_now,
            "arrival_p10": format_iso(mc.arrival_p10) or None,
            "arrival_p50": format_iso(mc.arrival_p50) or None,
            "arrival_p90": format_iso(mc.arrival_p90) or None,
        }
    if sens is not None:
        doc["sensitivity"] = sensitivity_document(sens)
    return doc


def uncertainty_sentence(mc: UncertaintyResult) -> str:
    """``Monte Carlo P10-P90: May 2027 - Feb 2029; 4% viable today``."""
    return (
        f"Monte Carlo P10-P90: {format_month(mc.arrival_p10)} - {format_month(mc.arrival_p90)} "
        f"(P50 {format_month(mc.arrival_p50)}); {format_percent(mc.p_viable_now)} viable today"
    )


def breakeven_sentence(ev: Evaluation) -> str:
    """``Viable when inference costs $0.65 / M tokens (today $9.17), or at $281/month``; with a price per call,
    ``Viable when every price, per token and per call, is at most 1/14.3 of today's (7%), or ...``."""
    b = ev.breakeven
    price = f"{format_money(b.price_per_user_month)} per paying user-month"
    if b.per_call_pricing:
        # docs/contract.md 6.1: a price per call cannot be blended into a price per token, so the break-even
        # is stated for every price at once: each at 1/required_drop of today's.
        if ev.required_drop <= 0:
            return f"Viable at any price: it costs nothing to run (today at {price})"
        return (
            f"Viable when every price, per token and per call, is at most 1/{format_quantity(ev.required_drop)} "
            f"of today's ({format_fraction(1 / ev.required_drop)}), or today at {price}"
        )
    if b.blended_per_mtok is None or b.breakeven_blended_per_mtok is None:
        return f"Viable today at a price of {price}"
    return (
        f"Viable when inference costs {format_per_mtok(b.breakeven_blended_per_mtok)} "
        f"(today {format_per_mtok(b.blended_per_mtok)}), or today at {price}"
    )


def evaluation_text(
    ev: Evaluation,
    mc: UncertaintyResult | None = None,
    sens: list[SensitivityRow] | None = None,
    *,
    today: date,
) -> str:
    """The human-readable ``evaluate`` output; ``today`` decides whether the arrival has passed."""
    lines = [
        f"{ev.name}",
        f"  as of {ev.as_of.isoformat()} · scenario {ev.scenario.id or 'custom'}: {ev.scenario.name}"
        f" ({ev.scenario.factors_text})",
        f"  prices: {ev.catalog_version}",
        "",
        f"  Cost:    {paying_cost_text(ev)}",
        f"  Budget:  {format_money(ev.budget_per_user_month)} per paying user-month for inference",
        f"  {needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()}",
        f"  Verdict: {verdict_headline(ev, today)}",
        f"           {seed_rule_line(ev.verdict)}",
        f"  {arrival_window_text(ev, today)}",
    ]
    if mc is not None:
        lines.append(f"  {uncertainty_sentence(mc)} ({mc.samples:,} samples, seed {mc.seed})")
    lines.append(f"  {breakeven_sentence(ev)}")
    lines += ["", "  Blocks (cost per active user-month, share of it):"]
    width = max((len(b.name) for b in ev.blocks), default=0)
    width = min(width, 40)
    for b in sorted(ev.blocks, key=lambda b: -b.cost_per_user_month):
        name = b.name if len(b.name) <= 40 else b.name[:39] + "…"
        state = "" if b.enabled else "  (disabled)"
        lines.append(
            f"    {name:<{width}}  {format_money(b.cost_per_user_month):>14}  "
            f"{format_percent(b.share):>5}{state}"
        )
    if not ev.blocks:
        lines.append("    (no blocks)")
    if sens:
        lines += ["", "  Most sensitive assumptions (orders of magnitude at low / high):"]
        for r in sens[:5]:
            change = ""
            if r.better_at is not None and r.better_verdict is not None:
                change = f"; {r.better_verdict.short.lower()} at {r.value_text(r.better_at)}"
            lines.append(
                f"    {r.label}: {r.value_text(r.low)} -> {format_orders(r.oom_low)}, {r.value_text(r.high)} -> "
                f"{format_orders(r.oom_high)}{change}"
            )
    if ev.warnings:
        lines += ["", "  Warnings:"] + [f"    - {w}" for w in ev.warnings]
    return "\n".join(lines) + "\n"
