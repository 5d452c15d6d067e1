"""The headless command line (contract section 5): ``evaluate``, ``score``, ``catalog``, ``scenarios``,
``schema``, ``fit``, ``prices`` and ``solve`` (core/cli_solve.py).

None of these import Qt. Exit status: 0 success, 2 invalid input (one readable message on stderr naming
the file and field), 1 an internal error (which wins over 2). No traceback reaches a user unless
``COMPUTECURVE_DEBUG=1`` asks for it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from core.cli_args import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
)
from core.cli_args import (
    Parser as _Parser,
)
from core.cli_args import (
    iso_date as _iso_date,
)
from core.cli_args import (
    positive_int as _positive_int,
)
from core.cli_args import (
    seed as _seed,
)
from core.errors import PitchError

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "_Parser",
    "add_headless_commands",
    "build_parser",
    "main",
    "run",
]


def add_headless_commands(sub: Any) -> None:
    """Register the headless subcommands on an argparse subparsers object."""
    p = sub.add_parser("evaluate", help="print the evaluation of a pitch file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--samples", type=_positive_int, default=20_000, help="Monte Carlo samples (20,000)")
    p.add_argument("--seed", type=_seed, default=0, help="Monte Carlo seed (0)")
    p.add_argument("--as-of", type=_iso_date, help="price the pitch on this date instead of its own")
    p.add_argument("--scenario", help="use this built-in decline scenario instead of the pitch's")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("score", help="score many pitch files (folders are searched for *.json)")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--csv", metavar="PATH", help="write the scores as CSV ('-' for standard output)")
    p.add_argument(
        "--as-of",
        type=_iso_date,
        help="score every pitch on this date, like for like: each block at the cheapest model of at least "
        "its capability then (a fair comparison)",
    )
    p.add_argument(
        "--own-models",
        action="store_true",
        help="with --as-of: keep every block's own model at its price on that date (no like-for-like models)",
    )
    p.add_argument("--scenario", help="score every pitch under this built-in scenario")
    p.add_argument("--pdf", metavar="DIR", help="also write a one-page PDF per pitch into DIR")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("catalog", help="list catalog models with their prices at a date and their source")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--as-of", type=_iso_date, help="prices in force on this date (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("scenarios", help="list the decline scenarios with their factors and sources")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("schema", help="print the pitch file's JSON Schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("fit", help="fit an annual decline factor to dated prices: DATE=PRICE ...")
    p.add_argument("points", nargs="+", metavar="DATE=PRICE")
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser("prices", help="write prices from a LiteLLM JSON or CSV price table into a pitch")
    p.add_argument("table")
    p.add_argument("file")
    p.add_argument("--out", help="write the updated pitch here (default: only show what would change)")
    p.set_defaults(func=cmd_prices)

    __import__("core.cli_solve").cli_solve.add_solve_command(sub)  # docs/contract.md 6.4 (core/cli_solve.py)
    __import__("core.cli_prices").cli_prices.add_price_commands(sub)  # update-prices, claims (contract 6.5)


def build_parser() -> argparse.ArgumentParser:
    """The parser for the headless commands alone (the desktop adds ``open``)."""
    parser = _Parser(
        prog="computecurve", description="At what compute price does an AI product become viable?"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    add_headless_commands(sub)
    return parser


def _scenario_arg(name: str | None) -> Any:
    if name is None:
        return None
    from core.scenarios import builtin_scenarios

    scenarios = builtin_scenarios()
    if name not in scenarios:
        raise PitchError(
            f"unknown scenario {name!r}; built-in ids: {', '.join(scenarios)}", field="--scenario"
        )
    return scenarios[name]


def _today() -> date:
    """Today's date: the one place the command line reads the clock (tests replace it)."""
    return date.today()


def cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from core.analysis import analyse, with_monte_carlo
    from core.pitch_io import load_pitch
    from core.report import evaluation_document, evaluation_text

    pitch = load_pitch(args.file)
    today = _today()
    analysis = analyse(pitch, as_of=args.as_of, scenario=_scenario_arg(args.scenario), today=today)
    if analysis.error is not None:
        raise analysis.error.with_file(args.file)
    analysis = with_monte_carlo(analysis, args.samples, args.seed, charts=False)  # it prints no chart
    ev, mc, sens = analysis.evaluation, analysis.uncertainty, list(analysis.sensitivity)
    assert ev is not None
    if args.json:
        doc = evaluation_document(ev, mc, sens, today=today)
        json.dump(doc, out, indent=2, ensure_ascii=False, allow_nan=False)
        out.write("\n")
    else:
        out.write(evaluation_text(ev, mc, sens, today=today))
    return EXIT_OK


def cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from core.formatting import format_orders
    from core.pitch_io import atomic_write_bytes
    from core.scoring import score_paths, scores_csv
    from core.wording import arrival_phrase, cost_vs_budget

    today = _today()

    scenario = _scenario_arg(args.scenario)
    like_for_like = not getattr(args, "own_models", False)
    rows = list(score_paths(args.paths, as_of=args.as_of, scenario=scenario, like_for_like=like_for_like))
    if not rows:
        raise PitchError("no pitch files found (a folder is searched for *.json)", field="FILE_OR_DIR")
    if args.csv:
        text = scores_csv(rows)
        if args.csv == "-":
            out.write(text)
        else:
            try:
                atomic_write_bytes(args.csv, text.encode("utf-8"))
            except OSError as exc:
                raise PitchError(f"cannot write {args.csv}: {exc.strerror or exc}", field="--csv") from None
    if args.pdf:
        writer = getattr(args, "pdf_writer", None)
        if writer is None:
            raise PitchError("PDF export needs the desktop package, which is not installed", field="--pdf")
        writer(rows, Path(args.pdf))
    if args.csv != "-":
        ranked = sorted(
            rows,
            key=lambda r: (
                r.evaluation is None,
                r.evaluation.orders_of_magnitude or -99 if r.evaluation else 0,
            ),
        )
        for row in ranked:
            ev = row.evaluation
            if ev is None:
                out.write(f"{row.file}: ERROR {row.error}\n")
                continue
            out.write(
                f"{row.file}: {ev.verdict.short} · {format_orders(ev.orders_of_magnitude)} OOM · "
                f"{cost_vs_budget(ev)} · {arrival_phrase(ev, today)} · as of {ev.as_of.isoformat()}\n"
            )
            for note in row.notes:
                out.write(f"    like for like: {note}\n")
            for warning in ev.warnings:
                out.write(f"    warning: {warning}\n")
        if args.csv:
            out.write(f"wrote {len(rows)} rows to {args.csv}\n")
    if any(r.internal_error for r in rows):
        return EXIT_INTERNAL
    if any(r.evaluation is None for r in rows):
        bad = sum(r.evaluation is None for r in rows)
        sys.stderr.write(f"computecurve score: {bad} of {len(rows)} files could not be scored\n")
        return EXIT_INVALID
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    from core.catalog import default_catalog

    catalog = default_catalog()
    day = args.as_of or date.today()
    entries = catalog.entries(args.query, day)
    if args.json:
        json.dump(
            {
                "catalog_version": catalog.version,
                "as_of": day.isoformat(),
                "models": [
                    {
                        "id": e.model_id,
                        "name": e.name,
                        "prices": e.price.fields if e.price else None,
                        "tiers": [{"above_input_tokens": a, **f} for a, f in e.price.tiers]
                        if e.price
                        else [],
                        "source": e.price.source if e.price else None,
                        "error": e.error or None,
                    }
                    for e in entries
                ],
            },
            out,
            indent=2,
        )
        out.write("\n")
        return EXIT_OK
    out.write(f"{catalog.version} · prices in force {day.isoformat()} (USD per million tokens)\n")
    shown = 0
    for e in entries:
        if e.price is None:
            if args.query:
                out.write(f"  {e.model_id}: {e.error}\n")
            continue
        f = e.price.fields
        if "input_per_mtok" not in f and "output_per_mtok" not in f:
            continue
        parts = [
            f"in {f['input_per_mtok']:g}" if "input_per_mtok" in f else "in ?",
            f"out {f['output_per_mtok']:g}" if "output_per_mtok" in f else "out ?",
        ]
        if "cached_input_per_mtok" in f:
            parts.append(f"cached {f['cached_input_per_mtok']:g}")
        if e.price.tiers:
            parts.append("+tiers")
        out.write(f"  {e.model_id:<50} {' · '.join(parts):<40} {e.price.source}\n")
        shown += 1
    out.write(f"{shown} models\n")
    return EXIT_OK


def cmd_scenarios(args: argparse.Namespace, out: TextIO) -> int:
    from core.scenarios import builtin_scenarios

    scenarios = builtin_scenarios()
    if args.json:
        json.dump(
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "annual_decline_low": s.annual_decline_low,
                    "annual_decline_high": s.annual_decline_high,
                    "annual_decline_central": s.annual_decline_central,
                    "source": s.source,
                    "notes": s.notes,
                }
                for s in scenarios.values()
            ],
            out,
            indent=2,
        )
        out.write("\n")
        return EXIT_OK
    for s in scenarios.values():
        out.write(
            f"{s.id:<20} {s.annual_decline_low:.4g}x-{s.annual_decline_high:.4g}x per year "
            f"(10x every {s.months_per_10x_fast:.1f}-{s.months_per_10x_slow:.1f} months)\n"
            f"{'':<20} {s.name}\n{'':<20} source: {s.source}\n"
        )
        if s.id == "epoch-gpt4-mmlu":
            out.write(f"{'':<20} note: a published 90% interval, used here as hard bounds\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from core.pitch import Pitch

    schema = Pitch.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Compute Curve pitch (computecurve.pitch, schema_version 1)"
    json.dump(schema, out, indent=2)
    out.write("\n")
    return EXIT_OK


def cmd_fit(args: argparse.Namespace, out: TextIO) -> int:
    from core.scenarios import fit_decline

    points = []
    for i, text in enumerate(args.points):
        day_text, sep, price_text = text.partition("=")
        try:
            day = date.fromisoformat(day_text)
            price = float(price_text)
        except ValueError:
            raise PitchError(
                f"{text!r} is not DATE=PRICE (e.g. 2023-03-14=36)", field=f"points[{i}]"
            ) from None
        if not sep or not price > 0 or price == float("inf"):
            raise PitchError(f"{text!r}: the price must be a positive number", field=f"points[{i}]")
        points.append((day, price))
    try:
        fit = fit_decline(points)
    except ValueError as exc:
        raise PitchError(str(exc), field="points") from None
    out.write(
        f"{fit.annual_factor:.3f}x cheaper per year ({fit.annual_decline_fraction:.0%} annual decline) "
        f"from {fit.points} prices"
        + (f"; R² {fit.r_squared:.3f}" if fit.r_squared is not None else "")
        + "\n"
    )
    return EXIT_OK


def cmd_prices(args: argparse.Namespace, out: TextIO) -> int:
    from core.pitch_io import load_pitch, save_pitch
    from core.user_prices import apply_user_prices, load_price_table

    table = load_price_table(Path(args.table))
    pitch = load_pitch(args.file)
    new_pitch, changes = apply_user_prices(pitch, table)
    if not changes:
        out.write("no block's model is in the table: nothing would change\n")
    for c in changes:
        out.write(f"{c.describe()}\n")
    if args.out:
        save_pitch(new_pitch, args.out)
        out.write(f"wrote {args.out}\n")
    return EXIT_OK


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a parsed headless command, mapping errors to exit codes and readable messages."""
    func: Callable[[argparse.Namespace, TextIO], int] = args.func
    try:
        return func(args, out or sys.stdout)
    except PitchError as exc:
        sys.stderr.write(f"computecurve {args.command}: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("COMPUTECURVE_DEBUG") == "1":
            traceback.print_exc()
        sys.stderr.write(
            f"computecurve {args.command}: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "Compute Curve; run with COMPUTECURVE_DEBUG=1 for details.\n"
        )
        return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the headless commands alone (``python -m core``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INVALID
    return run(args)
