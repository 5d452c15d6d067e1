"""What every command line module shares: exit codes, the parser that exits 2 on a usage error, and the
argument types (dates, sample counts, seeds). Its own module so that command modules (``core/cli_solve.py``,
``core/cli_prices.py``) and ``core/cli.py`` never import each other in a circle."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code for usage errors is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: {message}\n")


def iso_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD") from None
    if not date(2000, 1, 1) <= day <= date(2099, 12, 31):  # the same bounds as a pitch's own as_of
        raise argparse.ArgumentTypeError(f"{text} is outside 2000-01-01..2099-12-31")
    return day


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1 or value > 10_000_000:
        raise argparse.ArgumentTypeError(f"{value} is outside 1..10,000,000")
    return value


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a seed must be 0 or more")
    return value
