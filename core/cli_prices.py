"""Commands about the price data and what it says: ``update-prices`` (contract 6.5) and ``claims``.

Registered from ``core.cli`` with one line (:func:`add_price_commands`). Like every headless command, no Qt and
no network: ``update-prices FILE`` installs a genai-prices data file the user already has.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from core.errors import PitchError

EXIT_OK = 0


def add_price_commands(sub: Any) -> None:
    """Register ``update-prices`` and ``claims`` on an argparse subparsers object."""
    p = sub.add_parser(
        "update-prices",
        help="install a genai-prices data file (offline) as the catalog's current prices; --reset, --show",
        description=(
            "Install a genai-prices data file (the JSON genai-prices publishes for its own updates, "
            "prices/new_data/v2/data.json in its repository) into your data folder. It is validated first; a "
            "bad file changes nothing. Nothing is downloaded."
        ),
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("file", nargs="?", help="the genai-prices data file to install")
    what.add_argument("--reset", action="store_true", help="return to the data bundled with genai-prices")
    what.add_argument("--show", action="store_true", help="print which price data is in use")
    p.add_argument("--json", action="store_true", help="print the price data in use as one JSON object")
    p.set_defaults(func=cmd_update_prices)

    p = sub.add_parser(
        "claims",
        help="the seed essay's claims C1-C10: what the app computes, holds / fails / depends, and the condition",
    )
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(func=cmd_claims)


def _info_document(info: Any) -> dict[str, Any]:
    return {
        "catalog_version": info.version,
        "catalog": info.catalog,
        "data_date": info.data_date.isoformat(),
        "history_date": info.history_date.isoformat(),
        "updated": info.updated,
        "file": str(info.file) if info.file else None,
        "sha256": info.sha256,
        "installed_on": info.installed_on.isoformat() if info.installed_on else None,
        "source_name": info.source_name,
        "providers": info.providers,
        "models": info.models,
        "problem": info.problem or None,
    }


def cmd_update_prices(args: argparse.Namespace, out: TextIO) -> int:
    from core.price_data import install_price_data, price_data_info, reset_price_data

    before = price_data_info()
    if args.reset:
        info = reset_price_data()
        said = "back to the bundled price data" if before.updated else "already on the bundled price data"
    elif args.show:
        info, said = before, ""
    else:
        if not args.file:
            raise PitchError("give a genai-prices data file, --reset or --show", field="FILE")
        info = install_price_data(args.file)
        said = f"installed {args.file}"
        if info.data_date < before.data_date:
            said += (
                f" (note: its prices go to {info.data_date.isoformat()}, older than the data it replaces, "
                f"{before.data_date.isoformat()}; `computecurve update-prices --reset` returns to the bundled data)"
            )
    if args.json:
        json.dump(_info_document(info), out, indent=2)
        out.write("\n")
        return EXIT_OK
    if said:
        out.write(said + "\n")
    out.write(info.describe() + "\n")
    return EXIT_OK


def cmd_claims(args: argparse.Namespace, out: TextIO) -> int:
    from core.claims import claims_document, claims_text, evaluate_claims

    results = evaluate_claims()
    if args.json:
        json.dump(claims_document(results), out, indent=2, ensure_ascii=False, allow_nan=False)
        out.write("\n")
    else:
        out.write(claims_text(results))
    return EXIT_OK
