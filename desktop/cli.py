"""The ``computecurve`` command: the desktop app, plus the headless commands of ``core.cli``.

This module imports no Qt at module level: ``evaluate``, ``score`` and the others run on servers with no
display. Only ``open`` (and no command at all) and commands asked to render (``score --pdf``) load Qt,
and a render uses the offscreen platform.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.cli import EXIT_INVALID, _Parser, add_headless_commands, run


def _pdf_writer(rows: Sequence[Any], folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.export.files import write_pitch_pdfs

    write_pitch_pdfs(rows, folder)


def build_parser() -> _Parser:
    parser = _Parser(
        prog="computecurve",
        description="At what compute price does an AI product become viable? "
        "With no command, opens the desktop app on the last document or the default pitch.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    p = sub.add_parser("open", help="open the desktop app on FILE")
    p.add_argument("file", nargs="?")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    p.add_argument("--view", default="main", help="with --screenshot: which screen to render")
    p.add_argument("--size", default="1600x1000", help="with --screenshot: window size WxH")
    p.add_argument(
        "--theme", choices=("system", "light", "dark"), help="colour theme (default: the saved one)"
    )
    add_headless_commands(sub)
    sub.choices["score"].set_defaults(pdf_writer=_pdf_writer)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "open"):
        if getattr(args, "screenshot", None):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        else:
            # Qt aborts the process (exit 134) when it finds no display or misses a library: say so first.
            from desktop.display import display_problem, program_name

            args_given = list(sys.argv[1:] if argv is None else argv)
            problem = display_problem([program_name(sys.argv[0]), *args_given])
            if problem is not None:
                sys.stderr.write(problem + "\n")
                return EXIT_INVALID
        from desktop.app import run_app

        return run_app(
            file=getattr(args, "file", None),
            screenshot=getattr(args, "screenshot", None),
            view=getattr(args, "view", "main"),
            size=getattr(args, "size", "1600x1000"),
            theme=getattr(args, "theme", None),
        )
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INVALID
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
