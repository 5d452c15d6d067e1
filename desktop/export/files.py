"""Files the exports write: the charts as PNG, one PDF per scored memo, and safe names for them."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.catalog import default_catalog
from core.errors import PitchError
from core.pitch_io import atomic_write_bytes, load_pitch
from desktop.export.memo import memo_of_pitch
from desktop.export.pdf import MemoChart, pdf_bytes

if TYPE_CHECKING:
    from core.scoring import ScoreRow
    from desktop.charts.base import ChartBase


def export_chart_pngs(charts: Sequence[ChartBase], folder: str | os.PathLike[str], stem: str) -> list[Path]:
    """Each chart as ``<stem>-<chart>.png`` in ``folder`` (through the chart's own ``export_png``)."""
    root = Path(folder)
    base = safe_stem(stem)
    out = []
    for chart in charts:
        path = root / f"{base}-{chart.export_name}.png"
        chart.export_png(path)
        out.append(path)
    return out


_UNSAFE = re.compile(r"[^\w.\- ]", re.UNICODE)
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
MAX_STEM_CHARS = 120


def safe_stem(file_name: str) -> str:
    """A file name's stem made safe to write anywhere: no folder part, no separators, no leading dot.

    ``memo7.pitch.json`` -> ``memo7``; ``..`` -> ``pitch``; ``a\\b:c`` -> ``a_b_c``. Only the last path
    component is used, and only word characters, dots, dashes and spaces are kept.
    """
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    lower = name.lower()
    for suffix in (".pitch.json", ".json"):
        if lower.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    stem = _UNSAFE.sub("_", name).strip(" .")
    stem = stem.lstrip(".-")[:MAX_STEM_CHARS].rstrip(" .")
    if not stem:
        stem = "pitch"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem


def _unique(stem: str, used: set[str]) -> str:
    candidate, n = stem, 2
    while candidate.casefold() in used:  # case-insensitive file systems (macOS, Windows) collide too
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate.casefold())
    return candidate


def pdf_paths(files: Sequence[str], folder: Path) -> list[Path]:
    """The PDF path for each file, in order: ``folder/<stem>.pdf``, unique, always directly in ``folder``."""
    used: set[str] = set()
    out = []
    for f in files:
        path = folder / f"{_unique(safe_stem(f), used)}.pdf"
        if path.parent != folder or path.name in ("", ".", ".."):  # cannot happen after safe_stem
            raise AssertionError(f"unsafe PDF name for {f!r}")
        out.append(path)
    return out


def write_pitch_pdfs(rows: Sequence[ScoreRow], folder: Path) -> None:
    """One memo PDF per scored file into ``folder``, named from the file's name (never the pitch's).

    Rows with an error are skipped. The files are analysed at the rows' own date and scenario (the
    ``--as-of`` and ``--scenario`` of the score), with their Monte Carlo, in this process: the command line
    has no analysis service and no window to keep responsive. Nothing is written outside ``folder``.

    Raises
    ------
    PitchError
        When the folder cannot be created or a PDF cannot be written (``field`` is ``--pdf``).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PitchError(f"cannot create the folder {folder}: {exc.strerror or exc}", field="--pdf") from None
    good = [r for r in rows if r.evaluation is not None]
    if not good:
        return
    catalog = default_catalog()
    paths = pdf_paths([r.file for r in good], folder)
    chart = MemoChart()
    try:
        for row, path in zip(good, paths, strict=True):
            ev = row.evaluation
            assert ev is not None
            try:
                data = memo_of_pitch(load_pitch(row.file), catalog, as_of=ev.as_of, scenario=ev.scenario)
            except PitchError as exc:  # the file changed since it was scored
                sys.stderr.write(f"computecurve score: no PDF for {row.file}: {exc}\n")
                continue
            try:
                atomic_write_bytes(path, pdf_bytes(data, chart=chart))
            except OSError as exc:
                raise PitchError(f"cannot write {path}: {exc.strerror or exc}", field="--pdf") from None
    finally:
        chart.close()
