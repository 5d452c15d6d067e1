"""``computecurve solve FILE --for FIELD [--by DATE] [--json]``: goal seek (docs/contract.md 6.4).

Prints the value of FIELD that makes the pitch viable today, or by DATE at the scenario's slow decline
(:func:`core.solve.solve`). "No value within the field's bounds" is an answer (exit 0, ``value`` null and a
``reason``); an unknown FIELD or a bad file is exit 2; a solution that fails its own check is exit 1.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from core.cli_args import EXIT_OK, iso_date, positive_int, seed
from core.errors import PitchError
from core.formatting import format_quantity


def add_solve_command(sub: Any) -> None:
    """Register ``solve`` on an argparse subparsers object."""
    p = sub.add_parser("solve", help="the value of one field that makes the pitch viable (goal seek)")
    p.add_argument("file")
    p.add_argument(
        "--for",
        dest="field",
        required=True,
        metavar="FIELD",
        help="price_per_user_month, target_gross_margin, blocks[0].output_tokens, "
        "blocks[0].price.input_per_mtok, deployments[0].utilisation, decline, ...",
    )
    p.add_argument("--by", type=iso_date, help="viable by this date at the slow decline (default: today)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--samples", type=positive_int, default=20_000, help="Monte Carlo samples (20,000)")
    p.add_argument("--seed", type=seed, default=0, help="Monte Carlo seed (0)")
    p.set_defaults(func=cmd_solve)


def cmd_solve(args: argparse.Namespace, out: TextIO) -> int:
    from core.pitch_io import load_pitch
    from core.solve import solve

    pitch = load_pitch(args.file)
    try:
        solution = solve(pitch, args.field, args.by, samples=args.samples, seed=args.seed)
    except PitchError as exc:
        raise exc.with_file(args.file) from None
    if args.json:
        json.dump(solution.document(), out, indent=2, ensure_ascii=False, allow_nan=False)
        out.write("\n")
    else:
        out.write(solution_text(solution, pitch.name))
    return EXIT_OK


def solution_text(s: Any, name: str) -> str:
    """The human-readable answer of ``solve``."""
    from core.solve import value_text

    when = f"by {s.by.isoformat()} at the slow decline" if s.by else "today"
    lines = [
        f"{name} · as of {s.as_of.isoformat()}",
        f"Solve for: {s.label} ({s.field}), now {value_text(s.spec, s.current)}",
        f"Target: viable {when}: required drop <= {format_quantity(s.target_drop)}"
        f" (today it is {format_quantity(s.required_drop)})",
    ]
    if s.value is None:
        lines.append(f"Answer: no value within its bounds: {s.reason}")
    else:
        change = s.relative_change
        shown = f" ({'+' if change > 0 else ''}{change:.0%})" if change is not None and change != 0 else ""
        lines.append(f"Answer: {s.viable_values_text}{shown} [{s.method}]; exact boundary {s.value!r}")
        if s.note:
            lines.append(f"  note: {s.note}")
        ev = s.evaluation
        if ev is not None and s.field == "decline":
            lines.append(
                f"  with it: the slow decline gives {format_quantity(s.value**s.years)}x by then; "
                f"the pitch needs {format_quantity(ev.required_drop)}x"
            )
        elif ev is not None:
            arrival = (
                f"; viable at the slow decline from {ev.arrival.latest.isoformat()}"
                if s.by and ev.arrival.latest
                else ""
            )
            lines.append(
                f"  with it: required drop {format_quantity(ev.required_drop)} · {ev.verdict.short}{arrival}"
            )
    if s.probabilities:
        parts = [
            f"{p.probability:.0%} at {value_text(s.spec, p.value) if p.value is not None else 'no value'}"
            for p in s.probabilities
        ]
        lines.append(
            f"Monte Carlo ({s.samples:,} samples, seed {s.seed}): P(viable {'by ' + s.by.isoformat() if s.by else 'today'}) reaches "
            + ", ".join(parts)
        )
        reasons = list(dict.fromkeys(p.reason for p in s.probabilities if p.value is None and p.reason))
        lines += [f"  {r}" for r in reasons]
    return "\n".join(lines) + "\n"
